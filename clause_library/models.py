"""Pydantic models of clauses, variables, variants, categories and playbooks: the library's shape."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "SCHEDULES",
    "Applicability",
    "Category",
    "Clause",
    "Condition",
    "DocumentKind",
    "Lang",
    "OutsourcingKind",
    "Patterns",
    "Placement",
    "Playbook",
    "Requirement",
    "Role",
    "Severity",
    "Status",
    "Strict",
    "Text",
    "VarType",
    "Variable",
    "Variant",
]


class DocumentKind(StrEnum):
    """What kind of document is drafted or reviewed."""

    service_contract = "service_contract"
    nda = "nda"
    pledge = "pledge"
    # the rest of an outsourcing relationship's paper, each made for a main service contract (its family)
    security_agreement = "security_agreement"  # 信息安全保密协议 (policy ch. 7)
    integrity_agreement = "integrity_agreement"  # 廉洁协议
    power_of_attorney = "power_of_attorney"  # 授权委托书 for a signatory who is not the legal representative
    change_agreement = "change_agreement"  # 变更协议 (policy ch. 4(二)3)
    termination_agreement = "termination_agreement"  # 终止协议 with 清算确认书 and 交接清单 (policy ch. 4(三))


class OutsourcingKind(StrEnum):
    """The policy's three kinds of outsourcing (信息技术外包 / 业务流程外包 / 人力资源外包)."""

    it = "it"
    bpo = "bpo"
    hr = "hr"


class Condition(StrEnum):
    """Facts about an engagement that switch clauses or clause parts on."""

    personal_information_entrusted = "personal_information_entrusted"  # PIPL art. 21 委托处理
    onsite_staff = "onsite_staff"  # vendor staff work on the client's premises
    system_access = "system_access"  # vendor staff access the client's systems or data
    source_code_delivered = "source_code_delivered"  # software or source code is a deliverable
    subcontracting_permitted = "subcontracting_permitted"  # client agrees to named subcontractors
    sme_vendor = "sme_vendor"  # the vendor is an SME (保障中小企业款项支付条例): payment within 60 days
    pass_through_funds = "pass_through_funds"  # wages, social insurance etc. pass through the vendor
    mutual = "mutual"  # NDA: both sides disclose (set from the request)
    main_contract = "main_contract"  # NDA/pledge: made for a service contract it names (set from the request)
    bilingual = "bilingual"  # the document is in Chinese and English (set by the generator)
    staff_list = "staff_list"  # NDA: drafted in a pack, whose 外包人员清单 is its annex (set by the generator)


# The schedules (附件) the generator drafts for a service contract, in their order: 附件一, 附件二, 附件三, and
# 附件四 《委托处理个人信息清单》 where personal information is entrusted (PIPL art. 21).
# A clause refers to one with {{ ref('schedule.payment') }} ("附件一《付款计划》" / "Schedule 1 (Payment
# Schedule)"); its name is the label ``schedule_<name>`` of labels.yaml.
SCHEDULES = ("schedule.payment", "schedule.service_levels", "schedule.scorecard", "schedule.personal_information",
             # a change agreement's payment schedule as changed; a termination's settlement and handover list
             "schedule.revised_payment", "schedule.revised_service_levels", "schedule.revised_personal_information",
             "schedule.settlement", "schedule.handover")


class Role(StrEnum):
    """Who owns a category in review and sign-off."""

    legal = "legal"
    finance = "finance"
    business = "business"


class Severity(StrEnum):
    """How serious a finding or a missing category is."""

    blocker = "blocker"
    warning = "warning"
    info = "info"


class Status(StrEnum):
    """A clause's life: only approved clauses are drafted without an explicit flag."""

    draft = "draft"
    approved = "approved"
    retired = "retired"


class Placement(StrEnum):
    """Where a clause goes: before the numbered articles, as an article, or after them."""

    preamble = "preamble"
    article = "article"
    closing = "closing"


class VarType(StrEnum):
    """The type of a value a clause body uses."""

    text = "text"
    integer = "integer"
    decimal = "decimal"
    percent = "percent"
    money = "money"
    date = "date"
    party = "party"
    boolean = "boolean"
    list = "list"
    person = "person"
    # the changes a change agreement makes, as the generator gives them: each with .ref (the article or
    # paragraph of the main contract as cited), .old (its text as drafted) and .new (its new text)
    changes = "changes"


class Lang(StrEnum):
    """Languages clauses are written in."""

    zh = "zh"
    en = "en"


_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


