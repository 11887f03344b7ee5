"""English service contracts as vendors write them: sentence-case headings, a side's duties under its own name,
signing blocks filled in; each mandatory clause found when there (no false blocker), reported when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from clause_library.models import Category, Severity
from review.review import review_document
from tests.review.concepts import found

# (heading, text, category): written from the concept, in words no test document uses.
PRESENT = [
    ("Scope", "As set out below.", "service_scope"),
    ("", "The Agency must deliver: weekly cleaning of the depot, window washing and waste removal.", "service_scope"),
    ("Term and renewal", "As agreed.", "service_term"),
    ("", "This contract runs from 3 January 2028 until the depot closes.", "service_term"),
    ("", "The engagement commences on 1 May 2028 and expires on 30 April 2029.", "service_term"),
    ("Hospital Responsibilities", "The Hospital shall open the wards at 6 am.", "rights_obligations"),
    ("Kitewell's rights and obligations", "Kitewell shall keep the fleet insured.", "rights_obligations"),
    ("Agency responsibilities and staff", "The Agency shall wear uniforms.", "rights_obligations"),
    ("Agency responsibilities and staff", "The Agency shall wear uniforms.", "personnel"),
    ("Team", "Named below.", "personnel"),
    ("", "The Agency will appoint a site supervisor and six cleaners for the depot.", "personnel"),
    ("Performance rating", "Twice a year.", "evaluation"),
    ("Variation", "Only in writing.", "change_management"),
    ("", "Each side must make good any loss resulting from its breach of these terms.", "breach_liability"),
    ("", "Any dispute goes first to a mediator and then to the courts of Singapore.", "dispute_resolution"),
    ("ORCHARD DEPOTS PTE LTD", "By: Mei Ling Tan, Operations Director Date: 4 June 2028", "signatures"),
    ("SPARKLE AGENCY PTE LTD", "Per: Ravi Menon, General Manager Signature: Ravi Menon", "signatures"),
    ("", "Signed by the parties' duly authorised representatives on the date above.", "signatures"),
    # a sum fixed in advance as the price of a failure or of ending early (CUAD's liquidated damages)
    ("", "Should the Carrier miss a delivery window, it shall pay the Shipper, as a penalty, 2% of the freight charge.",
     "liquidated_damages"),
    ("", "If the Customer cancels the event less than ten days before it starts, a cancellation fee of USD 4,000 "
         "is due.", "liquidated_damages"),
    ("", "The parties agree that the service credits are a genuine pre-estimate of the loss the Client will suffer.",
     "liquidated_damages"),
    # a right to end the agreement by notice alone, no ground given
    ("", "Either party may terminate this Agreement by giving the other not less than ninety (90) days' prior "
         "written notice.", "termination_for_convenience"),
    ("", "The Client shall have the right to terminate this Agreement for its convenience upon sixty days notice.",
     "termination_for_convenience"),
]

# Near misses: the same words without the provision.
ABSENT = [
    ("Confidentiality obligations", "Each side keeps the other's secrets.", "rights_obligations"),
    ("Payment obligations", "Invoices are paid monthly.", "rights_obligations"),
    ("Assignment of rights and obligations", "Neither side may transfer them.", "rights_obligations"),
    ("", "The Agency shall deliver the invoice by post.", "service_scope"),
    ("", "A breach of the speed limit by a driver is reported to the Hospital.", "breach_liability"),
    ("", "The Agency keeps a log of disputes raised by staff about rosters.", "dispute_resolution"),
    ("", "The delivery was made by: courier.", "signatures"),
    # a sum disclaimed is no sum agreed; a telephone tariff is no damages
    ("", "Neither party shall be liable to the other for any termination charges or penalty for late delivery.",
     "liquidated_damages"),
    ("", "The Operator invoices interconnection and call termination fees monthly.", "liquidated_damages"),
    # notice to end for a breach not cured is termination for cause
    ("", "Either party may terminate this Agreement on thirty (30) days' written notice if the other party "
         "materially breaches it and fails to cure the breach.", "termination_for_convenience"),
    ("", "In the event of insolvency, the Supplier may terminate this Agreement upon ten days' notice.",
     "termination_for_convenience"),
]


@pytest.mark.parametrize(("heading", "text", "category"), PRESENT)
def test_found_when_there(categories: dict[str, Category], heading: str, text: str, category: str) -> None:
    assert category in found(categories, text, heading, patterns_only=True)


@pytest.mark.parametrize(("heading", "text", "category"), ABSENT)
def test_silent_when_absent(categories: dict[str, Category], heading: str, text: str, category: str) -> None:
    assert category not in found(categories, text, heading, patterns_only=True)


CONTRACT = """DEPOT CLEANING SERVICES AGREEMENT

This agreement is made on 4 June 2028 between Orchard Depots Pte Ltd, a company incorporated in Singapore
(the "Client"), and Sparkle Agency Pte Ltd, a company incorporated in Singapore (the "Agency").

1. Scope
The Agency must deliver: daily cleaning of the depot offices, weekly washing of the loading bays and removal of waste.

2. Service levels and acceptance
Cleaning is inspected each Friday against the checklist in the Schedule; a failed item is redone within 4 hours.

3. Term
This agreement runs from 1 July 2028 until 30 June 2030.

4. Price
The fee is SGD 9,800 per month.

5. Payment
The Agency invoices monthly and the Client pays within 30 days of each invoice.

6. Client's rights and obligations
The Client shall give the Agency's staff access to the depot from 6 am and a store room for equipment.

7. Confidentiality
Each party shall keep confidential the other's non-public information.

8. Breach and service credits
Each party is liable to the other for loss caused by its breach of this agreement.

9. Termination
Either party may terminate on written notice if the other commits a material breach not remedied within 30 days.

10. Governing law and jurisdiction
This agreement is governed by the laws of Singapore. Any dispute shall be referred to the courts of Singapore.

ORCHARD DEPOTS PTE LTD
By: Mei Ling Tan, Operations Director
Date: 4 June 2028

SPARKLE AGENCY PTE LTD
By: Ravi Menon, General Manager
Date: 4 June 2028
"""


def _blockers(tmp_path: Path, text: str) -> list[str | None]:
    path = tmp_path / "contract.txt"
    path.write_text(text, encoding="utf-8")
    report = review_document(path, outsourcing=None)
    return [f.category for f in report.findings if f.check == "missing_category" and f.severity is Severity.blocker]


def test_a_complete_contract_has_no_missing_clause_blocker(tmp_path: Path) -> None:
    assert _blockers(tmp_path, CONTRACT) == []


@pytest.mark.parametrize(
    ("cut", "category"),
    [
        ("10. Governing law and jurisdiction\nThis agreement is governed by the laws of Singapore. Any dispute "
         "shall be referred to the courts of Singapore.\n", "dispute_resolution"),
        ("8. Breach and service credits\nEach party is liable to the other for loss caused by its breach of this "
         "agreement.\n", "breach_liability"),
        ("6. Client's rights and obligations\nThe Client shall give the Agency's staff access to the depot from 6 am "
         "and a store room for equipment.\n", "rights_obligations"),
    ],
)
def test_a_clause_taken_out_is_reported(tmp_path: Path, cut: str, category: str) -> None:
    assert cut in CONTRACT
    assert category in _blockers(tmp_path, CONTRACT.replace(cut, ""))
