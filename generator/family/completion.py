"""Completing a request that names its main contract from the contract's manifest, and refusing what disagrees."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from clause_library.errors import ContractsError, Problem, RequestError
from clause_library.identifiers import mask_resident_id
from clause_library.safety import shown

from ..output import output_folder
from ..request import FAMILY_KINDS, MainContract
from .agreement import Agreement, as_date
from .changes import as_changed
from .lookup import load_main_contract, nda_made_for
from .pledges import family_pledges, next_pledge_number, pledge_number

__all__ = ["complete_from_main_contract"]

# The documents of a family that take effect with the main contract unless the request says otherwise.
_FROM_START = ("nda", "security_agreement", "integrity_agreement", "power_of_attorney")


def complete_from_main_contract(data: dict[str, Any], path: Path, out_dir: Path | None,
                                line: Callable[[Any], int | None]) -> None:
    """Fill ``data`` (an NDA or pledge request naming ``main_contract``, or a document of ``FAMILY_KINDS``) from
    that contract's manifest.

    Parties, project, outsourcing kind, confidentiality years, engagement conditions and the shared
    periods (``SHARED_VALUES``) the request leaves out are taken from the contract; those it gives must
    agree with it, an NDA's own liquidated damages must be the contract's figure, and its dates must
    lie in the contract's term. Raises ``RequestError`` naming each field that disagrees and both values.
    """
    source = str(path)
    kind = data.get("kind")
    main = _named_main_contract(data, path, out_dir, line)
    if kind in FAMILY_KINDS:
        main = as_changed(main, out_dir, data.get("contract_no") if kind == "change_agreement" else None,
                          data.get("effective_date") if kind == "change_agreement" else None)
    chk = Agreement(data, source, main, line)
    _take_or_compare(chk, main)
    if kind in _FROM_START:
        data.setdefault("effective_date", main.term.start)
    if kind == "nda":
        _check_nda_date(chk)
    elif kind == "pledge":  # (the other family documents check themselves against it: generator.request)
        _check_pledge(chk, out_dir)
    if chk.problems:
        raise RequestError(f"{source}: the request disagrees with its main contract {main.contract_no} "
                           f"({len(chk.problems)} problem(s))", chk.problems)
    data["main_contract"] = main.model_dump(mode="json")


def _one_problem(source: str, message: str, line: int | None) -> RequestError:
    return RequestError(f"{source}: the request has 1 problem(s)",
                        [Problem(source, message, line=line, field="main_contract")])


def _named_main_contract(data: dict[str, Any], path: Path, out_dir: Path | None,
                         line: Callable[[Any], int | None]) -> MainContract:
    """The main contract ``data`` names, looked up; ``RequestError`` when it names none or none is drafted."""
    source = str(path)
    if "main_contract" not in data:  # a document of request.FAMILY_KINDS: never made alone
        raise _one_problem(source, f"a {data.get('kind')} is made for a main service contract: give main_contract "
                           "(its number, drafted into the same --out, or the path of its drafted folder or "
                           "manifest.json)", line(("kind",)))
    ref = data["main_contract"]
    if not isinstance(ref, str) or not ref.strip():
        raise _one_problem(source, "give the main contract's number (e.g. IT-2026-0001, drafted into the same "
                           "--out) or the path of its drafted folder or manifest.json", line(("main_contract",)))
    main, why = load_main_contract(ref.strip(), path, out_dir)
    if main is None:
        raise _one_problem(source, why, line(("main_contract",)))
    return main


def _take_or_compare(chk: Agreement, main: MainContract) -> None:
    """What every document of the family shares with the main contract: taken when left out, else compared."""
    chk.party("client")
    chk.party("vendor")
    chk.take("project_name", main.project_name.model_dump(mode="json"))
    chk.take("outsourcing", main.outsourcing.value)
    chk.take("confidentiality_years", main.confidentiality_years)
    chk.conditions()
    chk.values()


def _check_nda_date(chk: Agreement) -> None:
    """An NDA takes effect before its main contract ends."""
    main = chk.main
    effective = as_date(chk.data.get("effective_date"))
    if effective is not None and effective > main.term.end:
        chk.problems.append(Problem(
            chk.source, f"the NDA would take effect on {effective.isoformat()}, after the main contract "
            f"{main.contract_no} ends ({main.term.end.isoformat()}): correct effective_date",
            line=chk.line(("effective_date",)), field="effective_date"))


def _check_pledge(chk: Agreement, out_dir: Path | None) -> None:
    """A pledge starts within the main contract's term, is numbered in its family, and cites an NDA of it."""
    data, main = chk.data, chk.main
    pledgor = data.get("pledgor")
    if isinstance(pledgor, dict):
        chk.date_in_term(("pledgor", "start_date"), pledgor.get("start_date"), "the start date")
    chk.problems += _pledge_no_problems(data, chk.source, main.contract_no, out_dir, chk.line)
    nda_no = data.get("nda_no")
    made_for = nda_made_for(out_dir, nda_no) if isinstance(nda_no, str) and out_dir is not None else None
    if made_for is not None and made_for != main.contract_no:
        chk.problems.append(Problem(
            chk.source, f"the NDA {shown(nda_no)} drafted in {out_dir} is made for "
            f"{'the main contract ' + made_for if made_for else 'no main contract'}, not for "
            f"{main.contract_no}: give the number of the NDA made for {main.contract_no}, or correct main_contract",
            line=chk.line(("nda_no",)), field="nda_no"))


def _pledge_no_problems(data: dict[str, Any], source: str, family: str, out_dir: Path | None,
                        line: Callable[[Any], int | None]) -> list[Problem]:
    """A standalone pledge's number: ``MAIN-Pnnn``, and not one the family already uses for another pledge
    (a pack's, or another person's drafted into the same --out). One numbering scheme per family (N23)."""
    number = data.get("contract_no")
    if not isinstance(number, str):
        return []  # the request's validation says why
    at = line(("contract_no",))
    if pledge_number(family, number.strip()) is None:
        return [Problem(source, f"pledge number {shown(number)} does not follow the family's scheme: a pledge made for "
                        f"the main contract {family} is numbered {family}-P001, {family}-P002, … (three digits or "
                        "more); correct contract_no", line=at, field="contract_no")]
    if out_dir is None:
        return []
    with contextlib.suppress(ContractsError):
        own = output_folder(out_dir, number.strip())
        pledgor = data.get("pledgor")
        name = pledgor.get("name") if isinstance(pledgor, dict) else None
        name = name.get("zh") if isinstance(name, dict) else name
        existing = family_pledges(out_dir, family)
        for pledge in existing:
            if pledge["contract_no"] != number.strip():
                continue
            same = (pledge["folder"] == own and isinstance(pledgor, dict) and pledge["name"] == name
                    and pledge.get("start_date") == str(pledgor.get("start_date"))
                    and pledge.get("id_number") == _masked(pledgor.get("id_number")))
            if not same:  # the same person's pledge drafted again replaces itself; anything else is a reuse
                return [Problem(source, f"pledge number {shown(number)} is already used in the family of {family} by "
                                f"{pledge['name']}'s pledge ({pledge['folder'].name}): give the next free number "
                                f"({family}-P{next_pledge_number(existing, family):03d})",
                                line=at, field="contract_no")]
    return []


def _masked(value: Any) -> str | None:
    return mask_resident_id(value) if isinstance(value, str) else None
