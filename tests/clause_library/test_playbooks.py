"""Playbooks: the owners the policy names, PI entrustment, and a service contract of unknown kind."""

from __future__ import annotations

from clause_library.loader import Library
from clause_library.models import Condition, DocumentKind, OutsourcingKind, Role, Severity


def test_owners_follow_the_policy(library: Library) -> None:
    for o in OutsourcingKind:
        pb = library.playbook(DocumentKind.service_contract, o)
        owner = {r.category: r.owner for r in pb.mandatory + pb.recommended}
        assert {owner[c] for c in ("price", "payment", "invoice_tax")} == {Role.finance}
        assert {owner[c] for c in ("confidentiality", "breach_liability", "termination", "dispute_resolution",
                                   "governing_law", "data_protection", "information_security")} == {Role.legal}
        assert {owner[c] for c in ("service_scope", "service_standards", "service_term", "evaluation")} == {
            Role.business}


def test_personal_information_makes_data_protection_a_legal_blocker(library: Library) -> None:
    for o in OutsourcingKind:
        pb = library.playbook(DocumentKind.service_contract, o)
        dp = [r for r in pb.mandatory if r.category == "data_protection"]
        assert dp and dp[0].severity is Severity.blocker and dp[0].owner is Role.legal
        assert set(dp[0].when) <= {Condition.personal_information_entrusted}
    hr = library.playbook(DocumentKind.service_contract, OutsourcingKind.hr)
    assert any(r.category == "data_protection" and not r.when for r in hr.mandatory)


def test_unknown_outsourcing_kind_asks_what_every_kind_asks(library: Library) -> None:
    common = library.playbook(DocumentKind.service_contract, None)
    for o in OutsourcingKind:
        pb = library.playbook(DocumentKind.service_contract, o)
        for r in common.mandatory:
            assert any(x.category == r.category and set(x.when) <= set(r.when) for x in pb.mandatory)
    cats = {r.category for r in common.mandatory}
    assert {"service_scope", "price", "payment", "confidentiality", "breach_liability", "signatures"} <= cats
    assert "ip_ownership" not in cats  # mandatory for IT only
    assert all(r.severity is not Severity.blocker for r in common.recommended)
