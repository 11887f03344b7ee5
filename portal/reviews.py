"""Reviews on the portal: an uploaded document reviewed by the reviewer the CLI uses, its report kept with who asked."""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from sqlalchemy import select

from clause_library.errors import DocumentReadError
from clause_library.loader import default_library
from clause_library.models import Lang
from clause_library.safety import text_problem
from review.reader import read_document
from review.review import review_result
from signoff.identity import contract_number

from .database import engine, reviews
from .documents import record_version
from .filestore import discard_unused, path_of
from .places import Paragraph, paragraphs_of

__all__ = ["FindingGroup", "Reviewed", "StoredReview", "group_findings", "kind_text", "review_file", "review_stored",
           "reviews_by", "shown_name", "stored_review"]


@dataclass(frozen=True)
class StoredReview:
    """A review kept by the portal: ``report`` is the reviewer's JSON report (``review.findings.Report.to_dict``);
    it is version ``version`` of the document ``document_id`` (``portal.documents``)."""

    id: int
    account_id: int
    file_name: str
    sha256: str
    created_at: dt.datetime
    report: dict[str, Any]
    document_id: int
    version: int


@dataclass(frozen=True)
class FindingGroup:
    """Findings of one check and category, shown as one group ("39 placeholders to fill"), in report order.
    ``title`` (``message_zh``/``message_en``) heads a group whose findings differ in what they name (the missing
    clauses: "缺少必备条款"); ``None``: the first finding's message heads it."""

    check: str
    category: str | None
    severity: str
    owner: str
    findings: list[dict[str, Any]]
    title: dict[str, str] | None = None


# Findings of these checks name a different clause each: one group per severity and kind of message, not per clause
# (an unknown vendor form missing 26 clauses showed 26 groups).
_BY_MESSAGE = frozenset({"missing_category"})


def shown_name(raw: str) -> str:
    """An uploaded file's name as the portal shows and records it: its last part, at most 200 characters, and
    "document" when it holds what a text may not (a control character, a bidirectional override…)."""
    name = PureWindowsPath(PurePosixPath(raw).name).name.strip()[:200]
    return name if name and text_problem(name) is None else "document"


@dataclass(frozen=True)
class Reviewed:
    """What reviewing a file gave: the report (JSON), its paragraphs, its contract number; or why it could not be
    read (``unreadable``). Plain data, so that it comes back from a process of the review pool."""

    report: dict[str, Any]
    paragraphs: list[Paragraph]
    contract_no: str | None
    unreadable: str | None = None


def review_file(path: str, file_name: str, sha256: str) -> Reviewed:
    """Review the file at ``path`` as ``file_name``: no database, no file store, so it runs in any process."""
    try:
        read = read_document(path)
    except DocumentReadError as e:
        return Reviewed({}, [], None, e.reason)
    report = review_result(replace(read, path=file_name), sha256=sha256)
    return Reviewed(report.to_dict(), paragraphs_of(read), contract_number(read))


def review_stored(sha256: str, file_name: str, account_id: int, *, document_id: int | None = None,
                  url: str | None = None, clock: Any = None, pool: Executor | None = None) -> int:
    """Review the stored bytes ``sha256`` (uploaded as ``file_name``) and keep the report and the text read as the
    next version of ``document_id`` (``None``: version 1 of a new document); return the review's id. ``pool``: the
    processes reviewing runs in (``None``: this thread), so that a long review holds no page up.
    DocumentReadError, naming ``file_name`` and not the store, when the bytes cannot be read as a contract;
    LookupError for an unknown ``document_id``."""
    args = (str(path_of(sha256)), file_name, sha256)
    done = pool.submit(review_file, *args).result() if pool is not None else review_file(*args)
    if done.unreadable is not None:
        discard_unused(sha256, url=url)
        raise DocumentReadError(file_name, done.unreadable)
    at = (clock or (lambda: dt.datetime.now(dt.UTC)))().astimezone(dt.UTC)
    return record_version(document_id, account_id=account_id, file_name=file_name, sha256=sha256, at=at,
                          report=done.report, paragraphs=done.paragraphs, contract_no=done.contract_no, url=url)


def stored_review(review_id: int, *, url: str | None = None) -> StoredReview | None:
    """The review with this id, ``None`` when there is none."""
    with engine(url).connect() as conn:
        row = conn.execute(select(reviews).where(reviews.c.id == review_id)).first()
    return None if row is None else _stored(row)


def reviews_by(account_id: int, *, url: str | None = None, limit: int = 20) -> list[StoredReview]:
    """The account's latest reviews, newest first."""
    with engine(url).connect() as conn:
        rows = conn.execute(select(reviews).where(reviews.c.account_id == account_id)
                            .order_by(reviews.c.id.desc()).limit(limit)).all()
    return [_stored(r) for r in rows]


def group_findings(report: dict[str, Any]) -> list[FindingGroup]:
    """The report's findings, those of one check and category together (of a check in ``_BY_MESSAGE``: of one
    severity and kind of message, e.g. every mandatory clause missing), groups in the order they first come."""
    groups: dict[tuple[str, str | None, str], FindingGroup] = {}
    for f in report.get("findings", []):
        if f["check"] in _BY_MESSAGE:
            zh, en = f["message_zh"].split("：", 1)[0], f["message_en"].split(":", 1)[0]
            key, title = (f["check"], en, f["severity"]), {"message_zh": zh, "message_en": en}
        else:
            key, title = (f["check"], f.get("category"), ""), None
        if key not in groups:
            groups[key] = FindingGroup(f["check"], f.get("category"), f["severity"], f["owner"], [], title)
        groups[key].findings.append(f)
    return list(groups.values())


def kind_text(kind: str, outsourcing: str | None, lang: Lang) -> str:
    """What the reviewer read the document as, in words: the title of that kind of document (labels.yaml), e.g.
    信息技术外包服务合同; an outsourcing kind it could not tell is said so."""
    labels = default_library().labels
    key = f"title_service_contract_{outsourcing}" if kind == "service_contract" else f"title_{kind}"
    if key in labels:
        return labels[key].get(lang)
    if kind == "service_contract":
        return ("外包服务合同（外包类型不确定）" if lang is Lang.zh
                else "Outsourcing services agreement (kind of outsourcing uncertain)")
    return kind


def _stored(row: Any) -> StoredReview:
    return StoredReview(row.id, row.account_id, row.file_name, row.sha256, dt.datetime.fromisoformat(row.created_at),
                        json.loads(row.report), row.document_id, row.version)
