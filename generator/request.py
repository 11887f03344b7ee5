"""Drafting requests: strict pydantic models read from YAML or JSON, every error reported at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Callable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    PlainValidator,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from clause_library.errors import Problem, RequestError
from clause_library.identifiers import mask_resident_id, resident_id_problem, uscc_problem
from clause_library.jsonio import read_json
from clause_library.models import Condition, Lang, OutsourcingKind, Strict
from clause_library.safety import Text, check_text, name_problem, shown
from clause_library.yamlio import format_loc, read_yaml, validate_at

__all__ = [
    "DECISIVE_FACTS",
    "MAX_AMOUNT",
    "MAX_ITEMS",
    "Language",
    "LocalText",
    "MainContract",
    "Milestone",
    "NdaRequest",
    "Party",
    "PaymentCondition",
    "PersonalDataType",
    "PersonalInformation",
    "PledgeRequest",
    "Pledgor",
    "Price",
    "Request",
    "ServiceContractRequest",
    "ServiceLevel",
    "SeverityLevel",
    "Term",
    "WagePayout",
    "load_request",
    "parse_request",
    "request_hash",
]

CENT = Decimal("0.01")
# Amounts: up to a trillion (10^12) with at most two decimals (分).
MAX_AMOUNT = Decimal(10) ** 12
# The longest payment period for an SME vendor (保障中小企业款项支付条例, 2025 rev.).
SME_MAX_PAYMENT_DAYS = 60
# Every list in a request (services, milestones, conditions, values…) has at most this many items.
MAX_ITEMS = 100
# A number under 'values' (a clause variable): at most this large in absolute value.
MAX_VALUE = 10**15
_CONTRACT_NO = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]|[./](?=[A-Za-z0-9]))*")

T = TypeVar("T")

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


def _cap(value: Any) -> Any:
    """Refuse an over-long list (or mapping) before its items are validated one by one."""
    if isinstance(value, list | dict) and len(value) > MAX_ITEMS:
        raise ValueError(f"has {len(value):,} items; a request allows at most {MAX_ITEMS} in one list: split "
                         "the document or shorten the list")
    return value


def _two_decimals(v: Decimal) -> Decimal:
    if v != v.quantize(CENT):
        raise ValueError("an amount has at most two decimals (分)")
    return v


def _check_date(v: dt.date) -> dt.date:
    if not 1900 <= v.year <= 2200:
        raise ValueError(f"the year {v.year} is not between 1900 and 2200: mistyped?")
    return v


# A list of at most MAX_ITEMS items; the limit is checked before the items are.
Items = Annotated[list[T], BeforeValidator(_cap)]
# An amount of money: positive, at most MAX_AMOUNT, in 分 at most.
Money = Annotated[Decimal, Field(gt=0, le=MAX_AMOUNT), AfterValidator(_two_decimals)]
# A percentage: 0-100 with at most four decimals.
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=4)]
# A calendar date in a plausible range (an invalid one like 2026-02-30 is refused by pydantic, field named).
Date = Annotated[dt.date, AfterValidator(_check_date)]


def _identifier(value: str, problem_of: Callable[[str], str | None]) -> str:
    """``value`` normalised (trimmed, upper-case) if its check digit holds; else why it does not."""
    problem = problem_of(value)
    if problem:
        raise ValueError(problem)
    return value.strip().upper()


def _resident_id(v: str) -> str:
    return _identifier(v, resident_id_problem)


# An 18-character resident identity number, its check digit verified (GB 11643-1999), upper case.
ResidentId = Annotated[Text, AfterValidator(_resident_id)]


class Language(StrEnum):
    """The language(s) a document is drafted in."""

    zh = "zh"
    en = "en"
    bilingual = "bilingual"

    @property
    def langs(self) -> list[Lang]:
        return [Lang.zh, Lang.en] if self is Language.bilingual else [Lang(self.value)]


class LocalText(Strict):
    """A value given in Chinese and English; a plain string in the request serves for both."""

    zh: Text = Field(min_length=1)
    en: Text = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"zh": data, "en": data}
        if not isinstance(data, dict | LocalText):
            raise ValueError("expected text, or zh: and en: texts (quote a value YAML reads as a number, "
                             "date or yes/no)")
        return data

    def get(self, lang: Lang) -> str:
        return self.zh if lang is Lang.zh else self.en


def _in(text: LocalText | None, lang: Lang) -> str:
    return text.get(lang) if text is not None else ""


class Party(Strict):
    """A contracting party: a company with its Unified Social Credit Code."""

    name: LocalText
    uscc: Text = Field(description="18-character Unified Social Credit Code")
    address: LocalText
    representative: LocalText
    contact: LocalText | None = None
    phone: Text = Field(default="", max_length=64)
    email: Text = Field(default="", max_length=254)
    bank_name: LocalText | None = None
    bank_account: Text = Field(default="", max_length=64)

    @field_validator("uscc")
    @classmethod
    def _check_uscc(cls, v: str) -> str:
        return _identifier(v, uscc_problem)

    def values(self, lang: Lang) -> dict[str, str]:
        """The party as clause texts print it in ``lang`` (``client.name``, ``vendor.address``, …; "" when not
        given)."""
        return {"name": _in(self.name, lang), "uscc": self.uscc, "address": _in(self.address, lang),
                "representative": _in(self.representative, lang), "contact": _in(self.contact, lang),
                "phone": self.phone, "email": self.email, "bank_name": _in(self.bank_name, lang),
                "bank_account": self.bank_account}


class WagePayout(StrEnum):
    """HR with pass-through funds: how the wages reach the employees (legal review 2, N2). Social insurance,
    housing fund and individual income tax are always debited from the client's own account."""

    client_bank = "client_bank"  # the client's bank pays them from the client's account, from files the vendor makes
    client_named_account = "client_named_account"  # the vendor pays net wages from an account in the client's name
    escrow_account = "escrow_account"  # ... from a joint account in the client's name the bank supervises


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


