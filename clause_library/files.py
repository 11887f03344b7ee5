"""Files every package writes or fingerprints the same way: one atomic write, one file hash, one zip sniff."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from .errors import ContractsError, DocumentReadError, OutputError

__all__ = ["ZIP_MAGIC", "atomic_write", "copy_hashed", "file_sha256", "is_zip", "ordinary_mode"]

# A zip archive (so a .docx or .xlsx) starts with a local file header, or, when empty, the end of its directory.
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def is_zip(head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes) is the start of a zip archive, whatever the file's name says."""
    return head.startswith(ZIP_MAGIC)


def file_sha256(path: Path) -> str:
    """The SHA-256 (hex) of the file's bytes; raises DocumentReadError naming the file."""
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError as e:
        raise DocumentReadError(path, f"cannot open: {e.strerror or e}") from e


def copy_hashed(src: Path, dst: Path, *, chunk: int = 1 << 20) -> str:
    """Copy ``src`` to ``dst`` and return the SHA-256 of the bytes copied: one read of ``src``, so what is
    hashed is exactly what the copy holds even when ``src`` changes meanwhile. DocumentReadError naming
    ``src`` when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with src.open("rb") as f, dst.open("wb") as out:
            while block := f.read(chunk):
                digest.update(block)
                out.write(block)
    except OSError as e:
        raise DocumentReadError(src, f"cannot open: {e.strerror or e}") from e
    return digest.hexdigest()


def ordinary_mode(*, folder: bool = False) -> int:
    """The mode a new file (or folder) gets under the current umask: what ``open`` or ``mkdir`` would give.
    ``mkstemp`` and ``mkdtemp`` make private ones (0600, 0700), which a finished output must not keep."""
    mask = os.umask(0o22)
    os.umask(mask)
    return (0o777 if folder else 0o666) & ~mask


def atomic_write(path: Path, content: bytes | str | Callable[[IO[bytes]], object], *, what: str = "file") -> Path:
    """Write ``path`` whole or not at all: into a temporary file beside it, then renamed over it.

    ``content`` is bytes, text (UTF-8), or a function that writes to the open binary file. The file gets
    the ordinary mode under the umask. A failure (a full disk, Ctrl-C, an error raised by ``content``)
    leaves ``path`` as it was and no temporary file; an OSError becomes OutputError naming ``path`` and
    ``what`` it is (e.g. "report", "sign-off pack").
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as e:
        raise OutputError(f"{path}: cannot write the {what} there: {e.strerror or e}") from e
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            if callable(content):
                content(f)
            else:
                f.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(tmp, ordinary_mode())
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        if isinstance(e, ContractsError):  # the project's own errors (e.g. from ``content``) pass unchanged
            raise
        raise OutputError(f"{path}: could not write the {what} ({e.strerror or e}); nothing was left "
                          "half-written") from e
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
