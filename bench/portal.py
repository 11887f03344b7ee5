"""The portal under load: N simulated users on loopback viewing pages, uploading contracts for review and asking
for NDA packs of 40 and 1,000 people, against `contracts serve` on the embedded default (SQLite, the file store and
the job queue in one $CONTRACTS_HOME, one job worker process beside the web process).

Prints p50/p95 latency per page and the packs finished per second, and the same run with the naive way beside it:
jobs run in the web process, in the request's thread pool (what the portal would do without a queue). The issue's
bar: with 20 users, p95 of a page view at most 300 ms while packs are being built.

    python bench/portal.py                      # 20 users, 30 s per mode
    python bench/portal.py --users 5 --seconds 10
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.portal.packs_helpers import FORM, roster_csv, roster_rows  # noqa: E402

PASSWORD = "bench password 2026"
PAGES = ("/", "/review", "/packs", "/packs/new")
CONTRACT = ("技术服务合同\n合同编号：B-2026-0001\n甲方：北京示例科技股份有限公司\n乙方：上海云服信息技术有限公司\n"
            "第一条 服务内容\n乙方向甲方提供运维服务，服务费为人民币100,000.00元。\n").encode()
_INLINE = ("import sys, uvicorn; from portal.jobs import queue; from portal.web import create_app; "
           "queue().immediate = True; uvicorn.run(create_app(), host='127.0.0.1', port=int(sys.argv[1]), "
           "log_level='warning')")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _server(home: Path, inline: bool) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "CONTRACTS_HOME": str(home), "CONTRACTS_SECRET_KEY": "bench" * 10}
    command = ([sys.executable, "-c", _INLINE, str(port)] if inline else
               [sys.executable, "-m", "contracts", "serve", "--port", str(port), "--workers", "1"])
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx2.get(base + "/login", timeout=1)
                break
            except httpx2.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()  # `contracts serve` stops its worker in turn
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:  # the naive server is still building a pack in a request
            proc.kill()
            proc.wait(15)


def _token(client: httpx2.Client, path: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    if not m:
        raise RuntimeError(f"no form token on {path}")
    return m.group(1)


class _Run:
    """What the users measured: latency per page (seconds), and the packs asked for and finished."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.asked: list[int] = []
        self.finished: list[tuple[int, float]] = []  # (people, when)
        self.lock = threading.Lock()

    def timed(self, name: str, call: Callable[[], httpx2.Response]) -> httpx2.Response:
        start = time.perf_counter()
        response = call()
        with self.lock:
            self.latency[name].append(time.perf_counter() - start)
        return response


def _ask_pack(client: httpx2.Client, run: _Run, people: int) -> str:
    roster = roster_csv(roster_rows(people))
    response = run.timed("pack request", lambda: client.post(
        "/packs/new", data={"csrf": _token(client, "/packs/new"), **FORM},
        files={"roster": ("名单.csv", roster, "text/csv")}))
    if response.status_code != 303:
        raise RuntimeError(f"pack request refused ({response.status_code}): {response.text[:300]}")
    return str(response.headers["location"])


def _user(base: str, name: str, run: _Run, people: int, errors: list[str]) -> None:
    try:
        with httpx2.Client(base_url=base, timeout=120, follow_redirects=False) as client:
            client.post("/login", data={"csrf": _token(client, "/login"), "username": name, "password": PASSWORD})
            job = _ask_pack(client, run, people)
            i = 0
            while time.monotonic() < run.deadline:
                for page in PAGES:
                    run.timed(page, functools.partial(client.get, page))
                state = run.timed("job progress", functools.partial(client.get, job + "/progress")).json()
                if state["over"]:
                    with run.lock:
                        run.finished.append((people, time.monotonic()))
                    job = _ask_pack(client, run, people)
                if i % 5 == 0:
                    run.timed("review upload", lambda: client.post(
                        "/review", data={"csrf": _token(client, "/review")},
                        files={"document": ("合同.txt", CONTRACT, "text/plain")}))
                i += 1
                time.sleep(0.2)  # a person reads a page for a moment
    except Exception as e:  # one user's failure is reported, the others go on
        errors.append(f"{name}: {type(e).__name__}: {e}")


