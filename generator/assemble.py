"""Assembly: choose the clauses for a request, order and number them, render their texts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from jinja2 import TemplateError
from pydantic import BaseModel

from clause_library.errors import Problem, RenderError, RequestError
from clause_library.identifiers import mask_resident_id
from clause_library.loader import Library
from clause_library.models import SCHEDULES, Clause, Condition, DocumentKind, Lang, Placement, Status, VarType
from clause_library.sandbox import EMPHASIS, make_environment

from .lifecycle import family_document_values, family_tables
from .personal_data import listed_personal_information
from .request import (
    AnyRequest,
    FamilyDocument,
    Language,
    LocalText,
    NdaRequest,
    PledgeRequest,
    ServiceContractRequest,
    request_hash,
)
from .schedules import Table, schedule_tables
from .values import (
    article_number,
    coerce,
    format_date,
    format_money,
    format_percent,
    format_value,
    item_marker,
    schedule_reference,
)

__all__ = ["AnyRequest", "Article", "Assembled", "Para", "Table", "assemble"]

# Stands for the emphasis marker while a clause text is rendered: no request value or default can hold a
# control character, so a "**" typed into a request stays text and only the library's markers emphasise.
_EM = "\x02"


@dataclass
class Para:
    """A paragraph of an article in each language; ``marker`` is "5.1", "（一）" or "(a)".

    ``emphasis`` holds, per language, the (start, end) offsets in ``text`` of the passages drafted bold
    and underlined (``**…**`` in the clause text); ``text`` itself is plain.
    """

    text: dict[Lang, str]
    marker: dict[Lang, str] = field(default_factory=dict)
    item: bool = False
    emphasis: dict[Lang, tuple[tuple[int, int], ...]] = field(default_factory=dict)


@dataclass
class Article:
    """A clause as drafted: numbered when it is an article, unnumbered in the preamble or closing."""

    clause_id: str
    version: str
    category: str
    variant: str | None
    placement: Placement
    number: int | None
    heading: dict[Lang, str]
    paras: list[Para]
    draft: bool = False


@dataclass
class Assembled:
    """Everything the renderer needs: what goes where, in which languages, and where it came from."""

    kind: DocumentKind
    langs: list[Lang]
    title: dict[Lang, str]
    contract_no: str
    client_name: dict[Lang, str]
    vendor_name: dict[Lang, str]
    articles: list[Article]
    tables: list[Table]
    request_sha256: str
    labels: dict[str, dict[Lang, str]]
    defaults: list[tuple[str, str]] = field(default_factory=list)

    @property
    def clause_versions(self) -> list[str]:
        return [f"{a.clause_id}@{a.version}" + (f"#{a.variant}" if a.variant else "") for a in self.articles]


def _conditions(req: AnyRequest) -> set[Condition]:
    conds = set(req.conditions)
    if isinstance(req, ServiceContractRequest):
        conds |= req.facts()
    if req.language is Language.bilingual:
        conds.add(Condition.bilingual)
    if isinstance(req, NdaRequest) and req.mutual:
        conds.add(Condition.mutual)
    if isinstance(req, NdaRequest | PledgeRequest | FamilyDocument) and req.main_contract is not None:
        conds.add(Condition.main_contract)
    return conds


# Request fields with a default that a clause prints (recorded when a drafted clause uses them), and
# fields with a default that shape the whole document (always recorded when not given).
_PRINTED_DEFAULTS = ("sign_place", "confidentiality_years")
_SHAPING_DEFAULTS = ("language", "price.currency", "price.tax_inclusive", "mutual", "wage_payout")


def _shown_default(value: Any) -> str:
    if isinstance(value, LocalText):
        return value.zh if value.zh == value.en else f"{value.zh} / {value.en}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value.value if hasattr(value, "value") else value)


def _request_defaults(req: AnyRequest) -> dict[str, str]:
    """Each request field of ``_PRINTED_DEFAULTS``/``_SHAPING_DEFAULTS`` left out, with the default used."""
    out: dict[str, str] = {}
    for name in (*_PRINTED_DEFAULTS, *_SHAPING_DEFAULTS):
        owner: Any = req
        *path, last = name.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        if not isinstance(owner, BaseModel) or last not in type(owner).model_fields or last in owner.model_fields_set:
            continue
        out[name] = _shown_default(getattr(owner, last))
    if not (isinstance(req, ServiceContractRequest) and req.outsourcing.value == "hr" and req.pass_through_funds):
        out.pop("wage_payout", None)  # it shapes only an HR contract with pass-through funds
    return out


def _used(env: Any, names: dict[str, Any], source: str, ctx: dict[str, Any]) -> list[str]:
    """Which of ``names`` the text ``source`` prints with ``ctx`` (not those only in a branch not taken):
    rendered once more with a marker in place of each value. A text that cannot use a marker (a value
    compared or computed with) counts as using them all."""
    if not names:
        return []
    marked = {**ctx, **{name: f"\ue000{name}\ue001" for name in names}}
    try:
        out = env.from_string(source).render(marked)
    except Exception:  # any failure here only means "cannot tell" (the text rendered with the real values)
        return sorted(names)
    return sorted(name for name in names if f"\ue000{name}\ue001" in out)


# Amounts a clause states that are the contract price times another of its values: the text gives the figure
# and its capitals instead of "总价款（即…）的2倍" (legal review 2, N24, BPO 21.1).
_PRICE_PRODUCTS = {"liability_cap_amount": "liability_cap_multiple"}


def _standard_values(req: AnyRequest, lang: Lang, schedules: list[str]) -> dict[str, Any]:
    """The values every request provides, by the names the library's README promises; ``schedules``
    are the document's schedules as cited (附件一《付款计划》 …)."""
    v: dict[str, Any] = {
        "client": req.client.values(lang),
        "vendor": req.vendor.values(lang),
        "contract_no": req.contract_no,
        "confidentiality_years": req.confidentiality_years,
        "sign_place": req.sign_place.get(lang),
    }
    if isinstance(req, ServiceContractRequest):
        v |= {
            "project_name": req.project_name.get(lang),
            "services": [s.get(lang) for s in req.services],
            "deliverables": [d.get(lang) for d in req.deliverables],
            "term_start": format_date(req.term.start, lang),
            "term_end": format_date(req.term.end, lang),
            "price_total": format_money(req.price.amount, req.price.currency, lang),
            **{k: format_money(v, req.price.currency, lang) for k, v in req.price.vat_split().items()},
            "tax_rate": format_percent(req.price.tax_rate),
            "tax_inclusive": req.price.tax_inclusive,
            "service_location": req.service_location.get(lang).rstrip("。．.；;，, "),
            "schedules": _enumerate(schedules, lang),
            "outsourcing": req.outsourcing.value,
            # the conditions the payment schedule's rows use (acceptance, evaluation, handover, warranty)
            "payment_conditions": sorted({c.value for m in req.payment_schedule for c in m.conditions}),
            "wage_payout": req.wage_payout.value,
        }
    elif isinstance(req, NdaRequest):
        v |= {"purpose": req.purpose.get(lang), "effective_date": format_date(req.effective_date, lang)}
        if req.project_name is not None:
            v["project_name"] = req.project_name.get(lang)
        v |= _main_contract_values(req, lang)
    elif isinstance(req, FamilyDocument):
        v |= {"effective_date": "" if req.effective_date is None else format_date(req.effective_date, lang)}
        if req.project_name is not None:
            v["project_name"] = req.project_name.get(lang)
        v |= _main_contract_values(req, lang)
        v |= family_document_values(req, lang)
    else:
        pid = req.pledgor.id_number if req.show_full_id else mask_resident_id(req.pledgor.id_number)
        v |= {
            "project_name": req.project_name.get(lang),
            "pledgor": {"name": req.pledgor.name.get(lang), "id_masked": pid, "role": req.pledgor.role.get(lang),
                        "start_date": format_date(req.pledgor.start_date, lang)},
            "nda_no": req.nda_no or "",
        }
        v |= _main_contract_values(req, lang)
    return v


