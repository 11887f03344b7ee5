"""A service contract's schedules: payment schedule, service levels, scorecard, personal information entrusted."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from clause_library.errors import RenderError
from clause_library.models import SCHEDULES, Lang

from .personal_data import listed_personal_information
from .request import (
    LocalText,
    Milestone,
    PaymentCondition,
    PersonalInformation,
    ServiceContractRequest,
    ServiceLevel,
)
from .values import format_money, format_percent, schedule_number

__all__ = ["Table", "payment_table", "personal_information_table", "schedule_tables"]

Cell = dict[Lang, str]


@dataclass
class Table:
    """A schedule drafted as a Word table: title, header row, body rows (each cell per language), and
    paragraphs after the table (definitions, formula); ``schedule_id`` is what clauses ``ref()``."""

    title: dict[Lang, str]
    header: list[Cell]
    rows: list[list[Cell]]
    schedule_id: str = ""
    notes: list[Cell] = field(default_factory=list)
    # per column, the width (cm) a column filled in by hand needs (a signature, a date); 0: as its text needs
    room_cm: tuple[float, ...] = ()


def _cell(langs: list[Lang], text: str | Cell) -> Cell:
    return {lang: (text if isinstance(text, str) else text[lang]) for lang in langs}


def payment_table(schedule: list[Milestone], percents: list[Decimal], total: Decimal, currency: str,
                  langs: list[Lang], labels: dict[str, dict[Lang, str]], title: Cell, schedule_id: str) -> Table:
    """A payment schedule: each instalment's milestone, trigger, share, amount, conditions and due date, and
    the total (a service contract's 附件一, a change agreement's schedule as changed)."""
    def lab(key: str, **fmt: str) -> Cell:
        return {lang: labels[key][lang].format(**fmt) if fmt else labels[key][lang] for lang in langs}

    rows: list[list[Cell]] = []
    for i, (m, pct) in enumerate(zip(schedule, percents, strict=True)):
        conds = [labels[f"pay_cond_{c.value}"] for c in PaymentCondition if c in m.conditions]
        conds.append(labels["pay_cond_invoice"])
        rows.append([
            _cell(langs, str(i + 1)), {lang: m.milestone.get(lang) for lang in langs},
            {lang: m.trigger.get(lang) for lang in langs},
            _cell(langs, format_percent(pct)), {lang: format_money(m.amount, currency, lang) for lang in langs},
            {lang: ("、" if lang is Lang.zh else "; ").join(c[lang] for c in conds) for lang in langs},
            lab("pay_due", days=str(m.due_days)),
        ])
    blank = _cell(langs, "")
    rows.append([lab("total"), blank, blank, _cell(langs, "100%"),
                 {lang: format_money(total, currency, lang) for lang in langs}, blank, blank])
    return Table(title=title, header=[lab(k) for k in ("col_no", "col_milestone", "col_trigger", "col_percent",
                                                       "col_amount", "col_conditions", "col_due")],
                 rows=rows, schedule_id=schedule_id)


def schedule_tables(
    req: ServiceContractRequest, langs: list[Lang], labels: dict[str, dict[Lang, str]],
    articles: dict[str, dict[Lang, str]],
) -> list[Table]:
    """附件一 付款计划, 附件二 服务水平, 附件三 服务质量考核表, in the order of ``SCHEDULES``.

    ``articles`` gives each category's article as cited (第十条 / Article 10), for the notes that
    point back at the body.
    """
    def title(i: int, schedule_id: str) -> Cell:
        return {lang: f"{schedule_number(i, lang)} {labels[schedule_id.replace('.', '_')][lang]}" for lang in langs}

    lab = _Labeller(langs, labels)
    tables = [
        payment_table(req.payment_schedule, req.milestone_percents(), req.price.amount, req.price.currency,
                      langs, labels, title(1, SCHEDULES[0]), SCHEDULES[0]),
        _service_levels(req.service_levels, lab, title(2, SCHEDULES[1])),
        _scorecard(req, lab, articles, title(3, SCHEDULES[2])),
    ]
    listed, _ = listed_personal_information(req, labels)  # HR: what payroll needs (legal review 2, N3)
    if listed is not None:
        tables.append(personal_information_table(listed, langs, labels, title(len(tables) + 1, SCHEDULES[3])))
    return tables


class _Labeller:
    """A label in each of the document's languages (formatted with ``fmt``), and a text model's texts."""

    def __init__(self, langs: list[Lang], labels: dict[str, dict[Lang, str]]) -> None:
        self.langs, self.labels = langs, labels

    def __call__(self, key: str, **fmt: str) -> Cell:
        return {lang: self.labels[key][lang].format(**fmt) if fmt else self.labels[key][lang] for lang in self.langs}

    def text(self, text: LocalText) -> Cell:
        return {lang: text.get(lang) for lang in self.langs}


def _service_levels(levels: list[ServiceLevel], lab: _Labeller, title: Cell) -> Table:
    """附件二: each indicator's target, how it is measured and from what data."""
    return Table(
        title=title,
        header=[lab(k) for k in ("col_no", "col_metric", "col_target", "col_measurement", "col_data_source")],
        rows=[[_cell(lab.langs, str(i + 1)), lab.text(s.metric), lab.text(s.target),
               lab.text(s.measurement), lab.text(s.data_source)]
              for i, s in enumerate(levels)],
        schedule_id=SCHEDULES[1],
    )


