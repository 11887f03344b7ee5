"""A questionnaire's answers: the form's texts by path, the request data they make, and problems put back beside
their questions.

A request's data comes from the answers as the CLI's YAML would give it: a blank answer is left out (the model's
default, or its "required" message), an answer equal to the model's default is left out too, a text in Chinese
and English the same is one text, a blank row is dropped, a number or date that does not read as one is kept as
typed so that the model's own message says so. The request is then validated by the model, as the CLI does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from clause_library.models import Text
from generator.request import MAX_ITEMS

from .questionnaire import Question, Rows

__all__ = ["Answers", "Built", "answers_from", "build", "form_text", "place", "rows_in_data", "rows_in_form"]

_ROWS = "rows:"  # the hidden field carrying how many rows a list shows
_YES, _NO = "yes", "no"
_INDEX = re.compile(r"\[(\d+)\]")
# A clause variable's value by its declared type (clause_library.models.VarType), from its text.
Typed = Callable[[str, str], Any]


class Answers:
    """What the form holds: the texts given for each path (several for a question of several choices)."""

    def __init__(self, values: dict[str, list[str]] | None = None) -> None:
        self.values = values or {}

    @classmethod
    def of(cls, items: Iterable[tuple[str, str]]) -> Answers:
        found: dict[str, list[str]] = {}
        for key, value in items:
            found.setdefault(key, []).append(value)
        return cls(found)

    def one(self, path: str) -> str:
        got = self.values.get(path)
        return got[0].strip() if got else ""

    def all(self, path: str) -> list[str]:
        return [v.strip() for v in self.values.get(path, []) if v.strip()]


def form_text(value: Any) -> str:
    """A request value as a form shows it: 2026-04-01, 1200000.00, yes/no."""
    if isinstance(value, bool):
        return _YES if value else _NO
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, float):
        return f"{Decimal(repr(value)):f}"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "；".join(form_text(v) for v in value)
    return "" if value is None else str(value)


def rows_in_form(answers: Answers, more: str = "") -> Rows:
    """The rows of each list as the form showed them, one more for the list ``more`` ("add a row")."""

    def rows(path: str) -> int:
        shown = answers.one(_ROWS + path)
        n = int(shown) if shown.isdigit() else 1
        return max(1, min(MAX_ITEMS, n + (path == more)))

    return rows


def rows_in_data(data: Any) -> Rows:
    """The rows of each list as the request data has them (an example, a stored request)."""

    def rows(path: str) -> int:
        found = _at(data, path)
        return max(1, min(MAX_ITEMS, len(found))) if isinstance(found, list | dict) else 1

    return rows


def _at(data: Any, path: str) -> Any:
    for part in re.split(r"\.|(?=\[)", path):
        if part.startswith("["):
            i = int(part[1:-1])
            data = data[i] if isinstance(data, list) and i < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def answers_from(found: list[Question], data: Any, answers: Answers | None = None) -> Answers:
    """The answers that give ``data`` (a request's mapping), for the questions ``found``."""
    answers = answers or Answers()
    for q in found:
        value = data.get(q.name) if isinstance(data, dict) else None
        if isinstance(data, list):
            i = int(q.name)
            value = data[i] if i < len(data) else None
        _answer(q, value, answers)
    return answers


def _answer(q: Question, value: Any, answers: Answers) -> None:
    if q.widget in ("rows", "pairs", "values"):
        answers.values[_ROWS + q.path] = [str(len(q.children))]
    if value is None:
        value = q.default
    if value is None:
        return
    if q.widget == "local" and isinstance(value, str | Text):
        value = {"zh": value, "en": value} if isinstance(value, str) else {"zh": value.zh, "en": value.en}
    if q.widget in ("pairs", "values") and isinstance(value, dict):
        for row, (key, item) in zip(q.children, value.items(), strict=False):
            answers.values[f"{row.path}.key"], answers.values[f"{row.path}.value"] = [key], [form_text(item)]
    elif q.widget in ("group", "local", "rows"):
        answers_from(list(q.children), value.model_dump() if hasattr(value, "model_dump") else value, answers)
    elif q.widget == "choices":
        answers.values[q.path] = [form_text(v) for v in value]
    else:
        answers.values[q.path] = [form_text(value)]


@dataclass
class Built:
    """The request data the answers make; ``kept`` maps each list's path to the rows kept (blank rows dropped),
    so that a problem of item 2 is shown at the row it came from; ``problems`` are the answers' own (a name given
    twice), path → messages."""

    data: dict[str, Any]
    kept: dict[str, list[int]] = field(default_factory=dict)
    keys: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)


_NOTHING = object()


def build(found: list[Question], answers: Answers, typed: Typed, twice: str) -> Built:
    """The request data of ``answers``; ``typed(name, text)`` reads a clause value by its variable's type;
    ``twice`` is the message for a name given in two rows."""
    built = Built({})
    built.data = _group(found, answers, built, typed, twice)
    return built


