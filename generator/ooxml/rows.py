"""A Word table's sentinel row repeated per row of values, as text: 10,000 people cost a string, not 70,000 cells."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

__all__ = ["repeat_row"]

_DOCUMENT = "word/document.xml"


def repeat_row(docx: bytes, sentinels: tuple[str, ...], rows: list[tuple[str, ...]], *, chunk: int = 500) -> bytes:
    """``docx`` (a deterministic zip) with the table row holding ``sentinels`` (each in a text node of its own cell,
    in order) repeated once per row of ``rows``, each sentinel replaced by its value, escaped; a line break in a
    value is Word's w:br. The document part is streamed into the zip ``chunk`` rows at a time.

    The row is cut, as text, out of the part python-docx serialised (its sentinels are plain text nodes) and
    written again per row with the values in their place: the one place the generator writes XML as text, for
    speed; everything else goes through python-docx or the one parser (``parser``).
    """
    src = zipfile.ZipFile(io.BytesIO(docx))
    xml = src.read(_DOCUMENT).decode("utf-8")
    first = xml.index(sentinels[0])
    start = xml.rindex("<w:tr", 0, first)
    end = xml.index("</w:tr>", first) + len("</w:tr>")
    pieces = _pieces(xml[start:end], sentinels)

    def filled(values: tuple[str, ...]) -> str:
        out = [pieces[0]]
        for value, piece in zip(values, pieces[1:], strict=True):
            # a line break inside a cell (the start date in two languages) is Word's <w:br/>
            out.append(escape(value).replace("\n", "</w:t><w:br/><w:t>"))
            out.append(piece)
        return "".join(out)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for info in src.infolist():  # already in deterministic_zip's order, with its fixed attributes
            if info.filename != _DOCUMENT:
                dst.writestr(info, src.read(info.filename), compresslevel=6)
                continue
            with dst.open(info, "w") as part:
                part.write(xml[:start].encode("utf-8"))
                for i in range(0, len(rows), chunk):
                    part.write("".join(filled(r) for r in rows[i:i + chunk]).encode("utf-8"))
                part.write(xml[end:].encode("utf-8"))
    return out.getvalue()


def _pieces(row: str, sentinels: tuple[str, ...]) -> list[str]:
    """The text of ``row`` before, between and after its sentinels."""
    head, rest = row.split(sentinels[0])[:2]
    parts = [head]
    for token in sentinels[1:]:
        before, rest = rest.split(token, 1)
        parts.append(before)
    parts.append(rest)
    return parts
