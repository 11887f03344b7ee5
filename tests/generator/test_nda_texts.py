"""Legal review 2, the NDAs' and pledges' texts, read in the drafted .docx as a lawyer reads them.

N4 an NDA made for a main contract lets client data and personal information go no further than the contract
(4.1 advisers and affiliates excluded, the contract's articles cited by number; precedence: the contract for
those, the stricter NDA elsewhere); N5 both NDAs open with a 特别提示 naming the articles whose key sentences are
bold and underlined; N6 the incident notice is the contract's (2 h telephone or e-mail, 24 h written, the
family's own figures); N7 return and destruction run from the end of the contract's handover and transition;
N8 "一次" is defined; N1/N19 a pledge prints the place of service only for on-site staff, remote staff get the
remote-access rules; N15 the pledge's personal-information notice. Every applicable request: family and
standalone, one-way and mutual, zh, en and bilingual, and requests unlike the examples.
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document

from clause_library.errors import RequestError
from clause_library.loader import Library
from generator.assemble import assemble
from generator.draft import draft
from generator.pack import PackResult, build_pack
from generator.render import render_docx
from generator.request import load_request, parse_request
from tests.conftest import EXAMPLES, STANDALONE_PACK, STANDALONE_PLEDGE, draft_example
from tests.generator.docx_articles import Articles, emphasised, read_articles

ZH_NUM = r"第[一二三四五六七八九十百]+条"


def _yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("roster", None)
    return data


def _write(tmp: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _docx(library: Library, path: Path, out: Path) -> Any:
    """The drafted document of the request at ``path`` (a family request completed from ``out``)."""
    return Document(io.BytesIO(render_docx(assemble(library, load_request(path, out_dir=out)))))


def _contract_articles(out: Path, number: str) -> Articles:
    return read_articles(Document(str(out / number / "contract.docx")))


def _number(arts: Articles, heading_start: str) -> str:
    """The number of the article whose (first-language) heading starts with ``heading_start``."""
    found = [n for n, h in arts.heading.items() if h.startswith(heading_start)]
    assert len(found) == 1, (heading_start, arts.heading)
    return found[0]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The BPO and IT contracts drafted (the main contracts of the family requests below)."""
    folder = tmp_path_factory.mktemp("family")
    draft_example("bpo_contract_bilingual.yaml", folder)
    draft_example("it_contract_zh.yaml", folder)
    return folder


@pytest.fixture(scope="module")
def requests(out: Path) -> dict[str, Path]:
    """Name → request file: the shipped NDAs, and requests unlike them (family mutual bilingual, standalone one-way,
    standalone mutual zh without liquidated damages and with fixed years, family NDA of the IT contract)."""
    tmp = out / "requests"
    tmp.mkdir()
    pack = _yaml(EXAMPLES / "nda_pack_zh.yaml")
    mutual_family = {**pack, "contract_no": "NDA-2026-0077", "mutual": True, "language": "bilingual",
                     "purpose": {"zh": pack["purpose"], "en": "customer-service hotline outsourcing"},
                     "sign_place": {"zh": "北京市", "en": "Beijing"}}
    it_family = {**pack, "contract_no": "NDA-2026-0078", "main_contract": "IT-2026-0001",
                 "purpose": "乙方为甲方提供核心业务系统运维服务，经堡垒机远程接入甲方系统"}
    mutual_zh = {**_yaml(EXAMPLES / "nda_mutual_en.yaml"), "contract_no": "NDA-2026-0079", "language": "zh",
                 "variants": {"confidentiality_term": "fixed_years", "dispute_resolution": "court"},
                 "values": {"nda_liquidated_damages_apply": False}}
    return {
        "family_one_way_zh": EXAMPLES / "nda_pack_zh.yaml",
        "family_mutual_bilingual": _write(tmp, "mutual_family.yaml", mutual_family),
        "family_it_zh": _write(tmp, "it_family.yaml", it_family),
        "standalone_one_way_zh": _write(tmp, "standalone.yaml", _yaml(STANDALONE_PACK)),
        "standalone_mutual_bilingual": EXAMPLES / "nda_mutual_en.yaml",
        "standalone_mutual_zh": _write(tmp, "mutual_zh.yaml", mutual_zh),
    }


