"""Which kind of outsourcing a service contract is (IT, business process, HR), by the work it hands over."""

from __future__ import annotations

import functools
import re

from clause_library.models import OutsourcingKind
from clause_library.vocabulary import HAN

from .cue_count import CueStrings, count_matches
from .cues import CueRegexes
from .prefilter import fold

__all__ = ["HEAD", "OutsourcingReading", "read_outsourcing_kind"]

HEAD = 400  # characters: the title and preamble, where cues weigh most
_HEAD_WEIGHT = 5  # a cue in the title and preamble counts this many times
# An outsourcing kind this well attested (a title cue, or five in the text) with no other kind above
# ``_AHEAD`` of its score, or attested twice with no other kind at all, is the kind; else uncertain.
_SURE = 5
_AHEAD = 0.4
_CANDIDATE = 0.3  # an uncertain kind's candidates score at least this share of the best

# A process named as what a system serves (坐席系统, 人事管理系统, 薪酬模块) is a system's subject: supplying or
# running the system is IT, so those words, and a system's list of modules (订阅模块：组织人事、薪酬计算), are no
# hr or bpo cue. (The sentences in which the client keeps a function are the library's ``kept`` cue.)
_SYSTEM_OF = re.compile(f"[{HAN}]" r"{1,8}(?:管理)?(系统|平台|软件|模块|SaaS)"
                        r"(?:(?<=模块)(?:包括|为|[:：])[^。；;]{0,60})?"
                        r"|(模块|功能)(?:包括|为|[:：])[^。；;]{0,60}")
_SYSTEM_WORDS = ("系统", "平台", "软件", "模块", "功能", "SaaS")  # one is in every match of _SYSTEM_OF
_SENTENCE_ENDS = "。；;"
_KEPT_REACH = 80  # a normalised text has no line breaks: a title and preamble run into the first sentence

# (the kind when clear, the candidates when uncertain, each kind's score in the cues' order)
OutsourcingReading = tuple[OutsourcingKind | None, tuple[OutsourcingKind, ...], tuple[tuple[OutsourcingKind, int], ...]]


def _system_only(m: re.Match[str]) -> str:
    """A system with what it serves (坐席系统) or its list of modules, as the system alone."""
    noun = m[1] or m[2]
    return " " * (len(m[0]) - len(noun)) + noun


def _handed_over(whole: str, kept: re.Pattern[str]) -> str:
    """``whole`` without the sentences in which the client keeps a function (``kept``), up to
    ``_KEPT_REACH`` characters either side, blanked (not removed) so that the head (``HEAD``) stays
    where it was."""
    parts: list[str] = []
    last = 0  # the text up to here is in parts
    for m in kept.finditer(whole):
        lo, hi = max(last, m.start() - _KEPT_REACH), min(len(whole), m.end() + _KEPT_REACH)
        start = max([lo] + [whole.rfind(c, lo, m.start()) + 1 for c in _SENTENCE_ENDS])
        end = min([hi] + [e for e in (whole.find(c, m.end(), hi) for c in _SENTENCE_ENDS) if e >= 0])
        parts += [whole[last:start], " " * (end - start)]
        last = end
    return "".join(parts) + whole[last:] if parts else whole


@functools.lru_cache(maxsize=8)
def _strings(cues: tuple[re.Pattern[str], ...]) -> CueStrings:
    return CueStrings(cues)


def _scores(whole: str, rx: CueRegexes) -> tuple[tuple[OutsourcingKind, int], ...]:
    """Each kind's cue count in ``whole`` (normalised), those in the head counting ``_HEAD_WEIGHT`` times."""
    strings = _strings(tuple(cue for _, cue in rx.outsourcing))
    folded = fold(whole)
    looked = {whole: (folded, strings.positions(folded))}  # a text's fold and where its cue strings are, once
    processes = whole
    if any(not cue.isascii() for cue in looked[whole][1]):  # Chinese cues: read what is handed over
        whole = _handed_over(whole, rx.kept)
        processes = _SYSTEM_OF.sub(_system_only, whole) if any(w in whole for w in _SYSTEM_WORDS) else whole

    def score(kind: OutsourcingKind, cue: re.Pattern[str]) -> int:
        text = whole if kind is OutsourcingKind.it else processes
        if text not in looked:
            folded = fold(text)
            looked[text] = (folded, strings.positions(folded))
        folded, found = looked[text]
        return len(cue.findall(text[:HEAD])) * _HEAD_WEIGHT + count_matches(cue, text, folded, found)

    return tuple((kind, score(kind, cue)) for kind, cue in rx.outsourcing)


def read_outsourcing_kind(whole: str, rx: CueRegexes) -> OutsourcingReading:
    """The outsourcing kind of a service contract whose normalised text is ``whole``, by the cues ``rx``."""
    scores = _scores(whole, rx)
    best = max(n for _, n in scores)
    if best == 0:
        return None, (), scores
    leader = next(k for k, n in scores if n == best)
    others = [n for k, n in scores if k is not leader]
    if (best >= _SURE and max(others) <= best * _AHEAD) or (best >= 2 and max(others) == 0):
        return leader, (), scores
    candidates = tuple(k for k, n in scores if n > 0 and n >= best * _CANDIDATE)
    return None, candidates, scores
