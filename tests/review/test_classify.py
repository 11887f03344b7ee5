"""The clause classifier (zh/en patterns of the shipped categories), kind detection and evaluate()."""

from __future__ import annotations

from pathlib import Path

import pytest

from clause_library.models import Category, DocumentKind, OutsourcingKind
from review.classify import Hit, classify, normalize
from review.document import Segment
from review.evaluate import evaluate, load_categories, render_table
from review.kind import detect_kind


@pytest.fixture(scope="module")
def categories() -> dict[str, Category]:
    return load_categories()


def _seg(text: str, heading: str = "") -> Segment:
    return Segment(heading=heading, number=None, text=text, location="p. 1")


def _found(categories: dict[str, Category], text: str, heading: str = "") -> set[str]:
    return set(classify([_seg(text, heading)], categories, model=None))


# (text, category it is about) — body text alone, no heading.
BODY_CASES = [
    # service contracts, zh
    ("甲方：某某银行股份有限公司，统一社会信用代码：91310000XXXXXXXX，住所：上海市浦东新区。", "parties"),
    ("乙方应按照本合同约定向甲方提供以下信息技术运维服务，服务内容详见附件一。", "service_scope"),
    ("系统可用率不低于99.9%，乙方应按服务等级协议的响应时间处理故障。", "service_standards"),
    ("本合同服务期限为自2025年1月1日起至2025年12月31日止。", "service_term"),
    ("本合同期满前三十日内任何一方未提出异议的，本合同自动续期一年。", "renewal"),
    ("本合同服务费总额为人民币壹佰万元整（¥1,000,000），含税价。", "price"),
    ("甲方应于收到乙方开具的合法有效发票后三十日内支付服务费，付款方式为银行转账。", "payment"),
    ("乙方应向甲方开具增值税专用发票，税率为6%。", "invoice_tax"),
    ("乙方有权要求甲方提供必要的工作条件；乙方的义务如下：按时提供服务。", "rights_obligations"),
    ("乙方应对驻场服务人员进行背景调查，甲方有权要求乙方更换不称职的人员。", "personnel"),
    ("甲方每季度对乙方进行考核，考核结果与服务费扣减挂钩。", "evaluation"),
    ("甲方有权对乙方进行现场检查和审计，乙方应予以配合，发现问题的应限期整改。", "audit_rights"),
    ("对本合同的任何变更或修改，须经双方协商一致并签署书面补充协议。", "change_management"),
    ("乙方应采取访问控制、病毒防护等措施保障信息安全。", "information_security"),
    ("乙方受托处理个人信息的，应遵守《个人信息保护法》，不得超出委托处理的目的和方式。", "data_protection"),
    ("乙方对在履行本合同过程中知悉的甲方商业秘密负有保密义务。", "confidentiality"),
    ("乙方在履行本合同过程中形成的工作成果的知识产权归甲方所有。", "ip_ownership"),
    ("未经甲方书面同意，乙方不得将本合同项下的权利义务转让或分包给任何第三方。", "assignment"),
    ("乙方提供的软件的质保期为验收合格之日起十二个月。", "warranty"),
    ("任何一方违反本合同约定的，应承担违约责任并赔偿守约方的全部损失。", "breach_liability"),
    ("乙方逾期交付的，每逾期一日应按合同总额的千分之一向甲方支付违约金。", "liquidated_damages"),
    ("乙方在本合同项下的赔偿总额累计不超过本合同总金额。", "liability_cap"),
    ("乙方应为其派驻人员投保雇主责任险和第三者责任险。", "insurance"),
    ("因不可抗力导致不能履行合同的，受影响一方不承担责任。", "force_majeure"),
    ("乙方严重违约的，甲方有权书面通知乙方解除本合同。", "termination"),
    ("甲方可以提前三十日以书面通知乙方的方式解除本合同，无需说明理由。", "termination_for_convenience"),
    ("本合同终止后十日内，乙方应将全部资料和数据移交甲方，并协助完成工作交接。", "post_termination_services"),
    ("合同期内及终止后一年内，任何一方不得招揽或聘用对方的员工。", "non_solicitation"),
    ("因本合同引起的争议，双方应友好协商；协商不成的，提交上海国际仲裁中心仲裁。", "dispute_resolution"),
    ("本合同的订立、效力、解释和履行适用中华人民共和国法律。", "governing_law"),
    ("一方发出的通知应以书面形式按本合同载明的送达地址送达。", "notices"),
    ("甲方（盖章）：法定代表人或授权代表（签字）：签署日期：", "signatures"),
    ("本合同以中英文书就，两种文本如有不一致，以中文版本为准。", "language_precedence"),
    # NDAs and pledges, zh
    ("本协议所称保密信息是指披露方以任何形式提供的技术信息和经营信息。", "confidential_info_definition"),
    ("接收方仅可将保密信息用于评估双方合作的目的，不得用于其他目的。", "limited_use"),
    ("接收方仅可向因工作需要知悉保密信息的员工和顾问披露。", "permitted_disclosure"),
    ("下列信息不属于保密信息：已经为公众所知的信息；接收方独立开发的信息。", "exclusions"),
    ("如法律法规或监管机构要求接收方披露保密信息，接收方应在披露前及时书面通知披露方。", "compelled_disclosure"),
    ("本协议终止后，接收方应返还或销毁全部保密信息及其载体。", "return_or_destruction"),
    ("本协议不应被视为授予接收方对保密信息的任何许可或知识产权。", "no_license"),
    ("本协议终止后，接收方的保密义务继续有效。", "survival"),
    ("接收方不得对样品进行反向工程、反编译或反汇编。", "no_reverse_engineering"),
    ("承诺人：张三，身份证号码：3101**********1234，工作单位：某某科技有限公司。", "pledgor_identity"),
    ("本人确认已参加甲方组织的保密培训，并已阅读和理解甲方的保密制度。", "training_acknowledgment"),
    # English
    ("This Agreement shall be governed by and construed in accordance with the laws of the State of New York.",
     "governing_law"),
    ("In no event shall either party's aggregate liability under this Agreement exceed the fees paid in the "
     "twelve months preceding the claim.", "liability_cap"),
    ("Neither party may assign this Agreement without the prior written consent of the other party.", "assignment"),
    ("Supplier shall maintain commercial general liability insurance with limits of not less than $1,000,000.",
     "insurance"),
    ("Customer may terminate this Agreement for convenience upon thirty (30) days' prior written notice.",
     "termination_for_convenience"),
    ("This Agreement shall automatically renew for successive one-year terms unless either party gives notice.",
     "renewal"),
    ("Customer shall have the right, upon reasonable notice, to audit Supplier's books and records.", "audit_rights"),
    ("All work product shall be works made for hire and Supplier hereby assigns to Customer all right, title and "
     "interest therein.", "ip_ownership"),
    ("During the term and for one year thereafter, neither party shall solicit for employment any employee of the "
     "other party.", "non_solicitation"),
    ("Upon termination of this Agreement, the Recipient shall return or destroy all Confidential Information.",
     "return_or_destruction"),
    ("If the Recipient is required by law or court order to disclose Confidential Information, it shall give the "
     "Discloser prompt written notice so that it may seek a protective order.", "compelled_disclosure"),
    ("The Recipient shall use the Confidential Information solely for the purpose of evaluating the Transaction.",
     "limited_use"),
    ("Nothing in this Agreement shall be construed as granting any license or right under any patent.", "no_license"),
    ("The obligations of confidentiality shall survive the termination of this Agreement.", "survival"),
    ("The Recipient shall not reverse engineer, decompile or disassemble any prototype.", "no_reverse_engineering"),
    ("The Recipient may disclose Confidential Information to its employees and advisers who need to know it.",
     "permitted_disclosure"),
    ("Supplier shall pay liquidated damages of 0.1% of the fees for each day of delay.", "liquidated_damages"),
    ("Supplier warrants that the Software will perform as documented for a period of ninety (90) days from the "
     "date of delivery.", "warranty"),
    ("Upon expiration or termination, Supplier shall provide transition assistance to Customer.",
     "post_termination_services"),
]


