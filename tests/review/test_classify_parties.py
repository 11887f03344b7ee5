"""Parties and signatures found as contracts word them, in English and Chinese; their near misses not."""

from __future__ import annotations

import pytest

from clause_library.models import Category
from review.classify import classify
from tests.review.classify_helpers import _found, _seg

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
