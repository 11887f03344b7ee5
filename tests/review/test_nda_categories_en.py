"""English NDA categories as different drafters word them (issue 12): each concept found, each look-alike left alone."""

from __future__ import annotations

import pytest

from clause_library.models import Category
from tests.review.concepts import found

FOUND = [
    # return or destruction when the relationship ends, in other words than "return upon termination"
    ("At the conclusion of the review, all copies of the Information shall be delivered by the Bidder to the Seller.",
     "return_or_destruction"),
    ("On leaving the employment of the Company, the Employee shall deliver up all papers and files.",
     "return_or_destruction"),
    ("Once the Purpose has been fulfilled, the Recipient shall purge the Confidential Information from its systems.",
     "return_or_destruction"),
    ("If the parties do not proceed with the Project, each shall shred every document received from the other.",
     "return_or_destruction"),
    ("Upon expiry of the Term under clause 9.2 the Recipient shall return all materials.", "return_or_destruction"),
    ("When the engagement ends, the Consultant shall hand back all documents of the Client.", "return_or_destruction"),
    # permitted disclosure: shared with, confined to, those who need it
    ("The Recipient may share Evaluation Material with its professional advisers and financing sources.",
     "permitted_disclosure"),
    ("Access to the Information shall be restricted to those of its staff engaged on the Project.",
     "permitted_disclosure"),
    ("The Recipient shall procure that any person to whom Confidential Information is disclosed keeps it secret.",
     "permitted_disclosure"),
    ("No Confidential Information may go to any employee of the Recipient not having a need for access to it.",
     "permitted_disclosure"),
    ("Nothing may be disclosed to anyone other than the Buyer's officers and agents who are actively and directly "
     "participating in the evaluation.", "permitted_disclosure"),
    ("Only the Vendor and its employees will be given access to the student records.", "permitted_disclosure"),
    # survival: termination relieves no one; duties apply past the end
    ("Termination of this Agreement for any reason shall not relieve the Recipient of its duties of secrecy.",
     "survival"),
    ("The Recipient shall not be released from its obligations by the expiry of this Agreement.", "survival"),
    ("Notwithstanding any termination, Clauses 3 to 6 continue to bind the parties.", "survival"),
    ("The duty of secrecy applies for five years beyond the expiration of this Agreement.", "survival"),
    ("The Recipient's undertakings stand for a period of three (3) years following the termination hereof.",
     "survival"),
    ("The Employee's duties of secrecy survive, whatever the reason the employment ends.", "survival"),
    ("The rights and obligations expressed to continue shall remain effective after this Agreement expires.",
     "survival"),
    # no reverse engineering: taking apart, analysing, learning how a thing is made
    ("The Evaluator shall not open, dismantle or chemically analyse the units supplied.", "no_reverse_engineering"),
    ("The Licensee shall not attempt to derive the source code of the software by any means.",
     "no_reverse_engineering"),
    ("The Buyer will not try to ascertain the chemical composition of any specimen.", "no_reverse_engineering"),
    ("No party shall translate or reverse-compile any code supplied by another party.", "no_reverse_engineering"),
    # compelled disclosure: compelled by law, a court or an authority, and the owner told
    ("If a court orders disclosure, the Recipient shall first notify the Owner so that it may object.",
     "compelled_disclosure"),
    ("Disclosure mandated by statute is allowed, provided the Recipient informs the Owner beforehand.",
     "compelled_disclosure"),
    ("In response to a lawful subpoena the Employee may answer, giving the Company as much notice as the law allows.",
     "compelled_disclosure"),
    # no licence: title kept, nothing acquired
    ("The Bank acquires no interest in the Supplier's intellectual property by receiving it.", "no_license"),
    ("Title to all Confidential Information shall remain vested in the Discloser.", "no_license"),
    ("The Recipient does not acquire any ownership or licence rights in the Evaluation Material.", "no_license"),
    ("Nothing herein grants either party any right in or to the other's know-how.", "no_license"),
    # limited use: confined to one end
    ("The Recipient shall confine its use of the Information to the Project.", "limited_use"),
    ("The data is supplied only so that the Buyer can value the business, and shall not be put to any other end.",
     "limited_use"),
]

NOT_FOUND = [
    # return: a notice sent "return receipt requested" beside a termination notice; a request alone
    ("Notice of termination shall be sent by certified mail, return receipt requested.", "return_or_destruction"),
    ("Upon the Discloser's written request, the Recipient shall hand back all documents.", "return_or_destruction"),
    ("The Purchaser shall return the deposit if the sale is completed.", "return_or_destruction"),
    # permitted disclosure: a prohibition without anyone allowed, or information about employees
    ("The Recipient shall not disclose Confidential Information to any third party.", "permitted_disclosure"),
    ("Confidential Information includes the names and salaries of the Company's employees.", "permitted_disclosure"),
    # survival: a plain term, a notice period, a deposit returned after termination
    ("This Agreement commences on the Effective Date.", "survival"),
    ("Either party may terminate this Agreement on thirty days' written notice.", "survival"),
    ("The Recipient shall, within ten days after termination, return all documents.", "survival"),
    ("The Company's continued survival as a going concern depends on new financing.", "survival"),
    ("If any provision is held invalid, the remaining provisions shall survive and continue in full force.",
     "survival"),
    ("During employment and for twelve months after its termination the Employee shall not solicit customers.",
     "survival"),
    # no reverse engineering: "reverse" in another sense; reverse engineering as a way information is obtained
    ("Fees are exclusive of GST, accounted for under the reverse charge mechanism.", "no_reverse_engineering"),
    ("Information lawfully obtained by reverse engineering a product on the market is not confidential.",
     "no_reverse_engineering"),
    ("The Recipient shall not disclose the results of any tests run on the samples.", "no_reverse_engineering"),
    # compelled disclosure: an exclusion with no notice; a law named beside an unrelated notice
    ("Information required to be disclosed by law is excluded.", "compelled_disclosure"),
    ("Retention required by applicable law is permitted, and the Recipient shall restrict disclosure of the "
     "information to its staff.", "compelled_disclosure"),
    # no licence: a standstill, a definition naming whose information it is
    ("The Buyer shall not acquire beneficial ownership of any voting securities of the Company.", "no_license"),
    ("Confidential Information means all information belonging to the Discloser or its affiliates.", "no_license"),
    ("Licenses and permits necessary to carry on its business are held by each party.", "no_license"),
]


@pytest.mark.parametrize(("text", "category"), FOUND)
def test_an_nda_clause_worded_otherwise_isfound(categories: dict[str, Category], text: str, category: str) -> None:
    assert category in found(categories, text)


@pytest.mark.parametrize(("text", "category"), NOT_FOUND)
def test_an_nda_look_alike_is_not_tagged(categories: dict[str, Category], text: str, category: str) -> None:
    assert category not in found(categories, text)
