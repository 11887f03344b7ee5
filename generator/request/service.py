"""The service contract request: its decisive facts, service levels, personal information, term and checks."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from clause_library.models import Condition, OutsourcingKind, Strict

from .base import RequestBase
from .fields import Date, Items, LocalText, Party, Percent
from .payment import SME_MAX_PAYMENT_DAYS, Milestone, PaymentCondition, Price, instalments_problem, schedule_percents

__all__ = [
    "DECISIVE_FACTS",
    "PersonalDataType",
    "PersonalInformation",
    "ServiceContractRequest",
    "ServiceLevel",
    "SeverityLevel",
    "Term",
    "WagePayout",
    "service_level_problem",
]

# The decisive facts of a service contract: each an explicit answer in the request, never a default
# (issue 11 item 3); a request that omits one is refused with what the answer decides.
DECISIVE_FACTS: dict[str, str] = {
    "personal_information_entrusted": (
        "answer yes or no: does the client entrust personal information to the vendor (PIPL art. 21)? It decides "
        "the entrusted-processing terms (purpose, period, method, types, protection, supervision) and the schedule "
        "《委托处理个人信息清单》 (then give personal_information: subjects, types, systems)"),
    "system_access": (
        "answer yes or no: do the vendor's staff access the client's information systems or data? It decides the "
        "system-access and multi-level protection (等级保护) duties, and makes the data-protection article mandatory"),
    "onsite_staff": (
        "answer yes or no: do the vendor's staff work on the client's premises? It decides the on-site rules, "
        "the vendor's liability for its staff on site and public liability insurance"),
    "service_location": (
        "say where the services are performed (e.g. the client's office at its address, the vendor's own site, "
        "remotely): it is printed in the contract and, with onsite_staff, decides the on-site rules"),
    "sme_vendor": (
        "answer yes or no: is the vendor a small or medium-sized enterprise? It decides the payment period "
        "(at most 60 days) and late-payment interest (保障中小企业款项支付条例)"),
    "pass_through_funds": (
        "answer yes or no: does the vendor handle the client's wages, social insurance, housing fund or tax "
        "payments (the files, and with wage_payout the payout of net wages)? It decides the fund-custody terms, the "
        "liability cap's carve-out and how the fees are invoiced"),
}


class WagePayout(StrEnum):
    """HR with pass-through funds: how the wages reach the employees (legal review 2, N2). Social insurance,
    housing fund and individual income tax are always debited from the client's own account."""

    client_bank = "client_bank"  # the client's bank pays them from the client's account, from files the vendor makes
    client_named_account = "client_named_account"  # the vendor pays net wages from an account in the client's name
    escrow_account = "escrow_account"  # ... from a joint account in the client's name the bank supervises


class SeverityLevel(Strict):
    """A severity grade the service levels use (一级故障 …): its name and what falls in it."""

    name: LocalText
    definition: LocalText


class ServiceLevel(Strict):
    """One key performance indicator: Schedule 2 (service level) and Schedule 3 (scorecard) row."""

    metric: LocalText
    target: LocalText
    measurement: LocalText
    data_source: LocalText
    weight: Percent = Field(gt=0, description="share of the evaluation score, percent; all add up to 100")
    key: bool = Field(description="a key service indicator (关键服务指标): termination and damages rest on it")
    credit: Percent = Field(description="service credit per miss, percent of the evaluation period's fees")
    scoring: LocalText | None = Field(default=None, description="scoring rule; default: proportional (20% of "
                                                                "the points per percentage point or event missed)")


class PersonalDataType(Strict):
    """One type of personal information the vendor processes; sensitive ones (PIPL art. 28) are marked."""

    name: LocalText
    sensitive: bool


class PersonalInformation(Strict):
    """What the schedule 《委托处理个人信息清单》 lists: whose data, which types, in which systems."""

    subjects: Items[LocalText] = Field(min_length=1, description="whose personal information, e.g. 甲方员工")
    types: Items[PersonalDataType] = Field(min_length=1)
    systems: Items[LocalText] = Field(min_length=1, description="the systems or places where it is processed")


class Term(Strict):
    """The service term; the end is after the start."""

    start: Date
    end: Date

    @model_validator(mode="after")
    def _check_order(self) -> Term:
        if self.end <= self.start:
            raise ValueError(f"the term ends ({self.end}) on or before it starts ({self.start})")
        return self


