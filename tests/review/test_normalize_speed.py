"""Sped-up helpers equal their plain versions.

``normalize`` (subs skipped when they cannot apply, str.split for \\s+); the placeholder trigger.
"""

from __future__ import annotations

import random
import re
import sys

from review.classify import normalize

_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"


def _reference(text: str) -> str:
    text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text)
    text = re.sub(rf"(?<={_CJK})\s+(?={_CJK})", "", text)
    return re.sub(r"\s+", " ", text).strip()


def test_every_whitespace_character() -> None:
    spaces = "".join(chr(i) for i in range(sys.maxunicode + 1) if re.match(r"\s", chr(i)))
    for c in spaces:
        for text in (f"a{c}b", f"{c}a{c}{c}b{c}", f"中{c}文", f"x-{c}y", f"{c}"):
            assert normalize(text) == _reference(text), repr(text)


def test_generated_text() -> None:
    rng = random.Random(3)
    pieces = ["a", "b", "Z", "中", "文", "（", "-", "-\n", "\n", " ", "\t", "\u3000", "\u00a0", "\x1c", "\u2028",
              ".", "1"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert normalize(text) == _reference(text), repr(text)


def test_placeholder_trigger_never_misses_what_the_regex_finds() -> None:
    from review.check_placeholders import _PLACEHOLDER, _TRIGGER, _may_hold_placeholder

    rng = random.Random(4)
    pieces = ["_", "【", "】", "年", "月", "日", " ", "\n", "{", "}", "%", "[", "］", "［", "]", "●", "×", "X", "x",
              "Ｘ", "ｘ", "T", "B", "D", "C", "t", "b", "d", "c", "to", " be", "TO BE", " determined", " Agreed",
              " confirmed", "insert", "待", "a", "中", ".", "İ", "ſ"]
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        if _PLACEHOLDER.search(text):  # the trigger is a valid first look
            assert _TRIGGER.search(text), repr(text)
        if _TRIGGER.search(text):
            assert _may_hold_placeholder(text), repr(text)


def test_opening_of_a_long_text_is_the_start_of_the_whole_text_normalised() -> None:
    from review.kind import _OPENING, _opening

    rng = random.Random(6)
    pieces = ["ab", "Z", "中", "文", "-\n", "\n", " ", "  ", "\t", "\u3000", "x-", "\n\n\n\n", "word "]
    for _ in range(300):
        # around the prefix length, with whitespace runs and broken words falling on the cut
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(2000, 6000)))
        assert _opening(text) == normalize(text)[:_OPENING]
    assert _opening(" " * 20000 + "a") == "a"  # a prefix that normalises to too little: the whole text


def test_kind_alone_is_the_kind_of_the_whole_detection() -> None:
    from review.kind import detect_kind

    rng = random.Random(8)
    cues = ["保密协议", "服务合同", "本人承诺", "Non-Disclosure Agreement", "the Services", "I hereby agree",
            "IT services", "call centre", "payroll services", "lorem ipsum ", "\n", " "]
    for _ in range(2000):
        text = "".join(rng.choice(cues) for _ in range(rng.randint(0, 40)))
        assert detect_kind(text, outsourcing=False) == (detect_kind(text)[0], None)


def test_starts_new_shortcut_agrees_with_the_heading_matchers() -> None:
    from review.headings import is_list_item, match_annex, match_numbered
    from review.lines import _starts_new

    def full(line: str) -> bool:
        return match_numbered(line) is not None or is_list_item(line) or match_annex(line) is not None

    rng = random.Random(12)
    heads = [chr(c) for c in range(ord("A"), ord("Z") + 1)] + [chr(c) for c in range(ord("a"), ord("z") + 1)]
    heads += ["Article", "ARTICLE", "Art.", "Section", "SECTION", "Clause", "Chapter", "Part", "PART", "Schedule",
              "Annex", "EXHIBIT", "Appendix", "Attachment", "Addendum", "IV", "XII", "§", "第", "（", "(", "一", "1",
              "12", "①", "•", "-", "附件", "The", "This", "a", "ab", "iv"]
    tails = [")", ".", " ", "1", "2.3", " 5", " II", " A", " The Supplier", ". Payment", "", ":", "）", "、", "A", "b"]
    for _ in range(30000):
        line = (rng.choice(heads) + "".join(rng.choice(tails) for _ in range(rng.randint(0, 4)))).strip()
        if line:
            assert _starts_new(line) == full(line), repr(line)