@pytest.mark.parametrize(("text", "category"), BODY_CASES)
def test_a_clause_about_a_topic_is_found(categories: dict[str, Category], text: str, category: str) -> None:
    assert category in _found(categories, text)


# (text, category it must NOT be tagged with): near misses that share words with the topic.
NEGATIVE_CASES = [
    ("本合同的订立、效力、解释和履行适用中华人民共和国法律。", "liability_cap"),
    ("乙方应按时提供服务并接受甲方监督。", "liquidated_damages"),
    ("因不可抗力导致不能履行合同的，受影响一方不承担责任。", "termination_for_convenience"),
    ("乙方严重违约的，甲方有权书面通知乙方解除本合同。", "termination_for_convenience"),
    ("甲方应于收到发票后三十日内支付服务费。", "renewal"),
    ("本合同以中英文书就，两种文本如有不一致，以中文版本为准。", "governing_law"),
    ("The term of this Agreement is two years from the Effective Date.", "renewal"),
    ("Either party may terminate this Agreement upon thirty (30) days' written notice if the other party "
     "materially breaches it.", "termination_for_convenience"),
    ("Sections 5 and 7 shall survive any termination of this Agreement for any reason.", "termination_for_convenience"),
    ("The arbitrator may examine witnesses and documents.", "audit_rights"),
    ("Nothing herein creates an employer-employee relationship between the parties.", "non_solicitation"),
    ("Information required to be disclosed by law is not Confidential Information.", "compelled_disclosure"),
    ("Upon the Discloser's written request, the Recipient shall return all documents.", "return_or_destruction"),
    ("No failure to exercise any right shall operate as a waiver of that right.", "no_license"),
    ("Each party shall bear its own costs.", "liability_cap"),
    ("Confidential Information shall remain the property of the disclosing party.", "ip_ownership"),
]


