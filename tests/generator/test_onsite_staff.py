"""Legal review 1, P1-8: vendor staff on the company's premises must not read as disguised labour dispatch.

Instructions go only through the vendor's project lead, the company assesses the output and the vendor
its people (attendance, scheduling, pay, discipline), the staff work in a separate area, and the fee is
for output, not heads (劳务派遣暂行规定 art. 27; 劳动合同法 arts. 57, 66, 92).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from clause_library.loader import Library
from tests.conftest import example_request
from tests.generator.docx_articles import Articles, drafted_docx, read_articles

# What the first read quoted from the BPO contract (9.1, 9.4, 9.5) and the on-site rules.
GONE = [
    "经甲方书面确认后派驻",
    "甲方有权对乙方人员进行考核，考核不合格的人员不得从事本服务",
    "甲方有权书面要求乙方更换",
    "遵守甲方的门禁、考勤",
    "佩戴甲方发放的工作证件",
]


def _bpo(onsite: bool) -> dict[str, Any]:
    data = example_request("bpo_contract_bilingual.yaml")
    data = copy.deepcopy(data)
    data["onsite_staff"] = onsite
    return data


@pytest.fixture(scope="module")
def onsite(library: Library) -> Articles:
    return read_articles(drafted_docx(library, _bpo(onsite=True)))


def test_the_quoted_dispatch_signs_are_gone(onsite: Articles) -> None:
    text = onsite.all_text()
    for quote in GONE:
        assert quote not in text, quote


def test_instructions_assessment_and_management_stay_with_the_vendor(onsite: Articles) -> None:
    personnel = onsite.text(onsite.find("人员管理"))
    evaluation_no = onsite.find("考核与评估")
    assert "甲方仅通过乙方指定的项目负责人提出与本服务有关的要求和指示，不直接向乙方人员安排工作" in personnel
    assert "考勤、排班、工作时间、休息休假、薪酬、绩效考核、奖惩和纪律处分，均由乙方自主管理" in personnel
    assert f"甲方依照本合同{evaluation_no}对本服务的成果和服务水平进行考核，不对乙方人员个人进行考核" in personnel
    assert "与甲方员工工作区域相分隔的专用工作区域" in personnel
    assert "乙方派驻人员的人数和工时不作为计费依据" in personnel
    assert "the Client gives requirements and instructions relating to the Services only through" in personnel
    rights = onsite.text(onsite.find("双方权利义务"))
    assert "通过乙方指定的项目负责人就服务事项向乙方提出合理的要求和指示" in rights
    assert "甲方不对乙方人员行使用工管理权" in rights


def test_without_onsite_staff_no_onsite_rules(library: Library) -> None:
    arts = read_articles(drafted_docx(library, _bpo(onsite=False)))
    personnel = arts.text(arts.find("人员管理"))
    assert "驻场区域" not in personnel
    assert "不对乙方人员个人进行考核或者奖惩" in personnel  # outputs, not people, whether on site or not
    for quote in GONE:
        assert quote not in arts.all_text(), quote
