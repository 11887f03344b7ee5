"""The value types requests are made of: bounded lists, money, percentages, dates, texts in two languages, parties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator

from clause_library.identifiers import resident_id_problem, uscc_problem
from clause_library.models import Lang, Strict
from clause_library.models import Text as LibraryText
from clause_library.safety import Text

__all__ = [
    "CENT",
    "MAX_AMOUNT",
    "MAX_ITEMS",
    "Date",
    "Items",
    "Language",
    "LocalText",
    "Money",
    "Party",
    "Percent",
    "ResidentId",
    "cap_items",
    "check_date",
    "two_decimals",
]

CENT = Decimal("0.01")
# Amounts: up to a trillion (10^12) with at most two decimals (分).
MAX_AMOUNT = Decimal(10) ** 12
# Every list in a request (services, milestones, conditions, values…) has at most this many items.
MAX_ITEMS = 100

T = TypeVar("T")


def cap_items(value: Any) -> Any:
    """Refuse an over-long list (or mapping) before its items are validated one by one."""
    if isinstance(value, list | dict) and len(value) > MAX_ITEMS:
        raise ValueError(f"has {len(value):,} items; a request allows at most {MAX_ITEMS} in one list: split "
                         "the document or shorten the list")
    return value


def two_decimals(v: Decimal) -> Decimal:
    """``v`` if it has at most two decimals (分); else why not."""
    if v != v.quantize(CENT):
        raise ValueError("an amount has at most two decimals (分)")
    return v


def check_date(v: dt.date) -> dt.date:
    """``v`` if its year is plausible (1900-2200); else why not."""
    if not 1900 <= v.year <= 2200:
        raise ValueError(f"the year {v.year} is not between 1900 and 2200: mistyped?")
    return v


# A list of at most MAX_ITEMS items; the limit is checked before the items are.
Items = Annotated[list[T], BeforeValidator(cap_items)]
# An amount of money: positive, at most MAX_AMOUNT, in 分 at most.
Money = Annotated[Decimal, Field(gt=0, le=MAX_AMOUNT), AfterValidator(two_decimals)]
# A percentage: 0-100 with at most four decimals.
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=4)]
# A calendar date in a plausible range (an invalid one like 2026-02-30 is refused by pydantic, field named).
Date = Annotated[dt.date, AfterValidator(check_date)]


def _identifier(value: str, problem_of: Callable[[str], str | None]) -> str:
    """``value`` normalised (trimmed, upper-case) if its check digit holds; else why it does not."""
    problem = problem_of(value)
    if problem:
        raise ValueError(problem)
    return value.strip().upper()


def _resident_id(v: str) -> str:
    return _identifier(v, resident_id_problem)


# An 18-character resident identity number, its check digit verified (GB 11643-1999), upper case.
ResidentId = Annotated[Text, AfterValidator(_resident_id)]


class Language(StrEnum):
    """The language(s) a document is drafted in."""

    zh = "zh"
    en = "en"
    bilingual = "bilingual"

    @property
    def langs(self) -> list[Lang]:
        return [Lang.zh, Lang.en] if self is Language.bilingual else [Lang(self.value)]


class LocalText(LibraryText):
    """A value given in Chinese and English: the library's text model (``get(lang)``) with each language a
    request's one-line ``Text``; a plain string in the request serves for both."""

    zh: Text = Field(min_length=1)
    en: Text = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"zh": data, "en": data}
        if not isinstance(data, dict | LocalText):
            raise ValueError("expected text, or zh: and en: texts (quote a value YAML reads as a number, "
                             "date or yes/no)")
        return data


def _in(text: LocalText | None, lang: Lang) -> str:
    return text.get(lang) if text is not None else ""


class Party(Strict):
    """A contracting party: a company with its Unified Social Credit Code."""

    name: LocalText
    uscc: Text = Field(description="18-character Unified Social Credit Code")
    address: LocalText
    representative: LocalText
    contact: LocalText | None = None
    phone: Text = Field(default="", max_length=64)
    email: Text = Field(default="", max_length=254)
    bank_name: LocalText | None = None
    bank_account: Text = Field(default="", max_length=64)

    @field_validator("uscc")
    @classmethod
    def _check_uscc(cls, v: str) -> str:
        return _identifier(v, uscc_problem)

    def values(self, lang: Lang) -> dict[str, str]:
        """The party as clause texts print it in ``lang`` (``client.name``, ``vendor.address``, …; "" when not
        given)."""
        return {"name": _in(self.name, lang), "uscc": self.uscc, "address": _in(self.address, lang),
                "representative": _in(self.representative, lang), "contact": _in(self.contact, lang),
                "phone": self.phone, "email": self.email, "bank_name": _in(self.bank_name, lang),
                "bank_account": self.bank_account}