@pytest.mark.parametrize(("text", "category"), NEGATIVE_CASES)
def test_a_clause_about_something_else_is_not_tagged(
    categories: dict[str, Category], text: str, category: str
) -> None:
    assert category not in _found(categories, text)


# Positive cases for the pattern work on the CUAD/ContractNLI misses and the generated documents.
MORE_BODY_CASES = [
    # settlement and handover on termination: accounts, successor, continued services
    ("Upon termination, Customer shall pay Supplier all fees accrued up to the effective date of termination.",
     "post_termination_services"),
    ("本合同解除后，甲方应在三十日内结清截至解除之日乙方已提供服务的费用。", "post_termination_services"),
    ("On termination the Servicer shall transfer all records to the successor service provider and cooperate in "
     "an orderly transition.", "post_termination_services"),
    ("本合同终止后，乙方应向甲方指定的继任服务商移交全部运维资料。", "post_termination_services"),
    ("Termination of this Agreement shall not relieve Customer of its obligation to pay all fees that are owed.",
     "post_termination_services"),
    ("合同到期后，乙方应返还甲方提供的设备和门禁卡。", "post_termination_services"),
    # IP ownership: assignment and owner statements
    ("Licensee hereby irrevocably assigns to Licensor all rights it may acquire in the Marks.", "ip_ownership"),
    ("Licensor is the sole owner of all right, title and interest in and to the Brand.", "ip_ownership"),
    ("乙方特此将其在开发成果上的全部著作权转让给甲方。", "ip_ownership"),
    ("甲方系该软件著作权的合法权利人。", "ip_ownership"),
    ("The Contractor is not acquiring any right, title or interest in the Company's trademarks.", "ip_ownership"),
    ("乙方不因本合同而取得甲方任何知识产权。", "ip_ownership"),
    # termination for convenience: by notice, without cause
    ("The Appointment may be terminated by either party giving the other at least twelve months' notice in writing.",
     "termination_for_convenience"),
    ("Owner may terminate this Agreement without cause on no less than seven (7) days prior written notice.",
     "termination_for_convenience"),
    ("Any party may terminate its participation in this Agreement at any time by giving at least one year's "
     "prior notice.", "termination_for_convenience"),
    ("任何一方均可提前三十日书面通知对方解除本合同。", "termination_for_convenience"),
    # return or destruction when the deal ends
    ("If the Transaction is not consummated, the Recipient shall promptly return or destroy all Evaluation Material.",
     "return_or_destruction"),
    ("双方决定不再继续合作的，接收方应立即返还或销毁全部保密信息。", "return_or_destruction"),
    # no reverse engineering: also analysing samples
    ("Samples provided by the Discloser shall not be analysed or tested.", "no_reverse_engineering"),
    ("The Recipient shall not analyse the materials to determine their composition or structure.",
     "no_reverse_engineering"),
    ("接收方不得对样品进行分析或拆解。", "no_reverse_engineering"),
    # parties: English preambles and Chinese Party A / Party B lines
    ('Party A (the "Client"): Beijing Example Technology Co., Ltd.\nUnified Social Credit Code: 91110000600037341L\n'
     "Address: 88 Jianguo Road\nLegal or authorised representative: Zhang Ming", "parties"),
    ("This Agreement is entered into by and between Acme Ltd., a Delaware corporation, and Beta Inc.", "parties"),
    ("This Agreement is entered into between Acme Ltd. and Beta Inc.", "parties"),
    ("BETWEEN: ACME LIMITED, of 1 Main Street, London AND: BETA LLC, of 2 High Street, Leeds", "parties"),
    ("Party A: Acme Ltd. Party B: Beta Inc.", "parties"),
    ("甲方：北京示例科技股份有限公司\n乙方：上海云服信息技术有限公司", "parties"),
    ("乙方（受托方）：上海云服信息技术有限公司\n法定代表人：王强\n住所：上海市浦东新区", "parties"),
    # signatures: individual lines and company blocks
    ("本承诺书自本人签字之日起生效。\n承诺人：林晓\n承诺人（签字）：\n日期：", "signatures"),
    ("签名：__________\n日期：__________", "signatures"),
    ("Signed by: John Smith\nDate: 1 May 2026", "signatures"),
    ("By: /s/ Jane Doe\nName: Jane Doe\nTitle: Chief Executive Officer", "signatures"),
    ("Client (company seal): | Vendor (company seal):\nLegal or authorised representative (signature):\nDate:",
     "signatures"),
    ("IN WITNESS WHEREOF, the parties have executed this Agreement as of the date first written above.", "signatures"),
    # payment with substance
    ("甲方按照附件一《付款计划》约定的付款节点、比例和金额，分期向乙方支付服务费用。", "payment"),
    ("The Client shall pay the fees to the Vendor in instalments according to the payment schedule.", "payment"),
    ("Customer shall pay each invoice within thirty (30) days of receipt.", "payment"),
    ("付款方式为银行转账。", "payment"),
    # price, service levels, statement of work with substance
    ("The total fees under this Contract are RMB 3,600,000.00, inclusive of VAT.", "price"),
    ("本合同服务费用总额为人民币3,600,000.00元。", "price"),
    ("Supplier shall meet the service levels set out in Schedule 2.", "service_standards"),
    ("乙方应达到附件二约定的服务水平，系统可用率不低于99.9%。", "service_standards"),
    ("Supplier shall perform the work described in each Statement of Work.", "service_scope"),
    ("The services provided by the Vendor under each engagement shall be set forth in an insertion order.",
     "service_scope"),
]


