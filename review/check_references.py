"""Cross-references that lead nowhere: articles, sub-clauses or schedules missing or silent on what is cited."""

from __future__ import annotations

import re
from collections.abc import Callable

from clause_library.models import Role, Severity
from clause_library.vocabulary import HAN

from .check_base import ZH_NUMERALS, Context, clip, finding, numeral
from .check_schedules import SCHEDULE_HEAD, schedule_findings
from .citation import ZH_OBJECTS, in_quotation
from .document import Block, Segment
from .findings import Finding
from .linear import compile_linear

__all__ = ["check_references"]

# A lawyer reading "按第十五条约定的违约金" turns to article 15 and expects liquidated damages there. This check
# (``dangling_reference``) looks where the reader would: an article or clause number past the document's own
# numbering, a schedule (附件 / Schedule / Annex / Exhibit / Appendix) that the document never heads
# (``check_schedules``), or a reference naming what it points to ("第十五条约定的违约金", "the liquidated damages in
# Clause 15", "Clause 15 (Confidentiality)") where the article says nothing of it. References to laws
# ("《民法典》第五百八十五条", "Article 21 of the PIPL") are not the document's own and are left alone.
#
# A legal warning: the reader must look, the signature need not wait on a guess.

_MAX_FINDINGS = 10

_TOP_NUMBER = compile_linear(
    rf"^\s*(?:第\s*(?P<zh>[{ZH_NUMERALS}\d]+)\s*条|(?P<cn>[{ZH_NUMERALS}]+)\s*[、.．]|"
    r"(?:article|clause|section)\s+(?P<en>\d+)|(?P<ar>\d+)\s*[.．、]?\s*$|(?P<ar2>\d+)\s*[.．、]\s)", re.IGNORECASE)


def _article_numbers(segments: list[Segment]) -> dict[int, list[Segment]]:
    """Top-level article number → the segments under it (the article and its sub-clauses), in order."""
    out: dict[int, list[Segment]] = {}
    current: int | None = None
    for seg in segments:
        number = seg.number or ""
        n = None
        if seg.level == 1 and number:
            m = _TOP_NUMBER.search(number)
            if m:
                n = numeral(next(g for g in m.groups() if g))
        if n is not None:
            current = n
            out.setdefault(n, [])
        elif seg.level == 1 and not number:
            current = None if seg.heading and SCHEDULE_HEAD.search(seg.heading) else current
        if current is not None:
            out[current].append(seg)
    return out


# ---- references to the document's own articles --------------------------------------------------

_ZH_REF = compile_linear(
    rf"第\s*(?P<n>[{ZH_NUMERALS}\d]+)\s*条(?:\s*第\s*[{ZH_NUMERALS}\d]+\s*[款项])?"
    r"(?P<what>\s*[（(][^）)\n]{1,20}[）)]|(?:约定|规定|所述|所列|所约定|中约定|项下)的[^，,。；;、：:\s（(]{2,12})?"
)
_EN_REF = compile_linear(
    r"(?P<word>Article|Clause|Section)s?\s+(?P<n>\d+)(?:\.\d+)*(?:\s*\([a-z0-9]{1,4}\))*"
    r"(?P<what>\s*\([A-Z][^()\n]{2,40}\))?(?P<of>\s+of\s+(?:the|this)\s+[A-Za-z][A-Za-z0-9' -]{0,40})?"
)
# The noun named before an English reference: "the liquidated damages set out in Clause 15".
_EN_NAMED = compile_linear(
    r"(?:[Tt]he|[Aa]ny|[Ss]uch)\s+(?P<what>[a-z][a-z -]{3,40}?)\s+(?:set out|specified|described|provided|"
    r"referred to|stated|defined|prescribed|agreed|calculated)\s+(?:for\s+)?(?:in|under)\s+"
    r"(?:Article|Clause|Section)\s+(?P<n>\d+)")
# A law, regulation or judicial interpretation just before a reference: the article is the law's; so is another
# contract's ("主合同第五条"), but not this one's ("本合同第五条").
_LAW_BEFORE = compile_linear(r"(?:》|法|条例|规定|办法|解释|规则|细则|通则|决定|[^本]合同|[^本]协议)\s*$")
# "… of the Indenture", "… of the Exchange Act", "… of the Transfer Agreement": another instrument's section;
# "… of this Agreement" or "… of the Agreement" is this one's.
_OF_OTHER = compile_linear(
    r"^\S?\s*(?:\([a-z0-9]{1,4}\)\s*)*of\s+(?:the|this)\s+(?P<name>[A-Z][A-Za-z-]*(?:\s+[A-Z][A-Za-z-]*){0,6})"
)
_THIS = frozenset(("Agreement", "Contract", "Terms", "MSA", "SOW", "NDA", "Order Form"))
_LAW_RUN = compile_linear(r"(?:》|法|条例|规定|办法|解释)第[^。；;，,本]*$")
_OWN = compile_linear(r"^\s+of\s+(?:the|this)\s+(?:Agreement|Contract|Terms|MSA|SOW|NDA)(?:\s|$)")
_VERBS = frozenset(("may", "shall", "will", "be", "is", "are", "been", "as", "was", "were", "can", "must"))
_EN_STOP = frozenset((
    "the", "any", "such", "this", "that", "with", "from", "into", "under", "upon", "have", "been", "shall",
    "will", "which", "where", "their", "there", "about", "amount", "amounts", "period", "periods", "terms",
    "term", "provisions", "provision", "obligations", "obligation", "rights", "right", "procedure", "manner",
    "rate", "rates", "party", "parties", "other", "than",
))


