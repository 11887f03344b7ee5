"""Load the clause library (categories, clauses, playbooks) from its YAML folder."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from .cues import Cues
from .errors import LibraryError, Problem
from .models import (
    Category,
    Clause,
    Condition,
    DocumentKind,
    OutsourcingKind,
    Playbook,
    Requirement,
    Severity,
    Status,
    Text,
)
from .resources import shipped
from .yamlio import YamlDoc, format_loc, read_yaml, validate_at

__all__ = ["DATA_DIR", "Library", "default_library", "load_library", "read_library"]

DATA_DIR = shipped("clause_library", "data")
M = TypeVar("M", bound=BaseModel)


@dataclass
class Library:
    """Everything the library holds, with where each clause came from (file, line)."""

    root: Path
    categories: dict[str, Category] = field(default_factory=dict)
    clauses: dict[str, Clause] = field(default_factory=dict)
    playbooks: list[Playbook] = field(default_factory=list)
    labels: dict[str, Text] = field(default_factory=dict)
    cues: Cues | None = None  # the reviewer's cues (cues.yaml); None only when they could not be read
    origins: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    docs: dict[str, tuple[YamlDoc, tuple[Any, ...]]] = field(default_factory=dict, repr=False)

    def where(self, clause_id: str, *sub: Any) -> tuple[str, int | None]:
        """File and line of a clause, or of a field inside it (``sub``: keys and indexes)."""
        if clause_id in self.docs:
            doc, loc = self.docs[clause_id]
            return str(doc.path), doc.line(loc + sub)
        return self.origins.get(clause_id, (str(self.root), None))

    def candidates(
        self,
        kind: DocumentKind,
        outsourcing: OutsourcingKind | None,
        conditions: set[Condition],
        *,
        include_drafts: bool = False,
    ) -> dict[str, list[Clause]]:
        """Clauses that apply, by category, most specific first (ties keep file order)."""
        allowed = {Status.approved} | ({Status.draft} if include_drafts else set())
        out: dict[str, list[Clause]] = {}
        for clause in self.clauses.values():
            if clause.status in allowed and clause.applies.matches(kind, outsourcing, conditions):
                out.setdefault(clause.category, []).append(clause)
        for lst in out.values():
            lst.sort(key=lambda c: (-c.applies.specificity, c.status is not Status.approved))
        return out

    def playbook(self, kind: DocumentKind, outsourcing: OutsourcingKind | None) -> Playbook:
        """The playbook for ``kind``; for service contracts, the one for ``outsourcing``.

        When the outsourcing kind is not known (a vendor's contract that names none), the playbook
        asks for what every outsourcing kind's playbook asks for; the rest is recommended.
        """
        fallback = None
        same_kind = [pb for pb in self.playbooks if pb.kind is kind]
        for pb in same_kind:
            if pb.outsourcing == outsourcing:
                return pb
            if pb.outsourcing is None:
                fallback = pb
        if fallback is not None:
            return fallback
        if outsourcing is None and same_kind:
            return _common_playbook(kind, same_kind)
        raise LibraryError(f"no playbook for {kind.value}/{outsourcing.value if outsourcing else '-'}")

    def union_playbook(self, kind: DocumentKind, candidates: Iterable[OutsourcingKind]) -> Playbook:
        """What any of the ``candidates``' playbooks asks for, for a contract whose outsourcing kind
        is uncertain between them: each category mandatory in one of them is mandatory, at the
        severity it has there (the most severe where several make it mandatory under the same
        conditions); the rest of their recommended ones stay recommended."""
        books = [self.playbook(kind, o) for o in dict.fromkeys(candidates)]
        if not books:
            return self.playbook(kind, None)
        if len(books) == 1:
            return books[0]
        rank = {Severity.blocker: 0, Severity.warning: 1, Severity.info: 2}
        mandatory: dict[tuple[str, tuple[str, ...]], Requirement] = {}
        for pb in books:
            for r in pb.mandatory:
                key = r.category, tuple(sorted(c.value for c in r.when))
                if key not in mandatory or rank[r.severity] < rank[mandatory[key].severity]:
                    mandatory[key] = r
        # the checks take a category's first requirement that applies: the most severe one
        ordered = sorted(mandatory.values(), key=lambda r: rank[r.severity])
        required = {r.category for r in ordered}
        recommended: list[Requirement] = []
        for pb in books:
            recommended += [r for r in pb.recommended if r.category not in required and r not in recommended]
        return Playbook(kind=kind, outsourcing=None, mandatory=ordered, recommended=recommended,
                        order=books[0].order)


def _common_playbook(kind: DocumentKind, books: list[Playbook]) -> Playbook:
    """Mandatory what is mandatory (unconditionally or under the same conditions) in all ``books``."""
    def key(r: Requirement) -> tuple[str, tuple[str, ...]]:
        return r.category, tuple(sorted(c.value for c in r.when))

    def required_in(pb: Playbook, r: Requirement) -> bool:
        # as demanding: the category is mandatory there under the same conditions or fewer
        return any(o.category == r.category and set(o.when) <= set(r.when) for o in pb.mandatory)

    mandatory = [r for r in books[0].mandatory if all(required_in(pb, r) for pb in books[1:])]
    seen = {key(r) for r in mandatory}
    recommended: list[Requirement] = []
    for pb in books:
        for r in pb.mandatory + pb.recommended:
            if key(r) not in seen:
                seen.add(key(r))
                recommended.append(r.model_copy(update={"severity": Severity.warning}))
    return Playbook(kind=kind, outsourcing=None, mandatory=mandatory, recommended=recommended,
                    order=books[0].order)


def _list_at(doc: YamlDoc, key: str, problems: list[Problem], others: frozenset[str] = frozenset()) -> list[Any]:
    data = doc.data
    if not isinstance(data, dict) or key not in data:
        problems.append(Problem(str(doc.path), f"expected a top-level '{key}:' list", line=1))
        return []
    extra = set(data) - {key} - others
    for k in sorted(extra):
        problems.append(Problem(str(doc.path), f"unknown top-level key {k!r}", line=doc.line((k,))))
    items = data[key]
    if not isinstance(items, list):
        problems.append(Problem(str(doc.path), f"'{key}' must be a list", line=doc.line((key,))))
        return []
    return items


def _models(path: Path, key: str, model: type[M], problems: list[Problem]) -> Iterator[tuple[YamlDoc, int, M]]:
    """Each valid item of the top-level ``key:`` list in ``path``, as ``model``, with its index;
    every problem (YAML, shape, validation) goes into ``problems``."""
    doc, errs = read_yaml(path)
    problems += errs
    if doc is None:
        return
    for i, item in enumerate(_list_at(doc, key, problems)):
        obj, errs = validate_at(model, item, doc, (key, i))
        problems += errs
        if obj is not None:
            yield doc, i, obj


_TERM = re.compile(r"\{([a-z_]+)\}")
_PATTERN_KEYS = ("headings", "body", "weak", "exclude")


def _terms(doc: YamlDoc, problems: list[Problem]) -> dict[str, str]:
    """The ``terms:`` mapping of categories.yaml: names for alternations that many patterns share
    (the roles a Chinese contract gives its parties), each written once."""
    raw = doc.data.get("terms", {}) if isinstance(doc.data, dict) else {}
    if not isinstance(raw, dict):
        problems.append(Problem(str(doc.path), "'terms' must be a mapping of name: regular expression",
                                line=doc.line(("terms",))))
        return {}
    terms = {}
    for name, value in raw.items():
        if not (isinstance(name, str) and re.fullmatch(r"[a-z_]+", name)) or not isinstance(value, str) or not value:
            problems.append(Problem(str(doc.path), f"term {name!r} must be a lowercase name (a-z, _) with a "
                                    "non-empty regular expression", line=doc.line(("terms", name)),
                                    field=f"terms.{name}"))
        elif _TERM.search(value):
            problems.append(Problem(str(doc.path), f"term {name!r} uses another term; write it out in full",
                                    line=doc.line(("terms", name)), field=f"terms.{name}"))
        else:
            terms[name] = value
    return terms


def _expand_terms(item: Any, terms: dict[str, str], doc: YamlDoc, at: tuple[Any, ...],
                  problems: list[Problem]) -> Any:
    """``item`` (one raw category) with every ``{name}`` in its patterns replaced by ``(?:term)``.
    A regex quantifier is digits (``{2}``, ``{0,30}``), so a lowercase name in braces is always a term."""
    if not isinstance(item, dict):
        return item
    out = dict(item)
    for key in _PATTERN_KEYS:
        langs = item.get(key)
        if not isinstance(langs, dict):
            continue
        out[key] = new = dict(langs)
        for lang, pats in langs.items():
            if not isinstance(pats, list):
                continue
            expanded = []
            for j, pat in enumerate(pats):
                if isinstance(pat, str):
                    for name in _TERM.findall(pat):
                        if name not in terms:
                            problems.append(Problem(str(doc.path), f"unknown term {{{name}}}: define it under "
                                                    "the top-level 'terms:'", line=doc.line((*at, key, lang, j)),
                                                    field=f"{item.get('id', '?')}.{key}.{lang}"))
                    pat = _TERM.sub(lambda m: f"(?:{terms[m[1]]})" if m[1] in terms else m[0], pat)
                expanded.append(pat)
            new[lang] = expanded
    return out


def _categories(path: Path, problems: list[Problem]) -> Iterator[tuple[YamlDoc, int, Category]]:
    """Each valid category of categories.yaml, its patterns' terms expanded."""
    doc, errs = read_yaml(path)
    problems += errs
    if doc is None:
        return
    terms = _terms(doc, problems)
    for i, item in enumerate(_list_at(doc, "categories", problems, frozenset({"terms"}))):
        obj, errs = validate_at(Category, _expand_terms(item, terms, doc, ("categories", i), problems),
                                doc, ("categories", i))
        problems += errs
        if obj is not None:
            yield doc, i, obj


def _cues(path: Path, problems: list[Problem]) -> Cues | None:
    """The reviewer's cues in ``path``, strictly: unknown keys, a missing cue and a pattern that is no regular
    expression are problems, each with its line."""
    doc, errs = read_yaml(path)
    problems += errs
    if doc is None:
        return None
    cues, errs = validate_at(Cues, doc.data, doc)
    problems += errs
    bad = list(_bad_patterns(doc.data, ()))
    problems += [Problem(str(path), message, line=doc.line(loc), field=format_loc(loc)) for loc, message in bad]
    return None if bad else cues


def _bad_patterns(data: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Where a pattern (a string in a ``zh`` or ``en`` list) in ``data`` is empty or no regular expression."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _bad_patterns(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if isinstance(value, str) and loc[-1:] in (("zh",), ("en",)):
                yield from _bad_pattern(value, (*loc, i))
            else:
                yield from _bad_patterns(value, (*loc, i))


def _bad_pattern(pattern: str, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if not pattern:
        yield loc, "an empty pattern matches every text"
        return
    try:
        re.compile(pattern, re.IGNORECASE)
    except re.error as e:
        yield loc, f"bad regular expression {pattern!r}: {e}"


def read_library(root: Path | None = None) -> tuple[Library, list[Problem]]:
    """Read the library under ``root`` (default: the shipped data), returning every problem found.

    Only the structural problems (YAML, unknown keys, types, duplicate ids, and the cues' patterns) are found
    here; ``clause_library.lint.check_library`` adds the cross-checks.
    """
    root = root or DATA_DIR
    lib = Library(root=root)
    problems: list[Problem] = []

    for doc, i, cat in _categories(root / "categories.yaml", problems):
        if cat.id in lib.categories:
            problems.append(Problem(str(doc.path), f"duplicate category id {cat.id!r}",
                                    line=doc.line(("categories", i)), field="id"))
        lib.categories[cat.id] = cat

    clause_files = sorted((root / "clauses").glob("*.yaml")) if (root / "clauses").is_dir() else []
    if not clause_files:
        problems.append(Problem(str(root / "clauses"), "no clause files (*.yaml) found"))
    for path in clause_files:
        for doc, i, clause in _models(path, "clauses", Clause, problems):
            line = doc.line(("clauses", i))
            if clause.id in lib.clauses:
                first = lib.origins[clause.id]
                problems.append(
                    Problem(str(path), f"duplicate clause id {clause.id!r} (first defined at "
                            f"{first[0]}:{first[1]})", line=line, field="id")
                )
                continue
            lib.clauses[clause.id] = clause
            lib.origins[clause.id] = (str(path), line)
            lib.docs[clause.id] = (doc, ("clauses", i))

    lib.playbooks = [pb for _, _, pb in _models(root / "playbooks.yaml", "playbooks", Playbook, problems)]
    lib.cues = _cues(root / "cues.yaml", problems)
    lab_path = root / "labels.yaml"
    labels_doc, errs = read_yaml(lab_path)
    problems += errs
    if labels_doc is not None:
        doc = labels_doc
        raw = doc.data.get("labels") if isinstance(doc.data, dict) else None
        if not isinstance(raw, dict):
            problems.append(Problem(str(lab_path), "expected a top-level 'labels:' mapping", line=1))
        else:
            for key, value in raw.items():
                text, errs = validate_at(Text, value, doc, ("labels", key))
                problems += errs
                if text is not None:
                    lib.labels[str(key)] = text
    return lib, problems


def load_library(root: Path | None = None) -> Library:
    """Load and fully check the library; raise ``LibraryError`` listing every problem."""
    from .lint import check_library

    lib, problems = read_library(root)
    problems += check_library(lib) if not problems else []
    if problems:
        raise LibraryError(f"the clause library at {lib.root} has {len(problems)} problem(s)", problems)
    return lib


@functools.lru_cache(maxsize=1)
def default_library() -> Library:
    """The shipped library, loaded once per process."""
    return load_library(DATA_DIR)
