"""A personal pledge compiled once and filled per person: the fast path of NDA packs.

The pledge is drafted once through the normal path (``assemble`` then ``render_docx``, so the
words come from the clause library) with unique sentinel values in the per-person fields. The
parts that hold a sentinel are parsed once; for each person only the text nodes holding
sentinels get new text (lxml escapes it), those parts are serialised, and the .docx zip is
written with every other member's compressed bytes reused as they are. The result is
byte-identical to drafting the person's pledge the normal way.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clause_library.errors import Problem, RenderError, RequestError
from clause_library.identifiers import mask_resident_id
from clause_library.loader import Library
from clause_library.models import Lang

from .assemble import assemble
from .family import pledge_family
from .ooxml import CJK
from .ooxml.package import central_entry, end_of_central_directory, local_header, local_record
from .ooxml.parser import Element, parse, serialize
from .ooxml.runs import (
    attribute_values,
    east_asian_properties,
    enclosing_run,
    has_east_asian_font,
    run_properties,
    run_text,
    run_text_nodes,
    set_run_properties,
    text_elements,
)
from .render import EAST_ASIAN_FONT, render_docx
from .request import LocalText, NdaRequest, PledgeRequest, Pledgor, parse_request, request_hash
from .roster import Person, complete_resident_id
from .values import format_date

__all__ = [
    "CompiledPledge",
    "compile_pledge",
    "naive_pledge",
    "pledge_base",
    "pledge_contract_no",
    "pledge_request",
    "pledge_values",
]

SENTINEL_DATE = dt.date(1901, 2, 3)
# Field key → sentinel text. Fixed-width tokens, so that none is a part of another.
_TOKENS = {
    "name.zh": "XQ01QX", "name.en": "XQ02QX", "role.zh": "XQ03QX", "role.en": "XQ04QX",
    "id": "XQ05QX", "contract_no": "XQ06QX",
}
# What every pledge must show; compiling fails if the template or the clauses lose one of them.
_REQUIRED_IN_BODY = (("name", ("name.zh", "name.en")), ("ID number", ("id",)), ("role", ("role.zh", "role.en")),
                     ("start date", ("start.zh", "start.en")))


def pledge_contract_no(nda: NdaRequest, number: int) -> str:
    """The number of the family's pledge ``number``: the main contract's number (without one, the NDA's) plus
    ``-P001``, as a standalone pledge of the family is numbered (legal review 2, N23)."""
    return f"{pledge_family(nda)}-P{number:03d}"


def pledge_base(nda: NdaRequest) -> PledgeRequest:
    """The pledge request every person's pledge is made from: parties, project, term, language.

    Raises ``RequestError`` when the NDA request cannot carry pledges (no ``project_name``).
    """
    if nda.project_name is None:
        raise RequestError("the request cannot make an NDA pack", [
            Problem("<request>", "required for an NDA pack: each pledge names the project the person works on",
                    field="project_name")])
    data: dict[str, Any] = {
        "kind": "pledge", "language": nda.language.value, "contract_no": pledge_contract_no(nda, 20_000),
        "client": nda.client.model_dump(mode="json"), "vendor": nda.vendor.model_dump(mode="json"),
        "sign_place": nda.sign_place.model_dump(mode="json"), "confidentiality_years": nda.confidentiality_years,
        "conditions": [c.value for c in nda.conditions], "values": nda.model_dump(mode="json")["values"],
        "include_drafts": nda.include_drafts, "project_name": nda.project_name.model_dump(mode="json"),
        "outsourcing": nda.outsourcing.value if nda.outsourcing else None,
        "nda_no": nda.contract_no,
        "main_contract": nda.main_contract.model_dump(mode="json") if nda.main_contract else None,
        # A stand-in pledgor: each person's pledge replaces it (see ``pledge_request``).
        "pledgor": {"name": "-", "id_number": complete_resident_id("11010119900101000"), "role": "-",
                    "start_date": nda.effective_date.isoformat()},
    }
    req = parse_request(data, "<nda pack>")
    if not isinstance(req, PledgeRequest):  # pragma: no cover - parse_request follows 'kind'
        raise RequestError("internal: the pledge base is not a pledge request")
    return req


def pledge_request(base: PledgeRequest, person: Person, contract_no: str, *,
                   full_id: bool = False) -> PledgeRequest:
    """The pledge request of ``person`` (whose pledge is numbered ``contract_no``), as drafted.

    Unless ``full_id``, the request carries only the masked ID number (PIPL minimum): the full
    number then never reaches the document, its properties or the request hash, from which it
    could otherwise be recovered by trying every birth date.
    """
    pid = person.id_number if full_id else mask_resident_id(person.id_number)
    pledgor = Pledgor.model_construct(name=LocalText(zh=person.name, en=person.name), id_number=pid,
                                      role=LocalText(zh=person.role, en=person.role), start_date=person.start_date)
    return base.model_copy(update={"contract_no": contract_no, "pledgor": pledgor, "show_full_id": True})


def pledge_values(base: PledgeRequest, person: Person, contract_no: str, *,
                  full_id: bool = False) -> dict[str, str]:
    """The per-person values, keyed like the compiled template's sentinels."""
    req = pledge_request(base, person, contract_no, full_id=full_id)
    return {
        "name.zh": person.name, "name.en": person.name, "role.zh": person.role, "role.en": person.role,
        "id": req.pledgor.id_number, "contract_no": contract_no,
        "start.zh": format_date(person.start_date, Lang.zh), "start.en": format_date(person.start_date, Lang.en),
        "hash": request_hash(req),
    }


def naive_pledge(lib: Library, base: PledgeRequest, person: Person, contract_no: str, *,
                 full_id: bool = False, template_dir: Path | None = None) -> bytes:
    """``person``'s pledge drafted the normal (slow) way: assemble, then render the template."""
    return render_docx(assemble(lib, pledge_request(base, person, contract_no, full_id=full_id)),
                       template_dir=template_dir)


# ------------------------------------------------------------------ compiling


@dataclass
class _Slot:
    """A text node holding sentinels: its text as literal pieces and field keys (``(key,)``)."""

    node: Element
    pieces: list[str | tuple[str]]


@dataclass
class _Toggle:
    """A run whose East-Asian font depends on the person's values (Chinese name in an English pledge)."""

    run: Element
    slots: list[_Slot]
    rpr_plain: Element | None  # the run's w:rPr without the East-Asian font (None when it had none)
    rpr_cjk: Element


@dataclass
class _Part:
    """A part holding sentinels: its parsed tree, the nodes to fill, the runs to toggle, and how many times each
    value appears in it."""

    info: zipfile.ZipInfo
    root: Element
    slots: list[_Slot]
    toggles: list[_Toggle]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Member:
    info: zipfile.ZipInfo
    record: bytes  # local header + compressed data, reused as is (static members)


def _sentinels(base: PledgeRequest) -> tuple[PledgeRequest, dict[str, str]]:
    tokens = dict(_TOKENS)
    for lang in Lang:
        tokens[f"start.{lang.value}"] = format_date(SENTINEL_DATE, lang)
    pledgor = Pledgor.model_construct(name=LocalText(zh=tokens["name.zh"], en=tokens["name.en"]),
                                      id_number=tokens["id"], role=LocalText(zh=tokens["role.zh"],
                                                                             en=tokens["role.en"]),
                                      start_date=SENTINEL_DATE)
    req = base.model_copy(update={"contract_no": tokens["contract_no"], "pledgor": pledgor, "show_full_id": True})
    tokens["hash"] = request_hash(req)
    return req, tokens


def _pieces(text: str, splitter: re.Pattern[str], by_token: dict[str, str]) -> list[str | tuple[str]]:
    out: list[str | tuple[str]] = []
    for i, piece in enumerate(splitter.split(text)):
        if i % 2:
            out.append((by_token[piece],))
        elif piece:
            out.append(piece)
    return out


def _fill_text(pieces: list[str | tuple[str]], values: dict[str, str]) -> str:
    return "".join(p if isinstance(p, str) else values[p[0]] for p in pieces)


def compile_pledge(lib: Library, base: PledgeRequest, *, template_dir: Path | None = None) -> CompiledPledge:
    """Draft the sentinel pledge for ``base`` through the normal path and compile it."""
    req, tokens = _sentinels(base)
    doc = assemble(lib, req)
    return CompiledPledge(render_docx(doc, template_dir=template_dir), tokens, doc.clause_versions)


class CompiledPledge:
    """A rendered sentinel pledge, parsed once; ``fill`` gives one person's .docx bytes."""

    def __init__(self, docx: bytes, tokens: dict[str, str], clause_versions: list[str] | None = None) -> None:
        self.docx = docx
        self.tokens = tokens
        self.clause_versions = list(clause_versions or [])
        by_token = {t: k for k, t in tokens.items()}
        splitter = re.compile("(" + "|".join(re.escape(t) for t in sorted(by_token, key=len, reverse=True)) + ")")
        src = zipfile.ZipFile(io.BytesIO(docx))
        self._members: list[_Member | _Part] = []
        found: dict[str, int] = {}
        for info in src.infolist():
            raw = src.read(info.filename)
            if not any(t.encode("utf-8") in raw for t in by_token) or not info.filename.endswith((".xml", ".rels")):
                self._members.append(_Member(info, local_record(docx, info)))
                continue
            part = self._part(info, raw, splitter, by_token)
            for key, count in part.counts.items():
                found[key] = found.get(key, 0) + (count if info.filename == "word/document.xml" else 0)
            self._members.append(part)
        for label, keys in _REQUIRED_IN_BODY:
            if not any(found.get(k) for k in keys if k in tokens):
                raise RenderError(f"pledge template: the pledge no longer shows the person's {label}; check the "
                                  "pledgor_identity clause and the pledge template")

    @staticmethod
    def _part(info: zipfile.ZipInfo, raw: bytes, splitter: re.Pattern[str], by_token: dict[str, str]) -> _Part:
        """A part holding sentinels, parsed: its text nodes with sentinels, each whole in one node."""
        root = parse(raw)
        if serialize(root) != raw:
            raise RenderError(f"pledge template: part {info.filename} does not survive re-serialisation")
        if any(splitter.search(value) for value in attribute_values(root)):
            raise RenderError(f"pledge template: a per-person value sits in an attribute of {info.filename}; it "
                              "must be text")
        part = _Part(info, root, [_Slot(el, _pieces(el.text, splitter, by_token)) for el in text_elements(root)
                                  if splitter.search(el.text)], [])
        logical = "".join(root.itertext())
        for token, key in by_token.items():
            in_nodes = sum(slot.node.text.count(token) for slot in part.slots)
            if logical.count(token) != in_nodes:
                raise RenderError(
                    f"pledge template: the {key} value is split across runs in {info.filename}; in Word, "
                    "retype the field in one go (or clear formatting) so that it sits in a single run")
            part.counts[key] = in_nodes
        part.toggles = CompiledPledge._toggles(part)
        return part

    @staticmethod
    def _toggles(part: _Part) -> list[_Toggle]:
        """Runs whose East-Asian font the renderer would set only for some people (see ``fill``)."""
        toggles: list[_Toggle] = []
        runs: dict[int, tuple[Element, list[_Slot]]] = {}
        for slot in part.slots:
            run = enclosing_run(slot.node)
            if run is not None:
                runs.setdefault(id(run), (run, []))[1].append(slot)
        for run, slots in runs.values():
            rpr = run_properties(run)
            if has_east_asian_font(rpr):
                continue  # has the font whatever the values are: nothing to decide per person
            static = "".join(p for s in slots for p in s.pieces if isinstance(p, str))
            static += "".join(t.text or "" for t in run_text_nodes(run) if all(t is not s.node for s in slots))
            if CJK.search(static):  # pragma: no cover - the renderer would have set the font already
                continue
            toggles.append(_Toggle(run, slots, rpr, east_asian_properties(run, EAST_ASIAN_FONT)))
        return toggles

    def fill(self, values: dict[str, str]) -> bytes:
        """The .docx bytes of one person's pledge; ``values`` as given by ``pledge_values``."""
        out = io.BytesIO()
        central: list[bytes] = []
        for member in self._members:
            offset = out.tell()
            if isinstance(member, _Member):
                info = member.info
                out.write(member.record)
                central.append(central_entry(info, info.CRC, info.compress_size, info.file_size, offset))
                continue
            for slot in member.slots:
                slot.node.text = _fill_text(slot.pieces, values)
            for tg in member.toggles:
                set_run_properties(tg.run, tg.rpr_cjk if CJK.search(run_text(tg.run)) else tg.rpr_plain)
            data = serialize(member.root)
            info = member.info
            comp = zlib.compressobj(6, zlib.DEFLATED, -15)
            packed = comp.compress(data) + comp.flush()
            crc = zlib.crc32(data)
            out.write(local_header(info, crc, len(packed), len(data)))
            out.write(packed)
            central.append(central_entry(info, crc, len(packed), len(data), offset))
        start = out.tell()
        for entry in central:
            out.write(entry)
        out.write(end_of_central_directory(len(central), out.tell() - start, start))
        return out.getvalue()
