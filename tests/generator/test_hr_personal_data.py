"""Legal review 2, N3: an HR contract's 附件四《委托处理个人信息清单》 lists what payroll and social-insurance
administration actually processes, and art. 1 (1.11) relies on that one list instead of its own.

Individual income tax filing needs the special additional deductions (children, spouse, parents, serious-illness
medical costs); sick pay, 医疗期, 工伤 and 生育 need health data (PIPL arts. 21, 28). Checked in the drafted
.docx for the shipped example and for a different, bilingual HR request; IT and BPO lists stay as requested.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from clause_library.loader import Library
from generator.assemble import assemble
from generator.request import parse_request
from tests.conftest import example_request
from tests.generator.docx_articles import drafted_docx, read_articles

HR = example_request("hr_payroll_zh.yaml")
IT = example_request("it_contract_zh.yaml")

DEPENDANTS = "员工的子女、配偶、父母等专项附加扣除相关人员"
DEDUCTIONS = "专项附加扣除信息（含子女教育、赡养老人及大病医疗支出信息）"
HEALTH = "病假、医疗期、工伤及生育相关的健康信息"


def _bilingual_hr() -> dict[str, Any]:
    """Bilingual, other subjects and types; the health data given as NOT sensitive (it must become sensitive)."""
    data = copy.deepcopy(HR)
    data.update(contract_no="HR-2026-0901", language="bilingual", pass_through_funds=False)
    for party in ("client", "vendor"):
        data[party] = {k: ({"zh": v, "en": f"{k} of the {party}"} if k in ("name", "address", "representative",
                                                                              "contact", "bank_name") else v)
                       for k, v in HR[party].items()}
    data["personal_information"] = {
        "subjects": [{"zh": "甲方员工及离职员工", "en": "the Client's current and former employees"}],
        "types": [{"name": {"zh": "姓名及工号", "en": "name and staff number"}, "sensitive": False},
                  {"name": {"zh": HEALTH, "en": "health data"}, "sensitive": False}],
        "systems": [{"zh": "乙方薪酬系统", "en": "the Vendor's payroll system"}],
    }
    return data


def _schedule_rows(doc: Any) -> dict[str, str]:
    (table,) = [t for t in doc.tables if t.rows[0].cells[0].text.startswith("项目")]
    return {r.cells[0].text.split("\n")[0].split(" ")[0]: r.cells[1].text for r in table.rows[1:]}


@pytest.mark.parametrize("data", [HR, _bilingual_hr()], ids=["example", "bilingual"])
def test_schedule_4_lists_dependants_deductions_and_health_data_as_sensitive(library: Library,
                                                                             data: dict[str, Any]) -> None:
    doc = drafted_docx(library, data)
    rows = _schedule_rows(doc)
    subjects = rows["个人信息主体"]
    first = data["personal_information"]["subjects"][0]
    assert subjects.startswith(first if isinstance(first, str) else first["zh"])  # the request's own first
    assert DEPENDANTS in subjects
    assert DEDUCTIONS in rows["敏感个人信息"] and HEALTH in rows["敏感个人信息"]
    assert HEALTH not in rows["一般个人信息"] and DEDUCTIONS not in rows["一般个人信息"]
    arts = read_articles(doc)
    scope = arts.text("第一条")
    assert "健康状况等敏感个人信息" not in scope  # 1.11's own list, which 附件四 contradicted
    assert "其个人信息主体和种类以附件四《委托处理个人信息清单》所列为准，包括该清单中标明的敏感个人信息" in scope
    data_no = arts.find("数据与个人信息保护")
    assert "以附件四《委托处理个人信息清单》所列的个人信息主体、个人信息种类和处理系统为限" in arts.text(data_no)
    if data.get("language") == "bilingual":
        assert "special additional deduction information" in rows["敏感个人信息"]
        assert "the individuals concerned and the types of personal information are those listed in Schedule 4" in scope


def test_the_additions_are_listed_as_defaults(library: Library) -> None:
    defaults = dict(assemble(library, parse_request(HR)).defaults)
    assert defaults["personal_information.subjects (HR payroll, added)"] == DEPENDANTS
    assert HEALTH in defaults["personal_information.types (HR payroll, added)"]


def test_an_it_list_stays_as_requested(library: Library) -> None:
    rows = _schedule_rows(drafted_docx(library, IT))
    assert rows["个人信息主体"] == "甲方客户；甲方员工"
    assert HEALTH not in rows["敏感个人信息"] and DEPENDANTS not in rows["个人信息主体"]
