"""Contract families: an NDA or a pledge names its main service contract and agrees with it.

Any service contract can head a family, whatever its outsourcing kind (IT, BPO, HR): its manifest
records what the family takes from it (``contract_facts``): number, title, kind, parties, project,
term, the engagement facts (on-site staff, personal information, system access), the service
location, confidentiality years, the one liquidated-damages figure for a breach of confidentiality
and the periods an NDA repeats (``SHARED_VALUES``: incident notice and report, notices, non-solicitation).
A request naming ``main_contract:`` is completed from it and refused when it says otherwise
(``complete_from_main_contract``), naming the field and both values.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from clause_library.errors import ContractsError, Problem, RequestError
from clause_library.identifiers import mask_resident_id
from clause_library.jsonio import read_json
from clause_library.loader import Library
from clause_library.models import Condition, Lang, VarType
from clause_library.safety import shown

from .output import output_folder
from .request import (
    FAMILY_KINDS,
    ChangeAgreementRequest,
    FamilyDocument,
    LocalText,
    MainContract,
    NdaRequest,
    PledgeRequest,
    ServiceContractRequest,
)
from .roster import Person, Roster
from .values import coerce

__all__ = [
    "ENGAGEMENT_CONDITIONS",
    "SHARED_VALUES",
    "already_pledged",
    "check_roster_dates",
    "complete_from_main_contract",
    "contract_facts",
    "family_manifest",
    "family_pledges",
    "next_pledge_number",
    "pledge_conflicts",
    "pledge_family",
    "pledge_number",
]

MANIFEST = "manifest.json"
# The facts of an engagement an NDA and its pledges share with the main contract.
ENGAGEMENT_CONDITIONS = (Condition.onsite_staff, Condition.personal_information_entrusted, Condition.system_access)
# The clause variables that may fix the liquidated damages per breach of confidentiality, looked for in the
# contract's confidentiality article first, then in its liquidated-damages article.
_DAMAGES_VARIABLES = ("confidentiality_ld_per_breach", "ld_confidentiality_per_breach")
_DAMAGES_ARTICLES = ("confidentiality", "liquidated_damages")
# The periods an NDA or pledge states for a duty the main contract also fixes: the NDA's or pledge's variable
# -> the contract's. One number for each period across the family: the contract's value is the family's,
# and a request giving another is refused. (A name no drafted clause of the family uses changes nothing.)
SHARED_VALUES = {
    "incident_notice_hours": "incident_notice_hours",
    "incident_report_hours": "incident_report_hours",
    "notices_courier_days": "notices_courier_days",
    "nda_non_solicit_months": "non_solicitation_months",
    "post_termination_handover_days": "post_termination_handover_days",
    "post_termination_transition_days": "post_termination_transition_days",
    # an integrity agreement repeats the main contract's integrity regime: one mailbox, one disclosure period,
    # one damages formula and one barring period for the family
    "integrity_report_email": "integrity_report_email",
    "integrity_disclosure_days": "integrity_disclosure_days",
    "integrity_damages_multiple": "integrity_damages_multiple",
    "integrity_damages_min": "integrity_damages_min",
    "integrity_blacklist_years": "integrity_blacklist_years",
    # a security agreement repeats the contract's inspection interval, rectification period and the days to
    # return or delete the client's data
    "security_inspection_interval_months": "security_inspection_interval_months",
    "rectification_days": "rectification_days",
    "data_return_delete_days": "data_return_delete_days",
    # how many originals each party holds: the family's documents are made as the contract is
    "signatures_copies_each": "signatures_copies_each",
}
# The NDA's own liquidated damages per breach: with a main contract, the contract's figure is the NDA's.
_NDA_DAMAGES = "nda_liquidated_damages"
_NDA_DAMAGES_APPLY = "nda_liquidated_damages_apply"
# The documents of a family that take effect with the main contract unless the request says otherwise.
_FROM_START = ("nda", "security_agreement", "integrity_agreement", "power_of_attorney")


# ------------------------------------------------------------------ what a drafted document records


def _engagement(req: ServiceContractRequest) -> set[Condition]:
    """The engagement facts the contract's request answered yes to (and its listed conditions)."""
    return set(req.conditions) | req.facts()