def service_level_problem(levels: list[ServiceLevel]) -> str | None:
    """Why a list of service levels cannot be scored (weights not adding up to 100, no key indicator, an
    indicator twice), or ``None``."""
    total = sum((s.weight for s in levels), Decimal(0))
    if total != 100:
        return f"weights add up to {total:f}%, not 100%: the scorecard (Schedule 3) scores out of 100"
    if not any(s.key for s in levels):
        return ("no indicator is marked key: true; termination and the evaluation rest on the key service "
                "indicators (关键服务指标), mark at least one")
    seen: set[str] = set()
    for i, s in enumerate(levels):
        if s.metric.zh in seen:
            return f"indicator {i + 1} ({s.metric.zh}) is listed twice"
        seen.add(s.metric.zh)
    return None


# A severity grade named in a service level ("一级故障", "Severity 1"): severity_levels must define it.
_SEVERITY_MENTION = re.compile(r"[一二三四五六七八九十\d]+级(?:故障|事件)|\b(?:severity|priority)[ -]?\d\b",
                               re.IGNORECASE)


class ServiceContractRequest(RequestBase):
    """A request for an outsourcing service contract (IT, BPO or HR)."""

    kind: Literal["service_contract"]
    outsourcing: OutsourcingKind
    project_name: LocalText
    services: Items[LocalText] = Field(min_length=1)
    deliverables: Items[LocalText] = []
    severity_levels: Items[SeverityLevel] = []
    service_levels: Items[ServiceLevel] = Field(min_length=1)
    term: Term
    price: Price
    payment_schedule: Items[Milestone] = Field(min_length=1)
    # The decisive facts (DECISIVE_FACTS): required, each an explicit answer.
    personal_information_entrusted: bool
    system_access: bool
    onsite_staff: bool
    service_location: LocalText
    sme_vendor: bool
    pass_through_funds: bool
    wage_payout: WagePayout = Field(default=WagePayout.client_bank, description=(
        "HR with pass_through_funds: client_bank (the client's bank pays wages from files the vendor prepares), "
        "client_named_account or escrow_account (the vendor pays out net wages only)"))
    personal_information: PersonalInformation | None = None

    @field_validator("vendor")
    @classmethod
    def _vendor_account(cls, v: Party) -> Party:
        # The payment article pays the fees to this account: a blank would print "开户银行：" (P1-11).
        missing = [name for name in ("bank_name", "bank_account") if not getattr(v, name)]
        if missing:
            raise ValueError(f"give the vendor's {' and '.join(missing)}: the contract pays the fees to this "
                             "account")
        return v

    @field_validator("conditions")
    @classmethod
    def _facts_not_conditions(cls, v: list[Condition]) -> list[Condition]:
        facts = sorted(c.value for c in v if c.value in DECISIVE_FACTS)
        if facts:
            raise ValueError(f"{facts} are answered by their own fields ({facts[0]}: yes or no), not listed here")
        return v

    @field_validator("sme_vendor")
    @classmethod
    def _check_sme_payment_days(cls, sme: bool, info: ValidationInfo) -> bool:
        # 保障中小企业款项支付条例 (2025 rev.): an SME is paid within 60 days at most.
        if not sme:
            return sme
        for i, m in enumerate(info.data.get("payment_schedule") or []):
            if m.due_days > SME_MAX_PAYMENT_DAYS:
                raise ValueError(f"the vendor is an SME, which must be paid within {SME_MAX_PAYMENT_DAYS} days "
                                 f"(保障中小企业款项支付条例), but instalment {i + 1} has due_days {m.due_days}: "
                                 f"give at most {SME_MAX_PAYMENT_DAYS}")
        days = (info.data.get("values") or {}).get("payment_days")
        if isinstance(days, int | float | Decimal) and not isinstance(days, bool) and days > SME_MAX_PAYMENT_DAYS:
            raise ValueError(f"the vendor is an SME, which must be paid within {SME_MAX_PAYMENT_DAYS} days "
                             f"(保障中小企业款项支付条例), but values.payment_days is {days}: give at most "
                             f"{SME_MAX_PAYMENT_DAYS}")
        return sme

    @model_validator(mode="after")
    def _check_personal_information(self) -> ServiceContractRequest:
        if self.personal_information_entrusted and self.personal_information is None:
            raise ValueError("personal_information_entrusted is yes: give personal_information (subjects, types "
                             "with sensitive: yes/no, systems) for the schedule 《委托处理个人信息清单》")
        if not self.personal_information_entrusted and self.personal_information is not None:
            raise ValueError("personal_information is given but personal_information_entrusted is no: answer yes, "
                             "or remove personal_information")
        return self

    @model_validator(mode="after")
    def _check_wage_payout(self) -> ServiceContractRequest:
        if "wage_payout" in self.model_fields_set and not (
                self.outsourcing is OutsourcingKind.hr and self.pass_through_funds):
            raise ValueError("wage_payout says how an HR vendor handling pass-through funds pays wages: give it only "
                             "with outsourcing: hr and pass_through_funds: yes, or remove it")
        return self

    def facts(self) -> set[Condition]:
        """The conditions the decisive yes/no facts switch on."""
        return {Condition(name) for name in DECISIVE_FACTS if getattr(self, name) is True}

    @field_validator("service_levels")
    @classmethod
    def _check_service_levels(cls, levels: list[ServiceLevel], info: ValidationInfo) -> list[ServiceLevel]:
        problem = service_level_problem(levels)
        if problem:
            raise ValueError(problem)
        defined = {lv.name.zh for lv in info.data.get("severity_levels") or []}
        defined |= {lv.name.en for lv in info.data.get("severity_levels") or []}
        for i, s in enumerate(levels):
            for text in (s.metric.zh, s.target.zh, s.metric.en, s.target.en):
                for m in _SEVERITY_MENTION.finditer(text):
                    if not any(m.group(0) in d or d in m.group(0) for d in defined):
                        raise ValueError(f"indicator {i + 1} speaks of {m.group(0)!r}, which severity_levels does "
                                         "not define: add it there (name and definition)")
        return levels

    @field_validator("payment_schedule")
    @classmethod
    def _check_payment_schedule(cls, schedule: list[Milestone], info: ValidationInfo) -> list[Milestone]:
        price: Price | None = info.data.get("price")
        if price is not None:
            found = instalments_problem(schedule, price.amount)
            if found is not None:
                at, problem = found
                raise ValueError(f"{problem}: correct the amounts (or the price)" if at is None else
                                 f"instalment {at + 1}: {problem}")
        variants: dict[str, str] = info.data.get("variants") or {}
        if variants.get("payment") == "monthly_in_arrears":
            for i, m in enumerate(schedule):
                if PaymentCondition.acceptance in m.conditions:
                    raise ValueError(f"instalment {i + 1} asks for acceptance, but a service paid period by "
                                     "period in arrears (variant monthly_in_arrears) has no acceptance step: "
                                     "use evaluation (and handover for the last period)")
        # A retention (质量保证金) secures the warranty on deliverables (legal review 2, N9): it is a row of its
        # own, due when the warranty period ends. HR and BPO are continuing services with no such warranty.
        for i, m in enumerate(schedule):
            if PaymentCondition.warranty in m.conditions:
                # (a field that failed its own check is absent here: no second message about it)
                if "outsourcing" in info.data and info.data["outsourcing"] is not OutsourcingKind.it:
                    raise ValueError(f"instalment {i + 1} waits for the end of the warranty period (warranty), "
                                     "but only IT outsourcing warrants its deliverables for a period: a "
                                     "continuing HR or BPO service has no retention; remove the condition and "
                                     "pay that amount with the period it belongs to")
                if "deliverables" in info.data and not info.data["deliverables"]:
                    raise ValueError(f"instalment {i + 1} waits for the end of the warranty period (warranty), "
                                     "but the request lists no deliverables to warrant: list them, or remove "
                                     "the condition")
        return schedule

    def milestone_amounts(self) -> list[Decimal]:
        """Each instalment's amount, as the request gives it."""
        return [m.amount for m in self.payment_schedule]

    def milestone_percents(self) -> list[Decimal]:
        """Each instalment's share of the price in percent (as given, else computed to 0.01; see ``shares``)."""
        return schedule_percents(self.payment_schedule, self.price.amount)

