"""The library lint: cross-checks that find every inconsistency at once (``contracts clauses check``)."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from typing import Any

from jinja2 import TemplateSyntaxError

from .errors import Problem
from .loader import Library
from .models import SCHEDULES, Clause, Condition, DocumentKind, OutsourcingKind, Status, Text, VarType
from .sandbox import EMPHASIS, TemplateUse, inspect_template

__all__ = ["check_library"]

# Conditions a request may set; "mutual" and "bilingual" are set from the request's own fields.
_SELECTABLE = [c for c in Condition]


def check_library(lib: Library) -> list[Problem]:
    """Every problem in ``lib`` beyond what loading already found, each with file and line."""
    problems: list[Problem] = []
    problems += _check_categories(lib)
    for clause in lib.clauses.values():
        problems += _check_clause(lib, clause)
    problems += _check_coverage(lib)
    problems += _check_ambiguity(lib)
    problems += _check_playbooks(lib)
    return problems


def _check_categories(lib: Library) -> list[Problem]:
    out = []
    path = str(lib.root / "categories.yaml")
    for cat in lib.categories.values():
        for kind, pats in (("headings", cat.headings), ("body", cat.body), ("weak", cat.weak),
                           ("exclude", cat.exclude)):
            for lang in ("zh", "en"):
                for pat in getattr(pats, lang):
                    error = _regex_error(pat)
                    if error is not None:
                        out.append(Problem(path, f"bad regular expression {pat!r}: {error}",
                                           field=f"{cat.id}.{kind}.{lang}"))
    return out


@functools.cache
def _regex_error(pattern: str) -> str | None:
    """Why ``pattern`` is not a regular expression, or None. Remembered for the process: the library's
    845 patterns overflow re's own cache (512), so linting it again compiled every one anew (0.3 s)."""
    try:
        re.compile(pattern)
    except re.error as e:
        return str(e)
    return None


def _problem(lib: Library, clause: Clause, msg: str, *sub: Any) -> Problem:
    file, line = lib.where(clause.id, *sub)
    field = ".".join(str(s) for s in sub) or None
    return Problem(file, f"clause {clause.id!r}: {msg}", line=line, field=field)


def _text_locs(clause: Clause) -> list[tuple[str | None, tuple[Any, ...]]]:
    if clause.body is not None:
        return [(None, ("body",))]
    return [(v.id, ("variants", i, "body")) for i, v in enumerate(clause.variants)]


# A schedule cited by its number ("附件二", "Schedule 2"): numbers are the generator's to give (ref()).
_SCHEDULE_BY_HAND = re.compile(r"附件[一二三四五六七八九十]+|\bSchedule \d+")


def _check_clause(lib: Library, clause: Clause) -> list[Problem]:
    """A clause's category, each of its texts in both languages, its variables and what it replaces."""
    out = _check_clause_category(lib, clause)
    declared = set(clause.variables)
    used_anywhere: set[str] = set()
    for loc, text in _texts(clause):
        per_lang: dict[str, set[str]] = {}
        for lang in ("zh", "en"):
            source = text.get(lang)
            try:
                use = inspect_template(source)
            except TemplateSyntaxError as e:
                out.append(_problem(lib, clause, f"Jinja syntax error in {lang} text (line {e.lineno} "
                                    f"of the text): {e.message}", *loc, lang))
                continue
            per_lang[lang] = use.variables
            used_anywhere |= use.variables
            out += _check_use(lib, clause, use, declared, (*loc, lang))
            out += _check_wording(lib, clause, source, (*loc, lang))
        out += _check_languages_agree(lib, clause, text, per_lang, loc)
    out += _check_variables(lib, clause, declared - used_anywhere)
    for old in clause.replaces:
        if old not in lib.clauses:
            out.append(_problem(lib, clause, f"replaces unknown clause {old!r}", "replaces"))
    return out


def _check_clause_category(lib: Library, clause: Clause) -> list[Problem]:
    """The clause's category exists and is used in every kind of document the clause applies to."""
    cat = lib.categories.get(clause.category)
    if cat is None:
        return [_problem(lib, clause, f"unknown category {clause.category!r}", "category")]
    wrong = [k.value for k in clause.applies.kinds if k not in cat.kinds]
    if wrong:
        return [_problem(lib, clause, f"category {cat.id!r} is not used in {wrong}", "applies", "kinds")]
    return []