def _accounts(home: Path, users: int) -> list[str]:
    env = {**os.environ, "CONTRACTS_HOME": str(home)}
    names = [f"user{i:02d}" for i in range(users)]
    for name in names:
        subprocess.run([sys.executable, "-m", "contracts", "users", "add", name, "--name", name, "--role",
                        "requester", "--password-stdin"], input=PASSWORD + "\n", text=True, env=env, cwd=ROOT,
                       check=True, capture_output=True)
    return names


def measure(users: int, seconds: float, big: int, small: int, *, inline: bool) -> tuple[_Run, list[str], float]:
    with tempfile.TemporaryDirectory(prefix="contracts-bench-") as tmp:
        home = Path(tmp)
        names = _accounts(home, users)
        with _server(home, inline) as base:
            start = time.monotonic()
            run = _Run(start + seconds)
            errors: list[str] = []
            threads = [threading.Thread(target=_user, args=(base, name, run, big if i == 0 else small, errors))
                       for i, name in enumerate(names)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return run, errors, time.monotonic() - start


def _p(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(worker: tuple[_Run, list[str], float], inline: tuple[_Run, list[str], float]) -> bool:
    print(f"{'page':<16}{'worker p50':>12}{'p95':>9}{'n':>7}   {'inline p50':>12}{'p95':>9}{'n':>7}  p95 ratio")
    names = [*PAGES, "job progress", "review upload", "pack request"]
    for name in names:
        w, i = worker[0].latency.get(name, []), inline[0].latency.get(name, [])
        ratio = _p(i, 95) / _p(w, 95) if w and i else float("nan")
        print(f"{name:<16}{_p(w, 50) * 1000:>10.0f}ms{_p(w, 95) * 1000:>7.0f}ms{len(w):>7}   "
              f"{_p(i, 50) * 1000:>10.0f}ms{_p(i, 95) * 1000:>7.0f}ms{len(i):>7}  {ratio:>6.1f}×")
    views = {m: [x for page in PAGES for x in run.latency.get(page, [])] for m, (run, _, _) in
             (("worker", worker), ("inline", inline))}
    for mode, (run, errors, took) in (("worker", worker), ("inline", inline)):
        people = sum(p for p, _ in run.finished)
        print(f"{mode}: {len(run.finished)} packs finished in {took:.1f} s = {len(run.finished) / took:.2f} jobs/s "
              f"({people / took:.0f} people/s); page views p95 {_p(views[mode], 95) * 1000:.0f} ms over "
              f"{len(views[mode])}; {len(errors)} user error(s)")
        for e in errors[:5]:
            print(f"  {e}")
    ok = _p(views["worker"], 95) <= 0.300 and not worker[1]
    print(f"bar (p95 of a page view ≤ 300 ms with packs building, jobs off the request thread): "
          f"{'met' if ok else 'NOT met'}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20, help="simulated users at once (default 20)")
    parser.add_argument("--seconds", type=float, default=30, help="how long each mode runs (default 30)")
    parser.add_argument("--big", type=int, default=1000, help="people in the pack user 0 asks for (default 1000)")
    parser.add_argument("--small", type=int, default=40, help="people in the others' packs (default 40)")
    args = parser.parse_args()
    print(f"{args.users} users, {args.seconds:.0f} s per mode; packs of {args.big} (one user) and {args.small} "
          f"(the others); {os.cpu_count()} CPU(s)")
    worker = measure(args.users, args.seconds, args.big, args.small, inline=False)
    inline = measure(args.users, args.seconds, args.big, args.small, inline=True)
    sys.exit(0 if report(worker, inline) else 1)


if __name__ == "__main__":
    main()
