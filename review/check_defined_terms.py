"""Terms used as defined terms but defined nowhere (``undefined_term``)."""

from __future__ import annotations

import re

from clause_library.models import Role, Severity
from clause_library.vocabulary import HAN

from .check_base import CJK, Context, clip, finding
from .document import Block
from .findings import Finding
from .linear import compile_linear

__all__ = ["check_defined_terms"]

# In a document that defines its terms ((the "X"), "X" means, （以下简称“X”）, “X”指), a term used as a defined one
# (English: capitalised after the, any, such, each, all or no; Chinese: in quotation marks) that is defined nowhere
# is a legal warning: the reader must look, the signature need not wait on a guess.

_CJK_CHARS = HAN
_MAX_FINDINGS = 10

_EN_DEFINED = compile_linear(
    r"\(\s*(?:the\s+|each\s+a\s+|each,?\s+an?\s+|an?\s+|hereinafter(?:\s+referred\s+to\s+as)?\s+|together,?\s+the\s+|"
    r"collectively,?\s+the\s+)?[\"“](?P<a>[^\"”\n]{2,60})[\"”]"
    r"|[\"“](?P<b>[^\"”\n]{2,60})[\"”]\s+(?:means|shall mean|refers to|has the meaning|shall have the meaning|includes|"
    r"is defined)"
    r"|(?:referred to as|hereinafter|called)\s+(?:the\s+)?[\"“](?P<c>[^\"”\n]{2,60})[\"”]"
    # any capitalised term in quotation marks: English contracts quote a term where they define it
    r"|[\"“](?P<d>[A-Z][A-Za-z0-9'’ -]{1,59})[\"”]"
    # a definitions list: "1.20 Effective Date - the date …", "Acceptance Period: …", "Term means …"
    r"|(?:^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?P<e>[A-Z][A-Za-z'’]*(?: [A-Z][A-Za-z'’]*){0,5})\s*(?:[-–—:]\s|\s+means\s|"
    r"\s+shall mean\s))"
    r"|(?:hereinafter|herein)\s+(?:collectively\s+)?(?:called|referred to as)\s+(?:the\s+)?"
    r"(?P<f>[A-Z][A-Za-z'’]*(?: [A-Z][A-Za-z'’]*){0,5})", re.MULTILINE)
# "Capitalised terms not defined here have the meanings given in the Master Agreement": defined elsewhere.
_DEFINED_ELSEWHERE = compile_linear(
    r"(?:capitali[sz]ed terms[^.;\n]{0,100}(?:not (?:otherwise )?defined|have the (?:respective )?meanings?)|"
    r"未(?:另行)?定义的[^。；;\n]{0,20}(?:术语|用语|词语)[^。；;\n]{0,40}(?:含义|意义))", re.IGNORECASE)
_ZH_DEFINED = compile_linear(
    r"(?:简称|下称|称为|合称|统称|单称|各称|分别称|或称|以下称)\s*[为：:]?\s*[\"“「『](?P<a>[^\"”」』\n]{1,20})[\"”」』]"
    r"|[\"“「『](?P<b>[^\"”」』\n]{1,20})[\"”」』]\s*(?:是指|指|系指|意指|包括|即|：|:)"
    r"|(?:所称|所指)\s*[\"“「『](?P<c>[^\"”」』\n]{1,20})[\"”」』]"
    # in brackets: "一方（“披露方”）", "本保密协议（“本协议”）"; or a definitions list: "“关联方”，就一方而言，指"
    r"|[（(]\s*(?:以下|下称|简称|合称|单称)?[^）)“\"\n]{0,6}[\"“「『](?P<d>[^\"”」』\n]{1,20})[\"”」』]"
    r"|[\"“「『](?P<e>[^\"”」』\n]{1,20})[\"”」』][^。；;\n]{0,12}?(?:是指|系指|意指|指)"
    # a definitions list without quotation marks: "（一）服务对象：指…", "2. 业务月，是指…"
    r"|(?:^|\n)\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}(?:\.\d{1,2})?[.．、]?|[一二三四五六七八九十]{1,3}、)?\s*"
    rf"(?P<f>[{_CJK_CHARS}A-Za-z0-9]{{2,12}})\s*[:：，,]?\s*(?:是指|系指|意指|指)"
)
_ZH_NAMES = ("服务", "项目", "系统", "平台", "工程", "计划", "活动", "原则", "制度", "方案", "外包")
_ZH_NOT_TERM_AFTER = compile_linear(
    r"^\s*(?:是指|指|系指|意指|：|:|字样|二字|一词|等|的?原则|的?方针|的?理念|栏|列|[\"“「『、])")
