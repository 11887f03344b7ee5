"""The NDA pack request form: its fields, the request (kind: nda) they make, checked by the model the CLI checks it
with, and that request written as the YAML ``contracts nda-pack REQUEST --roster FILE`` takes."""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass, field
from typing import Any

from clause_library.errors import RequestError
from clause_library.models import Lang
from clause_library.safety import text_problem
from clause_library.yamlio import dump_yaml
from generator.pack import pack_folder_name
from generator.request import NdaRequest
from generator.request.reading import parse_request

from .texts import text

__all__ = ["FACTS", "FIELDS", "PARTIES", "PARTY_FIELDS", "PackForm", "defaults", "read_form", "request_name",
           "request_yaml"]

# The decisive yes/no facts of an NDA: whether both sides disclose, and the engagement's facts that switch clauses
# on. Each is answered on the form, never defaulted.
FACTS = ("mutual", "personal_information_entrusted", "system_access", "onsite_staff")
PARTIES = ("client", "vendor")
PARTY_FIELDS = ("name", "uscc", "address", "representative")
# Texts given as typed; left empty, an optional one is left out of the request and the model's default applies.
_TEXTS = ("contract_no", "project_name", "purpose", "effective_date", "confidentiality_years", "sign_place")
# Every field of the form but the roster file, in the order the request's YAML gives them.
FIELDS = ("language", "contract_no", "outsourcing", *FACTS, "project_name", "purpose", "effective_date",
          "confidentiality_years", "sign_place", *(f"{p}_{f}" for p in PARTIES for f in PARTY_FIELDS), "sheet")
_MAX_SHEET = 31  # Excel's longest worksheet name


@dataclass
class PackForm:
    """A filled form: ``data`` the request it makes (as the YAML will hold it), ``request`` that request validated
    (``None`` when it has problems), ``problems`` what to fix beside each form field, ``general`` what belongs to
    no one field, and ``sheet`` the worksheet of an .xlsx roster to read (``None``: the active one)."""

    values: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    request: NdaRequest | None = None
    problems: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    sheet: str | None = None

    def problem(self, name: str, message: str) -> None:
        found = self.problems.setdefault(name, [])
        if message not in found:
            found.append(message)

    @property
    def ok(self) -> bool:
        return self.request is not None and not self.problems and not self.general


def defaults(today: dt.date) -> dict[str, str]:
    """What a new form shows: Chinese, effective today, the model's default confidentiality years; the yes/no
    facts unanswered (each must be answered)."""
    years = NdaRequest.model_fields["confidentiality_years"].default
    return {"language": "zh", "outsourcing": "", "effective_date": today.isoformat(),
            "confidentiality_years": str(years)}


def read_form(fields: dict[str, str], lang: Lang) -> PackForm:
    """The request the form's ``fields`` make, checked by ``NdaRequest`` as the CLI checks a request file (every
    problem at once, said as the CLI says them); a yes/no fact left unanswered is a problem of its field (said in
    ``lang``)."""
    values = {k: fields.get(k, "").strip() for k in FIELDS}
    form = PackForm(values)
    data: dict[str, Any] = {"kind": "nda", "language": values["language"] or "zh"}
    for name in ("contract_no", "outsourcing"):
        if values[name]:
            data[name] = values[name]
    answers = {}
    for fact in FACTS:
        if values[fact] in ("yes", "no"):
            answers[fact] = values[fact] == "yes"
        else:
            form.problem(fact, text("answer_yes_no", lang))
    if "mutual" in answers:
        data["mutual"] = answers["mutual"]
    data.update({k: values[k] for k in _TEXTS if values[k] and k not in data})
    for party in PARTIES:
        data[party] = {f: values[f"{party}_{f}"] for f in PARTY_FIELDS if values[f"{party}_{f}"]}
    data["conditions"] = [fact for fact in FACTS[1:] if answers.get(fact)]
    form.sheet = _sheet(form, values["sheet"], lang)
    form.data = data
    _validate(form)
    return form


def _sheet(form: PackForm, name: str, lang: Lang) -> str | None:
    if not name:
        return None
    problem = text_problem(name)
    if problem or len(name) > _MAX_SHEET:
        form.problem("sheet", problem or text("sheet_too_long", lang, n=_MAX_SHEET))
        return None
    return name


def _validate(form: PackForm) -> None:
    try:
        request = parse_request(form.data, "the form")
    except RequestError as e:
        for p in e.problems:
            name = _form_field(p.field or "")
            if name is None:
                form.general.append(f"{p.field}: {p.message}")
            else:
                form.problem(name, p.message)
        return
    if isinstance(request, NdaRequest):
        form.request = request
        # as the CLI's YAML gives them: a date and a number, not the texts typed
        for name in ("effective_date", "confidentiality_years"):
            if name in form.data:
                form.data[name] = getattr(request, name)


def _form_field(path: str) -> str | None:
    """The form field a problem's field path (``client.uscc``, ``vendor.name.zh``, ``effective_date``) is about."""
    head, _, rest = path.partition(".")
    if head in PARTIES:
        part = rest.partition(".")[0]
        return f"{head}_{part}" if part in PARTY_FIELDS else f"{head}_name"
    head = head.partition("[")[0]
    if head == "conditions":
        return FACTS[1]
    return head if head in FIELDS else None


def request_name(request: NdaRequest) -> str:
    """The request file's name: ``NDA-2026-0042-request.yaml`` (a ``/`` in the number becoming ``_``)."""
    return pack_folder_name(request.contract_no).removesuffix("-pack") + "-request.yaml"


def request_yaml(form: PackForm, roster_name: str, roster_sha256: str) -> str:
    """The request as the YAML the CLI takes, with a comment saying how it is reproduced."""
    if form.request is None:
        raise ValueError("a request with problems is not written")
    command = ["contracts", "nda-pack", request_name(form.request), "--roster", roster_name]
    if form.sheet:
        command += ["--sheet", form.sheet]
    head = ("# An NDA pack request made on the portal. To make the same pack (the same pledges):\n"
            f"#   {shlex.join(command)} --out output\n"
            f"# with the roster uploaded with it (sha256 {roster_sha256}).\n")
    return head + dump_yaml(form.data)
