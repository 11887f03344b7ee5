"""Where a match of a regular expression may start and how far it may read, from the pattern's syntax tree."""

from __future__ import annotations

import functools
import itertools
import re
from re import _constants as sre  # type: ignore[attr-defined]  # the parser's opcodes (3.11+)
from re import _parser as sre_parse  # type: ignore[attr-defined]  # private, but stable since 3.11
from typing import Any

from .prefilter import exact_strings

__all__ = ["Reach", "longest_word", "max_width", "reach", "starts"]

# ``starts`` gives the strings every match begins with, ``reach`` how far past its start a match reads,
# ``max_width`` the longest match: what lets a search run only at a few places, or only near the strings every
# match holds (``prefilter``), and still find what a search of the whole text finds. Like ``prefilter`` it reads
# CPython's private ``re._parser`` (stable since 3.11): these two modules are the only ones that do.

_Strings = frozenset[str]


_MAX_STARTS = 64  # most strings a match may start with that are kept
_MAX_RUN = 4096  # most strings a run of pieces that each match a set of strings is spelled out into


def _fit(strings: _Strings) -> _Strings | None:
    """At most ``_MAX_STARTS`` strings that every string of ``strings`` starts with one of: those that
    start with another dropped, then all cut shorter, a character at a time, until few enough."""
    out = strings
    while True:
        kept: list[str] = []
        for x in sorted(out):  # a string's prefix sorts right before it and the others it starts
            if not kept or not x.startswith(kept[-1]):
                kept.append(x)
        if len(kept) <= _MAX_STARTS:
            return frozenset(kept)
        longest = max(map(len, kept))
        if longest <= 1:
            return None
        out = frozenset(x[: longest - 1] for x in kept)


