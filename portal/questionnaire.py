"""The drafting questionnaire: a request model's fields as form questions, walked from the model itself.

Each field becomes a ``Question`` whose ``path`` is both the form field's name and the field as a problem names it
(``clause_library.yamlio.format_loc``: ``client.name``, ``payment_schedule[0].amount``), so that the messages of
the request's validation land beside their question. Labels and hints come from ``generator.request.labels``;
what a field is asked as comes from its type: text, a whole number, a number, money, a date, yes or no, one choice
(an enumeration or literal values), several choices (a list of an enumeration), a text in Chinese and English,
a group (a nested model), rows (any other list: a fixed number, one more on request) and name/value rows (a
mapping: clause variants and values).
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from clause_library.models import Condition, Lang
from generator.request import LocalText
from generator.request.base import DERIVED_CONDITIONS
from generator.request.fields import two_decimals
from generator.request.labels import choice_words, field_help, field_words

from .texts import text

__all__ = ["SKIPPED", "Choice", "Question", "Rows", "questions", "walk"]

# Not asked: the kind is chosen before the questionnaire; a main contract is looked up from the folder it was
# drafted into (``contracts draft --out``), which the portal does not keep yet.
SKIPPED = frozenset({"kind", "main_contract"})

# How many rows a list or mapping at a path shows (at least one, at most the request's limit).
Rows = Callable[[str], int]


@dataclass(frozen=True)
class Choice:
    """One value a choice may take, in words."""

    value: str
    label: dict[Lang, str]


@dataclass(frozen=True)
class Question:
    """One question of the form. ``widget`` says how it is asked (text, integer, decimal, money, date, yesno,
    choice, choices, local, group, rows, pairs, values); ``children`` are a group's or a text's parts, or the rows
    of a list; ``default`` is the model's default (``None``: none)."""

    path: str
    name: str
    widget: str
    label: dict[Lang, str]
    help: dict[Lang, str]
    required: bool
    default: Any = None
    choices: tuple[Choice, ...] = ()
    children: tuple[Question, ...] = ()
    owner: str = ""  # the model the field belongs to (for labels and tests)


def questions(model: type[BaseModel], rows: Rows, prefix: str = "") -> list[Question]:
    """The questions of ``model``'s fields (those a person answers), under ``prefix``."""
    return [_question(model, name, info, f"{prefix}.{name}" if prefix else name, rows)
            for name, info in model.model_fields.items() if name not in SKIPPED]


def walk(found: list[Question]) -> list[Question]:
    """Every question, depth first, parts and rows included."""
    out: list[Question] = []
    for q in found:
        out.append(q)
        out += walk(list(q.children))
    return out


def _question(model: type[BaseModel], name: str, info: FieldInfo, path: str, rows: Rows) -> Question:
    annotation, metadata = _unwrap(info.annotation, list(info.metadata))
    words = field_words(model, name)
    label = {Lang.zh: words.zh, Lang.en: words.en} if words else {}
    default = None if info.default is PydanticUndefined else info.default
    widget, choices, children = _shape(model, name, annotation, metadata, path, rows)
    return Question(path, name, widget, label, field_help(model, name), info.is_required(), default, choices,
                    children, model.__name__)


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """The type without ``None`` (optional fields) and ``Annotated`` (its metadata gathered)."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata = [*metadata, *extra]
        elif origin in (Union, types.UnionType):
            kept = [a for a in get_args(annotation) if a is not type(None)]
            if len(kept) != 1:
                return annotation, metadata
            annotation = kept[0]
        else:
            return annotation, metadata


def _shape(model: type[BaseModel], name: str, annotation: Any, metadata: list[Any], path: str,
           rows: Rows) -> tuple[str, tuple[Choice, ...], tuple[Question, ...]]:
    """How a field of this type is asked: its widget, its choices and its parts or rows."""
    origin = get_origin(annotation)
    if origin is Literal:
        return "choice", _choices(f"{model.__name__}.{name}", [str(a) for a in get_args(annotation)]), ()
    if origin is list:
        item, item_meta = _unwrap(get_args(annotation)[0], [])
        if isinstance(item, type) and issubclass(item, Enum):
            offered = [e.value for e in item if not _answered_elsewhere(model, e)]
            return "choices", _choices(item.__name__, offered), ()
        return "rows", (), tuple(_row(item, item_meta, f"{path}[{i}]", i, rows) for i in range(rows(path)))
    if origin is dict:
        value, _ = _unwrap(get_args(annotation)[1], [])
        widget = "pairs" if value is str else "values"
        return widget, (), tuple(_pair(f"{path}[{i}]", i) for i in range(rows(path)))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "choice", _choices(annotation.__name__, [e.value for e in annotation]), ()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("local" if issubclass(annotation, LocalText) else "group"), (), tuple(
            questions(annotation, rows, path))
    return _leaf(annotation, metadata), (), ()


def _leaf(annotation: Any, metadata: list[Any]) -> str:
    if annotation is bool:
        return "yesno"
    if annotation is int:
        return "integer"
    if annotation is Decimal:
        return "money" if any(getattr(m, "func", None) is two_decimals for m in metadata) else "decimal"
    if annotation is dt.date:
        return "date"
    return "text"


def _answered_elsewhere(model: type[BaseModel], value: Enum) -> bool:
    """A condition the request may not list: set from its other fields, or answered by a field of its own
    (a service contract's decisive facts)."""
    return isinstance(value, Condition) and (value in DERIVED_CONDITIONS or value.value in model.model_fields)


def _choices(owner: str, values: list[str]) -> tuple[Choice, ...]:
    out = []
    for value in values:
        words = choice_words(owner, value)
        out.append(Choice(value, {lang: words.get(lang) for lang in Lang} if words else {}))
    return tuple(out)


def _numbered(key: str, i: int) -> dict[Lang, str]:
    return {lang: text(key, lang, n=i + 1) for lang in Lang}


def _row(item: Any, metadata: list[Any], path: str, i: int, rows: Rows) -> Question:
    """Row ``i`` of a list: a group of an item model's questions, a text in two languages, or one value."""
    label = _numbered("draft_row", i)
    if isinstance(item, type) and issubclass(item, BaseModel):
        widget = "local" if issubclass(item, LocalText) else "group"
        return Question(path, str(i), widget, label, {}, False, children=tuple(questions(item, rows, path)),
                        owner=item.__name__)
    return Question(path, str(i), _leaf(item, metadata), label, {}, False)


def _pair(path: str, i: int) -> Question:
    """Row ``i`` of a mapping: a name and its value."""
    parts = tuple(Question(f"{path}.{part}", part, "text", {lang: text(f"draft_pair_{part}", lang) for lang in Lang},
                           {}, False) for part in ("key", "value"))
    return Question(path, str(i), "group", _numbered("draft_row", i), {}, False, children=parts)
