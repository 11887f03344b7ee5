"""Pledge PDFs made twenty to a document and cut apart: each shows what converting it alone shows."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

import generator.pdf_pledges as pp
from clause_library.loader import Library
from generator.pack import PackResult, build_pack
from generator.pdf import convert_to_pdf
from generator.pledge_template import pledge_contract_no
from generator.request import NdaRequest
from tests.conftest import needs_soffice
from tests.generator.rosters import write_roster
from tests.generator.test_pack import NAMES, ROLES, nda, roster_rows  # noqa: F401  (nda: a fixture)

# The pages of one pledge of the standalone pack (with its PIPL notice, its background-check consent and the
# vendor's acknowledgment).
PLEDGE_PAGES = 5

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _words(pdf: Path, page: int) -> list[tuple[str, float, float]]:
    """The words of one page with where they start (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(m.group(3), float(m.group(1)), float(m.group(2)))
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def _same_page(cut: Path, alone: Path, page: int) -> None:
    """Same words in the same order, each within half a point of where it is alone (the footer's page count,
    a field alone and a number when cut, is centred 0.1 pt apart)."""
    a, b = _words(cut, page), _words(alone, page)
    assert [w for w, _, _ in a] == [w for w, _, _ in b], (cut.name, page)
    assert all(abs(x1 - x2) <= 0.5 and abs(y1 - y2) <= 0.5 for (_, x1, y1), (_, x2, y2) in zip(a, b, strict=True))


@dataclass
class PdfPacks:
    """One 7-person pack with PDFs, built twice: by two LibreOffice processes (``two``, its progress in
    ``seen``) and by one (``one``)."""

    two: PackResult
    one: PackResult
    seen: list[tuple[str, int, int]]


@pytest.fixture(scope="module")
def pdf_packs(tmp_path_factory: pytest.TempPathFactory, nda: NdaRequest, library: Library) -> PdfPacks:  # noqa: F811
    # Two pledges per combined document: 7 pledges are the probe plus three combined documents.
    tmp = tmp_path_factory.mktemp("pdf-packs")
    roster = write_roster(tmp / "r.csv", roster_rows(7))
    seen: list[tuple[str, int, int]] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pp, "CHUNK", 2)
        two = build_pack(nda, roster, tmp / "two", pdf=True, library=library, pdf_processes=2,
                         progress=lambda stage, done, total: seen.append((stage, done, total)))
        one = build_pack(nda, roster, tmp / "one", pdf=True, library=library, pdf_processes=1)
    return PdfPacks(two, one, seen)


@needs_soffice
@pytest.mark.libreoffice
def test_cut_pledges_show_what_each_shows_alone(tmp_path: Path, pdf_packs: PdfPacks) -> None:
    result = pdf_packs.two
    docx = [result.folder / p.file for p in result.pledges]
    alone = convert_to_pdf(docx, tmp_path / "alone", processes=2)
    for path, own in zip(docx, alone, strict=True):
        cut = path.with_suffix(".pdf")
        n = _pages(own)
        assert _pages(cut) == n
        for page in range(1, n + 1):
            _same_page(cut, own, page)
            footer = " ".join(w for w, _, _ in _words(cut, page)[-6:])
            assert footer == f"第 {page} 页 共 {n} 页", footer
    pdf_progress = [(d, t) for s, d, t in pdf_packs.seen if s == "pdf"]
    assert pdf_progress[-1] == (8, 8) and [d for d, _ in pdf_progress] == sorted(d for d, _ in pdf_progress)
    assert len({d for d, _ in pdf_progress}) >= 4, pdf_progress  # moves with each combined document
    assert not (result.folder / ".pdf").exists()


