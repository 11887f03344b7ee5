"""Tell what kind of document a contract is, and a service contract's kind of outsourcing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from clause_library.cues import Cues
from clause_library.models import DocumentKind, OutsourcingKind

from .classify import normalize
from .cue_count import finds
from .cues import CueRegexes, cue_regexes
from .outsourcing import HEAD, read_outsourcing_kind
from .prefilter import fold

__all__ = ["KindReading", "detect_kind", "read_kind", "read_outsourcing"]

# The cues are the library's (cues.yaml, see its comments for how they are read); ``cues`` arguments default to
# the shipped library's.
_TITLE_LINES = 6  # non-empty lines at the top that may hold the title
_OPENING = 4000  # the opening pages
_PREFIX = 2 * _OPENING  # raw characters normalised when only the opening is looked at


@dataclass(frozen=True)
class KindReading:
    """What a document is: ``kind``; for a service contract, ``outsourcing``.

    ``outsourcing`` ``None`` with no ``candidates``: no outsourcing kind is named at all (a general
    service contract). With ``candidates`` (one or more, in the cues' order: hr, it, bpo): the evidence is
    weak or split between them, so the kind is uncertain and the review applies all of their playbooks.
    ``scores``: the evidence for each outsourcing kind (cues in the title and preamble count five times).
    """

    kind: DocumentKind
    outsourcing: OutsourcingKind | None = None
    candidates: tuple[OutsourcingKind, ...] = ()
    scores: tuple[tuple[OutsourcingKind, int], ...] = ()

    @property
    def uncertain(self) -> bool:
        return bool(self.candidates)

    @property
    def evidence(self) -> str:
        """The cue counts the outsourcing kind was read from, e.g. "cue words (…): hr 3, it 2, bpo 0"."""
        if not self.scores:
            return ""
        counts = ", ".join(f"{k.value} {n}" for k, n in self.scores)
        return f"cue words (those in the title and preamble count five times): {counts}"


def _opening(text: str) -> str:
    """``normalize(text)[:_OPENING]``, normalising only the start of a long text when that is enough.

    ``normalize`` works locally (a whitespace run, a gap between Chinese characters, a broken
    word), so normalising a prefix gives the same text except at most its last two characters.
    """
    if len(text) > _PREFIX:
        head = normalize(text[:_PREFIX])
        if len(head) >= _OPENING + 2:
            return head[:_OPENING]
    return normalize(text)[:_OPENING]


def _title(text: str, rx: CueRegexes) -> str:
    """The document's title: the first of its top lines shaped like one (the ``title`` cue), or ""."""
    seen = 0
    for raw in text[:2000].splitlines():
        line = normalize(raw)
        if not line:
            continue
        if rx.title.search(line):
            return line
        seen += 1
        if seen >= _TITLE_LINES:
            break
    return ""


def _kind_by_title(title: str, rx: CueRegexes) -> DocumentKind | None:
    """The kind a title names: a pledge, a family document, an NDA (whatever it is about: 外包服务保密协议 is an
    NDA), or a contract (a service contract); ``None`` when there is no title, or one that names no subject."""
    if not title:
        return None
    if rx.pledge.search(title):
        return DocumentKind.pledge
    for kind, cue in rx.family:
        if cue.search(title):
            return kind
    if rx.nda.search(title) or rx.secrecy.search(title):
        return DocumentKind.nda
    if rx.undertaking.search(title):
        return DocumentKind.pledge
    if rx.generic_title.match(title):
        return None  # "协议", "AGREEMENT": the text must tell
    return DocumentKind.service_contract


def _kind_by_text(opening: str, rx: CueRegexes) -> DocumentKind:
    """The kind the opening's cue words point to (no title to go by)."""
    folded = fold(opening)

    def found(cue: re.Pattern[str], end: int) -> bool:
        return finds(cue, opening[:end], folded[:end])

    if found(rx.pledge, HEAD):
        return DocumentKind.pledge
    if found(rx.nda, HEAD) and not found(rx.service, HEAD):
        return DocumentKind.nda
    if not found(rx.service, _OPENING) and found(rx.nda, _OPENING):
        return DocumentKind.nda
    if found(rx.pledge, 2000) and not found(rx.service, 2000):
        return DocumentKind.pledge
    return DocumentKind.service_contract


def read_kind(text: str, *, outsourcing: bool = True, cues: Cues | None = None) -> KindReading:
    """Whether ``text`` is an NDA, a personal confidentiality pledge, a family document or a service contract.

    The title decides when there is one; else the cue words of the first few hundred characters,
    then of the opening pages. For a service contract, also which kind of outsourcing the cue words
    of the whole text point to (see ``KindReading``); not looked for when ``outsourcing`` is False
    (the caller knows it: the whole text need not be read).
    """
    rx = cue_regexes(cues)
    whole = normalize(text) if outsourcing else None  # normalised once, when the whole text is read anyway
    opening = whole[:_OPENING] if whole is not None else _opening(text)
    title = _title(text, rx)
    kind = _kind_by_title(title, rx)
    if kind is None:
        kind = _kind_by_text(opening, rx)
    if kind is DocumentKind.pledge:
        head = opening[:HEAD]
        if rx.company_promisor.search(head) and not rx.person.search(head):
            kind = DocumentKind.nda
    if kind is not DocumentKind.service_contract or whole is None:
        return KindReading(kind)
    if rx.advice.search(title) and not rx.outsourced.search(title):
        return KindReading(kind)  # advice bought is none of the policy's three kinds, whatever it is about
    return KindReading(kind, *read_outsourcing_kind(whole, rx))


def detect_kind(text: str, *, outsourcing: bool = True,
                cues: Cues | None = None) -> tuple[DocumentKind, OutsourcingKind | None]:
    """``read_kind``'s kind and outsourcing kind: ``None`` also when the outsourcing kind is uncertain."""
    got = read_kind(text, outsourcing=outsourcing, cues=cues)
    return got.kind, got.outsourcing


def read_outsourcing(text: str, *, cues: Cues | None = None) -> KindReading:
    """The outsourcing kind of ``text`` read as a service contract, whatever it reads as."""
    return KindReading(DocumentKind.service_contract, *read_outsourcing_kind(normalize(text), cue_regexes(cues)))
