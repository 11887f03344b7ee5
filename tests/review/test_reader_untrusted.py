"""Broken and hostile files: truncated, zip bombs, over the limits, not Word, entities, junk; refused or read safely."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest

from clause_library.errors import DocumentReadError
from review.reader import read_document
from tests.review.docx_builders import W_NS, _save


def test_truncated_docx_is_a_clear_error(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("text " * 200)
    whole = _save(d, tmp_path).read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DocumentReadError, match=r"cut\.docx.*not a valid \.docx \(truncated or corrupt zip\)"):
        read_document(cut)


def _zip_bomb(path: Path, megabytes: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as f:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                f.write(chunk)


def test_zip_bomb_is_refused_without_inflating(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    _zip_bomb(bomb, 20)
    assert bomb.stat().st_size < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(DocumentReadError, match="zip bomb"):
            read_document(bomb)
        with pytest.raises(DocumentReadError, match="zip bomb"):
            read_document(bomb, max_ratio=10**9, max_uncompressed=5 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 << 20


def test_too_many_members_and_too_large_files(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("x")
    path = _save(d, tmp_path)
    with pytest.raises(DocumentReadError, match="members"):
        read_document(path, max_members=3)
    with pytest.raises(DocumentReadError, match="too large"):
        read_document(path, max_bytes=100)


def test_zip_without_word_document(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(DocumentReadError, match=r"not a Word document: a zip archive without word/document\.xml"
                                                r"; if it holds contracts, unzip it"):
        read_document(path)


def test_xml_entities_are_not_expanded(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("placeholder")
    path = _save(d, tmp_path)
    evil = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "AAAAAAAAAA">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    rebuilt = tmp_path / "evil.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w") as dst:
        for info in src.infolist():
            data = evil.encode() if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info, data)
    blocks = read_document(rebuilt).blocks
    assert all("AAAA" not in b.text for b in blocks)


def test_missing_file_and_binary_junk(tmp_path: Path) -> None:
    with pytest.raises(DocumentReadError, match=r"nothing\.docx: cannot open"):
        read_document(tmp_path / "nothing.docx")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(DocumentReadError, match="binary"):
        read_document(junk)
    ole = tmp_path / "old.doc"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    with pytest.raises(DocumentReadError, match=r"legacy \.doc"):
        read_document(ole)