class Term(Strict):
    """The service term; the end is after the start."""

    start: Date
    end: Date

    @model_validator(mode="after")
    def _check_order(self) -> Term:
        if self.end <= self.start:
            raise ValueError(f"the term ends ({self.end}) on or before it starts ({self.start})")
        return self


class Pledgor(Strict):
    """The person who signs a personal confidentiality pledge."""

    name: LocalText
    id_number: ResidentId
    role: LocalText
    start_date: Date


class MainContract(Strict):
    """The service contract an NDA or a pledge is made for, as the manifest of its draft records it.

    A request names it (``main_contract: IT-2026-0001``, or the path of the drafted folder or its
    manifest.json); ``generator.family`` looks it up, checks the request against it and puts these
    facts here before the request is validated. ``damages_article`` is the contract's article that
    fixes the liquidated damages per breach of confidentiality (``None`` when it fixes none).
    """

    ref: Text = Field(min_length=1)
    manifest_sha256: Text
    contract_no: Text
    title: LocalText
    outsourcing: OutsourcingKind
    project_name: LocalText
    client: Party
    vendor: Party
    term: Term
    confidentiality_years: int = Field(ge=1, le=50)
    confidentiality_damages: Money | None = None
    damages_article: int | None = Field(default=None, ge=1)
    confidentiality_article: int | None = Field(default=None, ge=1)
    conditions: Items[Condition] = []
    service_location: LocalText | None = None
    # the values the contract uses for the periods its family repeats (generator.family.SHARED_VALUES)
    values: dict[Text, int | Text] = {}
    # category → article number of the drafted contract (data_protection, post_termination_services, …)
    articles: dict[str, int] = {}
    # what a change or termination agreement quotes and recomputes (absent from manifests of older drafts)
    langs: Items[Lang] = [Lang.zh]
    price: Price | None = None
    payment_schedule: Items[Milestone] = []
    sme_vendor: bool = False
    # each article and numbered paragraph as drafted ("12", "12.2") -> its text per language
    texts: dict[Text, dict[Lang, str]] = {}
    # the change agreements drafted for it that the facts above already include (generator.family.as_changed)
    amended_by: Items[Text] = []
    # its schedules a change agreement may replace: the service levels (附件二, 附件三) and the personal
    # information entrusted (附件四, as listed)
    service_levels: Items[ServiceLevel] = []
    personal_information: PersonalInformation | None = None

    @model_validator(mode="before")
    @classmethod
    def _looked_up(cls, data: Any) -> Any:
        if isinstance(data, str):
            raise ValueError("names a main contract that was not looked up: read the request from its file "
                             "(contracts draft/nda-pack), which finds the contract in the --out folder")
        return data


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


