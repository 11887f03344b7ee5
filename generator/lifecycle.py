"""The values and schedules of the documents made for a main contract during its life.

An information-security agreement, an integrity agreement, a power of attorney, a change agreement (its
figures recomputed from the main contract's) and a termination agreement (its settlement summed exactly,
its handover list).

The requests are checked against the main contract in ``generator.request``; here they are turned into what
the clause texts print.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from clause_library.figures import format_figures
from clause_library.models import Lang

from .request import (
    ChangeAgreementRequest,
    FamilyDocument,
    HandoverCategory,
    LocalText,
    PowerOfAttorneyRequest,
    SecurityAgreementRequest,
    ServiceLevel,
    Settlement,
    TerminationAgreementRequest,
    TerminationGround,
    schedule_percents,
)
from .schedules import Cell, Table, payment_table, personal_information_table
from .values import article_number, format_date, format_money, format_percent, schedule_number

__all__ = ["SettlementFigures", "family_document_values", "family_tables", "settle"]

# The room a handover row leaves for the recipient's signature and the date received (cm).
_SIGNATURE_CM, _DATE_CM = 3.0, 2.4
# The schedules of a change agreement and of a termination agreement, in their order.
REVISED_PAYMENT, SETTLEMENT, HANDOVER = "schedule.revised_payment", "schedule.settlement", "schedule.handover"
REVISED_LEVELS, REVISED_PI = "schedule.revised_service_levels", "schedule.revised_personal_information"


@dataclass(frozen=True)
class SettlementFigures:
    """A settlement's totals and its balance: positive, the client pays the vendor; negative, the vendor pays
    the client; every figure exact to the fen (the request's amounts have at most two decimals)."""

    fees: Decimal
    paid: Decimal
    deductions: Decimal
    damages: Decimal
    deposits: Decimal

    @property
    def balance(self) -> Decimal:
        return self.fees - self.paid - self.deductions - self.damages + self.deposits


def settle(s: Settlement) -> SettlementFigures:
    """The totals of ``s``: sums of exact decimals, no rounding anywhere."""
    def total(lines: list[Any]) -> Decimal:
        return sum((x.amount for x in lines), Decimal(0))

    return SettlementFigures(total(s.fees_earned), s.paid, total(s.deductions), total(s.liquidated_damages),
                             total(s.deposits_returned))


def _role(client: bool, lang: Lang) -> str:
    return ("甲方" if client else "乙方") if lang is Lang.zh else ("the Client" if client else "the Vendor")


def _paragraph_ref(ref: str, lang: Lang) -> str:
    """"12" → 第十二条 / Article 12; "12.2" → 第12.2款 / Clause 12.2 (as the main contract numbers them)."""
    if "." not in ref:
        return article_number(int(ref), lang)
    return f"第{ref}款" if lang is Lang.zh else f"Clause {ref}"


def family_document_values(req: FamilyDocument, lang: Lang) -> dict[str, Any]:
    """What the clauses of a family document print besides the main contract's common values (its number, title,
    term and articles: ``standard_values.main_contract_values``)."""
    mc = req.main_contract
    v: dict[str, Any] = {}
    sep = "、" if lang is Lang.zh else ", "
    v["main_amended_by"] = sep.join(mc.amended_by)  # the change agreements already part of it
    currency = mc.price.currency if mc.price is not None else "CNY"
    if isinstance(req, SecurityAgreementRequest):
        v["systems"] = [s.get(lang) for s in req.systems]
        v["data_scope"] = [d.get(lang) for d in req.data_scope]
        level = req.protection_level
        v["protection_level"] = "" if level is None else (
            f"第{'一二三四五'[level - 1]}级" if lang is Lang.zh else f"Level {level}")
    elif isinstance(req, PowerOfAttorneyRequest):
        client = req.principal == "client"
        principal, other = (req.client, req.vendor) if client else (req.vendor, req.client)
        v["principal"] = principal.values(lang)
        v["counterparty"] = other.values(lang)
        v["principal_role"] = _role(client, lang)
        v["agent"] = {"name": req.agent.name.get(lang), "id_number": req.agent.id_number,
                      "position": req.agent.position.get(lang), "phone": req.agent.phone}
        v["valid_from"] = format_date(req.valid_from, lang)
        v["valid_until"] = format_date(req.valid_until, lang)
        main = (f"《{mc.title.get(lang)}》（合同编号：{mc.contract_no}）" if lang is Lang.zh
                else f"the {mc.title.get(lang)} (Contract No. {mc.contract_no})")
        v["authorised_documents"] = [main, *(d.get(lang) for d in req.documents)]
    elif isinstance(req, ChangeAgreementRequest):
        v |= _change_values(req, lang, currency)
    elif isinstance(req, TerminationAgreementRequest):
        v |= _termination_values(req, lang, currency)
    return v


def _change_values(req: ChangeAgreementRequest, lang: Lang, currency: str) -> dict[str, Any]:
    mc = req.main_contract
    changed = {c.article.strip() for c in req.changes}
    v: dict[str, Any] = {
        "change_reason": req.reason.get(lang),
        "changes": [{"ref": _paragraph_ref(c.article.strip(), lang),
                     "old": _quoted(mc.texts[c.article.strip()][lang].replace("\n", " "), lang),
                     "new": _quoted(c.new.get(lang), lang)}
                    for c in req.changes],
        "price_basis": req.price_basis.get(lang) if req.price_basis is not None else "",
        # the other paragraphs of the main contract that state the old end of term or the old price: changed with it
        "term_end_in": "",
        "price_in": "",
        "price_changed": req.price is not None,
        "schedule_changed": req.payment_schedule is not None,
        "term_changed": req.term_end is not None,
        "levels_changed": req.service_levels is not None,
        "pi_changed": req.personal_information is not None,
        "term_start": format_date(mc.term.start, lang),
        "term_end_old": format_date(mc.term.end, lang),
        "term_end_new": format_date(req.term_end or mc.term.end, lang),
    }
    # a change that leaves the price alone prints none of these (cond: price_changed), but they are defined
    v |= dict.fromkeys(("price_old", "price_new", "price_delta", "new_price_net", "new_price_vat", "new_price_gross",
                        "tax_rate"), "")
    v |= {"price_increases": False, "tax_inclusive": False}
    if req.term_end is not None:
        v["term_end_in"] = _stating(mc, format_date(mc.term.end, lang), lang,
                                    changed | {_article_of(mc, "service_term")})
    if req.price is not None and mc.price is not None:
        old = format_money(mc.price.amount, currency, lang)
        v["price_in"] = _stating(mc, old, lang, changed | {_article_of(mc, "price")})
        delta = req.price - mc.price.amount
        v |= {"price_old": old, "price_new": format_money(req.price, currency, lang),
              "price_delta": format_money(abs(delta), currency, lang), "price_increases": delta > 0}
        split = mc.price.model_copy(update={"amount": req.price}).vat_split()
        v |= {f"new_{k}": format_money(x, currency, lang) for k, x in split.items()}
        v["tax_rate"] = format_percent(mc.price.tax_rate)
        v["tax_inclusive"] = mc.price.tax_inclusive
    return v


def _quoted(text: str, lang: Lang) -> str:
    """Text to be quoted in Chinese quotation marks: its own “…” become ‘…’ (a quotation within a quotation)."""
    return text.replace("“", "‘").replace("”", "’") if lang is Lang.zh else text.replace('"', "'")


def _article_of(mc: Any, category: str) -> str:
    number = mc.articles.get(category)
    return "" if number is None else str(number)


def _stating(mc: Any, value: str, lang: Lang, skip: set[str]) -> str:
    """The numbered paragraphs of the main contract (as cited: 第3.1款、第14.5款) whose text states ``value``, other
    than those in ``skip`` (changed already, or within an article in ``skip``); "" when none."""
    refs = []
    for ref, texts in mc.texts.items():
        if "." not in ref or ref in skip or ref.split(".")[0] in skip or value not in texts.get(lang, ""):
            continue
        refs.append(_paragraph_ref(ref, lang))
    return ("、" if lang is Lang.zh else ", ").join(refs)


# The words for a ground of early termination.
_GROUNDS = {
    TerminationGround.mutual_agreement: ("双方协商一致", "the Parties' mutual agreement"),
    TerminationGround.client_convenience: ("甲方依主合同的约定提前终止", "the Client's termination for convenience "
                                                               "under the Main Contract"),
    TerminationGround.vendor_breach: ("乙方违约", "the Vendor's breach"),
    TerminationGround.client_breach: ("甲方违约", "the Client's breach"),
    TerminationGround.force_majeure: ("不可抗力", "force majeure"),
}


def _termination_values(req: TerminationAgreementRequest, lang: Lang, currency: str) -> dict[str, Any]:
    f = settle(req.settlement)
    zh = lang is Lang.zh
    ground = _GROUNDS[req.ground][0 if zh else 1] if req.ground is not None else ""
    balance = f.balance
    return {
        "termination": req.termination.value,
        "ground": req.ground.value if req.ground is not None else "",
        "ground_text": ground,
        "ground_detail": req.ground_detail.get(lang) if req.ground_detail is not None else "",
        "termination_date": format_date(req.termination_date, lang),
        "fees_total": format_money(f.fees, currency, lang),
        "paid_total": format_money(f.paid, currency, lang) if f.paid else "",
        "deductions_total": format_money(f.deductions, currency, lang) if f.deductions else "",
        "damages_total": format_money(f.damages, currency, lang) if f.damages else "",
        "deposits_total": format_money(f.deposits, currency, lang) if f.deposits else "",
        "balance": format_money(abs(balance), currency, lang),
        "balance_payer": "" if not balance else _role(balance > 0, lang),
        "balance_due_days": req.settlement.due_days,
        "handover_date": format_date(req.handover.date, lang),
    }


def _lab(labels: dict[str, dict[Lang, str]], langs: list[Lang], key: str) -> Cell:
    return {lang: labels[key][lang] for lang in langs}


def _title(labels: dict[str, dict[Lang, str]], langs: list[Lang], n: int, schedule_id: str) -> Cell:
    return {lang: f"{schedule_number(n, lang)} {labels[schedule_id.replace('.', '_')][lang]}" for lang in langs}


def family_tables(req: FamilyDocument, langs: list[Lang], labels: dict[str, dict[Lang, str]]) -> list[Table]:
    """A change agreement's payment schedule as changed; a termination's settlement and handover list."""
    mc = req.main_contract
    if isinstance(req, ChangeAgreementRequest):
        tables: list[Table] = []
        if req.payment_schedule is not None and mc.price is not None:
            total = req.price if req.price is not None else mc.price.amount
            percents = schedule_percents(req.payment_schedule, total)
            tables.append(payment_table(req.payment_schedule, percents, total, mc.price.currency, langs, labels,
                                        _title(labels, langs, len(tables) + 1, REVISED_PAYMENT), REVISED_PAYMENT))
        if req.service_levels is not None:
            tables.append(_levels_table(req.service_levels, langs, labels,
                                        _title(labels, langs, len(tables) + 1, REVISED_LEVELS)))
        if req.personal_information is not None:
            table = personal_information_table(req.personal_information, langs, labels,
                                               _title(labels, langs, len(tables) + 1, REVISED_PI))
            tables.append(replace(table, schedule_id=REVISED_PI))
        return tables
    if isinstance(req, TerminationAgreementRequest):
        currency = mc.price.currency if mc.price is not None else "CNY"
        return [_settlement_table(req, langs, labels, currency), _handover_table(req, langs, labels)]
    return []


def _levels_table(levels: list[ServiceLevel], langs: list[Lang], labels: dict[str, dict[Lang, str]],
                  title: Cell) -> Table:
    """The service levels as changed, one table in place of the main contract's 附件二 and 附件三: each indicator
    with its target, measurement, data source, weight, whether it is key, and its service credit."""
    def t(text: LocalText) -> Cell:
        return {lang: text.get(lang) for lang in langs}

    rows = [[dict.fromkeys(langs, str(i + 1)), t(s.metric), t(s.target), t(s.measurement), t(s.data_source),
             dict.fromkeys(langs, format_percent(s.weight)), _lab(labels, langs, "mark_yes" if s.key else "mark_no"),
             {lang: labels["credit_of_period_fees"][lang].format(pct=format_percent(s.credit)) for lang in langs}]
            for i, s in enumerate(levels)]
    return Table(title=title, header=[_lab(labels, langs, k) for k in (
        "col_no", "col_metric", "col_target", "col_measurement", "col_data_source", "col_weight", "col_key",
        "col_credit")], rows=rows, schedule_id=REVISED_LEVELS)


def _settlement_table(req: TerminationAgreementRequest, langs: list[Lang], labels: dict[str, dict[Lang, str]],
                      currency: str) -> Table:
    """清算确认书: each line in figures, each group's subtotal, and the balance in figures and capitals."""
    s, f = req.settlement, settle(req.settlement)
    rows: list[list[Cell]] = []

    def cell(text: str) -> Cell:
        return dict.fromkeys(langs, text)

    def figures(amount: Decimal) -> Cell:  # added or taken away as the group's label says (加 / 减)
        return cell(format_figures(amount))

    n = 0

    def group(key: str, lines: list[Any], subtotal: Decimal) -> None:
        nonlocal n
        for line in lines:
            n += 1
            rows.append([cell(str(n)), {lang: line.item.get(lang) for lang in langs}, figures(line.amount)])
        rows.append([cell(""), _lab(labels, langs, f"{key}_total"), figures(subtotal)])

    group("settle_fees", s.fees_earned, f.fees)
    rows.append([cell(""), _lab(labels, langs, "settle_paid"), figures(f.paid)])
    for key, lines, subtotal in (("settle_deductions", s.deductions, f.deductions),
                                 ("settle_damages", s.liquidated_damages, f.damages),
                                 ("settle_deposits", s.deposits_returned, f.deposits)):
        if lines:
            group(key, lines, subtotal)
    balance = f.balance
    direction = ("settle_balance_client_pays" if balance > 0 else "settle_balance_vendor_pays" if balance < 0
                 else "settle_balance_nil")
    rows.append([cell(""), _lab(labels, langs, direction),
                 {lang: format_money(abs(balance), currency, lang) for lang in langs}])
    notes = [{lang: labels["settle_formula"][lang] for lang in langs}]
    return Table(title=_title(labels, langs, 1, SETTLEMENT),
                 header=[_lab(labels, langs, k) for k in ("col_no", "col_item", "col_amount")],
                 rows=rows, schedule_id=SETTLEMENT, notes=notes)


def _handover_table(req: TerminationAgreementRequest, langs: list[Lang],
                    labels: dict[str, dict[Lang, str]]) -> Table:
    """交接清单: each item by category, with a receipt line (who received it, when) for each row."""
    order = list(HandoverCategory)
    items = sorted(req.handover.items, key=lambda i: order.index(i.category))
    rows = [[dict.fromkeys(langs, str(i + 1)), _lab(labels, langs, f"handover_{it.category.value}"),
             {lang: it.item.get(lang) for lang in langs}, dict.fromkeys(langs, it.quantity),
             dict.fromkeys(langs, ""), dict.fromkeys(langs, "")]
            for i, it in enumerate(items)]
    notes = [{lang: labels["handover_note"][lang].format(date=format_date(req.handover.date, lang)) for lang in langs}]
    return Table(title=_title(labels, langs, 2, HANDOVER),
                 header=[_lab(labels, langs, k) for k in ("col_no", "col_category", "col_item", "col_quantity",
                                                          "col_receiver", "col_received_on")],
                 rows=rows, schedule_id=HANDOVER, notes=notes, room_cm=(0, 0, 0, 0, _SIGNATURE_CM, _DATE_CM))
