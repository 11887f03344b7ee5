"""Documents on the portal: a contract uploaded in versions (1, 2, …), each version a review of one upload, with
the text it read kept; and who may read a document.

What the sign-off work builds on: ``document(id)``, ``versions(document_id)`` (oldest first),
``current_version(document_id)`` (the latest: the one to approve), ``readable_by(account, document)``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from clause_library.errors import DocumentReadError
from review.reader import read_document

from .accounts import Account
from .database import accounts, documents, engine, review_texts, reviews
from .filestore import path_of
from .places import Paragraph, dump_paragraphs, load_paragraphs, paragraphs_of

__all__ = ["READ_ALL", "Document", "Version", "blocker_count", "current_version", "current_versions", "document",
           "documents_for", "readable_by", "record_version", "version_text", "versions"]

# Who may read every document, not only those they made or uploaded a version of: the approvers and the admins.
READ_ALL = frozenset({"legal", "finance", "business", "admin"})
_ATTEMPTS = 5  # tries to number a version when others are numbering versions of the same document at once


@dataclass(frozen=True)
class Document:
    """A contract on the portal: ``title`` is its first upload's shown name; ``contract_no`` the number the
    reviewer read (``None``: none found in any version yet); ``created_by`` the account that uploaded it first."""

    id: int
    title: str
    contract_no: str | None
    created_by: int
    created_at: dt.datetime


@dataclass(frozen=True)
class Version:
    """One version of a document: the review (``review_id``) of one upload, numbered from 1 (``number``), by
    ``account_id`` (shown as ``uploaded_by``), with its count of blocker findings."""

    review_id: int
    document_id: int
    number: int
    account_id: int
    uploaded_by: str
    file_name: str
    sha256: str
    created_at: dt.datetime
    blockers: int


def document(document_id: int, *, url: str | None = None) -> Document | None:
    """The document with this id, ``None`` when there is none."""
    with engine(url).connect() as conn:
        row = conn.execute(select(documents).where(documents.c.id == document_id)).first()
    if row is None:
        return None
    return Document(row.id, row.title, row.contract_no, row.created_by, dt.datetime.fromisoformat(row.created_at))


def versions(document_id: int, *, url: str | None = None) -> list[Version]:
    """The document's versions, oldest first (empty for an unknown document)."""
    return _versions(document_id, url, latest_only=False)


def current_version(document_id: int, *, url: str | None = None) -> Version | None:
    """The document's latest version, ``None`` for an unknown document."""
    found = _versions(document_id, url, latest_only=True)
    return found[0] if found else None


_IDS_AT_ONCE = 500  # document ids in one query's IN list


def current_versions(document_ids: list[int], *, url: str | None = None) -> dict[int, Version]:
    """Each of these documents' latest version, by document id (a document without one is left out): one query per
    ``_IDS_AT_ONCE`` documents, not one each, for the pages that list many (the documents, a sign-off queue)."""
    found: dict[int, Version] = {}
    for start in range(0, len(document_ids), _IDS_AT_ONCE):
        ids = document_ids[start:start + _IDS_AT_ONCE]
        latest = (select(reviews.c.document_id, func.max(reviews.c.version).label("version"))
                  .where(reviews.c.document_id.in_(ids)).group_by(reviews.c.document_id).subquery())
        query = (select(reviews, accounts.c.display_name).join(accounts, accounts.c.id == reviews.c.account_id)
                 .join(latest, and_(reviews.c.document_id == latest.c.document_id,
                                    reviews.c.version == latest.c.version)))
        with engine(url).connect() as conn:
            found.update((v.document_id, v) for v in map(_version, conn.execute(query).all()))
    return found


def _version(r: Any) -> Version:
    return Version(r.id, r.document_id, r.version, r.account_id, r.display_name, r.file_name, r.sha256,
                   dt.datetime.fromisoformat(r.created_at), _blockers(r.report))


def _versions(document_id: int, url: str | None, *, latest_only: bool) -> list[Version]:
    query = (select(reviews, accounts.c.display_name).join(accounts, accounts.c.id == reviews.c.account_id)
             .where(reviews.c.document_id == document_id))
    query = query.order_by(reviews.c.version.desc()).limit(1) if latest_only else query.order_by(reviews.c.version)
    with engine(url).connect() as conn:
        rows = conn.execute(query).all()
    return [_version(r) for r in rows]


