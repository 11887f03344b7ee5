"""The portal's file store: uploads kept by their SHA-256 under $CONTRACTS_HOME/files, outside any served path."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import select

from clause_library.files import copy_hashed
from review.reader import MAX_BYTES
from signoff.store import contracts_home

from .database import engine, jobs, reviews

__all__ = ["MAX_UPLOAD", "TooLarge", "discard_unused", "path_of", "store", "store_file"]

MAX_UPLOAD = MAX_BYTES  # the reviewer reads at most this much


class TooLarge(Exception):
    """Raised when an upload passes ``MAX_UPLOAD`` bytes: nothing is kept."""


def _root() -> Path:
    return contracts_home() / "files"


def path_of(sha256: str) -> Path:
    """Where the bytes with this SHA-256 are kept (``ab/abcdef…``); ValueError for anything but 64 hex digits,
    so that no name from outside becomes a path."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a SHA-256: {sha256[:80]!r}")
    return _root() / sha256[:2] / sha256


async def store(chunks: AsyncIterator[bytes], *, max_bytes: int = MAX_UPLOAD) -> str:
    """Keep the bytes ``chunks`` give and return their SHA-256; the same bytes are kept once. The file appears
    whole or not at all; TooLarge (and nothing kept) past ``max_bytes``."""
    root = _root()
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(dir=root / "tmp", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(f"more than {max_bytes:,} bytes")
                digest.update(chunk)
                f.write(chunk)
        return _publish(tmp_name, digest.hexdigest())
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _publish(tmp_name: str, sha: str) -> str:
    """Move the finished temporary file to its place by ``sha``, whole (a rename), and return ``sha``."""
    final = path_of(sha)
    final.parent.mkdir(exist_ok=True)
    os.replace(tmp_name, final)
    return sha


def store_file(path: Path) -> str:
    """Keep a copy of the file at ``path`` (made by the portal's own work, not uploaded) and return its SHA-256;
    one read of ``path``, hashed as copied (``clause_library.files.copy_hashed``). The copy appears whole or not
    at all; DocumentReadError naming ``path`` when it cannot be read."""
    root = _root()
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=root / "tmp", suffix=".part")
    os.close(fd)
    try:
        return _publish(tmp_name, copy_hashed(path, Path(tmp_name)))
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def discard_unused(sha256: str, *, url: str | None = None) -> None:
    """Remove the bytes with this SHA-256 from the store unless a review or a job uses the same bytes: an upload
    refused (a roster of ID numbers with bad rows, a file that cannot be read) is not kept, and nothing a request
    could later point at either."""
    with engine(url).connect() as conn:
        used = (conn.execute(select(reviews.c.id).where(reviews.c.sha256 == sha256).limit(1)).first()
                or conn.execute(select(jobs.c.id).where(jobs.c.payload.contains(sha256)).limit(1)).first())
    if used is None:
        path_of(sha256).unlink(missing_ok=True)
