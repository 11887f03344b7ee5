"""A version's text as the portal keeps it (the reader's blocks, numbered from 1) and where in it a finding is.

The reviewer says where a finding is by its block's location: ``paragraph N`` (a .docx body paragraph, counted as
Word counts them, empty ones too), ``table T row R``, ``header``, ``footnote N`` (.docx), ``p. N`` (a .pdf page,
which holds many blocks) or ``line N`` (.txt: the first line of the paragraph); the report's findings carry that
string and a clip of the text as evidence. A location names one block, or several (a .pdf page, a .docx paragraph
and its text boxes, a footnote of paragraphs): the evidence then tells which; failing that, a page is linked as a
page and any other place by its first block. A location no block has ("", "comment") is linked nowhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from review.document import ReadResult

__all__ = ["Paragraph", "anchors", "dump_paragraphs", "load_paragraphs", "page_starts",
           "paragraphs_of"]

_MIN_EVIDENCE = 2  # characters of evidence worth searching for


@dataclass(frozen=True)
class Paragraph:
    """One block of a version's text: ``number`` counts from 1 in reading order (its anchor is ``p<number>``);
    ``location`` is the reader's; ``page`` is ``None`` where the format has no pages (.docx, .txt)."""

    number: int
    text: str
    location: str
    page: int | None = None

    @property
    def anchor(self) -> str:
        return f"p{self.number}"


def paragraphs_of(read: ReadResult) -> list[Paragraph]:
    """The blocks of a read document as numbered paragraphs."""
    return [Paragraph(n, b.text, b.location, b.page) for n, b in enumerate(read.blocks, start=1)]


def dump_paragraphs(paragraphs: Sequence[Paragraph]) -> str:
    """The paragraphs as kept in the database: JSON ``[[text, location, page], …]``."""
    return json.dumps([[p.text, p.location, p.page] for p in paragraphs], ensure_ascii=False)


def load_paragraphs(kept: str) -> list[Paragraph]:
    """The paragraphs ``dump_paragraphs`` kept."""
    rows: list[list[Any]] = json.loads(kept)
    return [Paragraph(n, str(text), str(location), page if isinstance(page, int) else None)
            for n, (text, location, page) in enumerate(rows, start=1)]


def page_starts(paragraphs: Iterable[Paragraph]) -> dict[int, int]:
    """paragraph number → page, for the first paragraph of each page (where the text view puts ``page-N``)."""
    seen: set[int] = set()
    starts: dict[int, int] = {}
    for p in paragraphs:
        if p.page is not None and p.page not in seen:
            seen.add(p.page)
            starts[p.number] = p.page
    return starts


def anchors(findings: Iterable[dict[str, Any]], paragraphs: Sequence[Paragraph]) -> list[str | None]:
    """Each finding's anchor in the text view (``p12``, or ``page-3`` for a page found no closer), ``None`` for
    a finding whose place is in no paragraph. ``findings`` are the report's JSON (``location``, ``evidence``)."""
    by_location: dict[str, list[Paragraph]] = {}
    for p in paragraphs:
        by_location.setdefault(p.location, []).append(p)
    flat: dict[int, str] = {}  # each paragraph's text flattened once, however many findings look at it
    return [_anchor_of(f, by_location, flat) for f in findings]


def _anchor_of(finding: dict[str, Any], by_location: dict[str, list[Paragraph]], flat: dict[int, str]) -> str | None:
    location = str(finding.get("location") or "")
    candidates = by_location.get(location) if location else None
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0].anchor
    quoted = _quoted(str(finding.get("evidence") or ""), location)
    if len(quoted) >= _MIN_EVIDENCE:
        for p in candidates:
            if p.number not in flat:
                flat[p.number] = _flat(p.text)
            if quoted in flat[p.number]:
                return p.anchor
    page = candidates[0].page
    if page is not None and all(p.page == page for p in candidates):
        return f"page-{page}"  # the page, not a guess at one of its paragraphs
    return candidates[0].anchor  # a paragraph with its text boxes, a footnote, a header: where it starts


def _quoted(evidence: str, location: str) -> str:
    """The longest piece of the evidence's first line that is the paragraph's own text: the checks quote a clip
    ("…" where cut), sometimes after the location ("p. 3: …")."""
    first = evidence.split("\n", 1)[0].strip()
    first = first.removeprefix(location + ":").strip()
    pieces = [_flat(piece).strip() for piece in first.split("…")]
    return max(pieces, key=len, default="")


def _flat(text: str) -> str:
    return " ".join(text.split())
