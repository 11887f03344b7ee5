"""References that lead nowhere: articles, schedules and defined terms a contract cites but does not have.

A lawyer reading "按第十五条约定的违约金" turns to article 15 and expects liquidated damages there;
"the Service Credits" sends the reader to a definition. These checks look where the reader would:

- ``dangling_reference``: an article or clause number past the document's own numbering, a schedule
  (附件 / Schedule / Annex / Exhibit / Appendix) that the document never heads, or a reference naming
  what it points to ("第十五条约定的违约金", "the liquidated damages in Clause 15", "Clause 15
  (Confidentiality)") where the article says nothing of it. References to laws ("《民法典》第五百八十五条",
  "Article 21 of the PIPL") are not the document's own and are left alone.
- ``undefined_term``: in a document that defines its terms ((the "X"), "X" means, （以下简称“X”）,
  “X”指), a term used as a defined one (English: capitalised after the, any, such, each, all or no;
  Chinese: in quotation marks) that is defined nowhere.

Both are legal warnings: the reader must look, the signature need not wait on a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import cn2an

from clause_library.models import DocumentKind, Role, Severity

from .check_base import CJK, Context, clip, finding
from .document import Block, Segment
from .findings import Finding
from .linear import compile_linear

__all__ = ["check_defined_terms", "check_references", "numeral"]

_ZH_NUM = "零〇一二两三四五六七八九十百"
_CJK_CHARS = "\u4e00-\u9fff"
_MAX_FINDINGS = 10

# ---- numbers ------------------------------------------------------------------------------------


def numeral(text: str) -> int | None:
    """The value of an Arabic, full-width or Chinese numeral ("15", "１５", "十五", "一百零二"); ``None`` if not one."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isascii() and text.isdigit():
        return int(text) if len(text) <= 6 else None
    if text and all(c in _ZH_NUM for c in text) and len(text) <= 8:
        try:
            value = cn2an.cn2an(text.replace("〇", "零"), "normal")
        except (ValueError, KeyError):
            return None
        return int(value)
    return None


