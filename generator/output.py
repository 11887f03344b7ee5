"""Writing outputs safely: build aside, then move into place; a manifest with SHA-256 of each file."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["sha256_file", "staging", "write_manifest"]


@contextlib.contextmanager
def staging(final: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``final``; on success it replaces ``final``, on error it vanishes.

    A crash or Ctrl-C therefore never leaves a half-written ``final``.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".partial", dir=final.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        final.rename(old)
    tmp.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def sha256_file(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def write_manifest(folder: Path, extra: dict[str, Any]) -> Path:
    """Write ``manifest.json`` listing every file under ``folder`` (sorted) with size and SHA-256."""
    files = []
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.name != "manifest.json":
            files.append({"file": p.relative_to(folder).as_posix(), "bytes": p.stat().st_size,
                          "sha256": sha256_file(p)})
    data = {**extra, "files": files}
    path = folder / "manifest.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
