"""``count_matches`` (the outsourcing cue count) equals ``len(rx.findall(text))``, on the library's cues."""

from __future__ import annotations

import random
import re

from review.classify import normalize
from review.cue_count import CueStrings, count_matches, finds
from review.cues import cue_regexes
from review.match_bounds import max_width
from review.prefilter import fold
from review.reader import read_document
from tests.conftest import eval_dev_documents, needs_shared_eval

_WORDS = ["IT services", "source code", "信息系统", "软件开发", "IT外包", "help desk", "helpdesk", "HR outsourcing",
          "BPO", "xBPO", "call centre", "data entry", "a", "\n", " ", ".", "İT services", "shit services",
          "系统集成", "劳务派遣", "back-office", "labour dispatch"]


_OUTSOURCING = cue_regexes().outsourcing


def _cue_positions(folded: str) -> dict[str, list[int]]:
    return CueStrings(tuple(rx for _, rx in _OUTSOURCING)).positions(folded)


def _same(text: str) -> None:
    folded = fold(text)
    found = _cue_positions(folded)
    for _, rx in _OUTSOURCING:
        want = len(rx.findall(text))
        assert count_matches(rx, text, folded) == want, (rx.pattern[:40], text[:200])
        assert count_matches(rx, text, folded, found) == want, (rx.pattern[:40], text[:200])


def test_same_count_on_generated_text() -> None:
    rng = random.Random(5)
    for _ in range(5000):
        _same("".join(rng.choice(_WORDS) + rng.choice(["", " ", "x", "_", "\n"]) for _ in range(rng.randint(0, 30))))


def test_patterns_it_cannot_bound_are_counted_in_full() -> None:
    for source in (r"(?<=a)bc", r"ab+c", r"(a)\1"):
        rx = re.compile(source, re.IGNORECASE)
        assert count_matches(rx, "xabc abbbc aac", fold("xabc abbbc aac")) == len(rx.findall("xabc abbbc aac"))


@needs_shared_eval
def test_same_count_on_eval_documents() -> None:
    for p in eval_dev_documents():
        _same(normalize(read_document(p).text))


def test_cue_positions_are_every_occurrence() -> None:
    text = fold("IT services and it services; helpdesk help desk 源代码源代码 SOURCE CODE sourcecode")
    found = _cue_positions(text)
    for s, positions in found.items():
        assert positions == [i for i in range(len(text)) if text.startswith(s, i)]
    assert set(found) >= {"it services", "helpdesk", "help desk", "源代码", "source code"}
    for _, rx in _OUTSOURCING:  # and the counts agree with the strings looked for in place
        assert count_matches(rx, text, text, found) == count_matches(rx, text, text) == len(rx.findall(text))


def test_kind_cues_gated_by_their_strings_find_what_the_regex_finds() -> None:
    cues = cue_regexes()
    rng = random.Random(13)
    words = ["保密协议", "服务合同", "本人承诺", "承诺人：", "Non-Disclosure Agreement", "NDA", "the Services",
             "SERVICE LEVELS", "I, the undersigned, hereby agree", "I undertake", "confidentiality pledge",
             "İ hereby agree", "lorem", "\n", " ", "."]
    for _ in range(3000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        for rx in (cues.pledge, cues.nda, cues.service):
            assert finds(rx, text, fold(text)) == (rx.search(text) is not None), (rx.pattern[:30], text)


def test_every_cue_pattern_is_counted_near_its_strings() -> None:
    # a lookaround (or an unbounded repeat) makes count_matches read the whole text with findall: ten times slower
    assert [kind for kind, rx in _OUTSOURCING if max_width(rx.pattern, rx.flags) is None] == []