class Strict(BaseModel):
    """The base of every model read from YAML or a request: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Chinese (zh-CN) and English; bodies are Jinja templates."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: Lang | str) -> str:
        return self.zh if Lang(lang) is Lang.zh else self.en


class Variable(Strict):
    """A typed value a clause body uses; ``default`` ``None`` means the request must give it."""

    type: VarType
    label: Text
    default: str | int | float | bool | None = None
    min: float | None = None
    max: float | None = None


class Variant(Strict):
    """An alternative position for a clause (e.g. a strict or a vendor-friendly liability cap)."""

    id: str
    label: Text
    title: Text | None = None
    body: Text

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("a variant id is lower_snake_case, e.g. 'standard'")
        return v


class Applicability(Strict):
    """Where a clause applies. Empty ``outsourcing`` means every kind."""

    kinds: list[DocumentKind] = Field(min_length=1)
    outsourcing: list[OutsourcingKind] = []
    conditions: list[Condition] = []
    unless: list[Condition] = []

    def matches(
        self, kind: DocumentKind, outsourcing: OutsourcingKind | None, conditions: set[Condition]
    ) -> bool:
        if kind not in self.kinds:
            return False
        if self.outsourcing and outsourcing not in self.outsourcing:
            return False
        if not set(self.conditions) <= conditions:
            return False
        return not (set(self.unless) & conditions)

    @property
    def specificity(self) -> int:
        return (1 if self.outsourcing else 0) + len(self.conditions) + len(self.unless)


class Patterns(Strict):
    """Regular expressions (case-insensitive) that recognise a topic in someone else's contract.

    ``headings`` are matched against a clause's heading, ``body`` against its text.
    """

    zh: list[str] = []
    en: list[str] = []


class Clause(Strict):
    """One approved (or draft, or retired) clause of the library.

    A clause has either one ``body`` or several ``variants``; ``default_variant`` names the one
    used when a request does not choose.
    """

    id: str
    category: str
    version: str
    status: Status
    effective: dt.date
    placement: Placement = Placement.article
    applies: Applicability
    title: Text
    variables: dict[str, Variable] = {}
    body: Text | None = None
    variants: list[Variant] = []
    default_variant: str | None = None
    replaces: list[str] = []
    patterns: Patterns = Patterns()
    note: str = ""

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("a clause id is dotted lower_snake_case, e.g. 'svc.confidentiality'")
        return v

    @field_validator("version")
    @classmethod
    def _check_version(cls, v: str) -> str:
        if not re.match(r"^\d+\.\d+(\.\d+)?$", v):
            raise ValueError("a version is MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. '1.0'")
        return v

    @model_validator(mode="after")
    def _check_body_or_variants(self) -> Clause:
        if (self.body is None) == (not self.variants):
            raise ValueError("give either 'body' or 'variants' (at least one), not both")
        if self.variants:
            ids = [v.id for v in self.variants]
            if len(set(ids)) != len(ids):
                raise ValueError(f"variant ids repeat: {ids}")
            if self.default_variant is None:
                raise ValueError("a clause with variants names its 'default_variant'")
            if self.default_variant not in ids:
                raise ValueError(f"default_variant {self.default_variant!r} is not one of {ids}")
        elif self.default_variant is not None:
            raise ValueError("'default_variant' is only for a clause with variants")
        return self

    def variant_ids(self) -> list[str]:
        return [v.id for v in self.variants]

    def texts(self) -> list[tuple[str | None, Text]]:
        """Every body this clause can render: ``(variant id or None, text)``."""
        if self.body is not None:
            return [(None, self.body)]
        return [(v.id, v.body) for v in self.variants]

    def pick(self, variant: str | None) -> tuple[str | None, Text, Text]:
        """The variant id, title and body for ``variant`` (``None``: the default)."""
        if self.body is not None:
            if variant is not None:
                raise KeyError(variant)
            return None, self.title, self.body
        chosen = variant or self.default_variant
        for v in self.variants:
            if v.id == chosen:
                return v.id, v.title or self.title, v.body
        raise KeyError(chosen)


class Category(Strict):
    """A clause category: the shared vocabulary of the library, the playbooks and the reviewer.

    How the reviewer recognises it: a ``headings`` pattern matching a clause heading, or one
    ``body`` pattern (a cue strong enough alone) matching its text, or two different ``weak``
    patterns (cues too common alone) matching the same clause text. A clause whose text matches
    an ``exclude`` pattern gets no body evidence for the category (headings still count).
    """

    id: str
    zh: str
    en: str
    kinds: list[DocumentKind] = Field(min_length=1)
    headings: Patterns = Patterns()
    body: Patterns = Patterns()
    weak: Patterns = Patterns()
    exclude: Patterns = Patterns()
    note: str = ""


class Requirement(Strict):
    """One category a playbook asks for, who owns it and how severe its absence is."""

    category: str
    owner: Role
    severity: Severity = Severity.blocker
    when: list[Condition] = []
    # The category counts as present only where an article of its own states it (see review.check_missing): in a
    # document whose articles all speak of one matter (a termination agreement speaks of handover in its
    # recital and of survival in its termination article), a mention elsewhere is not the clause.
    own_article: bool = False


class Playbook(Strict):
    """For one document kind and (for service contracts) outsourcing kind: what must be there.

    ``mandatory`` categories missing are findings of their own severity; ``recommended`` ones are
    warnings at most. The order of ``mandatory`` + ``recommended`` is not the document order:
    that is ``order``.
    """

    kind: DocumentKind
    outsourcing: OutsourcingKind | None = None
    mandatory: list[Requirement]
    recommended: list[Requirement] = []
    order: list[str] = Field(min_length=1)
