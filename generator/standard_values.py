"""The values a request gives every clause by the library's standard names, and its fields left at their defaults.

The names are those the library's README promises: parties, term, price, the main contract cited, …
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from clause_library.identifiers import mask_resident_id
from clause_library.models import Lang

from .lifecycle import family_document_values
from .request import AnyRequest, FamilyDocument, LocalText, NdaRequest, PledgeRequest, ServiceContractRequest
from .values import article_number, format_date, format_money, format_percent

__all__ = ["MAIN_ARTICLES", "SHAPING_DEFAULTS", "request_defaults", "shown_default", "standard_values"]

# Request fields with a default that a clause prints (recorded when a drafted clause uses them), and
# fields with a default that shape the whole document (always recorded when not given).
_PRINTED_DEFAULTS = ("sign_place", "confidentiality_years")
SHAPING_DEFAULTS = ("language", "price.currency", "price.tax_inclusive", "mutual", "wage_payout")


def shown_default(value: Any) -> str:
    if isinstance(value, LocalText):
        return value.zh if value.zh == value.en else f"{value.zh} / {value.en}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value.value if hasattr(value, "value") else value)


def request_defaults(req: AnyRequest) -> dict[str, str]:
    """Each request field of ``_PRINTED_DEFAULTS``/``SHAPING_DEFAULTS`` left out, with the default used."""
    out: dict[str, str] = {}
    for name in (*_PRINTED_DEFAULTS, *SHAPING_DEFAULTS):
        owner: Any = req
        *path, last = name.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        if not isinstance(owner, BaseModel) or last not in type(owner).model_fields or last in owner.model_fields_set:
            continue
        out[name] = shown_default(getattr(owner, last))
    if not (isinstance(req, ServiceContractRequest) and req.outsourcing.value == "hr" and req.pass_through_funds):
        out.pop("wage_payout", None)  # it shapes only an HR contract with pass-through funds
    return out


def standard_values(req: AnyRequest, lang: Lang, schedules: list[str]) -> dict[str, Any]:
    """The values every request provides, by the names the library's README promises; ``schedules``
    are the document's schedules as cited (附件一《付款计划》 …)."""
    v: dict[str, Any] = {
        "client": req.client.values(lang),
        "vendor": req.vendor.values(lang),
        "contract_no": req.contract_no,
        "confidentiality_years": req.confidentiality_years,
        "sign_place": req.sign_place.get(lang),
    }
    if isinstance(req, ServiceContractRequest):
        v |= {
            "project_name": req.project_name.get(lang),
            "services": [s.get(lang) for s in req.services],
            "deliverables": [d.get(lang) for d in req.deliverables],
            "term_start": format_date(req.term.start, lang),
            "term_end": format_date(req.term.end, lang),
            "price_total": format_money(req.price.amount, req.price.currency, lang),
            **{k: format_money(v, req.price.currency, lang) for k, v in req.price.vat_split().items()},
            "tax_rate": format_percent(req.price.tax_rate),
            "tax_inclusive": req.price.tax_inclusive,
            "service_location": req.service_location.get(lang).rstrip("。．.；;，, "),
            "schedules": _enumerate(schedules, lang),
            "outsourcing": req.outsourcing.value,
            # the conditions the payment schedule's rows use (acceptance, evaluation, handover, warranty)
            "payment_conditions": sorted({c.value for m in req.payment_schedule for c in m.conditions}),
            "wage_payout": req.wage_payout.value,
        }
    elif isinstance(req, NdaRequest):
        v |= {"purpose": req.purpose.get(lang), "effective_date": format_date(req.effective_date, lang)}
        if req.project_name is not None:
            v["project_name"] = req.project_name.get(lang)
        v |= main_contract_values(req, lang)
    elif isinstance(req, FamilyDocument):
        v |= {"effective_date": "" if req.effective_date is None else format_date(req.effective_date, lang)}
        if req.project_name is not None:
            v["project_name"] = req.project_name.get(lang)
        v |= main_contract_values(req, lang)
        v |= family_document_values(req, lang)
    else:
        pid = req.pledgor.id_number if req.show_full_id else mask_resident_id(req.pledgor.id_number)
        v |= {
            "project_name": req.project_name.get(lang),
            "pledgor": {"name": req.pledgor.name.get(lang), "id_masked": pid, "role": req.pledgor.role.get(lang),
                        "start_date": format_date(req.pledgor.start_date, lang)},
            "nda_no": req.nda_no or "",
        }
        v |= main_contract_values(req, lang)
    return v


def _enumerate(items: list[str], lang: Lang) -> str:
    """``A、B和C`` / ``A, B and C``."""
    if len(items) < 2:
        return "".join(items)
    if lang is Lang.zh:
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


# The contract's words for its parties, as a pledge calls them (贵公司 = 甲方, 本人所在单位 = 乙方).
_PLEDGE_TERMS = {Lang.zh: (("甲方", "贵公司"), ("乙方", "本人所在单位")),
                 Lang.en: ((r"\bthe Client\b", "the Company"), (r"\bthe Vendor\b", "my Employer"))}


def _own_terms(req: NdaRequest | PledgeRequest | FamilyDocument, text: str, lang: Lang) -> str:
    """``text`` quoted from the main contract, in a pledge with the pledge's names for the parties."""
    if isinstance(req, PledgeRequest):
        for pattern, name in _PLEDGE_TERMS[lang]:
            text = re.sub(pattern, name, text)
    return text


# The main contract's articles a document of its family may cite, by the value name its clauses use
# (第十四条 / Article 14; "" when the contract has no such article).
MAIN_ARTICLES = {
    "main_confidentiality_article": "confidentiality",
    "main_data_protection_article": "data_protection",
    "main_handover_article": "post_termination_services",
    "main_information_security_article": "information_security",
    "main_dispute_article": "dispute_resolution",
    "main_governing_law_article": "governing_law",
    "main_breach_article": "breach_liability",
    "main_liquidated_damages_article": "liquidated_damages",
    "main_termination_article": "termination",
    "main_price_article": "price",
    "main_payment_article": "payment",
    "main_term_article": "service_term",
    "main_change_article": "change_management",
    "main_invoice_article": "invoice_tax",
    "main_integrity_article": "integrity",
}


def main_contract_values(req: NdaRequest | PledgeRequest | FamilyDocument, lang: Lang) -> dict[str, str]:
    """What an NDA, a pledge or another document of the family cites of its main contract (empty texts when it
    names none: cond.main_contract)."""
    mc = req.main_contract
    if mc is None:
        return dict.fromkeys(("main_contract_no", "main_contract_title", "main_term_start", "main_term_end",
                              "main_confidentiality_damages", "main_damages_article", "main_service_location",
                              *MAIN_ARTICLES), "")
    cited = {name: "" if (number := mc.articles.get(category)) is None else article_number(number, lang)
             for name, category in MAIN_ARTICLES.items()}
    return cited | {
        "main_contract_no": mc.contract_no, "main_contract_title": mc.title.get(lang),
        "main_term_start": format_date(mc.term.start, lang), "main_term_end": format_date(mc.term.end, lang),
        "main_confidentiality_damages": ("" if mc.confidentiality_damages is None
                                         else format_money(mc.confidentiality_damages, "CNY", lang)),
        "main_damages_article": "" if mc.damages_article is None else article_number(mc.damages_article, lang),
        "main_service_location": ("" if mc.service_location is None
                                  else _own_terms(req, mc.service_location.get(lang), lang)),
    }
