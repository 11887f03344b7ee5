"""Writing outputs safely: build aside, then move into place; a manifest with SHA-256 of each file."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from clause_library.errors import ContractsError, OutputError
from clause_library.files import file_sha256, ordinary_mode
from clause_library.safety import safe_path

__all__ = ["output_folder", "staging", "write_manifest"]


def output_folder(out_dir: Path, contract_no: str, suffix: str = "") -> Path:
    """``out_dir/<contract_no><suffix>``, a ``/`` in the number becoming ``_``; proven to stay in ``out_dir``.

    Raises ``UnsafeNameError`` for a number that cannot be a folder name, ``OutputError`` when
    ``out_dir`` exists and is not a folder.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder; give --out a folder (it is made if missing)")
    return safe_path(out_dir, contract_no.replace("/", "_") + suffix, what="contract_no")


@contextlib.contextmanager
def staging(final: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``final``; on success it replaces ``final``, on error it vanishes.

    A crash or Ctrl-C therefore never leaves a half-written ``final``. Raises ``OutputError`` when
    the folder cannot be made (a file in the way, no permission), ``final`` is a file, or writing
    fails (a full disk): the project's own errors pass through unchanged.
    """
    if final.exists() and not final.is_dir():
        raise OutputError(f"{final}: exists and is not a folder; move it away or choose another --out")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".partial", dir=final.parent))
        os.chmod(tmp, ordinary_mode(folder=True))  # mkdtemp's folder is private; the output is an ordinary one
    except OSError as e:
        raise OutputError(f"{final.parent}: cannot make the output folder: {e.strerror or e}") from e
    try:
        yield tmp
        old = None
        if final.exists():
            old = final.with_name(f".{final.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            final.rename(old)
        tmp.rename(final)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(e, ContractsError):
            raise
        raise OutputError(f"{final}: could not be written ({e.strerror or e}); nothing was left half-written") from e
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_manifest(folder: Path, extra: dict[str, Any]) -> Path:
    """Write ``manifest.json`` listing every file under ``folder`` (sorted) with size and SHA-256."""
    files = []
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.name != "manifest.json":
            files.append({"file": p.relative_to(folder).as_posix(), "bytes": p.stat().st_size,
                          "sha256": file_sha256(p)})
    data = {**extra, "files": files}
    path = folder / "manifest.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
