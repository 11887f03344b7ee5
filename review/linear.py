"""Regular expressions run in time linear in the text (RE2), for patterns a long input makes backtrack.

Python's ``re`` backtracks: ``\\d+…大写`` tried at every digit of a 5,000-digit run takes 13 s, and a
loop of items followed by a difference tries 2^n splits. RE2 answers the same leftmost-first match
(same groups) in linear time, but knows no look-around or back-reference, its ``\\s``, ``\\d`` and
``\\w`` are ASCII only, and its case folding is not quite Python's. ``compile_linear`` spells Python's
meaning out, so the answers stay Python's: ``\\s`` as str.isspace, ``\\d`` as Unicode digits, ``\\w`` as
str.isalnum or ``_``, and under ``re.IGNORECASE`` every letter and class as the very characters Python
lets it match (RE2 folds no case itself: it would let ``i`` miss ``ı`` and ``İ``, and ``[\\w]`` take
U+0345). What it cannot say as Python means it (look-around, ``\\b``, back-references, ``{,n}``) it
refuses with ValueError.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

import re2

__all__ = ["LinearPattern", "compile_linear", "translate"]

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
_SURROGATE = re.compile("[\ud800-\udfff]")
_GROUPS = frozenset({"(", "(?:"})


def _options() -> Any:
    options = re2.Options()
    options.max_mem = 64 << 20  # room for a whole clause's automaton; past it RE2 still runs, in linear time
    options.log_errors = False
    return options


_OPTIONS = _options()


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
def _all_characters() -> str:
    """Every code point, in order (so a character's index is its code)."""
    return "".join(map(chr, range(sys.maxunicode + 1)))


@functools.cache
def _word() -> str:
    """Python's \\w (str.isalnum() or '_') as the body of an RE2 class."""
    return _ranges([m.span() for m in re.finditer(r"\w+", _all_characters())])


@functools.cache
def _digit() -> str:
    """Python's \\d (Unicode decimal digits of Python's Unicode version, not RE2's) as the body of an RE2 class."""
    return _ranges([m.span() for m in re.finditer(r"\d+", _all_characters())])


@functools.cache
def _cased() -> str:
    """Every character that has another case: the only ones re.IGNORECASE can match differently."""
    every = _all_characters()
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


def _surrogates_replaced(text: str) -> str:
    """``text`` with each lone surrogate (which UTF-8, and so RE2, cannot hold) as U+FFFD: the same length, and no
    pattern run here tells the two apart (neither is a space, a digit or a word character)."""
    return _SURROGATE.sub("\ufffd", text)


# Each text encoded to UTF-8 once for all the patterns run on it (the google-re2 wrapper encodes it again on every
# call): the last texts seen, by identity, with their encoding and whether it is ASCII (byte offsets are then
# character offsets). Holding the text keeps its id from being reused while it is here.
_ENCODED: dict[int, tuple[str, bytes, bool, str]] = {}
_ENCODED_MAX = 32
_NULL_SPAN = (-1, -1)
_UNANCHORED = re2._Anchor.UNANCHORED
_ANCHOR_START = re2._Anchor.ANCHOR_START
_ANCHOR_BOTH = re2._Anchor.ANCHOR_BOTH


def _encoded(text: str) -> tuple[str, bytes, bool, str]:
    """(text, its UTF-8, whether it is ASCII, the text searched: ``text`` with any lone surrogate as U+FFFD)."""
    got = _ENCODED.get(id(text))
    if got is not None and got[0] is text:
        return got
    try:
        searched, data = text, text.encode("utf-8")
    except UnicodeEncodeError:
        searched = _surrogates_replaced(text)
        data = searched.encode("utf-8")
    if len(_ENCODED) >= _ENCODED_MAX:
        _ENCODED.clear()
    got = _ENCODED[id(text)] = (text, data, len(data) == len(text), searched)
    return got


class _Match(re2._Match):  # type: ignore[misc]
    """re2's match, its frequent questions answered without asking the compiled pattern (its group count and
    names) every time."""

    __slots__ = ("_names",)

    def __getitem__(self, group: int | str) -> str | None:
        if isinstance(group, int):
            index = group
        else:
            try:
                index = self._names[group]
            except KeyError:
                raise IndexError("bad group name") from None
        a, b = self.span(index)
        return None if a == -1 else self._text[a:b]

    def group(self, *groups: int | str) -> Any:
        if not groups:
            a, b = self._spans[0]
            return self._text[a:b]
        if len(groups) == 1:
            return self.__getitem__(groups[0])
        return tuple(self.__getitem__(g) for g in groups)

    def groups(self, default: Any = None) -> tuple[Any, ...]:
        text = self._text
        return tuple(default if a == -1 else text[a:b] for a, b in self._spans[1:])

    def groupdict(self, default: Any = None) -> dict[str, Any]:
        out = {}
        for name, i in self._names.items():
            got = self.__getitem__(i)
            out[name] = default if got is None else got
        return out

    def start(self, group: int = 0) -> int:
        return self.span(group)[0]

    def end(self, group: int = 0) -> int:
        return self.span(group)[1]

    def span(self, group: int = 0) -> tuple[int, int]:
        if not 0 <= group < len(self._spans):
            raise IndexError("bad group index")
        return self._spans[group]  # type: ignore[no-any-return]


def _characters(data: bytes, spans: list[tuple[int, int]], at: int, chars: int) -> list[tuple[int, int]]:
    """Byte spans in ``data`` as character spans, counted on from byte ``at`` (character ``chars``), which is at or
    before every span: each byte of the way read once."""
    known = {at: chars}
    for o in sorted({o for span in spans for o in span if o != -1}):
        if o not in known:
            # RE2's spans fall between characters; Python's decoder counts them several times faster than
            # re2's BytesToCharLen
            known[o] = chars = chars + len(data[at:o].decode("utf-8"))
            at = o
    return [span if span == _NULL_SPAN else (known[span[0]], known[span[1]]) for span in spans]


_CHARS_TO_BYTES = re2._re2.CharLenToBytes


class _Runner:
    """A compiled pattern's searches, as the google-re2 wrapper answers them (same matches, spans and groups), on
    each text's cached UTF-8."""

    __slots__ = ("names", "regexp", "rx", "seen")

    def __init__(self, compiled: Any, seen: Callable[[str], str] | None) -> None:
        self.rx = compiled
        self.regexp = compiled._regexp
        self.names: dict[str, int] = dict(compiled.groupindex)
        self.seen = seen

    def _bounds(self, data: bytes, n: int, pos: int | None, endpos: int | None,
                ascii: bool) -> tuple[int, int, int, int] | None:
        """(pos, endpos, their byte offsets) clamped as the wrapper does, or None when pos > endpos."""
        pos = 0 if pos is None else max(0, min(pos, n))
        endpos = n if endpos is None else max(0, min(endpos, n))
        if pos > endpos:
            return None
        if ascii:
            return pos, endpos, pos, endpos
        bpos = _CHARS_TO_BYTES(data, 0, pos) if pos else 0
        bend = len(data) if endpos == n else bpos + _CHARS_TO_BYTES(data, bpos, endpos - pos)
        return pos, endpos, bpos, bend

    def one(self, anchor: Any, text: str, pos: int | None = None, endpos: int | None = None) -> _Match | None:
        if self.seen is not None:
            text = self.seen(text)
        _, data, ascii, searched = _encoded(text)
        if pos is None and endpos is None:
            n = len(searched)
            pos, endpos, bpos, bend = 0, n, 0, len(data)
        else:
            bounds = self._bounds(data, len(searched), pos, endpos, ascii)
            if bounds is None:
                return None
            pos, endpos, bpos, bend = bounds
        spans = self.regexp.Match(anchor, data, bpos, bend)
        if spans[0] == _NULL_SPAN:
            return None
        if not ascii:
            spans = _characters(data, spans, bpos, pos)
        m = _Match(self.rx, searched, pos, endpos, spans)
        m._names = self.names
        return m

    def every(self, text: str, pos: int | None = None, endpos: int | None = None) -> Iterator[_Match]:
        if self.seen is not None:
            text = self.seen(text)
        _, data, ascii, searched = _encoded(text)
        bounds = self._bounds(data, len(searched), pos, endpos, ascii)
        if bounds is None:
            return
        pos, endpos, bpos, bend = bounds
        at = pos  # the character at byte bpos
        match, rx, names = self.regexp.Match, self.rx, self.names
        while True:
            spans = match(_UNANCHORED, data, bpos, bend)
            if spans[0] == _NULL_SPAN:
                return
            found = spans[0][1]
            if not ascii:
                spans = _characters(data, spans, bpos, at)
            m = _Match(rx, searched, pos, endpos, spans)
            m._names = names
            yield m
            if bpos == bend:
                return
            if bpos == found:  # an empty match here: step one character on
                bpos += 1 if ascii else _CHARS_TO_BYTES(data, bpos, 1)
                at += 1
            else:
                bpos, at = found, spans[0][1]


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
        runner = _Runner(compiled, seen)
        one = runner.one
        self.search: Callable[..., Any] = functools.partial(one, _UNANCHORED)
        self.match: Callable[..., Any] = functools.partial(one, _ANCHOR_START)
        self.fullmatch: Callable[..., Any] = functools.partial(one, _ANCHOR_BOTH)
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
    every = _all_characters()[128:]
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