def contract_facts(lib: Library, req: ServiceContractRequest, articles: list[Any]) -> dict[str, Any]:
    """What the contract's family takes from it, for its manifest (``articles``: the drafted articles)."""
    labels = lib.labels[f"title_service_contract_{req.outsourcing.value}"]
    title = req.title or LocalText(zh=labels.get(Lang.zh), en=labels.get(Lang.en))
    damages, article = _confidentiality_damages(lib, req, articles)
    numbers = {a.category: a.number for a in articles if a.number is not None}
    return {
        "contract_no": req.contract_no, "title": title.model_dump(mode="json"),
        "outsourcing": req.outsourcing.value, "project_name": req.project_name.model_dump(mode="json"),
        "client": req.client.model_dump(mode="json"), "vendor": req.vendor.model_dump(mode="json"),
        "term": req.term.model_dump(mode="json"), "confidentiality_years": req.confidentiality_years,
        "confidentiality_damages": None if damages is None else str(damages), "damages_article": article,
        "confidentiality_article": numbers.get("confidentiality"),
        "conditions": sorted(c.value for c in _engagement(req) if c in ENGAGEMENT_CONDITIONS),
        "service_location": req.service_location.model_dump(mode="json"),
        "articles": {a.category: a.number for a in articles if a.number is not None},
        "values": _shared_values(lib, req, articles),
        "langs": [lang.value for lang in req.language.langs],
        "price": req.price.model_dump(mode="json"),
        "payment_schedule": [m.model_dump(mode="json") for m in req.payment_schedule],
        "sme_vendor": req.sme_vendor,
        "texts": article_texts(articles, req.language.langs),
        "service_levels": [s.model_dump(mode="json") for s in req.service_levels],
        "personal_information": (None if req.personal_information is None
                                 else req.personal_information.model_dump(mode="json")),
    }


def article_texts(articles: list[Any], langs: list[Lang]) -> dict[str, dict[str, str]]:
    """Each numbered article ("12") and numbered paragraph ("12.2") of a drafted document as it reads in each
    language, the paragraph with the items under it: what a change agreement quotes as the old text. A line
    of the result is a paragraph or an item, with its marker."""
    out: dict[str, dict[str, str]] = {}
    for art in articles:
        if art.number is None:
            continue
        lines: dict[str, list[str]] = {lang.value: [] for lang in langs}
        current: str | None = None
        for para in art.paras:
            if not para.item:
                marker = para.marker.get(langs[0], "")
                current = marker if marker else None
            for lang in langs:
                text = para.text[lang].replace("\n", " ")
                line = f"{para.marker[lang]} {text}" if para.marker.get(lang) else text
                lines[lang.value].append(line)
                if current is not None:
                    out.setdefault(current, {lng.value: "" for lng in langs})
                    joined = out[current][lang.value]
                    out[current][lang.value] = f"{joined}\n{line}" if joined else line
        out[str(art.number)] = {lang: "\n".join(text) for lang, text in lines.items()}
    return dict(sorted(out.items(), key=lambda kv: [int(p) for p in kv[0].split(".")]))


def _shared_values(lib: Library, req: ServiceContractRequest, articles: list[Any]) -> dict[str, int | str]:
    """The values the drafted contract uses for the variables of ``SHARED_VALUES`` (given, else the default):
    whole numbers of hours, days, months or years as numbers; an amount of money or a text as text."""
    wanted = set(SHARED_VALUES.values())
    out: dict[str, int | str] = {}
    for art in articles:
        for name, var in lib.clauses[art.clause_id].variables.items():
            raw = req.values.get(name, var.default)
            if name in wanted and name not in out and raw is not None:
                value = coerce(var.type, raw)
                out[name] = int(value) if var.type is VarType.integer else str(value)
    return dict(sorted(out.items()))


