"""Read-only views of the library for people: the clause list and one clause shown in full."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import LibraryError, Problem
from .lint import check_library
from .loader import Library, read_library
from .models import DocumentKind, Lang

__all__ = ["ClauseRow", "lint_library", "list_clauses", "show_clause"]


@dataclass(frozen=True)
class ClauseRow:
    """One line of ``contracts clauses list``."""

    id: str
    category: str
    category_name: str
    kinds: str
    outsourcing: str
    conditions: str
    version: str
    status: str
    variants: str
    title: str


def list_clauses(
    lib: Library, *, category: str | None = None, kind: DocumentKind | None = None, lang: Lang = Lang.zh
) -> list[ClauseRow]:
    """The clauses, in library order, filtered by category and document kind."""
    if category is not None and category not in lib.categories:
        raise LibraryError(f"unknown category {category!r}; known: {', '.join(sorted(lib.categories))}")
    rows = []
    for c in lib.clauses.values():
        if category and c.category != category:
            continue
        if kind and kind not in c.applies.kinds:
            continue
        cat = lib.categories.get(c.category)
        conds = [x.value for x in c.applies.conditions] + [f"not {x.value}" for x in c.applies.unless]
        rows.append(
            ClauseRow(
                id=c.id,
                category=c.category,
                category_name=(cat.zh if lang is Lang.zh else cat.en) if cat else "?",
                kinds=", ".join(k.value for k in c.applies.kinds),
                outsourcing=", ".join(o.value for o in c.applies.outsourcing) or "all",
                conditions=", ".join(conds),
                version=c.version,
                status=c.status.value,
                variants=", ".join(
                    f"{v}{'*' if v == c.default_variant else ''}" for v in c.variant_ids()
                ),
                title=c.title.get(lang),
            )
        )
    return rows


def show_clause(lib: Library, clause_id: str, *, variant: str | None = None, lang: Lang = Lang.zh) -> str:
    """The clause as a lawyer reads it: header facts, variables, then the (unrendered) text."""
    clause = lib.clauses.get(clause_id)
    if clause is None:
        near = [c for c in lib.clauses if clause_id.split(".")[-1] in c]
        hint = f"; did you mean {', '.join(near[:5])}?" if near else "; see `contracts clauses list`"
        raise LibraryError(f"no clause {clause_id!r} in the library{hint}")
    try:
        vid, title, body = clause.pick(variant)
    except KeyError:
        raise LibraryError(
            f"clause {clause_id!r} has no variant {variant!r}; variants: {clause.variant_ids() or 'none'}"
        ) from None
    file, line = lib.where(clause.id)
    lines = [
        f"{clause.id}  v{clause.version}  {clause.status.value}  effective {clause.effective}",
        f"category: {clause.category}   placement: {clause.placement.value}   source: {file}:{line}",
        "applies: " + ", ".join(k.value for k in clause.applies.kinds)
        + f"; outsourcing: {', '.join(o.value for o in clause.applies.outsourcing) or 'all'}"
        + (f"; when: {', '.join(c.value for c in clause.applies.conditions)}" if clause.applies.conditions else "")
        + (f"; unless: {', '.join(c.value for c in clause.applies.unless)}" if clause.applies.unless else ""),
    ]
    if clause.variants:
        lines.append("variants: " + ", ".join(
            f"{v.id} ({v.label.get(lang)}){' [default]' if v.id == clause.default_variant else ''}"
            f"{' <- shown' if v.id == vid else ''}" for v in clause.variants))
    if clause.variables:
        lines.append("variables:")
        for name, var in clause.variables.items():
            default = "required" if var.default is None else f"default {var.default}"
            lines.append(f"  {name}: {var.type.value}, {var.label.get(lang)} ({default})")
    lines += ["", title.get(lang), "", body.get(lang).rstrip()]
    return "\n".join(lines)


def lint_library(root: Path | None = None) -> tuple[Library, list[Problem]]:
    """Load the library at ``root`` (``None``: the shipped one) and list every problem."""
    lib, problems = read_library(root)
    problems += check_library(lib)
    return lib, problems
