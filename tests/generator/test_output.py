"""Outputs are ordinary files and folders, written whole or not at all (generator.output, clause_library.files)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from clause_library.errors import OutputError
from clause_library.files import atomic_write, ordinary_mode
from generator.output import staging


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_drafted_folder_and_file_get_the_ordinary_modes(tmp_path: Path, umask_022: None) -> None:
    """mkdtemp and mkstemp make private ones (0700, 0600): a colleague could not open what was drafted."""
    with staging(tmp_path / "IT-2026-0001") as tmp:
        (tmp / "contract.docx").write_bytes(b"x")
    assert _mode(tmp_path / "IT-2026-0001") == 0o755 == ordinary_mode(folder=True)
    assert _mode(atomic_write(tmp_path / "report.md", "# r")) == 0o644 == ordinary_mode()


def test_a_failed_write_leaves_the_old_file_and_no_part(tmp_path: Path) -> None:
    target = atomic_write(tmp_path / "r.md", "old")

    def broken(f: object) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match=r"r\.md: could not write the report \(No space left on device\)"):
        atomic_write(target, broken, what="report")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]