def _confidentiality_damages(lib: Library, req: ServiceContractRequest,
                             articles: list[Any]) -> tuple[Decimal | None, int | None]:
    """The liquidated damages per breach of confidentiality the drafted contract fixes, and its article."""
    for category in _DAMAGES_ARTICLES:
        for art in (a for a in articles if a.category == category):
            clause = lib.clauses[art.clause_id]
            _, _, body = clause.pick(art.variant)
            for name in _DAMAGES_VARIABLES:
                if name in clause.variables and re.search(r"\{\{\s*" + name + r"\s*\}\}", body.get(Lang.zh)):
                    raw = req.values.get(name, clause.variables[name].default)
                    amount = coerce(VarType.money, raw) if raw is not None else None
                    if isinstance(amount, Decimal) and amount > 0:
                        return amount, art.number
    return None, None


def family_manifest(lib: Library, req: Any, articles: list[Any]) -> dict[str, Any]:
    """The family part of a drafted document's manifest: a contract's facts, what an NDA or pledge cites."""
    if isinstance(req, ServiceContractRequest):
        return {"contract": contract_facts(lib, req, articles)}
    out: dict[str, Any] = {}
    if isinstance(req, NdaRequest | PledgeRequest | FamilyDocument) and req.main_contract is not None:
        out["main_contract"] = {"contract_no": req.main_contract.contract_no,
                                "manifest_sha256": req.main_contract.manifest_sha256}
    if isinstance(req, ChangeAgreementRequest):
        # what the change sets: later family documents read the main contract as changed (as_changed)
        out["change"] = {"contract_no": req.contract_no,
                         "effective_date": req.effective_date.isoformat() if req.effective_date else None,
                         "price": None if req.price is None else str(req.price),
                         "payment_schedule": (None if req.payment_schedule is None else
                                              [m.model_dump(mode="json") for m in req.payment_schedule]),
                         "term_end": None if req.term_end is None else req.term_end.isoformat(),
                         "service_levels": (None if req.service_levels is None else
                                            [s.model_dump(mode="json") for s in req.service_levels]),
                         "personal_information": (None if req.personal_information is None else
                                                  req.personal_information.model_dump(mode="json")),
                         "texts": {c.article.strip(): c.new.model_dump(mode="json") for c in req.changes}}
    if isinstance(req, FamilyDocument) and req.main_contract.amended_by:
        out["main_contract"]["as_changed_by"] = list(req.main_contract.amended_by)
    if isinstance(req, PledgeRequest):
        # masked even when the pledge prints the full number: the manifest only compares people (PIPL minimum)
        out["pledge"] = {"name": req.pledgor.name.zh, "id_number": mask_resident_id(req.pledgor.id_number),
                         "start_date": req.pledgor.start_date.isoformat(), "nda_no": req.nda_no}
    return out


# ------------------------------------------------------------------ completing and checking a request


def _langs(data: dict[str, Any]) -> list[Lang]:
    lang = data.get("language", "zh")
    return [Lang.zh, Lang.en] if lang == "bilingual" else [Lang.en] if lang == "en" else [Lang.zh]


def _find_manifest(ref: str, path: Path, out_dir: Path | None) -> tuple[Path | None, list[Path]]:
    tried: list[Path] = []
    if out_dir is not None:
        # not a contract number (a path, say): looked up beside the request below
        with contextlib.suppress(ContractsError):
            tried.append(output_folder(out_dir, ref) / MANIFEST)
    given = Path(ref)
    local = given if given.is_absolute() else path.parent / given
    tried.append(local if local.name == MANIFEST else local / MANIFEST)
    return next((p for p in tried if p.is_file()), None), tried


def _load(ref: str, path: Path, out_dir: Path | None) -> tuple[MainContract | None, str]:
    """The main contract ``ref`` names, or ``None`` and why not."""
    manifest, tried = _find_manifest(ref, path, out_dir)
    if manifest is None:
        where = " nor ".join(str(p) for p in tried)
        return None, (f"no drafted contract {shown(ref)}: no {where}; draft the main contract first (contracts "
                      "draft ITS-REQUEST --out DIR) and give its number (drafted into the same --out) or the path of "
                      "its folder or manifest.json")
    data, problems = read_json(manifest)
    if problems:
        return None, f"{manifest}: cannot be read ({problems[0].message})"
    if not isinstance(data, dict) or data.get("kind") != "service_contract":
        kind = data.get("kind") if isinstance(data, dict) else None
        return None, f"{manifest}: is the manifest of {shown(kind)}, not of a service contract"
    facts = data.get("contract")
    if not isinstance(facts, dict):
        return None, (f"{manifest}: does not record the contract's facts (drafted by an older version?): draft the "
                      "main contract again")
    sha = hashlib.sha256(manifest.read_bytes()).hexdigest()
    try:
        return MainContract.model_validate({**facts, "ref": ref, "manifest_sha256": sha}), ""
    except ValidationError as e:
        return None, f"{manifest}: its contract facts are not valid ({e.errors()[0]['msg']}): draft it again"