def _topic_zh(what: str) -> str:
    """What a Chinese reference names, when it is one of the objects a reader looks for (``ZH_OBJECTS``):
    the bracketed title's, or the one the words after "约定的" start with; else ""."""
    what = what.strip().strip("（）() ")
    what = re.sub(r"^(?:约定|规定|所述|所列|所约定|中约定|项下)的", "", what)
    if what.startswith(_ZH_MEASURES):  # "约定的标准向甲方支付违约金": the standard of the damages it then names
        return next((o for k in range(len(what)) for o in ZH_OBJECTS if what.startswith(o, k)), "")
    return next((o for o in ZH_OBJECTS if what.startswith(o)), "")


# What a reference may name of the object it goes on to name: "第九条约定的标准（比例、金额）…支付违约金".
_ZH_MEASURES = ("标准", "比例", "金额", "费率", "计算方法", "计算方式", "方法", "方式", "办法")


def _says(segments: list[Segment], topic: str) -> bool:
    """Whether the article (its heading, text and sub-clauses) speaks of ``topic``."""
    return topic in "\n".join(s.heading + "\n" + s.text for s in segments)


def _says_en(segments: list[Segment], what: str) -> bool:
    text = "\n".join(s.heading + "\n" + s.text for s in segments).lower()
    words = [w for w in re.findall(r"[a-z]{4,}", what.lower()) if w not in _EN_STOP]
    return not words or any(w[:5] in text for w in words)


_SUB_REF = compile_linear(
    r"(?:第\s*(?P<zh>\d{1,3}\.\d{1,3})\s*[条款项]|(?:Clause|Section|Article|Paragraph)s?\s+(?P<en>\d{1,3}\.\d{1,3})"
    r"(?:[^.\d]|$))"
)
_SUB_NUMBER = compile_linear(
    r"^\s*(?:第\s*)?(?:(?:clause|section|article)\s+)?(?P<n>\d{1,3}\.\d{1,3})(?:[^.\d]|$)",
    re.IGNORECASE,
)


def _a_laws(text: str, start: int) -> bool:
    """Whether the reference at ``start`` follows a law's or another contract's name, or a run of its articles."""
    before = text[max(0, start - 30):start]
    return _LAW_BEFORE.search(before[-8:]) is not None or _LAW_RUN.search(before) is not None


def _sub_findings(ctx: Context, articles: dict[int, list[Segment]], inline: set[str]) -> list[Finding]:
    """"第8.4款" or "Clause 8.4" where article 8 is there but has no 8.4 (in a document numbered so)."""
    numbers = {m.group("n") for seg in ctx.segments if seg.number for m in [_SUB_NUMBER.search(seg.number)] if m}
    if len(numbers) < 3:
        return []
    numbers |= inline
    minors: dict[int, set[int]] = {}
    for number in numbers:
        if "." in number:
            major, minor = number.split(".", 1)
            minors.setdefault(int(major), set()).add(int(minor))
    out: list[Finding] = []
    for block in ctx.blocks_for(_SUB_REF):
        text = block.text
        for m in _SUB_REF.finditer(text):
            ref = m.group("zh") or m.group("en")
            other = _OF_OTHER.search(text[m.end() - 1:m.end() + 60])
            external = other is not None and other.group("name") not in _THIS
            if _a_laws(text, m.start()) or external:
                continue  # a law's, or another instrument's ("Section 6.11 of the Transfer Agreement")
            major, minor = (int(x) for x in ref.split("."))
            # Only where the article's sub-clauses were all found (8.1, 8.2, 8.3): then 8.4 is not there.
            if major in articles and ref not in numbers and _complete(minors.get(major, set())):
                out.append(_dangling(block, m.group(0).rstrip(" ,;:"), "missing"))
    return out


