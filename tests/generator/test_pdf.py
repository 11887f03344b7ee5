"""With LibreOffice: the drafted contract converts to PDF whose text a reader can check."""

from __future__ import annotations

import re
from pathlib import Path

import cn2an
import pypdfium2 as pdfium
from docx import Document

from generator.draft import draft
from tests.conftest import EXAMPLES, SETUP_FONTS, needs_soffice, pdf_fonts


@needs_soffice
def test_it_contract_pdf_has_page_numbers_and_articles_in_order(tmp_path: Path) -> None:
    result = draft(EXAMPLES / "it_contract_zh.yaml", tmp_path, pdf=True)
    pdf = next(p for p in result.files if p.suffix == ".pdf")
    docx = next(p for p in result.files if p.suffix == ".docx")
    doc = pdfium.PdfDocument(str(pdf))
    pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    n = len(pages)
    assert n > 5
    for i, text in enumerate(pages, start=1):
        assert re.search(rf"第\s*{i}\s*页\s*共\s*{n}\s*页", text), f"page {i}: footer not resolved"
    text = "\n".join(pages)
    # The articles are the .docx's Heading 1 paragraphs ("第N条 title"); in the PDF each is a line of its
    # own, in the same order. Matching whole heading lines (not any line starting 第…条) keeps a body line
    # that wraps to start with a cross-reference ("第十六条的约定执行。") from counting as an article.
    heads = [p.text for p in Document(str(docx)).paragraphs if p.style is not None and p.style.name == "Heading 1"]
    numbered = [re.match(r"第([一二三四五六七八九十]+)条 ", h) for h in heads]
    numbers = [cn2an.cn2an(m.group(1), "normal") for m in numbered if m]
    assert numbers == list(range(1, len(heads) + 1)), heads
    assert len(numbers) >= 25
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert [line for line in lines if line in set(heads)] == heads
    assert "人民币壹佰贰拾万元整" in text.replace(" ", "").replace("\n", "")
    fonts = pdf_fonts(pdf)
    assert {f for f in fonts if not f.startswith(SETUP_FONTS)} == set()  # no fallback font
    assert any(f.startswith("NotoSerifCJK") for f in fonts)  # 宋体 drawn with a Song face (FONT_REPLACEMENTS)
    manifest = (result.folder / "manifest.json").read_text(encoding="utf-8")
    assert "contract.pdf" in manifest
