"""The requests for documents made for a main contract alone: security and integrity agreements, powers of attorney."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from clause_library.models import OutsourcingKind, Strict
from clause_library.safety import Text

from .base import RequestBase
from .fields import Date, Items, LocalText, ResidentId
from .main_contract import MainContract

__all__ = [
    "Agent",
    "FamilyDocument",
    "IntegrityAgreementRequest",
    "PowerOfAttorneyRequest",
    "SecurityAgreementRequest",
]


class FamilyDocument(RequestBase):
    """A document made for a main service contract (a contract family): it names the contract, whose manifest
    gives its parties, project, term and engagement facts (``generator.family``)."""

    main_contract: MainContract
    effective_date: Date | None = Field(default=None, description="when it takes effect (default: the main "
                                                                  "contract's start, or for a change the day "
                                                                  "it is signed)")
    project_name: LocalText | None = None
    outsourcing: OutsourcingKind | None = None

    @model_validator(mode="after")
    def _in_term(self) -> FamilyDocument:
        term = self.main_contract.term
        if self.effective_date is not None and not term.start <= self.effective_date <= term.end:
            raise ValueError(f"effective_date {self.effective_date} is outside the main contract "
                             f"{self.main_contract.contract_no}'s term ({term.start} to {term.end}): correct it")
        return self


class SecurityAgreementRequest(FamilyDocument):
    """A request for an information-security agreement (信息安全保密协议, policy ch. 7) with the vendor."""

    kind: Literal["security_agreement"]
    systems: Items[LocalText] = Field(min_length=1, description="the client's systems the vendor works in or "
                                                                "on, e.g. 客户服务系统")
    data_scope: Items[LocalText] = Field(min_length=1, description="the kinds of the client's data the vendor "
                                                                   "handles, e.g. 客户联系信息")
    protection_level: int | None = Field(default=None, ge=1, le=5, description=(
        "the 等级保护 level of the systems (1-5), when they are graded; leave it out when they are not"))


class IntegrityAgreementRequest(FamilyDocument):
    """A request for an integrity agreement (廉洁协议) with the vendor."""

    kind: Literal["integrity_agreement"]


class Agent(Strict):
    """The person a power of attorney authorises to sign (受托人)."""

    name: LocalText
    id_number: ResidentId
    position: LocalText
    phone: Text = Field(default="", max_length=64)


class PowerOfAttorneyRequest(FamilyDocument):
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