@pytest.mark.parametrize(("text", "category"), MORE_BODY_CASES)
def test_more_clauses_about_a_topic_are_found(categories: dict[str, Category], text: str, category: str) -> None:
    assert category in _found(categories, text)


# Near misses for the same work: look-alikes, and topic names listed in passing.
MORE_NEGATIVE_CASES = [
    # paying spoken of in breach, termination and evaluation clauses is not the payment clause
    ("甲方依照前款解除本合同的，应当向乙方支付截至解除生效之日已经验收合格的服务的费用，"
     "按照附件一付款计划计算。", "payment"),
    ("乙方未达到服务水平的，应当在30日内向甲方支付当期服务费用的2%作为违约金。", "payment"),
    ("考核不合格的，甲方有权扣减该季度服务费用的10%，并暂缓支付尚未支付的服务费用。", "payment"),
    ("Upon termination, the Client shall pay the Vendor within 30 days for the Services accepted up to the "
     "date of termination.", "payment"),
    ("The Vendor shall pay the Client liquidated damages equal to 2% of the monthly fee within 30 days.", "payment"),
    # a return of confidential information is not a handover; a bare survival clause is not a settlement
    ("Upon termination, the Recipient shall return all Confidential Information in its possession.",
     "post_termination_services"),
    ("本协议终止后，接收方应返还全部保密资料。", "post_termination_services"),
    ("Termination shall not affect any provision that by its nature is meant to survive termination.",
     "post_termination_services"),
    ("Seller shall provide the Transition Services set out in Exhibit A to Buyer after the closing of the sale.",
     "post_termination_services"),
    ("Either party may terminate this Agreement if the other party fails to pay any amounts due within thirty (30) "
     "days.", "post_termination_services"),
    # assignment of the contract, or of confidential information, is not IP ownership
    ("Neither party shall assign its rights under this Agreement without the other party's prior written consent.",
     "ip_ownership"),
    ("未经对方书面同意，任何一方不得转让本合同项下的权利。", "ip_ownership"),
    # termination for cause with notice is not for convenience
    ("This Agreement may be terminated by either party upon thirty (30) days' written notice if the other party "
     "materially breaches it.", "termination_for_convenience"),
    ("乙方严重违约的，甲方有权提前十日书面通知乙方解除本合同。", "termination_for_convenience"),
    # warrants the security, employees the noun
    ("Options and warrants may be exercised for a period of one (1) year from the date of death.", "warranty"),
    ("No employee or agent of the Supplier is an official or employee of a governmental agency.", "non_solicitation"),
    # return or destruction: not a letter's "sign and return", not a mention after the fact
    ("This Agreement shall expire five years after the date hereof. Please sign and return one copy of this letter.",
     "return_or_destruction"),
    ("Confidential Information remains subject to this Agreement even after its return or destruction or the "
     "termination of this Agreement.", "return_or_destruction"),
    ("Either party may at any time cease giving Confidential Information. Either party may request the return of "
     "its Confidential Information.", "return_or_destruction"),
    # reverse engineering named in a trade-secret definition or an exclusion is not a prohibition
    ("Trade secrets are information not readily ascertainable through independent development or reverse "
     "engineering.", "no_reverse_engineering"),
    ("通过反向工程合法获得的信息不属于保密信息。", "no_reverse_engineering"),
    # a merger's surviving corporation is not the survival of obligations
    ("The Company will merge into Mergerco, with Mergerco as the surviving corporation.", "survival"),
    # a signature block is not the parties; a parties block and an effectiveness clause are not signatures
    ("Client (company seal): | Vendor (company seal):", "parties"),
    ("甲方（盖章）：\n乙方（盖章）：", "parties"),
    ("Legal or authorised representative: Zhang Ming\nAddress: 88 Jianguo Road", "signatures"),
    ("This Agreement takes effect on the date on which it is signed by the legal or authorised representative of "
     "each Party.", "signatures"),
    ("本合同自双方法定代表人或授权代表签字并加盖公章之日起生效。", "signatures"),
    ("乙方应于每月10日前提交服务报告，由甲方项目负责人签字确认。", "signatures"),
    # topic names listed in passing
    ("对服务内容、服务标准、价格、付款方式的变更，双方应签订书面变更协议。", "payment"),
    ("对服务内容、服务标准、价格、付款方式的变更，双方应签订书面变更协议。", "service_standards"),
    ("Any change to the scope of services, service levels, fees, payment terms or the term shall be agreed in "
     "writing.", "payment"),
    ("Any change to the scope of services, service levels, fees, payment terms or the term shall be agreed in "
     "writing.", "service_standards"),
    ("The parties shall negotiate the services, service fees, payment, confidentiality and term in good faith.",
     "price"),
    ("双方的权利义务、服务期限、服务价格、付款方式、保密条款、违约责任详见本合同各条款。", "confidentiality"),
    ("双方的权利义务、服务期限、服务价格、付款方式、保密条款、违约责任详见本合同各条款。", "payment"),
    ("Changes to a Statement of Work require a change order.", "service_scope"),
    ("乙方逾期交付的，应在10日内向甲方支付违约金。", "payment"),
    ("甲方未按约定支付服务费超过30日的，乙方有权解除本合同。", "payment"),
]


