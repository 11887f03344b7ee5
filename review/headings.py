"""Recognise the headings contracts use: 第五条 保密, 一、, （一）, 1.1, Article V, CONFIDENTIALITY, 附件."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from clause_library.vocabulary import HAN_WIDE

__all__ = [
    "STYLE_RANK",
    "HeadingMatch",
    "is_caps_heading",
    "is_list_item",
    "is_title_like",
    "match_annex",
    "match_numbered",
    "split_title",
    "starts_numbered",
]

# Outer to inner; a document's levels are the dense rank of the styles it uses.
STYLE_RANK = {
    "chapter": 0, "cn_section": 1, "roman": 2, "article": 3, "cn_bracket": 4, "cn_enum": 5,
    "dec1": 6, "cn_paren": 7, "dec2": 8, "dec3": 9, "dec4": 10,
}  # fmt: skip

_ZH_NUM = r"[零〇一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾佰\d０-９]{1,8}"
_ZH_SMALL = r"[一二三四五六七八九十百]{1,4}"
_ZH_CHAPTER = re.compile(rf"第\s*{_ZH_NUM}\s*(?:章|编|部分|篇)")
_ZH_SECTION = re.compile(rf"第\s*{_ZH_NUM}\s*节")
_ZH_ARTICLE = re.compile(rf"第\s*{_ZH_NUM}\s*条")
_CN_ENUM = re.compile(rf"({_ZH_SMALL})\s*[、．.]")
_CN_PAREN = re.compile(rf"[（(]\s*{_ZH_SMALL}\s*[）)]")
# 【一】搬迁内容, 〔二〕: a Chinese numeral alone in lenticular brackets numbers an article (a blank to fill,
# 【甲方名称】, holds no numeral alone)
_CN_BRACKET = re.compile(rf"[【〔]\s*{_ZH_SMALL}\s*[】〕]")
_ROMAN_NUM = r"[IVXLC]{1,7}"
_EN_CHAPTER = re.compile(rf"(?:CHAPTER|Chapter|PART|Part)\s+(?:\d{{1,3}}|{_ROMAN_NUM}|[A-Z])\b\.?")
_EN_ARTICLE = re.compile(rf"(?:ARTICLE|Article|ART\.|Art\.)\s*(?:\d{{1,3}}|{_ROMAN_NUM})\b\.?")
_EN_SECTION = re.compile(r"(?:SECTION|Section|CLAUSE|Clause|§)\s*(\d{1,3}(?:\.\d{1,3})*)\.?(?![\d])")
_ROMAN_LINE = re.compile(r"([IVX]{1,6})\.(?=\s)")  # not L, C, D: recitals run A., B., C.
_DECIMAL = re.compile(r"(\d{1,3}(?:[.．]\d{1,3})*)([.．、]?)(?![\d.．])")
_LIST_ITEM = re.compile(
    r"(?:[（(]\s*(?:\d{1,3}|[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,6})\s*[）)]"
    r"|(?:\d{1,3}|[a-zA-Z]{1,2})\)"
    r"|[A-Za-z][.](?=\s)"
    r"|[•·●○■□◆◇▪►✓\-–—*](?=\s)"
    r"|[①-⑳])"
)
_ANNEX_ZH = re.compile(r"((?:附件|附录|附表)\s*[零〇一二三四五六七八九十\d０-９A-Za-z]{0,4})(?=$|[\s：:、.．\-—（(])")
_ANNEX_EN = re.compile(
    r"((?:SCHEDULE|Schedule|ANNEX|Annex|EXHIBIT|Exhibit|APPENDIX|Appendix|ATTACHMENT|Attachment"
    r"|ADDENDUM|Addendum)(?:\s+(?:[A-Z]{1,2}(?:-\d{1,3})?|\d{1,3}(?:\.\d{1,3})?|[IVXLC]{1,6})\b)?)"
    r"(?=$|[\s:.\-–—])"
)
_LEADING_SEPARATORS = " \t\u3000:：.．、-–—"
_SMALL_WORDS = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "per", "the", "to",
    "with", "without", "under", "upon", "than", "via", "vs", "nor", "but", "its", "their", "other", "any",
    "all",
})  # fmt: skip
_VERBS = frozenset({
    "shall", "will", "may", "must", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
    "agrees", "agree", "acknowledges", "represents", "warrants", "hereby", "herein", "should", "would",
    "can", "cannot", "does", "do",
})  # fmt: skip
_SENTENCE_OPENERS = frozenset({
    "This", "The", "Each", "Any", "All", "Neither", "No", "Nothing", "If", "In", "Upon", "Except", "Either",
    "Notwithstanding", "During", "Unless", "Subject", "Where", "When", "Without", "Such", "These", "A", "An",
})  # fmt: skip
_CJK = re.compile(f"[{HAN_WIDE}]")
_ASCII_LOWER = re.compile(r"[a-z]")
_ASCII_UPPER = re.compile(r"[A-Z]")
_CJK_SENTENCE = "，。；！？,;、"
_CJK_TITLE_MAX = 16
_CJK_TITLE_SEPARATORS = re.compile(r"[\s\u3000：:]")
# A blank to fill in brackets: empty, underscores or X, or naming what goes there (【甲方名称】, [签约日期]).
_BLANK = re.compile(r"[【\[［〔][\s_＿xX×*]{0,20}(?:[^】\]］〕]{0,10}"
                    r"(?:名称|姓名|金额|数额|日期|时间|地址|住所|账号|账户|电话|编号|号码|填写|待定)[\s_＿]{0,20})?[】\]］〕]")
_PAIRS = (("【", "】"), ("（", "）"), ("(", ")"), ("“", "”"), ("《", "》"), ("［", "］"), ("[", "]"), ("〔", "〕"))


@dataclass(frozen=True)
class HeadingMatch:
    """A heading found at the start of a line: its number as written, title and following text.

    ``number`` is ``None`` for unnumbered headings; ``title`` is "" when the line carries no title
    (a bare "第五条" or "1.1 The Supplier shall …").
    """

    style: str
    number: str | None
    title: str
    body: str


def is_title_like(text: str, *, max_words: int = 10) -> bool:
    """True for a short heading such as "Governing Law", "Term; Termination", "CONFIDENTIALITY"."""
    text = text.strip().rstrip(".:：")
    if not text or len(text) > 90 or text[-1] in ",;":
        return False
    if _CJK.search(text):
        return (len(text) <= _CJK_TITLE_MAX and not any(c in text for c in _CJK_SENTENCE) and _closed(text)
                and not _BLANK.search(text))
    words = text.split()
    if len(words) > max_words or not any(c.isalpha() for c in text):
        return False
    first = words[0].lstrip("\"'“‘(")
    if not first or not (first[0].isupper() or first[0].isdigit()):
        return False
    lowered = [w.lower().strip("\"'“”‘’(),;:") for w in words]
    if any(w in _VERBS for w in lowered):
        return False
    significant = [w for w, low in zip(words, lowered, strict=True) if low and low not in _SMALL_WORDS]
    capitalised = [w for w in significant if not w[0].isalpha() or w[0].isupper()]
    return len(capitalised) == len(significant) or len(words) <= 3


def _closed(text: str) -> bool:
    """Whether every bracket or quote ``text`` opens is closed in it: "有效期为【" (cut at the space of a
    blank "【 】") is the start of a sentence, not a title."""
    return all(text.count(a) == text.count(b) for a, b in _PAIRS)


def is_caps_heading(line: str) -> bool:
    """True for a short all-capitals line such as "CONFIDENTIALITY" or "GOVERNING LAW:"."""
    line = line.strip().rstrip(":.")
    if not line or len(line) > 80 or line[-1] in ",;":
        return False
    # Latin letters all capitals (none in lower case), at least four of them
    if _ASCII_LOWER.search(line) or len(_ASCII_UPPER.findall(line)) < 4:
        return False
    return len(line.split()) <= 10 and not _CJK.search(line)


def is_list_item(line: str) -> bool:
    """True when the line starts with an item marker: (a), (ii), （1）, a), 1), •, ①."""
    return _LIST_ITEM.match(line) is not None


def _run_in_title(rest: str) -> tuple[str, str] | None:
    """ "CONFIDENTIALITY The Recipient …", "Governing Law This Agreement …": a title without a stop.

    An all-capitals run counts when the next word starts a sentence (capital letter); a
    Title-Case run only when the next word is a usual sentence opener ("This", "The", "Each" …).
    """
    words = rest.split(" ")
    caps: list[str] = []
    for word in words:
        letters = [c for c in word if c.isalpha()]
        capitals = bool(letters) and all(c.isupper() for c in letters) and (len(letters) > 1 or word == "A")
        joiner = not letters and bool(caps) and word in ("&", "-", "–", "/")
        if not (capitals or joiner):
            break
        caps.append(word)
    if caps and len(caps) < len(words) and sum(len(w) for w in caps) >= 4:
        nxt = words[len(caps)]
        if not caps[-1].endswith(",") and nxt[:1].isupper():
            title = " ".join(caps)
            return title.strip(" -–:"), rest[len(title) :].lstrip(_LEADING_SEPARATORS).rstrip()
    for n in range(1, min(7, len(words) - 1)):
        if words[n] in _SENTENCE_OPENERS:
            title = " ".join(words[:n])
            if is_title_like(title, max_words=6) and not title.endswith(","):
                return title, rest[len(title) :].strip()
            break
    return None


def split_title(rest: str) -> tuple[str, str]:
    """Split what follows a clause number into (title, body): "Governing Law. This …" → both parts."""
    rest = rest.lstrip(_LEADING_SEPARATORS).rstrip()
    if not rest:
        return "", ""
    first_line, _, more = rest.partition("\n")
    # the number alone on its line ("1.1 \n更多"): no title, the next lines are the body
    title, body = _split_line(first_line) if first_line.strip() else ("", "")
    if more:
        body = f"{body}\n{more}" if body else more
    return title, body


def _split_line(rest: str) -> tuple[str, str]:
    if _CJK.match(rest) or (rest[0] in '“"《【' and _CJK.search(rest[:6])):
        m = _CJK_TITLE_SEPARATORS.search(rest)
        if m and 0 < m.start() <= 20 and rest[m.end() :].strip() and is_title_like(rest[: m.start()]):
            return rest[: m.start()].strip(), rest[m.end() :].lstrip(_LEADING_SEPARATORS).rstrip()
        if is_title_like(rest) and (rest[-1] not in "：:" or len(rest) <= _CJK_TITLE_MAX // 2):
            return rest.rstrip("：:"), ""
        return "", rest
    if (is_title_like(rest, max_words=12) or _sentence_case_title(rest)) and rest[-1] not in ";,":
        return rest.rstrip(".:").strip(), ""
    m = re.match(r"(.{2,80}?)[.:](?:\s+|$)", rest)
    if m and is_title_like(m.group(1)) and not m.group(1).rstrip().endswith(("Mr", "Ms", "Dr", "No", "St")):
        return m.group(1).strip(), rest[m.end() :].strip()
    run_in = _run_in_title(rest)
    if run_in is not None:
        return run_in
    return "", rest


def _sentence_case_title(line: str) -> bool:
    """A whole line after a clause number that names a subject in sentence case: "Service levels and
    acceptance", "RPO Provider's rights and obligations" (four words that matter at most, no verb, no stop)."""
    words = line.rstrip(":").split()
    if not 2 <= len(words) <= 6 or not words[0][:1].isupper() or any(c in line for c in ".;,()\"“”"):
        return False
    lowered = [w.lower().strip("'’") for w in words]
    if any(w in _VERBS for w in lowered) or not all(w.replace("'", "").replace("’", "").replace("-", "").isalpha()
                                                    for w in words):
        return False
    return sum(1 for w in lowered if w not in _SMALL_WORDS) <= 4


