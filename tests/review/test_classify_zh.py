"""Chinese clauses as vendors and clients word them are found; what only looks like them is not."""

from __future__ import annotations

import pytest

from clause_library.models import Category
from tests.review.classify_helpers import _found

# Chinese clauses as vendors and clients word them (vendor paper, not this project's templates):
# each concept in several phrasings, and next to it what only looks like it.
ZH_CASES = [
    ("委托方有权每季度查验受托方为派驻人员缴纳社会保险的凭证及工资发放记录。", "audit_rights"),
    ("采购方有权随时派员进入供应商机房，检查设备运行状况并查阅运维记录。", "audit_rights"),
    ("乙方应当配合甲方及监管机构的现场检查，并按要求限期改正。", "audit_rights"),
    ("供应商应为其派驻人员投保雇主责任险，保险金额不低于每人五十万元。", "insurance"),
    ("乙方在本合同项下承担的违约金及赔偿责任累计总额，不超过甲方已支付的服务费总额。", "liability_cap"),
    ("受托方每年度的赔偿总额，以该年度已收取服务费的两倍为限。", "liability_cap"),
    ("任何一方均不对另一方的间接的、附带的或后果性的损失（包括利润损失）承担责任。", "liability_cap"),
    ("受托方不承担委托方的可得利益损失、商誉损失及其他间接损失。", "liability_cap"),
    ("委托方有权在合同期限内随时以书面形式通知受托方解除本合同。", "termination_for_convenience"),
    ("任何一方均可随时提前三十日向另一方发出书面通知终止本协议。", "termination_for_convenience"),
    ("本合同终止或期满后，乙方应配合甲方将业务平稳迁移至新的服务商。", "post_termination_services"),
    ("本合同终止的，甲方按乙方实际已提供服务的期间折算并支付服务费。", "post_termination_services"),
    ("承包方不得将本项目整体转包给他人，也不得将本项目肢解后分包。", "assignment"),
    ("未经对方同意，任何一方不得将本合同项下的权利义务转让给第三方。", "assignment"),
    ("标注结果及一切衍生数据的全部知识产权自形成之日起归甲方所有。", "ip_ownership"),
    ("交付物的著作权及其他知识产权，自交付之日起转让给采购方。", "ip_ownership"),
    ("双方应于期满前一个月就续订事宜进行协商。", "renewal"),
    ("合同期满后如双方均无异议，本合同自动延长一年。", "renewal"),
    ("系统自验收合格之日起十二个月内，乙方免费修复发现的缺陷。", "warranty"),
    ("在本协议期限内及终止后一年内，任何一方不得直接或间接招用对方参与本项目的员工。", "non_solicitation"),
    ("乙方不得劝诱甲方员工离职，亦不得与甲方在职员工建立劳动关系。", "non_solicitation"),
    ("甲方在任何时候提出要求时，乙方应在五日内将全部图纸、样机返还甲方。", "return_or_destruction"),
    ("本协议终止后，接收方的保密义务在三年内仍然有效。", "survival"),
    ("法律法规要求或法院、监管部门依法要求受托方提供保密信息的，受托方应在提供前通知委托方。", "compelled_disclosure"),
    ("接收方仅可将保密信息用于评估拟议交易，不得用于其他任何目的。", "limited_use"),
    ("乙方对保密信息的使用，仅限于履行本合同之目的。", "limited_use"),
    ("除为向甲方提供服务所必需外，乙方不得访问、使用甲方数据。", "limited_use"),
    ("披露保密信息不构成对接收方授予该等信息项下的任何专利权、著作权或者其他权利的许可。", "no_license"),
    ("接收方不得对披露方提供的样品进行结构解析、成分分析或者其他形式的反向工程。", "no_reverse_engineering"),
    ("接收方可以向其董事、员工及专业顾问披露保密信息，但应使其承担同等保密义务。", "permitted_disclosure"),
    ("本协议所称“保密信息”，是指披露方提供的全部非公开信息。", "confidential_info_definition"),
    ("接收方在第2条、第3条项下的义务在本协议期满或者终止后继续有效二年。", "confidentiality_term"),
    ("本协议有效期为两年，自双方签字盖章之日起计算。", "confidentiality_term"),
    ("本合同未尽事宜，双方可另行签订补充协议。", "change_management"),
    ("货物在仓储期间发生灭失、损坏的，由受托方承担赔偿责任。", "breach_liability"),
    ("受托方应向委托方提供应收账款催收服务。", "service_scope"),
    ("乙方根据甲方的用工需求向甲方派遣劳动者。", "service_scope"),
    ("项目总工期为自本合同生效之日起一百八十日。", "service_term"),
    ("甲方每季度对乙方进行一次考评，考评结果与服务费挂钩。", "evaluation"),
    ("委托方的权利和义务：", "rights_obligations"),
    ("抽检准确率不低于97%，客户满意度不低于90%。", "service_standards"),
    ("本合同的法律适用为中华人民共和国法律。", "governing_law"),
    ("甲方有权抽取百分之十的问卷进行电话回访复核。", "audit_rights"),
    ("任何一方均可在书面通知后对另一方的保密措施进行一次现场检查。", "audit_rights"),
    ("乙方的累计赔偿责任，以前十二个月已收取的服务费总额为限。", "liability_cap"),
    ("任何一方欲提前结束合作的，须提前六十日以书面方式告知对方，提出方无需说明理由。", "termination_for_convenience"),
    ("采购方享有单方解约权。", "termination_for_convenience"),
    ("本合同提前终止的，乙方应在终止之日起十日内将已完成的成果交付甲方。", "post_termination_services"),
    ("承包方可以分包给具备相应能力的第三方，但应提前通知发包方。", "assignment"),
    ("乙方不得将本合同项下的驾驶服务转交其他公司承担。", "assignment"),
    ("本协议的期限随之延至合作终止之日。", "renewal"),
    ("维修完成后九十日内同一故障复发的，供应商应免费再次维修。", "warranty"),
    ("委托方不得直接或者通过其关联公司聘用受托方派驻本项目的坐席及现场主管。", "non_solicitation"),
    ("采购方如需招录供应商驻场工程师，应当事先取得供应商书面同意。", "non_solicitation"),
    ("服务商承诺不以任何方式录用委托人本地化团队的在职员工。", "non_solicitation"),
    ("本合同终止后，乙方应将获取的患者信息从其所有设备中彻底删除。", "return_or_destruction"),
    ("第七条、第八条在本合同终止后依然有效。", "survival"),
    ("第13条至第17条约定的义务，其效力延及本合同终止后三年。", "survival"),
    ("保密责任不因本合同履行完毕而免除。", "survival"),
    ("接收方在司法机关依法强制要求下交出技术资料的，须在收到要求后第一时间通知提供方。", "compelled_disclosure"),
    ("因监管机构依法查询而披露的，乙方应尽快将查询情况告知甲方。", "compelled_disclosure"),
    ("乙方不得将甲方员工的薪酬数据用于核算服务以外的任何用途。", "limited_use"),
    ("客户名单除本项目外不得另作他用。", "limited_use"),
    ("提供安装包并不意味着授予承包方任何使用许可或其他权利。", "no_license"),
    ("接收方不因接收技术资料而取得任何专利或著作权的许可。", "no_license"),
    ("知悉方不得进行反向编译或者以任何方式追溯其算法。", "no_reverse_engineering"),
    ("服务商可以将保密信息告知参与项目的译员和审校人员，但其知悉保密信息应为完成工作所必需。", "permitted_disclosure"),
    ("下列人员可以在必要范围内获知对方的商业秘密：", "permitted_disclosure"),
]
ZH_NEAR_MISSES = [
    ("乙方内部审计部门每年对数据中心进行一次内部审计。", "audit_rights"),
    ("受托方有权向委托方审计监察部举报索贿行为。", "audit_rights"),
    ("乙方应核实投保人是否亲自签名、是否收到保险合同。", "insurance"),
    ("甲方为中国人民财产保险股份有限公司的分支机构。", "insurance"),
    ("违约方应赔偿守约方因此遭受的全部损失，包括直接损失和间接损失。", "liability_cap"),
    ("因委托方资料不全导致税务机关加收滞纳金的，由委托方自行承担。", "liquidated_damages"),
    ("乙方严重违约的，甲方有权随时解除本合同。", "termination_for_convenience"),
    ("供应商更换驻场工程师的，应提前十日通知采购方并完成工作交接。", "post_termination_services"),
    ("乙方保证交付的软件不侵犯任何第三方的知识产权。", "ip_ownership"),
    ("卖方交付货物后，货物的所有权归买方所有。", "ip_ownership"),
    ("质保期满后，如需继续维护的，双方另行签订运维合同。", "renewal"),
    ("因乙方原因导致里程碑延误的，服务期限不因此顺延。", "renewal"),
    ("保密信息及其载体均为披露方的财产，其知识产权归披露方所有。", "ip_ownership"),  # the no-licence topic
    ("乙方应保持派驻团队稳定，更换关键人员须经甲方同意。", "non_solicitation"),
    ("乙方不得通过甲方员工介绍人员入职并收取费用。", "non_solicitation"),
    ("预付但尚未履行期间的服务费，受托方应在交接完成后十日内退还。", "return_or_destruction"),
    ("甲方有权要求乙方公开致歉、删除相关资料中的侵权内容。", "return_or_destruction"),
    ("本合同终止时，乙方应交还门禁卡、钥匙和对讲机。", "return_or_destruction"),
    ("本合同终止后十五日内，接收方应返还保密信息，但交付物除外。", "post_termination_services"),
    ("乙方严重违约的，甲方可以提前十日发出解约通知。", "termination_for_convenience"),
    ("乙方不得将保密信息提供给其员工以外的任何人员。", "permitted_disclosure"),
    ("甲方可以委托负有保密义务的会计师事务所进行检查。", "permitted_disclosure"),
    ("学员可以在内部为学习目的使用讲义，但不得用于对外培训或者其他商业用途。", "limited_use"),
    ("托管设备的所有权归甲方。", "no_license"),
    ("乙方获取的信息不得用于营销、数据分析、模型训练或其他业务。", "no_reverse_engineering"),
]


@pytest.mark.parametrize(("text", "category"), ZH_CASES)
def test_chinese_clauses_are_found(categories: dict[str, Category], text: str, category: str) -> None:
    assert category in _found(categories, text)


@pytest.mark.parametrize(("text", "category"), ZH_NEAR_MISSES)
def test_chinese_look_alikes_are_not_tagged(categories: dict[str, Category], text: str, category: str) -> None:
    assert category not in _found(categories, text)