@pytest.mark.parametrize(("text", "category"), MORE_NEGATIVE_CASES)
def test_a_look_alike_or_a_passing_mention_is_not_tagged(
    categories: dict[str, Category], text: str, category: str
) -> None:
    assert category not in _found(categories, text)


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


@pytest.mark.parametrize(("heading", "text", "category"), [
    ("知识产权", "乙方保证其提供的服务不侵犯第三方的知识产权。", "ip_ownership"),  # a warranty, not ownership
    ("日志审计与安全审计", "乙方负责部署日志审计系统并出具月度报告。", "audit_rights"),  # a service, not a right
])
def test_a_heading_naming_a_subject_loosely_does_not_decide(
    categories: dict[str, Category], heading: str, text: str, category: str
) -> None:
    assert category not in classify([_seg(text, heading)], categories, model=None)


@pytest.mark.parametrize(
    ("heading", "category"),
    [
        ("第十二条 争议解决", "dispute_resolution"),
        ("保密条款", "confidentiality"),
        ("违约金", "liquidated_damages"),
        ("责任限制", "liability_cap"),
        ("不可抗力", "force_majeure"),
        ("Governing Law", "governing_law"),
        ("Limitation of Liability", "liability_cap"),
        ("Termination for Convenience", "termination_for_convenience"),
        ("Insurance", "insurance"),
        ("Transition Assistance", "post_termination_services"),
        ("终止清算与交接", "post_termination_services"),
        ("Intellectual Property", "ip_ownership"),
        ("知识产权归属", "ip_ownership"),
        ("Hosting Services", "service_scope"),
        ("监督检查", "audit_rights"),
        ("甲方的检查与审计权", "audit_rights"),
    ],
)
def test_headings_decide(categories: dict[str, Category], heading: str, category: str) -> None:
    hits = classify([_seg("双方另行约定。", heading)], categories, model=None)
    assert hits[category][0].via == "heading"


def test_hits_say_where_and_why(categories: dict[str, Category]) -> None:
    segs = [_seg("Definitions."), _seg("This Agreement is governed by the laws of England.", "Miscellaneous")]
    hit = classify(segs, categories, model=None)["governing_law"][0]
    assert isinstance(hit, Hit)
    assert (hit.segment, hit.location, hit.via) == (1, "p. 1", "body")
    assert "laws of England" in hit.evidence
    assert 0 < hit.score < 1


def test_a_run_in_heading_counts_as_heading(categories: dict[str, Category]) -> None:
    hits = classify([_seg("12.3 Governing Law. The parties agree as follows.")], categories, model=None)
    assert hits["governing_law"][0].via == "heading"


def test_weak_cues_need_each_other() -> None:
    cat = Category(id="x", zh="x", en="x", kinds=[DocumentKind.nda],
                   weak={"en": ["alpha", "beta"]}, exclude={"en": ["gamma"]})  # type: ignore[arg-type]
    assert classify([_seg("alpha only")], {"x": cat}, model=None) == {}
    assert classify([_seg("alpha and beta")], {"x": cat}, model=None)["x"][0].score == 0.5
    assert classify([_seg("alpha and beta but gamma")], {"x": cat}, model=None) == {}


def test_normalize_joins_broken_lines() -> None:
    assert normalize("governed\n by the   laws") == "governed by the laws"
    assert normalize("适用 中华 人民共和国\n法律") == "适用中华人民共和国法律"
    assert normalize("termi-\nnation") == "termination"