def _texts(clause: Clause) -> list[tuple[tuple[Any, ...], Text]]:
    """Every text of the clause with where it stands: the title, the body or each variant's, variant titles."""
    texts: list[tuple[tuple[Any, ...], Text]] = [(("title",), clause.title)]
    texts += [(loc, text) for (_, text), (_, loc) in zip(clause.texts(), _text_locs(clause), strict=True)]
    texts += [(("variants", i, "title"), v.title) for i, v in enumerate(clause.variants) if v.title]
    return texts


def _check_use(lib: Library, clause: Clause, use: TemplateUse, declared: set[str],
               where: tuple[Any, ...]) -> list[Problem]:
    """What one language of a text uses: declared variables, known conditions, citable targets."""
    lang = where[-1]
    out: list[Problem] = []
    for name in sorted(use.variables - declared):
        out.append(_problem(lib, clause, f"{lang} text uses undeclared variable {name!r}; "
                            "declare it under 'variables'", *where))
    for cond in sorted(use.conditions - {c.value for c in Condition}):
        out.append(_problem(lib, clause, f"{lang} text uses unknown condition cond.{cond}", *where))
    for target in sorted(use.refs):
        if target in lib.clauses:
            if lib.clauses[target].status is Status.retired:
                out.append(_problem(lib, clause, f"{lang} text refers to retired clause {target!r}", *where))
        elif target not in lib.categories and target not in SCHEDULES:
            out.append(_problem(lib, clause, f"{lang} text refers to {target!r}, which is "
                                "neither a category, a clause id nor a schedule "
                                f"({', '.join(SCHEDULES)})", *where))
    return out


def _check_wording(lib: Library, clause: Clause, source: str, where: tuple[Any, ...]) -> list[Problem]:
    """How one language of a text is written: no schedule numbers by hand, no markup, emphasis in pairs and
    only in bodies."""
    lang = where[-1]
    out: list[Problem] = []
    hand = _SCHEDULE_BY_HAND.search(source)
    if hand:
        out.append(_problem(lib, clause, f"{lang} text writes the schedule number {hand.group(0)!r} by "
                            "hand; cite it with {{ ref('schedule.payment') }} (or another of "
                            f"{', '.join(SCHEDULES)})", *where))
    if "<" in source and re.search(r"<\s*/?\s*[a-zA-Z]+[^>]*>", source):
        out.append(_problem(lib, clause, f"{lang} text contains markup; write plain text", *where))
    marks = source.count(EMPHASIS)
    if marks and "title" in where:
        out.append(_problem(lib, clause, f"{lang} title marks emphasis ({EMPHASIS}); only body texts "
                            "may", *where))
    elif marks % 2:
        out.append(_problem(lib, clause, f"{lang} text has an unpaired emphasis marker {EMPHASIS}: "
                            f"write {EMPHASIS}passage{EMPHASIS} within one paragraph", *where))
    return out


def _check_languages_agree(lib: Library, clause: Clause, text: Text, per_lang: dict[str, set[str]],
                           loc: tuple[Any, ...]) -> list[Problem]:
    """The zh and en of one text emphasise as many passages and use the same variables."""
    out: list[Problem] = []
    if text.zh.count(EMPHASIS) != text.en.count(EMPHASIS):
        out.append(_problem(lib, clause, f"zh and en texts emphasise a different number of passages "
                            f"({EMPHASIS}…{EMPHASIS}); mark the same sentences in both", *loc))
    if len(per_lang) == 2 and per_lang["zh"] != per_lang["en"]:
        only_zh = sorted(per_lang["zh"] - per_lang["en"])
        only_en = sorted(per_lang["en"] - per_lang["zh"])
        out.append(_problem(lib, clause, f"zh and en texts use different variables "
                            f"(only zh: {only_zh}, only en: {only_en})", *loc))
    return out


def _check_variables(lib: Library, clause: Clause, unused: set[str]) -> list[Problem]:
    """Each declared variable is used by some text, and its default is of its type."""
    out = [_problem(lib, clause, f"declares variable {name!r} but no text uses it", "variables", name)
           for name in sorted(unused)]
    for name, var in clause.variables.items():
        if var.default is not None and not _default_fits(var.type, var.default):
            out.append(_problem(lib, clause, f"default {var.default!r} is not a {var.type.value}",
                                "variables", name, "default"))
    return out


