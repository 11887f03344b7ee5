"""Reading a PDF faster reads the same: runs of spaces collapsed as the plain pattern collapses them."""

from __future__ import annotations

import random
import re

from review import pdf_reader
from tests.conftest import eval_dev_documents, needs_shared_eval

_PLAIN_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u200b]+")  # every run of spaces, one " " already or not


def test_runs_of_spaces_collapse_as_before_on_generated_text() -> None:
    rng = random.Random(5)
    pieces = [" ", "  ", "\t", "\u00a0", "\u2002", "\u2003", "\u2009", "\u200b", "a", "中", "\n", "\r\n", "x y"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 20)))
        assert pdf_reader._SPACES.sub(" ", text) == _PLAIN_SPACES.sub(" ", text), repr(text)
        assert pdf_reader._clean_lines(text) == _plain_clean(text)


def _plain_clean(text: str) -> list[str]:
    text = text.replace("\ufffe", "-").replace("\x02", "-").replace("\x00", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for line in text.split("\n"):
        cleaned = _PLAIN_SPACES.sub(" ", line).strip()
        out.append(" " + cleaned if cleaned and line[:1].isspace() else cleaned)
    return out


@needs_shared_eval
def test_pdf_pages_clean_as_before() -> None:
    pdfs = [p for p in eval_dev_documents() if p.suffix == ".pdf"][::4]
    assert pdfs
    for p in pdfs:
        for text in pdf_reader._pdfium_pages(p, None, 10_000):
            assert pdf_reader._clean_lines(text) == _plain_clean(text)
