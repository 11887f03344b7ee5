"""Regular expressions run in time linear in the text (RE2), for patterns a long input makes backtrack.

Python's ``re`` backtracks: ``\\d+…大写`` tried at every digit of a 5,000-digit run takes 13 s, and a
loop of items followed by a difference tries 2^n splits. RE2 answers the same leftmost-first match
(same groups) in linear time, but knows no look-around or back-reference, and its ``\\s`` and ``\\d``
are ASCII only: ``compile_linear`` spells Python's meaning out (``\\s`` as str.isspace, ``\\d`` as
Unicode digits) so the answers stay Python's.
"""

from __future__ import annotations

import re
from typing import Any

import re2

__all__ = ["LinearPattern", "compile_linear", "translate"]

# str.isspace() characters, as the body of an RE2 class.
_SPACE = r"\t-\r\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
_DIGIT = r"\p{Nd}"
_TOKEN = re.compile(r"\\.|\[\^?\]?|\]|[^\\\[\]]+", re.DOTALL)
_UNSUPPORTED = frozenset("SDwWbBAZ")  # not needed by any pattern run here; refused rather than mistranslated


def _options() -> Any:
    options = re2.Options()
    options.max_mem = 64 << 20  # room for a whole clause's automaton; past it RE2 still runs, in linear time
    options.log_errors = False
    return options


_OPTIONS = _options()


def translate(pattern: str) -> str:
    """``pattern`` (Python syntax, without look-around) in RE2 syntax with Python's \\s and \\d."""
    out: list[str] = []
    in_class = False
    for tok in _TOKEN.findall(pattern):
        if tok == "\\s":
            out.append(_SPACE if in_class else f"[{_SPACE}]")
        elif tok == "\\d":
            out.append(_DIGIT)
        elif len(tok) == 2 and tok[0] == "\\" and tok[1] in _UNSUPPORTED:
            raise ValueError(f"{tok} has no linear translation here: {pattern[:60]!r}")
        else:
            if tok.startswith("["):
                in_class = True
            elif tok == "]":
                in_class = False
            out.append(tok)
    return "".join(out)


class LinearPattern:
    """A pattern compiled by RE2: ``search``, ``match``, ``fullmatch`` and ``finditer`` as ``re``'s.

    ``source`` and ``flags`` are the Python pattern it stands for.
    """

    __slots__ = ("finditer", "flags", "fullmatch", "match", "search", "source")

    def __init__(self, source: str, flags: int, compiled: Any) -> None:
        self.source = source
        self.flags = flags
        self.search = compiled.search
        self.match = compiled.match
        self.fullmatch = compiled.fullmatch
        self.finditer = compiled.finditer


def compile_linear(pattern: str, flags: int = 0) -> LinearPattern:
    """``re.compile(pattern, flags)`` answered by RE2 in linear time.

    ``flags``: ``re.IGNORECASE`` and ``re.MULTILINE`` (where ``^`` and ``$`` mean what they mean in Python; without
    it RE2's ``$`` is only the end of the text). Raises ValueError for what RE2 cannot run as Python would.
    """
    if flags & ~(re.IGNORECASE | re.MULTILINE):
        raise ValueError("only re.IGNORECASE and re.MULTILINE are supported")
    source = translate(pattern)
    if flags & re.MULTILINE:
        source = "(?m)" + source
    if flags & re.IGNORECASE:
        source = "(?i)" + source
    try:
        return LinearPattern(pattern, flags, re2.compile(source, _OPTIONS))
    except re2.error as e:
        raise ValueError(f"RE2 cannot run {pattern[:60]!r}: {e}") from e
