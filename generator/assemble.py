"""Assembly: choose the clauses for a request, order and number them, render their texts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from jinja2 import TemplateError

from clause_library.errors import Problem, RenderError, RequestError
from clause_library.loader import Library
from clause_library.models import (
    SCHEDULES,
    Clause,
    Condition,
    DocumentKind,
    Lang,
    Placement,
    Status,
    Text,
    Variable,
    VarType,
)
from clause_library.sandbox import EMPHASIS, make_environment
from clause_library.vocabulary import ArticleStyle

from .assembled import Article, Assembled, Table
from .clause_text import EM, paragraphs
from .lifecycle import family_tables
from .personal_data import listed_personal_information
from .request import (
    AnyRequest,
    FamilyDocument,
    Language,
    NdaRequest,
    PledgeRequest,
    ServiceContractRequest,
    request_hash,
)
from .schedules import schedule_tables
from .standard_values import SHAPING_DEFAULTS, request_defaults, shown_default, standard_values
from .values import article_number, coerce, format_money, format_value, schedule_reference

__all__ = ["assemble"]

# Amounts a clause states that are the contract price times another of its values: the text gives the figure
# and its capitals instead of "总价款（即…）的2倍" (legal review 2, N24, BPO 21.1).
_PRICE_PRODUCTS = {"liability_cap_amount": "liability_cap_multiple"}
_NUMERIC = (VarType.integer, VarType.decimal, VarType.percent, VarType.money)


def assemble(lib: Library, req: AnyRequest, request_file: str = "<request>", *,
             staff_list: bool = False) -> Assembled:
    """Build the document's content for ``req``; raise ``RequestError`` listing every problem, each once, in
    ``request_file``. ``staff_list``: an NDA drafted in a pack, whose 外包人员清单 is its annex
    (``cond.staff_list``).

    Every clause's values are checked and, when the document's clauses and variants are chosen without a
    problem, every clause whose values are complete is rendered: the problems of all clauses are reported at
    once. A single clause that cannot be rendered raises its ``RenderError`` as it is.
    """
    kind = DocumentKind(req.kind)
    conds = _conditions(req, staff_list=staff_list)
    chosen, problems = _select(lib, req, kind, conds)
    problems += _missing_mandatory(lib, req, kind, conds, chosen)
    labels = {k: {lang: t.get(lang) for lang in Lang} for k, t in lib.labels.items()}
    ctx = _context(req, kind, conds, chosen, labels)
    defaults = {k: v for k, v in ctx.request_defaults.items() if k in SHAPING_DEFAULTS}
    if isinstance(req, ServiceContractRequest):
        defaults.update(listed_personal_information(req, labels)[1])  # HR: what payroll needs (legal review 2, N3)
    settled = not problems  # the clauses and their variants are chosen: each can be numbered and cited
    articles: list[Article] = []
    failures: list[RenderError] = []
    for clause, variant in chosen:
        values, candidates, own = _clause_values(ctx, clause)
        problems += own
        if own or not settled:
            continue
        try:
            article, recorded = _draft_clause(ctx, clause, variant, values, candidates)
        except RenderError as e:
            failures.append(e)
            continue
        articles.append(article)
        for key, value in recorded:
            defaults.setdefault(key, value)
    _raise_problems(problems, failures, request_file)
    return Assembled(
        kind=kind, langs=ctx.langs, title=_title(req, labels, ctx.langs), contract_no=req.contract_no,
        client_name={lang: req.client.name.get(lang) for lang in ctx.langs},
        vendor_name={lang: req.vendor.name.get(lang) for lang in ctx.langs},
        articles=articles, tables=ctx.tables, request_sha256=request_hash(req), labels=labels,
        defaults=sorted(defaults.items()),
    )


# ------------------------------------------------------------------ the document's clauses


def _conditions(req: AnyRequest, *, staff_list: bool) -> set[Condition]:
    """The conditions the request switches on: those it lists, its decisive facts and what its fields imply."""
    conds = set(req.conditions)
    if isinstance(req, ServiceContractRequest):
        conds |= req.facts()
    if req.language is Language.bilingual:
        conds.add(Condition.bilingual)
    if isinstance(req, NdaRequest) and req.mutual:
        conds.add(Condition.mutual)
    if isinstance(req, NdaRequest | PledgeRequest | FamilyDocument) and req.main_contract is not None:
        conds.add(Condition.main_contract)
    if staff_list:
        conds.add(Condition.staff_list)
    return conds


def _select(
    lib: Library, req: AnyRequest, kind: DocumentKind, conds: set[Condition]
) -> tuple[list[tuple[Clause, str | None]], list[Problem]]:
    """The clauses of the document in the playbook's order, each with the variant the request chose."""
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


def _missing_mandatory(lib: Library, req: AnyRequest, kind: DocumentKind, conds: set[Condition],
                       chosen: list[tuple[Clause, str | None]]) -> list[Problem]:
    """A problem for each category the playbook makes mandatory here that no chosen clause covers."""
    present = {c.category for c, _ in chosen}
    return [Problem("<request>", f"no approved clause for mandatory category {r.category!r} applies to this request",
                    field="kind")
            for r in lib.playbook(kind, req.outsourcing).mandatory
            if r.category not in present and set(r.when) <= conds]


