"""What every check sees (the read document, its clauses, categories found) and shared helpers."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import cn2an

from clause_library.loader import Library
from clause_library.models import Condition, DocumentKind, OutsourcingKind, Playbook, Role, Severity
from clause_library.vocabulary import CJK_CASELESS, HAN

from .classify import Hit
from .document import Block, Part, ReadResult, Segment
from .findings import Finding
from .headings import match_annex
from .linear import LinearPattern
from .prefilter import Parts, required_literals

__all__ = [
    "CJK",
    "REGISTERED",
    "TEXT_PARTS",
    "ZH_NUMERALS",
    "Check",
    "Context",
    "around",
    "check",
    "clip",
    "finding",
    "numeral",
    "signature_start",
    "unread_pages",
]

CJK = re.compile(f"[{HAN}]")
_CJK_STRING = re.compile(f"[{CJK_CASELESS}]")  # what prefilter.fold leaves as it is
TEXT_PARTS = frozenset({Part.body, Part.table, Part.annex})
_EVIDENCE = 240  # characters of a block kept as evidence

# A signature block: a seal or signature line, a witness clause, or "By:"; searched near the end only.
_SIGN_CUE = re.compile(
    r"[（(]\s*(?:盖章|公章|签章|签字|签名|签字(?:并|或|/|、)?盖章|盖章(?:并|或|/|、)?签字|合同专用章)\s*[）)]"
    r"|(?:签字|签章|签名|盖章)\s*[:：]|签署页|签字页|承诺人\s*[（(]?\s*签"
    r"|in witness whereof|company seal|\(seal\)|\bsignature\s*[:：(]|\bsigned\s*(?:by|for)\b|\bBy\s*:",
    re.IGNORECASE,
)
_TAIL_BLOCKS = 40  # the signature block is among the last body blocks
_TAIL_SHARE = 0.35  # ... and in the last third of the document


@dataclass
class Context:
    """A document as the checks see it.

    ``kind`` and ``outsourcing`` are given by the caller or recognised; ``conditions`` are the
    caller's plus those the text itself shows (e.g. personal information entrusted).
    ``candidates``: when the outsourcing kind is uncertain (``outsourcing`` ``None``), the kinds the
    evidence points to; the playbook is then what any of theirs asks for.
    """

    result: ReadResult
    segments: list[Segment]
    hits: dict[str, list[Hit]]
    kind: DocumentKind
    outsourcing: OutsourcingKind | None
    conditions: set[Condition]
    library: Library
    candidates: tuple[OutsourcingKind, ...] = ()
    kind_evidence: str = ""  # what the outsourcing kind was read from (cue counts), for the report
    _signature: int | None = field(default=None, init=False, repr=False)
    _signature_done: bool = field(default=False, init=False, repr=False)
    _texts: Parts | None = field(default=None, init=False, repr=False)
    _clauses: dict[int, str] | None = field(default=None, init=False, repr=False)
    _lower: str | None = field(default=None, init=False, repr=False)
    _found: dict[tuple[str, ...], frozenset[int]] = field(default_factory=dict, init=False, repr=False)

    def blocks(self, parts: frozenset[Part] = TEXT_PARTS) -> Iterator[Block]:
        return (b for b in self.result.blocks if b.part in parts)

    def _having(self, strings: Iterable[str]) -> set[int]:
        if self._texts is None:
            self._texts = Parts([b.text for b in self.result.blocks])
        strings = tuple(strings)
        got = self._found.get(strings)
        if got is None:  # several checks (and one check's several passes) ask for the same strings
            got = self._found[strings] = frozenset(self._texts.having(strings))
        return set(got)

    def blocks_having(self, strings: Iterable[str], parts: frozenset[Part] = TEXT_PARTS) -> list[Block]:
        """The blocks of ``parts``, in order, whose folded text (``prefilter.fold``) may contain one
        of the folded ``strings``: found for all blocks at once, one pass over the text per string."""
        blocks = self.result.blocks
        return [blocks[k] for k in sorted(self._having(strings)) if blocks[k].part in parts]

    def blocks_containing(self, strings: Iterable[str], parts: frozenset[Part] = TEXT_PARTS) -> list[Block]:
        """``blocks_having`` for strings outside ASCII and CJK too (□, £, €, ××), also where a string has cases
        (ｘｘ, ＸＸ): those are looked for here in each block, lower-cased as the strings are."""
        strings = tuple(strings)
        having = self.blocks_having(strings, parts)
        if self._lower is None:
            self._lower = "\n".join(b.text for b in self.result.blocks).lower()
        wide = tuple(s for s in strings if not s.isascii() and not _CJK_STRING.search(s) and s in self._lower)
        cased = any(s.upper() != s for s in wide)  # ｘｘ: then the block is lower-cased as the strings are
        extra = {b.index for b in self.blocks(parts)
                 if any(s in (b.text.lower() if cased else b.text) for s in wide)} if wide else set()
        if not extra - {b.index for b in having}:
            return having
        keep = extra | {b.index for b in having}
        return [b for b in self.blocks(parts) if b.index in keep]

    def blocks_for(self, *patterns: re.Pattern[str] | LinearPattern,
                   parts: frozenset[Part] = TEXT_PARTS) -> list[Block]:
        """The blocks of ``parts``, in order, that hold the strings every match of each of
        ``patterns`` holds (``prefilter.required_literals``): a check that needs them all to match
        need not run them on the other blocks."""
        needs = [need for rx in patterns for need in _needs(rx.pattern)]
        if not needs:
            return list(self.blocks(parts))
        keep = self._having(needs[0])
        for need in needs[1:]:
            if not keep:
                break
            keep &= self._having(need)
        blocks = self.result.blocks
        return [blocks[k] for k in sorted(keep) if blocks[k].part in parts]

    @property
    def playbook(self) -> Playbook:
        """The playbook that applies: the outsourcing kind's, or the candidates' union when uncertain."""
        if self.candidates and self.outsourcing is None:
            return self.library.union_playbook(self.kind, self.candidates)
        return self.library.playbook(self.kind, self.outsourcing)

    @property
    def signature_index(self) -> int | None:
        """Index (Block.index) of the first block of the signature block, ``None`` without one."""
        if not self._signature_done:
            self._signature = signature_start(self.result.blocks)
            self._signature_done = True
        return self._signature

    def clause_name(self, block: Block) -> str:
        """The heading (with its number) of the top-level clause ``block`` sits in, "" before the first."""
        if self._clauses is None:
            self._clauses = {}
            top = ""
            for seg in self.segments:
                if seg.level <= 1:
                    top = clip(" ".join(p for p in (seg.number, seg.heading) if p), 60)
                for i in seg.blocks:
                    self._clauses[i] = top
        return self._clauses.get(block.index, "")

    def in_signature_block(self, block: Block) -> bool:
        start = self.signature_index
        return start is not None and block.index >= start and block.part in TEXT_PARTS


@functools.cache
def _needs(pattern: str) -> tuple[frozenset[str], ...]:
    return required_literals(pattern, most=4)


def signature_start(blocks: list[Block]) -> int | None:
    """Where the signature block begins: the first signature cue among the document's last blocks, or among the
    last blocks before its schedules (a contract signed before its 附件 / schedules, which may run long).

    Only short lines (or a table row, or a witness clause) count, so that "本合同自双方签字盖章之日起
    生效" in the body is not taken for the block itself.
    """
    body = [b for b in blocks if b.part in TEXT_PARTS]
    if not body:
        return None
    floor = max(len(body) - _TAIL_BLOCKS, int(len(body) * (1 - _TAIL_SHARE)))
    found = _first_cue(body[floor:])
    if found is not None:
        return found
    # The first schedule heading in the document's second half ends the contract proper.
    annex = next((i for i in range(len(body) // 2, len(body))
                  if body[i].part is not Part.table and len(body[i].text) <= 80 and match_annex(body[i].text)), None)
    if annex is None:
        return None
    return _first_cue(body[max(annex - _TAIL_BLOCKS, int(annex * (1 - _TAIL_SHARE))):annex])


def _first_cue(blocks: list[Block]) -> int | None:
    for b in blocks:
        if b.part is not Part.table and len(b.text) > 80 and "witness whereof" not in b.text.lower():
            continue  # a long paragraph counts only for a witness clause, and this one has none
        m = _SIGN_CUE.search(b.text)
        if m is None:
            continue
        short = b.part is Part.table or len(b.text) <= 80 or "witness whereof" in m.group(0).lower()
        if short:
            return b.index
    return None


# The characters of a Chinese numeral as contracts write article numbers and periods ("第十五条", "一百零二", "两年").
ZH_NUMERALS = "零〇一二两三四五六七八九十百"


def numeral(text: str) -> int | None:
    """The value of an Arabic, full-width or Chinese numeral ("15", "１５", "十五", "一百零二"); ``None`` if not one."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isascii() and text.isdigit():
        return int(text) if len(text) <= 6 else None
    if text and all(c in ZH_NUMERALS for c in text) and len(text) <= 8:
        try:
            value = cn2an.cn2an(text.replace("〇", "零"), "normal")
        except (ValueError, KeyError):
            return None
        return int(value)
    return None


