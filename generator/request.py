"""Drafting requests: strict pydantic models read from YAML or JSON, every error reported at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from clause_library.errors import Problem, RequestError
from clause_library.identifiers import mask_resident_id, resident_id_problem, uscc_problem
from clause_library.models import Condition, Lang, OutsourcingKind
from clause_library.yamlio import read_yaml, validate_at

__all__ = [
    "Language",
    "LocalText",
    "Milestone",
    "NdaRequest",
    "Party",
    "PledgeRequest",
    "Pledgor",
    "Price",
    "Request",
    "ServiceContractRequest",
    "ServiceLevel",
    "Term",
    "load_request",
    "parse_request",
    "request_hash",
]

CENT = Decimal("0.01")


def _identifier(value: str, problem_of: Callable[[str], str | None]) -> str:
    """``value`` normalised (trimmed, upper-case) if its check digit holds; else why it does not."""
    problem = problem_of(value)
    if problem:
        raise ValueError(problem)
    return value.strip().upper()


class Language(StrEnum):
    """The language(s) a document is drafted in."""

    zh = "zh"
    en = "en"
    bilingual = "bilingual"

    @property
    def langs(self) -> list[Lang]:
        return [Lang.zh, Lang.en] if self is Language.bilingual else [Lang(self.value)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(_Strict):
    """A value given in Chinese and English; a plain string in the request serves for both."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"zh": data, "en": data}
        return data

    def get(self, lang: Lang) -> str:
        return self.zh if lang is Lang.zh else self.en


class Party(_Strict):
    """A contracting party: a company with its Unified Social Credit Code."""

    name: LocalText
    uscc: str = Field(description="18-character Unified Social Credit Code")
    address: LocalText
    representative: LocalText
    contact: LocalText | None = None
    phone: str = ""
    email: str = ""
    bank_name: LocalText | None = None
    bank_account: str = ""

    @field_validator("uscc")
    @classmethod
    def _check_uscc(cls, v: str) -> str:
        return _identifier(v, uscc_problem)


class Milestone(_Strict):
    """One payment: what triggers it and its share of the price (amount computed if omitted)."""

    milestone: LocalText
    percent: Decimal = Field(gt=0, le=100)
    amount: Decimal | None = Field(default=None, gt=0)
    condition: LocalText | None = None


class ServiceLevel(_Strict):
    """One service-level indicator for Schedule 2."""

    metric: LocalText
    target: LocalText
    measurement: LocalText | None = None


class Price(_Strict):
    """The contract price."""

    amount: Decimal = Field(gt=0)
    currency: Literal["CNY", "USD", "EUR", "HKD"] = "CNY"
    tax_rate: Decimal = Field(ge=0, le=100, description="VAT rate in percent, e.g. 6")
    tax_inclusive: bool = True

    @field_validator("amount")
    @classmethod
    def _check_amount(cls, v: Decimal) -> Decimal:
        if v != v.quantize(CENT):
            raise ValueError("an amount has at most two decimals (分)")
        return v


