"""Clauses from the CUAD/ContractNLI misses and generated documents are found; look-alikes and passing mentions not."""

from __future__ import annotations

import pytest

from clause_library.models import Category
from tests.review.classify_helpers import _found

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
