"""Fuzz `contracts review` with damaged inputs: a drafted .docx whose zip is truncated, loses or corrupts
entries or holds XML garbage; a small PDF made here, truncated or with bytes changed; .txt of random
bytes, of contract text in several encodings, with long paragraphs and long numbered lists.

The property: a JSON report whose exit status agrees with it (0 no blockers, 1 blockers, 2 unreadable),
the file named; with --out, exactly one report per document and no half-written file; never a
traceback, a hang, or unbounded memory.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import warnings
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from clause_library.models import Lang
from generator.values import item_marker

from .harness import Outcome, assert_sound, leftovers, run_cli, scaled, tree

CONTRACT_TEXT = (
    "技术服务合同\n合同编号：IT-2026-0001\n甲方（委托方）：北京示例科技股份有限公司\n"
    "乙方（受托方）：上海云服信息技术有限公司\n"
    "第一条 服务内容\n乙方向甲方提供核心业务系统运维服务。\n"
    "第二条 服务期限\n服务期限自2026年4月1日起至2027年3月31日止。\n"
    "第三条 保密\n乙方对在履行本合同过程中知悉的甲方信息负有保密义务，保密期限为五年。\n"
)


def _expected_exit(report: dict[str, Any]) -> int:
    if "read_failure" in report or not report.get("readable", False):
        return 2
    return 1 if any(f["severity"] == "blocker" for f in report["findings"]) else 0


def review_and_check(body: bytes, name: str) -> Outcome:
    """Review ``body`` saved as ``name``, as JSON on stdout and as a report in --out; check the property."""
    with tempfile.TemporaryDirectory(prefix="fuzz-review-") as tmp:
        work = Path(tmp)
        doc = work / name
        doc.write_bytes(body)
        o = run_cli(["review", doc, "--format", "json"], cwd=work)
        assert_sound(o)
        try:
            report = json.loads(o.stdout)
        except ValueError:
            report = None
        if report is None:
            assert o.code == 2 and name in " ".join(o.stderr.split()), f"no JSON report and no clear error:\n{o}"
        else:
            assert report["path"].endswith(name), f"the report does not name the file:\n{o}"
            assert o.code == _expected_exit(report), f"exit {o.code} disagrees with the report:\n{o}"
        out = work / "reports"
        o2 = run_cli(["review", doc, "--format", "md", "--out", out], cwd=work)
        assert_sound(o2)
        assert o2.code == o.code, f"exit {o2.code} with --out, {o.code} without:\n{o2}"
        assert not leftovers(work), f"left behind: {leftovers(work)}\n{o2}"
        written = tree(out)
        assert list(written) in ([f"{name}.review.md"], []), f"--out holds {sorted(written)}:\n{o2}"
        if not written:
            assert o2.code == 2 and name in " ".join(o2.stderr.split()), f"no report and no clear error:\n{o2}"
        return o


# ---- .docx ---------------------------------------------------------------------------------------

_XML_GARBAGE = st.sampled_from([
    b"", b"<", b"not xml at all", b"<?xml version='1.0'?><w:document/>", b"\xff\xfe<\x00a\x00>\x00",
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><d>&d;&d;&d;</d>',
    b'<?xml version="1.0"?><!DOCTYPE d SYSTEM "file:///etc/passwd"><d>&xxe;</d>',
    b"<a>" * 5000 + b"</a>" * 5000,
    b"<a " + b" ".join(b'x%d="1"' % i for i in range(3000)) + b"/>",
])


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in entries:
            z.writestr(n, data)
    return buf.getvalue()


def _list_items(document: bytes, n: int) -> bytes:
    """``document.xml`` with ``n`` more items in one numbered list (copies of its first numbered paragraph)."""
    start = document.find(b"<w:numPr>")
    p_start = document.rfind(b"<w:p>", 0, start)
    if p_start < 0:
        p_start = document.rfind(b"<w:p ", 0, start)
    p_end = document.find(b"</w:p>", start) + len(b"</w:p>")
    if start < 0 or p_start < 0:
        return document
    return document[:p_end] + document[p_start:p_end] * n + document[p_end:]


@st.composite
def damaged_docx(draw: st.DrawFn, original: bytes) -> bytes:
    entries = [(i.filename, zipfile.ZipFile(io.BytesIO(original)).read(i.filename))
               for i in zipfile.ZipFile(io.BytesIO(original)).infolist()]
    how = draw(st.sampled_from(["truncate", "flip", "drop", "garbage", "xml", "items", "duplicate", "empty"]))
    where = draw(st.integers(0, 10**7))
    if how == "truncate":
        return original[: where % len(original)]
    if how == "flip":
        at = where % len(original)
        return original[:at] + bytes([original[at] ^ draw(st.integers(1, 255))]) + original[at + 1 :]
    if how == "empty":
        return b""
    name = entries[where % len(entries)][0]
    if how == "drop":
        return _zip([e for e in entries if e[0] != name])
    if how == "duplicate":
        with warnings.catch_warnings():  # zipfile warns of a duplicate name: that is the point
            warnings.simplefilter("ignore")
            return _zip([*entries, (name, draw(_XML_GARBAGE))])
    if how == "items":
        n = draw(st.integers(1, 1500))
        return _zip([(k, _list_items(v, n) if k == "word/document.xml" else v) for k, v in entries])
    target = "word/document.xml" if how == "xml" and draw(st.booleans()) else name
    junk = draw(_XML_GARBAGE) if how == "xml" else draw(st.binary(max_size=256))
    return _zip([(k, junk if k == target else v) for k, v in entries])


@scaled(3)
@given(st.data(), st.sampled_from(["it_contract_zh.yaml", "nda_mutual_en.yaml", "pledge_zh.yaml"]))
def test_damaged_docx(warm: dict[str, Path], data: st.DataObject, example_name: str) -> None:
    original = warm[example_name].read_bytes()
    review_and_check(data.draw(damaged_docx(original)), "contract.docx")


_ITEMS = re.compile(r'(?:<w:p><w:pPr><w:pStyle w:val="ClauseItem"/></w:pPr>(?:(?!</w:p>).)*</w:p>)+')


def _services(document: str, n: int) -> str:
    """``document.xml`` of the drafted IT contract with ``n`` services, numbered as the generator numbers them."""
    block = next(m for m in _ITEMS.finditer(document) if "7×24" in m.group(0))
    item = block.group(0)[: block.group(0).index("</w:p>") + len("</w:p>")]
    head, tail = item[: item.index("<w:t>") + len("<w:t>")], item[item.index("</w:t>") :]
    items = "".join(f"{head}{item_marker(i, Lang.zh)} 第{i}项服务：系统巡检、性能优化及补丁管理{tail}"
                    for i in range(1, n + 1))
    return document[: block.start()] + items + document[block.end() :]


@scaled(1)
@example(1000)
@given(st.integers(1000, 3000))
def test_long_list_in_our_draft_is_reviewed_in_bounded_time(warm: dict[str, Path], n: int) -> None:
    """Our own contract with 1,000 or more services in its list (the reviewer once hung on it)."""
    original = warm["it_contract_zh.yaml"].read_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    body = _zip([(k, _services(v.decode("utf-8"), n).encode("utf-8") if k == "word/document.xml" else v)
                 for k, v in entries])
    o = review_and_check(body, "contract.docx")
    assert o.code in (0, 1), f"our own contract with {n} services is not reviewed:\n{o}"


# ---- .pdf ----------------------------------------------------------------------------------------

def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing ``lines`` (ASCII) in Helvetica, with a correct xref table."""
    text = "".join(f"({ln.replace(chr(92), '').replace('(', '').replace(')', '')}) Tj 0 -14 Td " for ln in lines)
    stream = f"BT /F1 11 Tf 56 780 Td {text}ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF_LINES = ["SERVICES AGREEMENT", "Contract No. IT-2026-0001", "1. Services. The Vendor shall provide hosting.",
             "2. Term. From 1 April 2026 to 31 March 2027.", "3. Confidentiality. Five years after termination."]
