"""Reading a request: from a YAML or JSON file or parsed data into its model, every error reported at once."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, get_args

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from clause_library.errors import Problem, RequestError
from clause_library.identifiers import mask_resident_id
from clause_library.jsonio import read_json
from clause_library.models import Strict
from clause_library.yamlio import explain, format_loc, read_yaml, validate_at

from .change import ChangeAgreementRequest
from .family_documents import (
    FamilyDocument,
    IntegrityAgreementRequest,
    PowerOfAttorneyRequest,
    SecurityAgreementRequest,
)
from .nda import NdaRequest, PledgeRequest
from .service import DECISIVE_FACTS, ServiceContractRequest
from .termination import TerminationAgreementRequest

__all__ = ["FAMILY_KINDS", "KINDS", "MODELS", "AnyRequest", "Request", "load_request", "parse_request", "request_hash"]

AnyRequest = (ServiceContractRequest | NdaRequest | PledgeRequest | SecurityAgreementRequest
              | IntegrityAgreementRequest | PowerOfAttorneyRequest | ChangeAgreementRequest
              | TerminationAgreementRequest)
# A request of any kind, told apart by its 'kind'.
Request = Annotated[AnyRequest, Field(discriminator="kind")]
# Each kind's request model, by the value of its 'kind' field: the one table of kinds.
MODELS: dict[str, type[BaseModel]] = {get_args(m.model_fields["kind"].annotation)[0]: m for m in get_args(AnyRequest)}
KINDS = tuple(MODELS)
# The documents made for a main contract only (never alone): their requests name main_contract.
FAMILY_KINDS = tuple(k for k, m in MODELS.items() if issubclass(m, FamilyDocument))


class _Envelope(Strict):
    request: Request


def parse_request(data: Any, source: str = "<request>") -> AnyRequest:
    """Validate already-parsed data; raise ``RequestError`` listing every problem with its field."""
    try:
        return TypeAdapter(Request).validate_python(data)
    except ValidationError as e:
        problems = [Problem(source, explain(err, unknown=_UNKNOWN, missing=_missing), field=_field(err["loc"]))
                    for err in e.errors()]
        raise RequestError(f"{source}: the request has {len(problems)} problem(s)", problems) from e


def _field(loc: tuple[Any, ...]) -> str:
    return format_loc([p for p in loc if p not in KINDS]) or "(top level)"


_UNKNOWN = "not for this kind of document"


def _missing(loc: tuple[Any, ...]) -> str | None:
    """More of a missing field: for a decisive fact, what its answer decides."""
    if loc and loc[-1] in DECISIVE_FACTS:
        return f"required, missing: {DECISIVE_FACTS[loc[-1]]}"
    return None


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
    model = MODELS.get(kind, _Envelope) if isinstance(kind, str) else _Envelope
    if model is _Envelope:
        raise RequestError(
            f"{path}: the request has 1 problem(s)",
            [Problem(str(path), f"'kind' must be one of {', '.join(KINDS)} (found {kind!r})",
                     line=doc.line(("kind",)) or 1, field="kind")],
        )
    _complete_family(doc.data, path, out_dir, doc.line)
    req, problems = validate_at(model, doc.data, doc, unknown=_UNKNOWN, missing=_missing)
    if req is None:
        raise RequestError(f"{path}: the request has {len(problems)} problem(s)", problems)
    return req  # type: ignore[return-value]


def _complete_family(data: Any, path: Path, out_dir: Path | None, line: Callable[[Any], int | None]) -> None:
    """Complete an NDA or pledge naming ``main_contract`` from the contract's manifest (in place)."""
    if isinstance(data, dict) and ((data.get("kind") in ("nda", "pledge") and "main_contract" in data)
                                   or data.get("kind") in FAMILY_KINDS):
        from ..family import complete_from_main_contract  # family reads requests' models: imported late

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