def _enumerate(items: list[str], lang: Lang) -> str:
    """``A、B和C`` / ``A, B and C``."""
    if len(items) < 2:
        return "".join(items)
    if lang is Lang.zh:
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


# The contract's words for its parties, as a pledge calls them (贵公司 = 甲方, 本人所在单位 = 乙方).
_PLEDGE_TERMS = {Lang.zh: (("甲方", "贵公司"), ("乙方", "本人所在单位")),
                 Lang.en: ((r"\bthe Client\b", "the Company"), (r"\bthe Vendor\b", "my Employer"))}


def _own_terms(req: NdaRequest | PledgeRequest | FamilyDocument, text: str, lang: Lang) -> str:
    """``text`` quoted from the main contract, in a pledge with the pledge's names for the parties."""
    if isinstance(req, PledgeRequest):
        for pattern, name in _PLEDGE_TERMS[lang]:
            text = re.sub(pattern, name, text)
    return text


# The main contract's articles a document of its family may cite, by the value name its clauses use
# (第十四条 / Article 14; "" when the contract has no such article).
MAIN_ARTICLES = {
    "main_confidentiality_article": "confidentiality",
    "main_data_protection_article": "data_protection",
    "main_handover_article": "post_termination_services",
    "main_information_security_article": "information_security",
    "main_dispute_article": "dispute_resolution",
    "main_governing_law_article": "governing_law",
    "main_breach_article": "breach_liability",
    "main_liquidated_damages_article": "liquidated_damages",
    "main_termination_article": "termination",
    "main_price_article": "price",
    "main_payment_article": "payment",
    "main_term_article": "service_term",
    "main_change_article": "change_management",
    "main_invoice_article": "invoice_tax",
    "main_integrity_article": "integrity",
}