def _node_starts(op: Any, av: Any) -> _Strings | None:
    """Strings one of which every match of one piece starts with (after ``_fit``)."""
    if op is sre.BRANCH:
        parts = [_starts_of(alt) for alt in av[1]]
        if any(p is None for p in parts):
            return None
        return _fit(frozenset().union(*(p for p in parts if p is not None)))
    if op is sre.SUBPATTERN:
        return _starts_of(av[-1])
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _starts_of(av)
    if (op in (sre.MAX_REPEAT, sre.MIN_REPEAT) or op is getattr(sre, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
        return _starts_of(av[2])
    return None


def _starts_of(items: Any) -> _Strings | None:
    """Strings one of which every match of the sequence ``items`` starts with (after ``_fit``; it may hold
    "": a match may start anywhere). Pieces matching a known set of strings are spelled out whole,
    as long as there are few enough; the first other piece adds how its own matches start, and ends it."""
    out: _Strings = frozenset({""})
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width: what follows starts the match
        exact = exact_strings(op, av)
        if exact is not None:  # every string the piece can match: the match goes on with one of them
            if len(out) * len(exact) > _MAX_RUN:
                break
            out = frozenset(x + y for x, y in itertools.product(out, exact))
            continue
        first = _node_starts(op, av)
        if first is not None and "" not in first and len(out) * len(first) <= _MAX_RUN:
            out = frozenset(x + y for x, y in itertools.product(out, first))
        break
    return _fit(out)


@functools.lru_cache(maxsize=4096)
def starts(pattern: str) -> frozenset[str] | None:
    """Folded strings one of which the text at the start of every match of ``pattern`` begins with
    (``fold(text)[start:]``); ``None`` when a match may start anywhere. Holds whatever the
    pattern's flags, as ``required_literals``: a search need only try to match at those places.
    """
    try:
        tree = sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError):
        return None
    got = _starts_of(list(tree))
    return got if got and "" not in got else None


_FAR = 1 << 16  # a reach this long is as good as unbounded

# A reach is ``fixed + per_word * W``, where W is the longest token between whitespace in the text
# searched: ``\w+`` or ``[^\s]*`` cannot read further than that, however unbounded it is written.
Reach = tuple[int, int]
# Every code point ``str.isspace`` holds (tests/review/test_classify_speed.py checks them all)
_SPACE_CODES = (9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, *range(8192, 8203), 8232, 8233, 8239,
                8287, 12288)
_NO_SPACE_CATEGORIES = frozenset({sre.CATEGORY_WORD, sre.CATEGORY_DIGIT, sre.CATEGORY_NOT_SPACE})


def _never_space(items: Any) -> bool:
    """Whether ``items`` is one character that is never whitespace (what ``str.split`` splits at)."""
    if len(items) != 1:
        return False
    op, av = items[0]
    if op is sre.LITERAL:
        return not chr(av).isspace()
    if op is not sre.IN:
        return False
    for cop, cav in av:
        if cop is sre.LITERAL:
            ok = not chr(cav).isspace()
        elif cop is sre.RANGE:
            ok = not any(cav[0] <= code <= cav[1] for code in _SPACE_CODES)
        elif cop is sre.CATEGORY:
            ok = cav in _NO_SPACE_CATEGORIES
        else:  # NEGATE and the rest
            ok = False
        if not ok:
            return False
    return True


def _add(a: Reach, b: Reach) -> Reach:
    return a[0] + b[0], a[1] + b[1]


def _reach_of(items: Any) -> Reach | None:
    total: Reach = (0, 0)
    for op, av in items:
        n: Reach | None
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN, sre.CATEGORY):
            n = (1, 0)
        elif op is sre.AT:
            n = (0, 0)  # looks at the characters on either side: see ``reach``
        elif op is sre.BRANCH:
            widths = [_reach_of(alt) for alt in av[1]]
            n = None if any(w is None for w in widths) else (
                max(w[0] for w in widths if w is not None), max(w[1] for w in widths if w is not None))
        elif op is sre.SUBPATTERN:
            n = _reach_of(av[-1])
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            n = _reach_of(av)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) or op is getattr(sre, "POSSESSIVE_REPEAT", None):
            if av[1] >= _FAR:
                # unbounded: only a run without whitespace, which the text's longest token bounds
                n = (0, 1) if _never_space(av[2]) else None
            else:
                inner = _reach_of(av[2])
                n = None if inner is None else (av[1] * inner[0], av[1] * inner[1])
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            # a lookahead reads ahead of where it stands (counted as if it consumed what it reads);
            # a lookbehind reads only before, which a search from ``pos`` still sees
            n = _reach_of(av[1]) if av[0] >= 0 else (0, 0)
        else:  # a back-reference, a conditional group: no bound
            return None
        if n is None:
            return None
        total = _add(total, n)
        if total[0] >= _FAR or total[1] >= _FAR:
            return None
    return total


def reach(pattern: str) -> Reach | None:
    """How far past the start of a match ``pattern`` may read (its match, its lookaheads), at most,
    as ``(fixed, per_word)``: ``fixed + per_word * W`` characters in a text whose longest token
    between whitespace is ``W`` long (see ``longest_word``); ``None`` when unbounded or unknown.
    A match starting at ``p`` is decided by the text before ``p`` and the characters ``p`` to
    ``p + reach`` (``+ 1`` for a ``\\b`` or ``$`` at the end).
    """
    try:
        tree = sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError):
        return None
    return _reach_of(list(tree))


def longest_word(text: str) -> int:
    """The longest token between whitespace in ``text``: no run of characters that are never
    whitespace (``\\w+``, ``\\S+``, ``[\\w,]+``) is longer."""
    return max(map(len, text.split()), default=0)


def max_width(pattern: str, flags: int) -> int | None:
    """The longest match ``pattern`` can make, when bounded and it looks at no neighbour but through
    ``\\b`` / ``^`` / ``$`` (no lookaround, no back-reference); else ``None``."""
    tree = sre_parse.parse(pattern, flags)
    stack = [tree]
    while stack:
        node = stack.pop()
        for op, av in node:
            if op in (sre.ASSERT, sre.ASSERT_NOT, sre.GROUPREF, sre.GROUPREF_EXISTS):
                return None
            for item in av if isinstance(av, (list, tuple)) else (av,):
                if isinstance(item, sre_parse.SubPattern):
                    stack.append(item)
                elif isinstance(item, list) and op is sre.BRANCH:
                    stack.extend(item)
    high = tree.getwidth()[1]
    return high if high < _FAR else None
