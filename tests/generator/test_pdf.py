"""With LibreOffice: the drafted contract converts to PDF whose text a reader can check."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium

from generator.draft import draft
from tests.conftest import EXAMPLES, needs_soffice


@needs_soffice
def test_it_contract_pdf_has_page_numbers_and_articles_in_order(tmp_path: Path) -> None:
    result = draft(EXAMPLES / "it_contract_zh.yaml", tmp_path, pdf=True)
    pdf = next(p for p in result.files if p.suffix == ".pdf")
    doc = pdfium.PdfDocument(str(pdf))
    pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    n = len(pages)
    assert n > 5
    for i, text in enumerate(pages, start=1):
        assert re.search(rf"第\s*{i}\s*页\s*共\s*{n}\s*页", text), f"page {i}: footer not resolved"
    text = "\n".join(pages)
    heads = re.findall(r"^(第[一二三四五六七八九十]+条)", text, flags=re.M)
    import cn2an

    numbers = [cn2an.cn2an(h[1:-1], "normal") for h in heads]
    assert numbers == list(range(1, len(numbers) + 1)), heads
    assert len(numbers) >= 25
    assert "人民币壹佰贰拾万元整" in text.replace(" ", "").replace("\n", "")
    manifest = (result.folder / "manifest.json").read_text(encoding="utf-8")
    assert "contract.pdf" in manifest
