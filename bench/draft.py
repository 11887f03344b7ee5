"""Time drafting the IT contract against a plain docxtpl render of the same words.

    python bench/draft.py [--runs 15]

Prints the median (and min/max) seconds of: our full draft (load request, assemble from the
library, render into the template in the sandbox, East-Asian fonts, traceability, fixed-bytes
zip, write + manifest), and of a plain docxtpl render of the same paragraphs through a
`{%p for %}` loop in a one-page template (no numbering, no tables, no fonts, no determinism).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from docx import Document
from docxtpl import DocxTemplate

# Measure this checkout's code, not whichever checkout the packages were installed from.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clause_library import default_library
from generator.assemble import assemble
from generator.demo import EXAMPLES_DIR
from generator.draft import draft
from generator.request import load_request

REQUEST = EXAMPLES_DIR / "it_contract_zh.yaml"


def _plain_template() -> bytes:
    doc = Document()
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{%p for para in paras %}")
    doc.add_paragraph("{{ para }}")
    doc.add_paragraph("{%p endfor %}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _time(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    fn()  # warm-up: imports, caches
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    lib = default_library()
    assembled = assemble(lib, load_request(REQUEST))
    paras = [f"{a.heading}" for a in assembled.articles]
    for a in assembled.articles:
        paras += [p.text[assembled.langs[0]] for p in a.paras]
    template = _plain_template()
    tmp = Path(tempfile.mkdtemp(prefix="bench-draft-"))

    def ours() -> None:
        draft(REQUEST, tmp / "ours")

    def plain() -> None:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render({"title": assembled.title[assembled.langs[0]], "paras": paras})
        tpl.save(tmp / "plain.docx")

    t_ours = _time(ours, args.runs)
    t_plain = _time(plain, args.runs)
    m_ours, m_plain = statistics.median(t_ours), statistics.median(t_plain)
    print(f"IT contract: {len(assembled.articles)} clauses, {len(paras)} paragraphs; {args.runs} runs each")
    print(f"{'':38} {'median s':>9} {'min s':>7} {'max s':>7}")
    print(f"{'contracts draft (full pipeline)':38} {m_ours:9.3f} {min(t_ours):7.3f} {max(t_ours):7.3f}")
    print(f"{'plain docxtpl render, same words':38} {m_plain:9.3f} {min(t_plain):7.3f} {max(t_plain):7.3f}")
    print(f"ratio (ours / plain): {m_ours / m_plain:.2f}x")


if __name__ == "__main__":
    main()
