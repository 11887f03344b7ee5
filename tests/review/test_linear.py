"""review.linear: RE2 gives the very matches and groups Python's re gives, on the patterns it runs."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from review import check_amounts, check_figures
from review.linear import compile_linear

_TOKENS = ["1", "2", "0", "１２", "123", ",", "，", ".", "5", "大写", "大寫", "小写", "人民币", "RMB", "cny", "￥", "¥",
           "US$", "$", "usd", "元", "yuan", "YUAN", "万", "壹", "贰", "拾", "佰", "仟", "零", "亿", "圆", "角",
           "分", "整",
           "（", "）", "(", ")", "：", ":", " ", "  ", "\u3000", "\n", "\t", "合同总价", "total price", "Total Fees",
           "aggregate fee", "。", "；", "为", "x", "two", "hundred", "and", "forty", "thousand", "US dollars", "-",
           "EUR", "million", "only"]


def _matches(rx: Any, text: str) -> list[tuple[tuple[int, int], dict[str, Any]]]:
    return [((m.start(), m.end()), m.groupdict()) for m in rx.finditer(text)]


@pytest.mark.parametrize(("module", "name"), [
    (check_amounts, "_FIG_THEN_CAP"), (check_amounts, "_CAP_THEN_FIG"), (check_amounts, "_EN_FIG_THEN_WORDS"),
    (check_amounts, "_EN_WORDS_THEN_FIG"), (check_figures, "_MONEY"), (check_figures, "_TOTAL_PRICE"),
])
def test_check_figures_patterns_match_as_python_re(module: Any, name: str) -> None:
    linear = getattr(module, name)
    python = re.compile(linear.source, linear.flags)
    rng = random.Random(name)
    for _ in range(1500):
        text = "".join(rng.choice(_TOKENS) for _ in range(rng.randrange(1, 40)))
        assert _matches(linear, text) == _matches(python, text), text


def test_whitespace_and_digits_mean_what_they_mean_in_python() -> None:
    import sys

    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert compile_linear(r"a\s*b").fullmatch(f"a{spaces}b")
    assert not compile_linear(r"a\s*b").fullmatch("a\u200bb")
    assert compile_linear(r"[\d,]+").fullmatch("１２,٣4")
    assert compile_linear(r"[^\s]+").fullmatch("甲乙") and not compile_linear(r"[^\s]+").search("\u3000")


def test_what_it_cannot_translate_is_refused() -> None:
    # look-around, Unicode \b, back-references, inline flags, possessive and atomic forms, Python's {,n}
    for pattern in (r"\bword", r"a\B", r"(?<=a)b", r"(?!a)b", r"(a)\1", r"(?i)a", r"a++", r"a*+", r"(?>a)", r"a{,3}",
                    r"\Aa", r"a\Z", r"[\S]"):
        with pytest.raises(ValueError):
            compile_linear(pattern)
    with pytest.raises(ValueError):
        compile_linear("a", re.VERBOSE)
    assert compile_linear(r"a+?b*?c??d{1,2}?").fullmatch("aabd")


def _every_character() -> str:
    import sys

    return "".join(map(chr, range(sys.maxunicode + 1)))


def test_word_characters_and_case_are_pythons() -> None:
    """\\w, \\W, \\S and \\D as Python means them, over every code point; and under re.IGNORECASE each letter
    and class matches the very characters Python's does (RE2's own folding lets i miss ı and İ)."""
    every = _every_character()
    for pattern, flags in ((r"\w", 0), (r"\W", 0), (r"\S", 0), (r"\D", 0), (r"[\w,.-]", 0), (r"[^\w ]", 0),
                           (r"i", re.I), (r"[a-z]", re.I), (r"[^a-z]", re.I), (r"[\w’']", re.I), (r"k", re.I),
                           (r"[^\s。;]", re.I), (r"s", re.I), (r"[İ]", re.I), (r"ß", re.I)):
        linear = compile_linear(f"(?:{pattern})+", flags)
        python = re.compile(f"(?:{pattern})+", flags)
        assert [m.span() for m in linear.finditer(every)] == [m.span() for m in python.finditer(every)], pattern


def test_lone_surrogates_are_searched_around() -> None:
    """UTF-8 (and so RE2) cannot hold a lone surrogate: it is searched as U+FFFD, at the same offsets."""
    rx = compile_linear(r"[^a]b")
    assert rx.search("a\ud800b").span() == (1, 3)
    assert [m.span() for m in rx.finditer("\udc00b xb")] == [(0, 2), (3, 5)]
    assert not compile_linear(r"\w").search("\ud800")


# The placeholder pattern written plainly (the first form took minutes on 5,000 spaces); the guarded one must match as
# it does.
_B = "[X×xＸｘ＊*_]"
_G = rf"(?:{_B}{{1,6}}|\s{{2,}}|【\s*】)"
_OLD_PLACEHOLDER = re.compile(
    rf"(?P<date>(?:(?:20|２０)?{_B}{{2,6}}|\s{{2,}}|【\s*】|\d{{4}})\s*年\s*{_G}\s*月\s*{_G}\s*日"
    r"|(?<![\d零〇一二三四五六七八九十])年\s+月\s+日"
    r"|the\s+_{2,}\s+day\s+of\s+_{2,}\s*,?\s*(?:20)?(?:_{2,}|\d{2}(?!\d))"
    r"|\[\s*(?:(?:effective|signing|execution|commencement|start|end|expiry)\s+)?date\s*\]"
    r"|(?<![\w_])20__(?![\w_]))"
    r"|(?P<under>_{3,})"
    r"|(?P<bracket>【[^】\n]{0,30}】)"
    r"|(?P<jinja>\{\{[^}\n]{0,80}\}\}|\{%[^%\n]{0,80}%\})"
    r"|(?P<bullet>[\[［]\s*[●•·…]+\s*[\]］])"
    r"|(?P<insert>\[\s*(?:insert|enter|fill in|name of|date of|amount|party|company name|address)\b[^\]\n]{0,60}\])"
    r"|(?P<xx>×{2,}|(?<=[\u4e00-\u9fff：:])[XＸxｘ]{2,}|[XＸxｘ]{2,}(?=[\u4e00-\u9fff]))"
    r"|(?P<tbd>\bTBD\b|\bTBC\b|\bto be (?:determined|confirmed|agreed)\b|待定|待填写?|待补充|待确认)"
    r"|(?P<boxes>[□☐]{2,})"
    r"|(?P<choice>(?:[□☐][^□☐\n，。；;,.]{1,20}){2,6})",
    re.IGNORECASE,
)
_PLACEHOLDER_TOKENS = ["年", "月", "日", " ", "  ", "\u3000", "\n", "X", "x", "Ｘ", "×", "＊", "_", "___", "2026",
                       "二〇", "十", "甲", "：", "【", "】", "{{", "}}", "[", "]", "●", "insert", "TBD", "待定", "a",
                       "20", "__", "【】", "□", "☐", "是", "否", "the ", " day of ", ", ", "[date]", "☑",
                       "XX年XX月XX日", "____年__月__日"]


def test_placeholder_pattern_matches_as_before() -> None:
    from review.check_placeholders import _PLACEHOLDER

    rng = random.Random(11)
    for _ in range(6000):
        text = "".join(rng.choice(_PLACEHOLDER_TOKENS) for _ in range(rng.randrange(1, 30)))
        got = [(m.span(), m.lastgroup) for m in _PLACEHOLDER.finditer(text)]
        assert got == [(m.span(), m.lastgroup) for m in _OLD_PLACEHOLDER.finditer(text)], text


# ---- patterns rewritten (or moved to RE2) so that long runs of spaces or numerals take linear time --------------
# Each as it was before, and the tokens it is made of plus long runs; the new one must give the same answers.
_SPACES = [" ", "\u3000", "\n", "\t", " " * 40, "\u3000" * 40, "\n" * 40, " \n" * 20, "\r\n"]
_OLD: dict[str, tuple[str, int, list[str]]] = {
    "check_text._ZH_PARTY": (
        r"^\s*(?P<label>甲方|乙方|丙方|委托方|受托方)\s*(?:[（(](?P<alias>[^）)\n]{1,12})[）)])?\s*[:：]\s*(?P<name>[^\n]*)$",
        re.MULTILINE, ["甲方", "乙方", "委托方", "（", "）", "(", ")", "简称", "：", ":", "某某公司", "x"]),
    "check_text._EN_PARTY": (
        r"^\s*(?P<label>Party [ABC])\s*(?:\((?:the\s+)?[\"“]?(?P<alias>[A-Za-z ]{1,24}?)[\"”]?\))?\s*:"
        r"\s*(?P<name>[^\n]*)$",
        re.MULTILINE | re.IGNORECASE, ["Party A", "party b", "PARTY C", "(", ")", "the ", '"', "“", "”", "Client",
                                       ":", "Acme Ltd", "ſ", "K", "甲"]),
    "check_text._NEXT_LABEL": (
        r"\s*(?:甲方|乙方|丙方|委托方|受托方|Party [ABC]|Client|Vendor|Supplier|Customer|法定代表人|授权代表|日期|Date)"
        r"\s*(?:[（(][^）)\n]{0,30}[）)])?\s*[:：].*$",
        re.IGNORECASE, ["甲方", "乙方", "Party A", "client", "DATE", "日期", "法定代表人", "（", "）", "(", ")", "盖章",
                        "：", ":", "某某公司", "x"]),
    "check_text._TRAILER": (
        r"\s*(?:[（(](?:以下简称|下称|hereinafter|the\s)[^）)]*[）)]?|，|;|；).*$",
        re.IGNORECASE, ["（", "）", "(", ")", "以下简称", "下称", "Hereinafter", "the", "，", ";", "；", "甲方", "x"]),
    "checks._DURATION": (
        r"(?P<n>(?:(?<![\d.])\d{1,3}|[零〇一二两三四五六七八九十]+"
        r"|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty)))"
        r"\s*(?:[（(]\s*\d+\s*[）)]\s*)?(?:个)?(?:年(?!\s*\d{1,2}\s*月)|月(?!\s*\d{1,2}\s*日)|years?\b|months?\b)",
        re.IGNORECASE, ["零", "零" * 30, "〇", "一", "二", "十", "两", "5", "2026", ".", "three", "Zero", "(", "3", ")",
                        "（", "）", "个", "年", "月", "日", "years", "month", "x"]),
    "classify._RUN_IN": (
        r"^\s*(?:(?:article|section|clause)\s+)?(?:[\dIVX]+(?:\.\d+)*\.?|\(?[a-z\d]{1,3}\))?\s*"
        r"(?P<h>[A-Z][A-Za-z,&/'’ -]{2,60}?)\s*(?:[.:]\s|\s[-–—]\s)",
        0, ["article", "Section", "12", "3", ".", "IV", "(", "a", ")", "Governing", "Law", "Term", ",", "-", "–", ":",
            "x"]),
}


def _spans_and_groups(rx: Any, text: str) -> list[tuple[tuple[int, int], dict[str, Any]]]:
    return [((m.start(), m.end()), m.groupdict()) for m in rx.finditer(text)]


@pytest.mark.parametrize("name", sorted(_OLD))
def test_linear_rewrites_answer_as_before(name: str) -> None:
    import importlib

    module, attr = name.split(".")
    new = getattr(importlib.import_module(f"review.{module}"), attr)
    source, flags, tokens = _OLD[name]
    old = re.compile(source, flags)
    rng = random.Random(name)
    tokens = tokens + _SPACES
    for _ in range(3000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randrange(1, 25)))
        assert _spans_and_groups(new, text) == _spans_and_groups(old, text), text
        if name.endswith(("_NEXT_LABEL", "_TRAILER")):  # used with sub()
            assert new.sub("", text) == old.sub("", text), text
        if name.endswith("_RUN_IN"):  # used with match()
            got, want = new.match(text), old.match(text)
            assert (got and (got.span(), got.group("h"))) == (want and (want.span(), want.group("h"))), text


def test_capital_amount_pattern_answers_as_before() -> None:
    from clause_library.figures import CAPITAL, CAPITAL_RE

    old = re.compile(CAPITAL)
    tokens = ["人民币", "零", "零" * 30, "壹", "贰", "玖", "拾", "佰", "万", "亿", "元", "圆", "角", "分", "整",
              "人", "1", " ", "x"]
    rng = random.Random(7)
    for _ in range(4000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randrange(1, 25)))
        assert _spans_and_groups(CAPITAL_RE, text) == _spans_and_groups(old, text), text


def test_signature_pieces_split_as_before() -> None:
    from review.check_text import _PIECES

    tokens = ["/", " / ", "甲方：X", "Party A: Y", "x", *_SPACES]
    rng = random.Random(3)
    for _ in range(4000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randrange(1, 25)))
        assert _PIECES.split(text) == re.split(r"\s+/\s+|\n", text), text


# Category and identity patterns before their linear rewrites (each was quadratic on a long run of its own
# pieces), with the pieces random strings are made of; the rewrite must find the same spans and groups.
_OLD_BY_SOURCE = {
    "cat.post_termination_services.body.18": (
        r"(?:terminat|expir|exit)\w*[^.]{0,150}\btransition (?:services|assistance|period|plan)",
        ["terminat", "Expir", "EXIT", "e", "ion", "a", " ", ".", "\n", "transition ", "Transition", "services",
         "plan", "x"]),
    "cat.payment.body.8": (
        r"(?:(?:\d+|[一二三四五六七八九十百千两]+)(?:个)?(?:工作日|日|天|月|周)(?:内|前|之内)|\d+(?:\.\d+)?\s?[%％]"
        r"|百分之[一二三四五六七八九十百]+|人民币|[￥¥]\s?\d|\d[\d,]*(?:\.\d+)?\s?万?元|发票|账户|账号|转账|汇款|分期|付款计划"
        r"|付款节点|预付款|首付款|进度款|尾款)[^。]{0,60}(?:(?:应|须|应当|需|负责|同意|承诺)[^。；;，,]{0,30}"
        r"|(?:甲方|委托方|买方|客户|采购方|发包方)(?:(?!未|逾期|拒绝|拒不|迟延|拖欠)[^。；;]){0,40})"
        r"(?:支付|付款|付清|结清|汇入|划付)(?![^。]{0,8}(?:违约金|赔偿|罚款|滞纳金|损失))",
        ["1", "23", "５", "一", "十", "千", "两", "百分之", "个", "工作日", "日", "内", "前", ".", "%", "¥", " ", ",",
         "万", "元", "发票", "应", "甲方", "未", "支付", "付款", "违约金", "。", "；", "，", "x", "12个工作日内",
         "甲方应支付", "30%", "十日内", "1,", "1,000元"]),
    "cat.warranty.body.4": (
        r"(?:\d+|[一二三四五六七八九十两百]+)(?:个)?(?:日|天|月|年)内[^。；;]{0,20}(?:免费|无偿)(?:再次)?(?:维修|修复|更换|保修)",
        ["1", "23", "一", "十", "百", "两", "个", "日", "月", "内", "免费", "无偿", "再次", "维修", "更换", "。", "x",
         "12个月内", "免费维修", "三十日内"]),
    "cat.parties.body.10": (
        r"(?:公司|企业|集团|银行|分行|支行|中心|大学|学院|研究院|事务所|医院|[_＿]{3,})\s?[（(]以下(?:简称|称|称为)[:：]?\s?"
        r"[\"“‘「]?(?:甲方|乙方|丙方|委托方|受托方|委托人|受托人|披露方|接收方|发包方|承包方|买方|卖方|出卖人|买受人|供方|需方|服务方|客户"
        r"|许可方|被许可方|出租方|承租方|出租人|承租人|贷款人|借款人|用人单位|本公司|公司)[\"”’」]?[）)]",
        ["_", "___", "＿", "公司", " ", "（", "(", "以下简称", "：", "“", "甲方", "”", "）", "x",
         "（以下简称“甲方”）", "(以下称乙方)"]),
    "cat.parties.body.33": (
        r"(?:_{3,}|[\[(<]\s?(?:insert|enter)\b[^\])>]{0,60}\bname\b[^\])>]{0,40}[\])>])\s?\((?:the |hereinafter"
        r"[\w ]{0,20}? )?[\"“‘](?:the )?(?:[\w’' ]{0,20}? )?(?:company|corporation|client|customer|vendor|supplier"
        r"|provider|contractor|consultant|licensor|licensee|distributor|manufacturer|buyer|seller|purchaser|recipient"
        r"|discloser|disclosee|disclosing party|receiving party|counterparty|party|employer|employee|executive|lender"
        r"|borrower|landlord|tenant|lessor|lessee|agent|principal|investor|owner|broker|prospect|bidder|acquir[eo]r"
        r"|member|partner|confidant|business)s?[\"”’]",
        ["_", "___", "[", "insert", " name", "]", " ", "(", "the ", '"', "“", "Company", "”", ")",
         "x", ' ("the Company")', '("Client")']),
    "cat.signatures.body.12": (
        r"[_＿…]{3,}\s?[（(](?:签字|签名|签章|盖章)(?:或盖章|并盖章|并按手印|并捺印)?[）)]",
        ["_", "___", "＿", "…", " ", "（", "(", "签字", "或盖章", "并按手印", "）", ")", "x"]),
    "cat.signatures.body.34": (
        r"(?:[_…-]{3,}|\))\s?\((?:authori[sz]ed )?(?:signature|signed)(?: of [\w ]{1,40})?\)",
        ["_", "___", "…", "-", " ", "(", ")", "authorized ", "Signature", " of ", "x"]),
}


def _category_pattern(name: str) -> re.Pattern[str]:
    from clause_library.loader import default_library

    _, cid, field, index = name.split(".")
    group = getattr(default_library().categories[cid], field)
    return re.compile((group.zh + group.en)[int(index)], re.IGNORECASE)


def _runs(rng: random.Random, tokens: list[str]) -> str:
    """A random string of ``tokens``, now and then with a long run of one of them."""
    parts = [rng.choice(tokens) * (rng.randrange(20, 60) if rng.random() < 0.1 else 1)
             for _ in range(rng.randrange(1, 25))]
    return "".join(parts)


@pytest.mark.parametrize("name", sorted(_OLD_BY_SOURCE))
def test_category_rewrites_answer_as_before(name: str) -> None:
    from review.fast_pattern import fast_pattern

    source, tokens = _OLD_BY_SOURCE[name]
    old, new = re.compile(source, re.IGNORECASE), _category_pattern(name)
    assert new.pattern != source
    rng = random.Random(name)
    for _ in range(3000):
        text = _runs(rng, tokens)
        assert _spans_and_groups(new, text) == _spans_and_groups(old, text), text
        # The classifier searches windows of long texts (FastPattern.search): that finds the same first match
        # if a match of the new pattern at any position is one of the old pattern there (the new one only
        # refuses to start inside a run whose first position matches the same way).
        pos = rng.randrange(len(text) + 1)
        got = new.match(text, pos)
        if got:
            want = old.match(text, pos)
            assert want and want.span() == got.span(), (text, pos)
    assert fast_pattern(new.pattern).reach == fast_pattern(source).reach  # the same windows


# The party line as Python's re reads it: the label, at most a role in brackets and 名称/全称/name, then the colon.
_PY_PARTY = re.compile(
    r"^\s*(甲方|乙方|丙方|Client|Vendor|Customer|Service\s+Provider|Supplier|Party\s+[ABC])"
    r"[ \t\u3000]*(?:[（(][^（()）:：\n]{1,20}[)）])?(?:[ \t\u3000]*(?:名称|全称)|[ \t\u3000]+name)?"
    r"[ \t\u3000]*[:：]\s*(\S[^\n]{0,119})$",
    re.IGNORECASE | re.MULTILINE,
)


def test_identity_party_pattern_answers_as_pythons() -> None:
    from signoff.identity import _PARTY

    tokens = ["\n", "\n\n", " ", "\t", "\u3000", "\r", "甲方", "乙方", "Party A", "party  b", "Client",
              "Service Provider", "：", ":", "某某公司", "x", "ſ", "K", "甲方：某某公司 \n", "\n乙方: x", "Party C",
              "b", "_", "-", "é", "(", ")", "（委托方）", "(Client)", "名称", " name", "Name", "确认", "（", "）",
              "1", "Party Ab:", "Party A.:", "Party Bé: x", "乙方确认：甲方已按照乙方的要求"]
    rng = random.Random(23)
    for _ in range(6000):
        text = _runs(rng, tokens)
        # group 1 or 2 is the label (Party A/B/C is a group of its own), group 3 the name
        assert [(m.span(), m.group(1) or m.group(2), m.group(3)) for m in _PARTY.finditer(text)] == \
            [(m.span(), *m.groups()) for m in _PY_PARTY.finditer(text)], text


def test_a_sentence_beginning_with_a_party_label_is_no_party() -> None:
    """The notice of standard terms ("乙方确认：甲方已按照乙方的要求…") stands above the parties in our contracts: it
    was read as Party B's name, and Party B's real line then ignored (a label counts once)."""
    from signoff.identity import _PARTY

    head = ("合同编号：IT-2026-0001\n乙方确认：甲方已按照乙方的要求对上述条款作出说明。\n"
            "甲方（委托方）：北京示例科技股份有限公司\n乙方（受托方）：上海云服信息技术有限公司\n"
            "Party A (Client): Example Ltd.\nVendor Name: Vendor Ltd.")
    assert [(m.group(1) or m.group(2), m.group(3)) for m in _PARTY.finditer(head)] == [
        ("甲方", "北京示例科技股份有限公司"), ("乙方", "上海云服信息技术有限公司"), ("Party A", "Example Ltd."),
        ("Vendor", "Vendor Ltd.")]


def test_word_boundaries_are_pythons() -> None:
    """compile_bounded: \\b and \\B as Python means them (RE2's own \\b sees one between "a" and "é")."""
    from review.linear import compile_bounded

    tokens = ["foo", "Foo", "a", "é", "甲", "١", "1", "_", " ", ".", "K", "ſ", "ı", "İ", "s", "k", "i", "x", "’"]
    rng = random.Random(17)
    for pattern in (r"\bfoo\b", r"\b(?:s|k|i)\w*\b", r"foo\B\w", r"\b\d+\b", r"\bfoo[^.]{0,5}\bx",
                    r"(?:\w+ ){0,2}foo\b"):
        linear, python = compile_bounded(pattern, re.IGNORECASE), re.compile(pattern, re.IGNORECASE)
        for _ in range(1500):
            text = "".join(rng.choice(tokens) for _ in range(rng.randrange(1, 14)))
            got = [m.span() for m in linear.finditer(text)]
            assert got == [m.span() for m in python.finditer(text)], (pattern, text)
    # a non-ASCII word character named, a range past ASCII, look-around
    for named in (r"\bé", r"\b[à-ÿ]", r"(?<=a)\bb"):
        with pytest.raises(ValueError):
            compile_bounded(named, re.IGNORECASE)
