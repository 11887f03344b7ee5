"""The portal's words, Chinese first with English beside: the YAML files in ``portal/words``, one per part of the
portal (common, review, packs…), so that every page says things alike and a translator edits words, not code."""

from __future__ import annotations

import datetime as dt
import functools

import yaml

from clause_library.models import Lang
from clause_library.resources import shipped
from generator.values import format_date

__all__ = ["date_text", "text", "texts"]


@functools.cache
def texts() -> dict[str, dict[Lang, str]]:
    """Every key's words in each language; ValueError (at start-up, in tests) for a key in two files or a key
    without both languages."""
    found: dict[str, dict[Lang, str]] = {}
    where: dict[str, str] = {}
    for path in sorted(shipped("portal", "words").glob("*.yaml")):
        try:
            table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            raise ValueError(f"{path}: not YAML the portal can read: {e}") from None
        for key, words in table.items():
            if key in found:
                raise ValueError(f"{path.name}: the key {key!r} is in {where[key]} too; keep it in one file")
            if not isinstance(words, dict) or set(words) != {"zh", "en"} or not all(
                    isinstance(w, str) and w for w in words.values()):
                raise ValueError(f"{path.name}: {key!r} needs zh and en, each a text, and nothing else")
            found[key], where[key] = {Lang.zh: words["zh"], Lang.en: words["en"]}, path.name
    return found


def text(key: str, lang: Lang, **values: object) -> str:
    """The words ``key`` in ``lang``, with ``values`` filled in."""
    words = texts()[key][lang]
    return words.format(**values) if values else words


def date_text(day: dt.date | dt.datetime, lang: Lang) -> str:
    """A date as the documents write it: 2026年4月1日, or 1 April 2026 (``generator.values.format_date``)."""
    return format_date(day.date() if isinstance(day, dt.datetime) else day, lang)
