"""The shape of cues.yaml: the reviewer's cues of a document's kind, its kind of outsourcing and personal
information entrusted, besides the categories' patterns."""

from __future__ import annotations

from pydantic import field_validator, model_validator

from .models import DocumentKind, OutsourcingKind, Patterns, Strict

__all__ = ["Cue", "Cues", "KindCues", "KindTitle", "OutsourcingCue", "OutsourcingCues", "PersonalInformationCues"]


class Cue(Patterns):
    """A cue the reviewer reads in a document's words (cues.yaml): any of its patterns matching; one at least."""

    @model_validator(mode="after")
    def _check_patterns(self) -> Cue:
        if not self.zh and not self.en:
            raise ValueError("a cue needs at least one pattern, under zh or en")
        return self


class KindTitle(Cue):
    """A title naming a document of a contract's family (授权委托书, 终止协议, …): ``kind``."""

    kind: DocumentKind


class OutsourcingCue(Cue):
    """The cue words of one kind of outsourcing."""

    kind: OutsourcingKind


def _each_once(kinds: list[str], allowed: list[str] | None = None) -> None:
    if len(set(kinds)) != len(kinds) or (allowed is not None and sorted(kinds) != sorted(allowed)):
        raise ValueError(f"each kind once{' (' + ', '.join(allowed) + ')' if allowed else ''}, found {kinds}")


class KindCues(Strict):
    """What tells a document's kind (review.kind): its title, tried first; else its opening's cues. ``family``
    is tried in its order, after ``pledge`` and before ``nda``."""

    title: Cue
    generic_title: Cue
    pledge: Cue
    family: list[KindTitle]
    nda: Cue
    secrecy: Cue
    undertaking: Cue
    service: Cue
    company_promisor: Cue
    person: Cue

    @field_validator("family")
    @classmethod
    def _check_family(cls, v: list[KindTitle]) -> list[KindTitle]:
        _each_once([t.kind.value for t in v])
        return v


class OutsourcingCues(Strict):
    """What tells a service contract's kind of outsourcing (review.outsourcing); of equal scores, the first
    of ``kinds`` leads."""

    kinds: list[OutsourcingCue]
    advice: Cue
    outsourced: Cue
    kept: Cue

    @field_validator("kinds")
    @classmethod
    def _check_kinds(cls, v: list[OutsourcingCue]) -> list[OutsourcingCue]:
        _each_once([c.kind.value for c in v], [k.value for k in OutsourcingKind])
        return v


class PersonalInformationCues(Strict):
    """Personal information entrusted (PIPL art. 21): a passage ``named`` and ``entrusted`` in one language."""

    named: Cue
    entrusted: Cue


class Cues(Strict):
    """The reviewer's cues besides the categories' patterns (cues.yaml)."""

    document_kind: KindCues
    outsourcing: OutsourcingCues
    personal_information: PersonalInformationCues
