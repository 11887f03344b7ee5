"""What assembly gives the renderer: a document's articles, their paragraphs, its schedules and where they came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from clause_library.models import DocumentKind, Lang, Placement

from .schedules import Table

__all__ = ["Article", "Assembled", "Para", "Table"]


@dataclass
class Para:
    """A paragraph of an article in each language; ``marker`` is "5.1", "（一）" or "(a)".

    ``emphasis`` holds, per language, the (start, end) offsets in ``text`` of the passages drafted bold
    and underlined (``**…**`` in the clause text); ``text`` itself is plain.
    """

    text: dict[Lang, str]
    marker: dict[Lang, str] = field(default_factory=dict)
    item: bool = False
    emphasis: dict[Lang, tuple[tuple[int, int], ...]] = field(default_factory=dict)


@dataclass
class Article:
    """A clause as drafted: numbered when it is an article, unnumbered in the preamble or closing."""

    clause_id: str
    version: str
    category: str
    variant: str | None
    placement: Placement
    number: int | None
    heading: dict[Lang, str]
    paras: list[Para]
    draft: bool = False


@dataclass
class Assembled:
    """Everything the renderer needs: what goes where, in which languages, and where it came from."""

    kind: DocumentKind
    langs: list[Lang]
    title: dict[Lang, str]
    contract_no: str
    client_name: dict[Lang, str]
    vendor_name: dict[Lang, str]
    articles: list[Article]
    tables: list[Table]
    request_sha256: str
    labels: dict[str, dict[Lang, str]]
    defaults: list[tuple[str, str]] = field(default_factory=list)

    @property
    def clause_versions(self) -> list[str]:
        return [f"{a.clause_id}@{a.version}" + (f"#{a.variant}" if a.variant else "") for a in self.articles]