@dataclass
class _Context:
    """What every clause of one document is drafted with."""

    req: AnyRequest
    langs: list[Lang]
    env: Any
    cond: dict[str, bool]
    numbers: dict[str, int]  # a clause's category and id -> its article number
    style: ArticleStyle  # how its articles are numbered: 第五条, or in a pledge 五、
    tables: list[Table]
    cited: dict[str, dict[Lang, str]]  # a schedule's id -> how a clause cites it
    standard: dict[Lang, dict[str, Any]]
    request_defaults: dict[str, str]


def _context(req: AnyRequest, kind: DocumentKind, conds: set[Condition], chosen: list[tuple[Clause, str | None]],
             labels: dict[str, dict[Lang, str]]) -> _Context:
    """The numbers of the articles, the schedules and the request's values, for drafting each clause."""
    langs = req.language.langs
    numbers = _article_numbers(chosen)
    tables = _tables(req, langs, labels, numbers)
    cited = {t.schedule_id: {lang: schedule_reference(i + 1, labels[t.schedule_id.replace(".", "_")][lang], lang)
                             for lang in langs} for i, t in enumerate(tables)}
    return _Context(
        req=req, langs=langs, env=make_environment(), cond={c.value: c in conds for c in Condition},
        numbers=numbers, style=ArticleStyle.of(kind), tables=tables, cited=cited,
        standard={lang: standard_values(req, lang, [c[lang] for c in cited.values()]) for lang in langs},
        request_defaults=request_defaults(req),
    )


def _article_numbers(chosen: list[tuple[Clause, str | None]]) -> dict[str, int]:
    """Each article's number, by its category and by its clause id (the preamble and closing have none)."""
    numbers: dict[str, int] = {}
    n = 0
    for clause, _ in chosen:
        if clause.placement is Placement.article:
            n += 1
            numbers[clause.category] = n
            numbers[clause.id] = n
    return numbers


def _tables(req: AnyRequest, langs: list[Lang], labels: dict[str, dict[Lang, str]],
            numbers: dict[str, int]) -> list[Table]:
    """The document's schedules: a service contract's, or those of a later document of its family."""
    if isinstance(req, ServiceContractRequest):
        return schedule_tables(req, langs, labels, {k: {lang: article_number(n, lang) for lang in langs}
                                                    for k, n in numbers.items()})
    if isinstance(req, FamilyDocument):
        return family_tables(req, langs, labels)
    return []


def _title(req: AnyRequest, labels: dict[str, dict[Lang, str]], langs: list[Lang]) -> dict[Lang, str]:
    """The document's title: the request's, else the label for its kind."""
    if isinstance(req, ServiceContractRequest):
        title_key = f"title_service_contract_{req.outsourcing.value}"
    elif isinstance(req, NdaRequest):
        title_key = "title_nda_mutual" if req.mutual else "title_nda"
    elif isinstance(req, PledgeRequest):
        title_key = "title_pledge"
    else:
        title_key = f"title_{req.kind}"
    return {lang: (req.title.get(lang) if req.title else labels[title_key][lang]) for lang in langs}


def _raise_problems(problems: list[Problem], failures: list[RenderError], request_file: str) -> None:
    """Raise every problem found at once: ``RequestError`` when the request has any, else ``RenderError`` (a
    single failure as it was raised)."""
    if len(failures) == 1 and not problems:
        raise failures[0]
    # A value is checked once per language: a bilingual request's missing value is one problem.
    listed = [replace(p, file=request_file) if p.file == "<request>" else p for p in dict.fromkeys(problems)]
    listed += [Problem(request_file, str(e)) for e in failures]
    if problems:
        raise RequestError(f"the request cannot be drafted: {len(listed)} problem(s)", listed)
    if failures:
        raise RenderError(f"{len(failures)} clauses could not be rendered", listed)


# ------------------------------------------------------------------ one clause


def _clause_values(ctx: _Context, clause: Clause) -> tuple[dict[Lang, dict[str, Any]], dict[str, tuple[str, str]],
                                                           list[Problem]]:
    """The clause's values in each language as its text prints them, the defaults it would apply (variable ->
    (field, value); listed when its text uses them), and the problems of its values."""
    by_lang: dict[Lang, dict[str, Any]] = {}
    candidates: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    for lang in ctx.langs:
        vals: dict[str, Any] = {}
        for name, var in clause.variables.items():
            if name in _PRICE_PRODUCTS:
                continue
            try:
                vals[name] = _value(ctx, clause, name, var, lang, candidates)
            except _Unusable as e:
                problems.append(e.problem)
        problems += _price_products(ctx.req, clause, vals, lang)
        by_lang[lang] = vals
    return by_lang, candidates, problems


