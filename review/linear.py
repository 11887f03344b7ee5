"""Regular expressions run in time linear in the text (RE2), for patterns a long input makes backtrack."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

import re2

from .linear_match import ANCHOR_BOTH, ANCHOR_START, UNANCHORED, Runner
from .linear_syntax import all_characters, translate

__all__ = ["LinearPattern", "compile_bounded", "compile_linear"]

# Python's ``re`` backtracks: ``\d+…大写`` tried at every digit of a 5,000-digit run takes 13 s, and a loop of
# items followed by a difference tries 2^n splits. RE2 answers the same leftmost-first match (same groups) in
# linear time, but knows no look-around or back-reference, its ``\s``, ``\d`` and ``\w`` are ASCII only, and
# its case folding is not quite Python's. ``compile_linear`` spells Python's meaning out (``linear_syntax``), so
# the answers stay Python's: ``\s`` as str.isspace, ``\d`` as Unicode digits, ``\w`` as str.isalnum or ``_``,
# and under ``re.IGNORECASE`` every letter and class as the very characters Python lets it match (RE2 folds no
# case itself: it would let ``i`` miss ``ı`` and ``İ``, and ``[\w]`` take U+0345). What it cannot say as Python
# means it (look-around, ``\b``, back-references, ``{,n}``) it refuses with ValueError; ``compile_bounded``
# adds ``\b``.


def _options() -> Any:
    options = re2.Options()
    options.max_mem = 64 << 20  # room for a whole clause's automaton; past it RE2 still runs, in linear time
    options.log_errors = False
    return options


_OPTIONS = _options()


class LinearPattern:
    """A pattern compiled by RE2: ``search``, ``match``, ``fullmatch``, ``finditer``, ``findall``, ``split`` and
    ``sub`` as ``re``'s.

    ``source`` and ``flags`` are the Python pattern it stands for.
    """

    __slots__ = ("finditer", "flags", "fullmatch", "groups", "match", "search", "source")

    def __init__(self, source: str, flags: int, compiled: Any, seen: Callable[[str], str] | None = None) -> None:
        self.source = source
        self.flags = flags
        self.groups: int = compiled.groups
        runner = Runner(compiled, seen)
        one = runner.one
        self.search: Callable[..., Any] = functools.partial(one, UNANCHORED)
        self.match: Callable[..., Any] = functools.partial(one, ANCHOR_START)
        self.fullmatch: Callable[..., Any] = functools.partial(one, ANCHOR_BOTH)
        self.finditer: Callable[..., Iterator[Any]] = runner.every

    @property
    def pattern(self) -> str:
        """The Python pattern, as ``re.Pattern.pattern``."""
        return self.source

    def findall(self, text: str) -> list[Any]:
        """As ``re.Pattern.findall``: the matches, or their one group, or tuples of their groups ('' unmatched)."""
        if self.groups == 0:
            return [m.group() for m in self.finditer(text)]
        if self.groups == 1:
            return [m.group(1) or "" for m in self.finditer(text)]
        return [tuple(g or "" for g in m.groups()) for m in self.finditer(text)]

    def split(self, text: str) -> list[str | Any]:
        """As ``re.Pattern.split``: the pieces between matches, with the groups of each match between them."""
        out: list[str | Any] = []
        last = 0
        for m in self.finditer(text):
            out.append(text[last:m.start()])
            out.extend(m.groups())
            last = m.end()
        out.append(text[last:])
        return out

    def sub(self, repl: Callable[[Any], str], text: str) -> str:
        """As ``re.Pattern.sub`` with a function: each match replaced by what ``repl`` returns for it."""
        out: list[str] = []
        last = 0
        for m in self.finditer(text):
            out.append(text[last:m.start()])
            out.append(repl(m))
            last = m.end()
        out.append(text[last:])
        return "".join(out)


def compile_linear(pattern: str, flags: int = 0) -> LinearPattern:
    """``re.compile(pattern, flags)`` answered by RE2 in linear time.

    ``flags``: ``re.IGNORECASE``, ``re.DOTALL`` and ``re.MULTILINE`` (where ``^`` and ``$`` mean what they mean in
    Python; without it ``$`` is only the end of the text, not also before a final line break). Raises ValueError
    for what RE2 cannot run as Python would.
    """
    if flags & ~(re.IGNORECASE | re.MULTILINE | re.DOTALL):
        raise ValueError("only re.IGNORECASE, re.MULTILINE and re.DOTALL are supported")
    source = translate(pattern, flags)
    if flags & re.MULTILINE:
        source = "(?m)" + source
    if flags & re.DOTALL:
        source = "(?s)" + source
    try:
        return LinearPattern(pattern, flags, re2.compile(source, _OPTIONS))
    except re2.error as e:
        raise ValueError(f"RE2 cannot run {pattern[:60]!r}: {e}") from e


# ---- \b as Python means it ------------------------------------------------------------------------------------
# RE2's \b is ASCII: it sees a boundary between "a" and "é", Python's none. In a text whose non-ASCII word
# characters are each replaced by an ASCII word character the pattern cannot tell from them, RE2's \b is
# Python's, and every other part of the pattern matches what it matched: the same spans.
_FOLDS = {"\u212a": "k", "\u017f": "s", "\u0131": "i", "\u0130": "i"}  # non-ASCII letters Python folds to ASCII
_GENERIC = "\u4e00"  # a non-ASCII word character that is no digit and folds to nothing ASCII
_GENERIC_DIGIT = "\u0663"  # a non-ASCII digit (ARABIC-INDIC DIGIT THREE)


@functools.cache
def _non_ascii_words() -> tuple[str, str]:
    """(every non-ASCII word character that is not a digit, every non-ASCII digit), each as one string."""
    every = all_characters()[128:]
    return "".join(re.findall(r"[^\W\d]", every)), "".join(re.findall(r"\d", every))


@functools.cache
def _shadow_table(letter: str, digit: str) -> dict[int, str]:
    letters, digits = _non_ascii_words()
    table = dict.fromkeys(map(ord, letters), letter)
    table.update(dict.fromkeys(map(ord, digits), digit))
    table.update({ord(c): a for c, a in _FOLDS.items()})
    return table


_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")
_LAST: dict[tuple[str, str], tuple[str, str]] = {}  # (letter, digit) -> the last text and its shadow


def _shadow(letter: str, digit: str) -> Callable[[str], str]:
    def seen(text: str) -> str:
        if text.isascii() or not _NON_ASCII_WORD.search(text):
            return text
        last = _LAST.get((letter, digit))
        if last is not None and last[0] is text:
            return last[1]
        got = text.translate(_shadow_table(letter, digit))
        _LAST[(letter, digit)] = (text, got)
        return got

    return seen


def _atoms(items: Any) -> Iterator[Any]:
    """The nodes of a parsed pattern that match one character."""
    from re import _constants as sre  # type: ignore[attr-defined]

    for op, av in items:
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN, sre.CATEGORY):
            yield op, av
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            yield from _atoms(av[2])
        elif op is sre.SUBPATTERN:
            yield from _atoms(av[-1])
        elif op is sre.BRANCH:
            for alt in av[1]:
                yield from _atoms(alt)


def compile_bounded(pattern: str, flags: int = 0) -> LinearPattern:
    """As ``compile_linear``, and ``\\b``/``\\B`` too, as Python means them: RE2 searches the text with each
    non-ASCII word character replaced by an ASCII one that no part of the pattern tells from it (a letter the
    pattern never names for letters, an unnamed digit for digits; K, ſ, ı and İ by the letter Python folds them
    to). Spans are Python's; groups are read from the replaced text. Raises ValueError when the pattern names a
    non-ASCII word character itself, or no such replacement exists, or for what ``compile_linear`` refuses.
    """
    from re import _compiler as sre_compile  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    tree = sre_parse.parse(pattern, flags)
    atoms = list({repr(atom): atom for atom in _atoms(tree)}.values())
    named = "".join(chr(av) for op, av in atoms if op in (sre_parse.LITERAL, sre_parse.NOT_LITERAL))
    for op, av in atoms:
        if op is sre_parse.IN:
            for cop, cav in av:
                if cop is sre_parse.LITERAL:
                    named += chr(cav)
                elif cop is sre_parse.RANGE and cav[1] >= 0x80:
                    raise ValueError(f"a range beyond ASCII: {pattern[:60]!r}")
    if _NON_ASCII_WORD.search(named):
        raise ValueError(f"names a non-ASCII word character: {pattern[:60]!r}")
    source = translate(pattern, flags, boundaries=True)
    tests = [sre_compile.compile(sre_parse.SubPattern(tree.state, [atom]), flags) for atom in atoms]

    def same(a: str, b: str) -> bool:
        return all(bool(t.fullmatch(a)) == bool(t.fullmatch(b)) for t in tests)

    if any(not same(c, a) for c, a in _FOLDS.items()):
        raise ValueError(f"a non-ASCII letter that folds to ASCII is told from it: {pattern[:60]!r}")
    letter = next((c for c in "_zqjxvkwyfgbmhpucdlsonriate" if same(c, _GENERIC)), None)
    digit = next((c for c in "0123456789" if same(c, _GENERIC_DIGIT)), None)
    if letter is None or digit is None:
        raise ValueError(f"no ASCII stand-in for non-ASCII word characters: {pattern[:60]!r}")
    if flags & re.MULTILINE:
        source = "(?m)" + source
    try:
        return LinearPattern(pattern, flags, re2.compile(source, _OPTIONS), _shadow(letter, digit))
    except re2.error as e:
        raise ValueError(f"RE2 cannot run {pattern[:60]!r}: {e}") from e
