"""A library clause text as the reviewer compares it: a pattern every rendering matches, its lines for a diff."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from jinja2 import nodes

from clause_library.sandbox import EMPHASIS, lex_as_written, parse_as_written

from .linear import LinearPattern, compile_linear

__all__ = ["ITEM", "Line", "template_pattern", "template_regex", "unified_diff"]

# Jinja reads the text (``sandbox.parse_as_written``, ``sandbox.lex_as_written``); the pattern takes literal text as
# written (whitespace aside), a value (``{{ … }}``) as any text on one line, an ``{% if %}`` as optional alternatives
# and a ``{% for %}`` as any number of its body. The patterns run in linear time (``linear.compile_linear``, RE2): a
# loop of items followed by text that differs is ambiguous (where one item's trailing space ends and the next one's
# begins), and a backtracking engine tries every split, 2^n of them for n items.

_ITEM_PREFIX = re.compile(r"(?m)^[ \t]*- ")
_ANY_LINE = r"[^\n]*?"
# List items ("- " in the library, "（一） " / "(a) " in the document) start with this mark on both sides,
# so that a loop of items can only match items, never an edited paragraph.
ITEM = "\u2022"
_MAX_DIFF_LINES = 60


def _literal(text: str) -> str:
    """Literal text as a pattern: its words as written, any whitespace between and around them."""
    pieces = text.split()
    if not pieces:
        return r"\s*"
    return r"\s*" + r"\s*".join(re.escape(p) for p in pieces) + r"\s*"


def _spaces(pattern: str) -> str:
    """``pattern`` with each run of ``\\s*`` written once."""
    return re.sub(r"(?:\\s\*)+", r"\\s*", pattern)


@functools.lru_cache(maxsize=1024)
def template_regex(source: str) -> str:
    """A regular expression (uncompiled) any rendering of the Jinja ``source`` matches.

    The emphasis markers (``**``) are dropped: they become bold and underlined runs, not text."""
    template = parse_as_written(_ITEM_PREFIX.sub(ITEM + " ", source.replace(EMPHASIS, "")))
    return _spaces(_body_regex(template.body))


def _body_regex(body: list[nodes.Node]) -> str:
    """The pattern of a run of Jinja statements: text and values, optional ifs, repeated loops (a loop's own
    ``{% else %}`` is not expected); other blocks (``{% with %}``) stand for their body, assignments for nothing."""
    parts: list[str] = []
    for node in body:
        if isinstance(node, nodes.Output):
            parts += [_literal(n.data) if isinstance(n, nodes.TemplateData) else r"\s*" + _ANY_LINE + r"\s*"
                      for n in node.nodes]
        elif isinstance(node, nodes.If):
            branches = [node.body, *(branch.body for branch in node.elif_), *([node.else_] if node.else_ else [])]
            group = "(?:" + "|".join(_body_regex(b) for b in branches) + ")"
            parts.append(group if node.else_ else group + "?")
        elif isinstance(node, nodes.For):
            parts.append("(?:" + _body_regex(node.body) + ")*")
        elif isinstance(inner := getattr(node, "body", None), list):
            parts.append(_body_regex(inner))
    return "".join(parts)


@functools.lru_cache(maxsize=1024)
def template_pattern(source: str) -> LinearPattern:
    """``template_regex(source)``, compiled."""
    return compile_linear(template_regex(source))


@dataclass(frozen=True)
class Line:
    """A line of the document's text, and whether it starts a list item (its marker taken off)."""

    text: str
    item: bool


@dataclass(frozen=True)
class _TemplateLine:
    """A line of a library text as a diff shows it: its text and values (``{{ … }}`` as written; tags dropped),
    whether an ``{% if %}`` makes it optional and whether a ``{% for %}`` repeats it."""

    pieces: tuple[tuple[bool, str], ...]  # (a value?, as written)
    optional: bool
    loop: bool

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.pieces).strip()


def _template_lines(source: str) -> list[_TemplateLine]:
    """The lines of ``source`` that hold text (list items without their "- "). A line is optional when an
    ``{% if %}`` is open where it starts or one of its tags is an if, elif or else; in a loop when a
    ``{% for %}`` is open where it starts."""
    out: list[_TemplateLine] = []
    open_blocks: list[str] = []
    for pieces, tags in _lexed_lines(_ITEM_PREFIX.sub("", source)):
        line = _TemplateLine(tuple(pieces), "if" in open_blocks or bool({"if", "else", "elif"} & set(tags)),
                             "for" in open_blocks)
        if line.text:
            out.append(line)
        for tag in tags:
            if tag in ("if", "for"):
                open_blocks.append(tag)
            elif tag in ("endif", "endfor") and open_blocks:
                open_blocks.pop()
    return out


def _lexed_lines(source: str) -> Iterator[tuple[list[tuple[bool, str]], list[str]]]:
    """Each line of ``source`` as Jinja's lexer reads it: its pieces (text, and each value as written) and the
    names of the block tags on it."""
    pieces: list[tuple[bool, str]] = []
    tags: list[str] = []
    value: list[str] | None = None  # the tokens of the value being read, from its "{{"
    in_tag = False  # a block tag begun whose name has not come yet
    for _, kind, token in lex_as_written(source):
        if value is not None:
            value.append(token)
            if kind == "variable_end":
                pieces.append((True, "".join(value)))
                value = None
        elif kind == "variable_begin":
            value = [token]
        elif kind == "block_begin":
            in_tag = True
        elif kind == "name" and in_tag:
            tags.append(token)
            in_tag = False
        elif kind == "data":
            first, *rest = token.split("\n")
            pieces.append((False, first))
            for text in rest:
                yield pieces, tags
                pieces, tags = [(False, text)], []
    yield pieces, tags


@functools.lru_cache(maxsize=4096)
def _line_rx(pieces: tuple[tuple[bool, str], ...]) -> LinearPattern:
    """A library line as a pattern for one document line: its text as written (whitespace aside), a value any
    text."""
    parts: list[str] = []
    text = ""  # since the last value
    for is_value, piece in pieces:
        if is_value:
            parts += [_literal(text), ".*?"]
            text = ""
        else:
            text += piece
    parts.append(_literal(text))
    return compile_linear(_spaces("".join(parts)))


def unified_diff(source: str, actual: list[Line], label: str) -> str:
    """A unified diff of the library text (values taken from the document where a line matches) and the document."""
    template = _template_lines(source)
    expected: list[str] = []
    p = 0
    for n, line in enumerate(template):
        if line.loop:
            nxt = next((_line_rx(t.pieces) for t in template[n + 1 :] if not t.loop), None)
            while p < len(actual) and actual[p].item and not (nxt and nxt.fullmatch(actual[p].text)):
                expected.append(actual[p].text)
                p += 1
            continue
        rx = _line_rx(line.pieces)
        k = next((q for q in range(p, len(actual)) if rx.fullmatch(actual[q].text)), None)
        if k is not None:
            expected.append(actual[k].text)
            p = k + 1
        elif not line.optional:
            expected.append(line.text)
    diff = list(difflib.unified_diff(expected, [a.text for a in actual], f"library {label}", "document",
                                     n=1, lineterm=""))
    if len(diff) > _MAX_DIFF_LINES:
        diff = [*diff[:_MAX_DIFF_LINES], f"… ({len(diff) - _MAX_DIFF_LINES} more diff lines)"]
    return "\n".join(diff)