def _main_contract_values(req: NdaRequest | PledgeRequest | FamilyDocument, lang: Lang) -> dict[str, str]:
    """What an NDA, a pledge or another document of the family cites of its main contract (empty texts when it
    names none: cond.main_contract)."""
    mc = req.main_contract
    if mc is None:
        return dict.fromkeys(("main_contract_no", "main_contract_title", "main_term_start", "main_term_end",
                              "main_confidentiality_damages", "main_damages_article", "main_service_location",
                              *MAIN_ARTICLES), "")
    cited = {name: "" if (number := mc.articles.get(category)) is None else article_number(number, lang)
             for name, category in MAIN_ARTICLES.items()}
    return cited | {
        "main_contract_no": mc.contract_no, "main_contract_title": mc.title.get(lang),
        "main_term_start": format_date(mc.term.start, lang), "main_term_end": format_date(mc.term.end, lang),
        "main_confidentiality_damages": ("" if mc.confidentiality_damages is None
                                         else format_money(mc.confidentiality_damages, "CNY", lang)),
        "main_damages_article": "" if mc.damages_article is None else article_number(mc.damages_article, lang),
        "main_service_location": ("" if mc.service_location is None
                                  else _own_terms(req, mc.service_location.get(lang), lang)),
    }


def _select(
    lib: Library, req: AnyRequest, kind: DocumentKind, conds: set[Condition]
) -> tuple[list[tuple[Clause, str | None]], list[Problem]]:
    cands = lib.candidates(kind, req.outsourcing, conds, include_drafts=req.include_drafts)
    pb = lib.playbook(kind, req.outsourcing)
    problems: list[Problem] = []
    for cat in req.variants:
        if cat not in lib.categories:
            problems.append(Problem("<request>", f"unknown category {cat!r}", field=f"variants.{cat}"))
        elif cat not in cands:
            problems.append(Problem("<request>", f"this document has no {cat!r} clause to choose a variant of",
                                    field=f"variants.{cat}"))
    order = pb.order + sorted(c for c in cands if c not in pb.order)
    chosen: list[tuple[Clause, str | None]] = []
    for cat in order:
        if cat not in cands:
            continue
        clause = cands[cat][0]
        variant = req.variants.get(cat)
        if variant is not None and variant not in clause.variant_ids():
            offered = clause.variant_ids()
            problems.append(Problem("<request>", f"clause {clause.id!r} has no variant {variant!r}; "
                                    f"choose one of {offered}" if offered else
                                    f"clause {clause.id!r} has no variants", field=f"variants.{cat}"))
            continue
        chosen.append((clause, variant))
    return chosen, problems


def _split(text: str) -> list[tuple[bool, str]]:
    """Blank lines separate paragraphs; ``- `` lines are items; other lines break within a paragraph."""
    out: list[tuple[bool, str]] = []
    new = True
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            new = True
            continue
        if line.startswith("- "):
            out.append((True, line[2:].strip()))
            new = False
            continue
        if new or not out or out[-1][0]:
            out.append((False, line))
        else:
            # A single newline is the author's line break (e.g. the parties' particulars).
            out[-1] = (False, out[-1][1] + "\n" + line)
        new = False
    return out


