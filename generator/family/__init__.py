"""Contract families: an NDA, a pledge or a later document names its main service contract and agrees with it.

Any service contract can head a family, whatever its outsourcing kind (IT, BPO, HR): its manifest
records what the family takes from it (``facts.contract_facts``): number, title, kind, parties,
project, term, the engagement facts (on-site staff, personal information, system access), the
service location, confidentiality years, the one liquidated-damages figure for a breach of
confidentiality and the periods the family repeats (``SHARED_VALUES``). A request naming
``main_contract:`` is completed from it and refused when it says otherwise
(``completion.complete_from_main_contract``), naming the field and both values; later documents
read the contract as its change agreements left it (``changes.as_changed``). A family's pledges are
numbered once across its packs and standalone pledges (``pledges``).
"""

from __future__ import annotations

from .changes import as_changed, family_changes
from .completion import complete_from_main_contract
from .facts import ENGAGEMENT_CONDITIONS, MANIFEST, SHARED_VALUES, article_texts, contract_facts, family_manifest
from .pledges import (
    already_pledged,
    check_roster_dates,
    family_pledges,
    next_pledge_number,
    pledge_conflicts,
    pledge_family,
    pledge_number,
)

__all__ = [
    "ENGAGEMENT_CONDITIONS",
    "MANIFEST",
    "SHARED_VALUES",
    "already_pledged",
    "article_texts",
    "as_changed",
    "check_roster_dates",
    "complete_from_main_contract",
    "contract_facts",
    "family_changes",
    "family_manifest",
    "family_pledges",
    "next_pledge_number",
    "pledge_conflicts",
    "pledge_family",
    "pledge_number",
]
