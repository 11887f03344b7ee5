"""Batch review: contracts uploaded together, reviewed one by one by a job, each kept as a document of one version.

The page keeps the files (``portal.filestore``) and submits one job of kind ``review_batch``; the job reviews each file
with ``portal.reviews.review_stored``, the function a single upload is reviewed by, and reports each file's verdict, or
why it could not be read, in the job's result.

A job may run again (its worker died and ``portal.jobs`` queued it again), so it records which files it has done as it
goes, with ``progress.keep``: while it runs, its row's result holds the entries done so far (each a whole document, so
nothing half made is shown) and, before each file, a *claim* (the file's index and the highest review id then). A run
again (``progress.kept()``) skips the files with an entry; a claimed file without one (the worker died between keeping
the document and writing its entry) takes the document kept since the claim from the same bytes, name and owner, if
there is one, instead of making another.
"""

from __future__ import annotations

import logging
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import func, select

from clause_library.errors import ContractsError

from .database import engine, reviews
from .documents import blocker_count
from .jobs import Progress, work
from .reviews import review_stored, stored_review

__all__ = ["BATCH_KIND", "BATCH_SUFFIXES", "MAX_BATCH_BYTES", "MAX_BATCH_FILES", "batch_entries", "batch_payload",
           "review_batch", "unsupported"]

BATCH_KIND = "review_batch"
MAX_BATCH_FILES = 50
MAX_BATCH_BYTES = 200 * 1024 * 1024  # all the files of one batch together; each is capped as a single upload is
BATCH_SUFFIXES = (".docx", ".pdf", ".txt")  # what the review page takes
_log = logging.getLogger("contracts.portal.batches")


def unsupported(name: str) -> bool:
    """Whether a file named ``name`` is of a type a batch does not take (told by its suffix, as the form's
    ``accept`` tells the browser; the reviewer itself tells the format by content)."""
    return PurePosixPath(name).suffix.lower() not in BATCH_SUFFIXES


def batch_payload(files: list[tuple[str, str]], account_id: int, *, url: str | None) -> dict[str, Any]:
    """The job's payload for ``files`` (shown name, SHA-256 in the file store), reviewed for ``account_id``. The
    SHA-256s in the payload also keep the bytes in the store (``filestore.discard_unused``) until the job has read
    them."""
    return {"account_id": account_id, "url": url, "files": [{"name": name, "sha256": sha} for name, sha in files]}


def batch_entries(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The files a batch job's ``result`` reports, in upload order: each ``index`` and ``name``, and either
    ``error`` (why it could not be read) or ``review_id``, ``document_id``, ``blockers`` and ``readable`` (whether
    any text could be read). Empty for a job of another kind, or one that has done no file yet."""
    found = result.get("reviews")
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


@work(BATCH_KIND)
def review_batch(payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Review the payload's files one by one as single uploads are reviewed, each a new document; a file that cannot
    be read is reported with the reason and the others go on. Files a former run of the job did are not done again."""
    url, owner, files = payload.get("url"), int(payload["account_id"]), payload["files"]
    done, claim = _recorded(progress.kept())
    total = len(files)
    for index, file in enumerate(files):
        if index in done:
            continue
        progress("review_file", index, total)
        adopted = _kept_since(claim, index, owner, file, url)
        if adopted is None:
            progress.keep({**_result(done), "claim": {"index": index, "after": _last_review(url)}})
        done[index] = adopted or _review_one(index, file, owner, url)
        claim = None
        progress.keep(_result(done))
    progress("reviewed", total, total)
    return _result(done)


def _review_one(index: int, file: dict[str, Any], owner: int, url: str | None) -> dict[str, Any]:
    name = str(file["name"])
    try:
        review_id = review_stored(file["sha256"], name, owner, url=url)
    except ContractsError as e:  # DocumentReadError: what the file is; the reason names it
        return {"index": index, "name": name, "error": getattr(e, "reason", str(e))}
    except Exception as e:  # a fault on one vendor's file must not leave the other files of the batch unreviewed
        _log.exception("batch file %d (%s) failed", index, name)
        return {"index": index, "name": name, "error": f"internal error ({type(e).__name__}); "
                "the administrator will find it in the worker's log"}
    return _entry(index, name, review_id, url)


def _entry(index: int, name: str, review_id: int, url: str | None) -> dict[str, Any]:
    kept = stored_review(review_id, url=url)
    report = kept.report if kept is not None else {}
    blockers = blocker_count(report)
    return {"index": index, "name": name, "review_id": review_id, "blockers": blockers,
            "document_id": kept.document_id if kept is not None else None, "readable": bool(report.get("readable"))}


def _result(done: dict[int, dict[str, Any]]) -> dict[str, Any]:
    entries = [done[i] for i in sorted(done)]
    bad = sum(1 for e in entries if "error" in e)
    return {"reviews": entries, "reviewed": len(entries) - bad, "unreadable": bad}


def _recorded(result: dict[str, Any]) -> tuple[dict[int, dict[str, Any]], dict[str, int] | None]:
    """What earlier attempts at the job recorded: the files done, by index, and the claim on the file being done."""
    claim = result.get("claim")
    return {int(e["index"]): e for e in batch_entries(result)}, claim if isinstance(claim, dict) else None


def _last_review(url: str | None) -> int:
    with engine(url).connect() as conn:
        return int(conn.execute(select(func.coalesce(func.max(reviews.c.id), 0))).scalar_one())


def _kept_since(claim: dict[str, int] | None, index: int, owner: int, file: dict[str, Any],
                url: str | None) -> dict[str, Any] | None:
    """The entry of the document a former run kept for file ``index`` but did not record (``None``: it kept none):
    version 1 of the owner's review of the same bytes under the same name, made after the claim on that file."""
    if claim is None or claim.get("index") != index:
        return None
    with engine(url).connect() as conn:
        found = conn.execute(select(reviews.c.id).where(
            reviews.c.id > int(claim.get("after", 0)), reviews.c.account_id == owner,
            reviews.c.sha256 == file["sha256"], reviews.c.file_name == str(file["name"]), reviews.c.version == 1)
            .order_by(reviews.c.id).limit(1)).scalar()
    return None if found is None else _entry(index, str(file["name"]), int(found), url)