def _emphasis(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text`` without its markers, and the spans they enclosed; an unpaired marker is an error."""
    parts = text.split(_EM)
    if len(parts) % 2 == 0:
        shown = text.replace(_EM, EMPHASIS)[:60]
        raise RenderError(f"an emphasis marker {EMPHASIS} is not closed in the same paragraph: {shown!r}")
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, part in enumerate(parts):
        if i % 2 and part:
            spans.append((pos, pos + len(part)))
        pos += len(part)
    return "".join(parts), tuple(spans)


def _paras(rendered: dict[Lang, str], number: int | None, numbered: bool) -> list[Para]:
    per_lang = {lang: _split(text) for lang, text in rendered.items()}
    shapes = {lang: [item for item, _ in blocks] for lang, blocks in per_lang.items()}
    langs = list(rendered)
    if len({tuple(s) for s in shapes.values()}) > 1:
        raise RenderError("zh and en texts have different paragraph structures")
    blocks0 = per_lang[langs[0]]
    n_paras = sum(1 for item, _ in blocks0 if not item)
    out: list[Para] = []
    p_no = 0
    i_no = 0
    for idx, (item, _) in enumerate(blocks0):
        text: dict[Lang, str] = {}
        emphasis: dict[Lang, tuple[tuple[int, int], ...]] = {}
        for lang in langs:
            text[lang], emphasis[lang] = _emphasis(per_lang[lang][idx][1])
        if len({bool(spans) for spans in emphasis.values()}) > 1:
            raise RenderError(f"zh and en texts emphasise different paragraphs (paragraph {idx + 1})")
        marker: dict[Lang, str] = {}
        if item:
            marker = {lang: item_marker(i_no, lang) for lang in langs}
            i_no += 1
        else:
            p_no += 1
            i_no = 0
            if numbered and number is not None and n_paras > 1:
                marker = {lang: f"{number}.{p_no}" for lang in langs}
        out.append(Para(text=text, marker=marker, item=item, emphasis={k: v for k, v in emphasis.items() if v}))
    return out


def assemble(lib: Library, req: AnyRequest, request_file: str = "<request>", *,
             staff_list: bool = False) -> Assembled:
    """Build the document's content for ``req``; raise ``RequestError`` listing every problem, each once, in
    ``request_file``. ``staff_list``: an NDA drafted in a pack, whose 外包人员清单 is its annex
    (``cond.staff_list``)."""
    kind = DocumentKind(req.kind)
    langs = req.language.langs
    conds = _conditions(req)
    if staff_list:
        conds.add(Condition.staff_list)
    chosen, problems = _select(lib, req, kind, conds)
    pb = lib.playbook(kind, req.outsourcing)
    present = {c.category for c, _ in chosen}
    for r in pb.mandatory:
        if r.category not in present and set(r.when) <= conds:
            problems.append(Problem("<request>", f"no approved clause for mandatory category {r.category!r} "
                                    "applies to this request", field="kind"))

    numbers: dict[str, int] = {}
    n = 0
    for clause, _ in chosen:
        if clause.placement is Placement.article:
            n += 1
            numbers[clause.category] = n
            numbers[clause.id] = n
    style = "item" if kind is DocumentKind.pledge else "article"

    labels = {k: {lang: t.get(lang) for lang in Lang} for k, t in lib.labels.items()}
    tables = (schedule_tables(req, langs, labels, {k: {lang: article_number(n, lang) for lang in langs}
                                                  for k, n in numbers.items()})
              if isinstance(req, ServiceContractRequest) else
              family_tables(req, langs, labels) if isinstance(req, FamilyDocument) else [])
    pi_added = listed_personal_information(req, labels)[1] if isinstance(req, ServiceContractRequest) else []
    cited = {t.schedule_id: {lang: schedule_reference(i + 1, labels[t.schedule_id.replace(".", "_")][lang], lang)
                             for lang in langs} for i, t in enumerate(tables)}

    env = make_environment()
    cond = {c.value: c in conds for c in Condition}
    articles: list[Article] = []
    standard = {lang: _standard_values(req, lang, [c[lang] for c in cited.values()]) for lang in langs}
    req_defaults = _request_defaults(req)
    defaults: dict[str, str] = {k: v for k, v in req_defaults.items() if k in _SHAPING_DEFAULTS}
    defaults.update(pi_added)  # HR: what payroll needs, added to 附件四 (legal review 2, N3)
    for clause, variant in chosen:
        values_by_lang: dict[Lang, dict[str, Any]] = {}
        # The defaults this clause would apply (variable -> (field, value)); listed when its text uses them.
        candidates: dict[str, tuple[str, str]] = {}
        for lang in langs:
            std = standard[lang]
            vals: dict[str, Any] = {}
            for name, var in clause.variables.items():
                if name in _PRICE_PRODUCTS:
                    continue
                if name in req.values:
                    raw: Any = req.values[name]
                elif name in std:
                    vals[name] = std[name]
                    if name in req_defaults:
                        candidates[name] = (name, req_defaults[name])
                    continue
                elif var.default is not None:
                    raw = var.default
                    candidates[name] = (f"values.{name}", _shown_default(raw))
                else:
                    problems.append(Problem("<request>", f"clause {clause.id!r} needs {name!r} "
                                            f"({var.label.get(Lang.en)}, {var.type.value}); add it under 'values'",
                                            field=f"values.{name}"))
                    continue
                try:
                    typed = coerce(var.type, raw)
                except ValueError as e:
                    problems.append(Problem("<request>", f"{name}: {e}", field=f"values.{name}"))
                    continue
                if var.type in (VarType.integer, VarType.decimal, VarType.percent, VarType.money) and (
                    (var.min is not None and typed < Decimal(str(var.min)))
                    or (var.max is not None and typed > Decimal(str(var.max)))
                ):
                    problems.append(Problem("<request>", f"{name} = {typed} is outside {var.min}..{var.max}",
                                            field=f"values.{name}"))
                    continue
                currency = req.price.currency if isinstance(req, ServiceContractRequest) else "CNY"
                vals[name] = format_value(var.type, typed, lang, currency)
            for name, factor in _PRICE_PRODUCTS.items():
                if name not in clause.variables:
                    continue
                if name in req.values or not isinstance(req, ServiceContractRequest):
                    problems.append(Problem("<request>", f"{name} is the contract price times {factor}, computed "
                                            f"when drafting; set {factor} instead", field=f"values.{name}"))
                elif factor in vals:
                    vals[name] = format_money(req.price.amount * Decimal(str(vals[factor])), req.price.currency, lang)
            values_by_lang[lang] = vals
        if problems:
            continue

        def ref_for(lang: Lang, owner: Clause = clause) -> Any:
            def ref(target: str) -> str:
                if target in cited:
                    return cited[target][lang]
                if target in SCHEDULES:
                    raise RenderError(f"clause {owner.id!r} refers to {target!r}, a schedule this document does "
                                      "not have")
                if target not in numbers:
                    raise RenderError(f"clause {owner.id!r} refers to {target!r}, which this document does not "
                                      "contain as an article")
                return article_number(numbers[target], lang, style=style)

            return ref

        vid, title, body = clause.pick(variant)
        if variant is None and vid is not None:
            defaults.setdefault(f"variants.{clause.category}", vid)
        rendered: dict[Lang, str] = {}
        heading: dict[Lang, str] = {}
        try:
            for lang in langs:
                ctx = {**values_by_lang[lang], "cond": cond, "ref": ref_for(lang)}
                source = body.get(lang)
                if _EM in source:
                    raise RenderError(f"clause {clause.id!r}: its {lang} text holds a control character (U+0002)")
                rendered[lang] = env.from_string(source.replace(EMPHASIS, _EM)).render(ctx)
                heading[lang] = env.from_string(title.get(lang)).render(ctx).strip()
        except TemplateError as e:
            raise RenderError(f"clause {clause.id!r} could not be rendered: {e}") from e
        for name in _used(env, candidates, title.get(langs[0]) + "\n" + body.get(langs[0]),
                          {**values_by_lang[langs[0]], "cond": cond, "ref": ref_for(langs[0])}):
            defaults.setdefault(*candidates[name])
        number = numbers.get(clause.id) if clause.placement is Placement.article else None
        try:
            paras = _paras(rendered, number, numbered=clause.placement is Placement.article)
        except RenderError as e:
            raise RenderError(f"clause {clause.id!r}: {e}") from e
        articles.append(Article(clause.id, clause.version, clause.category, vid, clause.placement, number,
                                heading, paras, draft=clause.status is Status.draft))
    if problems:
        # A value is checked once per language: a bilingual request's missing value is one problem.
        problems = [replace(p, file=request_file) if p.file == "<request>" else p for p in dict.fromkeys(problems)]
        raise RequestError(f"the request cannot be drafted: {len(problems)} problem(s)", problems)

    if isinstance(req, ServiceContractRequest):
        title_key = f"title_service_contract_{req.outsourcing.value}"
    elif isinstance(req, NdaRequest):
        title_key = "title_nda_mutual" if req.mutual else "title_nda"
    elif isinstance(req, PledgeRequest):
        title_key = "title_pledge"
    else:
        title_key = f"title_{req.kind}"
    doc_title = {lang: (req.title.get(lang) if req.title else labels[title_key][lang]) for lang in langs}
    return Assembled(
        kind=kind, langs=langs, title=doc_title, contract_no=req.contract_no,
        client_name={lang: req.client.name.get(lang) for lang in langs},
        vendor_name={lang: req.vendor.name.get(lang) for lang in langs},
        articles=articles, tables=tables, request_sha256=request_hash(req), labels=labels,
        defaults=sorted(defaults.items()),
    )
