"""A request against its main contract, field by field: what it leaves out is taken, what differs is refused."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from clause_library.errors import Problem
from clause_library.models import Condition, Lang
from clause_library.safety import shown

from ..request import LocalText, MainContract
from .facts import ENGAGEMENT_CONDITIONS, SHARED_VALUES

__all__ = ["Agreement", "as_date"]

# The NDA's own liquidated damages per breach: with a main contract, the contract's figure is the NDA's.
_NDA_DAMAGES = "nda_liquidated_damages"
_NDA_DAMAGES_APPLY = "nda_liquidated_damages_apply"


def _langs(data: dict[str, Any]) -> list[Lang]:
    lang = data.get("language", "zh")
    return [Lang.zh, Lang.en] if lang == "bilingual" else [Lang.en] if lang == "en" else [Lang.zh]


def as_date(value: Any) -> dt.date | None:
    """A date as YAML or JSON gives it (a date, or its ISO text); ``None`` when it is neither (validation says why)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    return None


def _same_number(given: Any, theirs: Any) -> bool:
    """Whether a request's value and the contract's are the same number (as text when either is none)."""
    try:
        return Decimal(str(given).replace(",", "")) == Decimal(str(theirs))
    except ArithmeticError:
        return str(given).strip() == str(theirs).strip()


def _plain(amount: Decimal) -> int | Decimal:
    """An amount as a message shows it: 100000, not Decimal('100000')."""
    return int(amount) if amount == amount.to_integral_value() else amount


def _local(value: Any, langs: list[Lang]) -> dict[Lang, str] | None:
    if isinstance(value, str):
        return {lang: value for lang in langs}
    if isinstance(value, dict):
        return {lang: value[lang.value] for lang in langs if isinstance(value.get(lang.value), str)}
    return None


class Agreement:
    """Collects the disagreements of a request with its main contract."""

    def __init__(self, data: dict[str, Any], source: str, main: MainContract,
                 line: Callable[[Any], int | None]) -> None:
        self.data, self.source, self.main, self.line = data, source, main, line
        self.langs = _langs(data)
        self.problems: list[Problem] = []

    def differs(self, loc: tuple[str, ...], given: Any, theirs: Any) -> None:
        field = ".".join(loc)
        self.problems.append(Problem(
            self.source, f"the request says {shown(given)} but the main contract {self.main.contract_no} says "
            f"{shown(theirs)}: correct the request, or leave {field} out to take the contract's",
            line=self.line(loc), field=field))

    def text(self, loc: tuple[str, ...], given: Any, theirs: LocalText | None) -> None:
        mine = _local(given, self.langs)
        if mine is None or theirs is None:
            return  # not text: the request's validation says so
        for lang, value in mine.items():
            if value.strip() != theirs.get(lang).strip():
                self.differs(loc, value, theirs.get(lang))
                return

    def party(self, role: str) -> None:
        given = self.data.get(role)
        theirs = getattr(self.main, role)
        if given is None:
            self.data[role] = theirs.model_dump(mode="json", exclude_none=True)
            return
        if not isinstance(given, dict):
            return
        for key, value in given.items():
            mine = getattr(theirs, key, None)
            if isinstance(mine, LocalText):
                self.text((role, key), value, mine)
            elif isinstance(mine, str) and isinstance(value, str) and value.strip().upper() != mine.strip().upper():
                self.differs((role, key), value, mine)
        # What the request leaves out of the party (its contact, say) comes from the contract too.
        self.data[role] = {**theirs.model_dump(mode="json", exclude_none=True), **given}

    def take(self, key: str, theirs: Any) -> None:
        if key not in self.data:
            self.data[key] = theirs
        elif isinstance(theirs, dict):
            self.text((key,), self.data[key], LocalText.model_validate(theirs))
        elif self.data[key] != theirs:
            self.differs((key,), self.data[key], theirs)

    def values(self) -> None:
        """The request's values for the periods and the damages the main contract fixes: taken from it, or
        refused when they differ."""
        given = self.data.get("values", {})
        if not isinstance(given, dict):
            return  # not a mapping: the request's validation says so
        for mine, theirs_name in SHARED_VALUES.items():
            theirs = self.main.values.get(theirs_name)
            if theirs is None:
                continue
            if mine in given and not _same_number(given[mine], theirs):
                self.differs(("values", mine), given[mine], theirs)
            given.setdefault(mine, theirs)
        damages = self.main.confidentiality_damages
        if _NDA_DAMAGES in given and (damages is None or not _same_number(given[_NDA_DAMAGES], damages)):
            self.differs(("values", _NDA_DAMAGES), given[_NDA_DAMAGES],
                         "no liquidated damages for confidentiality" if damages is None else _plain(damages))
        if damages is not None and given.get(_NDA_DAMAGES_APPLY) is False:
            self.differs(("values", _NDA_DAMAGES_APPLY), False, f"liquidated damages of {_plain(damages)} per breach")
        if given:
            self.data["values"] = given

    def conditions(self) -> None:
        given = self.data.get("conditions", [])
        if not isinstance(given, list):
            return
        theirs = set(self.main.conditions)
        for value in given:
            if value in {c.value for c in ENGAGEMENT_CONDITIONS} and Condition(value) not in theirs:
                self.differs(("conditions",), value, f"no {value} ({sorted(c.value for c in theirs)})")
        self.data["conditions"] = [*given, *(c.value for c in sorted(theirs) if c.value not in given)]

    def date_in_term(self, loc: tuple[str, ...], given: Any, what: str) -> None:
        value = as_date(given)
        if value is None:
            return
        term = self.main.term
        if not term.start <= value <= term.end:
            field = ".".join(loc)
            self.problems.append(Problem(
                self.source, f"{what} {value.isoformat()} is outside the main contract {self.main.contract_no}'s "
                f"term ({term.start.isoformat()} to {term.end.isoformat()}): nobody works on the contract, or "
                "processes its personal information, outside its term; correct the date", line=self.line(loc),
                field=field))