class _Unusable(Exception):
    """Raised when a variable has no usable value; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _value(ctx: _Context, clause: Clause, name: str, var: Variable, lang: Lang,
           candidates: dict[str, tuple[str, str]]) -> Any:
    """One variable's value as printed in ``lang``: the request's, else a standard value, else its default;
    ``_Unusable`` when there is none or it is wrong. A default it would use is put in ``candidates``."""
    req, std = ctx.req, ctx.standard[lang]
    if name in req.values:
        raw: Any = req.values[name]
    elif name in std:
        if name in ctx.request_defaults:
            candidates[name] = (name, ctx.request_defaults[name])
        return std[name]
    elif var.default is not None:
        raw = var.default
        candidates[name] = (f"values.{name}", shown_default(raw))
    else:
        raise _Unusable(Problem("<request>", f"clause {clause.id!r} needs {name!r} ({var.label.get(Lang.en)}, "
                                f"{var.type.value}); add it under 'values'", field=f"values.{name}"))
    try:
        typed = coerce(var.type, raw)
    except ValueError as e:
        raise _Unusable(Problem("<request>", f"{name}: {e}", field=f"values.{name}")) from e
    if var.type in _NUMERIC and ((var.min is not None and typed < Decimal(str(var.min)))
                                 or (var.max is not None and typed > Decimal(str(var.max)))):
        raise _Unusable(Problem("<request>", f"{name} = {typed} is outside {var.min}..{var.max}",
                                field=f"values.{name}"))
    currency = req.price.currency if isinstance(req, ServiceContractRequest) else "CNY"
    return format_value(var.type, typed, lang, currency)


def _price_products(req: AnyRequest, clause: Clause, vals: dict[str, Any], lang: Lang) -> list[Problem]:
    """Put in ``vals`` the amounts the clause states as the price times another of its values (computed, never
    given); a problem when the request gives one, or has no price."""
    problems = []
    for name, factor in _PRICE_PRODUCTS.items():
        if name not in clause.variables:
            continue
        if name in req.values or not isinstance(req, ServiceContractRequest):
            problems.append(Problem("<request>", f"{name} is the contract price times {factor}, computed "
                                    f"when drafting; set {factor} instead", field=f"values.{name}"))
        elif factor in vals:
            vals[name] = format_money(req.price.amount * Decimal(str(vals[factor])), req.price.currency, lang)
    return problems


def _draft_clause(ctx: _Context, clause: Clause, variant: str | None, values: dict[Lang, dict[str, Any]],
                  candidates: dict[str, tuple[str, str]]) -> tuple[Article, list[tuple[str, str]]]:
    """The clause as drafted, and the defaults it used (the variant it took, the default values it prints)."""
    vid, title, body = clause.pick(variant)
    used: list[tuple[str, str]] = []
    if variant is None and vid is not None:
        used.append((f"variants.{clause.category}", vid))
    heading, rendered = _render_texts(ctx, clause, title, body, values)
    first = ctx.langs[0]
    used += [candidates[name] for name in _used(ctx.env, candidates, title.get(first) + "\n" + body.get(first),
                                                {**values[first], "cond": ctx.cond, "ref": _ref(ctx, clause, first)})]
    number = ctx.numbers.get(clause.id) if clause.placement is Placement.article else None
    try:
        paras = paragraphs(rendered, number, numbered=clause.placement is Placement.article)
    except RenderError as e:
        raise RenderError(f"clause {clause.id!r}: {e}") from e
    return Article(clause.id, clause.version, clause.category, vid, clause.placement, number, heading, paras,
                   draft=clause.status is Status.draft), used


def _render_texts(ctx: _Context, clause: Clause, title: Text, body: Text,
                  values: dict[Lang, dict[str, Any]]) -> tuple[dict[Lang, str], dict[Lang, str]]:
    """The clause's heading and text (of the variant chosen) rendered in each language."""
    rendered: dict[Lang, str] = {}
    heading: dict[Lang, str] = {}
    try:
        for lang in ctx.langs:
            context = {**values[lang], "cond": ctx.cond, "ref": _ref(ctx, clause, lang)}
            source = body.get(lang)
            if EM in source:
                raise RenderError(f"clause {clause.id!r}: its {lang} text holds a control character (U+0002)")
            rendered[lang] = ctx.env.from_string(source.replace(EMPHASIS, EM)).render(context)
            heading[lang] = ctx.env.from_string(title.get(lang)).render(context).strip()
    except TemplateError as e:
        raise RenderError(f"clause {clause.id!r} could not be rendered: {e}") from e
    return heading, rendered


def _ref(ctx: _Context, owner: Clause, lang: Lang) -> Any:
    """The ``ref()`` a clause's text cites an article or a schedule of the document with, in ``lang``."""

    def ref(target: str) -> str:
        if target in ctx.cited:
            return ctx.cited[target][lang]
        if target in SCHEDULES:
            raise RenderError(f"clause {owner.id!r} refers to {target!r}, a schedule this document does "
                              "not have")
        if target not in ctx.numbers:
            raise RenderError(f"clause {owner.id!r} refers to {target!r}, which this document does not "
                              "contain as an article")
        return article_number(ctx.numbers[target], lang, style=ctx.style)

    return ref


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