def _value(v: Any) -> Any:
    """A clause variable's value under 'values', as given (the clause's declared type is checked later)."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float | Decimal):
        if not (isinstance(v, int) or math.isfinite(v)):
            raise ValueError("a number must be finite")
        if not -MAX_VALUE <= v <= MAX_VALUE:
            raise ValueError(f"a number here is at most {MAX_VALUE:.0e} in size")
        return v
    if isinstance(v, str):
        return check_text(v)
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return _check_date(v)
    if isinstance(v, list):
        return [check_text(x) if isinstance(x, str) else _not_a_value(x) for x in _cap(v)]
    return _not_a_value(v)


def _not_a_value(v: Any) -> Any:
    raise ValueError(f"a value is text, a number, true or false, a date (YYYY-MM-DD) or a list of text, "
                     f"not {type(v).__name__}")


# A clause variable's value under 'values': text, a bounded finite number, a date or a list of text.
_ValueT = Annotated[str | int | float | bool | Decimal | dt.date | list[str], PlainValidator(_value)]
# A clause variable's or variant's name.
_Key = Annotated[Text, Field(min_length=1, max_length=64)]


class _Base(Strict):
    language: Language = Language.zh
    contract_no: Text = Field(min_length=1, max_length=64)
    title: LocalText | None = None
    client: Party
    vendor: Party
    sign_date: Date | None = None
    sign_place: LocalText = LocalText(zh="北京市", en="Beijing")
    confidentiality_years: int = Field(default=3, ge=1, le=50)
    conditions: Items[Condition] = []
    variants: Annotated[dict[_Key, _Key], BeforeValidator(_cap)] = {}
    values: Annotated[dict[_Key, _ValueT], BeforeValidator(_cap)] = {}
    include_drafts: bool = False

    @field_validator("contract_no")
    @classmethod
    def _check_contract_no(cls, v: str) -> str:
        # It names the output folder too ('/' becomes '_'): no '..', no leading or trailing '.' or '/'.
        if not _CONTRACT_NO.fullmatch(v):
            raise ValueError("a contract number is letters, digits and - _ . /, starting with a letter or digit, "
                             "with each '.' or '/' followed by a letter or digit (e.g. IT-2026-0001)")
        problem = name_problem(v.replace("/", "_"))  # the folder it names (generator.output.output_folder)
        if problem:
            raise ValueError(f"it names the output folder, and that name {problem}")
        return v

    @field_validator("conditions")
    @classmethod
    def _check_conditions(cls, v: list[Condition]) -> list[Condition]:
        derived = {Condition.bilingual, Condition.mutual, Condition.main_contract, Condition.staff_list} & set(v)
        if derived:
            raise ValueError(
                f"{sorted(c.value for c in derived)} are set from 'language', 'mutual' and 'main_contract' (and "
                "staff_list by nda-pack), not listed here"
            )
        return v


# A severity grade named in a service level ("一级故障", "Severity 1"): severity_levels must define it.
_SEVERITY_MENTION = re.compile(r"[一二三四五六七八九十\d]+级(?:故障|事件)|\b(?:severity|priority)[ -]?\d\b",
                               re.IGNORECASE)


class ServiceContractRequest(_Base):
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


class NdaRequest(_Base):
    """A request for a non-disclosure agreement with a vendor."""

    kind: Literal["nda"]
    outsourcing: OutsourcingKind | None = None
    mutual: bool = True
    purpose: LocalText
    effective_date: Date
    project_name: LocalText | None = None
    main_contract: MainContract | None = None


class PledgeRequest(_Base):
    """A request for one person's confidentiality pledge (packs make many from a roster)."""

    kind: Literal["pledge"]
    outsourcing: OutsourcingKind | None = None
    project_name: LocalText
    pledgor: Pledgor
    show_full_id: bool = False
    main_contract: MainContract | None = None
    nda_no: Text | None = Field(default=None, min_length=1, max_length=64,
                                description="the number of the NDA the pledge goes with")