def family_changes(out_dir: Path | None, main_no: str) -> list[dict[str, Any]]:
    """The change agreements drafted into ``out_dir`` for the main contract ``main_no``: each one's ``change``
    record (its number, effective date, and the price, payment schedule, term end and texts it sets), in the
    order they apply (effective date, then number)."""
    found = []
    for manifest in sorted(out_dir.glob(f"*/{MANIFEST}")) if out_dir is not None and out_dir.is_dir() else []:
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(manifest.read_text(encoding="utf-8"))
            linked = data.get("main_contract") if isinstance(data, dict) else None
            change = data.get("change") if isinstance(data, dict) else None
            if (isinstance(linked, dict) and linked.get("contract_no") == main_no and isinstance(change, dict)
                    and isinstance(change.get("effective_date"), str)):
                found.append({**change, "manifest_sha256": hashlib.sha256(manifest.read_bytes()).hexdigest()})
    return sorted(found, key=lambda c: (c["effective_date"], str(c.get("contract_no"))))


def as_changed(main: MainContract, out_dir: Path | None, own_no: Any = None, own_date: Any = None) -> MainContract:
    """``main`` as the change agreements drafted for it in ``out_dir`` leave it: price, payment schedule, end of
    term and the texts they replace. For a change agreement being drafted (``own_no``, ``own_date``: its number
    and effective date), only the changes that come before it apply (and never itself)."""
    changes = family_changes(out_dir, main.contract_no)
    if own_no is not None:
        own_key = (str(own_date), str(own_no))
        changes = [c for c in changes if c.get("contract_no") != own_no and
                   (c["effective_date"], str(c.get("contract_no"))) < own_key]
    if not changes:
        return main
    data = main.model_dump(mode="json")
    for c in changes:
        if c.get("price") is not None and data.get("price") is not None:
            data["price"]["amount"] = c["price"]
        if c.get("payment_schedule") is not None:
            data["payment_schedule"] = c["payment_schedule"]
        if c.get("term_end") is not None:
            data["term"]["end"] = c["term_end"]
        for key in ("service_levels", "personal_information"):
            if c.get(key) is not None:
                data[key] = c[key]
        for ref, new in (c.get("texts") or {}).items():
            _replace_text(data["texts"], ref, new)
        data["amended_by"] = [*data.get("amended_by", []), str(c.get("contract_no"))]
    return MainContract.model_validate(data)


def _replace_text(texts: dict[str, dict[str, str]], ref: str, new: dict[str, str]) -> None:
    """Put ``new`` in place of the article or paragraph ``ref`` of ``texts`` (see ``article_texts``): a whole
    article's paragraphs go with it; a paragraph is replaced inside its article's text too."""
    old = texts.get(ref)
    if old is None:
        return
    marked = {lang: f"{ref} {text}" if "." in ref else text for lang, text in new.items()}
    if "." in ref:
        article = texts.get(ref.split(".")[0])
        if article is not None:
            for lang in article:
                if lang in old and lang in marked:
                    article[lang] = article[lang].replace(old[lang], marked[lang])
    else:
        for key in [k for k in texts if k.startswith(ref + ".")]:
            del texts[key]
    texts[ref] = {lang: marked.get(lang, text) for lang, text in old.items()}


