"""What a request says about money: the price with its VAT, the instalments, their conditions and shares."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, model_validator

from clause_library.models import Strict

from .fields import CENT, Items, LocalText, Money, Percent

__all__ = [
    "SME_MAX_PAYMENT_DAYS",
    "Milestone",
    "PaymentCondition",
    "Price",
    "instalments_problem",
    "schedule_percents",
    "shares",
]

# The longest payment period for an SME vendor (保障中小企业款项支付条例, 2025 rev.).
SME_MAX_PAYMENT_DAYS = 60


class Price(Strict):
    """The contract price."""

    amount: Money
    currency: Literal["CNY", "USD", "EUR", "HKD"] = "CNY"
    tax_rate: Percent = Field(description="VAT rate in percent, e.g. 6")
    tax_inclusive: bool = True

    def vat_split(self) -> dict[str, Decimal]:
        """price_net (exclusive of VAT), price_vat and price_gross (inclusive), to 分: the contract states
        them apart (印花税法 art. 5 taxes the price exclusive of VAT when the VAT is stated separately)."""
        rate = self.tax_rate / 100
        if self.tax_inclusive:
            net = (self.amount / (1 + rate)).quantize(CENT, rounding=ROUND_HALF_UP)
            return {"price_net": net, "price_vat": self.amount - net, "price_gross": self.amount}
        vat = (self.amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)
        return {"price_net": self.amount, "price_vat": vat, "price_gross": self.amount + vat}


class PaymentCondition(StrEnum):
    """A condition an instalment of the payment schedule may carry besides a valid invoice (always)."""

    acceptance = "acceptance"  # the deliverables or phase it pays for have been accepted
    evaluation = "evaluation"  # the evaluation of the period it pays for is done and the amount fixed
    handover = "handover"  # records handed over and the services transferred (the last instalment)
    # the deliverables' warranty period has ended: an IT retention (a bank guarantee may replace it)
    warranty = "warranty"


_ROW_FIELDS = {"amount": "its amount", "trigger": "its trigger", "due_days": "its due date (due_days)"}


class Milestone(Strict):
    """One instalment: its own amount, trigger, conditions and due date (days to pay)."""

    milestone: LocalText
    trigger: LocalText
    amount: Money
    percent: Percent | None = Field(default=None, gt=0)
    conditions: Items[PaymentCondition] = Field(
        description="what must be met besides a valid invoice; [] for a prepayment (invoice only)")
    due_days: int = Field(ge=1, le=180, description="days to pay from the later of: conditions met, "
                                                    "valid invoice received")

    @model_validator(mode="before")
    @classmethod
    def _check_row(cls, data: Any) -> Any:
        if isinstance(data, dict):
            missing = [what for key, what in _ROW_FIELDS.items() if data.get(key) is None]
            if missing:
                raise ValueError("this instalment lacks " + ", ".join(missing) + ": each row states how much is "
                                 "paid (amount), on what event (trigger) and within how many days (due_days)")
            if "conditions" not in data:
                raise ValueError("this instalment lacks its conditions: list them (acceptance, evaluation, "
                                 "handover, warranty), or write conditions: [] for a prepayment due on a valid "
                                 "invoice alone")
        return data


def shares(amounts: list[Decimal], total: Decimal) -> list[Decimal]:
    """Each amount's share of ``total`` in percent to 0.01, adding up to exactly 100.00 when the amounts add up to
    the total: each share rounded down, then the hundredths left over given one each to the shares that lost
    most in rounding (largest remainder), earlier rows first on a tie."""
    exact = [a * 100 / total for a in amounts]
    down = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    if sum(amounts, Decimal(0)) != total:
        return [e.quantize(CENT, rounding=ROUND_HALF_UP) for e in exact]
    left = int((Decimal(100) - sum(down, Decimal(0))) / CENT)
    order = sorted(range(len(amounts)), key=lambda i: (-(exact[i] - down[i]), i))
    for i in order[:left]:
        down[i] += CENT
    return down


def schedule_percents(schedule: list[Milestone], total: Decimal) -> list[Decimal]:
    """Each instalment's percentage as the request gives it, else its share of ``total`` (``shares``)."""
    computed = shares([m.amount for m in schedule], total)
    return [m.percent if m.percent is not None else c for m, c in zip(schedule, computed, strict=True)]


def instalments_problem(schedule: list[Milestone], total: Decimal, *,
                        price: str = "the price") -> tuple[int | None, str] | None:
    """Why a payment schedule does not fit ``total``: instalments that do not add up to it (``None``, why), or
    an instalment whose given percentage is not its share (its index, why); ``None`` when it fits."""
    got = sum((m.amount for m in schedule), Decimal(0))
    if got != total:
        return None, f"the instalments add up to {got:,.2f}, not {price} {total:,.2f}"
    for i, m in enumerate(schedule):
        share = (m.amount * 100 / total).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        if m.percent is not None and abs(m.percent - share) > Decimal("0.01"):
            return i, f"amount {m.amount:,.2f} is {share.normalize():f}% of the price, not {m.percent:f}%"
    return None
