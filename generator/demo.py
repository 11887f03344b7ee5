"""``contracts demo``: the main job on the shipped examples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from clause_library.resources import shipped

from .draft import DraftResult, draft

__all__ = ["DEMO_PACK", "DEMO_REQUESTS", "EXAMPLES_DIR", "run_demo"]

EXAMPLES_DIR = shipped("generator", "data", "examples")
DEMO_REQUESTS = [
    ("IT outsourcing contract (zh)", "it_contract_zh.yaml"),
    ("BPO customer-service contract (bilingual)", "bpo_contract_bilingual.yaml"),
    ("HR payroll contract entrusting personal information (zh)", "hr_payroll_zh.yaml"),
    ("mutual NDA (en)", "nda_mutual_en.yaml"),
    ("personal confidentiality pledge (zh)", "pledge_zh.yaml"),
]


# The NDA pack: an NDA request with project_name, and the vendor's roster of a dozen people.
DEMO_PACK = ("nda_pack_zh.yaml", "roster.xlsx")


def run_demo(out_dir: Path, *, pdf: bool = False, say: Callable[[str], None] = print) -> list[DraftResult]:
    """Draft every example request, and the example NDA pack, into ``out_dir``; say what was written."""
    results = []
    for label, name in DEMO_REQUESTS:
        result = draft(EXAMPLES_DIR / name, out_dir, pdf=pdf)
        results.append(result)
        files = ", ".join(f.name for f in result.files)
        say(f"{label}: {result.folder}/ ({files}; {len(result.assembled.articles)} clauses; "
            f"{len(result.assembled.defaults)} defaults applied, listed in manifest.json)")
    from .pack import build_pack

    pack = build_pack(EXAMPLES_DIR / DEMO_PACK[0], EXAMPLES_DIR / DEMO_PACK[1], out_dir, pdf=pdf)
    say(f"NDA pack (one-way NDA, zh, and a pledge per person on {DEMO_PACK[1]}): {pack.folder}/ "
        f"(nda.docx, {len(pack.pledges)} pledges, index.xlsx, manifest.json, {pack.zip_path.name})")
    return results