_ZH_NOT_TERM_BEFORE = compile_linear(r"(?:简称|下称|称为|所称|标明|注明|载明|标注|写明|[\"”」』、])\s*$")
_ZH_QUOTED = compile_linear(r"[\"“「『](?P<t>[^\"”」』\n]{2,12})[\"”」』]")
_EN_USED = compile_linear(
    r"(?:^|[^A-Za-z])(?:[Tt]he|[Aa]ny|[Ss]uch|[Ee]ach|[Aa]ll|[Nn]o)\s+"
    r"(?P<t>[A-Z][a-z]+(?:[ -][A-Z][a-z]+|[ -]of[ -][A-Z][a-z]+)*)"
    r"(?P<after>['’-]?)"
)
# Capitalised words a reader understands without a definition, or names of laws and bodies.
_EN_PLAIN = frozenset((
    "Agreement", "Contract", "Party", "Parties", "Schedule", "Schedules", "Annex", "Annexes", "Exhibit",
    "Exhibits", "Appendix", "Appendices", "Article", "Articles", "Clause", "Clauses", "Section", "Sections",
    "Client", "Customer", "Vendor", "Supplier", "Company", "Contractor", "Consultant", "Provider", "Purchaser",
    "Seller", "Buyer", "Recipient", "Discloser", "Licensor", "Licensee", "Employee", "Employer", "State",
    "Government", "People's", "Republic", "PRC", "China", "Chinese", "English", "Internet", "Preamble",
    "Recitals", "Whereas", "Annual", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
))
_EN_NAME_WORD = compile_linear(
    r"(?:^|[ -])(?:Law|Laws|Act|Code|Regulations?|Measures|Provisions|Rules|Ordinance|Convention|Commission|Court|"
    r"Centre|Center|Association|Bureau|Administration|Ministry|Republic|Province|City|District|Bank|Limited|Ltd|Inc|"
    r"LLC|Corporation|Group|Holdings|University|Office|Department|Government|Council|Committee|Authority|Institute|"
    r"Chamber|Exchange|Standard|Standards|Interpretation|Decision|Notice|Region|Kong|Macao|Macau|Taiwan)(?:$|[ -])"
)


# The last words of terms contracts define (singular): what a reader expects a definition of.
_EN_HEADS = frozenset((
    "credit", "fee", "charge", "price", "period", "date", "level", "information", "data", "material",
    "deliverable", "service", "product", "personnel", "event", "notice", "report", "certificate", "plan",
    "milestone", "specification", "requirement", "documentation", "territory", "affiliate", "right", "property",
    "loss", "claim", "cost", "expense", "amount", "payment", "invoice", "incident", "default", "request", "order",
    "work", "indicator", "metric", "target", "standard", "procedure", "policy", "system", "user", "account",
    "deposit", "guarantee", "bonus", "penalty", "damage", "cap", "limit", "term", "schedule", "statement",
))
# One word that a contract defines rather than uses in its plain sense when it capitalises it.
_EN_ONE = frozenset(("deliverable", "milestone", "specification", "documentation", "territory", "affiliate"))
_REST = compile_linear(r"^[^,.;:()\n]{0,60}")


def _norm_en(term: str) -> str:
    t = term.lower().strip()
    return t[:-1] if t.endswith("s") and not t.endswith("ss") else t


