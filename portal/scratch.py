"""A worker's scratch folder: where its jobs build what they make (a pack's pledges, a draft, a sign-off pack) before
the whole files go to the file store. A worker killed in the middle of a job (SIGKILL, out of memory) cannot remove
its temporary folders, and a pack of 1,000 people leaves hundreds of megabytes; so every worker writes its temporary
files under ``$CONTRACTS_HOME/scratch/<host>-<pid>`` and, when it starts and then hourly, removes the scratch
folders of this host's workers that are no longer running."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
from pathlib import Path

from signoff.store import contracts_home

__all__ = ["sweep_scratch", "use_scratch"]

_log = logging.getLogger("contracts.portal.scratch")


def _root() -> Path:
    return contracts_home() / "scratch"


def _host() -> str:
    return socket.gethostname().replace(os.sep, "_")


def use_scratch() -> Path:
    """Make this process's scratch folder and send its temporary files (``tempfile``) there; the folder."""
    folder = _root() / f"{_host()}-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    tempfile.tempdir = str(folder)
    return folder


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: running
        return True
    return True


def sweep_scratch() -> int:
    """Remove the scratch folders of this host's workers that are no longer running (another host's, on a shared
    $CONTRACTS_HOME, are its own business); how many."""
    removed = 0
    for folder in _root().glob(f"{_host()}-*"):
        pid = folder.name.rsplit("-", 1)[1]
        if folder.is_dir() and pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            _log.warning("removed %s, left by a worker that stopped without clearing it", folder)
            removed += 1
    return removed