@needs_soffice
@pytest.mark.libreoffice
def test_pledges_pdfs_are_the_same_bytes_every_time(pdf_packs: PdfPacks, nda: NdaRequest) -> None:  # noqa: F811
    from pypdf import PdfReader

    # Which process converted which pledge, and how many processes there were, changes no byte.
    one, two = pdf_packs.one, pdf_packs.two
    for p in one.pledges:
        name = p.file.replace(".docx", ".pdf")
        assert (one.folder / name).read_bytes() == (two.folder / name).read_bytes(), name
        info = PdfReader(one.folder / name).metadata
        assert info is not None and "/CreationDate" not in info
        assert info["/Subject"] == p.contract_no == pledge_contract_no(nda, p.number)
    merged = one.folder / "pledges-merged.pdf"
    assert merged.read_bytes() == (two.folder / "pledges-merged.pdf").read_bytes()
    reader = PdfReader(merged)
    assert len(reader.pages) == sum(_pages(one.folder / p.file.replace(".docx", ".pdf")) for p in one.pledges)
    starts = [reader.get_destination_page_number(item) for item in reader.outline]
    assert starts == [PLEDGE_PAGES * i for i in range(7)]  # every pledge has as many pages; each bookmark at its first


@needs_soffice
@pytest.mark.libreoffice
def test_pdf_pack_has_one_bookmark_per_person(pdf_packs: PdfPacks) -> None:
    from pypdf import PdfReader

    result = pdf_packs.two
    merged = PdfReader(result.folder / "pledges-merged.pdf")
    people = [(NAMES[i % len(NAMES)], ROLES[i % len(ROLES)]) for i in range(7)]
    assert [item.title for item in merged.outline] == [f"NDA-2026-0042-P{i:03d} {n} ({r})"
                                                    for i, (n, r) in enumerate(people, 1)]
    assert (result.folder / "nda.pdf").is_file()
    assert all((result.folder / p.file.replace(".docx", ".pdf")).is_file() for p in result.pledges)
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert "pledges-merged.pdf" in {f["file"] for f in manifest["files"]}


@needs_soffice
@pytest.mark.libreoffice
def test_a_pledge_not_found_in_the_combined_pdf_is_converted_alone(tmp_path: Path, nda: NdaRequest,  # noqa: F811
                                                                   library: Library,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pp, "CHUNK", 3)
    found = pp._page_ranges
    lost: list[int] = []

    def lose_the_second(reader: object, count: int) -> list[tuple[int, int]]:
        ranges = found(reader, count)  # type: ignore[arg-type]
        lost.append(count)
        return [(-1, -1) if k == 1 else r for k, r in enumerate(ranges)]

    monkeypatch.setattr(pp, "_page_ranges", lose_the_second)
    calls: list[int] = []
    real = pp.convert_to_pdf

    def counting(files: list[Path], *args: object, **kwargs: object) -> list[Path]:
        calls.append(len(files))
        return real(files, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pp, "convert_to_pdf", counting)
    roster = write_roster(tmp_path / "r.csv", roster_rows(5))
    result = build_pack(nda, roster, tmp_path / "out", pdf=True, library=library)
    # NDA + probe, then two combined documents of the other four (3 + 1), then the one lost pledge alone.
    assert calls == [2, 2, 1] and lost == [3, 1]
    for p in result.pledges:
        cut = result.folder / p.file.replace(".docx", ".pdf")
        assert _pages(cut) == PLEDGE_PAGES
        assert NAMES[p.number - 1].split()[0] in " ".join(w for w, _, _ in _words(cut, 1))


# ------------------------------------------------------------------ what can be combined (no LibreOffice)


