"""With LibreOffice: the drafted contract converts to PDF whose text a reader can check."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import cn2an
import pypdfium2 as pdfium
import pytest
from docx import Document

import generator.pdf as pdf_module
from generator.draft import draft
from generator.pdf import convert_to_pdf, office_pipe
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


def _small_docx(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        doc = Document()
        doc.add_paragraph(f"保密承诺书 {i}")
        paths.append(folder / f"doc{i}.docx")
        doc.save(str(paths[-1]))
    return paths


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temp folder, redirected here (TMPDIR and tempfile's cached choice) so a test sees what is left."""
    root = tmp_path / "systemp"
    root.mkdir()
    monkeypatch.setenv("TMPDIR", str(root))
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def _leftover_processes(root: Path) -> str:
    proc = subprocess.run(["pgrep", "-af", str(root)], capture_output=True, text=True, check=False)
    return proc.stdout.strip()


@needs_soffice
@pytest.mark.libreoffice
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_an_interrupted_conversion_leaves_no_temp_files(tmp_path: Path, temp_root: Path,
                                                        monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    monkeypatch.setattr(pdf_module, "BATCH", 2)
    docs = _small_docx(tmp_path / "docs", 6)
    seen: list[int] = []
    pipes: set[Path] = set()

    def progress(done: int, total: int) -> None:
        seen.append(done)
        # LibreOffice's own temp files (lu*.tmp) go to its scratch folder, never straight into the temp folder.
        assert not list(temp_root.glob("lu*")), list(temp_root.iterdir())
        for profile in temp_root.glob("contracts-lo-*/lane*/profile"):
            pipes.update(p for p in office_pipe(profile) if p.exists())
        if 0 < done < total:
            if how == "ctrl-c":
                raise KeyboardInterrupt
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises before this ends

    with pytest.raises(KeyboardInterrupt):
        convert_to_pdf(docs, tmp_path / "pdf", processes=2, progress=progress)
    assert seen and 0 < seen[-1] < 6, seen
    assert list(temp_root.iterdir()) == []
    assert pipes, "office_pipe no longer finds LibreOffice's IPC socket"
    assert [p for p in pipes if p.exists()] == []
    assert _leftover_processes(temp_root) == ""
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the handler is put back


@needs_soffice
@pytest.mark.libreoffice
def test_progress_moves_per_document_and_nothing_is_left(tmp_path: Path, temp_root: Path) -> None:
    docs = _small_docx(tmp_path / "docs", 5)
    seen: list[tuple[int, int]] = []
    pdfs = convert_to_pdf(docs, tmp_path / "pdf", progress=lambda done, total: seen.append((done, total)))
    assert [p.name for p in pdfs] == [f"doc{i}.pdf" for i in range(5)] and all(p.is_file() for p in pdfs)
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[-1] == 5 and {t for _, t in seen} == {5}
    assert len({d for d in done if 0 < d < 5}) >= 2, done  # it moved between documents, not 0 then 100 %
    assert list(temp_root.iterdir()) == []
