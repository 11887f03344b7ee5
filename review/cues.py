"""The library's cues (cues.yaml) as the reviewer runs them: each cue one case-insensitive regex, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from clause_library.cues import Cue, Cues
from clause_library.errors import LibraryError
from clause_library.loader import default_library
from clause_library.models import DocumentKind, OutsourcingKind

__all__ = ["CueRegexes", "cue_regexes", "entrusts_personal_information"]


@dataclass(frozen=True)
class CueRegexes:
    """Each cue of ``clause_library.cues.Cues`` as one regex: its patterns, zh then en, as alternatives."""

    title: re.Pattern[str]
    generic_title: re.Pattern[str]
    pledge: re.Pattern[str]
    family: tuple[tuple[DocumentKind, re.Pattern[str]], ...]
    nda: re.Pattern[str]
    secrecy: re.Pattern[str]
    undertaking: re.Pattern[str]
    service: re.Pattern[str]
    company_promisor: re.Pattern[str]
    person: re.Pattern[str]
    outsourcing: tuple[tuple[OutsourcingKind, re.Pattern[str]], ...]
    advice: re.Pattern[str]
    outsourced: re.Pattern[str]
    kept: re.Pattern[str]
    # personal information named and entrusted, in Chinese and in English: (zh, en) each
    pi_named: tuple[re.Pattern[str], re.Pattern[str]]
    pi_entrusted: tuple[re.Pattern[str], re.Pattern[str]]


def _rx(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(patterns) or "(?!)", re.IGNORECASE)  # no pattern: the cue is never there


def _one(cue: Cue) -> re.Pattern[str]:
    return _rx([*cue.zh, *cue.en])


def _by_language(cue: Cue) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return _rx(cue.zh), _rx(cue.en)


def _compile(cues: Cues) -> CueRegexes:
    k, o, pi = cues.document_kind, cues.outsourcing, cues.personal_information
    return CueRegexes(
        _one(k.title), _one(k.generic_title), _one(k.pledge), tuple((t.kind, _one(t)) for t in k.family),
        _one(k.nda), _one(k.secrecy), _one(k.undertaking), _one(k.service), _one(k.company_promisor),
        _one(k.person), tuple((c.kind, _one(c)) for c in o.kinds), _one(o.advice), _one(o.outsourced),
        _one(o.kept), _by_language(pi.named), _by_language(pi.entrusted),
    )


# Cues are frozen models, so their compiled regexes are cached by identity.
_COMPILED: dict[int, tuple[Cues, CueRegexes]] = {}


def cue_regexes(cues: Cues | None = None) -> CueRegexes:
    """``cues`` compiled, once per ``Cues`` object; ``None``: those of the shipped library."""
    if cues is None:
        cues = default_library().cues
        if cues is None:  # load_library refuses a library without them
            raise LibraryError("the shipped library has no cues (cues.yaml)")
    got = _COMPILED.get(id(cues))
    if got is None or got[0] is not cues:
        got = _COMPILED[id(cues)] = (cues, _compile(cues))
    return got[1]


def entrusts_personal_information(text: str, cues: Cues | None = None) -> bool:
    """Whether ``text`` names personal information and its processing on the client's behalf (PIPL art. 21),
    both in Chinese or both in English (``cues``: see ``cue_regexes``)."""
    rx = cue_regexes(cues)
    (named_zh, named_en), (entrusted_zh, entrusted_en) = rx.pi_named, rx.pi_entrusted
    return bool((named_zh.search(text) and entrusted_zh.search(text))
                or (named_en.search(text) and entrusted_en.search(text)))