class _FamilyDocument(_Base):
    """A document made for a main service contract (a contract family): it names the contract, whose manifest
    gives its parties, project, term and engagement facts (``generator.family``)."""

    main_contract: MainContract
    effective_date: Date | None = Field(default=None, description="when it takes effect (default: the main "
                                                                  "contract's start, or for a change the day "
                                                                  "it is signed)")
    project_name: LocalText | None = None
    outsourcing: OutsourcingKind | None = None

    @model_validator(mode="after")
    def _in_term(self) -> _FamilyDocument:
        term = self.main_contract.term
        if self.effective_date is not None and not term.start <= self.effective_date <= term.end:
            raise ValueError(f"effective_date {self.effective_date} is outside the main contract "
                             f"{self.main_contract.contract_no}'s term ({term.start} to {term.end}): correct it")
        return self


class SecurityAgreementRequest(_FamilyDocument):
    """A request for an information-security agreement (信息安全保密协议, policy ch. 7) with the vendor."""

    kind: Literal["security_agreement"]
    systems: Items[LocalText] = Field(min_length=1, description="the client's systems the vendor works in or "
                                                                "on, e.g. 客户服务系统")
    data_scope: Items[LocalText] = Field(min_length=1, description="the kinds of the client's data the vendor "
                                                                   "handles, e.g. 客户联系信息")
    protection_level: int | None = Field(default=None, ge=1, le=5, description=(
        "the 等级保护 level of the systems (1-5), when they are graded; leave it out when they are not"))


class IntegrityAgreementRequest(_FamilyDocument):
    """A request for an integrity agreement (廉洁协议) with the vendor."""

    kind: Literal["integrity_agreement"]


class Agent(Strict):
    """The person a power of attorney authorises to sign (受托人)."""

    name: LocalText
    id_number: ResidentId
    position: LocalText
    phone: Text = Field(default="", max_length=64)


class PowerOfAttorneyRequest(_FamilyDocument):
    """A request for a power of attorney (授权委托书) for a signatory who is not the legal representative."""

    kind: Literal["power_of_attorney"]
    principal: Literal["client", "vendor"] = Field(description="the party that authorises the agent")
    agent: Agent
    valid_from: Date
    valid_until: Date
    documents: Items[LocalText] = Field(default=[], description=(
        "the documents the agent may sign besides the main contract, e.g. 《信息安全保密协议》（编号：…）"))

    @model_validator(mode="after")
    def _check_period(self) -> PowerOfAttorneyRequest:
        if self.valid_until < self.valid_from:
            raise ValueError(f"the authority ends ({self.valid_until}) before it starts ({self.valid_from}): "
                             "correct valid_until")
        return self


class ArticleChange(Strict):
    """One change of the main contract's text: the article ("12") or numbered paragraph ("12.2") as drafted,
    and its new text (the old text is quoted from the main contract's manifest)."""

    article: Text = Field(min_length=1, max_length=16, description="e.g. '12' or '12.2'")
    new: LocalText


class Amount(Strict):
    """A line of a settlement: what it is and how much."""

    item: LocalText
    amount: Money


