"""Odd files given to the reviewer: each is refused with a message that says what it is and what to do,
or read as it should be; never a traceback, never a contract made of random bytes."""

from __future__ import annotations

import random
import shutil
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from clause_library.errors import DocumentReadError
from review.docx_package import RATIO_FLOOR
from review.reader import decode_text, read_document


@pytest.mark.parametrize("name", ["empty.docx", "empty.pdf", "empty.txt"])
def test_an_empty_file_is_said_to_be_empty(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    with pytest.raises(DocumentReadError, match=r"empty file \(0 bytes\): nothing to review"):
        read_document(tmp_path / name)


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return path


@pytest.mark.parametrize(("members", "what"), [
    ({"ppt/presentation.xml": "<p/>"}, r"a PowerPoint presentation \(\.pptx\)"),
    ({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}, r"an OpenDocument text \(\.odt\)"),
])  # fmt: skip
def test_other_office_packages_are_named(tmp_path: Path, members: dict[str, str], what: str) -> None:
    with pytest.raises(DocumentReadError, match=what + r", not a Word document: open it and save the contract as"):
        read_document(_zip(tmp_path / "file.docx", members))


@pytest.mark.parametrize("name", ["staff.xlsx", "misnamed.docx"])
def test_a_spreadsheet_is_called_a_spreadsheet(tmp_path: Path, name: str) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "合同"
    wb.save(tmp_path / name)
    with pytest.raises(DocumentReadError, match=r"an Excel workbook \(\.xlsx\), not a Word document: open it and "
                                                r"save the contract as \.docx or PDF"):
        read_document(tmp_path / name)


def _random_bytes(n: int, *, nul: bool, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(0 if nul else 1, 256) for _ in range(n))


@pytest.mark.parametrize(("name", "data"), [
    ("random.txt", _random_bytes(3000, nul=True)),
    ("random.docx", _random_bytes(3000, nul=True)),
    ("no-nul.txt", _random_bytes(3000, nul=False)),
    ("short.txt", _random_bytes(100, nul=False, seed=3)),
    ("nul-late.txt", b"contract text " * 1000 + b"\x00"),
])  # fmt: skip
def test_random_bytes_are_not_a_contract(tmp_path: Path, name: str, data: bytes) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(DocumentReadError, match=r"not a \.docx, \.pdf or text file: .*give the contract as"):
        read_document(tmp_path / name)


@pytest.mark.parametrize(("data", "encoding"), [
    ("Le prestataire s'engage à fournir les services décrits ; café, élève.\f\n".encode("cp1252"), "cp1252"),
    ("\ufeff技术服务合同\r\n甲方：某某\t乙方：某某\n".encode("utf-16-le"), "utf-16"),
    ("\ufeff技术服务合同\n甲方：某某\n".encode("utf-32-le"), "utf-32"),
    ("\ufeff技术服务合同\n甲方：某某\n".encode("utf-32-be"), "utf-32"),
])  # fmt: skip
def test_real_text_in_any_of_its_encodings_is_read(tmp_path: Path, data: bytes, encoding: str) -> None:
    assert decode_text(data)[1] == encoding
    (tmp_path / "c.txt").write_bytes(data)
    assert read_document(tmp_path / "c.txt").has_text


def test_too_much_text_is_refused_with_the_limit(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text("保密条款。\n" * 100, encoding="utf-8")
    with pytest.raises(DocumentReadError, match=r"too much text: 600 characters \(limit 500\)"):
        read_document(tmp_path / "long.txt", max_chars=500)
    assert read_document(tmp_path / "long.txt").has_text


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"a" * 2000)
    with pytest.raises(DocumentReadError, match=r"file too large: 2,000 bytes \(limit 1,000\)"):
        read_document(tmp_path / "big.txt", max_bytes=1000)


def test_a_long_repeated_field_is_not_a_zip_bomb(tmp_path: Path) -> None:
    # A drafted contract whose field repeats at length compresses several hundred times: it was refused as
    # "zip bomb suspected" (any member over 1 MiB expanding over 200x).
    d = docx.Document()
    d.add_paragraph("技术服务合同")
    d.add_paragraph("项目名称：" + "核心业务系统运维服务项目" * 50_000)
    path = tmp_path / "long.docx"
    d.save(str(path))
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
    assert info.file_size > 1 << 20 and info.file_size > 200 * info.compress_size
    assert read_document(path).has_text


def _bomb(path: Path, megabytes: int, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as f:
            for _ in range(megabytes):
                f.write(bytes(1 << 20))
    return path


def test_real_bombs_are_still_refused(tmp_path: Path) -> None:
    over_floor = RATIO_FLOOR // (1 << 20) + 1
    with pytest.raises(DocumentReadError, match=r"zip bomb suspected: member 'word/document\.xml' expands"):
        read_document(_bomb(tmp_path / "a.docx", over_floor))
    with pytest.raises(DocumentReadError, match=r"zip bomb suspected: 3,145,736 bytes uncompressed "
                                                r"\(limit 2,097,152\)"):
        read_document(_bomb(tmp_path / "b.docx", 3), max_uncompressed=2 << 20)
    with pytest.raises(DocumentReadError, match=r"word/document\.xml too large: 3,145,728 bytes uncompressed "
                                                r"\(limit 1,048,576 for one part\)"):
        read_document(_bomb(tmp_path / "c.docx", 3), max_part=1 << 20)


def test_a_dtd_with_entities_and_an_external_file_is_read_without_them(drafted: dict[str, Path],
                                                                         tmp_path: Path) -> None:
    src = drafted["it_contract_zh.yaml"]
    out = tmp_path / "dtd.docx"
    doctype = (b'<!DOCTYPE w:document [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
               b'<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b"?>" + doctype, 1).replace("甲方".encode(), b"&b;&xxe;", 1)
            zout.writestr(info, data)
    text = read_document(out).text
    assert "AAAA" not in text and "root:" not in text and "合同" in text


def test_a_pdf_of_garbage_and_a_truncated_docx(drafted: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "g.pdf").write_bytes(b"%PDF-1.7\n" + _random_bytes(5000, nul=True))
    with pytest.raises(DocumentReadError, match=r"g\.pdf: not a valid PDF"):
        read_document(tmp_path / "g.pdf")
    whole = drafted["pledge_zh.yaml"].read_bytes()
    for cut in (30, len(whole) // 3, len(whole) - 30):
        (tmp_path / "t.docx").write_bytes(whole[:cut])
        with pytest.raises(DocumentReadError, match=r"t\.docx: not a valid \.docx \(truncated or corrupt zip\)"):
            read_document(tmp_path / "t.docx")


def test_a_folder_named_like_a_document(tmp_path: Path) -> None:
    (tmp_path / "x.docx").mkdir()
    with pytest.raises(DocumentReadError, match=r"x\.docx: not a file"):
        read_document(tmp_path / "x.docx")
    shutil.rmtree(tmp_path / "x.docx")