def _group(found: Iterable[Question], answers: Answers, built: Built, typed: Typed, twice: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for q in found:
        value = _value(q, answers, built, typed, twice)
        if value is not _NOTHING:
            out[q.name] = value
    return out


def _blank(q: Question, answers: Answers) -> bool:
    if q.children:
        return all(_blank(c, answers) for c in q.children)
    return not answers.all(q.path)


def _value(q: Question, answers: Answers, built: Built, typed: Typed, twice: str) -> Any:
    if q.widget in ("group", "local") and (_blank(q, answers) and not q.required):
        return _NOTHING
    if q.widget == "group":
        return _group(q.children, answers, built, typed, twice)
    if q.widget == "local":
        zh, en = answers.one(f"{q.path}.zh"), answers.one(f"{q.path}.en")
        if not zh and not en:
            return _NOTHING
        value: Any = {"zh": zh, "en": en} if zh and en and zh != en else (zh or en)  # one text serves both
        return _NOTHING if _is_default(q, value) else value
    if q.widget == "rows":
        kept = [i for i, row in enumerate(q.children) if not _blank(row, answers)]
        built.kept[q.path] = kept
        items = [_value(q.children[i], answers, built, typed, twice) for i in kept]
        return items if items or q.required else _NOTHING
    if q.widget in ("pairs", "values"):
        return _pairs(q, answers, built, typed if q.widget == "values" else (lambda _k, v: v), twice)
    if q.widget == "choices":
        chosen = answers.all(q.path)
        return chosen if chosen or q.required else _NOTHING
    raw = answers.one(q.path)
    if not raw:
        return _NOTHING
    value = _read(q.widget, raw)
    return _NOTHING if _is_default(q, value) else value


def _pairs(q: Question, answers: Answers, built: Built, typed: Typed, twice: str) -> Any:
    out: dict[str, Any] = {}
    keys: dict[str, int] = {}
    for i, row in enumerate(q.children):
        key, raw = answers.one(f"{row.path}.key"), answers.one(f"{row.path}.value")
        if not key and not raw:
            continue
        if key in keys:
            built.problems.setdefault(f"{row.path}.key", []).append(twice)
            continue
        keys[key] = i
        out[key] = typed(key, raw)
    built.keys[q.path] = keys
    return out if out else _NOTHING


def _read(widget: str, raw: str) -> Any:
    """The answer as the model takes it; what does not read as its type stays text (the model says why)."""
    if widget == "yesno":
        return {_YES: True, _NO: False}.get(raw, raw)
    try:
        if widget == "integer":
            return int(raw)
        if widget in ("decimal", "money"):
            number = Decimal(raw.replace(",", "").replace("，", ""))
            return number if number.is_finite() else raw
        if widget == "date":
            return dt.date.fromisoformat(raw)
    except (ValueError, InvalidOperation):
        return raw
    return raw


def _is_default(q: Question, value: Any) -> bool:
    default = q.default
    if isinstance(default, Text):
        return bool(value == {"zh": default.zh, "en": default.en} or default.zh == default.en == value)
    if isinstance(default, Enum):
        default = default.value
    return default is not None and type(value) is type(default) and value == default


def place(problems: Iterable[tuple[str, str]], found: list[Question], built: Built) -> tuple[
        dict[str, list[str]], list[str]]:
    """Each problem (its field as the request reader names it, its message) at the question it is about: the
    deepest question the field is in, the row it came from; those of the request as a whole apart."""
    paths = {q.path for q in _all(found)}
    beside: dict[str, list[str]] = {k: list(v) for k, v in built.problems.items()}
    general: list[str] = []
    for where, message in problems:
        path = _form_path(where, built)
        while path and path not in paths:
            shorter = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", path)
            path = shorter if shorter != path else ""  # nothing left to take off: no question's
        if path:
            beside.setdefault(path, []).append(message)
        else:  # the request as a whole ("(top level)"), or a field no question asks (kind)
            general.append(message if not where or where.startswith("(") else f"{where}: {message}")
    return beside, general


def _all(found: Iterable[Question]) -> Iterable[Question]:
    for q in found:
        yield q
        yield from _all(q.children)


def _form_path(where: str, built: Built) -> str:
    """A problem's field (``payment_schedule[1].amount``, ``values.payment_days``) as the form's path: list
    items back to the rows they came from, a mapping's name to its row."""
    for mapping, keys in built.keys.items():
        head = f"{mapping}."
        if where.startswith(head):
            name = where[len(head):]
            return f"{mapping}[{keys[name]}].value" if name in keys else mapping
    out, rest = "", where
    while rest:
        m = _INDEX.match(rest)
        if m:
            kept = built.kept.get(out, [])
            i = int(m.group(1))
            out += f"[{kept[i] if i < len(kept) else i}]"
            rest = rest[m.end():]
            continue
        m = re.match(r"\.?([^.\[]+)", rest)
        if m is None:
            break
        out = f"{out}.{m.group(1)}" if out else m.group(1)
        rest = rest[m.end():]
    return out
