"""One numbering scheme per family and one pledge per person (legal review 2, N23; review 3, R3-12).

林晓 had the standalone pledge BPO-2026-0007-P001 and the pack's NDA-2026-0042-P0001: two pledges, two styles.
Every pledge of a family is now numbered MAIN-Pnnn, a pack numbers after the pledges already drafted into the
same --out and skips anyone who has one; a standalone pledge off the scheme, or on a used number, is refused.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from clause_library.errors import RosterError
from generator.draft import draft
from generator.pack import PackResult, build_pack
from generator.roster import read_roster
from tests.conftest import EXAMPLES, draft_main_contract, example_request
from tests.generator.rosters import person_id, write_roster
from tests.generator.test_family import MAIN, _request, _run, _text, family  # noqa: F401  (family: a fixture)


def _pledge_nos(text: str) -> list[str]:
    return re.findall(r"承诺书编号：(\S+)", text)


def test_standalone_and_pack_pledges_share_one_scheme(family: tuple[Path, PackResult]) -> None:  # noqa: F811
    out, pack = family
    assert _pledge_nos(_text(out / f"{MAIN}-P001" / "pledge.docx")) == [f"{MAIN}-P001"]
    numbers = [p.contract_no for p in pack.pledges]
    assert numbers == [f"{MAIN}-P{n:03d}" for n in range(2, 13)]  # after the standalone P001
    for p in pack.pledges:
        text = _text(pack.folder / p.file)
        assert _pledge_nos(text) == [p.contract_no] and "NDA-2026-0042-P" not in text, p.file
        assert p.file.startswith(f"pledges/{p.number:04d}-")
    # the index and the manifest carry the same numbers
    book = load_workbook(pack.folder / "index.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows[0][1] == "承诺书编号 Pledge no." and [r[1] for r in rows[1:]] == numbers
    manifest = json.loads((pack.folder / "manifest.json").read_text(encoding="utf-8"))
    assert [p["contract_no"] for p in manifest["pledges"]] == numbers
    assert manifest["pledges"][0] == {"contract_no": f"{MAIN}-P002", "name": pack.pledges[0].name,
                                      "id_number": pack.pledges[0].id_masked, "start_date": "2026-05-06"}


def test_one_pledge_per_person_in_the_family(family: tuple[Path, PackResult]) -> None:  # noqa: F811
    _, pack = family
    roster = read_roster(EXAMPLES / "roster.xlsx")
    assert len(roster) == 12 and roster[0].name == "林晓"
    names = [p.name for p in pack.pledges]
    assert "林晓" not in names and names == [p.name for p in roster[1:]]
    assert f"{MAIN}-P001" in " ".join(pack.notes)
    assert not pack.skipped_rows  # left out as pledged, not as a bad row


def test_a_later_pack_numbers_after_every_pledge_of_the_family(tmp_path: Path) -> None:
    """Not the example: a standalone pledge numbered P007 for someone off the roster, then two packs."""
    out = tmp_path / "out"
    draft_main_contract(out)
    draft(_request(tmp_path, "pledge_zh.yaml", contract_no=f"{MAIN}-P007", pledgor={
        "name": "赵一", "id_number": person_id(90), "role": "质检员", "start_date": "2026-06-01"}), out)
    people = read_roster(EXAMPLES / "roster.xlsx")
    rows = [[i + 1, p.name, p.id_number, p.role, p.start_date.isoformat()] for i, p in enumerate(people[:3])]
    first = build_pack(EXAMPLES / "nda_pack_zh.yaml", write_roster(tmp_path / "a.csv", rows), out)
    assert [p.contract_no for p in first.pledges] == [f"{MAIN}-P008", f"{MAIN}-P009", f"{MAIN}-P010"]
    # rebuilding the same pack replaces it: its own pledges do not count as taken
    again = build_pack(EXAMPLES / "nda_pack_zh.yaml", write_roster(tmp_path / "a.csv", rows), out)
    assert [p.contract_no for p in again.pledges] == [p.contract_no for p in first.pledges] and not again.notes
    # a second NDA of the family with its own roster: one old face (row 2) is skipped, the new ones follow P010
    second_nda = _request(tmp_path, "nda_pack_zh.yaml", contract_no="NDA-2026-0043")
    rows2 = [rows[1], [2, "钱二", person_id(91), "组长", "2026-06-01"],
             [3, "孙三", person_id(92), "组长", "2026-06-01"]]
    second = build_pack(second_nda, write_roster(tmp_path / "b.csv", rows2), out)
    assert [(p.name, p.contract_no) for p in second.pledges] == [("钱二", f"{MAIN}-P011"), ("孙三", f"{MAIN}-P012")]
    (note,) = second.notes
    assert note.startswith(f"row 2: {rows[1][1]} already has pledge {MAIN}-P009 under {MAIN}")
    assert "NDA-2026-0042-pack" in note
    for p in second.pledges:
        assert _pledge_nos(_text(second.folder / p.file)) == [p.contract_no]


def test_a_roster_of_people_who_all_have_pledges_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    draft_main_contract(out)
    draft(EXAMPLES / "pledge_zh.yaml", out)
    lin = read_roster(EXAMPLES / "roster.xlsx")[0]
    roster = write_roster(tmp_path / "r.csv", [[1, lin.name, lin.id_number, lin.role, lin.start_date.isoformat()]])
    with pytest.raises(RosterError, match="everyone on the roster already has a pledge"):
        build_pack(EXAMPLES / "nda_pack_zh.yaml", roster, out)
    assert not (out / "NDA-2026-0042-pack").exists()
    code, output = _run(monkeypatch, capsys, "nda-pack", str(EXAMPLES / "nda_pack_zh.yaml"), "--roster", str(roster),
                        "--out", str(out))
    assert code == 2 and f"{MAIN}-P001" in output and not (out / "NDA-2026-0042-pack").exists()


@pytest.mark.parametrize("number", [f"{MAIN}-P1", f"{MAIN}-P0A1", "NDA-2026-0042-P0001", "IT-2026-0001-P001",
                                    f"{MAIN}-001", f"{MAIN}P001"])
def test_a_standalone_pledge_off_the_scheme_is_refused(tmp_path: Path, number: str, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    draft_main_contract(out)
    request = _request(tmp_path, "pledge_zh.yaml", contract_no=number)
    code, output = _run(monkeypatch, capsys, "draft", str(request), "--out", str(out))
    assert code == 2 and number in output and "[contract_no]" in output and f"{MAIN}-P001" in output
    assert sorted(p.name for p in out.iterdir()) == [MAIN]


def test_a_standalone_pledge_on_a_used_number_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    draft_main_contract(out)
    draft(EXAMPLES / "pledge_zh.yaml", out)  # 林晓, P001
    draft(EXAMPLES / "pledge_zh.yaml", out)  # the same pledge again replaces itself
    pack = build_pack(EXAMPLES / "nda_pack_zh.yaml", EXAMPLES / "roster.xlsx", out)  # P002..P012
    other = {"name": "赵一", "id_number": person_id(90), "role": "质检员", "start_date": "2026-06-01"}
    for number, holder in ((f"{MAIN}-P001", "林晓"), (f"{MAIN}-P005", pack.pledges[3].name)):
        request = _request(tmp_path, "pledge_zh.yaml", contract_no=number, pledgor=other)
        code, output = _run(monkeypatch, capsys, "draft", str(request), "--out", str(out))
        assert code == 2 and number in output and holder in output and f"{MAIN}-P013" in output, output
    assert _pledge_nos(_text(out / f"{MAIN}-P001" / "pledge.docx")) == [f"{MAIN}-P001"]
    assert "林晓" in _text(out / f"{MAIN}-P001" / "pledge.docx")
    code, output = _run(monkeypatch, capsys, "draft", str(_request(tmp_path, "pledge_zh.yaml",
                                                                   contract_no=f"{MAIN}-P013", pledgor=other)),
                        "--out", str(out))
    assert code == 0, output
    assert example_request("pledge_zh.yaml")["contract_no"] == f"{MAIN}-P001"