def _rest_ok(rest: str) -> bool:
    """What follows a bare number must look like a heading or the start of a sentence."""
    if not rest:
        return True
    c = rest[0]
    if c.isascii() and c.isalpha():
        return c.isupper()
    return not c.isdigit()


def match_numbered(line: str) -> HeadingMatch | None:
    """The numbered heading the line starts with, or ``None``."""
    return _numbered(line, split_title)


def starts_numbered(line: str) -> bool:
    """Whether the line starts with a numbered heading: ``match_numbered(line) is not None``, without
    splitting the title from the body, which joining a PDF's lines (``review.lines``) does not need."""
    return _numbered(line, _no_title) is not None


def _no_title(rest: str) -> tuple[str, str]:
    return "", rest


def _numbered(line: str, split: Callable[[str], tuple[str, str]]) -> HeadingMatch | None:
    """``match_numbered``, the title and body taken apart by ``split``."""
    line = line.lstrip(" \t\u3000")
    if not line:
        return None
    c = line[0]
    if c == "第":
        for pattern, style in ((_ZH_ARTICLE, "article"), (_ZH_CHAPTER, "chapter"), (_ZH_SECTION, "cn_section")):
            m = pattern.match(line)
            if m:
                title, body = split(line[m.end() :])
                return HeadingMatch(style, re.sub(r"\s+", "", m.group(0)), title, body)
        return None
    for openers, pattern, style in (("（(", _CN_PAREN, "cn_paren"), ("【〔", _CN_BRACKET, "cn_bracket")):
        if c in openers:
            m = pattern.match(line)
            if not m:
                return None
            title, body = split(line[m.end() :])
            return HeadingMatch(style, m.group(0).replace(" ", ""), title, body)
    if c in "一二三四五六七八九十":
        m = _CN_ENUM.match(line)
        if m:
            title, body = split(line[m.end() :])
            return HeadingMatch("cn_enum", m.group(0).strip(), title, body)
        return None
    if c.isdigit():
        return _match_decimal(line, split)
    for pattern, style in ((_EN_ARTICLE, "article"), (_EN_CHAPTER, "chapter")):
        m = pattern.match(line)
        if m:
            rest = line[m.end() :].lstrip(_LEADING_SEPARATORS).rstrip()
            if not _rest_ok(rest):
                return None
            title, body = split(rest)
            return HeadingMatch(style, m.group(0).rstrip("."), title, body)
    m = _EN_SECTION.match(line)
    if m:
        rest = line[m.end() :].lstrip(_LEADING_SEPARATORS).rstrip()
        if not _rest_ok(rest):
            return None
        depth = m.group(1).count(".") + 1
        style = "article" if depth == 1 and line[0] in "Cc" else f"dec{min(depth, 4)}"
        title, body = split(rest)
        return HeadingMatch(style, m.group(0).rstrip("."), title, body)
    m = _ROMAN_LINE.match(line)
    if m:
        rest = line[m.end() :].lstrip(_LEADING_SEPARATORS).rstrip()
        if rest and _rest_ok(rest):
            title, body = split(rest)
            return HeadingMatch("roman", m.group(1), title, body)
    return None


