"""The fields every request has (number, parties, language, conditions, variants, clause values) and their checks."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainValidator, field_validator

from clause_library.models import Condition, Strict
from clause_library.safety import Text, check_text, name_problem

from .fields import Date, Items, Language, LocalText, Party, cap_items, check_date

__all__ = ["DERIVED_CONDITIONS", "MAX_VALUE", "RequestBase"]

# A number under 'values' (a clause variable): at most this large in absolute value.
MAX_VALUE = 10**15
# The conditions set from the request's other fields ('language', 'mutual', 'main_contract') or by nda-pack
# (staff_list), never listed under 'conditions'.
DERIVED_CONDITIONS = frozenset({Condition.bilingual, Condition.mutual, Condition.main_contract, Condition.staff_list})
_CONTRACT_NO = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]|[./](?=[A-Za-z0-9]))*")


def _value(v: Any) -> Any:
    """A clause variable's value under 'values', as given (the clause's declared type is checked later)."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float | Decimal):
        if not (isinstance(v, int) or math.isfinite(v)):
            raise ValueError("a number must be finite")
        if not -MAX_VALUE <= v <= MAX_VALUE:
            raise ValueError(f"a number here is at most {MAX_VALUE:.0e} in size")
        return v
    if isinstance(v, str):
        return check_text(v)
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return check_date(v)
    if isinstance(v, list):
        return [check_text(x) if isinstance(x, str) else _not_a_value(x) for x in cap_items(v)]
    return _not_a_value(v)


def _not_a_value(v: Any) -> Any:
    raise ValueError(f"a value is text, a number, true or false, a date (YYYY-MM-DD) or a list of text, "
                     f"not {type(v).__name__}")


# A clause variable's value under 'values': text, a bounded finite number, a date or a list of text.
_ValueT = Annotated[str | int | float | bool | Decimal | dt.date | list[str], PlainValidator(_value)]
# A clause variable's or variant's name.
_Key = Annotated[Text, Field(min_length=1, max_length=64)]


class RequestBase(Strict):
    """What every request gives: its number, parties, language, signing, conditions, variants and values."""

    language: Language = Language.zh
    contract_no: Text = Field(min_length=1, max_length=64)
    title: LocalText | None = None
    client: Party
    vendor: Party
    sign_date: Date | None = None
    sign_place: LocalText = LocalText(zh="北京市", en="Beijing")
    confidentiality_years: int = Field(default=3, ge=1, le=50)
    conditions: Items[Condition] = []
    variants: Annotated[dict[_Key, _Key], BeforeValidator(cap_items)] = {}
    values: Annotated[dict[_Key, _ValueT], BeforeValidator(cap_items)] = {}
    include_drafts: bool = False

    @field_validator("contract_no")
    @classmethod
    def _check_contract_no(cls, v: str) -> str:
        # It names the output folder too ('/' becomes '_'): no '..', no leading or trailing '.' or '/'.
        if not _CONTRACT_NO.fullmatch(v):
            raise ValueError("a contract number is letters, digits and - _ . /, starting with a letter or digit, "
                             "with each '.' or '/' followed by a letter or digit (e.g. IT-2026-0001)")
        problem = name_problem(v.replace("/", "_"))  # the folder it names (generator.output.output_folder)
        if problem:
            raise ValueError(f"it names the output folder, and that name {problem}")
        return v

    @field_validator("conditions")
    @classmethod
    def _check_conditions(cls, v: list[Condition]) -> list[Condition]:
        derived = DERIVED_CONDITIONS & set(v)
        if derived:
            raise ValueError(
                f"{sorted(c.value for c in derived)} are set from 'language', 'mutual' and 'main_contract' (and "
                "staff_list by nda-pack), not listed here"
            )
        return v