@pytest.fixture(scope="module")
def ndas(library: Library, requests: dict[str, Path], out: Path) -> dict[str, Articles]:
    return {name: read_articles(_docx(library, path, out)) for name, path in requests.items()}


FAMILY = ["family_one_way_zh", "family_mutual_bilingual", "family_it_zh"]
STANDALONE = ["standalone_one_way_zh", "standalone_mutual_bilingual", "standalone_mutual_zh"]
ALL = FAMILY + STANDALONE


def _zh(arts: Articles, number: str) -> list[str]:
    """The Chinese paragraphs of an article (a bilingual document gives each paragraph in zh, then in en)."""
    return [p.text for p in arts.paras[number] if not re.match(r"^(\d+\.\d+ )?[A-Z(]", p.text)]


# ------------------------------------------------------------------ N5: the special notice


@pytest.mark.parametrize("name", ALL)
def test_nda_opens_with_a_special_notice_naming_marked_articles(name: str, ndas: dict[str, Articles]) -> None:
    arts = ndas[name]
    notice = [p for p in arts.preamble if p.text.startswith("特别提示：")]
    assert len(notice) == 1, "the 特别提示 opens the NDA"
    start = arts.preamble.index(notice[0])
    parties = next(i for i, p in enumerate(arts.preamble) if p.text.startswith("甲方："))
    assert start < parties
    block = arts.preamble[start:parties]
    named = [m for p in block if re.match(r"^（[一二三四五六七八九十]+）", p.text)
             for m in re.findall(ZH_NUM, p.text)]
    assert len(named) == 5, named
    expected = {"保密期限", "不授予权利", "不招揽", "违约责任", "通知与送达"}
    assert {arts.heading[n].split("  ")[0] for n in named} == expected
    for number in named:
        assert [s for p in arts.paras[number] for s in emphasised(p)], f"{number} names no marked sentence"
    confirm = [p for p in block if p.text.startswith("乙方确认：甲方已按照乙方的要求对上述条款作出说明")]
    assert confirm and emphasised(confirm[0]) == [confirm[0].text]
    if "bilingual" in name:
        en = [p for p in block if p.text.startswith("Special notice: the Client has drawn")]
        assert len(en) == 1 and any(p.text.startswith("The Vendor confirms") and emphasised(p) for p in block)
    damages = arts.find("违约责任") if "bilingual" not in name else _number(arts, "违约责任")
    liability = "\n".join(_zh(arts, damages))
    if name == "standalone_mutual_zh":  # no liquidated damages: the notice does not name any
        assert "违约金" not in notice[0].text + "".join(p.text for p in block) and "每违反本协议一次" not in liability
    else:
        assert "按每次违约计算的违约金" in "".join(p.text for p in block)


# ------------------------------------------------------------------ N8: "一次" defined


@pytest.mark.parametrize("name", [n for n in ALL if n != "standalone_mutual_zh"])
def test_each_breach_is_defined(name: str, ndas: dict[str, Articles]) -> None:
    arts = ndas[name]
    text = arts.text(_number(arts, "违约责任"))
    assert "每违反本协议一次" in text
    assert "本款所称“一次”，是指一项违约行为：基于同一原因、在同一时间或者连续发生的违约行为为一次" in text
    if "bilingual" in name:
        assert '"each breach" means one act of breach' in text


# ------------------------------------------------------------------ N6: the incident notice


@pytest.mark.parametrize("name", ALL)
def test_incident_notice_is_the_contracts(name: str, ndas: dict[str, Articles]) -> None:
    arts = ndas[name]
    text = arts.text(_number(arts, "保密义务"))
    assert "二十四小时内书面通知" not in text and "twenty-four hours" not in text
    assert "在知悉后2小时内以电话或者电子邮件通知披露方，并在24小时内书面报告披露方" in text
    if "bilingual" in name:
        assert "by telephone or e-mail within 2 hours of becoming aware of it and report to it in writing within " \
               "24 hours" in text


