"""Run ``contracts`` as a user does, in a forked child bounded in time and memory, and judge the outcome.

``run_cli`` calls ``contracts.cli.main`` (the console script: argv in, exit status out, the project's
errors turned into exit 2) in a child made with ``fork``: the parent has already imported and warmed
everything, so a child costs milliseconds, and a hang or a memory blow-up ends the child, not the test
run. The child's address space is capped (``resource.RLIMIT_AS``) so a YAML alias bomb fails there
with MemoryError instead of taking the machine's memory.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import resource
import select
import signal
import sys
import time
import traceback
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import settings

__all__ = [
    "LONG_FACTOR",
    "MAX_RSS_GROWTH",
    "Outcome",
    "assert_clear_error",
    "assert_sound",
    "leftovers",
    "run_cli",
    "scaled",
    "tree",
]

TIMEOUT_S = 10.0
# How many times more examples the long run (--fuzz-long, CONTRACTS_FUZZ=long) draws than the default run
# (whether it is the long run is set by conftest). The default run draws half what it drew up to December 2026
# (3 examples per property, was 6), so the factor doubled from 30: the long run draws what it always drew.
LONG_FACTOR = 60
long_run = False
# Generous: the inputs are at most a few MB, and the real work on them needs well under 300 MB.
MAX_RSS_GROWTH = 768 << 20
ADDRESS_SPACE_EXTRA = 3 << 30
# What a staging folder, a half-written report or an editor's backup would leave behind.
_PARTIAL = re.compile(r"(\.partial|\.part|\.old|\.tmp|~)$|^\.~lock|^lu.*\.tmp$")


@dataclass(frozen=True)
class Outcome:
    """What one run did. ``code`` is the exit status (``None``: killed); ``crash`` is the traceback of
    an exception that escaped ``main()``, or why the child was stopped, ``""`` when neither happened."""

    args: tuple[str, ...]
    code: int | None
    stdout: str
    stderr: str
    crash: str
    rss_growth: int
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:
        tail = "\n".join(self.crash.strip().splitlines()[-6:])
        return (f"contracts {' '.join(self.args)}\n  exit {self.code} after {self.seconds:.1f} s, RSS +"
                f"{self.rss_growth >> 20} MiB\n  stdout: {self.stdout[-600:]!r}\n  stderr: {self.stderr[-600:]!r}"
                + (f"\n  crash: {tail}" if tail else ""))


def scaled(n: int) -> Any:
    """``@settings`` with ``n`` examples in the default run, ``LONG_FACTOR`` times more in the long run."""
    return settings(max_examples=n * (LONG_FACTOR if long_run else 1))


def _rss_now() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def _vm_now() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * resource.getpagesize()


def _child(args: Sequence[str], cwd: Path, env: dict[str, str | None], w: int) -> None:
    """In the forked child: run main() with argv, capture its streams, send the outcome up the pipe."""
    from contracts.cli import main

    start_rss = _rss_now()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _vm_now() + ADDRESS_SPACE_EXTRA
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    os.chdir(cwd)
    for k, v in env.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    # A user runs with Python's default warning filters, not the test suite's "error".
    warnings.resetwarnings()
    for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
        warnings.simplefilter("ignore", category)
    sys.argv = ["contracts", *args]
    out, err = io.StringIO(), io.StringIO()
    code: int | None = None
    crash = ""
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main()
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException:
            crash = traceback.format_exc()
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - start_rss
    payload = json.dumps({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue(), "crash": crash,
                          "rss_growth": growth}).encode()
    view = memoryview(payload)
    while view:
        n = os.write(w, view)
        view = view[n:]


def run_cli(args: Iterable[str], *, cwd: Path, timeout: float = TIMEOUT_S,
            env: dict[str, str | None] | None = None) -> Outcome:
    """Run ``contracts ARGS`` in ``cwd`` in a forked child; kill it after ``timeout`` seconds."""
    argv = tuple(str(a) for a in args)
    env = {"CONTRACTS_SIGNOFF_DB": None, **(env or {})}
    sys.stdout.flush()
    sys.stderr.flush()
    r, w = os.pipe()
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 0
        try:
            os.close(r)
            _child(argv, cwd, env, w)
        except BaseException:
            status = 70
        finally:
            os._exit(status)
    os.close(w)
    chunks: list[bytes] = []
    killed = ""
    try:
        while True:
            left = timeout - (time.monotonic() - t0)
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                killed = f"timeout: still running after {timeout:.0f} s (a hang?)"
                break
            ready, _, _ = select.select([r], [], [], left)
            if ready:
                chunk = os.read(r, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(r)
        _, wait_status = os.waitpid(pid, 0)
    seconds = time.monotonic() - t0
    if killed or not chunks:
        why = killed or f"the child died without reporting (wait status {wait_status})"
        return Outcome(argv, None, "", "", why, 0, seconds)
    data = json.loads(b"".join(chunks))
    return Outcome(argv, data["code"], data["stdout"], data["stderr"], data["crash"], data["rss_growth"], seconds)


def tree(root: Path) -> dict[str, int]:
    """Every file and folder under ``root`` (relative POSIX path → size, -1 for a folder, -2 for a symbolic
    link, which is not followed)."""
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): (-2 if p.is_symlink() else -1 if p.is_dir() else p.lstat().st_size)
            for p in sorted(root.rglob("*"))}


def leftovers(root: Path) -> list[str]:
    """What a half-finished write leaves: staging folders, ``.part`` files, backups, temp profiles."""
    return [name for name in tree(root) if any(_PARTIAL.search(part) for part in name.split("/"))]


def assert_sound(o: Outcome, *, codes: Iterable[int] = (0, 1, 2)) -> None:
    """No traceback, no hang, bounded memory, and an exit status the README documents."""
    assert not o.crash, f"a traceback or a stop instead of a clear result:\n{o}"
    assert "Traceback (most recent call last)" not in o.output, f"a traceback was printed:\n{o}"
    assert o.code in set(codes), f"exit {o.code}, expected one of {sorted(set(codes))}:\n{o}"
    assert o.rss_growth <= MAX_RSS_GROWTH, f"memory grew by {o.rss_growth >> 20} MiB:\n{o}"


def assert_clear_error(o: Outcome, *names: str, code: int = 2) -> None:
    """Exit ``code`` with an ``error:`` style message on stderr naming one of ``names`` (a file name)."""
    assert_sound(o)
    assert o.code == code, f"expected exit {code}:\n{o}"
    text = " ".join(o.stderr.split())
    assert o.stderr.strip(), f"exit {code} without a message:\n{o}"
    assert any(n in text for n in names), f"the message does not name {' or '.join(names)}:\n{o}"
