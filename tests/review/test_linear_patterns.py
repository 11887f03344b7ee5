"""Every regex the reviewer runs on document text runs in time linear in the text, and says so structurally.

A pattern is linear when it runs in RE2 (``review.linear.LinearPattern``), or when each match attempt reads a
bounded number of characters (``match_bounds.reach`` gives a fixed bound: its match and its lookaheads; a lookbehind
is fixed-width in Python), so a search does bounded work per start. The rest are named below, each with why it
is linear, or, for those not yet made so, what still bounds it: a new pattern that is neither fails here.
These tests count no seconds; ``test_long_runs_take_linear_time`` below runs the cases found quadratic on inputs
a quadratic pattern would take minutes on, under a hang guard.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import pytest

import review
import signoff
from clause_library.loader import default_library
from review.fast_pattern import fast_pattern
from review.linear import LinearPattern
from review.match_bounds import reach

# Category patterns Python's re runs (look-around, which RE2 cannot say, or a \b in a pattern that names a non-ASCII
# word character: see linear.compile_bounded) whose match attempts read no fixed number of characters. By
# "category.field.index" (the index in zh + en).
_GUARDED = "each run is read from its first position only: a lookbehind refuses a start inside it (fb2c11f, 4533f73)"
_PER_WORD = ("NOT PROVEN LINEAR: a start reads at most a fixed number of words (\\w+, \\S+), so the work is bounded "
             "by the longest word of the text (texts are normalised, one space between words)")
CATEGORY_ALLOWED: dict[str, str] = {
    "parties.body.10": _GUARDED,
    "parties.body.33": _GUARDED,
    "payment.body.8": _GUARDED,
    "warranty.body.4": _GUARDED,
    "warranty.body.5": _GUARDED,
    "post_termination_services.body.18": _GUARDED + "; \\w*+ is possessive",
    "signatures.body.12": _GUARDED,
    "signatures.body.34": _GUARDED,
    "parties.body.2": "[\\u4e00-\\u9fffA-Za-z]{2,} after 法定代表人/负责人 and a colon, then at most 40 characters: "
                      "a start is a label, and the run after it is read once per label; " + _PER_WORD,
    "service_scope.headings.6": "a heading (a few words): ^ anchors it, one start",
    "post_termination_services.body.25": "(?:^|[.;:]\\s) then [^.;]* up to a fixed word: starts only after a "
                                         "sentence mark, and [^.;]* stops at the next one, so each sentence is read "
                                         "from its own start only",
    "post_termination_services.body.26": "as post_termination_services.body.24",
}
for _name in ("parties.body.16", "parties.body.25", "parties.body.26", "service_standards.body.0", "payment.body.7",
              "payment.body.9", "payment.body.15", "payment.body.16", "termination_for_convenience.body.19",
              "termination_for_convenience.body.20", "return_or_destruction.body.10", "return_or_destruction.body.11",
              # start only at a sentence mark or an item label; each bounded run then stops at the next mark
              "termination_for_convenience.body.14", "termination_for_convenience.body.17"):
    CATEGORY_ALLOWED[_name] = _PER_WORD

_ONE_START = "anchored at the start of the text (^ without MULTILINE) and run with match or search: one start"
_ONE_RUN = "one class repeated: a match reads its run once, a failed start one character"
# Module-level patterns of review/ that Python's re runs and whose attempts read no fixed number of characters.
MODULE_ALLOWED: dict[str, str] = {
    "review.model._NOT_CJK": _ONE_RUN,
    "review.model.TOKEN": "a run of word characters between word boundaries: each run read once (findall)",
    "review.model._SENTENCE": "\\s+ only right after . ; or : (a fixed lookbehind): each run of spaces is read from "
                              "the mark before it",
    "review.check_base._SIGN_CUE": "\\s* between fixed words (runs of spaces): each start is a fixed word",
    "review.check_figures._PCT": "\\s* between a number of at most 6 characters and a fixed sign; the number "
                                 "starts no match inside a run of digits ((?<![\\d.]))",
    "review.check_figures._TOTAL_ROW": _ONE_START,
    "review.check_figures._PAY_CUE": "fixed words; instal+ment reads a run of l from its 'insta' only",
    "review.check_figures._INSTALMENT": "fixed words and instal+ments?: a run of l read from its 'insta' only",
    "review.check_figures._LIST_ITEM": _ONE_START,
    "review.check_figures._TERM": "starts at 自/从/于, then \\s* between fixed-length dates: each run of spaces is "
                                  "read from the one character before it",
    "review.library_text._ITEM_PREFIX": "library text, not the document: (?m)^[ \\t]*- reads each line's indent",
    "review.check_library._MARKER": _ONE_START,
    "review.check_placeholders._PLACEHOLDER": "guarded: no start inside a run of spaces or X's (24dbd5b)",
    "review.check_placeholders._BRACKET_WORDS": "fixed words, or ^【\\s*】$ anchored at the start",
    "review.check_placeholders._SEPARATOR": _ONE_START,
    "review.check_placeholders._SIGN_HERE": "fixed words then \\s*: a run of spaces read from the word before it",
    "review.check_placeholders._SIGN_WHEN": "fixed words then \\s*: a run of spaces read from the word before it",
    "review.check_text._USCC": "a fixed label, then \\s* and bounded parts: a run of spaces read from its label",
    "review.check_text._BETWEEN": "\\bbetween\\s+ then bounded parts: a run of spaces read from 'between' only",
    "review.check_text._SIGN_LABEL": _ONE_START + " (on one line)",
    "review.check_text._NEXT_LABEL": "guarded: no start inside a run of spaces, possessive runs (6bbc8c4)",
    "review.check_text._TRAILER": "guarded: no start inside a run of spaces, possessive runs (6bbc8c4)",
    "review.check_text._PIECES": "guarded: no start inside a run of spaces (6bbc8c4)",
    "review.check_text._NOISE": _ONE_RUN,
    "review.checks._DURATION": "guarded: no start inside a run of numerals (6bbc8c4); \\s* between fixed pieces",
    "review.checks._SURVIVES_FOR": "fixed words and bounded gaps; \\w+ reads one word from a fixed word before it",
    "review.checks._OWN_TERM": "fixed words and bounded gaps; \\w+ reads one word from a fixed word before it",
    "review.classify._CJK_GAP": "a CJK character, then its run of spaces: each run read from the character before "
                                "it only (a space starts nothing)",
    "review.docx_reader._SPACES": _ONE_RUN,
    "review.docx_styles._HEADING_NAME": "a style name, not the document text",
    "review.headings._ZH_CHAPTER": "第 then \\s* and at most 8 numerals: a run of spaces read from its 第 only",
    "review.headings._ZH_SECTION": "as review.headings._ZH_CHAPTER",
    "review.headings._ZH_ARTICLE": "as review.headings._ZH_CHAPTER",
    "review.headings._CN_ENUM": "at most 4 numerals then \\s*: run with match at a block's start (one start)",
    "review.headings._CN_PAREN": "run with match at a block's start (one start)",
    "review.headings._CN_BRACKET": "run with match at a block's start (one start)",
    "review.headings._EN_CHAPTER": "run with match at a block's start (one start)",
    "review.headings._EN_ARTICLE": "run with match at a block's start (one start)",
    "review.headings._EN_SECTION": "run with match at a block's start (one start)",
    "review.headings._DECIMAL": "run with match at a block's start (one start)",
    "review.headings._LIST_ITEM": "run with match at a block's start (one start)",
    "review.headings._ANNEX_ZH": "run with match at a block's start (one start)",
    "review.headings._ANNEX_EN": "run with match at a block's start (one start)",
    "signoff.identity._NUMBER": "a fixed label, then \\s* and at most 64 characters: a run of spaces read from "
                               "its label only",
    "review.linear_syntax._PIECE": "pattern source, not the document",
    "review.pdf_reader._PAGE_NUMBER": "a line, run with match or fullmatch (one start)",
    "review.pdf_reader._SPACES": _ONE_RUN,
    "review.pdf_reader._DIGITS": _ONE_RUN,
    "review.segment._LAST_NUMERAL": "runs of one class each; [IVXLC]+(?=\\W*$) on a heading's number only",
}


def _category_patterns() -> Iterator[tuple[str, str]]:
    for cid, cat in default_library().categories.items():
        for field in ("headings", "body", "weak", "exclude"):
            group = getattr(cat, field)
            for i, source in enumerate(group.zh + group.en):
                yield f"{cid}.{field}.{i}", source


def _module_patterns() -> dict[str, Any]:
    found: dict[str, Any] = {}

    def visit(obj: Any, name: str) -> None:
        if isinstance(obj, (re.Pattern, LinearPattern)):
            found[name] = obj
        elif isinstance(obj, (tuple, list)) and len(obj) < 50:
            for i, item in enumerate(obj):
                visit(item, f"{name}[{i}]")

    for package in (review, signoff):  # the packages that match patterns against documents
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for attr, value in vars(module).items():
                if not attr.startswith("__"):
                    visit(value, f"{package.__name__}.{info.name}.{attr}")
    return found


def _bounded(source: str) -> bool:
    got = reach(source)
    return got is not None and got[1] == 0


def test_every_category_pattern_is_linear_or_named() -> None:
    seen = set()
    unnamed = []
    for name, source in _category_patterns():
        if isinstance(fast_pattern(source).rx, LinearPattern) or _bounded(source):
            assert name not in CATEGORY_ALLOWED, f"{name} is linear now: take it off CATEGORY_ALLOWED"
            continue
        seen.add(name)
        if name not in CATEGORY_ALLOWED:
            unnamed.append(f"{name}: {source[:80]}")
    assert not unnamed, ("category patterns neither in RE2 nor bounded (make RE2 run them, bound them, or guard "
                         "them and name them in CATEGORY_ALLOWED with the reason):\n" + "\n".join(unnamed))
    assert not set(CATEGORY_ALLOWED) - seen, f"no such patterns any more: {set(CATEGORY_ALLOWED) - seen}"


def test_every_module_pattern_of_review_is_linear_or_named() -> None:
    patterns = _module_patterns()
    unnamed = []
    for name, rx in patterns.items():
        if isinstance(rx, LinearPattern) or _bounded(rx.pattern):
            assert name not in MODULE_ALLOWED, f"{name} is linear now: take it off MODULE_ALLOWED"
            continue
        if name not in MODULE_ALLOWED:
            unnamed.append(f"{name}: {rx.pattern[:80]}")
    assert not unnamed, ("module-level patterns of review/ neither in RE2 nor bounded (run them with "
                         "linear.compile_linear, bound them, or name them in MODULE_ALLOWED with the reason):\n"
                         + "\n".join(unnamed))
    assert not set(MODULE_ALLOWED) - set(patterns), f"no such patterns: {set(MODULE_ALLOWED) - set(patterns)}"


# Cue patterns (cues.yaml, all run by Python's re) whose match attempts read no fixed number of characters, by
# "path.index" in the cues.
CUE_ALLOWED: dict[str, str] = {
    "personal_information.entrusted.en.0": "fixed words; the \\w+ of 'the \\w+'s' reads one word from each 'the '",
}


def _cue_patterns() -> Iterator[tuple[str, str]]:
    cues = default_library().cues
    assert cues is not None

    def walk(data: Any, name: str) -> Iterator[tuple[str, str]]:
        if isinstance(data, dict):
            for key, value in data.items():
                if key != "kind":
                    yield from walk(value, f"{name}.{key}" if name else key)
        elif isinstance(data, list):
            for i, item in enumerate(data):
                if isinstance(item, str):
                    yield f"{name}.{i}", item
                else:  # a family title or an outsourcing kind: by its kind
                    yield from walk(item, f"{name}.{item['kind']}")

    yield from walk(cues.model_dump(mode="json"), "")


def test_every_cue_pattern_is_bounded_or_named() -> None:
    names = dict(_cue_patterns())
    assert len(names) > 200 and "document_kind.family.power_of_attorney.zh.0" in names
    unnamed = [f"{name}: {source[:80]}" for name, source in names.items()
               if not _bounded(source) and name not in CUE_ALLOWED]
    assert not unnamed, ("cue patterns that read without a fixed bound (bound them, or name them in CUE_ALLOWED "
                         "with the reason):\n" + "\n".join(unnamed))
    assert not {name for name in CUE_ALLOWED if name not in names or _bounded(names[name])}, \
        "no such unbounded cue patterns any more: take them off CUE_ALLOWED"


def test_most_category_patterns_run_in_re2() -> None:
    sources = [s for _, s in _category_patterns()]
    linear = sum(isinstance(fast_pattern(s).rx, LinearPattern) for s in sources)
    assert linear >= 0.8 * len(sources), (linear, len(sources))


# ---- RE2 answers as Python's re on every category pattern it runs ------------------------------------------------

def _pieces(source: str) -> list[str]:
    """The literal strings and one character of each class of ``source``: what random texts are made of."""
    out: list[str] = []

    def walk(items: Any) -> None:
        run: list[str] = []
        for op, av in items:
            if op is sre.LITERAL:
                run.append(chr(av))
                continue
            if run:
                out.append("".join(run))
                run = []
            if op is sre.IN:
                for cop, cav in av:
                    if cop is sre.LITERAL:
                        out.append(chr(cav))
                    elif cop is sre.RANGE:
                        out.append(chr(cav[0]))
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                walk(av[2])
            elif op is sre.SUBPATTERN:
                walk(av[-1])
            elif op is sre.BRANCH:
                for alt in av[1]:
                    walk(alt)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                walk(av[1])
        if run:
            out.append("".join(run))

    walk(sre_parse.parse(source, re.IGNORECASE))
    return list(dict.fromkeys(p for p in out if p))


_NOISE = [" ", "a", "1", "。", ".", "é", "甲", "_", "I", "ı", "İ", "K", "ſ", "x", "٣", "z", "q", "0", "ab", "a1"]


def test_re2_finds_what_python_finds_on_every_category_pattern() -> None:
    """The classifier searches each pattern once (``FastPattern.search``): the first match, its span, must be re's."""
    rng = random.Random(5)
    for name, source in _category_patterns():
        rx = fast_pattern(source).rx
        if not isinstance(rx, LinearPattern):
            continue
        python = re.compile(source, re.IGNORECASE)
        tokens = _pieces(source) + _NOISE
        for _ in range(25):
            text = "".join(rng.choice(tokens) for _ in range(rng.randrange(1, 16)))
            got, want = rx.search(text), python.search(text)
            assert (got and got.span()) == (want and want.span()), (name, text)