@pytest.mark.parametrize(
    ("text", "kind", "outsourcing"),
    [
        ("保密协议\n甲方（披露方）：……乙方（接收方）：……", DocumentKind.nda, None),
        ("商业秘密保护协议\n委托方：……供应商：……委托供应商开发模具……", DocumentKind.nda, None),
        ("保密与不竞争协议\n甲方：……乙方：……", DocumentKind.nda, None),
        ("MUTUAL NON-DISCLOSURE AGREEMENT\nThis Agreement is made between ...", DocumentKind.nda, None),
        ("保密承诺书\n承诺人：张三\n本人承诺……", DocumentKind.pledge, None),
        ("CONFIDENTIALITY UNDERTAKING\nI, the undersigned, hereby undertake to ...", DocumentKind.pledge, None),
        ("信息技术外包服务合同\n乙方为甲方提供系统运维服务和软件开发服务。",
         DocumentKind.service_contract, OutsourcingKind.it),
        ("业务流程外包服务协议\n乙方为甲方提供呼叫中心及数据录入服务。",
         DocumentKind.service_contract, OutsourcingKind.bpo),
        ("人力资源外包服务合同\n乙方负责派遣员工的薪酬发放和社保代缴。",
         DocumentKind.service_contract, OutsourcingKind.hr),
        ("MASTER SERVICES AGREEMENT\nSupplier shall provide hosting services and software development.",
         DocumentKind.service_contract, OutsourcingKind.it),
        ("SERVICES AGREEMENT\nSupplier shall operate a call center and back-office claims processing.",
         DocumentKind.service_contract, OutsourcingKind.bpo),
        ("服务合同\n乙方为甲方提供服务。", DocumentKind.service_contract, None),
    ],
)
def test_detect_kind(text: str, kind: DocumentKind, outsourcing: OutsourcingKind | None) -> None:
    assert detect_kind(text) == (kind, outsourcing)


def test_evaluate_counts_and_f1(tmp_path: Path, categories: dict[str, Category]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    law = "This Agreement shall be governed by the laws of the State of Delaware."
    (docs / "a.txt").write_text(f"1. Governing Law\n{law}\n", encoding="utf-8")  # TP
    (docs / "b.txt").write_text(f"1. Miscellaneous\n{law}\n", encoding="utf-8")  # FP (labelled 0)
    (docs / "c.txt").write_text("1. Payment\nFees are due monthly.\n", encoding="utf-8")  # FN
    (docs / "d.txt").write_text("1. Payment\nFees are due monthly.\n", encoding="utf-8")  # TN
    (docs / "e.txt").write_bytes(b"")  # unreadable: no text
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "file,governing_law,made_up_column\n"
        "docs/a.txt,1,1\ndocs/b.txt,0,0\ndocs/c.txt,1,0\ndocs/d.txt,0,1\ndocs/e.txt,1,1\n",
        encoding="utf-8",
    )
    report = evaluate(labels, workers=1, categories=categories)
    (score,) = report.scores
    assert (score.category, score.support, score.tp, score.fp, score.fn) == ("governing_law", 2, 1, 1, 1)
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.5)
    assert score.f1 == pytest.approx(0.5)
    assert report.macro_f1 == pytest.approx(0.5)
    assert report.micro_f1 == pytest.approx(0.5)
    assert list(report.unreadable) == ["docs/e.txt"]
    assert report.unknown_columns == ["made_up_column"]
    assert report.documents == 5
    assert report.median_seconds is not None
    table = render_table(report)
    assert "made_up_column" in table and "unknown" in table
    assert "unreadable files: 1" in table
    assert '"micro_f1": 0.5' in report.to_json()


@pytest.mark.parametrize("heading", ["Effect of Termination", "Effects of Termination; Survival", "合同终止的效力"])
def test_an_effect_of_termination_heading_alone_is_not_a_handover(
    categories: dict[str, Category], heading: str
) -> None:
    hits = classify([_seg("Sections 5 and 7 survive. 第五条、第七条继续有效。", heading)], categories, model=None)
    assert "post_termination_services" not in hits