def _match_decimal(line: str, split: Callable[[str], tuple[str, str]]) -> HeadingMatch | None:
    m = _DECIMAL.match(line)
    if m is None:
        return None
    number, dot = m.group(1), m.group(2)
    parts = re.split(r"[.．]", number)
    if parts[0] in ("0", "00", "000") or len(parts[0]) > 2:
        return None
    after = line[m.end() :]
    if after and not (after[0].isspace() or _CJK.match(after) or after[0] in '“"('):
        return None
    rest = after.strip(" \t\u3000")
    if not _rest_ok(rest):
        return None
    depth = len(parts)
    # "7 Notices" is a heading; "30 days after …" or "2015 Annual Report" are not.
    if depth == 1 and not dot and (not rest or not is_title_like(rest.partition("\n")[0], max_words=8)):
        return None
    title, body = split(rest)
    return HeadingMatch(f"dec{min(depth, 4)}", number + dot, title, body)


def match_annex(line: str) -> HeadingMatch | None:
    """An annex heading ("附件一：服务清单", "Schedule 2 – Fees", "EXHIBIT A"), or ``None``."""
    line = line.strip()
    if not line:
        return None
    m = _ANNEX_ZH.match(line) if line[0] == "附" else _ANNEX_EN.match(line)
    if m is None:
        return None
    rest = line[m.end() :].lstrip(_LEADING_SEPARATORS).rstrip()
    if rest and not (is_title_like(rest, max_words=12) or is_caps_heading(rest)):
        return None
    if not rest and line[0] != "附" and " " not in m.group(1) and not m.group(1).isupper():
        return None  # a bare "Schedule" in running text
    return HeadingMatch("annex", re.sub(r"\s+", " ", m.group(1)), rest.rstrip("：:."), "")
