"""The NDA request and the personal pledge request (packs make many pledges from a roster)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from clause_library.models import OutsourcingKind, Strict
from clause_library.safety import Text

from .base import RequestBase
from .fields import Date, LocalText, ResidentId
from .main_contract import MainContract

__all__ = ["NdaRequest", "PledgeRequest", "Pledgor"]


class Pledgor(Strict):
    """The person who signs a personal confidentiality pledge."""

    name: LocalText
    id_number: ResidentId
    role: LocalText
    start_date: Date


class NdaRequest(RequestBase):
    """A request for a non-disclosure agreement with a vendor."""

    kind: Literal["nda"]
    outsourcing: OutsourcingKind | None = None
    mutual: bool = True
    purpose: LocalText
    effective_date: Date
    project_name: LocalText | None = None
    main_contract: MainContract | None = None


class PledgeRequest(RequestBase):
    """A request for one person's confidentiality pledge (packs make many from a roster)."""

    kind: Literal["pledge"]
    outsourcing: OutsourcingKind | None = None
    project_name: LocalText
    pledgor: Pledgor
    show_full_id: bool = False
    main_contract: MainContract | None = None
    nda_no: Text | None = Field(default=None, min_length=1, max_length=64,
                                description="the number of the NDA the pledge goes with")