PDF_PATCHES = st.sampled_from([(b"/Count 1", b"/Count 999999999"), (b"/Count 1", b"/Count -1"),
                               (b"/Length", b"/Length 99999999 /L"), (b"3 0 R", b"3 0 R 3 0 R"),
                               (b"/Root 1 0 R", b"/Root 2 0 R"), (b"/Kids [3 0 R]", b"/Kids [1 0 R]"),
                               (b"startxref", b"startxref\n0\n"), (b"%PDF-1.4", b"%PDF-9.9"),
                               (b"/Helvetica", b"/" + b"A" * 70000), (b"obj", b"obj <<" * 2000)])


@scaled(3)
@given(st.sampled_from(["truncate", "flip", "insert", "patch", "none"]), st.integers(0, 10**6),
       st.binary(min_size=1, max_size=64), PDF_PATCHES)
def test_damaged_pdf(how: str, where: int, junk: bytes, patch: tuple[bytes, bytes]) -> None:
    body = make_pdf(PDF_LINES)
    at = where % len(body)
    body = {
        "truncate": body[:at],
        "flip": body[:at] + bytes([body[at] ^ junk[0]]) + body[at + 1 :],
        "insert": body[:at] + junk + body[at:],
        "patch": body.replace(*patch),
        "none": body,
    }[how]
    o = review_and_check(body, "contract.pdf")
    if how == "none":
        assert o.code in (0, 1), f"the intact PDF is not reviewed:\n{o}"


