"""A family's pledges: how they are numbered, which are drafted, and a pack's roster against them."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from clause_library.errors import Problem
from clause_library.identifiers import mask_resident_id

from ..request import MainContract, NdaRequest, PledgeRequest
from ..roster import Person, Roster
from .facts import MANIFEST

__all__ = [
    "already_pledged",
    "check_roster_dates",
    "family_pledges",
    "next_pledge_number",
    "pledge_conflicts",
    "pledge_family",
    "pledge_number",
]


def check_roster_dates(roster: Roster, main: MainContract) -> Roster:
    """``roster`` with every person whose start date lies outside the main contract's term made a bad row."""
    term = main.term
    bad = [p for p in roster.people if not term.start <= p.start_date <= term.end]
    if not bad:
        return roster
    problems = [Problem(str(roster.path), f"start date {p.start_date.isoformat()} is outside the main contract "
                        f"{main.contract_no}'s term ({term.start.isoformat()} to {term.end.isoformat()}): nobody "
                        "works on the contract before it starts or after it ends; correct the date",
                        line=p.row, field="start_date") for p in bad]
    rows = {p.row for p in bad}
    return replace(roster, people=[p for p in roster.people if p.row not in rows],
                   problems=sorted(roster.problems + problems, key=lambda p: (p.line or 0, p.field or "")),
                   bad_rows=sorted(set(roster.bad_rows) | rows))


def pledge_family(req: NdaRequest | PledgeRequest) -> str:
    """The number a family's pledges are numbered under: the main contract's, else the NDA's."""
    if req.main_contract is not None:
        return req.main_contract.contract_no
    return req.contract_no if isinstance(req, NdaRequest) else (req.nda_no or req.contract_no)


def pledge_number(family: str, contract_no: str) -> int | None:
    """The n of a pledge numbered ``family-Pnnn`` (at least three digits), ``None`` for any other number."""
    found = re.fullmatch(re.escape(family) + r"-P(\d{3,})", contract_no)
    return int(found.group(1)) if found else None


def family_pledges(out_dir: Path, family: str, *, skip: Path | None = None) -> list[dict[str, Any]]:
    """Every pledge of the family ``family`` drafted into ``out_dir``: standalone pledges and the pledges of
    earlier packs (``skip``: a folder not to read, the pack being rebuilt). Each: ``contract_no``, ``name``,
    ``id_number`` (masked), ``start_date`` and ``folder``; sorted by folder, then as recorded."""
    found: list[dict[str, Any]] = []
    for manifest in sorted(out_dir.glob(f"*/{MANIFEST}")) if out_dir.is_dir() else []:
        if skip is not None and manifest.parent == skip:
            continue
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        linked = data.get("main_contract")
        head = linked.get("contract_no") if isinstance(linked, dict) else None
        pledge = data.get("pledge")
        if isinstance(pledge, dict):
            mine = head if head is not None else pledge.get("nda_no")
            entries = [{**pledge, "contract_no": data.get("contract_no")}] if mine == family else []
        elif data.get("kind") == "nda_pack" and (head if head is not None else data.get("contract_no")) == family:
            entries = [p for p in data.get("pledges", []) if isinstance(p, dict)]
        else:
            continue
        found += [{**e, "folder": manifest.parent} for e in entries
                  if isinstance(e.get("contract_no"), str) and isinstance(e.get("name"), str)]
    return found


def _same_person(pledge: dict[str, Any], person: Person) -> bool:
    return (pledge.get("name"), pledge.get("id_number"), pledge.get("start_date")) == (
        person.name, mask_resident_id(person.id_number), person.start_date.isoformat())


def pledge_conflicts(existing: list[dict[str, Any]], family: str, people: list[Person]) -> list[str]:
    """Warnings for people who already have a pledge in the family (``existing``, see ``family_pledges``) under
    their name but with another ID number or start date: the same person with a wrong value, or two people of
    the same name."""
    notes = []
    for person in people:
        for pledge in existing:
            if pledge["name"] == person.name and not _same_person(pledge, person):
                notes.append(f"row {person.row}: {person.name} already has pledge {pledge['contract_no']} under "
                             f"{family} with ID {pledge.get('id_number')} and start date {pledge.get('start_date')}, "
                             f"but the roster gives {mask_resident_id(person.id_number)} and "
                             f"{person.start_date.isoformat()}: the same person with a wrong ID or date, or two "
                             "people of the same name? check both and correct one")
    return notes


def already_pledged(existing: list[dict[str, Any]], family: str,
                    people: list[Person]) -> tuple[list[Person], list[str]]:
    """``people`` less those who already have a pledge in the family (same name, masked ID and start date),
    and a note for each naming that pledge: one person, one pledge (legal review 2, N23)."""
    keep, notes = [], []
    for person in people:
        theirs = next((p for p in existing if _same_person(p, person)), None)
        if theirs is None:
            keep.append(person)
        else:
            notes.append(f"row {person.row}: {person.name} already has pledge {theirs['contract_no']} under {family} "
                         f"(in {theirs['folder'].name}/); no second pledge is made for the same person")
    return keep, notes


def next_pledge_number(existing: list[dict[str, Any]], family: str) -> int:
    """The first pledge number after the highest one the family uses (1 for a family without pledges)."""
    used = [n for n in (pledge_number(family, p["contract_no"]) for p in existing) if n is not None]
    return max(used, default=0) + 1
