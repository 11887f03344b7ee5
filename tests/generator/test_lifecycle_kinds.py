"""Issue 13: each document of a contract's life drafts from its shipped example, reviews with no blocker, and
fails the reviewer when one of its mandatory categories is taken out (each category of its playbook in turn)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document

from clause_library.loader import default_library
from clause_library.models import DocumentKind, Severity
from generator.assemble import assemble
from generator.assembled import Article, Assembled, Table
from generator.draft import DOC_NAMES, draft
from generator.render import render_docx
from generator.request import load_request
from review.review import review_document
from tests.conftest import EXAMPLES, SETUP_FONTS, draft_example, needs_soffice, pdf_fonts

# kind -> its shipped example, made for the IT contract IT-2026-0001
EXAMPLE = {
    DocumentKind.security_agreement: "security_it_zh.yaml",
    DocumentKind.integrity_agreement: "integrity_it_zh.yaml",
    DocumentKind.power_of_attorney: "poa_it_zh.yaml",
    DocumentKind.change_agreement: "change_it_zh.yaml",
    DocumentKind.termination_agreement: "termination_it_zh.yaml",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kinds")
    draft_example("it_contract_zh.yaml", folder)
    return folder


@pytest.fixture(scope="module")
def documents(out: Path) -> dict[DocumentKind, Path]:
    """Each kind drafted from its example into ``out``, once, in the demo's order (a termination reads the contract
    through the change drafted before it): kind → its .docx, which the tests below read."""
    return {kind: draft(EXAMPLES / name, out).folder / f"{DOC_NAMES[kind]}.docx" for kind, name in EXAMPLE.items()}


@pytest.fixture(scope="module")
def assembled(documents: dict[DocumentKind, Path], out: Path) -> dict[DocumentKind, Assembled]:
    """Each kind's example assembled once, beside the documents drafted before it (the tests copy it, not change it)."""
    lib = default_library()
    return {kind: assemble(lib, load_request(EXAMPLES / name, out_dir=out)) for kind, name in EXAMPLE.items()}


def test_every_kind_of_the_lifecycle_has_an_example_here() -> None:
    family = {k for k in DocumentKind if k not in (DocumentKind.service_contract, DocumentKind.nda,
                                                    DocumentKind.pledge)}
    assert set(EXAMPLE) == family


@pytest.mark.parametrize("kind", list(EXAMPLE), ids=lambda k: k.value)
def test_each_kind_drafts_from_its_example_and_reviews_without_blocker(documents: dict[DocumentKind, Path],
                                                                       kind: DocumentKind) -> None:
    docx = documents[kind]
    assert docx.is_file()
    report = review_document(docx)
    assert report.kind == kind.value
    assert not report.blockers, [f.message_en for f in report.blockers]
    # it cites its main contract by title and number
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "IT-2026-0001" in text and "信息技术外包服务合同" in text


def _mandatory(kind: DocumentKind) -> list[tuple[str, Severity]]:
    """The mandatory categories of ``kind``'s playbook that hold in every engagement. Signatures are left out
    where the Word template carries the two parties' signing block: taking the closing clause out leaves a
    document the parties still sign (the power of attorney's signers are in its clause)."""
    pb = default_library().playbook(kind, None)
    return [(r.category, r.severity) for r in pb.mandatory
            if not r.when and (r.category != "signatures" or kind is DocumentKind.power_of_attorney)]


def _without(doc: Assembled, category: str) -> Assembled:
    """``doc`` without the articles of ``category``, and without the schedules only they cited."""
    def text(articles: list[Article]) -> str:
        return "\n".join(p.text[lang] for a in articles for p in a.paras for lang in p.text)

    gone = text([a for a in doc.articles if a.category == category])
    kept = [a for a in doc.articles if a.category != category]
    rest = text(kept)

    def cited_only_there(table: Table) -> bool:
        name = next(iter(table.title.values())).split(" ", 1)[-1]
        return name in gone and name not in rest

    return replace(doc, articles=kept, tables=[t for t in doc.tables if not cited_only_there(t)])


@pytest.mark.parametrize(("kind", "category", "severity"),
                         [(k, c, s) for k in EXAMPLE for c, s in _mandatory(k)],
                         ids=lambda v: v.value if isinstance(v, DocumentKind | Severity) else str(v))
def test_taking_out_a_mandatory_category_fails_the_review(assembled: dict[DocumentKind, Assembled], tmp_path: Path,
                                                         kind: DocumentKind, category: str, severity: Severity) -> None:
    doc = assembled[kind]
    without = _without(doc, category)
    assert len(without.articles) < len(doc.articles), f"the {kind.value} example has no {category} clause"
    path = tmp_path / f"{DOC_NAMES[kind]}.docx"
    # the clause list in the document's properties lists what it holds: no claim of a clause taken out
    path.write_bytes(render_docx(without))
    report = review_document(path)
    missing = [f for f in report.findings if f.category == category and f.check.startswith("missing")]
    assert missing, [(f.check, f.category) for f in report.findings]
    assert missing[0].severity is severity
    if severity is Severity.blocker:
        assert report.blockers


@needs_soffice
@pytest.mark.libreoffice
def test_each_kind_and_the_staff_list_render_in_libreoffice(documents: dict[DocumentKind, Path], out: Path,
                                                            tmp_path: Path) -> None:
    """Each kind's .docx (and a pack's staff list) converts to PDF with the fonts setup.sh installs, page numbers
    resolved, its title and its last article on the pages, no blank left where a figure should be."""
    import pypdfium2 as pdfium

    from generator.pack import build_pack
    from generator.pdf import convert_to_pdf

    files = [documents[kind] for kind in EXAMPLE]
    pack = build_pack(EXAMPLES / "nda_pack_it_zh.yaml", EXAMPLES / "roster_it.csv", out, workers=1)
    staff = tmp_path / "staff-list.docx"
    staff.write_bytes((pack.folder / "staff-list.docx").read_bytes())
    pdfs = convert_to_pdf([*files, staff], tmp_path / "pdf")
    titles = ["信息安全保密协议", "廉洁协议", "授权委托书", "变更协议", "终止协议", "外包人员清单"]
    for pdf, title in zip(pdfs, titles, strict=True):
        doc = pdfium.PdfDocument(str(pdf))
        text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))).replace(" ", "")
        assert title in text, pdf
        assert {f for f in pdf_fonts(pdf) if not f.startswith(SETUP_FONTS)} == set(), pdf  # no fallback font
        assert f"共{len(doc)}页" in text, pdf
    settlement = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(str(pdfs[4])))
    assert "27,730.99" in settlement.replace(" ", "") and "清算确认书" in settlement.replace(" ", "")


def test_a_power_of_attorney_is_numbered_as_a_document(documents: dict[DocumentKind, Path]) -> None:
    """A power of attorney is not a contract: its number reads 文件编号 (legal read P2-35)."""
    doc = Document(str(documents[DocumentKind.power_of_attorney]))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "文件编号：IT-2026-0001-SQ" in text and "合同编号：IT-2026-0001-SQ" not in text