class ChangeAgreementRequest(_FamilyDocument):
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
        """The change against the main contract as drafted: the articles it names exist, the payment schedule
        still adds up to the price, the term still ends after it starts."""
        main = self.main_contract
        missing = [lang.value for lang in self.language.langs if lang not in main.langs]
        if missing:
            drafted = ", ".join(x.value for x in main.langs)
            raise ValueError(f"the main contract {main.contract_no} is drafted in {drafted} "
                             f"only, and a change agreement quotes it: draft the change in that language (language)")
        seen: set[str] = set()
        for i, change in enumerate(self.changes):
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
        if self.price is not None or self.payment_schedule is not None:
            if main.price is None:
                raise ValueError(f"the main contract {main.contract_no}'s manifest records no price (drafted by an "
                                 "older version): draft the main contract again")
            if self.price is not None and self.price == main.price.amount:
                raise ValueError(f"price {self.price:,.2f} is the main contract's price already: remove it, or "
                                 "give the new price")
            if self.price is not None and self.price_basis is None:
                raise ValueError("price changes but price_basis is not given: say how the new price is calculated "
                                 "(what the difference pays for), as a change of the fees must")
            if self.payment_schedule is None:
                raise ValueError("price changes but payment_schedule is not given: the instalments of the main "
                                 f"contract add up to {main.price.amount:,.2f}, not the new price; give the whole "
                                 "payment schedule as changed")
            total = self.price if self.price is not None else main.price.amount
            found = instalments_problem(self.payment_schedule, total,
                                        price="the new price" if self.price is not None else "the price")
            if found is not None:
                at, problem = found
                raise ValueError(f"payment_schedule: {problem}: correct the amounts" if at is None else
                                 f"payment_schedule[{at}]: {problem}")
            for i, m in enumerate(self.payment_schedule):
                if main.sme_vendor and m.due_days > SME_MAX_PAYMENT_DAYS:
                    raise ValueError(f"payment_schedule[{i}]: the vendor is an SME, paid within {SME_MAX_PAYMENT_DAYS} "
                                     f"days (保障中小企业款项支付条例), but due_days is {m.due_days}")
        if self.service_levels is not None:
            unscored = service_level_problem(self.service_levels)
            if unscored:
                raise ValueError(f"service_levels: {unscored}")
        if self.personal_information is not None and Condition.personal_information_entrusted not in main.conditions:
            raise ValueError(f"personal_information: the main contract {main.contract_no} entrusts no personal "
                             "information, so it has no list to change; entrusting some is a new engagement fact "
                             "(PIPL art. 21): draft the contract again with personal_information_entrusted: yes")
        end = self.term_end or main.term.end
        if self.term_end is not None:
            if self.term_end <= main.term.start:
                raise ValueError(f"term_end {self.term_end} is on or before the main contract's start "
                                 f"({main.term.start}): the term would end before it starts; correct term_end")
            if self.term_end == main.term.end:
                raise ValueError(f"term_end {self.term_end} is the main contract's end already: remove it")
        if self.effective_date is not None and self.effective_date > end:
            raise ValueError(f"effective_date {self.effective_date} is after the term as changed ends ({end}): "
                             "correct it")
        return self


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
        return _two_decimals(v)


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


class TerminationAgreementRequest(_FamilyDocument):
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


Request = Annotated[ServiceContractRequest | NdaRequest | PledgeRequest | SecurityAgreementRequest
                    | IntegrityAgreementRequest | PowerOfAttorneyRequest | ChangeAgreementRequest
                    | TerminationAgreementRequest, Field(discriminator="kind")]
# The documents made for a main contract only (never alone): their requests name main_contract.
FAMILY_KINDS = ("security_agreement", "integrity_agreement", "power_of_attorney", "change_agreement",
                "termination_agreement")
AnyRequest = (ServiceContractRequest | NdaRequest | PledgeRequest | SecurityAgreementRequest
              | IntegrityAgreementRequest | PowerOfAttorneyRequest | ChangeAgreementRequest
              | TerminationAgreementRequest)
FamilyDocument = _FamilyDocument
KINDS = ("service_contract", "nda", "pledge", *FAMILY_KINDS)


class _Envelope(Strict):
    request: Request


def parse_request(data: Any, source: str = "<request>") -> AnyRequest:
    """Validate already-parsed data; raise ``RequestError`` listing every problem with its field."""
    try:
        return TypeAdapter(Request).validate_python(data)
    except ValidationError as e:
        problems = [Problem(source, _message(err), field=_field(err["loc"])) for err in e.errors()]
        raise RequestError(f"{source}: the request has {len(problems)} problem(s)", problems) from e


def _field(loc: tuple[Any, ...]) -> str:
    return format_loc([p for p in loc if p not in KINDS]) or "(top level)"


