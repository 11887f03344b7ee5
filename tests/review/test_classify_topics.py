"""A clause about each shipped category is found from its body text; a near miss sharing its words is not."""

from __future__ import annotations

import pytest

from clause_library.models import Category
from tests.review.classify_helpers import _found

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
