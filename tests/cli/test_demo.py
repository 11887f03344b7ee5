"""The README's main job, end to end: `contracts demo` drafts, packs and reviews with no blocker."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from contracts.cli import app


def test_demo_main_job(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folders = {p.name for p in tmp_path.iterdir()}
    packs = {"NDA-2026-0042-pack": "BPO-2026-0007", "NDA-2026-0036-pack": "IT-2026-0001",
             "NDA-2026-0058-pack": "HR-2026-0012"}
    # the IT contract's life (issue 13): security and integrity agreements, the signatory's power of attorney,
    # a change agreement and the termination with its settlement and handover list
    lifecycle = ["IT-2026-0001-AQ", "IT-2026-0001-LJ", "IT-2026-0001-SQ", "IT-2026-0001-BG01", "IT-2026-0001-ZZ"]
    assert {"IT-2026-0001", "BPO-2026-0007", "HR-2026-0012", "NDA-2026-0031", *packs, *lifecycle} <= folders
    reports = sorted(tmp_path.glob("*/*.review.json"))
    assert len(reports) == 5 + len(lifecycle)
    for path in reports:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["readable"] and not [f for f in data["findings"] if f["severity"] == "blocker"], path
    # a pack per service contract (policy 八(二)1: every vendor person signs a pledge): 12 BPO on-site staff less
    # 林晓, who has the standalone pledge BPO-2026-0007-P001 (one pledge per person, N23),
    # 6 IT operations staff, 5 HR payroll staff; each pack's NDA and pledges reviewed
    for pack, pledges in (("NDA-2026-0042-pack", 11), ("NDA-2026-0036-pack", 6), ("NDA-2026-0058-pack", 5)):
        assert len(list((tmp_path / pack / "pledges").glob("*.docx"))) == pledges, pack
        assert len(list((tmp_path / f"{pack}-review").glob("*.review.md"))) == pledges + 1, pack
        manifest = json.loads((tmp_path / pack / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["main_contract"]["contract_no"] == packs[pack]
        assert f"reviewed the pack {pack}'s {pledges + 1} documents: 0 blocker(s), 0 unreadable" in result.output
    for contract in packs.values():
        assert f"family of {contract}: the contract, then" in result.output
    assert ("family of IT-2026-0001: the contract, then IT-2026-0001-AQ (security_agreement), IT-2026-0001-LJ "
            "(integrity_agreement), IT-2026-0001-SQ (power_of_attorney), NDA-2026-0036 (nda) with 6 pledges, "
            "IT-2026-0001-BG01 (change_agreement), IT-2026-0001-ZZ (termination_agreement)") in result.output
    assert ("row 2: 林晓 already has pledge BPO-2026-0007-P001 under BPO-2026-0007" in result.output
            and "NDA-2026-0042 (nda) with 11 pledges" in result.output)
