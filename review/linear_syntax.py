"""Python regular expressions spelt in RE2's syntax with Python's meaning: what ``linear`` compiles."""

from __future__ import annotations

import functools
import re
import sys

__all__ = ["all_characters", "translate"]

# str.isspace() characters, as the body of an RE2 class.
_SPACE = r"\t-\r\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
# A token of a Python pattern: an escape (\uXXXX, \UXXXXXXXX, \xHH or one character), a whole class, a group
# opening with what follows "(?", a {m,n} quantifier, or one other character.
_PIECE = re.compile(
    r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)"
    r"|\[\^?\]?(?:\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)|[^\\\]])*\]"
    r"|\((?:\?(?:P<\w+>|P=|<=|<!|[^P<]))?"
    r"|\{\d*(?:,\d*)?\}"
    r"|.",
    re.DOTALL,
)
_CLASS_ITEM = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)|.", re.DOTALL)
_CONTROL = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_UNSUPPORTED = frozenset("bBAZ")  # no RE2 equivalent with Python's meaning: refused rather than mistranslated
_GROUPS = frozenset({"(", "(?:"})


def _ranges(spans: list[tuple[int, int]]) -> str:
    """Code point ranges ``[start, end)`` as the body of an RE2 class."""
    return "".join(f"\\x{{{a:x}}}" if b == a + 1 else f"\\x{{{a:x}}}-\\x{{{b - 1:x}}}" for a, b in spans)