# A clause starting inside a paragraph, where the reader did not split it out (PDF text): "… purpose. 11.2 Fees."
# Chinese needs no space after 。; a clause set in bold in plain text starts with "**" ("。** **7.3 乙方……").
_INLINE_START = compile_linear(
    r"(?:^|\n|[.;:]\s+|[。；：](?:\*\*|__)?\s*)(?:\*\*|__)?(?:(?:Section|Article|Clause|SECTION|ARTICLE|CLAUSE)\s+)?"
    r"(?P<n>\d{1,3}(?:\.\d{1,3})?)[.．、]?\s+[A-Z" + HAN + r"（(\"“]"
)


def _inline_numbers(ctx: Context) -> set[str]:
    return {m.group("n") for b in ctx.blocks() for m in _INLINE_START.finditer(b.text)}


def check_references(ctx: Context) -> list[Finding]:
    """References to articles, clauses or schedules that the document does not have, or that do not say
    what the reference names (see the module)."""
    articles = _article_numbers(ctx.segments)
    inline = _inline_numbers(ctx)
    for n in {int(x) for x in inline if "." not in x} - set(articles):
        articles[n] = []  # there, though not split out: its words are not known, so no topic is checked
    out: list[Finding] = []
    if len(articles) >= 3:
        out.extend(_article_findings(ctx, articles))
        out.extend(_sub_findings(ctx, articles, inline))
    out.extend(schedule_findings(ctx))
    return out[:_MAX_FINDINGS]


def _article_findings(ctx: Context, articles: dict[int, list[Segment]]) -> list[Finding]:
    out: list[Finding] = []
    seen: set[tuple[int, str]] = set()
    for block in ctx.blocks_having(("第", "条", "article", "clause", "section")):  # folded: lower case
        text = block.text
        quoted = in_quotation(ctx, text)
        for m in _ZH_REF.finditer(text):
            at_start = m.start() == len(text) - len(text.lstrip())
            if at_start or _a_laws(text, m.start()) or quoted(m.start()):
                continue  # the article's own heading, or a law's article ("…法》第三十九条和第四十条")
            n = numeral(m.group("n"))
            what = m.group("what") or ""
            if n is None:
                continue
            topic = _topic_zh(what) if what else ""
            problem = _problem(articles, n, topic, _says)
            if problem and (n, topic) not in seen:
                seen.add((n, topic))
                out.append(_dangling(block, m.group(0), problem))
        for m in _EN_REF.finditer(text):
            of = m.group("of") or ""
            if (of and not _OWN.search(of)) or text[m.end():m.end() + 1].isalpha() or quoted(m.start()):
                continue  # "Article 21 of the PIPL", "Section 17A", the quoted text of another contract
            if m.start() == len(text) - len(text.lstrip()):
                continue
            n = int(m.group("n"))
            what = (m.group("what") or "").strip(" ()")
            problem = _problem(articles, n, what, _says_en)
            if problem and (n, what) not in seen:
                seen.add((n, what))
                out.append(_dangling(block, m.group(0), problem))
        for m in _EN_NAMED.finditer(text):
            n = int(m.group("n"))
            what = m.group("what")
            if text[m.end():m.end() + 2][:1] == "." and text[m.end() + 1:m.end() + 2].isdigit():
                continue  # "Section 8.8": a sub-clause, checked above
            if len(what.split()) > 4 or set(what.split()) & _VERBS:
                continue  # not a noun phrase ("the same may be adjusted as provided in …")
            if articles.get(n) and not _says_en(articles[n], what) and (n, what) not in seen:
                seen.add((n, what))
                out.append(_dangling(block, m.group(0), "topic"))
    return out


def _complete(numbers: set[int]) -> bool:
    """Whether ``numbers`` run 1, 2, … with no gap: the reader found every article, so one it did not find is
    not there. With gaps (a PDF whose headings ran into the text) a missing number proves nothing."""
    return bool(numbers) and numbers == set(range(1, max(numbers) + 1))


def _problem(articles: dict[int, list[Segment]], n: int, topic: str,
             says: Callable[[list[Segment], str], bool]) -> str | None:
    """"missing" (no article ``n`` where every article was found), "topic" (article ``n`` does not speak of
    ``topic``), or ``None``."""
    if n not in articles:
        return "missing" if n > 0 and _complete(set(articles)) else None
    if topic and articles[n] and not says(articles[n], topic):
        return "topic"
    return None


def _dangling(block: Block, ref: str, problem: str) -> Finding:
    if problem == "missing":
        msg_zh = f"引用的条款不存在：“{ref.strip()}”"
        msg_en = f"cross-reference to an article that does not exist: {ref.strip()!r}"
    else:
        msg_zh = f"引用的条款未规定所指内容：“{ref.strip()}”"
        msg_en = f"cross-reference to an article that does not say what is referred to: {ref.strip()!r}"
    return finding("dangling_reference", Severity.warning, Role.legal, msg_zh, msg_en, location=block.location,
                   evidence=clip(block.text))