def _date(value: Any) -> dt.date | None:
    """A date as YAML or JSON gives it (a date, or its ISO text); ``None`` when it is neither (validation says why)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    return None


def _same_number(given: Any, theirs: Any) -> bool:
    """Whether a request's value and the contract's are the same number (as text when either is none)."""
    try:
        return Decimal(str(given).replace(",", "")) == Decimal(str(theirs))
    except ArithmeticError:
        return str(given).strip() == str(theirs).strip()


def _plain(amount: Decimal) -> int | Decimal:
    """An amount as a message shows it: 100000, not Decimal('100000')."""
    return int(amount) if amount == amount.to_integral_value() else amount


def _local(value: Any, langs: list[Lang]) -> dict[Lang, str] | None:
    if isinstance(value, str):
        return {lang: value for lang in langs}
    if isinstance(value, dict):
        return {lang: value[lang.value] for lang in langs if isinstance(value.get(lang.value), str)}
    return None


class _Check:
    """Collects the disagreements of a request with its main contract."""

    def __init__(self, data: dict[str, Any], source: str, main: MainContract,
                 line: Callable[[Any], int | None]) -> None:
        self.data, self.source, self.main, self.line = data, source, main, line
        self.langs = _langs(data)
        self.problems: list[Problem] = []

    def differs(self, loc: tuple[str, ...], given: Any, theirs: Any) -> None:
        field = ".".join(loc)
        self.problems.append(Problem(
            self.source, f"the request says {shown(given)} but the main contract {self.main.contract_no} says "
            f"{shown(theirs)}: correct the request, or leave {field} out to take the contract's",
            line=self.line(loc), field=field))

    def text(self, loc: tuple[str, ...], given: Any, theirs: LocalText | None) -> None:
        mine = _local(given, self.langs)
        if mine is None or theirs is None:
            return  # not text: the request's validation says so
        for lang, value in mine.items():
            if value.strip() != theirs.get(lang).strip():
                self.differs(loc, value, theirs.get(lang))
                return

    def party(self, role: str) -> None:
        given = self.data.get(role)
        theirs = getattr(self.main, role)
        if given is None:
            self.data[role] = theirs.model_dump(mode="json", exclude_none=True)
            return
        if not isinstance(given, dict):
            return
        for key, value in given.items():
            mine = getattr(theirs, key, None)
            if isinstance(mine, LocalText):
                self.text((role, key), value, mine)
            elif isinstance(mine, str) and isinstance(value, str) and value.strip().upper() != mine.strip().upper():
                self.differs((role, key), value, mine)
        # What the request leaves out of the party (its contact, say) comes from the contract too.
        self.data[role] = {**theirs.model_dump(mode="json", exclude_none=True), **given}

    def take(self, key: str, theirs: Any) -> None:
        if key not in self.data:
            self.data[key] = theirs
        elif isinstance(theirs, dict):
            self.text((key,), self.data[key], LocalText.model_validate(theirs))
        elif self.data[key] != theirs:
            self.differs((key,), self.data[key], theirs)

    def values(self) -> None:
        """The request's values for the periods and the damages the main contract fixes: taken from it, or
        refused when they differ."""
        given = self.data.get("values", {})
        if not isinstance(given, dict):
            return  # not a mapping: the request's validation says so
        for mine, theirs_name in SHARED_VALUES.items():
            theirs = self.main.values.get(theirs_name)
            if theirs is None:
                continue
            if mine in given and not _same_number(given[mine], theirs):
                self.differs(("values", mine), given[mine], theirs)
            given.setdefault(mine, theirs)
        damages = self.main.confidentiality_damages
        if _NDA_DAMAGES in given and (damages is None or not _same_number(given[_NDA_DAMAGES], damages)):
            self.differs(("values", _NDA_DAMAGES), given[_NDA_DAMAGES],
                         "no liquidated damages for confidentiality" if damages is None else _plain(damages))
        if damages is not None and given.get(_NDA_DAMAGES_APPLY) is False:
            self.differs(("values", _NDA_DAMAGES_APPLY), False, f"liquidated damages of {_plain(damages)} per breach")
        if given:
            self.data["values"] = given

    def conditions(self) -> None:
        given = self.data.get("conditions", [])
        if not isinstance(given, list):
            return
        theirs = set(self.main.conditions)
        for value in given:
            if value in {c.value for c in ENGAGEMENT_CONDITIONS} and Condition(value) not in theirs:
                self.differs(("conditions",), value, f"no {value} ({sorted(c.value for c in theirs)})")
        self.data["conditions"] = [*given, *(c.value for c in sorted(theirs) if c.value not in given)]

    def date_in_term(self, loc: tuple[str, ...], given: Any, what: str) -> None:
        value = _date(given)
        if value is None:
            return
        term = self.main.term
        if not term.start <= value <= term.end:
            field = ".".join(loc)
            self.problems.append(Problem(
                self.source, f"{what} {value.isoformat()} is outside the main contract {self.main.contract_no}'s "
                f"term ({term.start.isoformat()} to {term.end.isoformat()}): nobody works on the contract, or "
                "processes its personal information, outside its term; correct the date", line=self.line(loc),
                field=field))


def complete_from_main_contract(data: dict[str, Any], path: Path, out_dir: Path | None,
                                line: Callable[[Any], int | None]) -> None:
    """Fill ``data`` (an NDA or pledge request naming ``main_contract``, or a document of ``FAMILY_KINDS``) from
    that contract's manifest.

    Parties, project, outsourcing kind, confidentiality years, engagement conditions and the shared
    periods (``SHARED_VALUES``) the request leaves out are taken from the contract; those it gives must
    agree with it, an NDA's own liquidated damages must be the contract's figure, and its dates must
    lie in the contract's term. Raises ``RequestError`` naming each field that disagrees and both values.
    """
    source = str(path)
    kind = data.get("kind")
    if "main_contract" not in data:  # a document of request.FAMILY_KINDS: never made alone
        raise RequestError(f"{source}: the request has 1 problem(s)", [Problem(
            source, f"a {kind} is made for a main service contract: give main_contract (its number, drafted into "
            "the same --out, or the path of its drafted folder or manifest.json)", line=line(("kind",)),
            field="main_contract")])
    ref = data["main_contract"]
    if not isinstance(ref, str) or not ref.strip():
        raise RequestError(f"{source}: the request has 1 problem(s)", [Problem(
            source, "give the main contract's number (e.g. IT-2026-0001, drafted into the same --out) or the path "
            "of its drafted folder or manifest.json", line=line(("main_contract",)), field="main_contract")])
    main, why = _load(ref.strip(), path, out_dir)
    if main is None:
        raise RequestError(f"{source}: the request has 1 problem(s)",
                           [Problem(source, why, line=line(("main_contract",)), field="main_contract")])
    if kind in FAMILY_KINDS:
        main = as_changed(main, out_dir, data.get("contract_no") if kind == "change_agreement" else None,
                          data.get("effective_date") if kind == "change_agreement" else None)
    chk = _Check(data, source, main, line)
    chk.party("client")
    chk.party("vendor")
    chk.take("project_name", main.project_name.model_dump(mode="json"))
    chk.take("outsourcing", main.outsourcing.value)
    chk.take("confidentiality_years", main.confidentiality_years)
    chk.conditions()
    chk.values()
    if kind in _FROM_START:
        data.setdefault("effective_date", main.term.start)
    if kind == "nda":
        effective = _date(data.get("effective_date"))
        if effective is not None and effective > main.term.end:
            chk.problems.append(Problem(
                source, f"the NDA would take effect on {effective.isoformat()}, after the main contract "
                f"{main.contract_no} ends ({main.term.end.isoformat()}): correct effective_date",
                line=line(("effective_date",)), field="effective_date"))
    elif kind == "pledge":  # (the other family documents check themselves against it: generator.request)
        pledgor = data.get("pledgor")
        if isinstance(pledgor, dict):
            chk.date_in_term(("pledgor", "start_date"), pledgor.get("start_date"), "the start date")
        chk.problems += _pledge_no_problems(data, source, main.contract_no, out_dir, line)
        nda_no = data.get("nda_no")
        made_for = _nda_made_for(out_dir, nda_no) if isinstance(nda_no, str) and out_dir is not None else None
        if made_for is not None and made_for != main.contract_no:
            chk.problems.append(Problem(
                source, f"the NDA {shown(nda_no)} drafted in {out_dir} is made for "
                f"{'the main contract ' + made_for if made_for else 'no main contract'}, not for "
                f"{main.contract_no}: give the number of the NDA made for {main.contract_no}, or correct main_contract",
                line=line(("nda_no",)), field="nda_no"))
    if chk.problems:
        raise RequestError(f"{source}: the request disagrees with its main contract {main.contract_no} "
                           f"({len(chk.problems)} problem(s))", chk.problems)
    data["main_contract"] = main.model_dump(mode="json")


def _pledge_no_problems(data: dict[str, Any], source: str, family: str, out_dir: Path | None,
                        line: Callable[[Any], int | None]) -> list[Problem]:
    """A standalone pledge's number: ``MAIN-Pnnn``, and not one the family already uses for another pledge
    (a pack's, or another person's drafted into the same --out). One numbering scheme per family (N23)."""
    number = data.get("contract_no")
    if not isinstance(number, str):
        return []  # the request's validation says why
    at = line(("contract_no",))
    if pledge_number(family, number.strip()) is None:
        return [Problem(source, f"pledge number {shown(number)} does not follow the family's scheme: a pledge made for "
                        f"the main contract {family} is numbered {family}-P001, {family}-P002, … (three digits or "
                        "more); correct contract_no", line=at, field="contract_no")]
    if out_dir is None:
        return []
    with contextlib.suppress(ContractsError):
        own = output_folder(out_dir, number.strip())
        pledgor = data.get("pledgor")
        name = pledgor.get("name") if isinstance(pledgor, dict) else None
        name = name.get("zh") if isinstance(name, dict) else name
        existing = family_pledges(out_dir, family)
        for pledge in existing:
            if pledge["contract_no"] != number.strip():
                continue
            same = (pledge["folder"] == own and isinstance(pledgor, dict) and pledge["name"] == name
                    and pledge.get("start_date") == str(pledgor.get("start_date"))
                    and pledge.get("id_number") == _masked(pledgor.get("id_number")))
            if not same:  # the same person's pledge drafted again replaces itself; anything else is a reuse
                return [Problem(source, f"pledge number {shown(number)} is already used in the family of {family} by "
                                f"{pledge['name']}'s pledge ({pledge['folder'].name}): give the next free number "
                                f"({family}-P{next_pledge_number(existing, family):03d})",
                                line=at, field="contract_no")]
    return []


def _masked(value: Any) -> str | None:
    return mask_resident_id(value) if isinstance(value, str) else None


def _nda_made_for(out_dir: Path, nda_no: str) -> str | None:
    """The main contract the NDA ``nda_no`` drafted into ``out_dir`` (alone or as a pack) is made for: its
    number, ``""`` for an NDA made for none, ``None`` when no such NDA is drafted there."""
    from .pack import pack_folder_name  # pack reads the family: imported late

    try:
        manifests = [output_folder(out_dir, nda_no) / MANIFEST, out_dir / pack_folder_name(nda_no) / MANIFEST]
    except ContractsError:
        return None  # not a folder name: the request's validation says why
    for manifest in manifests:
        data, problems = read_json(manifest) if manifest.is_file() else (None, [])
        if isinstance(data, dict) and not problems and data.get("kind") in ("nda", "nda_pack"):
            linked = data.get("main_contract")
            return str(linked.get("contract_no")) if isinstance(linked, dict) else ""
    return None


# ------------------------------------------------------------------ packs: the roster against the family


def check_roster_dates(roster: Roster, main: MainContract) -> Roster:
    """``roster`` with every person whose start date lies outside the main contract's term made a bad row."""
    term = main.term
    bad = [p for p in roster.people if not term.start <= p.start_date <= term.end]
    if not bad:
        return roster
    problems = [Problem(str(roster.path), f"start date {p.start_date.isoformat()} is outside the main contract "
                        f"{main.contract_no}'s term ({term.start.isoformat()} to {term.end.isoformat()}): nobody "
                        "works on the contract before it starts or after it ends; correct the date",
                        line=p.row, field="start_date") for p in bad]
    rows = {p.row for p in bad}
    return replace(roster, people=[p for p in roster.people if p.row not in rows],
                   problems=sorted(roster.problems + problems, key=lambda p: (p.line or 0, p.field or "")),
                   bad_rows=sorted(set(roster.bad_rows) | rows))