def _message(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return f"unknown field {err['loc'][-1]!r}: misspelt, or not for this kind of document"
    if err["type"] == "missing":
        return _missing(err["loc"])
    if err["type"] == "union_tag_invalid" or err["type"] == "union_tag_not_found":
        return f"'kind' must be one of: {', '.join(KINDS)}"
    msg = str(err["msg"]).removeprefix("Value error, ")
    inp = err.get("input")
    if inp is not None and not isinstance(inp, dict | list):
        msg += f" (found {shown(inp)})"
    return msg


def _missing(loc: tuple[Any, ...]) -> str:
    """The message for a missing field: for a decisive fact, what its answer decides."""
    if loc and loc[-1] in DECISIVE_FACTS:
        return f"required, missing: {DECISIVE_FACTS[loc[-1]]}"
    return "required, missing"


def load_request(path: Path, *, out_dir: Path | None = None) -> AnyRequest:
    """Read a request from a .yaml/.yml or .json file; errors name the file, line and field.

    An NDA or pledge naming its ``main_contract`` is completed from, and checked against, that
    contract's manifest, looked up in ``out_dir`` (where it was drafted) or beside the request file
    (``generator.family``).
    """
    if not path.is_file():
        raise RequestError(f"{path}: no such request file")
    if path.suffix.lower() == ".json":
        data, problems = read_json(path)
        if problems:
            raise RequestError(f"{path}: cannot be read", problems)
        _complete_family(data, path, out_dir, lambda loc: None)
        return parse_request(data, str(path))
    doc, problems = read_yaml(path)
    if doc is None:
        raise RequestError(f"{path}: cannot be read", problems)
    if not isinstance(doc.data, dict):
        raise RequestError(f"{path}: a request is a mapping of fields (kind, contract_no, client, …)")
    kind = doc.data.get("kind")
    models: dict[str, type[BaseModel]] = {
        "service_contract": ServiceContractRequest, "nda": NdaRequest, "pledge": PledgeRequest,
        "security_agreement": SecurityAgreementRequest, "integrity_agreement": IntegrityAgreementRequest,
        "power_of_attorney": PowerOfAttorneyRequest, "change_agreement": ChangeAgreementRequest,
        "termination_agreement": TerminationAgreementRequest,
    }
    model = models.get(kind, _Envelope) if isinstance(kind, str) else _Envelope
    if model is _Envelope:
        raise RequestError(
            f"{path}: the request has 1 problem(s)",
            [Problem(str(path), f"'kind' must be one of {', '.join(KINDS)} (found {kind!r})",
                     line=doc.line(("kind",)) or 1, field="kind")],
        )
    _complete_family(doc.data, path, out_dir, doc.line)
    req, problems = validate_at(model, doc.data, doc)
    if req is None:
        problems = [Problem(p.file, _missing((p.field,)) if p.message == "required field missing" and
                            p.field in DECISIVE_FACTS else p.message.removeprefix("Value error, "), p.line, p.field)
                    for p in problems]
        raise RequestError(f"{path}: the request has {len(problems)} problem(s)", problems)
    return req  # type: ignore[return-value]


def _complete_family(data: Any, path: Path, out_dir: Path | None, line: Callable[[Any], int | None]) -> None:
    """Complete an NDA or pledge naming ``main_contract`` from the contract's manifest (in place)."""
    if isinstance(data, dict) and ((data.get("kind") in ("nda", "pledge") and "main_contract" in data)
                                   or data.get("kind") in FAMILY_KINDS):
        from .family import complete_from_main_contract  # family reads requests' models: imported late

        complete_from_main_contract(data, path, out_dir, line)


def request_hash(req: BaseModel) -> str:
    """SHA-256 of the request's canonical JSON: the same request gives the same hash.

    A pledge is hashed with the ID number as the document prints it (masked unless
    ``show_full_id``): a hash over the full number would give it away, since the masked
    digits leave only the birth date to try.
    """
    data = req.model_dump(mode="json")
    if isinstance(req, PledgeRequest):
        shown = req.pledgor.id_number if req.show_full_id else mask_resident_id(req.pledgor.id_number)
        data["pledgor"]["id_number"] = shown
        data.pop("show_full_id")
    canon = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()
