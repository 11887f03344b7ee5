"""Open NDA packs as their readers would: pledges per person, index, manifest, zip, no full ID numbers."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from openpyxl import load_workbook

import generator.pack as gp
from clause_library.errors import RenderError, RequestError, RosterError
from clause_library.identifiers import mask_resident_id
from clause_library.loader import Library
from generator.ooxml import iter_paragraphs
from generator.pack import PackResult, build_pack
from generator.pack_files import SIGNED, TO_SIGN, escape_cell
from generator.pledge_template import (
    CompiledPledge,
    compile_pledge,
    naive_pledge,
    pledge_base,
    pledge_contract_no,
)
from generator.request import Language, NdaRequest, load_request
from generator.roster import read_roster
from tests.conftest import STANDALONE_PACK, STANDALONE_PLEDGE
from tests.generator.rosters import good_rows, person_id, write_roster

NAMES = ["林晓", "欧阳明轩", "Anna O'Neil & Co <x>", "马晓雯", "陈思琪"]
ROLES = ["客服专员", "班组长", "Agent", "质检专员", "培训师"]


@pytest.fixture(scope="module")
def nda() -> NdaRequest:
    req = load_request(STANDALONE_PACK)
    assert isinstance(req, NdaRequest)
    return req


def roster_rows(n: int = 5) -> list[list[object]]:
    rows = good_rows(n)
    for i, row in enumerate(rows):
        row[1], row[3] = NAMES[i % len(NAMES)], ROLES[i % len(ROLES)]
    return rows


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory, nda: NdaRequest, library: Library) -> PackResult:
    tmp = tmp_path_factory.mktemp("pack")
    roster = write_roster(tmp / "roster.gbk.csv", roster_rows())
    return build_pack(nda, roster, tmp / "out", library=library)


def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in iter_paragraphs(Document(str(path))))


def test_pack_layout(pack: PackResult, nda: NdaRequest) -> None:
    assert pack.folder.name == "NDA-2026-0042-pack"
    names = sorted(p.relative_to(pack.folder).as_posix() for p in pack.folder.rglob("*") if p.is_file())
    pledges = [n for n in names if n.startswith("pledges/")]
    assert pledges == [f"pledges/{i:04d}-{stem}.docx" for i, stem in
                       enumerate(["林晓", "欧阳明轩", "Anna_O'Neil_&_Co__x", "马晓雯", "陈思琪"], start=1)]
    assert sorted(set(names) - set(pledges)) == ["NDA-2026-0042-pack.zip", "NDA-2026-0042-pack.zip.sha256",
                                                 "index.xlsx", "manifest.json", "nda.docx", "staff-list.docx"]
    assert not list(pack.folder.parent.glob(".*partial*"))
    nda_text = _docx_text(pack.folder / "nda.docx")
    assert nda.vendor.name.zh in nda_text and "单向保密协议" in nda_text


def test_each_pledge_carries_its_person(pack: PackResult, nda: NdaRequest) -> None:
    assert len(pack.pledges) == 5
    for i, pf in enumerate(pack.pledges):
        text = _docx_text(pack.folder / pf.file)
        pid = person_id(i)
        assert NAMES[i] in text and ROLES[i] in text
        assert mask_resident_id(pid) in text and pid not in text
        assert nda.vendor.name.zh in text and nda.client.name.zh in text
        assert f"继续有效{nda.confidentiality_years}年" in text
        assert "2026年5月1日" in text
        assert nda.project_name is not None and nda.project_name.zh in text
        props = zipfile.ZipFile(pack.folder / pf.file).read("docProps/custom.xml").decode()
        assert pledge_contract_no(nda, i + 1) in props


def test_index_matches_files(pack: PackResult) -> None:
    book = load_workbook(pack.folder / "index.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))[1:]
    book.close()
    assert len(rows) == len(pack.pledges)
    for row, pf in zip(rows, pack.pledges, strict=True):
        number, pledge_no, name, masked, role, start, file, sha, roster_row, *signed = row
        # what each person signs (the undertaking, the two separate consents), each to be dated when signed
        assert signed == [TO_SIGN] * len(SIGNED)
        assert (number, pledge_no, file, roster_row) == (pf.number, pf.contract_no, pf.file, pf.row)
        assert pledge_no == f"NDA-2026-0042-P{number:03d}"  # no main contract: the NDA's number heads the family
        assert name == NAMES[number - 1] and role == ROLES[number - 1] and start == "2026-05-01"
        assert masked == mask_resident_id(person_id(number - 1))
        assert sha == hashlib.sha256((pack.folder / file).read_bytes()).hexdigest()


def test_zip_members_match_manifest(pack: PackResult) -> None:
    manifest = json.loads((pack.folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["file"]: f["sha256"] for f in manifest["files"]}
    on_disk = {p.relative_to(pack.folder).as_posix() for p in pack.folder.rglob("*") if p.is_file()}
    assert set(listed) == on_disk - {"manifest.json", pack.zip_path.name, pack.zip_path.name + ".sha256"}
    with zipfile.ZipFile(pack.zip_path) as z:
        assert z.namelist() == sorted([*listed, "manifest.json"])
        for name, sha in listed.items():
            assert hashlib.sha256(z.read(name)).hexdigest() == sha
            assert hashlib.sha256((pack.folder / name).read_bytes()).hexdigest() == sha
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert manifest["people"] == 5 and manifest["pledge_clauses"] and manifest["nda_clauses"]
    # each pledge's number, name, masked ID and start date (N23: later packs and pledges of the family number after it)
    assert manifest["pledges"] == [{"contract_no": p.contract_no, "name": p.name, "id_number": p.id_masked,
                                    "start_date": "2026-05-01"} for p in pack.pledges]
    sidecar = (pack.folder / (pack.zip_path.name + ".sha256")).read_text()
    assert sidecar.split()[0] == pack.zip_sha256 == hashlib.sha256(pack.zip_path.read_bytes()).hexdigest()


def _all_texts(folder: Path) -> list[tuple[str, str]]:
    """Every file's text, with every zip (docx, xlsx, the pack's zip) unpacked member by member."""
    out = []

    def add(name: str, data: bytes) -> None:
        if data[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for m in z.namelist():
                    add(f"{name}!{m}", z.read(m))
        else:
            out.append((name, data.decode("utf-8", errors="replace")))

    for p in sorted(folder.rglob("*")):
        if p.is_file():
            add(p.relative_to(folder).as_posix(), p.read_bytes())
    return out


def test_no_full_id_number_anywhere(pack: PackResult) -> None:
    texts = _all_texts(pack.folder)
    assert any(name.endswith("word/document.xml") for name, _ in texts)
    assert any("index.xlsx!xl/" in name for name, _ in texts)
    for i in range(5):
        pid = person_id(i)
        hits = [name for name, text in texts if pid in text or pid[6:14] in text]
        assert not hits, f"full ID (or birth date) of person {i} found in {hits}"


def test_full_id_only_on_request(tmp_path: Path, nda: NdaRequest, library: Library) -> None:
    roster = write_roster(tmp_path / "r.csv", roster_rows(2))
    result = build_pack(nda, roster, tmp_path / "out", full_id=True, library=library)
    assert person_id(0) in _docx_text(result.folder / result.pledges[0].file)
    book = load_workbook(result.folder / "index.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert person_id(0) not in str(rows)


@pytest.mark.parametrize("language", ["zh", "en", "bilingual"])
def test_fast_pledges_equal_the_normal_path(tmp_path: Path, nda: NdaRequest, library: Library,
                                            language: str) -> None:
    req = nda.model_copy(update={"language": Language(language)})
    people = read_roster(write_roster(tmp_path / "r.csv", roster_rows(3)))
    base = pledge_base(req)
    compiled = compile_pledge(library, base)
    from generator.pledge_template import pledge_values

    for n, person in enumerate(people, start=1):
        no = pledge_contract_no(req, n)
        assert compiled.fill(pledge_values(base, person, no)) == naive_pledge(library, base, person, no)


def test_deterministic_and_same_with_workers(tmp_path: Path, nda: NdaRequest, library: Library,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    roster = write_roster(tmp_path / "r.xlsx", roster_rows(40))
    one = build_pack(nda, roster, tmp_path / "a", workers=1, library=library)
    monkeypatch.setattr(gp, "_POOL_MIN", 1)
    seen: list[tuple[str, int, int]] = []
    two = build_pack(nda, roster, tmp_path / "b", workers=2, library=library,
                     progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert one.zip_sha256 == two.zip_sha256
    assert seen[0] == ("pledges", 0, 40) and seen[-1] == ("pledges", 40, 40)
    again = build_pack(nda, roster, tmp_path / "a", workers=1, library=library)  # replaces the first
    assert again.zip_sha256 == one.zip_sha256


def test_bad_roster_writes_nothing(tmp_path: Path, nda: NdaRequest, library: Library) -> None:
    rows = roster_rows()
    rows[2][2] = rows[0][2]
    rows[4][1] = "=cmd"
    roster = write_roster(tmp_path / "r.csv", rows)
    with pytest.raises(RosterError) as e:
        build_pack(nda, roster, tmp_path / "out", library=library)
    assert sorted({p.line for p in e.value.problems}) == [2, 4, 6]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_skip_invalid_builds_the_rest_and_reports(tmp_path: Path, nda: NdaRequest, library: Library) -> None:
    rows = roster_rows()
    rows[1][2] = rows[1][2][:17] + ("0" if rows[1][2][17] != "0" else "1")
    roster = write_roster(tmp_path / "r.xlsx", rows)
    result = build_pack(nda, roster, tmp_path / "out", skip_invalid=True, library=library)
    assert [p.row for p in result.pledges] == [2, 4, 5, 6]
    assert result.skipped_rows == [3]
    report = (result.folder / "invalid-rows.csv").read_text(encoding="utf-8-sig")
    assert "3,身份证号 (column C)" in report
    assert rows[1][2][:17] not in report
    assert "invalid-rows.csv" in zipfile.ZipFile(result.zip_path).namelist()


def test_a_crash_leaves_no_partial_pack(tmp_path: Path, nda: NdaRequest, library: Library,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    roster = write_roster(tmp_path / "r.csv", roster_rows())
    calls = {"n": 0}
    real_fill = CompiledPledge.fill

    def fill(self: CompiledPledge, values: dict[str, str]) -> bytes:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real_fill(self, values)

    monkeypatch.setattr(CompiledPledge, "fill", fill)
    with pytest.raises(KeyboardInterrupt):
        build_pack(nda, roster, tmp_path / "out", library=library, workers=1)
    assert list((tmp_path / "out").iterdir()) == []


def test_request_problems(tmp_path: Path, nda: NdaRequest, library: Library) -> None:
    roster = write_roster(tmp_path / "r.csv", roster_rows(2))
    no_project = nda.model_copy(update={"project_name": None})
    with pytest.raises(RequestError) as e:
        build_pack(no_project, roster, tmp_path / "out", library=library)
    assert e.value.problems[0].field == "project_name"
    with pytest.raises(RequestError, match="kind: nda"):
        build_pack(STANDALONE_PLEDGE, roster, tmp_path / "out", library=library)
    assert not (tmp_path / "out").exists()


def test_split_sentinel_is_refused(nda: NdaRequest, library: Library) -> None:
    compiled = compile_pledge(library, pledge_base(nda))
    src = zipfile.ZipFile(io.BytesIO(compiled.docx))
    root = etree.fromstring(src.read("word/document.xml"))
    token = compiled.tokens["name.zh"]
    t = next(el for el in root.iter() if el.text and token in el.text)
    run = t.getparent()
    head, tail = t.text.split(token)
    second = etree.fromstring(etree.tostring(run))
    t.text = head + token[:3]
    next(second.iter(t.tag)).text = token[3:] + tail
    run.addnext(second)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                data = etree.tostring(root, encoding="UTF-8", standalone=True)
            out.writestr(name, data)
    with pytest.raises(RenderError, match="split across runs"):
        CompiledPledge(buf.getvalue(), compiled.tokens)


@pytest.mark.parametrize(("text", "cell"), [("=1+1", "'=1+1"), ("@x", "'@x"), ("-1", "'-1"), ("林晓", "林晓")])
def test_escape_cell(text: str, cell: str) -> None:
    assert escape_cell(text) == cell