def pledge_family(req: NdaRequest | PledgeRequest) -> str:
    """The number a family's pledges are numbered under: the main contract's, else the NDA's."""
    if req.main_contract is not None:
        return req.main_contract.contract_no
    return req.contract_no if isinstance(req, NdaRequest) else (req.nda_no or req.contract_no)


def pledge_number(family: str, contract_no: str) -> int | None:
    """The n of a pledge numbered ``family-Pnnn`` (at least three digits), ``None`` for any other number."""
    found = re.fullmatch(re.escape(family) + r"-P(\d{3,})", contract_no)
    return int(found.group(1)) if found else None


def family_pledges(out_dir: Path, family: str, *, skip: Path | None = None) -> list[dict[str, Any]]:
    """Every pledge of the family ``family`` drafted into ``out_dir``: standalone pledges and the pledges of
    earlier packs (``skip``: a folder not to read, the pack being rebuilt). Each: ``contract_no``, ``name``,
    ``id_number`` (masked), ``start_date`` and ``folder``; sorted by folder, then as recorded."""
    found: list[dict[str, Any]] = []
    for manifest in sorted(out_dir.glob(f"*/{MANIFEST}")) if out_dir.is_dir() else []:
        if skip is not None and manifest.parent == skip:
            continue
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        linked = data.get("main_contract")
        head = linked.get("contract_no") if isinstance(linked, dict) else None
        pledge = data.get("pledge")
        if isinstance(pledge, dict):
            mine = head if head is not None else pledge.get("nda_no")
            entries = [{**pledge, "contract_no": data.get("contract_no")}] if mine == family else []
        elif data.get("kind") == "nda_pack" and (head if head is not None else data.get("contract_no")) == family:
            entries = [p for p in data.get("pledges", []) if isinstance(p, dict)]
        else:
            continue
        found += [{**e, "folder": manifest.parent} for e in entries
                  if isinstance(e.get("contract_no"), str) and isinstance(e.get("name"), str)]
    return found