def _default_fits(vtype: VarType, value: object) -> bool:
    if vtype is VarType.boolean:
        return isinstance(value, bool)
    if vtype is VarType.integer:
        return isinstance(value, int) and not isinstance(value, bool)
    if vtype in (VarType.decimal, VarType.percent, VarType.money):
        return isinstance(value, int | float | str) and not isinstance(value, bool) and _is_number(value)
    return isinstance(value, str)


def _is_number(value: object) -> bool:
    try:
        float(str(value))
    except ValueError:
        return False
    return True


def _check_coverage(lib: Library) -> list[Problem]:
    out = []
    for cat in lib.categories.values():
        for kind in cat.kinds:
            if not any(c.category == cat.id and kind in c.applies.kinds and c.status is Status.approved
                       for c in lib.clauses.values()):
                out.append(Problem(str(lib.root / "categories.yaml"),
                                   f"category {cat.id!r} has no approved clause for {kind.value}",
                                   field=cat.id))
    return out


def _situations(conditions: list[Condition]) -> Iterator[tuple[DocumentKind, OutsourcingKind | None, set[Condition]]]:
    """Every document kind and outsourcing kind with every subset of ``conditions``."""
    for kind in DocumentKind:
        outs: list[OutsourcingKind | None] = (
            list(OutsourcingKind) if kind is DocumentKind.service_contract else [None, *OutsourcingKind]
        )
        for o in outs:
            for n in range(len(conditions) + 1):
                for conds in itertools.combinations(conditions, n):
                    yield kind, o, set(conds)


def _check_ambiguity(lib: Library) -> list[Problem]:
    """Two approved clauses of one category that apply equally to some document: drafting could not choose.

    A category's choice depends only on the conditions its own clauses name (in ``conditions`` or
    ``unless``), so each category is tried with every subset of those, not of all conditions: the same
    answer as trying every subset of every condition, without doubling the work for each new condition.
    """
    by_category: dict[str, list[Clause]] = {}
    for clause in lib.clauses.values():
        if clause.status is Status.approved:
            by_category.setdefault(clause.category, []).append(clause)
    seen: set[tuple[str, ...]] = set()
    out = []
    for cat, clauses in by_category.items():
        named = {c for clause in clauses for c in (*clause.applies.conditions, *clause.applies.unless)}
        for kind, o, conds in _situations([c for c in _SELECTABLE if c in named]):
            # Most specific first, ties in file order: what Library.candidates gives drafting.
            approved = sorted((c for c in clauses if c.applies.matches(kind, o, conds)),
                              key=lambda c: -c.applies.specificity)
            if len(approved) < 2 or approved[0].applies.specificity != approved[1].applies.specificity:
                continue
            ids = tuple(sorted(c.id for c in approved if c.applies.specificity == approved[0].applies.specificity))
            if ids not in seen:
                seen.add(ids)
                out.append(_problem(lib, approved[1], f"applies as equally as {list(ids)} in category "
                                    f"{cat!r} (e.g. {kind.value}, {o.value if o else '-'}, "
                                    f"{sorted(c.value for c in conds)}); make 'applies' tell them apart",
                                    "applies"))
    return out


def _check_playbooks(lib: Library) -> list[Problem]:
    out = []
    path = str(lib.root / "playbooks.yaml")
    for i, pb in enumerate(lib.playbooks):
        label = f"playbook {pb.kind.value}/{pb.outsourcing.value if pb.outsourcing else '*'}"
        for req in pb.mandatory + pb.recommended:
            if req.category not in lib.categories:
                out.append(Problem(path, f"{label} names unknown category {req.category!r}", field=f"playbooks[{i}]"))
                continue
            conds = set(req.when)
            if not any(c.category == req.category and c.status is Status.approved
                       and c.applies.matches(pb.kind, pb.outsourcing, conds | set(_SELECTABLE) - set(c.applies.unless))
                       for c in lib.clauses.values()):
                out.append(Problem(path, f"{label} names category {req.category!r}, which has no "
                                   f"approved clause for {pb.kind.value}", field=f"playbooks[{i}]"))
        for cid in pb.order:
            if cid not in lib.categories:
                out.append(Problem(path, f"{label}: order names unknown category {cid!r}",
                                   field=f"playbooks[{i}].order"))
    return out