def test_a_family_nda_takes_its_contract_s_incident_figures(library: Library, tmp_path: Path) -> None:
    """Not the library's default: a contract with 1 h / 12 h gives its NDA 1 h / 12 h; the NDA cannot say other."""
    bpo = _yaml(EXAMPLES / "bpo_contract_bilingual.yaml")
    bpo["values"] = {**bpo.get("values", {}), "incident_notice_hours": 1, "incident_report_hours": 12}
    folder = tmp_path / "out"
    draft(_write(tmp_path, "bpo.yaml", bpo), folder)
    contract = "\n".join(p.text for p in Document(str(folder / "BPO-2026-0007" / "contract.docx")).paragraphs)
    assert "1小时内以电话或者电子邮件通知甲方，并在12小时内" in contract
    arts = read_articles(_docx(library, EXAMPLES / "nda_pack_zh.yaml", folder))
    text = arts.text(arts.find("保密义务"))
    assert "在知悉后1小时内以电话或者电子邮件通知披露方，并在12小时内书面报告披露方" in text and "后2小时" not in text
    other = _write(tmp_path, "nda.yaml", {**_yaml(EXAMPLES / "nda_pack_zh.yaml"),
                                          "values": {"incident_notice_hours": 4}})
    with pytest.raises(RequestError) as e:
        load_request(other, out_dir=folder)
    (problem,) = e.value.problems
    assert problem.field == "values.incident_notice_hours"
    assert "says 4" in problem.message and "says 1" in problem.message and "BPO-2026-0007" in problem.message


# ------------------------------------------------------------------ N4: client data and personal information


@pytest.mark.parametrize("name", FAMILY)
def test_family_nda_keeps_personal_data_within_the_contract(name: str, ndas: dict[str, Articles], out: Path) -> None:
    arts = ndas[name]
    main = "IT-2026-0001" if name == "family_it_zh" else "BPO-2026-0007"
    contract = _contract_articles(out, main)
    data_art, conf_art = _number(contract, "数据"), _number(contract, "保密")
    permitted = _number(arts, "允许披露")
    items = [t for t in _zh(arts, permitted) if t.startswith("（")]
    assert "专业顾问" in items[1] and "关联方" in items[2]  # 4.1(二) and (三), which the new paragraph excludes
    assert any(f"保密信息中的甲方数据（依主合同的定义）和个人信息，仅可按照主合同{data_art}和{conf_art}的约定提供，"
               "不得向本条第一款第（二）项、第（三）项所列人员披露" in t for t in _zh(arts, permitted))
    closing = "\n".join(p.text for p in arts.paras[list(arts.paras)[-1]])
    assert ("就保密信息中的个人信息和甲方数据（依主合同的定义），以主合同的约定为准；其他事项中，本协议对保密义务的约定"
            "比主合同更为具体或者更为严格的，适用本协议") in closing
    assert "同时适用。本协议对保密义务的约定比主合同更为具体" not in closing
    if "bilingual" in name:
        assert "As to personal information and the Client Data (as defined in the Main Contract)" in closing


@pytest.mark.parametrize("name", FAMILY)
def test_family_nda_takes_its_damages_from_the_contract_not_in_a_circle(name: str, ndas: dict[str, Articles],
                                                                       out: Path) -> None:
    # legal review 3, R3-13: the contract defers to itself and the NDA's closing deferred to the NDA's own article;
    # now the NDA names the contract's damages article, as its breach article already does
    arts = ndas[name]
    main = "IT-2026-0001" if name == "family_it_zh" else "BPO-2026-0007"
    damages = _number(_contract_articles(out, main), "违约金")
    closing = "\n".join(p.text for p in arts.paras[list(arts.paras)[-1]])
    assert (f"违反保密义务的违约金依照主合同{damages}的约定确定（本协议{_number(arts, '违约责任')}援引该约定）"
            in closing), closing


