"""What the reviewer reads a contract into: text blocks with locations, then clause segments."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Block", "Comment", "Part", "ReadResult", "Revision", "Segment"]


class Part(StrEnum):
    """Where in the file a block of text comes from."""

    body = "body"
    table = "table"
    header = "header"
    footer = "footer"
    footnote = "footnote"
    annex = "annex"


@dataclass(frozen=True)
class Block:
    """One paragraph (or one table row) of text, as a reader of the file would see it.

    ``heading_level`` is the outline level Word gives the paragraph (Heading 1 → 1), ``None`` when
    it is not a heading or the format does not say (PDF, TXT). ``page`` is ``None`` where the
    format has no pages (DOCX, TXT). ``index`` counts blocks from 0 in reading order.
    """

    text: str
    index: int
    location: str
    part: Part = Part.body
    page: int | None = None
    heading_level: int | None = None
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class Revision:
    """A tracked change (insertion or deletion) found in a .docx; its text was read as accepted."""

    kind: str  # "insertion" | "deletion"
    text: str
    author: str
    location: str


@dataclass(frozen=True)
class Comment:
    """A reviewer's comment found in a .docx."""

    author: str
    text: str
    location: str


@dataclass
class ReadResult:
    """A document as read: its blocks in order, and what could not be read or was notable.

    ``pages_without_text`` lists 1-based PDF pages that have no text layer. ``properties`` holds
    the .docx custom properties (the generator's traceability record), empty elsewhere.
    """

    path: str
    format: str  # "docx" | "pdf" | "txt"
    blocks: list[Block] = field(default_factory=list)
    page_count: int | None = None
    pages_without_text: list[int] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    @property
    def has_text(self) -> bool:
        return any(b.text.strip() for b in self.blocks)


@dataclass
class Segment:
    """A clause as segmented: its heading (may be empty), number as written, and body text.

    ``blocks`` are the indexes of the blocks it spans; ``location`` is the first block's.
    """

    heading: str
    number: str | None
    text: str
    location: str
    level: int = 1
    blocks: tuple[int, ...] = ()
    part: Part = Part.body
