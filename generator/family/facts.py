"""What a drafted document records for its family: a contract's facts, what an NDA, pledge or change cites."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from clause_library.identifiers import mask_resident_id
from clause_library.loader import Library
from clause_library.models import Condition, Lang, VarType

from ..request import (
    ChangeAgreementRequest,
    FamilyDocument,
    LocalText,
    NdaRequest,
    PledgeRequest,
    ServiceContractRequest,
)
from ..values import coerce

__all__ = ["ENGAGEMENT_CONDITIONS", "MANIFEST", "SHARED_VALUES", "article_texts", "contract_facts", "family_manifest"]

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
