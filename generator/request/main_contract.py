"""The main contract a family document is made for, as the manifest of its draft records it."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from clause_library.models import Condition, Lang, OutsourcingKind, Strict
from clause_library.safety import Text

from .fields import Items, LocalText, Money, Party
from .payment import Milestone, Price
from .service import PersonalInformation, ServiceLevel, Term

__all__ = ["MainContract"]


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
