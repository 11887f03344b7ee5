"""The pack's watermark: one page, both lines whole, or a clear refusal (never a silently dropped line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm, Pt
from pypdf import PdfReader

from clause_library.errors import RenderError
from generator.pdf import convert_to_pdf
from signoff import pack
from signoff.ledger import open_ledger
from signoff.sheets import WATERMARK_LINES, watermark_docx
from tests.conftest import EXAMPLES, SETUP_FONTS, needs_soffice, pdf_fonts

pytestmark = needs_soffice


def _lines(pdf: Path) -> list[list[str]]:
    return [[line.replace(" ", "") for line in page.extract_text().splitlines() if line.strip()]
            for page in PdfReader(pdf).pages]


def _resized(src: Path, dst: Path, size: float, page_height_cm: float | None = None) -> Path:
    doc = Document(str(src))
    for p in doc.paragraphs:
        for run in p.runs:
            run.font.size = Pt(size)
    if page_height_cm is not None:
        doc.sections[0].page_height = Cm(page_height_cm)
    doc.save(str(dst))
    return dst


@pytest.fixture(scope="module")
def marks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The watermark as the pack makes it, one at 90 pt that spills onto further pages, and one at
    60 pt on a page tall enough that the English line wraps but stays on the page."""
    tmp = tmp_path_factory.mktemp("marks")
    good = watermark_docx(tmp / "good.docx")
    docs = [good, _resized(good, tmp / "spills.docx", 90), _resized(good, tmp / "wraps.docx", 60, 20)]
    return {p.stem: p for p in convert_to_pdf(docs, tmp / "pdf")}


def test_the_watermark_is_one_page_with_both_lines_whole(marks: dict[str, Path]) -> None:
    assert _lines(marks["good"]) == [[line.replace(" ", "") for line in WATERMARK_LINES]]
    assert pdf_fonts(marks["good"]) and all(f.startswith(SETUP_FONTS) for f in pdf_fonts(marks["good"]))
    page = pack._watermark_page(marks["good"])
    assert "DRAFT — NOT APPROVED" in page.extract_text()


def test_a_watermark_spilling_onto_a_second_page_is_refused(marks: dict[str, Path]) -> None:
    assert len(PdfReader(marks["spills"]).pages) > 1  # the case being tested: it does spill
    with pytest.raises(RenderError, match=r"did not fit one line each on one page.*[2-9] page\(s\).*setup\.sh"):
        pack._watermark_page(marks["spills"])


def test_a_watermark_with_a_wrapped_line_is_refused(marks: dict[str, Path]) -> None:
    assert len(_lines(marks["wraps"])) == 1 and len(_lines(marks["wraps"])[0]) > 2  # one page, a line wrapped
    with pytest.raises(RenderError, match=r"1 page\(s\).*Liberation Sans"):
        pack._watermark_page(marks["wraps"])


@pytest.fixture
def empty_ledger(tmp_path: Path) -> Path:
    """A ledger with no sign-off yet (a pack never creates one: only a sign-off does)."""
    with open_ledger(tmp_path / "ledger.db", create=True):
        pass
    return tmp_path / "ledger.db"


def test_the_pack_refuses_a_watermark_that_does_not_fit_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, empty_ledger: Path
) -> None:
    from generator.draft import draft

    contract = next(p for p in draft(EXAMPLES / "nda_mutual_en.yaml", tmp_path / "out").files if p.suffix == ".docx")
    monkeypatch.setattr(pack, "watermark_docx", lambda path: _resized(watermark_docx(path), path, 90))
    target = tmp_path / "pack.pdf"
    with pytest.raises(RenderError, match="watermark"):
        pack.build_signoff_pack(contract, target, empty_ledger)
    assert list(tmp_path.glob("pack*")) == [] and list(tmp_path.glob(".pack*")) == []


def test_the_pending_pack_carries_both_lines_on_every_contract_page(tmp_path: Path, empty_ledger: Path) -> None:
    from generator.draft import draft

    contract = next(p for p in draft(EXAMPLES / "nda_mutual_en.yaml", tmp_path / "out").files if p.suffix == ".docx")
    target = pack.build_signoff_pack(contract, tmp_path / "pack.pdf", empty_ledger)
    reader = PdfReader(target)
    start = {item.title: reader.get_destination_page_number(item) for item in reader.outline
             if not isinstance(item, list)}
    first, after = start[pack.PARTS[1]], start[pack.PARTS[2]]
    assert after > first
    for i in range(first, after):
        text = reader.pages[i].extract_text().replace(" ", "")
        assert all(line.replace(" ", "") in text for line in WATERMARK_LINES), f"page {i + 1}"
    assert {f for f in pdf_fonts(target) if not f.startswith(SETUP_FONTS)} == set()  # no fallback font
