"""Reading .pdf into blocks: lines joined, pages without text, passwords, bad files, fallback; PDFs built in code."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from clause_library.errors import DocumentReadError
from review.reader import NO_TEXT_WARNING, read_document
from tests.pdfs import text_pdf


def test_pdf_lines_are_joined_into_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "c.pdf"
    path.write_bytes(
        text_pdf(
            [
                [
                    "SERVICES AGREEMENT",
                    "1. Confidentiality. The Supplier shall keep all information received from the",
                    "Customer strictly confidential and shall not disclose it to any third party",
                    "without prior written consent.",
                    "2. Term",
                    "This Agreement runs for two years.",
                    "- 1 -",
                ],
                ["3. Governing Law. This Agreement is governed by the laws of England."],
            ]
        )
    )
    result = read_document(path)
    assert result.format == "pdf"
    assert result.page_count == 2
    assert [(b.text, b.location, b.page) for b in result.blocks] == [
        ("SERVICES AGREEMENT", "p. 1", 1),
        (
            "1. Confidentiality. The Supplier shall keep all information received from the Customer "
            "strictly confidential and shall not disclose it to any third party without prior written "
            "consent.",
            "p. 1",
            1,
        ),
        ("2. Term", "p. 1", 1),
        ("This Agreement runs for two years.", "p. 1", 1),
        ("3. Governing Law. This Agreement is governed by the laws of England.", "p. 2", 2),
    ]
    assert result.warnings == []


def test_image_only_pdf_has_no_blocks_and_a_warning(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_blank_page(612, 792)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as f:
        writer.write(f)
    result = read_document(path)
    assert result.blocks == []
    assert result.pages_without_text == [1, 2]
    assert result.warnings == [NO_TEXT_WARNING]
    assert not result.has_text


def test_pdf_with_some_pages_without_text(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    path.write_bytes(text_pdf([["1. Scope. The Supplier provides services."], []]))
    result = read_document(path)
    assert result.pages_without_text == [2]
    assert len(result.blocks) == 1
    assert "page(s) 2" in result.warnings[0]


def _encrypted(tmp_path: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf([["Secret terms apply."]]))))
    writer.encrypt(user_password="s3cret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as f:
        writer.write(f)
    return path


def test_encrypted_pdf_needs_the_password(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    with pytest.raises(DocumentReadError, match=r"locked\.pdf: encrypted PDF: give --password"):
        read_document(path)
    with pytest.raises(DocumentReadError, match="password given is wrong"):
        read_document(path, password="nope")
    assert read_document(path, password="s3cret").text == "Secret terms apply."


def test_malformed_pdf_and_page_limit(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not a pdf body")
    with pytest.raises(DocumentReadError, match=r"bad\.pdf: not a valid PDF"):
        read_document(bad)
    three = tmp_path / "three.pdf"
    three.write_bytes(text_pdf([["a"], ["b"], ["c"]]))
    with pytest.raises(DocumentReadError, match="too many pages: 3"):
        read_document(three, max_pages=2)


def test_pypdf_fallback_when_pdfium_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import review.pdf_reader as pdf_reader

    def refuse(*args: object, **kwargs: object) -> None:
        raise pdf_reader.pdfium.PdfiumError("Failed to load document (PDFium: Data format error).", 3)

    monkeypatch.setattr(pdf_reader.pdfium, "PdfDocument", refuse)
    path = tmp_path / "odd.pdf"
    path.write_bytes(text_pdf([["1. Scope. The Supplier provides services."]]))
    result = read_document(path)
    assert result.text == "1. Scope. The Supplier provides services."
    assert "pypdf" in result.warnings[0]