def unread_pages(ctx: Context) -> str:
    """The pages of a PDF without a text layer, as findings list them ("3, 4, 7", the first 20 and "…"); "" for
    none."""
    pages = ctx.result.pages_without_text
    return ", ".join(str(p) for p in pages[:20]) + ("…" if len(pages) > 20 else "")


def clip(text: str, limit: int = _EVIDENCE) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def around(text: str, m: re.Match[str], width: int = 60) -> str:
    """``m``'s match in ``text`` with ``width`` characters each side, "…" where cut."""
    start, end = max(0, m.start() - width), min(len(text), m.end() + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


Check = Callable[[Context], list[Finding]]
REGISTERED: list[Check] = []  # the checks registered with @check, in the order their modules were imported


def check(fn: Check) -> Check:
    """Register ``fn`` as a check: ``checks.run_checks`` runs it on every readable document, after the checks
    ``checks.CHECKS`` lists by name. A new check is one module ``review/check_<name>.py`` holding its function
    under this decorator, and a test (ARCHITECTURE.md, "Add a check")."""
    REGISTERED.append(fn)
    return fn


def finding(
    check: str,
    severity: Severity,
    owner: Role,
    zh: str,
    en: str,
    location: str = "",
    evidence: str = "",
    category: str | None = None,
) -> Finding:
    return Finding(check, severity, owner, zh, en, location, evidence, category)
