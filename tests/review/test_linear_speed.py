"""review.linear runs RE2 on each text's UTF-8 encoded once: the same answers as the google-re2 wrapper's own
search, match, fullmatch and finditer (which encode the text on every call), spans, groups and names alike."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
import re2

from review import linear, linear_match
from review.linear import compile_bounded, compile_linear
from review.linear_syntax import translate

# Patterns with groups that may not take part, named groups, empty matches, anchors and non-ASCII pieces.
_PATTERNS = [
    (r"(?P<n>\d+)\s*(?P<unit>年|月|years?)?", re.IGNORECASE),
    (r"a*", 0),
    (r"^|$", re.MULTILINE),
    (r"(?:(x)|(y))(z)?", 0),
    (r"[^a]b", 0),
    (r"\w+", 0),
    (r"“([^”]{1,20})”", 0),
    (r".", re.DOTALL),
    (r"é+|中", re.IGNORECASE),
]
_PIECES = ["a", "b", "x", "y", "z", "1", "23", " ", "\n", "年", "月", "years", "é", "É", "中", "“", "”", "\ud800",
           "\U0001f600", "ab", "", "ß"]


def _plain(compiled: Any, method: str, text: str, *args: Any) -> Any:
    """The wrapper's answer, a lone surrogate read as U+FFFD (what review.linear did before)."""
    try:
        got = getattr(compiled, method)(text, *args)
        if method == "finditer":
            got = list(got)
    except UnicodeEncodeError:
        return _plain(compiled, method, linear_match._surrogates_replaced(text), *args)
    return got


def _answer(m: Any) -> Any:
    if m is None:
        return None
    return (m.span(), m.group(), m.groups(), m.groupdict(), [m.span(i) for i in range(len(m.groups()) + 1)],
            m.string, m.pos, m.endpos, m.lastindex, m.group(0, *range(1, len(m.groups()) + 1)))


def _texts(seed: int, n: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(_PIECES) for _ in range(rng.randrange(0, 30)))


@pytest.mark.parametrize(("pattern", "flags"), _PATTERNS)
def test_fast_runs_answer_as_the_wrapper(pattern: str, flags: int) -> None:
    fast = compile_linear(pattern, flags)
    source = translate(pattern, flags)
    source = ("(?m)" if flags & re.MULTILINE else "") + ("(?s)" if flags & re.DOTALL else "") + source
    plain = re2.compile(source, linear._OPTIONS)
    rng = random.Random(7)
    for text in _texts(len(pattern), 300):
        for args in [(), (rng.randrange(-2, 35),), (rng.randrange(0, 35), rng.randrange(-2, 35))]:
            for method in ("search", "match", "fullmatch"):
                assert _answer(getattr(fast, method)(text, *args)) == _answer(_plain(plain, method, text, *args)), \
                    (method, text, args)
            assert [_answer(m) for m in fast.finditer(text, *args)] == \
                   [_answer(m) for m in _plain(plain, "finditer", text, *args)], (text, args)
        assert fast.findall(text) == [m.group() if not m.groups() else (m.group(1) or "" if len(m.groups()) == 1
                                      else tuple(g or "" for g in m.groups()))
                                      for m in _plain(plain, "finditer", text)]


def test_bounded_patterns_answer_as_the_wrapper_on_the_shadow() -> None:
    fast = compile_bounded(r"\b(?P<w>[a-z]+)\b", re.IGNORECASE)
    plain = re2.compile(translate(r"\b(?P<w>[a-z]+)\b", re.IGNORECASE, boundaries=True), linear._OPTIONS)
    seen = linear._shadow("_", "0")
    for text in _texts(3, 300):
        assert [_answer(m) for m in fast.finditer(text)] == \
               [_answer(m) for m in _plain(plain, "finditer", seen(text))], text
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in re.finditer(r"\b[a-z]+\b", text, re.I)]


def test_one_text_is_encoded_once_and_the_cache_stays_small() -> None:
    rx = compile_linear(r"b")
    text = "a" * 1000 + "b€"
    assert rx.search(text).span() == (1000, 1001)
    first = linear_match._encoded(text)
    assert rx.search(text).span() == (1000, 1001)
    assert linear_match._encoded(text) is first and first[2] is False
    for i in range(3 * linear_match._ENCODED_MAX):
        assert rx.search(f"{i}b").span() == (len(str(i)), len(str(i)) + 1)
    assert len(linear_match._ENCODED) <= linear_match._ENCODED_MAX


def test_bad_group_questions_are_refused_as_the_wrapper_refuses() -> None:
    m = compile_linear(r"(?P<a>x)(y)?").search("x")
    assert m is not None and m["a"] == "x" and m[2] is None and m.group("a", 2) == ("x", None)
    for bad in (3, -1, "b"):
        with pytest.raises(IndexError):
            m[bad]
    with pytest.raises(IndexError):
        m.span(3)