# Parties and signatures as contracts word them, in English and in Chinese: each English wording
# next to its Chinese equivalent. A false "missing" on these blockers costs a lawyer's time.
PARTY_AND_SIGNATURE_CASES = [
    # parties: the contract is made by or between named parties
    ('This Agreement is made and entered into by Acme Ltd. ("Acme") and Beta Inc. ("Beta").', "parties"),
    ("本合同由北京示例科技股份有限公司与上海云服信息技术有限公司于2026年5月1日在北京签订。", "parties"),
    ('This Covenant (this "Agreement") is made this 3rd day of April, 2026 by and among Acme, Inc., Beta Corp. '
     "and Gamma LLC.", "parties"),
    ('TRANSFER AGREEMENT, dated as of May 1, 2026 (this "Agreement"), among Acme Trust, as issuer, Beta LLC, as '
     "depositor, and Gamma Bank, as servicer.", "parties"),
    ("Add-X AB, located at 1 Main Street, Malmo, and Green Club Inc., located at 2 King Street, Toronto, have "
     "entered into the following agreement.", "parties"),
    ("北京示例科技股份有限公司与上海云服信息技术有限公司经友好协商，签订如下协议。", "parties"),
    # legal form and seat
    ("BETWEEN: (1) ACME LIMITED, a company incorporated in England and Wales with company number 01234567, "
     "having its registered office at 1 Main Street, London; and (2) BETA LLC.", "parties"),
    ("北京示例科技股份有限公司，一家依据中华人民共和国法律设立并有效存续的股份有限公司，注册地址位于北京市海淀区中关村大街1号。",
     "parties"),
    ("This Agreement is made between the University of Bristol whose registered address is Senate House, "
     "Bristol, and the Company.", "parties"),
    ("1) <Research institution name> with registered offices located in Milan, represented by its director", "parties"),
    # a party with the role the contract gives it
    ('Acme Inc., a Delaware corporation ("Licensor"), and Beta LLC, a New York limited liability company '
     '("Licensee")', "parties"),
    ("北京示例科技股份有限公司（以下简称“甲方”）与上海云服信息技术有限公司（以下简称“乙方”）", "parties"),
    ('Between ........ (also referred to hereinafter as the DISCLOSEE) and Fronius GmbH, Froniusstrasse 1, '
     "Pettenbach", "parties"),
    ('You have requested information regarding Acme Industries Inc. (the "Company") in connection with a '
     "possible transaction.", "parties"),
    ('__________________ ("Prospect") and __________________ ("Listing Broker") agree to the following terms.',
     "parties"),
    ("甲方：__________（以下简称“甲方”）", "parties"),
    ("ACME LIMITED, 1 Main Street, London ('the Manufacturer') of one part AND BETA LLC, 2 High Street, Leeds "
     "('the Customer') of the other part.", "parties"),
    ("北京示例科技股份有限公司（以下简称“甲方”）为一方，上海云服信息技术有限公司（以下简称“乙方”）为另一方。",
     "parties"),
    ('The undersigned Prospective Investor ("Investor") is executing this Agreement in favour of the Owner.',
     "parties"),
    # signatures: a line to sign on, with or without a colon
    ("Signature ______________ Name ______________", "signatures"),
    ("授权代表签字：__________", "signatures"),
    ("TRUELINK, INC.\nBy -------------------------------------\nTitle:", "signatures"),
    ("__________________ (Signature of Authorised Person)", "signatures"),
    ("__________________（签字）", "signatures"),
    ("Per: _____________________ Name: _____________________", "signatures"),
    # labels printed twice, for two signing columns
    ("For and on behalf of For and on behalf of\n<Party> <Party>\nSigned Signed\nName Name\nDate Date", "signatures"),
    ("By: By:\nJane Doe John Roe\nIts: Chief Executive Officer Its: President", "signatures"),
    ("签字：__________ 姓名：张三 职务：总经理", "signatures"),
    # a conformed or omitted signature; a signature page
    ("/s/ Jane Doe\nJane Doe, Chief Executive Officer", "signatures"),
    ("（签字盖章页略）", "signatures"),
    ("[Signature page follows]", "signatures"),
    ("（此页无正文，为《信息技术外包服务合同》之签署页）", "signatures"),
    # the attestation, the signing place, the witness and the seal
    ("EXECUTED by the parties on the date first above written.", "signatures"),
    ("双方授权代表于文首所载日期签署本合同，以昭信守。", "signatures"),
    ("In witness of which the parties have signed this Agreement.", "signatures"),
    ("Signed at ______ on ______ 2026 for ACME LIMITED who warrants that he/she is duly authorised hereto",
     "signatures"),
    ("Witness signature: ______ Witness name: ______", "signatures"),
    ("见证人签字：__________", "signatures"),
    ("Signed under the common seal of Acme Limited in the presence of: ______", "signatures"),
    ("(Name and signature of the authorised person in block letters; company stamp)", "signatures"),
    ("姓名（正楷）：__________", "signatures"),
    ("Print Name ______________ Signature ______________ Date ______________", "signatures"),
]


@pytest.mark.parametrize(("text", "category"), PARTY_AND_SIGNATURE_CASES)
def test_parties_and_signatures_as_contracts_word_them(
    categories: dict[str, Category], text: str, category: str
) -> None:
    assert category in _found(categories, text)


