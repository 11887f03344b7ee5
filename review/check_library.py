"""For documents the generator made: does each clause still read as the library version it claims?

The generator records ``contracts.clauses`` (JSON list of ``id@version`` or ``id@version#variant``)
in the .docx. The expected text depends on the request's values, so a clause body is turned into
a regular expression: literal text must be there as written (whitespace aside), ``{{ … }}`` is any
text on one line, ``{% if %}`` blocks are optional alternatives and ``{% for %}`` loops any text.

These expressions run in linear time (``linear.compile_linear``, RE2): a loop of items followed by text
that differs is ambiguous (where one item's trailing space ends and the next one's begins), and a
backtracking engine tries every split, 2^n of them for n items.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass

from clause_library.models import Clause, Lang, Placement, Role, Severity, Status
from clause_library.sandbox import EMPHASIS

from .check_base import CJK, TEXT_PARTS, Context, clip, finding
from .document import Block
from .findings import Finding
from .linear import LinearPattern, compile_linear

__all__ = ["check_library_clauses", "claimed_clauses", "template_regex"]

PROPERTY = "contracts.clauses"
# In RE2: a "{{" or "{#" never closed made every later start read to the end of the text in Python's re.
_TOKEN = compile_linear(r"(\{\{.*?\}\}|\{%-?\s*\w+.*?-?%\}|\{#.*?#\})", re.DOTALL)
_TAG_NAME = re.compile(r"\{%-?\s*(\w+)")
_LATIN = re.compile(r"[A-Za-z]")
# The first letter of a text (after markers, punctuation and digits) is a Chinese character.
_STARTS_ZH = re.compile(r"[^A-Za-z\u4e00-\u9fff]{0,12}[\u4e00-\u9fff]")
_ITEM_PREFIX = re.compile(r"(?m)^[ \t]*- ")
# The generator's paragraph and item markers ("1.2 ", "（三） ", "(c) "), always followed by a space.
# Item markers are written for any count (generator.values.item_marker): （一千零一）, (aaa).
_MARKER = re.compile(r"^(?:\d+(?:\.\d+)+|[（(][一二三四五六七八九十百千万亿零a-z\d]{1,16}[）)])[ \u3000]")
_ANY_LINE = r"[^\n]*?"
# List items ("- " in the library, "（一） " / "(a) " in the document) start with this mark on both sides,
# so that a loop of items can only match items, never an edited paragraph.
ITEM = "\u2022"
_MAX_DIFF_LINES = 60
def _literal(text: str) -> str:
    pieces = text.split()
    if not pieces:
        return r"\s*"
    return r"\s*" + r"\s*".join(re.escape(p) for p in pieces) + r"\s*"


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = [t for t in _TOKEN.split(_ITEM_PREFIX.sub(ITEM + " ", source)) if t]
        self.i = 0

    def parse(self, until: frozenset[str] = frozenset()) -> tuple[str, str | None]:
        parts: list[str] = []
        while self.i < len(self.tokens):
            tok = self.tokens[self.i]
            self.i += 1
            if tok.startswith("{{"):
                parts.append(r"\s*" + _ANY_LINE + r"\s*")
            elif tok.startswith("{#"):
                continue
            elif tok.startswith("{%"):
                m = _TAG_NAME.match(tok)
                name = m.group(1) if m else ""
                if name in until:
                    return "".join(parts), name
                if name == "if":
                    parts.append(self._if())
                elif name == "for":
                    body, stop = self.parse(frozenset({"endfor", "else"}))
                    if stop == "else":
                        self._skip_to(frozenset({"endfor"}))
                    parts.append("(?:" + body + ")*")
            else:
                parts.append(_literal(tok))
        return "".join(parts), None

    def _if(self) -> str:
        branches: list[str] = []
        has_else = False
        while True:
            body, stop = self.parse(frozenset({"elif", "else", "endif"}))
            branches.append(body)
            if stop == "else":
                has_else = True
            if stop in ("endif", None):
                break
        group = "(?:" + "|".join(branches) + ")"
        return group if has_else else group + "?"

    def _skip_to(self, names: frozenset[str]) -> None:
        depth = 0
        while self.i < len(self.tokens):
            tok = self.tokens[self.i]
            self.i += 1
            m = _TAG_NAME.match(tok) if tok.startswith("{%") else None
            if m is None:
                continue
            if m.group(1) == "for":
                depth += 1
            elif m.group(1) in names:
                if depth == 0:
                    return
                depth -= 1


@functools.lru_cache(maxsize=1024)
def template_regex(source: str) -> str:
    """A regular expression (uncompiled) any rendering of the Jinja ``source`` matches.

    The emphasis markers (``**``) are dropped: they become bold and underlined runs, not text."""
    body, _ = _Parser(source.replace(EMPHASIS, "")).parse()
    return re.sub(r"(?:\\s\*)+", r"\\s*", body)


@functools.lru_cache(maxsize=1024)
def _compiled(source: str) -> LinearPattern:
    return compile_linear(template_regex(source))


@dataclass(frozen=True)
class Claim:
    """One entry of ``contracts.clauses``: clause id, version and variant (``None``: the body)."""

    raw: str
    clause_id: str
    version: str
    variant: str | None


def claimed_clauses(properties: dict[str, str]) -> list[Claim] | None:
    """The clauses a generated document says it holds; ``None`` when it is not ours (no property)."""
    raw = properties.get(PROPERTY)
    if raw is None:
        return None
    try:
        items = json.loads(raw)
    except ValueError:
        return []
    out = []
    for item in items if isinstance(items, list) else []:
        text = str(item)
        ident, _, variant = text.partition("#")
        cid, _, version = ident.partition("@")
        out.append(Claim(text, cid, version, variant or None))
    return out


@functools.lru_cache(maxsize=4096)  # a block is tested per language and per claim that looks at its region
def _is_zh(text: str) -> bool:
    """Chinese when Chinese characters are at least a fifth of the letters (digits do not count), or when the
    text starts with one: a Chinese label before a long Latin value ("电子邮箱：integrity@example.cn") is a line of
    the Chinese text, and no English line of a generated document starts with a Chinese character."""
    cjk = len(CJK.findall(text))
    return cjk > 0 and (cjk >= 0.2 * (cjk + len(_LATIN.findall(text))) or _STARTS_ZH.match(text) is not None)


@dataclass(frozen=True)
class _Line:
    text: str
    item: bool


def _lines(blocks: list[Block]) -> list[_Line]:
    out: list[_Line] = []
    for b in blocks:
        m = _MARKER.match(b.text)
        item = bool(m) and not re.match(r"^\d", b.text)
        text = b.text[m.end():] if m else b.text
        out.extend(_Line(line.strip(), item and n == 0) for n, line in enumerate(text.split("\n")) if line.strip())
    return out


def _line_rx(line: str) -> LinearPattern:
    parts = []
    for tok in _TOKEN.split(line):
        if tok.startswith("{{"):
            parts.append(".*?")
        elif not tok.startswith(("{%", "{#")):
            parts.append(_literal(tok))
    return compile_linear(re.sub(r"(?:\\s\*)+", r"\\s*", "".join(parts)))


def unified_diff(source: str, actual: list[_Line], label: str) -> str:
    """A unified diff of the library text (values taken from the document where a line matches) and the document."""
    template: list[tuple[str, bool, bool]] = []  # display text, optional, loop
    stack: list[str] = []
    for raw in _ITEM_PREFIX.sub("", source).split("\n"):
        names = [m.group(1) for m in (_TAG_NAME.match(t) for t in _TOKEN.findall(raw)) if m]
        text = _TOKEN.sub(lambda m: m.group(0) if m.group(0).startswith("{{") else "", raw).strip()
        if text:
            template.append((text, "if" in stack or bool({"if", "else", "elif"} & set(names)), "for" in stack))
        for name in names:
            if name in ("if", "for"):
                stack.append(name)
            elif name in ("endif", "endfor") and stack:
                stack.pop()
    expected: list[str] = []
    p = 0
    for n, (text, optional, loop) in enumerate(template):
        if loop:
            nxt = next((_line_rx(t) for t, _, lp in template[n + 1 :] if not lp), None)
            while p < len(actual) and actual[p].item and not (nxt and nxt.fullmatch(actual[p].text)):
                expected.append(actual[p].text)
                p += 1
            continue
        rx = _line_rx(text)
        k = next((q for q in range(p, len(actual)) if rx.fullmatch(actual[q].text)), None)
        if k is not None:
            expected.append(actual[k].text)
            p = k + 1
        elif not optional:
            expected.append(text)
    diff = list(difflib.unified_diff(expected, [a.text for a in actual], f"library {label}", "document",
                                     n=1, lineterm=""))
    if len(diff) > _MAX_DIFF_LINES:
        diff = [*diff[:_MAX_DIFF_LINES], f"… ({len(diff) - _MAX_DIFF_LINES} more diff lines)"]
    return "\n".join(diff)


def _articles(ctx: Context) -> list[tuple[Block, list[Block]]]:
    """Each Heading 1 with the paragraphs under it (up to the next heading of any level or a table)."""
    out: list[tuple[Block, list[Block]]] = []
    current: list[Block] | None = None
    for b in ctx.blocks(TEXT_PARTS):
        if b.heading_level == 1:
            current = []
            out.append((b, current))
        elif b.heading_level is not None or b.cells:
            current = None
        elif current is not None:
            current.append(b)
    return out


def _warn(claim: Claim, zh: str, en: str) -> Finding:
    return finding("library_clause_unknown", Severity.warning, Role.legal, zh, en, evidence=claim.raw)


def check_library_clauses(ctx: Context) -> list[Finding]:
    """For a generated document: each clause whose text no longer matches the library version it claims
    is a legal blocker, with a unified diff as evidence; a claimed clause the library does not hold
    in that version (or has retired) is a legal warning. Not our document: no finding.
    """
    claims = claimed_clauses(ctx.result.properties)
    if not claims:
        return []
    if len(claims) > len(ctx.library.clauses) or len({c.clause_id for c in claims}) < len(claims):
        # The generator lists each clause once; a longer list or a repeated clause was not written by it, and
        # comparing thousands of claims would cost the time and report lines of thousands.
        return [finding("library_clause_unknown", Severity.warning, Role.legal,
                        f"文件声明的条款清单（{len(claims)}项）不是本系统生成的：有重复或多于条款库的条款数，未逐条比对。",
                        f"the document's clause list ({len(claims)} entries) was not written by the generator: it "
                        "repeats a clause or lists more than the library holds, so no clause was compared.",
                        evidence=clip(", ".join(c.raw for c in claims[:20]), 300))]
    out: list[Finding] = []
    articles = _articles(ctx)
    first_heading = articles[0][0].index if articles else None
    body = [b for b in ctx.blocks(TEXT_PARTS) if not b.cells and b.heading_level is None]
    preamble = [b for b in body if first_heading is None or b.index < first_heading]
    closing = [b for b in body if articles and b.index > articles[-1][0].index]
    used = 0
    for claim in claims:
        clause = ctx.library.clauses.get(claim.clause_id)
        if clause is None:
            out.append(_warn(claim, f"文件声明的条款 {claim.clause_id} 不在条款库中。",
                             f"the document claims clause {claim.clause_id!r}, which the library does not hold."))
            continue
        if clause.version != claim.version:
            out.append(_warn(claim, f"条款 {claim.clause_id} 声明版本 {claim.version}，"
                                    f"条款库现为 {clause.version}，无法比对。",
                             f"clause {claim.clause_id!r} claims version {claim.version}; the library holds "
                             f"{clause.version}, so it cannot be compared."))
            continue
        if clause.status is Status.retired:
            out.append(_warn(claim, f"条款 {claim.clause_id}@{claim.version} 已废止。",
                             f"clause {claim.clause_id}@{claim.version} is retired."))
        try:
            _, title, text = clause.pick(claim.variant)
        except KeyError:
            out.append(_warn(claim, f"条款 {claim.clause_id} 没有变体 {claim.variant}。",
                             f"clause {claim.clause_id!r} has no variant {claim.variant!r}."))
            continue
        if clause.placement is Placement.article:
            found = _find_article(articles, used, title.zh, title.en)
            if found is None:
                out.append(_mismatch(clause, claim, "", "(no heading with this clause's title)"))
                continue
            used = found + 1
            heading, blocks = articles[found]
            last = found == len(articles) - 1
            problem = _compare(text.zh, text.en, blocks, whole=not last)
            if problem is not None:
                out.append(_mismatch(clause, claim, heading.location, problem))
        else:
            region = preamble if clause.placement is Placement.preamble else closing
            problem = _compare(text.zh, text.en, region, whole=False, anywhere=True)
            if problem is not None:
                out.append(_mismatch(clause, claim, region[0].location if region else "", problem))
    return out


def _find_article(articles: list[tuple[Block, list[Block]]], start: int, *titles: str) -> int | None:
    rxs = [_title_rx(t) for t in titles]
    for idx in [*range(start, len(articles)), *range(0, start)]:
        heading = articles[idx][0].text
        if any(rx.search(heading) for rx in rxs):
            return int(idx)
    return None


@functools.lru_cache(maxsize=1024)
def _title_rx(title: str) -> LinearPattern:
    return compile_linear(template_regex(title).removeprefix(r"\s*").removesuffix(r"\s*") or "$^")


def _compare(zh: str, en: str, blocks: list[Block], *, whole: bool, anywhere: bool = False) -> str | None:
    """``None`` when the blocks read as the library text in each language present, else a diff."""
    for lang, source in ((Lang.zh, zh), (Lang.en, en)):
        mine = [b for b in blocks if _is_zh(b.text) == (lang is Lang.zh)]
        if not mine:
            continue
        lines = _lines(mine)
        actual = "\n".join(f"{ITEM} {line.text}" if line.item else line.text for line in lines)
        rx = _compiled(source)
        if anywhere:
            ok = rx.search(actual) is not None
        else:
            ok = (rx.fullmatch(actual) if whole else rx.match(actual)) is not None
        if not ok:
            return unified_diff(source, lines, lang.value)
    return None


def _mismatch(clause: Clause, claim: Claim, location: str, evidence: str) -> Finding:
    return finding(
        "library_clause_changed", Severity.blocker, Role.legal,
        f"条款“{clause.title.zh}”（{claim.raw}）的文字与条款库批准版本不一致。",
        f"clause {clause.title.en!r} ({claim.raw}) no longer matches the approved library text.",
        location=location, evidence=evidence, category=clause.category,
    )
