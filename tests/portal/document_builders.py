"""Contracts built in code for the document pages' tests: a .docx (paragraphs and a table; a .pdf is
``tests.pdfs.text_pdf``), so that the findings' places are the reader's own for each format."""

from __future__ import annotations

import io

import docx


def contract_docx(paragraphs: list[str], rows: list[list[str]]) -> bytes:
    """A .docx of ``paragraphs`` (an empty one too: Word counts it) then a table of ``rows``."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
