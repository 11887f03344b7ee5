"""Literal text every match of a regular expression must contain: a cheap test before the regex."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable
from re import _constants as sre  # type: ignore[attr-defined]  # the parser's opcodes (3.11+)
from re import _parser as sre_parse  # type: ignore[attr-defined]  # private, but stable since 3.11
from typing import Any

from clause_library.vocabulary import CJK_CASELESS

__all__ = ["Parts", "exact_strings", "fold", "holds", "required_literals", "weight"]

# ``required_literals(pattern)`` reads the pattern's syntax tree (CPython's private ``re._parser``) and returns a
# few strings, one of which occurs (case-folded, see ``fold``) in any text the pattern matches anywhere, or none
# when nothing is certain. ``fold(text)`` is the text those strings are looked for in. The test only ever skips
# a regex that could not match: it never changes what matches.

# Characters outside ASCII that a case-insensitive regex takes for an ASCII letter (Python's `re`:
# dotted and dotless i, long s, Kelvin sign); folded to that letter so a literal "is" still finds "İs".
# tests/review/test_classify_speed.py checks this table against every code point.
_EXOTIC_CHARS = "\u0130\u0131\u017f\u212a"
_EXOTIC = str.maketrans(dict(zip(_EXOTIC_CHARS, "iisk", strict=True)))
# Non-ASCII characters a literal may hold: caseless, so no other character matches them under IGNORECASE
# (checked by the same test). Anything else in a pattern counts as "some character".
_CASELESS = re.compile(f"[{CJK_CASELESS}]")

_MAX_SET = 16  # most alternative strings tracked for one piece of a pattern
_MAX_CLASS = 10  # a character class of at most this many characters is a set of literals
_ENOUGH = 12  # a string this long (see ``weight``) filters as well as a longer one
_COMMON = 3  # a string shorter than this (see ``weight``) is in nearly every text
_Strings = frozenset[str]


def fold(text: str) -> str:
    """``text`` as the required literals are looked for in: lower case, with ``_EXOTIC`` folded."""
    if not text.isascii() and any(c in text for c in _EXOTIC_CHARS):
        text = text.translate(_EXOTIC)
    return text.lower()


def holds(folded: str, needs: Iterable[frozenset[str]]) -> bool:
    """Whether ``folded`` contains one string of each of the ``needs`` (see ``required_literals``)."""
    return all(any(s in folded for s in need) for need in needs)


class Parts:
    """Texts, joined and folded (see ``fold``) once, to tell which strings each of them contains."""

    __slots__ = ("_doc", "_has_cjk", "_narrow", "_starts", "count")

    def __init__(self, parts: list[str]) -> None:
        self.count = len(parts)
        self._starts = list(itertools.accumulate((len(p) + 1 for p in parts[:-1]), initial=0))
        # ``fold`` keeps every character's place (its one length-changing lower-casing, of "İ", is
        # folded first), so folding the joined text is joining the folded texts
        self._doc = doc = fold("\n".join(parts))
        # ASCII strings are searched in a one-byte copy (other characters as "?"): much faster than
        # in the wide string one Chinese character or curly quote makes of the whole text
        self._narrow = doc if doc.isascii() else doc.encode("ascii", "replace").decode("ascii")
        self._has_cjk = self._narrow is not doc and _CASELESS.search(doc) is not None

    def having(self, strings: Iterable[str]) -> set[int]:
        """The numbers of the parts that contain one of the (folded) ``strings``; a string
        spanning the join into the next part counts for the first (a filter tolerates that)."""
        out: set[int] = set()
        starts, ends = self._starts, self.count
        for s in strings:
            if s.isascii():
                hay = self._narrow
            elif self._has_cjk or (self._narrow is not self._doc and not _CASELESS.search(s)):
                hay = self._doc  # a CJK string is not looked for in a text without CJK; □, £, ’s are
            else:
                continue
            pos = hay.find(s)
            while pos >= 0:
                k = bisect.bisect_right(starts, pos) - 1
                out.add(k)
                pos = hay.find(s, starts[k + 1]) if k + 1 < ends else -1
        return out


def _char(code: int) -> str | None:
    c = chr(code)
    if code < 128:
        return c.lower()
    return c if _CASELESS.fullmatch(c) else None


def _minimal(strings: _Strings) -> _Strings:
    """The same requirement with fewer strings: one that contains another is implied by it."""
    return frozenset(s for s in strings if not any(t != s and t in s for t in strings))


class _Info:
    """What one piece of a pattern matches.

    ``exact``: every string it can match (``None``: too many or unknown). ``need``: strings one of
    which every match contains (``None``: nothing certain).
    """

    __slots__ = ("exact", "need", "needs")

    def __init__(self, exact: _Strings | None, need: _Strings | None,
                 needs: list[_Strings | None] | None = None) -> None:
        self.exact = exact
        self.need = need
        self.needs = needs or [need]  # every requirement found, all of which hold (for a sequence)


_UNKNOWN = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None)


def weight(s: str) -> int:
    """How rare a string is, roughly: a Chinese character says as much as a few letters."""
    return len(s) + 2 * len(_CASELESS.findall(s)) if not s.isascii() else len(s)


def _score(need: _Strings) -> float:
    """Higher is a better filter: long strings are rarer, each extra string costs a scan."""
    return min(min(weight(s) for s in need), _ENOUGH) - (len(need) - 1)


def _best(*needs: _Strings | None) -> _Strings | None:
    usable = [n for n in needs if n and "" not in n]
    return max(usable, key=_score) if usable else None


def _rarest(*needs: _Strings | None) -> _Strings | None:
    """One alternative's part of a branch's requirement: the best filter (``_score``) among those
    with no string shorter than ``_COMMON`` (" ", "of"), if any; such a string would let every text
    through whatever the other alternatives require."""
    usable = [n for n in needs if n and "" not in n]
    return max(usable, key=lambda n: (min(min(weight(s) for s in n), _COMMON), _score(n))) if usable else None


def _as_need(exact: _Strings | None) -> _Strings | None:
    if exact is None or "" in exact:
        return None
    return _minimal(exact)


def _product(a: _Strings, b: _Strings) -> _Strings | None:
    if len(a) * len(b) > _MAX_SET:
        return None
    return frozenset(x + y for x, y in itertools.product(a, b))


def _merged(infos: list[_Info]) -> list[_Info]:
    """Consecutive pieces that each match one string, joined: "a", "b", "c" -> "abc"."""
    out: list[_Info] = []
    for info in infos:
        prev = out[-1] if out else None
        if (prev is not None and prev.exact is not None and len(prev.exact) == 1
                and info.exact is not None and len(info.exact) == 1):
            text = next(iter(prev.exact)) + next(iter(info.exact))
            out[-1] = _Info(frozenset({text}), frozenset({text}) if text else None)
        else:
            out.append(info)
    return out


def _sequence(items: list[Any]) -> _Info:
    infos = _merged([_node(op, av) for op, av in items])
    needs: list[_Strings | None] = [n for i in infos for n in i.needs]  # each piece's requirements hold
    # every run of consecutive exact pieces spells out a set of strings some match must contain;
    # a run is extended only while that can make a better filter (``_score`` stops at ``_ENOUGH``)
    for start in range(len(infos)):
        run: _Strings | None = frozenset({""})
        for info in infos[start:]:
            if info.exact is None or run is None:
                break
            run = _product(run, info.exact)
            if run is not None:
                needs.append(_as_need(run))
                if min(weight(s) for s in run) >= _ENOUGH:
                    break
    whole: _Strings | None = frozenset({""})
    for info in infos:
        if info.exact is None or whole is None:
            whole = None
            break
        whole = _product(whole, info.exact)
    return _Info(whole, _best(*needs), needs)


def _branch(alternatives: list[Any]) -> _Info:
    infos = [_sequence(alt) for alt in alternatives]
    exact: _Strings | None = None
    if all(i.exact is not None for i in infos):
        union = frozenset().union(*(i.exact for i in infos if i.exact is not None))
        exact = union if len(union) <= _MAX_SET else None
    parts = [_rarest(*i.needs, _as_need(i.exact)) for i in infos]
    need = None if any(p is None for p in parts) else _minimal(frozenset().union(*(p for p in parts if p)))
    return _Info(exact, _best(need, _as_need(exact)))


def _klass(items: list[Any]) -> _Info:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            c = _char(av)
            if c is None:
                return _UNKNOWN
            chars.add(c)
        elif op is sre.RANGE and av[1] - av[0] < _MAX_CLASS:
            for code in range(av[0], av[1] + 1):
                c = _char(code)
                if c is None:
                    return _UNKNOWN
                chars.add(c)
        else:  # NEGATE, CATEGORY, a wide range
            return _UNKNOWN
    if not chars or len(chars) > _MAX_CLASS:
        return _UNKNOWN
    exact = frozenset(chars)
    return _Info(exact, exact)


def _repeat(lo: int, hi: int, items: list[Any]) -> _Info:
    inner = _sequence(items)
    if lo == 0:
        if hi == 1 and inner.exact is not None:
            return _Info(inner.exact | {""}, None)
        return _EMPTY if hi == 0 else _UNKNOWN
    need = _best(inner.need, _as_need(inner.exact))
    if inner.exact is not None:  # a match starts with ``lo`` of the piece's strings in a row
        exact: _Strings | None = frozenset({""})
        for _ in range(min(lo, _ENOUGH)):
            exact = _product(exact, inner.exact) if exact is not None else None
        if lo == hi:
            return _Info(exact, _best(need, _as_need(exact)))
        return _Info(None, _best(need, _as_need(exact)))
    return _Info(None, need)


def _node(op: Any, av: Any) -> _Info:
    if op is sre.LITERAL:
        c = _char(av)
        return _Info(frozenset({c}), frozenset({c})) if c is not None else _UNKNOWN
    if op is sre.IN:
        return _klass(av)
    if op is sre.BRANCH:
        return _branch(av[1])
    if op is sre.SUBPATTERN:
        return _sequence(av[-1])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) or op is getattr(sre, "POSSESSIVE_REPEAT", None):
        return _repeat(av[0], av[1], av[2])
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(av)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _EMPTY  # zero width: adds no text (a lookaround's own text is not relied on)
    return _UNKNOWN  # any character, \w, a back-reference, a conditional group


def _implies(a: _Strings, b: _Strings) -> bool:
    """Whether a text holding one of ``a`` surely holds one of ``b``."""
    return all(any(y in x for y in b) for x in a)


@functools.lru_cache(maxsize=4096)
def required_literals(pattern: str, most: int = 3) -> tuple[frozenset[str], ...]:
    """Sets of folded strings: any match of ``pattern`` contains one string of each set.

    At most ``most`` sets, the best filters first; none when nothing is certain. Holds whatever
    the pattern's flags (a case-sensitive match also matches folded).
    """
    try:
        tree = sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError):
        return ()
    info = _sequence(list(tree))
    candidates = [n for n in {*info.needs, _as_need(info.exact)} if n and "" not in n]
    chosen: list[frozenset[str]] = []
    for need in sorted(candidates, key=lambda n: (-_score(n), sorted(n))):
        if len(chosen) < most and not any(_implies(c, need) or _implies(need, c) for c in chosen):
            chosen.append(need)
    return tuple(chosen)


def exact_strings(op: Any, av: Any) -> frozenset[str] | None:
    """Every (folded) string one piece of a parsed pattern can match, or ``None``: too many or unknown."""
    return _node(op, av).exact
