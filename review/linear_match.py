"""RE2's searches answered as Python's ``re`` answers them, on each text's UTF-8 encoded once for every pattern."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import re2

__all__ = ["ANCHOR_BOTH", "ANCHOR_START", "UNANCHORED", "Match", "Runner"]

_SURROGATE = re.compile("[\ud800-\udfff]")


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
UNANCHORED = re2._Anchor.UNANCHORED
ANCHOR_START = re2._Anchor.ANCHOR_START
ANCHOR_BOTH = re2._Anchor.ANCHOR_BOTH


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


class Match(re2._Match):  # type: ignore[misc]
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


class Runner:
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

    def one(self, anchor: Any, text: str, pos: int | None = None, endpos: int | None = None) -> Match | None:
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
        m = Match(self.rx, searched, pos, endpos, spans)
        m._names = self.names
        return m

    def every(self, text: str, pos: int | None = None, endpos: int | None = None) -> Iterator[Match]:
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
            spans = match(UNANCHORED, data, bpos, bend)
            if spans[0] == _NULL_SPAN:
                return
            found = spans[0][1]
            if not ascii:
                spans = _characters(data, spans, bpos, at)
            m = Match(rx, searched, pos, endpos, spans)
            m._names = names
            yield m
            if bpos == bend:
                return
            if bpos == found:  # an empty match here: step one character on
                bpos += 1 if ascii else _CHARS_TO_BYTES(data, bpos, 1)
                at += 1
            else:
                bpos, at = found, spans[0][1]
