"""Drafting on the portal: the kinds of document a questionnaire is offered for, the answers checked as the CLI
checks a request file, the clause list the generator assembles before anything is drafted, and the draft itself as
a job: the CLI's ``generator.draft.draft`` on the request's YAML, its files kept in the file store."""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from clause_library.errors import ContractsError, Problem, RequestError
from clause_library.loader import default_library
from clause_library.models import Lang, OutsourcingKind, VarType
from clause_library.yamlio import dump_yaml, read_yaml
from generator.assemble import assemble
from generator.assembled import Assembled
from generator.demo import EXAMPLES_DIR
from generator.draft import draft
from generator.pdf import soffice_path
from generator.request import AnyRequest, load_request
from generator.request.reading import FAMILY_KINDS, MODELS, parse_request

from .answers import Answers, Built, answers_from, build, place, rows_in_data, rows_in_form
from .filestore import path_of, store_file
from .jobs import Progress, work
from .questionnaire import Question, questions
from .texts import text

__all__ = ["REQUEST_FILE", "Checked", "DraftKind", "check_answers", "draft_kind", "draft_kinds", "make_draft",
           "request_answers", "request_file_name", "start_answers", "stored_request", "value_names", "variant_names"]

REQUEST_FILE = "request.yaml"  # what problems name the request as, and its name in the job's folder
# What each file a draft makes is, for the job's page (its words: file_<role>).
_ROLES = {".docx": "draft_docx", ".pdf": "draft_pdf", ".json": "draft_manifest"}


@dataclass(frozen=True)
class DraftKind:
    """A kind of document the portal drafts: ``slug`` names it in URLs; ``example`` is the shipped example
    request it may start from (a file of ``generator/data/examples``, ``None``: none)."""

    slug: str
    kind: str
    outsourcing: OutsourcingKind | None
    title: dict[Lang, str]
    example: str | None


@functools.cache
def draft_kinds() -> tuple[DraftKind, ...]:
    """The kinds the CLI drafts from a request alone, from its table of request models (a document made for a
    main contract is drafted beside that contract's folder, which the portal does not keep): a service contract
    for each kind of outsourcing, an NDA, a pledge."""
    labels = default_library().labels
    found = []
    for kind in MODELS:
        if kind in FAMILY_KINDS:
            continue
        kinds = list(OutsourcingKind) if kind == "service_contract" else [None]
        for outsourcing in kinds:
            slug = f"{kind}-{outsourcing.value}" if outsourcing else kind
            title = labels[f"title_{slug.replace('-', '_')}"]
            found.append(DraftKind(slug, kind, outsourcing, {lang: title.get(lang) for lang in Lang},
                                   _example(kind, outsourcing)))
    return tuple(found)


def draft_kind(slug: str) -> DraftKind | None:
    return next((k for k in draft_kinds() if k.slug == slug), None)


def _example(kind: str, outsourcing: OutsourcingKind | None) -> str | None:
    """The first shipped example of this kind that stands alone (names no main contract)."""
    for path in sorted(EXAMPLES_DIR.glob("*.yaml")):
        doc, _ = read_yaml(path)
        data = doc.data if doc is not None else None
        if (isinstance(data, dict) and data.get("kind") == kind and "main_contract" not in data
                and (outsourcing is None or data.get("outsourcing") == outsourcing.value)):
            return path.name
    return None


def _questions_for(kind: DraftKind, data: Any) -> list[Question]:
    return questions(MODELS[kind.kind], rows_in_data(data))


def start_answers(kind: DraftKind, *, example: bool) -> Answers:
    """A new questionnaire's answers: the model's defaults, or the shipped example's values."""
    data: Any = {"outsourcing": kind.outsourcing.value} if kind.outsourcing else {}
    if example and kind.example:
        doc, _ = read_yaml(EXAMPLES_DIR / kind.example)
        data = doc.data if doc is not None else data
    return answers_from(_questions_for(kind, data), data)