_TOP_NUMBER = compile_linear(
    rf"^\s*(?:第\s*(?P<zh>[{_ZH_NUM}\d]+)\s*条|(?P<cn>[{_ZH_NUM}]+)\s*[、.．]|"
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
            current = None if seg.heading and _SCHEDULE_HEAD.search(seg.heading) else current
        if current is not None:
            out[current].append(seg)
    return out


# ---- references to the document's own articles --------------------------------------------------

_ZH_REF = compile_linear(
    rf"第\s*(?P<n>[{_ZH_NUM}\d]+)\s*条(?:\s*第\s*[{_ZH_NUM}\d]+\s*[款项])?"
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
# What a reference may name that the article it points to must speak of: the money, remedies and procedures a
# reader turns to the article for. Anything else ("第十二条约定的程序办理") is not checked.
_ZH_OBJECTS = ("违约金", "赔偿", "滞纳金", "利息", "服务费", "价款", "费用", "保证金", "保函", "押金", "扣减", "扣款",
               "奖励", "考核", "验收", "整改", "保险", "解除", "终止", "保密", "知识产权", "争议", "仲裁", "通知",
               "付款", "支付", "发票", "续约", "续期", "交接", "不可抗力", "责任上限", "赔偿上限")
_VERBS = frozenset(("may", "shall", "will", "be", "is", "are", "been", "as", "was", "were", "can", "must"))
_EN_STOP = frozenset((
    "the", "any", "such", "this", "that", "with", "from", "into", "under", "upon", "have", "been", "shall",
    "will", "which", "where", "their", "there", "about", "amount", "amounts", "period", "periods", "terms",
    "term", "provisions", "provision", "obligations", "obligation", "rights", "right", "procedure", "manner",
    "rate", "rates", "party", "parties", "other", "than",
))


def _topic_zh(what: str) -> str:
    """What a Chinese reference names, when it is one of the objects a reader looks for (``_ZH_OBJECTS``):
    the bracketed title's, or the one the words after "约定的" start with; else ""."""
    what = what.strip().strip("（）() ")
    what = re.sub(r"^(?:约定|规定|所述|所列|所约定|中约定|项下)的", "", what)
    if what.startswith(_ZH_MEASURES):  # "约定的标准向甲方支付违约金": the standard of the damages it then names
        return next((o for k in range(len(what)) for o in _ZH_OBJECTS if what.startswith(o, k)), "")
    return next((o for o in _ZH_OBJECTS if what.startswith(o)), "")


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
                out.append(_dangling(block, m.group(0).rstrip(" ,;:"), "missing", zh=bool(m.group("zh"))))
    return out


# A clause starting inside a paragraph, where the reader did not split it out (PDF text): "… purpose. 11.2 Fees."
# Chinese needs no space after 。; a clause set in bold in plain text starts with "**" ("。** **7.3 乙方……").
_INLINE_START = compile_linear(
    r"(?:^|\n|[.;:]\s+|[。；：](?:\*\*|__)?\s*)(?:\*\*|__)?(?:(?:Section|Article|Clause|SECTION|ARTICLE|CLAUSE)\s+)?"
    r"(?P<n>\d{1,3}(?:\.\d{1,3})?)[.．、]?\s+[A-Z\u4e00-\u9fff（(\"“]"
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
    out.extend(_schedule_findings(ctx))
    return out[:_MAX_FINDINGS]


def _article_findings(ctx: Context, articles: dict[int, list[Segment]]) -> list[Finding]:
    out: list[Finding] = []
    seen: set[tuple[int, str]] = set()
    for block in ctx.blocks_having(("第", "条", "article", "clause", "section")):  # folded: lower case
        text = block.text
        quoted = _quoted(ctx, text)
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
                out.append(_dangling(block, m.group(0), problem, zh=True))
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
                out.append(_dangling(block, m.group(0), problem, zh=False))
        for m in _EN_NAMED.finditer(text):
            n = int(m.group("n"))
            what = m.group("what")
            if text[m.end():m.end() + 2][:1] == "." and text[m.end() + 1:m.end() + 2].isdigit():
                continue  # "Section 8.8": a sub-clause, checked above
            if len(what.split()) > 4 or set(what.split()) & _VERBS:
                continue  # not a noun phrase ("the same may be adjusted as provided in …")
            if articles.get(n) and not _says_en(articles[n], what) and (n, what) not in seen:
                seen.add((n, what))
                out.append(_dangling(block, m.group(0), "topic", zh=False))
    return out


# A passage in quotation marks: in a change agreement, the quoted old or new text of the contract it changes.
_QUOTE = re.compile(r"“[^”]{1,4000}”|\"[^\"]{1,4000}\"")


def _quoted(ctx: Context, text: str) -> Callable[[int], bool]:
    """Whether a position of ``text`` lies inside a quotation, for a change agreement, whose quotations are the
    old and new text of the main contract (its references are to that contract's articles and schedules);
    for any other document, never."""
    if ctx.kind is not DocumentKind.change_agreement:
        return lambda at: False
    spans = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    return lambda at: any(a < at < b for a, b in spans)


def _complete(numbers: set[int]) -> bool:
    """Whether ``numbers`` run 1, 2, … with no gap: the reader found every article, so one it did not find is
    not there. With gaps (a PDF whose headings ran into the text) a missing number proves nothing."""
    return bool(numbers) and numbers == set(range(1, max(numbers) + 1))


def _problem(articles: dict[int, list[Segment]], n: int, topic: str, says: object) -> str | None:
    if n not in articles:
        return "missing" if n > 0 and _complete(set(articles)) else None
    if topic and articles[n] and callable(says) and not says(articles[n], topic):
        return "topic"
    return None


def _dangling(block: Block, ref: str, problem: str, *, zh: bool) -> Finding:
    if problem == "missing":
        msg_zh = f"引用的条款不存在：“{ref.strip()}”"
        msg_en = f"cross-reference to an article that does not exist: {ref.strip()!r}"
    else:
        msg_zh = f"引用的条款未规定所指内容：“{ref.strip()}”"
        msg_en = f"cross-reference to an article that does not say what is referred to: {ref.strip()!r}"
    return finding("dangling_reference", Severity.warning, Role.legal, msg_zh, msg_en, location=block.location,
                   evidence=clip(block.text))


# ---- schedules ------------------------------------------------------------------------------------

_SCHEDULE_HEAD = compile_linear(
    rf"^\s*(?:(?P<zh>附件|附表|附录)\s*(?P<zn>[{_ZH_NUM}\d]+)|(?P<en>(?:schedule|annex|exhibit|appendix|attachment))"
    r"\s+(?P<en_n>[A-Z]|\d+|[IVX]+)(?:\s|$|[:：.．-]))", re.IGNORECASE)
_SCHEDULE_REF = compile_linear(
    rf"(?P<zh>附件|附表|附录)\s*(?P<zn>[{_ZH_NUM}\d]+)|(?P<en>Schedule|Annex|Exhibit|Appendix|Attachment)"
    r"\s+(?P<en_n>[A-Z]|\d+|[IVX]+)(?:[\s,.;:)]|$)"
)


# In a heading, in any case ("EXHIBIT A - FEES").
_SCHEDULE_NAMED = compile_linear(
    rf"(?P<zh>附件|附表|附录)\s*(?P<zn>[{_ZH_NUM}\d]+)|(?P<en>(?:schedule|annex|exhibit|appendix|attachment))"
    r"\s+(?P<en_n>[A-Z]|\d+|[IVX]+)(?:[\s,.;:)-]|$)", re.IGNORECASE)


def _schedule_key(m: object) -> str | None:
    assert hasattr(m, "group")
    if m.group("zh"):
        n = numeral(m.group("zn"))
        return None if n is None else f"附{n}"
    return f"{m.group('en').lower()} {m.group('en_n').upper()}"


# What a Chinese reference says a schedule lists ("附件一《付款计划》所列的计费标准"): money, rates and measures, the
# things a reader turns to a schedule for and a schedule names in those words. English references are not read
# this way: English drafting names a schedule's content in other words ("the performance standards set out in
# Schedule 2" heads a schedule "SERVICE LEVELS"), so a missing word proves nothing there.
_ZH_SCHEDULE_OBJECTS = (*_ZH_OBJECTS, "计费标准", "收费标准", "单价", "费率", "价格", "指标", "权重", "金额",
                        "付款条件", "付款节点", "里程碑", "交付物", "交付成果")
_ZH_SCHEDULE_WHAT = compile_linear(r"^\s*(?:《[^》\n]{1,30}》)?\s*(?:中|项下)?(?:所列|载明|列明|所载|规定|约定|确定)的")


def _schedule_findings(ctx: Context) -> list[Finding]:
    blocks = list(ctx.blocks())
    heads: set[str] = set()
    starts: dict[str, int] = {}  # a schedule's heading → where its text starts (the last heading: a list of
    for k, block in enumerate(blocks):  # the annexes in the closing clause comes before the annexes themselves)
        # A schedule's heading line, in one language or two ("附件一 付款计划 / Schedule 1 Payment Schedule").
        if len(block.text.strip()) <= 80 and _SCHEDULE_HEAD.search(block.text):
            for name in filter(None, map(_schedule_key, _SCHEDULE_NAMED.finditer(block.text))):
                heads.add(name)
                starts[name] = k
    missing: dict[str, tuple[Block, str]] = {}
    silent: dict[tuple[str, str], tuple[Block, str]] = {}
    for block in ctx.blocks_for(_SCHEDULE_REF):
        quoted = _quoted(ctx, block.text)
        for m in _SCHEDULE_REF.finditer(block.text):
            key = _schedule_key(m)
            if key is None or quoted(m.start()):
                continue
            if block.text[m.end() - 1:m.end() + 1][:1] == "." and block.text[m.end():m.end() + 1].isdigit():
                continue  # "Exhibit 10.1": a filing's exhibit number, not one of the document's schedules
            if len(block.text.strip()) <= 80 and m.start() == len(block.text) - len(block.text.lstrip()):
                continue  # a heading of its own
            if key not in heads:
                missing.setdefault(key, (block, m.group(0).strip(" ,.;:)")))
                continue
            topic = _schedule_topic(block.text, m)
            if topic and (key, topic) not in silent and not _schedule_says(blocks, starts, key, topic):
                silent[(key, topic)] = (block, m.group(0).strip(" ,.;:)"))
    out = []
    if missing:
        first, _ = next(iter(missing.values()))
        names = "、".join(ref for _, ref in missing.values())
        out.append(finding(
            "dangling_reference", Severity.warning, Role.legal,
            f"引用的附件在文件中不存在：{names}（请附上或删除引用）",
            f"schedule(s) referred to but not in the document: {', '.join(r for _, r in missing.values())} "
            "(attach them or remove the references)",
            location=first.location, evidence="\n".join(clip(b.text, 120) for b, _ in list(missing.values())[:3]),
        ))
    for (_, topic), (block, ref) in list(silent.items())[:3]:
        out.append(finding(
            "dangling_reference", Severity.warning, Role.legal,
            f"引用的附件未载明所指内容：“{ref}”所列的“{topic}”在该附件中找不到",
            f"the schedule referred to does not contain what is referred to: {topic!r} in {ref}",
            location=block.location, evidence=clip(block.text),
        ))
    return out


def _schedule_topic(text: str, m: re.Match[str]) -> str:
    """What the Chinese reference at ``m`` says the schedule lists, when it is one of ``_ZH_SCHEDULE_OBJECTS``:
    "附件一《付款计划》所列的计费标准" → "计费标准"; else ""."""
    if not m.group("zh"):
        return ""
    after = text[m.end():m.end() + 60]
    w = _ZH_SCHEDULE_WHAT.search(after)
    if not w:
        return ""
    return max((o for o in _ZH_SCHEDULE_OBJECTS if after[w.end():].startswith(o)), key=len, default="")


def _schedule_says(blocks: list[Block], starts: dict[str, int], key: str, topic: str) -> bool:
    """Whether the schedule ``key`` (from its heading to the next schedule's heading) speaks of ``topic``."""
    start = starts[key]
    ends = [k for k in starts.values() if k > start]
    body = [b.text for b in blocks[start:min(ends, default=len(blocks))]]
    if not body[1:]:
        return True  # only a heading: its text is not in this file ("附件二另行签署"), so nothing is known
    return topic in "\n".join(body)


# ---- defined terms --------------------------------------------------------------------------------

_QUOTED = r"[\"“”「」『』]"
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
            out.append(finding(
                "undefined_term", Severity.warning, Role.legal,
                f"使用了未定义的术语：“{term}”（文件中其他术语均有定义）",
                f"term used as a defined term but never defined: {term!r}",
                location=block.location, evidence=clip(block.text),
            ))
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
            out.append(finding(
                "undefined_term", Severity.warning, Role.legal,
                f"使用了未定义的术语：“{term}”（文件中其他术语均有定义）",
                f"term used as a defined term but never defined: “{term}”",
                location=block.location, evidence=clip(text),
            ))
    return out