def _spans(codes: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for c in sorted(codes):
        if out and out[-1][1] == c:
            out[-1] = (out[-1][0], c + 1)
        else:
            out.append((c, c + 1))
    return out


@functools.cache
def all_characters() -> str:
    """Every code point, in order (so a character's index is its code)."""
    return "".join(map(chr, range(sys.maxunicode + 1)))


@functools.cache
def _word() -> str:
    """Python's \\w (str.isalnum() or '_') as the body of an RE2 class."""
    return _ranges([m.span() for m in re.finditer(r"\w+", all_characters())])


@functools.cache
def _digit() -> str:
    """Python's \\d (Unicode decimal digits of Python's Unicode version, not RE2's) as the body of an RE2 class."""
    return _ranges([m.span() for m in re.finditer(r"\d+", all_characters())])


@functools.cache
def _cased() -> str:
    """Every character that has another case: the only ones re.IGNORECASE can match differently."""
    every = all_characters()
    out: list[str] = []
    for i in range(0, len(every), 256):
        block = every[i:i + 256]
        if block.lower() != block or block.upper() != block:
            out.extend(c for c in block if c.lower() != c or c.upper() != c)
    return "".join(out)


def _char(c: str) -> str:
    return f"\\x{{{ord(c):x}}}"


def _escaped(tok: str) -> str | None:
    """The character an escape stands for, or None for a class escape (\\s, \\d, \\w and the like)."""
    kind = tok[1]
    if kind in "uUx" and len(tok) > 2:
        return chr(int(tok[2:], 16))
    if kind in _CONTROL:
        return _CONTROL[kind]
    if kind in "sSdDwW":
        return None
    if kind.isascii() and kind.isalnum():
        # \b, \A, \Z, back-references and octal escapes, \N{...}: no RE2 spelling with Python's meaning
        raise ValueError(f"{tok} has no linear translation")
    return kind


def _class_body(tok: str, ascii_words: bool) -> tuple[bool, str]:
    """A Python class ``[...]`` as (negated, the body of the RE2 class with Python's meaning)."""
    inner = tok[1:-1]
    negated = inner.startswith("^")
    if negated:
        inner = inner[1:]
    out: list[str] = []
    for item in _CLASS_ITEM.findall(inner):
        if item.startswith("\\"):
            kind = item[1]
            if kind == "s":
                out.append(_SPACE)
            elif kind == "d":
                out.append("0-9" if ascii_words else _digit())
            elif kind == "w":
                out.append("0-9A-Za-z_" if ascii_words else _word())
            elif kind in "SDW":
                raise ValueError(f"a negated class escape {item} inside [...] has no linear translation")
            else:
                c = _escaped(item)
                assert c is not None
                out.append(_char(c))
        elif item == "-":
            out.append("-")
        else:
            out.append(_char(item))
    return negated, "".join(out)


@functools.cache
def _exact_class(tok: str, ignorecase: bool, ascii_words: bool) -> str:
    """A Python class as an RE2 expression matching the characters Python's class matches (``ascii_words``: in a
    text without non-ASCII word characters)."""
    negated, body = _class_body(tok, ascii_words)
    plain = f"[{'^' if negated else ''}{body}]"
    if not ignorecase:
        return plain
    cased = _cased()
    python = set(re.findall(tok, cased, re.IGNORECASE))
    without = set(re.findall(tok, cased))
    more, fewer = _spans([ord(c) for c in python - without]), _spans([ord(c) for c in without - python])
    if not more and not fewer:
        return plain
    if negated:
        parts = [f"[^{body}{_ranges(fewer)}]"] + ([f"[{_ranges(more)}]"] if more else [])
        return f"(?:{'|'.join(parts)})"
    if fewer:
        raise ValueError(f"{tok} under re.IGNORECASE has no linear translation")
    return f"[{body}{_ranges(more)}]"


@functools.cache
def _exact_literal(c: str, ignorecase: bool) -> str:
    if not ignorecase or (c.lower() == c and c.upper() == c):
        return _char(c)
    same = {c, *re.findall(re.escape(c), _cased(), re.IGNORECASE)}
    return _char(c) if len(same) == 1 else f"[{_ranges(_spans([ord(x) for x in same]))}]"


def translate(pattern: str, flags: int = 0, *, boundaries: bool = False) -> str:
    """``pattern`` (Python syntax, without look-around) in RE2 syntax with Python's meaning; ``flags`` may hold
    re.IGNORECASE (spelt out character by character, not left to RE2). ``boundaries``: ``\\b`` and ``\\B`` become
    RE2's, which mean Python's only in a text without non-ASCII word characters (see ``compile_bounded``), and so
    ``\\w`` and ``\\d`` are spelt for such a text (ASCII, a far smaller automaton).
    Raises ValueError for what it cannot say."""
    ignorecase = bool(flags & re.IGNORECASE)
    out: list[str] = []
    quantified = False  # the last token was a quantifier, which a "?" makes lazy and a "+" possessive
    for tok in _PIECE.findall(pattern):
        after_quantifier, quantified = quantified, False
        if tok.startswith("\\"):
            kind = tok[1]
            if boundaries and kind in "bB":
                out.append(tok)
                continue
            if kind in _UNSUPPORTED:
                raise ValueError(f"{tok} has no linear translation here: {pattern[:60]!r}")
            c = _escaped(tok)
            if c is not None:
                out.append(_exact_literal(c, ignorecase))
            else:
                word, digit = ("0-9A-Za-z_", "0-9") if boundaries else (_word(), _digit())
                out.append({"s": f"[{_SPACE}]", "S": f"[^{_SPACE}]", "d": f"[{digit}]", "D": f"[^{digit}]",
                            "w": f"[{word}]", "W": f"[^{word}]"}[kind])
        elif tok.startswith("[") and len(tok) > 1:
            out.append(_exact_class(tok, ignorecase, boundaries))
        elif tok.startswith("("):
            if tok not in _GROUPS and not tok.startswith("(?P<"):
                raise ValueError(f"{tok} (look-around, a back-reference, a flag or a comment) has no linear "
                                 f"translation: {pattern[:60]!r}")
            out.append(tok)
        elif tok in ("*", "+", "?") or (tok.startswith("{") and len(tok) > 1):
            if after_quantifier and tok == "+":
                raise ValueError(f"a possessive quantifier has no linear translation: {pattern[:60]!r}")
            if tok.startswith("{,") or tok in ("{}", "{,}"):
                raise ValueError(f"{tok} is a quantifier to Python, a literal to RE2: {pattern[:60]!r}")
            if not (after_quantifier and tok == "?"):
                quantified = True
            out.append(tok)
        elif tok in ".^$|)":
            out.append(tok)
        else:
            out.append(_exact_literal(tok, ignorecase))
    return "".join(out)