def _same_person(pledge: dict[str, Any], person: Person) -> bool:
    return (pledge.get("name"), pledge.get("id_number"), pledge.get("start_date")) == (
        person.name, mask_resident_id(person.id_number), person.start_date.isoformat())


def pledge_conflicts(existing: list[dict[str, Any]], family: str, people: list[Person]) -> list[str]:
    """Warnings for people who already have a pledge in the family (``existing``, see ``family_pledges``) under
    their name but with another ID number or start date: the same person with a wrong value, or two people of
    the same name."""
    notes = []
    for person in people:
        for pledge in existing:
            if pledge["name"] == person.name and not _same_person(pledge, person):
                notes.append(f"row {person.row}: {person.name} already has pledge {pledge['contract_no']} under "
                             f"{family} with ID {pledge.get('id_number')} and start date {pledge.get('start_date')}, "
                             f"but the roster gives {mask_resident_id(person.id_number)} and "
                             f"{person.start_date.isoformat()}: the same person with a wrong ID or date, or two "
                             "people of the same name? check both and correct one")
    return notes


def already_pledged(existing: list[dict[str, Any]], family: str,
                    people: list[Person]) -> tuple[list[Person], list[str]]:
    """``people`` less those who already have a pledge in the family (same name, masked ID and start date),
    and a note for each naming that pledge: one person, one pledge (legal review 2, N23)."""
    keep, notes = [], []
    for person in people:
        theirs = next((p for p in existing if _same_person(p, person)), None)
        if theirs is None:
            keep.append(person)
        else:
            notes.append(f"row {person.row}: {person.name} already has pledge {theirs['contract_no']} under {family} "
                         f"(in {theirs['folder'].name}/); no second pledge is made for the same person")
    return keep, notes


def next_pledge_number(existing: list[dict[str, Any]], family: str) -> int:
    """The first pledge number after the highest one the family uses (1 for a family without pledges)."""
    used = [n for n in (pledge_number(family, p["contract_no"]) for p in existing) if n is not None]
    return max(used, default=0) + 1