def request_answers(kind: DraftKind, sha256: str) -> Answers | None:
    """The answers of a request kept in the file store (``None``: no such request of this kind)."""
    try:
        doc, _ = read_yaml(path_of(sha256))
    except ValueError:
        return None
    if doc is None or not isinstance(doc.data, dict) or doc.data.get("kind") != kind.kind:
        return None
    return answers_from(_questions_for(kind, doc.data), doc.data)


def stored_request(sha256: str) -> AnyRequest:
    """The request a preview kept as ``sha256``, read as ``contracts draft`` reads it. ValueError for bytes that are
    no request a questionnaire makes: not kept, or of a kind drafted beside a main contract, or naming one (a path
    on this server, which the reader would open); ContractsError for one the reader refuses."""
    path = path_of(sha256)
    doc, _ = read_yaml(path)
    data = doc.data if doc is not None else None
    if (not isinstance(data, dict) or "main_contract" in data
            or data.get("kind") not in {k.kind for k in draft_kinds()}):
        raise ValueError(f"{sha256}: not a request the questionnaire makes")
    return load_request(path)


@dataclass
class Checked:
    """Answers checked: the questions to show again, the problems beside each and those of the request as a whole;
    when there are none, the request (as its YAML, read back as the CLI reads it) and its assembled clauses."""

    questions: list[Question]
    answers: Answers
    beside: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    yaml: str = ""
    request: AnyRequest | None = None
    assembled: Assembled | None = None

    @property
    def ok(self) -> bool:
        return self.assembled is not None and not self.beside and not self.general


def check_answers(kind: DraftKind, answers: Answers, lang: Lang) -> Checked:
    """Check ``answers`` as ``contracts draft`` checks a request file: the request their YAML gives, validated by
    its model (every problem at once, said as the CLI says it), then assembled by the generator (a clause value
    missing, a variant unknown). A clause value asked for gets a row of its own to be given in."""
    model = MODELS[kind.kind]
    built = build(questions(model, rows_in_form(answers)), answers, _typed, text("draft_twice", lang))
    yaml_text = request_yaml({"kind": kind.kind, **built.data})
    doc, read_problems = read_yaml(Path(REQUEST_FILE), text=yaml_text)
    problems: list[Problem] = list(read_problems)
    request = assembled = None
    if doc is not None:
        try:
            request = parse_request(doc.data, REQUEST_FILE)
            assembled = assemble(default_library(), request, REQUEST_FILE)
        except RequestError as e:
            problems += e.problems
        except ContractsError as e:
            problems.append(Problem(REQUEST_FILE, str(e)))
    _offer_values(problems, answers, built)
    found = questions(model, rows_in_form(answers))
    beside, general = place([(p.field or "", p.message) for p in problems], found, built)
    return Checked(found, answers, beside, general, yaml_text, request, assembled if not problems else None)


def _offer_values(problems: list[Problem], answers: Answers, built: Built) -> None:
    """A row under 'values' for each clause value the assembly asks for, its name filled in."""
    keys = built.keys.setdefault("values", {})
    for p in problems:
        name = (p.field or "").removeprefix("values.")
        if p.field and p.field.startswith("values.") and name not in keys:
            rows = rows_in_form(answers)("values")  # as the form shows them: 1 to MAX_ITEMS, whatever was sent
            i = next((i for i in range(rows) if not answers.one(f"values[{i}].key")), rows)
            answers.values[f"values[{i}].key"] = [name]
            answers.values["rows:values"] = [str(max(rows, i + 1))]
            keys[name] = i


@functools.cache
def _variable_types() -> dict[str, VarType]:
    """Each clause variable's declared type, by its name (the first clause declaring it)."""
    found: dict[str, VarType] = {}
    for clause in default_library().clauses.values():
        for name, var in clause.variables.items():
            found.setdefault(name, var.type)
    return found