def check_defined_terms(ctx: Context) -> list[Finding]:
    """Terms used as defined terms but defined nowhere (see the module)."""
    blocks = list(ctx.blocks())
    text = "\n".join(b.text for b in blocks).replace("**", "").replace("__", "")  # emphasis marks in plain text
    if _DEFINED_ELSEWHERE.search(text):
        return []
    en_defined = {_norm_en(t) for m in _EN_DEFINED.finditer(text) for t in m.groups() if t}
    zh_defined = {t.strip() for m in _ZH_DEFINED.finditer(text) for t in m.groups() if t}
    out: list[Finding] = []
    if len(en_defined) >= 2:
        out.extend(_en_undefined(ctx, blocks, en_defined))
    if len(zh_defined) >= 2:
        out.extend(_zh_undefined(blocks, zh_defined))
    return out[:_MAX_FINDINGS]


def _known_en(ctx: Context, defined: set[str]) -> set[str]:
    known = set(defined)
    for seg in ctx.segments:
        if seg.heading:
            known.add(_norm_en(seg.heading))
    return known


def _en_undefined(ctx: Context, blocks: list[Block], defined: set[str]) -> list[Finding]:
    """Multi-word terms ending in a noun that contracts define (``_EN_HEADS``), used as defined terms at least
    twice and defined nowhere. One capitalised word, or a name, is too often a product, place or firm."""
    known = _known_en(ctx, defined)
    used = [(block, list(_EN_USED.finditer(block.text))) for block in blocks]  # each block searched once
    uses: dict[str, int] = {}
    for _, found in used:
        for m in found:
            key = _norm_en(m.group("t").strip(" -"))
            uses[key] = uses.get(key, 0) + 1
    out: list[Finding] = []
    seen: set[str] = set()
    covered: dict[str, bool] = {}  # a used term's key -> whether a known term covers it
    for block, found in used:
        if block.heading_level is not None:
            continue
        for m in found:
            if m.group("after"):
                continue  # "the People's Republic", "the Pre-existing IP": a longer name
            term = m.group("t").strip(" -")
            key = _norm_en(term)
            words = term.replace("-", " ").split()
            head = _norm_en(words[-1])
            if key in seen or uses.get(key, 0) < 2 or head not in _EN_HEADS or (len(words) < 2 and head not in _EN_ONE):
                continue
            if all(w in _EN_PLAIN or w == "of" for w in words):
                continue
            rest = _REST.search(block.text[m.end():m.end() + 80])
            if _EN_NAME_WORD.search(term + (rest.group(0) if rest else "")):
                continue
            if key not in covered:
                covered[key] = any(_covers(key, d) for d in known)
            if covered[key]:
                continue  # a law's or a body's name ("the China International Economic and Trade … Commission")
            seen.add(key)
            out.append(_undefined(block, term, repr(term)))
    return out


def _covers(used: str, defined: str) -> bool:
    """``used`` (normalised) is the defined term, or a part of one ("Services" in "the Services Fee"), or
    the defined term is a part of it read as a possessive or plural."""
    return used == defined or used in defined.split() or (len(used) > 3 and defined.startswith(used))


def _zh_undefined(blocks: list[Block], defined: set[str]) -> list[Finding]:
    out: list[Finding] = []
    seen: set[str] = set()
    for block in blocks:
        text = block.text
        for m in _ZH_QUOTED.finditer(text):
            term = m.group("t").strip()
            if term in defined or term in seen or any(term in d or d in term for d in defined):
                continue
            after = text[m.end():m.end() + 4]
            before = text[max(0, m.start() - 6):m.start()]
            if _ZH_NOT_TERM_AFTER.match(after) or _ZH_NOT_TERM_BEFORE.search(before):
                continue  # being defined, a word quoted ("保密"字样, 标明"机密"), a column ("评分规则"栏)
            if not CJK.search(term) or term.endswith(_ZH_NAMES):
                continue  # not Chinese, or the name of a service, project or system in quotation marks
            seen.add(term)
            out.append(_undefined(block, term, f"“{term}”"))
    return out


def _undefined(block: Block, term: str, quoted: str) -> Finding:
    """The finding for ``term`` (``quoted`` as the English message shows it), used in ``block``."""
    return finding(
        "undefined_term", Severity.warning, Role.legal,
        f"使用了未定义的术语：“{term}”（文件中其他术语均有定义）",
        f"term used as a defined term but never defined: {quoted}",
        location=block.location, evidence=clip(block.text),
    )
