"""The portal's file store: uploads and what jobs made, kept by their SHA-256 under $CONTRACTS_FILES_DIR (default
$CONTRACTS_HOME/files), outside any served path.

Several machines may share the folder (NFS and the like): a file is written under ``tmp/`` in the same folder, so
on the same filesystem, flushed to disk, and renamed to its name in one step, so every node sees it whole or not at
all; two nodes keeping the same bytes at once both succeed (the same bytes land under the same name)."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import select

from clause_library.files import copy_hashed
from review.reader import MAX_BYTES
from signoff.store import contracts_home

from .database import engine, jobs, reviews

__all__ = ["FILES_ENV", "MAX_UPLOAD", "TooLarge", "discard_unused", "path_of", "store", "store_file", "sweep_parts"]

FILES_ENV = "CONTRACTS_FILES_DIR"
MAX_UPLOAD = MAX_BYTES  # the reviewer reads at most this much
_PART_AGE = 24 * 3600.0  # seconds after which a temporary file is taken as left by a process that died writing it


class TooLarge(Exception):
    """Raised when an upload passes ``MAX_UPLOAD`` bytes: nothing is kept."""


def _root() -> Path:
    found = os.environ.get(FILES_ENV)
    return Path(found).expanduser() if found else contracts_home() / "files"


def _temporary() -> tuple[int, str]:
    """A new temporary file inside the store (same filesystem: the rename that publishes it is atomic)."""
    (_root() / "tmp").mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(dir=_root() / "tmp", suffix=".part")


def path_of(sha256: str) -> Path:
    """Where the bytes with this SHA-256 are kept (``ab/abcdef…``); ValueError for anything but 64 hex digits,
    so that no name from outside becomes a path."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a SHA-256: {sha256[:80]!r}")
    return _root() / sha256[:2] / sha256


async def store(chunks: AsyncIterator[bytes], *, max_bytes: int = MAX_UPLOAD) -> str:
    """Keep the bytes ``chunks`` give and return their SHA-256; the same bytes are kept once. The file appears
    whole or not at all; TooLarge (and nothing kept) past ``max_bytes``."""
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = _temporary()
    try:
        with os.fdopen(fd, "wb") as f:
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(f"more than {max_bytes:,} bytes")
                digest.update(chunk)
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        return _publish(tmp_name, digest.hexdigest())
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _publish(tmp_name: str, sha: str) -> str:
    """Move the finished (flushed) temporary file to its place by ``sha``, whole (a rename), and return ``sha``."""
    final = path_of(sha)
    final.parent.mkdir(exist_ok=True)
    if final.is_file():  # the same bytes, kept whole (only a rename puts a file there); a node may be reading it
        os.unlink(tmp_name)
    else:
        os.replace(tmp_name, final)
    return sha


def store_file(path: Path) -> str:
    """Keep a copy of the file at ``path`` (made by the portal's own work, not uploaded) and return its SHA-256;
    one read of ``path``, hashed as copied (``clause_library.files.copy_hashed``). The copy appears whole or not
    at all; DocumentReadError naming ``path`` when it cannot be read."""
    fd, tmp_name = _temporary()
    try:
        sha = copy_hashed(path, Path(tmp_name))
        os.fsync(fd)  # the copy went through another descriptor of the same file: this flushes it too
        return _publish(tmp_name, sha)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)


def sweep_parts(*, older_than: float = _PART_AGE) -> int:
    """Remove the temporary files that have not changed for ``older_than`` seconds: left by a process killed while
    writing (a file being written is younger). How many were removed."""
    removed, cutoff = 0, time.time() - older_than
    for part in (_root() / "tmp").glob("*.part"):
        try:
            if part.stat().st_mtime < cutoff:
                part.unlink()
                removed += 1
        except FileNotFoundError:  # another node swept it, or its writer finished
            continue
    return removed


def discard_unused(sha256: str, *, url: str | None = None) -> None:
    """Remove the bytes with this SHA-256 from the store unless a review or a job uses the same bytes: an upload
    refused (a roster of ID numbers with bad rows, a file that cannot be read) is not kept, and nothing a request
    could later point at either."""
    with engine(url).connect() as conn:
        used = (conn.execute(select(reviews.c.id).where(reviews.c.sha256 == sha256).limit(1)).first()
                or conn.execute(select(jobs.c.id).where(jobs.c.payload.contains(sha256)).limit(1)).first())
    if used is None:
        path_of(sha256).unlink(missing_ok=True)