# ---- .txt ----------------------------------------------------------------------------------------

@scaled(3)
@given(st.binary(max_size=2048))
def test_random_bytes_txt(body: bytes) -> None:
    review_and_check(body, "contract.txt")


@scaled(2)
@given(st.binary(min_size=200, max_size=2048).filter(lambda b: sum(c < 9 or 13 < c < 32 for c in b) > len(b) // 10))
def test_binary_junk_is_not_reviewed_as_a_contract(body: bytes) -> None:
    """Bytes that are no text in any encoding are unreadable (exit 2), not a contract with blockers."""
    o = review_and_check(body, "contract.txt")
    assert o.code == 2, f"binary junk reviewed as a contract:\n{o}"


@scaled(3)
@example("utf-8", "", 2000, 1, "")
@given(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "big5", "cp1252", "latin-1"]),
       st.text(max_size=50), st.integers(0, 3000), st.integers(0, 200_000),
       st.sampled_from(["", "\r\n", "\x00", "\x0c"]))
def test_text_contract(encoding: str, noise: str, items: int, paragraph: int, sep: str) -> None:
    """A contract as text: any encoding, noise, a long numbered list and a long paragraph."""
    text = CONTRACT_TEXT + noise + "\n" + "".join(f"{i}. 乙方应按时提交第{i}项交付物。\n" for i in range(1, items + 1))
    text += "第四条 其他\n" + "甲方" * (paragraph // 2) + "\n"
    if sep:
        text = text.replace("\n", sep if sep != "\x00" else "\n\x00", 3)
    body = text.encode(encoding, errors="replace")
    review_and_check(body, "contract.txt")


def test_empty_folder_is_reported() -> None:
    """Reviewing a folder with nothing to review says so and does not exit 0 silently."""
    with tempfile.TemporaryDirectory(prefix="fuzz-review-") as tmp:
        (Path(tmp) / "empty").mkdir()
        o = run_cli(["review", Path(tmp) / "empty"], cwd=Path(tmp))
        assert_sound(o)
        assert o.output.strip() and o.code != 0, f"an empty folder reviewed silently:\n{o}"


@example(0, 0x55)
@given(st.integers(0, 4000), st.integers(1, 255))
def test_docx_with_damaged_deflate_data(warm: dict[str, Path], offset: int, xor: int) -> None:
    """A byte changed inside word/document.xml's compressed data (zlib errors are not BadZipFile)."""
    body = bytearray(warm["it_contract_zh.yaml"].read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(body))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    body[start + offset % info.compress_size] ^= xor
    review_and_check(bytes(body), "contract.docx")
