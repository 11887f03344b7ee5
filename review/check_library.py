"""For documents the generator made: does each clause still read as the library version it claims?"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from clause_library.models import Clause, Lang, Placement, Role, Severity, Status, Text
from clause_library.vocabulary import HAN, DocProperty

from .check_base import CJK, TEXT_PARTS, Context, clip, finding
from .document import Block
from .findings import Finding
from .library_text import ITEM, Line, template_pattern, template_regex, unified_diff
from .linear import LinearPattern, compile_linear

__all__ = ["check_library_clauses", "claimed_clauses"]

# The generator records ``contracts.clauses`` (JSON list of ``id@version`` or ``id@version#variant``)
# in the .docx. The expected text depends on the request's values, so a clause body is compared as a pattern
# any rendering of it matches (``library_text``); where a clause differs, the evidence is a diff of its lines.

_LATIN = re.compile(r"[A-Za-z]")
# The first letter of a text (after markers, punctuation and digits) is a Chinese character.
_STARTS_ZH = re.compile(f"[^A-Za-z{HAN}]{{0,12}}[{HAN}]")
# The generator's paragraph and item markers ("1.2 ", "（三） ", "(c) "), always followed by a space.
# Item markers are written for any count (generator.values.item_marker): （一千零一）, (aaa).
_MARKER = re.compile(r"^(?:\d+(?:\.\d+)+|[（(][一二三四五六七八九十百千万亿零a-z\d]{1,16}[）)])[ \u3000]")


@dataclass(frozen=True)
class Claim:
    """One entry of ``contracts.clauses``: clause id, version and variant (``None``: the body)."""

    raw: str
    clause_id: str
    version: str
    variant: str | None


def claimed_clauses(properties: dict[str, str]) -> list[Claim] | None:
    """The clauses a generated document says it holds; ``None`` when it is not ours (no property)."""
    raw = properties.get(DocProperty.clauses)
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


def _lines(blocks: list[Block]) -> list[Line]:
    out: list[Line] = []
    for b in blocks:
        m = _MARKER.match(b.text)
        item = bool(m) and not re.match(r"^\d", b.text)
        text = b.text[m.end():] if m else b.text
        out.extend(Line(line.strip(), item and n == 0) for n, line in enumerate(text.split("\n")) if line.strip())
    return out


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
        return [_forged_list(claims)]
    layout = _Layout.of(ctx)
    out: list[Finding] = []
    used = 0  # the article after the last one compared: the next clause's title is looked for from there
    for claim in claims:
        warnings, claimed = _claimed_text(ctx, claim)
        out += warnings
        if claimed is None:
            continue
        clause, title, text = claimed
        if clause.placement is not Placement.article:
            region = layout.preamble if clause.placement is Placement.preamble else layout.closing
            problem = _compare(text.zh, text.en, region, whole=False, anywhere=True)
            if problem is not None:
                out.append(_mismatch(clause, claim, region[0].location if region else "", problem))
            continue
        found = _find_article(layout.articles, used, title.zh, title.en)
        if found is None:
            out.append(_mismatch(clause, claim, "", "(no heading with this clause's title)"))
            continue
        used = found + 1
        heading, blocks = layout.articles[found]
        problem = _compare(text.zh, text.en, blocks, whole=found != len(layout.articles) - 1)
        if problem is not None:
            out.append(_mismatch(clause, claim, heading.location, problem))
    return out


def _forged_list(claims: list[Claim]) -> Finding:
    return finding("library_clause_unknown", Severity.warning, Role.legal,
                   f"文件声明的条款清单（{len(claims)}项）不是本系统生成的：有重复或多于条款库的条款数，未逐条比对。",
                   f"the document's clause list ({len(claims)} entries) was not written by the generator: it "
                   "repeats a clause or lists more than the library holds, so no clause was compared.",
                   evidence=clip(", ".join(c.raw for c in claims[:20]), 300))


@dataclass(frozen=True)
class _Layout:
    """Where a generated document's clauses stand: its articles (each heading with its paragraphs), the
    paragraphs before the first heading and those after the last article's heading."""

    articles: list[tuple[Block, list[Block]]]
    preamble: list[Block]
    closing: list[Block]

    @classmethod
    def of(cls, ctx: Context) -> _Layout:
        articles = _articles(ctx)
        first_heading = articles[0][0].index if articles else None
        body = [b for b in ctx.blocks(TEXT_PARTS) if not b.cells and b.heading_level is None]
        preamble = [b for b in body if first_heading is None or b.index < first_heading]
        closing = [b for b in body if articles and b.index > articles[-1][0].index]
        return cls(articles, preamble, closing)


def _claimed_text(ctx: Context, claim: Claim) -> tuple[list[Finding], tuple[Clause, Text, Text] | None]:
    """The warnings a claim raises, and the clause with the title and text it claims; ``None`` when they cannot
    be compared (no such clause, another version, no such variant)."""
    clause = ctx.library.clauses.get(claim.clause_id)
    if clause is None:
        return [_warn(claim, f"文件声明的条款 {claim.clause_id} 不在条款库中。",
                      f"the document claims clause {claim.clause_id!r}, which the library does not hold.")], None
    if clause.version != claim.version:
        return [_warn(claim, f"条款 {claim.clause_id} 声明版本 {claim.version}，"
                             f"条款库现为 {clause.version}，无法比对。",
                      f"clause {claim.clause_id!r} claims version {claim.version}; the library holds "
                      f"{clause.version}, so it cannot be compared.")], None
    warnings = []
    if clause.status is Status.retired:
        warnings.append(_warn(claim, f"条款 {claim.clause_id}@{claim.version} 已废止。",
                              f"clause {claim.clause_id}@{claim.version} is retired."))
    try:
        _, title, text = clause.pick(claim.variant)
    except KeyError:
        return [*warnings, _warn(claim, f"条款 {claim.clause_id} 没有变体 {claim.variant}。",
                                 f"clause {claim.clause_id!r} has no variant {claim.variant!r}.")], None
    return warnings, (clause, title, text)


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
        rx = template_pattern(source)
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