def _docx(tmp: Path, name: str, body: str, *, footer: str = "", styles: str = "") -> Path:
    """A minimal .docx with the given body XML (a final sectPr is added) and optional footer and styles."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts = {
        "[Content_Types].xml": "<Types/>",
        "word/document.xml": f'<w:document {ns}><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
                             f'<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440"/>'
                             f'</w:sectPr></w:body></w:document>',
        "docProps/core.xml": '<cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                             f"<dc:subject>{name}</dc:subject></cp:coreProperties>",
        "word/styles.xml": f"<w:styles {ns}>{styles}</w:styles>",
    }
    if footer:
        parts["word/footer1.xml"] = f"<w:ftr {ns}>{footer}</w:ftr>"
    path = tmp / f"{name}.docx"
    with zipfile.ZipFile(path, "w") as z:
        for part, xml in parts.items():
            z.writestr(part, xml)
    return path


PAGE_FOOTER = ('<w:p><w:r><w:t xml:space="preserve">第 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
               '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
               '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t> 页 共 </w:t></w:r>'
               '<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
               '<w:r><w:instrText> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
               '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t> 页</w:t></w:r>'
               '<w:r><w:fldSimple w:instr="SECTIONPAGES"><w:r><w:t>9</w:t></w:r></w:fldSimple></w:r></w:p>')
NUMBERED = ('<w:style w:type="paragraph" w:styleId="Base"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>'
            '</w:style><w:style w:type="paragraph" w:styleId="Child"><w:basedOn w:val="Base"/></w:style>')


def test_pledges_from_one_template_combine(tmp_path: Path) -> None:
    files = [_docx(tmp_path, f"p{i}", f"<w:p><w:r><w:t>pledge {i}</w:t></w:r></w:p>", footer=PAGE_FOOTER)
             for i in range(3)]
    assert pp._combinable(files)
    target = tmp_path / "combined.docx"
    pp._combine(files, target, 3)
    with zipfile.ZipFile(target) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
        footer = etree.fromstring(z.read("word/footer1.xml"))
    assert body is not None
    sections = body.findall(f".//{W}sectPr")
    assert len(sections) == 3 and body[-1].tag == f"{W}sectPr"
    assert [s.find(f"{W}pgNumType").get(f"{W}start") for s in sections] == ["1", "1", "1"]  # type: ignore[union-attr]
    # pgNumType after the page size and margins, as the schema orders them
    assert [c.tag.removeprefix(W) for c in sections[0]] == ["pgSz", "pgMar", "pgNumType"]
    names = [b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")]
    assert names == ["contractsPart00000", "contractsPart00001", "contractsPart00002"]
    assert ["".join(p.itertext()) for p in body.iter(f"{W}p")] == ["pledge 0", "", "pledge 1", "", "pledge 2"]
    # page numbers stay a field; both page counts become the number, in the field's own run formatting
    assert [t.text.strip() for t in footer.iter(f"{W}instrText")] == ["PAGE"]  # type: ignore[union-attr]
    assert "".join(t.text or "" for t in footer.iter(f"{W}t")) == "第 1 页 共 3 页3"
    assert footer.find(f".//{W}fldSimple") is None
    count_run = next(r for r in footer.iter(f"{W}r") if "".join(r.itertext()) == "3")
    assert count_run.find(f"{W}rPr/{W}sz") is not None


@pytest.mark.parametrize(("body", "footer", "styles", "why"), [
    ("<w:p><w:r><w:t>x</w:t></w:r></w:p>", '<w:p><w:fldSimple w:instr="DOCPROPERTY ContractNo"/></w:p>', "",
     "a field that would show the first pledge's value in every one"),
    ('<w:p><w:r><w:instrText> REF x </w:instrText></w:r></w:p>', "", "", "a cross-reference"),
    ("<w:p><w:pPr><w:numPr><w:numId w:val='1'/></w:numPr></w:pPr></w:p>", "", "", "a numbered list"),
    ("<w:p><w:pPr><w:pStyle w:val='Child'/></w:pPr></w:p>", "", NUMBERED, "a style numbered through its base"),
    ("<w:p><w:pPr><w:sectPr/></w:pPr></w:p>", "", "", "two sections"),
    ('<w:p><w:bookmarkStart w:id="0" w:name="x"/></w:p>', "", "", "its own bookmarks"),
])
def test_what_would_not_come_out_the_same_is_converted_alone(tmp_path: Path, body: str, footer: str, styles: str,
                                                            why: str) -> None:
    files = [_docx(tmp_path, f"p{i}", body, footer=footer, styles=styles) for i in range(2)]
    assert not pp._combinable(files), why


def test_documents_that_differ_beyond_the_body_are_not_combined(tmp_path: Path) -> None:
    a = _docx(tmp_path, "a", "<w:p/>", footer=PAGE_FOOTER)
    b = _docx(tmp_path, "b", "<w:p/>", footer=PAGE_FOOTER.replace("第 ", "Page "))
    assert pp._combinable([a, a]) and not pp._combinable([a, b])
    broken = tmp_path / "broken.docx"
    broken.write_bytes(io.BytesIO(b"not a zip").getvalue())
    assert not pp._combinable([a, broken])