# ---- the cases found quadratic, on inputs a quadratic pattern takes minutes on -----------------------------------

def _category(name: str) -> Any:
    cid, field, index = name.split(".")
    group = getattr(default_library().categories[cid], field)
    return fast_pattern((group.zh + group.en)[int(index)]).rx


_LONG = 200_000  # characters: a quadratic pattern reads 10^10 of them here (it took 0.1 s at 20,000)
_CASES = {
    # name: the text repeated (each took x4 time per doubling of 4,000-20,000 characters of it)
    "signatures.weak.1": "_",
    "renewal.body.11": "renew",
    "termination_for_convenience.body.16": "terminat",
    "post_termination_services.body.21": "migrat",
    "post_termination_services.body.24": "assist",
    "dispute_resolution.body.6": "submit",
    "permitted_disclosure.body.11": "agents ",
    "parties.body.21": "agreement\n",
    "signatures.body.29": "by:",
    "no_reverse_engineering.body.9": "shall not ",
    "non_solicitation.body.7": "solicit or a ",
    "non_solicitation.body.8": "hire or a ",
    "audit_rights.body.9": "audit a ",
}


class _Hang(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Hang


@contextmanager
def _hang_guard(what: str) -> Iterator[None]:
    """Fail the test if the body runs past 20 s: a hang guard, not a speed test (linear takes milliseconds,
    quadratic minutes)."""
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(20)
    try:
        yield
    except _Hang:
        pytest.fail(f"{what}: quadratic again?")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("name", sorted(_CASES))
def test_long_runs_take_linear_time(name: str) -> None:
    rx = _category(name)
    text = (_CASES[name] * (_LONG // len(_CASES[name]) + 1))[:_LONG]
    with _hang_guard(f"{name} took more than 20 s on {_LONG:,} characters of {_CASES[name]!r}"):
        rx.search(text)
        list(rx.finditer(text))


@pytest.mark.parametrize(("name", "text"), [
    ("signoff.identity._PARTY", "\n \n" * (_LONG // 3)),
])
def test_long_runs_take_linear_time_in_module_patterns(name: str, text: str) -> None:
    module, attr = name.rsplit(".", 1)
    rx = getattr(importlib.import_module(module), attr)
    assert isinstance(rx, LinearPattern)
    with _hang_guard(f"{name} took more than 20 s on {len(text):,} characters"):
        list(rx.finditer(text))