@pytest.mark.parametrize("name", STANDALONE)
def test_standalone_nda_names_no_main_contract(name: str, ndas: dict[str, Articles]) -> None:
    text = ndas[name].all_text()
    assert "主合同" not in text and "Main Contract" not in text


# ------------------------------------------------------------------ N7: return after handover and transition


@pytest.mark.parametrize("name", FAMILY)
def test_family_nda_returns_after_the_handover(name: str, ndas: dict[str, Articles], out: Path) -> None:
    arts = ndas[name]
    main = "IT-2026-0001" if name == "family_it_zh" else "BPO-2026-0007"
    handover = _number(_contract_articles(out, main), "终止清算与交接")
    ret = _zh(arts, _number(arts, "保密信息的返还或销毁"))
    assert "（二） 主合同或者本协议期满或者终止的；" not in ret
    assert f"（二） 主合同或者本协议期满或者终止的，自主合同{handover}约定的交接及过渡协助完成之日起10日内。" in ret
    assert "（一） 披露方随时提出书面要求的，自收到该要求之日起10日内；" in ret
    use = "\n".join(_zh(arts, _number(arts, "使用限制")))
    assert f"但为完成主合同{handover}约定的交接及过渡协助所必需的除外" in use


@pytest.mark.parametrize("name", STANDALONE)
def test_standalone_nda_returns_within_its_days(name: str, ndas: dict[str, Articles]) -> None:
    ret = _zh(ndas[name], _number(ndas[name], "保密信息的返还或销毁"))
    assert ret[0].startswith("8.1 有下列情形之一的，接收方应在10日内") and "（二） 本协议期满或者终止的；" in ret


# ------------------------------------------------------------------ pledges: N1, N19, N15


@pytest.fixture(scope="module")
def pledges(library: Library, out: Path) -> dict[str, str]:
    """Pledge texts: the family's BPO pledge (on-site), an IT family pledge (remote), the standalone one (on-site,
    no main contract, no client e-mail), and a standalone one with no facts and an explicit contact."""
    tmp = out / "pledges"
    tmp.mkdir()
    it = {**_yaml(EXAMPLES / "pledge_zh.yaml"), "contract_no": "IT-2026-0001-P001", "main_contract": "IT-2026-0001",
          "pledgor": {"name": "王磊", "id_number": "110101199003071233", "role": "运维工程师",
                      "start_date": "2026-05-06"}}
    it.pop("nda_no")
    bare = copy.deepcopy(_yaml(STANDALONE_PLEDGE))
    bare["conditions"] = []
    bare["values"] = {"personal_information_contact": "电话010-65880000", "pledge_data_retention_years": 3}
    paths = {"bpo": EXAMPLES / "pledge_zh.yaml", "it": _write(tmp, "it.yaml", it),
             "standalone": STANDALONE_PLEDGE, "bare": _write(tmp, "bare.yaml", bare)}
    return {k: "\n".join(p.text for p in _docx(library, v, out).paragraphs) for k, v in paths.items()}


def test_on_site_pledge_prints_the_place_of_service(pledges: dict[str, str], out: Path) -> None:
    text = pledges["bpo"]
    assert "（即主合同约定的服务地点）" not in text
    assert "在主合同约定的服务地点，即贵公司客户服务中心（北京市朝阳区建国路88号），以及贵公司其他场所工作期间" in text
    assert "通过远程方式接入" not in text
    assert "在贵公司场所工作期间" in pledges["standalone"] and "主合同" not in pledges["standalone"]