class Term(_Strict):
    """The service term; the end is after the start."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _check_order(self) -> Term:
        if self.end <= self.start:
            raise ValueError(f"the term ends ({self.end}) on or before it starts ({self.start})")
        return self


class Pledgor(_Strict):
    """The person who signs a personal confidentiality pledge."""

    name: LocalText
    id_number: str
    role: LocalText
    start_date: dt.date

    @field_validator("id_number")
    @classmethod
    def _check_id(cls, v: str) -> str:
        return _identifier(v, resident_id_problem)


_ValueT = str | int | float | bool | Decimal | dt.date | list[str]


class _Base(_Strict):
    language: Language = Language.zh
    contract_no: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
    title: LocalText | None = None
    client: Party
    vendor: Party
    sign_date: dt.date | None = None
    sign_place: LocalText = LocalText(zh="北京市", en="Beijing")
    confidentiality_years: int = Field(default=3, ge=1, le=50)
    conditions: list[Condition] = []
    variants: dict[str, str] = {}
    values: dict[str, _ValueT] = {}
    include_drafts: bool = False

    @field_validator("conditions")
    @classmethod
    def _check_conditions(cls, v: list[Condition]) -> list[Condition]:
        derived = {Condition.bilingual, Condition.mutual} & set(v)
        if derived:
            raise ValueError(
                f"{sorted(c.value for c in derived)} are set from 'language' and 'mutual', not listed here"
            )
        return v


class ServiceContractRequest(_Base):
    """A request for an outsourcing service contract (IT, BPO or HR)."""

    kind: Literal["service_contract"]
    outsourcing: OutsourcingKind
    project_name: LocalText
    services: list[LocalText] = Field(min_length=1)
    deliverables: list[LocalText] = []
    service_levels: list[ServiceLevel] = Field(min_length=1)
    term: Term
    price: Price
    payment_schedule: list[Milestone] = Field(min_length=1)

    @field_validator("payment_schedule")
    @classmethod
    def _check_payment_schedule(cls, schedule: list[Milestone], info: ValidationInfo) -> list[Milestone]:
        total_pct = sum((m.percent for m in schedule), Decimal(0))
        if total_pct != 100:
            raise ValueError(f"percentages add up to {total_pct}%, not 100%")
        price: Price | None = info.data.get("price")
        given = [m.amount for m in schedule if m.amount is not None]
        if given and price is not None:
            if len(given) != len(schedule):
                raise ValueError("give an amount for every milestone or for none")
            total = sum(given, Decimal(0))
            if total != price.amount:
                raise ValueError(f"amounts add up to {total}, not the price {price.amount}")
            for i, m in enumerate(schedule):
                expected = (price.amount * m.percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
                if m.amount is not None and abs(m.amount - expected) > CENT:
                    raise ValueError(f"milestone {i + 1}: amount {m.amount} is not {m.percent}% of the price "
                                     f"({expected})")
        return schedule

    def milestone_amounts(self) -> list[Decimal]:
        """Each milestone's amount; computed ones round to 分, the last absorbing the remainder."""
        if all(m.amount is not None for m in self.payment_schedule):
            return [m.amount for m in self.payment_schedule if m.amount is not None]
        amounts = [
            (self.price.amount * m.percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
            for m in self.payment_schedule
        ]
        amounts[-1] = self.price.amount - sum(amounts[:-1], Decimal(0))
        return amounts


class NdaRequest(_Base):
    """A request for a non-disclosure agreement with a vendor."""

    kind: Literal["nda"]
    outsourcing: OutsourcingKind | None = None
    mutual: bool = True
    purpose: LocalText
    effective_date: dt.date
    project_name: LocalText | None = None


class PledgeRequest(_Base):
    """A request for one person's confidentiality pledge (packs make many from a roster)."""

    kind: Literal["pledge"]
    outsourcing: OutsourcingKind | None = None
    project_name: LocalText
    pledgor: Pledgor
    show_full_id: bool = False


Request = Annotated[ServiceContractRequest | NdaRequest | PledgeRequest, Field(discriminator="kind")]


class _Envelope(_Strict):
    request: Request


def parse_request(data: Any, source: str = "<request>") -> ServiceContractRequest | NdaRequest | PledgeRequest:
    """Validate already-parsed data; raise ``RequestError`` listing every problem with its field."""
    try:
        return TypeAdapter(Request).validate_python(data)
    except ValidationError as e:
        problems = [Problem(source, _message(err), field=_field(err["loc"])) for err in e.errors()]
        raise RequestError(f"{source}: the request has {len(problems)} problem(s)", problems) from e


def _field(loc: tuple[Any, ...]) -> str:
    parts = [p for p in loc if p not in ("service_contract", "nda", "pledge")]
    parts = [p for p in parts if not (isinstance(p, str) and p.startswith("function-"))]
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top level)"


def _message(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return f"unknown field {err['loc'][-1]!r}: misspelt, or not for this kind of document"
    if err["type"] == "missing":
        return "required, missing"
    if err["type"] == "union_tag_invalid" or err["type"] == "union_tag_not_found":
        return "'kind' must be one of: service_contract, nda, pledge"
    msg = str(err["msg"]).removeprefix("Value error, ")
    inp = err.get("input")
    if inp is not None and not isinstance(inp, dict | list):
        msg += f" (found {inp!r})"
    return msg


def load_request(path: Path) -> ServiceContractRequest | NdaRequest | PledgeRequest:
    """Read a request from a .yaml/.yml or .json file; errors name the file, line and field."""
    if not path.is_file():
        raise RequestError(f"{path}: no such request file")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise RequestError(f"{path}: not valid JSON: {e}") from e
        return parse_request(data, str(path))
    doc, problems = read_yaml(path)
    if doc is None:
        raise RequestError(f"{path}: cannot be read", problems)
    if not isinstance(doc.data, dict):
        raise RequestError(f"{path}: a request is a mapping of fields (kind, contract_no, client, …)")
    kind = doc.data.get("kind")
    models: dict[str, type[BaseModel]] = {
        "service_contract": ServiceContractRequest, "nda": NdaRequest, "pledge": PledgeRequest,
    }
    model = models.get(kind, _Envelope) if isinstance(kind, str) else _Envelope
    if model is _Envelope:
        raise RequestError(
            f"{path}: the request has 1 problem(s)",
            [Problem(str(path), f"'kind' must be one of service_contract, nda, pledge (found {kind!r})",
                     line=doc.line(("kind",)) or 1, field="kind")],
        )
    req, problems = validate_at(model, doc.data, doc)
    if req is None:
        problems = [Problem(p.file, p.message.removeprefix("Value error, "), p.line, p.field) for p in problems]
        raise RequestError(f"{path}: the request has {len(problems)} problem(s)", problems)
    return req  # type: ignore[return-value]


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