def _scorecard(req: ServiceContractRequest, lab: _Labeller, articles: dict[str, dict[Lang, str]],
               title: Cell) -> Table:
    """附件三: each indicator's weight, whether it is key, its scoring and credit; then how the score is made."""
    langs = lab.langs

    def citing(key: str, *cited: str) -> Cell:
        missing = [c for c in cited if c not in articles]
        if missing:
            raise RenderError(f"the scorecard (Schedule 3) cites the {', '.join(missing)} article, which this "
                              "document does not have")
        return {lang: lab.labels[key][lang].format(**{c: articles[c][lang] for c in cited}) for lang in langs}

    rows = [
        [_cell(langs, str(i + 1)), lab.text(s.metric), _cell(langs, format_percent(s.weight)),
         lab("mark_yes" if s.key else "mark_no"),
         lab.text(s.scoring) if s.scoring else lab("scoring_proportional"),
         lab("credit_of_period_fees", pct=format_percent(s.credit))]
        for i, s in enumerate(req.service_levels)
    ]
    blank = _cell(langs, "")
    rows.append([lab("total"), blank, _cell(langs, "100%"), blank, blank, blank])
    # Legal review 2, N11: proportional scoring by default (never all-or-nothing), monthly figures averaged
    # over the evaluation period, and a credited indicator not charged again by the evaluation reduction.
    notes = [citing("scorecard_formula", "evaluation"), lab("scorecard_period"), lab("scorecard_key"),
             citing("scorecard_credit", "service_standards", "evaluation")]
    if req.severity_levels:
        sep = {Lang.zh: "：", Lang.en: ": "}
        notes.append(lab("scorecard_severity"))
        notes += [{lang: f"{lv.name.get(lang)}{sep[lang]}{lv.definition.get(lang)}" for lang in langs}
                  for lv in req.severity_levels]
    return Table(
        title=title,
        header=[lab(k) for k in ("col_no", "col_indicator", "col_weight", "col_key", "col_scoring", "col_credit")],
        rows=rows, schedule_id=SCHEDULES[2], notes=notes,
    )


def personal_information_table(pi: PersonalInformation, langs: list[Lang], labels: dict[str, dict[Lang, str]],
                               title: Cell) -> Table:
    """《委托处理个人信息清单》 (PIPL art. 21): the individuals concerned, the types of personal information
    (sensitive ones, PIPL art. 28, in a row of their own) and the processing systems, as the request lists
    them; four rows, so that the schedules after the signature page stay short."""
    sep = {Lang.zh: "；", Lang.en: "; "}

    def joined(items: list[LocalText]) -> Cell:
        return {lang: sep[lang].join(t.get(lang) for t in items) if items else labels["pi_none"][lang]
                for lang in langs}

    rows = [("pi_subject", joined(pi.subjects)),
            ("pi_type", joined([t.name for t in pi.types if not t.sensitive])),
            ("pi_sensitive", joined([t.name for t in pi.types if t.sensitive])),
            ("pi_system", joined(pi.systems))]
    return Table(
        title=title,
        header=[{lang: labels[k][lang] for lang in langs} for k in ("col_pi_category", "col_pi_item")],
        rows=[[{lang: labels[key][lang] for lang in langs}, cell] for key, cell in rows],
        schedule_id=SCHEDULES[3],
    )
