"""The request models' fields and choices in words, Chinese and English: ``generator/data/request_labels.yaml``.

One source for every front end that asks for a request field by field (the portal's questionnaire) or names one
in words. The English hint of a field is its model's ``description`` where it has one, else what a decisive fact
decides (``DECISIVE_FACTS``), else the file's ``help_en``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import BaseModel, Field

from clause_library.errors import RequestError
from clause_library.models import Lang, Strict, Text
from clause_library.resources import shipped
from clause_library.yamlio import read_yaml, validate_at

from .service import DECISIVE_FACTS, ServiceContractRequest

__all__ = ["LABELS_FILE", "FieldWords", "RequestWords", "choice_words", "field_help", "field_words", "request_words"]

LABELS_FILE = "request_labels.yaml"


class FieldWords(Strict):
    """A field's label in each language, and its hint in Chinese (and in English where the model has none)."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    help_zh: str | None = Field(default=None, min_length=1)
    help_en: str | None = Field(default=None, min_length=1)


class RequestWords(Strict):
    """``fields``: model class name → field name → its words; ``choices``: an enumeration's class name (or
    ``Model.field`` for literal values) → value → its words."""

    fields: dict[str, dict[str, FieldWords]]
    choices: dict[str, dict[str, Text]]


@functools.cache
def request_words(path: Path | None = None) -> RequestWords:
    """The words of ``path`` (default: the shipped file); RequestError naming the file, line and field."""
    path = path or shipped("generator", "data", LABELS_FILE)
    doc, problems = read_yaml(path)
    if doc is None:
        raise RequestError(f"{path}: cannot be read", problems)
    words, problems = validate_at(RequestWords, doc.data, doc)
    if words is None:
        raise RequestError(f"{path}: {len(problems)} problem(s)", problems)
    return words


def field_words(model: type[BaseModel], name: str) -> FieldWords | None:
    """The words of ``model``'s field ``name``, from the first class of its ancestry that has them; ``None``
    when none has."""
    table = request_words().fields
    for cls in model.__mro__:
        found = table.get(cls.__name__, {}).get(name)
        if found is not None:
            return found
    return None


def field_help(model: type[BaseModel], name: str) -> dict[Lang, str]:
    """The field's hint in each language it has one in: Chinese from the file; English from the model's
    description, else what the decisive fact decides, else the file."""
    words = field_words(model, name)
    info = model.model_fields[name]
    found: dict[Lang, str] = {}
    if words is not None and words.help_zh:
        found[Lang.zh] = words.help_zh
    decides = DECISIVE_FACTS.get(name) if issubclass(model, ServiceContractRequest) else None
    english = info.description or decides or (words.help_en if words else None)
    if english:
        found[Lang.en] = english
    return found


def choice_words(owner: str, value: str) -> Text | None:
    """The words of choice ``value`` of ``owner`` (an enumeration's class name, or ``Model.field``)."""
    return request_words().choices.get(owner, {}).get(value)