def documents_for(who: Account, *, url: str | None = None, limit: int | None = 100) -> list[Document]:
    """The documents ``who`` may read, newest first (at most ``limit``; ``None``: all): every document for the
    approvers and admins, else those they made or uploaded a version of."""
    query = select(documents).order_by(documents.c.id.desc()).limit(limit)
    if not {r.value for r in who.roles} & READ_ALL:
        mine = select(reviews.c.document_id).where(reviews.c.account_id == who.id)
        query = query.where(or_(documents.c.created_by == who.id, documents.c.id.in_(mine)))
    with engine(url).connect() as conn:
        rows = conn.execute(query).all()
    return [Document(r.id, r.title, r.contract_no, r.created_by, dt.datetime.fromisoformat(r.created_at)) for r in rows]


def readable_by(who: Account, doc: Document, *, url: str | None = None) -> bool:
    """Whether ``who`` may read ``doc`` (its versions, their reports, texts and differences) and upload a new
    version of it: the account that made it, anyone who uploaded a version of it, and the approvers and admins."""
    if doc.created_by == who.id or {r.value for r in who.roles} & READ_ALL:
        return True
    with engine(url).connect() as conn:
        uploaded = conn.execute(select(reviews.c.id).where(reviews.c.document_id == doc.id,
                                                           reviews.c.account_id == who.id).limit(1)).first()
    return uploaded is not None


def record_version(document_id: int | None, *, account_id: int, file_name: str, sha256: str, at: dt.datetime,
                   report: dict[str, Any], paragraphs: Sequence[Paragraph], contract_no: str | None,
                   url: str | None = None) -> int:
    """Keep a review as the next version of ``document_id`` (``None``: as version 1 of a new document titled
    ``file_name``), with the text it read; return the review's id. A document without a contract number takes
    the one this version states. LookupError for an unknown ``document_id``."""
    values = {"account_id": account_id, "file_name": file_name, "sha256": sha256,
              "created_at": at.isoformat(timespec="seconds"), "report": json.dumps(report, ensure_ascii=False)}
    text = dump_paragraphs(paragraphs)
    for _ in range(_ATTEMPTS - 1):
        try:
            return _insert_version(document_id, values, text, contract_no, url)
        except IntegrityError:  # another upload took this version number first: number it again
            continue
    return _insert_version(document_id, values, text, contract_no, url)


def _insert_version(document_id: int | None, values: dict[str, Any], text: str, contract_no: str | None,
                    url: str | None) -> int:
    with engine(url).begin() as conn:
        doc_id = _document_for(conn, document_id, values, contract_no)
        number = conn.execute(select(func.coalesce(func.max(reviews.c.version), 0))
                              .where(reviews.c.document_id == doc_id)).scalar_one() + 1
        key = conn.execute(insert(reviews).values(**values, document_id=doc_id, version=number)).inserted_primary_key
        review_id = int(key[0]) if key is not None else 0
        conn.execute(insert(review_texts).values(review_id=review_id, paragraphs=text))
    return review_id


def _document_for(conn: Connection, document_id: int | None, values: dict[str, Any], contract_no: str | None) -> int:
    number = contract_no[:64] if contract_no else None
    if document_id is None:
        key = conn.execute(insert(documents).values(title=values["file_name"][:255], contract_no=number,
                                                    created_by=values["account_id"],
                                                    created_at=values["created_at"])).inserted_primary_key
        return int(key[0]) if key is not None else 0
    # A write first: it takes the document's lock (SQLite's write lock, PostgreSQL's row lock) before the versions
    # are counted, so that uploads of the same document at once are numbered one after the other.
    touched = conn.execute(update(documents).where(documents.c.id == document_id)
                           .values(contract_no=func.coalesce(documents.c.contract_no, number)))
    if touched.rowcount == 0:
        raise LookupError(f"no document {document_id}")
    return document_id


def version_text(review_id: int, sha256: str, *, url: str | None = None) -> list[Paragraph]:
    """The text the review ``review_id`` read, as kept. A review kept before versions were (schema 4) has none:
    its stored bytes ``sha256`` are read once and the text kept; empty when they cannot be read any more."""
    with engine(url).connect() as conn:
        kept = conn.execute(select(review_texts.c.paragraphs).where(review_texts.c.review_id == review_id)).scalar()
    if kept is not None:
        return load_paragraphs(kept)
    try:
        paragraphs = paragraphs_of(read_document(path_of(sha256)))
    except (DocumentReadError, ValueError):
        return []
    try:
        with engine(url).begin() as conn:
            conn.execute(insert(review_texts).values(review_id=review_id, paragraphs=dump_paragraphs(paragraphs)))
    except IntegrityError:  # kept meanwhile by another request: the same text
        pass
    return paragraphs


def blocker_count(report: dict[str, Any]) -> int:
    """How many of the report's (JSON's) findings are blockers."""
    return sum(1 for f in report.get("findings", []) if f.get("severity") == "blocker")


def _blockers(report: str) -> int:
    return blocker_count(json.loads(report))
