"""The termination agreement request: how and when the main contract ends, the settlement and the handover."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator, model_validator

from clause_library.models import Strict
from clause_library.safety import Text

from .family_documents import FamilyDocument
from .fields import MAX_AMOUNT, Date, Items, LocalText, Money, two_decimals

__all__ = [
    "Amount",
    "Handover",
    "HandoverCategory",
    "HandoverItem",
    "Settlement",
    "TerminationAgreementRequest",
    "TerminationGround",
    "TerminationKind",
]


class TerminationKind(StrEnum):
    """How the main contract ends."""

    expiry = "expiry"  # its term runs out
    early = "early"  # before its term ends, on a ground


class TerminationGround(StrEnum):
    """Why a contract ends early."""

    mutual_agreement = "mutual_agreement"  # 协商一致 (民法典 art. 562)
    client_convenience = "client_convenience"  # the client's right to terminate for convenience
    vendor_breach = "vendor_breach"  # the vendor's breach (民法典 art. 563, the contract's termination article)
    client_breach = "client_breach"
    force_majeure = "force_majeure"


class Amount(Strict):
    """A line of a settlement: what it is and how much."""

    item: LocalText
    amount: Money


class Settlement(Strict):
    """清算确认书: fees earned to the termination date, less what was paid, deductions and liquidated damages,
    plus deposits returned; the balance is paid by whichever side owes it."""

    fees_earned: Items[Amount] = Field(min_length=1)
    paid: Decimal = Field(ge=0, le=MAX_AMOUNT, description="what the client has paid under the main contract")
    deductions: Items[Amount] = Field(default=[], description="evaluation deductions and service credits")
    liquidated_damages: Items[Amount] = []
    deposits_returned: Items[Amount] = Field(default=[], description="deposits or retentions the client returns")
    due_days: int = Field(default=30, ge=1, le=180, description="days to pay the balance after signing")

    @field_validator("paid")
    @classmethod
    def _paid_cents(cls, v: Decimal) -> Decimal:
        return two_decimals(v)


class HandoverCategory(StrEnum):
    """What a handover list row hands over."""

    data = "data"  # the client's data: returned, and copies deleted
    documents = "documents"
    source_code = "source_code"
    equipment = "equipment"
    accounts = "accounts"  # accounts to close
    access = "access"  # a person's access revoked (badges, VPN, system accounts)


class HandoverItem(Strict):
    """One row of the 交接清单."""

    category: HandoverCategory
    item: LocalText
    quantity: Text = Field(default="", max_length=32)


class Handover(Strict):
    """交接清单: what is handed over or closed, by when."""

    date: Date
    items: Items[HandoverItem] = Field(min_length=1)

    @field_validator("items")
    @classmethod
    def _data_and_access(cls, items: list[HandoverItem]) -> list[HandoverItem]:
        have = {i.category for i in items}
        missing = [c.value for c in (HandoverCategory.data, HandoverCategory.access) if c not in have]
        if missing:
            raise ValueError(f"lists no {' and no '.join(missing)} row: every handover returns the client's data "
                             "(and deletes copies) and revokes the vendor staff's access; add those rows")
        return items


class TerminationAgreementRequest(FamilyDocument):
    """A request for a termination agreement (终止协议) with its settlement confirmation and handover list."""

    kind: Literal["termination_agreement"]
    termination: TerminationKind
    ground: TerminationGround | None = None
    ground_detail: LocalText | None = Field(default=None, description="the facts of the ground (for a breach: "
                                                                       "which duty, when)")
    termination_date: Date
    settlement: Settlement
    handover: Handover

    @model_validator(mode="after")
    def _check_ground(self) -> TerminationAgreementRequest:
        if self.termination is TerminationKind.early and self.ground is None:
            raise ValueError("an early termination states its ground: mutual_agreement, client_convenience, "
                             "vendor_breach, client_breach or force_majeure")
        if self.termination is TerminationKind.expiry and self.ground is not None:
            raise ValueError("a contract ending at expiry needs no ground: remove ground, or say termination: early")
        if self.ground in (TerminationGround.vendor_breach, TerminationGround.client_breach) and (
                self.ground_detail is None):
            raise ValueError("a termination for breach states the breach in ground_detail (which duty, when, the "
                             "notice given)")
        return self

    @model_validator(mode="after")
    def _check_main(self) -> TerminationAgreementRequest:
        """The termination against the main contract: its date in the term (the term's end for an expiry), the
        fees no more than the price, the handover within the period the main contract gives for it."""
        main, date = self.main_contract, self.termination_date
        term = main.term
        if self.termination is TerminationKind.expiry and date != term.end:
            raise ValueError(f"termination_date {date} is not the end of the main contract {main.contract_no}'s term "
                             f"({term.end}): a contract that expires ends then; give {term.end}, or say "
                             "termination: early with its ground")
        if self.termination is TerminationKind.early and not term.start <= date < term.end:
            raise ValueError(f"termination_date {date} is not within the main contract {main.contract_no}'s term "
                             f"({term.start} to before {term.end}): an early termination falls inside it")
        s = self.settlement
        if main.price is not None:
            earned = sum((a.amount for a in s.fees_earned), Decimal(0))
            if earned > main.price.amount:
                raise ValueError(f"settlement.fees_earned add up to {earned:,.2f}, more than the main contract's price "
                                 f"{main.price.amount:,.2f}: correct them (a change agreement changes the price first)")
            if s.paid > main.price.amount:
                raise ValueError(f"settlement.paid {s.paid:,.2f} is more than the main contract's price "
                                 f"{main.price.amount:,.2f}: correct it")
        given = main.values.get("post_termination_handover_days")
        days = int(given) if given is not None else None
        if self.handover.date < term.start:
            raise ValueError(f"handover.date {self.handover.date} is before the main contract starts ({term.start}): "
                             "correct it")
        if days is not None and self.handover.date > date + dt.timedelta(days=days):
            raise ValueError(f"handover.date {self.handover.date} is more than {days} days after the termination date "
                             f"{date}: the main contract gives {days} days for the handover; correct handover.date")
        return self
