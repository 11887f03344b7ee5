"""The change agreement request: what it changes in the main contract, checked against the contract as drafted.

Article texts, the price with its payment schedule, the term, the service levels or the personal information
entrusted.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from clause_library.models import Condition, Strict
from clause_library.safety import Text

from .family_documents import FamilyDocument
from .fields import Date, Items, LocalText, Money
from .payment import SME_MAX_PAYMENT_DAYS, Milestone, instalments_problem
from .service import PersonalInformation, ServiceLevel, service_level_problem

__all__ = ["ArticleChange", "ChangeAgreementRequest"]


class ArticleChange(Strict):
    """One change of the main contract's text: the article ("12") or numbered paragraph ("12.2") as drafted,
    and its new text (the old text is quoted from the main contract's manifest)."""

    article: Text = Field(min_length=1, max_length=16, description="e.g. '12' or '12.2'")
    new: LocalText


class ChangeAgreementRequest(FamilyDocument):
    """A request for a change agreement (变更协议, policy ch. 4(二)3): text, price, payment schedule or term."""

    kind: Literal["change_agreement"]
    reason: LocalText = Field(description="why the contract changes (scope, standards, price or term)")
    changes: Items[ArticleChange] = []
    price: Money | None = Field(default=None, description="the new contract price (tax as the main contract)")
    price_basis: LocalText | None = Field(default=None, description=(
        "how the new price is calculated (what the difference pays for): required with a new price"))
    payment_schedule: Items[Milestone] | None = Field(default=None, description=(
        "the whole payment schedule as changed; required with a new price"))
    term_end: Date | None = Field(default=None, description="the new end of the service term")
    service_levels: Items[ServiceLevel] | None = Field(default=None, description=(
        "the whole list of service levels as changed: the main contract's 附件二 and 附件三 are replaced"))
    personal_information: PersonalInformation | None = Field(default=None, description=(
        "the personal information entrusted as changed (subjects, types, systems): the main contract's 附件四 "
        "is replaced"))

    @model_validator(mode="after")
    def _something_changes(self) -> ChangeAgreementRequest:
        if not (self.changes or self.price is not None or self.payment_schedule is not None
                or self.term_end is not None or self.service_levels is not None
                or self.personal_information is not None):
            raise ValueError("nothing changes: give changes (articles and their new text), price with "
                             "payment_schedule, term_end, service_levels or personal_information")
        if self.effective_date is None:
            raise ValueError("give effective_date: the day the change takes effect (within the main contract's term)")
        return self

    @model_validator(mode="after")
    def _check_main(self) -> ChangeAgreementRequest:
        """The change against the main contract as drafted: in its languages, the articles it names exist, the
        payment schedule still adds up to the price, the schedules it replaces exist, the term still ends after
        it starts."""
        _check_language(self)
        _check_articles(self)
        _check_payment(self)
        _check_schedules(self)
        _check_term(self)
        return self


def _check_language(req: ChangeAgreementRequest) -> None:
    """The change is drafted in the languages of the main contract, which it quotes."""
    main = req.main_contract
    missing = [lang.value for lang in req.language.langs if lang not in main.langs]
    if missing:
        drafted = ", ".join(x.value for x in main.langs)
        raise ValueError(f"the main contract {main.contract_no} is drafted in {drafted} "
                         f"only, and a change agreement quotes it: draft the change in that language (language)")


def _check_articles(req: ChangeAgreementRequest) -> None:
    """Each article or paragraph changed is one of the main contract's, and changed once."""
    main = req.main_contract
    seen: set[str] = set()
    for i, change in enumerate(req.changes):
        ref = change.article.strip()
        if not main.texts:
            raise ValueError(f"changes: the main contract {main.contract_no}'s manifest records no article texts "
                             "(drafted by an older version): draft the main contract again")
        if ref not in main.texts:
            raise ValueError(f"changes[{i}].article: the main contract {main.contract_no} has no article or "
                             f"numbered paragraph {ref!r}: give one of its numbers as drafted (e.g. "
                             f"{', '.join(list(main.texts)[:3])})")
        whole = ref.split(".")[0]
        if ref in seen or whole in seen or any(s.split(".")[0] == ref for s in seen):
            raise ValueError(f"changes[{i}].article: {ref!r} is changed twice (or with its whole article): "
                             "say each change once")
        seen.add(ref)


def _check_payment(req: ChangeAgreementRequest) -> None:
    """A new price comes with its basis and a whole payment schedule that adds up to it (within an SME's
    payment period)."""
    if req.price is None and req.payment_schedule is None:
        return
    main = req.main_contract
    if main.price is None:
        raise ValueError(f"the main contract {main.contract_no}'s manifest records no price (drafted by an "
                         "older version): draft the main contract again")
    if req.price is not None and req.price == main.price.amount:
        raise ValueError(f"price {req.price:,.2f} is the main contract's price already: remove it, or "
                         "give the new price")
    if req.price is not None and req.price_basis is None:
        raise ValueError("price changes but price_basis is not given: say how the new price is calculated "
                         "(what the difference pays for), as a change of the fees must")
    if req.payment_schedule is None:
        raise ValueError("price changes but payment_schedule is not given: the instalments of the main "
                         f"contract add up to {main.price.amount:,.2f}, not the new price; give the whole "
                         "payment schedule as changed")
    total = req.price if req.price is not None else main.price.amount
    found = instalments_problem(req.payment_schedule, total,
                                price="the new price" if req.price is not None else "the price")
    if found is not None:
        at, problem = found
        raise ValueError(f"payment_schedule: {problem}: correct the amounts" if at is None else
                         f"payment_schedule[{at}]: {problem}")
    for i, m in enumerate(req.payment_schedule):
        if main.sme_vendor and m.due_days > SME_MAX_PAYMENT_DAYS:
            raise ValueError(f"payment_schedule[{i}]: the vendor is an SME, paid within {SME_MAX_PAYMENT_DAYS} "
                             f"days (保障中小企业款项支付条例), but due_days is {m.due_days}")


def _check_schedules(req: ChangeAgreementRequest) -> None:
    """New service levels can be scored; a new list of personal information replaces one the contract has."""
    if req.service_levels is not None:
        unscored = service_level_problem(req.service_levels)
        if unscored:
            raise ValueError(f"service_levels: {unscored}")
    main = req.main_contract
    if req.personal_information is not None and Condition.personal_information_entrusted not in main.conditions:
        raise ValueError(f"personal_information: the main contract {main.contract_no} entrusts no personal "
                         "information, so it has no list to change; entrusting some is a new engagement fact "
                         "(PIPL art. 21): draft the contract again with personal_information_entrusted: yes")


def _check_term(req: ChangeAgreementRequest) -> None:
    """A new end of the term is after its start and not the old end; the change takes effect before the end."""
    main = req.main_contract
    end = req.term_end or main.term.end
    if req.term_end is not None:
        if req.term_end <= main.term.start:
            raise ValueError(f"term_end {req.term_end} is on or before the main contract's start "
                             f"({main.term.start}): the term would end before it starts; correct term_end")
        if req.term_end == main.term.end:
            raise ValueError(f"term_end {req.term_end} is the main contract's end already: remove it")
    if req.effective_date is not None and req.effective_date > end:
        raise ValueError(f"effective_date {req.effective_date} is after the term as changed ends ({end}): "
                         "correct it")
