"""Issue 13: an NDA pack's staff list. The pack's NDA limits the vendor's people with access to those on its
annex 《外包人员清单》 (staff-list.docx: every person with the pledge they sign and a column for the date); each
pledge holds the training acknowledgment and the two separate consents (personal information, background
check); the index says, per person, what is still to be signed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from clause_library.identifiers import mask_resident_id
from generator.draft import draft
from generator.pack import PackResult, build_pack
from generator.pack_files import SIGNED, TO_SIGN
from generator.roster import check_roster
from generator.staff_list import STAFF_LIST
from review.review import review_document
from tests.conftest import EXAMPLES, draft_example


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> PackResult:
    out = tmp_path_factory.mktemp("staff")
    draft_example("it_contract_zh.yaml", out)
    return build_pack(EXAMPLES / "nda_pack_it_zh.yaml", EXAMPLES / "roster_it.csv", out, workers=1)


def test_the_packs_staff_list_names_every_person_with_the_pledge_they_sign(pack: PackResult) -> None:
    nda = "\n".join(p.text for p in Document(str(pack.folder / "nda.docx")).paragraphs)
    assert "乙方可以接触甲方保密信息的人员以本协议附件《外包人员清单》所列人员为限" in nda
    doc = Document(str(pack.folder / STAFF_LIST))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "外包人员清单" in text and "本清单为《保密协议》（合同编号：NDA-2026-0036）的附件。" in text
    assert "乙方（盖章）：上海云服信息技术有限公司" in text and "甲方确认（盖章）：北京示例科技股份有限公司" in text
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["序号", "姓名", "身份证号码", "岗位", "进场日期",
                                                     "保密承诺书编号", "签署日期"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    people = check_roster(EXAMPLES / "roster_it.csv").people
    assert len(rows) == len(pack.pledges) == len(people)
    for row, pledge, person in zip(rows, pack.pledges, people, strict=True):
        assert row[0] == str(pledge.number) and row[1] == person.name == pledge.name
        assert row[2] == mask_resident_id(person.id_number)  # masked, as in the pledges
        assert row[5] == pledge.contract_no
        assert row[6] == ""  # the date it is signed, written in by hand
    # listed in the manifest and the zip with the rest of the pack
    assert STAFF_LIST in (pack.folder / "manifest.json").read_text(encoding="utf-8")


def test_a_name_with_markup_characters_is_text_in_the_staff_list(tmp_path: Path) -> None:
    from clause_library.loader import default_library
    from generator.request import load_request
    from generator.staff_list import staff_list_docx

    draft_example("it_contract_zh.yaml", tmp_path)
    nda = load_request(EXAMPLES / "nda_pack_it_zh.yaml", out_dir=tmp_path)
    person = check_roster(EXAMPLES / "roster_it.csv").people[0]
    odd = replace(person, name="A&B <C>", role="运维 & 安全")
    data = staff_list_docx(default_library(), nda, [odd, person], 7)  # type: ignore[arg-type]
    path = tmp_path / "s.docx"
    path.write_bytes(data)
    rows = [[c.text for c in r.cells] for r in Document(str(path)).tables[0].rows[1:]]
    assert rows[0][:2] == ["7", "A&B <C>"] and rows[0][3] == "运维 & 安全" and rows[1][0] == "8"
    assert staff_list_docx(default_library(), nda, [odd, person], 7) == data  # same input, same bytes


def test_each_pledge_holds_the_training_acknowledgment_and_both_separate_consents(pack: PackResult) -> None:
    for pledge in pack.pledges[:2]:
        text = "\n".join(p.text for p in Document(str(pack.folder / pledge.file)).paragraphs)
        assert "保密培训确认" in text
        assert "本人单独同意本人所在单位向贵公司提供本人的上述个人信息" in text
        assert "背景调查单独同意" in text and "无犯罪记录证明" in text  # the IT staff reach the client's systems
        assert "仅向贵公司提供背景调查的结论" in text
        assert text.count("本人单独同意（签字）：") == 3  # personal information; the check; its result to the company
        report = review_document(pack.folder / pledge.file)
        assert not report.blockers and "background_check_consent" in report.categories_found


def test_the_index_says_what_each_person_has_still_to_sign(pack: PackResult) -> None:
    book = load_workbook(pack.folder / "index.xlsx", read_only=True)
    header, *rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert list(header[-len(SIGNED):]) == list(SIGNED)
    assert all(list(row[-len(SIGNED):]) == [TO_SIGN] * len(SIGNED) for row in rows)


def test_the_packs_nda_reviews_without_blocker(pack: PackResult) -> None:
    report = review_document(pack.folder / "nda.docx")
    assert not report.blockers, [f.message_en for f in report.blockers]


def test_a_standalone_nda_has_no_staff_list(tmp_path: Path) -> None:
    result = draft(EXAMPLES / "nda_mutual_en.yaml", tmp_path)
    text = "\n".join(p.text for p in Document(str(result.folder / "nda.docx")).paragraphs)
    assert "外包人员清单" not in text and "Personnel List" not in text
