"""``contracts demo``: the main job on the shipped examples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from clause_library.resources import shipped

from .draft import DraftResult, draft_request
from .request import FamilyDocument, NdaRequest, PledgeRequest, load_request

__all__ = ["DEMO_LIFECYCLE", "DEMO_PACKS", "DEMO_REQUESTS", "EXAMPLES_DIR", "run_demo"]

EXAMPLES_DIR = shipped("generator", "data", "examples")
# The BPO contract comes first: the pledge and the NDA pack after it are made for it (main_contract).
DEMO_REQUESTS = [
    ("BPO customer-service contract (bilingual)", "bpo_contract_bilingual.yaml"),
    ("IT outsourcing contract (zh)", "it_contract_zh.yaml"),
    ("HR payroll contract entrusting personal information (zh)", "hr_payroll_zh.yaml"),
    ("mutual NDA (zh/en)", "nda_mutual_en.yaml"),
    ("personal confidentiality pledge for the BPO contract (zh)", "pledge_zh.yaml"),
    # the IT contract's family at signing (policy 四(一)3, 七): its security agreement, integrity agreement and
    # the power of attorney of the vendor's signatory
    ("information-security agreement for the IT contract (zh)", "security_it_zh.yaml"),
    ("integrity agreement for the IT contract (zh)", "integrity_it_zh.yaml"),
    ("power of attorney for the IT vendor's signatory (zh)", "poa_it_zh.yaml"),
]
# Later in the IT contract's life (policy 四(二)3, 四(三)), after its NDA pack: a change agreement, then the
# termination with its settlement confirmation and handover list (which reads the contract as changed).
DEMO_LIFECYCLE = [
    ("change agreement No. 1 to the IT contract (zh)", "change_it_zh.yaml"),
    ("termination of the IT contract, with settlement and handover (zh)", "termination_it_zh.yaml"),
]
# The NDA packs, each an NDA request naming its main contract (drafted above) and the roster of the vendor's
# people on it (policy 八(二)1: every vendor person signs a pledge): label, request, roster.
DEMO_PACKS = [
    ("BPO on-site staff", "nda_pack_zh.yaml", "roster.xlsx"),
    ("IT operations staff", "nda_pack_it_zh.yaml", "roster_it.csv"),
    ("HR payroll staff", "nda_pack_hr_zh.yaml", "roster_hr.csv"),
]


def run_demo(out_dir: Path, *, pdf: bool = False, say: Callable[[str], None] = print) -> list[DraftResult]:
    """Draft every example request, then the example NDA packs, into ``out_dir``; say what was written and
    which documents are made for which contract (its family)."""
    from .pack import build_pack

    results = []
    families: dict[str, list[str]] = {}

    def drafted(label: str, name: str) -> None:
        req = load_request(EXAMPLES_DIR / name, out_dir=out_dir)
        result = draft_request(req, out_dir, pdf=pdf)
        results.append(result)
        files = ", ".join(f.name for f in result.files)
        say(f"{label}: {result.folder}/ ({files}; {len(result.assembled.articles)} clauses; "
            f"{len(result.assembled.defaults)} defaults applied, listed in manifest.json)")
        if isinstance(req, NdaRequest | PledgeRequest | FamilyDocument) and req.main_contract is not None:
            families.setdefault(req.main_contract.contract_no, []).append(f"{req.contract_no} ({req.kind})")

    for label, name in DEMO_REQUESTS:
        drafted(label, name)
    for label, request, roster in DEMO_PACKS:
        nda = load_request(EXAMPLES_DIR / request, out_dir=out_dir)
        if not isinstance(nda, NdaRequest):  # pragma: no cover - the shipped examples are NDAs
            raise TypeError(f"{request} is not an NDA request")
        pack = build_pack(nda, EXAMPLES_DIR / roster, out_dir, pdf=pdf)
        say(f"NDA pack for the {label} (one-way NDA, zh, and a pledge per person on {roster}): {pack.folder}/ "
            f"(nda.docx, {len(pack.pledges)} pledges, index.xlsx, manifest.json, {pack.zip_path.name})")
        for note in pack.notes:
            say(f"  note: {note}")
        if nda.main_contract is not None:
            families.setdefault(nda.main_contract.contract_no, []).append(
                f"{nda.contract_no} (nda) with {len(pack.pledges)} pledges")
    for label, name in DEMO_LIFECYCLE:
        drafted(label, name)
    for root, members in families.items():
        say(f"family of {root}: the contract, then {', '.join(members)}; each cites {root}")
    return results