@pytest.mark.parametrize(
    ("heading", "category"),
    [
        ("BETWEEN", "parties"),
        ("BETWEEN: ORGANIC PREPARATIONS INC.", "parties"),
        ('("Agreement") between', "parties"),
        ("立约方", "parties"),
        ("SIGNED FOR AND ON BEHALF OF THE VENDOR", "signatures"),
        ("AGREED AND ACCEPTED", "signatures"),
        ("PRINTED NAME PRINTED NAME", "signatures"),
        ("TITLE TITLE", "signatures"),
        ("ACME INC. By:", "signatures"),
        ("以下无正文", "signatures"),
    ],
)
def test_parties_and_signatures_headings(categories: dict[str, Category], heading: str, category: str) -> None:
    hits = classify([_seg("", heading)], categories, model=None)
    assert hits[category][0].via == "heading"


def test_a_preamble_split_into_segments_still_names_the_parties(categories: dict[str, Category]) -> None:
    # Company names in capitals and address lines become headings and segments of their own.
    segs = [
        _seg("", "ODM SUPPLY AGREEMENT"),
        _seg("", "BETWEEN"),
        _seg("2nd Floor, Transpacific House\nPort Vila, Vanuatu\n“the Manufacturer” -- AND --",
             "ORGANIC PREPARATIONS INC."),
        _seg("Unit 05, Energy Plaza\nKowloon, Hong Kong\n“the Customer”", "AGAPE HOLDING LIMITED"),
    ]
    assert [h.segment for h in classify(segs, categories, model=None)["parties"]] == [1]


# Near misses: a notices clause, a signature block, a definition, a place of signing are not the
# parties; an effectiveness, counterparts or amendment clause, and execution in the body, are not
# the signature block.
PARTY_AND_SIGNATURE_NEAR_MISSES = [
    ("All notices shall be sent to the Supplier at its registered office at 1 Main Street, London, and to the "
     "Customer at 2 High Street, Leeds, or to such other address as a party may notify.", "parties"),
    ("甲方送达地址：北京市海淀区中关村大街1号；乙方送达地址：上海市浦东新区。任何一方变更送达地址的，应提前书面通知对方。",
     "parties"),
    ("双方以本合同首部所列住所为送达地址。", "parties"),
    ("ACME LIMITED\nBy: ______________\nName: John Smith\nTitle: Director\nBETA INC.\nBy: ______________",
     "parties"),
    ("Acme Inc., a Delaware corporation\nBy: /s/ John Smith\nName: John Smith\nTitle: President", "parties"),
    ("甲方（盖章）：北京示例科技股份有限公司\n法定代表人或授权代表（签字）：\n乙方（盖章）：上海云服信息技术有限公司",
     "parties"),
    ('"Affiliate" means any entity that controls, is controlled by or is under common control with a party.',
     "parties"),
    ('"Subsidiary" means a corporation organized under the laws of any state in which the Company holds a '
     "majority of the voting shares.", "parties"),
    ('Confidential Information means information disclosed by a party (the "Disclosing Party") and received by '
     'the other party (the "Receiving Party").', "parties"),
    ("保密信息是指一方（以下简称“披露方”）向另一方（以下简称“接收方”）披露的信息。", "parties"),
    ("签订地点：北京市海淀区\n签订日期：2026年5月1日", "parties"),
    ("Place of signing: London", "parties"),
    ('the Securities Act of 1933 (the "Securities Act") and the Securities Exchange Act of 1934 (the '
     '"Exchange Act")', "parties"),
    ("Any dispute between the parties (each a \"Party\") and their Affiliates shall be settled by arbitration.",
     "parties"),
    ("Payments shall be made between the parties and their Affiliates within 30 days.", "parties"),
    ("This Agreement may be executed in counterparts, each of which shall be deemed an original; signatures "
     "delivered by PDF shall be binding.", "signatures"),
    ("本合同可签署多份副本，签署页以传真或扫描件形式交付的，与原件具有同等效力。", "signatures"),
    ("No amendment shall be effective unless in writing and signed by duly authorized signatories of both "
     "parties.", "signatures"),
    ("本合同的任何修改须经双方授权代表签字并加盖公章后方可生效。", "signatures"),
    ("The closing documents shall be signed at the Closing on the Closing Date by the Seller.", "signatures"),
    ("Upon execution of this Agreement, the Client shall pay a deposit of 20% of the fees.", "signatures"),
    ("本合同签订后五日内，甲方应向乙方支付合同总价的20%作为预付款。", "signatures"),
    ("This Agreement takes effect as of the date first above written and continues for two years.", "signatures"),
    ("Title to the goods passes by delivery to the carrier.", "signatures"),
]


@pytest.mark.parametrize(("text", "category"), PARTY_AND_SIGNATURE_NEAR_MISSES)
def test_parties_and_signatures_near_misses(categories: dict[str, Category], text: str, category: str) -> None:
    assert category not in _found(categories, text)
