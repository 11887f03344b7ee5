"""Drafting requests: strict pydantic models read from YAML or JSON, every error reported at once.

One module per subject: the value types (``fields``), what every request has (``base``), money
(``payment``), the service contract (``service``), the main contract as drafted (``main_contract``),
NDAs and pledges (``nda``), the family's other documents (``family_documents``, ``change``,
``termination``) and reading a request from a file (``reading``). Import from here.
"""

from __future__ import annotations

from .base import MAX_VALUE, RequestBase
from .change import ArticleChange, ChangeAgreementRequest
from .family_documents import (
    Agent,
    FamilyDocument,
    IntegrityAgreementRequest,
    PowerOfAttorneyRequest,
    SecurityAgreementRequest,
)
from .fields import CENT, MAX_AMOUNT, MAX_ITEMS, Date, Items, Language, LocalText, Money, Party, Percent, ResidentId
from .main_contract import MainContract
from .nda import NdaRequest, PledgeRequest, Pledgor
from .payment import (
    SME_MAX_PAYMENT_DAYS,
    Milestone,
    PaymentCondition,
    Price,
    instalments_problem,
    schedule_percents,
    shares,
)
from .reading import FAMILY_KINDS, KINDS, AnyRequest, Request, load_request, parse_request, request_hash
from .service import (
    DECISIVE_FACTS,
    PersonalDataType,
    PersonalInformation,
    ServiceContractRequest,
    ServiceLevel,
    SeverityLevel,
    Term,
    WagePayout,
    service_level_problem,
)
from .termination import (
    Amount,
    Handover,
    HandoverCategory,
    HandoverItem,
    Settlement,
    TerminationAgreementRequest,
    TerminationGround,
    TerminationKind,
)

__all__ = [
    "CENT",
    "DECISIVE_FACTS",
    "FAMILY_KINDS",
    "KINDS",
    "MAX_AMOUNT",
    "MAX_ITEMS",
    "MAX_VALUE",
    "SME_MAX_PAYMENT_DAYS",
    "Agent",
    "Amount",
    "AnyRequest",
    "ArticleChange",
    "ChangeAgreementRequest",
    "Date",
    "FamilyDocument",
    "Handover",
    "HandoverCategory",
    "HandoverItem",
    "IntegrityAgreementRequest",
    "Items",
    "Language",
    "LocalText",
    "MainContract",
    "Milestone",
    "Money",
    "NdaRequest",
    "Party",
    "PaymentCondition",
    "Percent",
    "PersonalDataType",
    "PersonalInformation",
    "PledgeRequest",
    "Pledgor",
    "PowerOfAttorneyRequest",
    "Price",
    "Request",
    "RequestBase",
    "ResidentId",
    "SecurityAgreementRequest",
    "ServiceContractRequest",
    "ServiceLevel",
    "Settlement",
    "SeverityLevel",
    "Term",
    "TerminationAgreementRequest",
    "TerminationGround",
    "TerminationKind",
    "WagePayout",
    "instalments_problem",
    "load_request",
    "parse_request",
    "request_hash",
    "schedule_percents",
    "service_level_problem",
    "shares",
]