@pytest.mark.parametrize("name", ["it", "bare"])
def test_remote_or_unstated_staff_get_no_on_site_wording(name: str, pledges: dict[str, str]) -> None:
    text = pledges[name].replace("深圳声联客服外包有限公司", "").replace("客户服务热线外包", "")
    assert "贵公司场所" not in text and "门禁记录" not in text
    assert "呼叫" not in text and "话务" not in text and "客服" not in text.replace("客服专员", "")
    if name == "it":
        # legal review 3, R3-6: remote staff reach the systems only from the contract's place of service
        assert "仅在主合同约定的服务地点（本人所在单位上海运维中心，经贵公司指定的堡垒机远程接入贵公司系统）" \
               "接入贵公司信息系统、处理保密信息；" in text
        assert "通过远程方式接入贵公司信息系统的，仅使用贵公司指定或者批准的接入方式、账号和设备" in text
        assert "本人使用其信息系统和网络的情况（包括账号登录、访问和操作日志以及运维操作会话录像（如有））" in text
    else:
        assert "通过远程方式接入" not in text and "服务地点" not in text


@pytest.mark.parametrize("name", ["bpo", "it", "standalone", "bare"])
def test_pledge_personal_information_notice(name: str, pledges: dict[str, str]) -> None:
    text = pledges[name]
    # up to the next article (the background-check consent since issue 13, then the liability)
    notice = text.split("个人信息处理告知与同意")[1].split("违反承诺的责任")[0].split("背景调查单独同意")[0]
    assert "保密期限届满时止" not in notice
    years = 3 if name == "bare" else 5
    assert f"上述个人信息和记录保存至本人离开本项目后{years}年" in notice
    assert "手机号码或者电子邮箱" in notice  # the roster's other columns
    assert "身份证号码属于敏感个人信息" in notice and "所必需" in notice and "身份被冒用" in notice
    contact = {"bpo": "电子邮箱legal@client.example.cn", "it": "电子邮箱legal@client.example.cn",
               "standalone": "书面方式（寄送至贵公司上述住所）", "bare": "电话010-65880000"}[name]
    assert f"请求可以通过{contact}提出" in notice
    paras = notice.split("\n")
    general = [p for p in paras if "同意贵公司按照上述方式处理" in p]
    separate = [p for p in paras if "本人单独同意本人所在单位向贵公司提供" in p]
    assert len(general) == 1 and len(separate) == 1 and general != separate
    assert "第二十九条" in separate[0] and "单独同意" not in general[0]
    signature = paras[paras.index(separate[0]) + 1]
    assert signature.strip() == "本人单独同意（签字）：", "the separate consent has its own signature line"


def test_pack_pledges_carry_the_new_texts(out: Path) -> None:
    """The fast path (a compiled pledge filled per person) gives the same texts."""
    draft(EXAMPLES / "pledge_zh.yaml", out)
    result: PackResult = build_pack(EXAMPLES / "nda_pack_zh.yaml", EXAMPLES / "roster.xlsx", out)
    for p in result.pledges[:2]:
        text = "\n".join(x.text for x in Document(str(result.folder / p.file)).paragraphs)
        assert "在主合同约定的服务地点，即贵公司客户服务中心（北京市朝阳区建国路88号），" in text
        assert "本人离开本项目后5年" in text and "本人单独同意（签字）：" in text


def test_the_english_pledge_reads_the_same(library: Library) -> None:
    data = _yaml(STANDALONE_PLEDGE)
    data["language"] = "en"
    data["project_name"] = {"zh": data["project_name"], "en": "Customer Service Hotline Outsourcing"}
    for role in ("client", "vendor"):
        data[role] = {k: ({"zh": v, "en": f"{role} {k}"} if k in ("name", "address", "representative") else v)
                      for k, v in data[role].items()}
    data["pledgor"] = {**data["pledgor"], "name": {"zh": "林晓", "en": "Lin Xiao"},
                       "role": {"zh": "客服专员", "en": "Agent"}}
    text = "\n".join(p.text for p in Document(io.BytesIO(render_docx(assemble(library, parse_request(data))))
                                              ).paragraphs)
    assert "kept until 5 years after I leave the Project" in text and "confidentiality period" not in text
    assert "sensitive personal information" in text and "Articles 14, 23 and 29" in text
    assert "Separate consent, signed by me:" in text and "while working on the Company's premises" in text