def _typed(name: str, raw: str) -> Any:
    """A clause value as its variable's type reads it; what does not read so stays text (the assembly says why)."""
    vtype = _variable_types().get(name, VarType.text)
    try:
        if vtype is VarType.integer:
            return int(raw)
        if vtype in (VarType.decimal, VarType.percent, VarType.money):
            number = Decimal(raw.rstrip("%").replace(",", ""))
            return number if number.is_finite() else raw
        if vtype is VarType.date:
            return dt.date.fromisoformat(raw)
    except (ValueError, InvalidOperation):
        return raw
    if vtype is VarType.boolean:
        return {"yes": True, "true": True, "是": True, "no": False, "false": False, "否": False}.get(raw.lower(), raw)
    if vtype is VarType.list:
        return [item.strip() for item in raw.replace("；", ";").split(";") if item.strip()]
    return raw


def value_names() -> list[tuple[str, dict[Lang, str]]]:
    """The clause variables a request may give under 'values', with their labels: for the form's suggestions."""
    found: dict[str, dict[Lang, str]] = {}
    for clause in default_library().clauses.values():
        for name, var in clause.variables.items():
            if var.type not in (VarType.party, VarType.person, VarType.changes):
                found.setdefault(name, {lang: var.label.get(lang) for lang in Lang})
    return sorted(found.items())


def variant_names() -> tuple[list[str], list[str]]:
    """The clause categories that have variants, and the variants' ids: for the form's suggestions."""
    clauses = [c for c in default_library().clauses.values() if c.variants]
    return sorted({c.category for c in clauses}), sorted({v for c in clauses for v in c.variant_ids()})


def _plain(value: Any) -> Any:
    """Request data as YAML writes it: an amount as a number where it reads back exactly, else as text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= 0:  # typed without a decimal point: a whole number
            return int(value)
        number = float(value)
        return number if Decimal(repr(number)) == value else f"{value:f}"
    return value


def request_file_name(request: AnyRequest) -> str:
    """The request file's name: ``IT-2026-0001-request.yaml`` (a ``/`` in the number becoming ``_``)."""
    return request.contract_no.replace("/", "_") + "-request.yaml"


def request_yaml(data: dict[str, Any]) -> str:
    """The request as the YAML ``contracts draft`` takes, with a comment saying how it is drafted again."""
    head = ("# A request made on the portal's questionnaire. To draft the same document:\n"
            "#   contracts draft THIS-FILE.yaml --out output\n")
    return head + dump_yaml(_plain(data))


def _named(message: str, names: dict[str, str]) -> str:
    for path in sorted(names, key=len, reverse=True):
        message = message.replace(path, names[path])
    return message


@work("draft")
def make_draft(payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Draft the stored request with the CLI's ``draft`` in a temporary folder (and its PDF when asked and
    LibreOffice is there), keep the files in the file store and return their names and SHA-256s (``files``), the
    request's among them; nothing is kept of a draft that fails."""
    base = payload["contract_no"].replace("/", "_")
    with tempfile.TemporaryDirectory(prefix="draft-") as tmp:
        folder = Path(tmp)
        request = folder / REQUEST_FILE
        shutil.copyfile(path_of(payload["request_sha256"]), request)
        progress("drafting", 0, 2)
        try:
            made = draft(request, folder / "out", pdf=bool(payload.get("pdf")) and soffice_path() is not None)
        except ContractsError as e:
            raise ContractsError(_named(str(e), {str(request): payload["request_name"], tmp + os.sep: ""})) from e
        progress("store", 1, 2)
        files = [{"name": f"{base}-{f.name}", "sha256": store_file(f), "role": _ROLES.get(f.suffix, "")}
                 for f in made.files]
    files.append({"name": payload["request_name"], "sha256": payload["request_sha256"], "role": "draft_request"})
    progress("store", 2, 2)
    return {"contract_no": payload["contract_no"], "files": files, "clauses": len(made.assembled.articles),
            "notes": [f"default applied: {name}: {value}" for name, value in made.assembled.defaults]}
