"""Legal review 2, N1 and N20: the drafted contracts, opened as a lawyer reads them.

N1: every service contract prints its place of service (the request's decisive fact ``service_location``)
in art. 1, says a change of place goes through the change article, and the on-site rules (BPO 9.7) apply
at that place. N20: the bastion-host rule only for IT outsourcing, BPO's list of unrelated processes
(财务流程…物流与配送) gone, and no 12-month warranty on BPO's continuing daily work.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from clause_library.loader import Library
from tests.conftest import example_request
from tests.generator.docx_articles import Articles, drafted_docx, read_articles


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = example_request(name)
    return data


IT = _example("it_contract_zh.yaml")
BPO = _example("bpo_contract_bilingual.yaml")
HR = _example("hr_payroll_zh.yaml")


def _it_on_site() -> dict[str, Any]:
    """An IT request unlike the example: bilingual, on the company's premises, no system access."""
    data = copy.deepcopy(IT)
    data.update(contract_no="IT-2026-0900", language="bilingual", onsite_staff=True, system_access=False,
                personal_information_entrusted=False,
                service_location={"zh": "甲方上海数据中心（上海市浦东新区张江路1号）。",
                                  "en": "the Client's Shanghai data centre (1 Zhangjiang Road, Pudong, Shanghai)"})
    data.pop("personal_information", None)
    for party in ("client", "vendor"):
        data[party] = {k: ({"zh": v, "en": f"{k} of the {party}"} if k in ("name", "address", "representative",
                                                                              "contact", "bank_name") else v)
                       for k, v in IT[party].items()}
    data["project_name"] = {"zh": IT["project_name"], "en": "Core System Maintenance"}
    return data


def _hr_remote_no_access() -> dict[str, Any]:
    """An HR request whose vendor neither works on site nor logs in to the company's systems."""
    data = copy.deepcopy(HR)
    data.update(contract_no="HR-2026-0900", system_access=False,
                service_location="乙方广州服务中心（广州市天河区珠江新城1号）")
    return data


REQUESTS = {"IT": IT, "BPO": BPO, "HR": HR, "IT-onsite": _it_on_site(), "HR-offline": _hr_remote_no_access()}


@pytest.fixture(scope="module")
def drafted(library: Library) -> dict[str, Articles]:
    return {name: read_articles(drafted_docx(library, data)) for name, data in REQUESTS.items()}


def _location(data: dict[str, Any], lang: str) -> str:
    loc = data["service_location"]
    text = loc if isinstance(loc, str) else loc[lang]
    return str(text).rstrip("。")


@pytest.mark.parametrize("name", list(REQUESTS))
def test_art_1_prints_the_place_of_service_and_how_it_changes(drafted: dict[str, Articles], name: str) -> None:
    arts, data = drafted[name], REQUESTS[name]
    assert arts.find("服务内容") == "第一条"
    scope = arts.text("第一条")
    change_no = arts.find("合同变更")
    assert f"服务地点：本服务的服务地点为{_location(data, 'zh')}。" in scope
    assert ("乙方变更服务地点或者在服务地点以外提供本服务的，应当事先取得甲方书面同意，"
            f"并按照本合同{change_no}约定的程序签订书面变更协议") in scope
    # printed once, in art. 1 only, with no doubled full stop
    assert arts.all_text().count(_location(data, "zh")) == 1
    assert "。。" not in scope
    onsite_rule = f"适用本合同{arts.find('人员管理')}关于驻场人员的约定"
    assert (onsite_rule in scope) is bool(data["onsite_staff"])
    access_rule = f"乙方人员应当在服务地点，并按照本合同{arts.find('信息安全')}约定的方式访问甲方信息系统"
    assert (access_rule in scope) is bool(data["system_access"])
    if data.get("language") == "bilingual":
        en = _location(data, "en")
        assert f"Place of service: the place where the Services are provided is {en}." in scope
        assert "requires the Client's prior written consent and a written change agreement under the procedure in " \
               "Article " in scope


@pytest.mark.parametrize("name", ["BPO", "IT-onsite"])
def test_on_site_rules_apply_at_the_place_of_service(drafted: dict[str, Articles], name: str) -> None:
    arts = drafted[name]
    personnel = arts.text(arts.find("人员管理"))
    assert "乙方人员在甲方场所工作的，应遵守下列规定" not in personnel  # the old conditional wording (N1)
    assert "乙方人员在本合同第一条约定的服务地点内的甲方场所工作时，应遵守下列规定" in personnel
    assert "甲方为驻场的乙方人员在前款所述甲方场所内提供与甲方员工工作区域相分隔的专用工作区域" in personnel
    assert "Vendor personnel working at the Client's premises within the place of service set out in Article 1 " \
           "shall:" in personnel


def test_no_on_site_rules_without_on_site_staff(drafted: dict[str, Articles]) -> None:
    for name in ("IT", "HR", "HR-offline"):
        arts = drafted[name]
        assert "驻场区域" not in arts.text(arts.find("人员管理")), name


def test_bastion_host_only_for_it_outsourcing(drafted: dict[str, Articles]) -> None:
    it = drafted["IT"]
    assert "应当通过甲方指定的堡垒机进行，操作会话全程录像" in it.text(it.find("信息安全"))
    for name in ("BPO", "HR"):  # both with system access
        arts = drafted[name]
        security = arts.text(arts.find("信息安全"))
        assert "为乙方人员开立实名账号" in security, name  # the system-access rules stay
        assert "堡垒机" not in arts.all_text(), name
        assert "bastion host" not in arts.all_text(), name


def test_bpo_scope_lists_only_what_is_bought(drafted: dict[str, Articles]) -> None:
    scope = drafted["BPO"].text("第一条")
    for quote in ("财务流程", "物流与配送", "finance processes", "logistics and delivery"):
        assert quote not in scope, quote


def test_bpo_has_no_warranty_period_on_its_daily_work(drafted: dict[str, Articles]) -> None:
    bpo = drafted["BPO"]
    warranty = bpo.text(bpo.find("质量保证"))
    assert "质量保证期为自甲方验收合格之日起" not in warranty
    assert "Warranty Period" not in warranty
    assert "本服务为持续性服务，不适用交付成果质量保证期" in warranty
    assert ("无论在服务期限内还是服务期限届满后发现，"
            "乙方均应当在收到甲方通知之日起10日内免费纠正或者重新提供服务") in warranty
    assert "The Services are continuing services and no warranty period for deliverables applies" in warranty
    # IT keeps its warranty on deliverables; HR keeps its own clause
    it = drafted["IT"]
    assert "质量保证期为自甲方验收合格之日起12个月" in it.text(it.find("质量保证"))
    hr = drafted["HR"]
    assert "不适用交付成果质量保证期" in hr.text(hr.find("资质与质量保证"))
