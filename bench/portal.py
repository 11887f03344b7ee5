"""The portal under load: N simulated users on loopback viewing pages, uploading contracts for review and asking
for NDA packs of 40 and 1,000 people, against `contracts serve` on the embedded default (SQLite, the file store and
the job queue in one $CONTRACTS_HOME, one job worker process beside the web process).

Prints p50/p95 latency per page and the packs finished per second, and the same run with the naive way beside it:
jobs run in the web process, in the request's thread pool (what the portal would do without a queue). The issue's
bar: with 20 users, p95 of a page view at most 300 ms while packs are being built.

With ``--nodes N`` it measures the portal beyond one machine instead (docs/deploy.md): PostgreSQL and Redis started on
loopback (scripts/services.sh), then one node (one web process, one worker) and N nodes (N web processes, N
workers, the requesters spread over the web nodes), each over a fresh database, once the machine is idle, side by
side: p50/p95 latency of each page, pack jobs finished per second, and how many cores each kind of process kept busy
(what limits it). The requesters are a quarter-end burst: each asks for a pack, watches its page (progress every
second, as the page's script asks), then asks for the next. The bar: N = 2 finishes at least 1.6 times the packs
one node does.

    python bench/portal.py                      # 20 users, 30 s per mode
    python bench/portal.py --users 5 --seconds 10
    python bench/portal.py --nodes 2            # 1 node against 2, on PostgreSQL and Redis
    python bench/portal.py --nodes 2 --big 40 --threads 2
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


def _requester(base: str, name: str, run: _Run, people: int, errors: list[str]) -> None:
    """A requester at quarter end: asks for a pack, watches its page (which asks for its progress every second, as
    progress.js does) until it is over, looks at it, asks for the next."""
    try:
        with httpx2.Client(base_url=base, timeout=120, follow_redirects=False) as client:
            client.post("/login", data={"csrf": _token(client, "/login"), "username": name, "password": PASSWORD})
            client.get("/packs/new")  # not timed: the first page after 20 people sign in at once
            while time.monotonic() < run.deadline:
                run.timed("/packs/new", functools.partial(client.get, "/packs/new"))
                job = _ask_pack(client, run, people)
                while time.monotonic() < run.deadline:
                    time.sleep(1.0)
                    if run.timed("job progress", functools.partial(client.get, job + "/progress")).json()["over"]:
                        with run.lock:
                            run.finished.append((people, time.monotonic()))
                        run.timed("job page", functools.partial(client.get, job))
                        break
    except Exception as e:  # one user's failure is reported, the others go on
        errors.append(f"{name}: {type(e).__name__}: {e}")


def _cpu_seconds(pids: list[int]) -> float:
    """CPU seconds (user and system) the processes ``pids`` and their waited-for children used so far (Linux)."""
    from tests.portal.nodes_helpers import proc_stat

    stats = [fields for fields in map(proc_stat, pids) if fields is not None]
    return sum(int(f) for fields in stats for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # u/s time, children's


def _named(*names: str) -> list[int]:
    """The running processes whose command is one of ``names`` (Linux's /proc)."""
    found = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() in names:
                found.append(int(comm.parent.name))
        except OSError:
            continue
    return found


def _machine_seconds() -> float:
    """CPU seconds the whole machine has been busy (every core), from /proc/stat."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


def _settle(limit: float = 90) -> None:
    """Wait until the machine is idle (under a fifth of a core busy for a second): the web nodes' review processes
    warm up by reviewing a sample when they start, which would otherwise be measured as part of the run."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = _machine_seconds()
        time.sleep(1)
        if _machine_seconds() - before < 0.2:
            return


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


@contextmanager
def _services() -> Iterator[None]:
    """PostgreSQL and Redis on loopback for the run (scripts/services.sh), their URLs in this process's environment
    as the tests' helpers read them."""
    with tempfile.TemporaryDirectory(prefix="contracts-bench-services-") as tmp:
        script = str(ROOT / "scripts" / "services.sh")
        out = subprocess.run(["bash", script, "start", tmp], capture_output=True, text=True, check=False)
        if out.returncode:
            sys.exit(f"cannot start PostgreSQL and Redis: {out.stderr.strip()}")
        try:
            for line in out.stdout.splitlines():
                name, _, value = line.removeprefix("export ").partition("=")
                os.environ[name] = value
            yield
        finally:
            subprocess.run(["bash", script, "stop", tmp], check=False)


def measure_nodes(nodes: int, users: int, seconds: float, big: int, small: int,
                  threads: int) -> tuple[_Run, list[str], float, dict[str, float]]:
    """``nodes`` web processes and as many workers (``threads`` each) over a fresh PostgreSQL schema, Redis's queue
    and one file store; the requesters spread over the web nodes. Also the CPU seconds each kind of process used."""
    from portal.accounts import add_account
    from tests.databases import database_url
    from tests.portal.nodes_helpers import start_nodes

    with tempfile.TemporaryDirectory(prefix="contracts-bench-") as tmp:
        home = Path(tmp)
        url = database_url(home)
        names = [f"user{i:02d}" for i in range(users)]
        for name in names:
            add_account(name, name, ["requester"], PASSWORD, url=url)
        with start_nodes(home, url, webs=nodes, workers=nodes, threads=threads) as running:
            _settle()
            groups = {"workers": [p.pid for p in running.workers], "web nodes": [p.pid for p in running.webs],
                      "PostgreSQL": _named("postgres"), "Redis": _named("redis-server")}
            before = {k: _cpu_seconds(v) for k, v in groups.items()}
            me, machine = time.process_time(), _machine_seconds()
            start = time.monotonic()
            run = _Run(start + seconds)
            errors: list[str] = []
            people = [threading.Thread(target=_requester, args=(running.bases[i % nodes], name, run,
                                                                big if i == 0 else small, errors))
                      for i, name in enumerate(names)]
            for t in people:
                t.start()
            for t in people:
                t.join()
            took = time.monotonic() - start
            cpu = {k: _cpu_seconds(v) - before[k] for k, v in groups.items()}
            cpu["load generator"] = time.process_time() - me
            cpu["machine"] = _machine_seconds() - machine
            cpu["rest (the OS, pool processes)"] = cpu["machine"] - sum(v for k, v in cpu.items() if k != "machine")
            return run, errors, took, cpu


_Measured = tuple[_Run, list[str], float, dict[str, float]]


def report_nodes(nodes: int, one: _Measured, many: _Measured) -> bool:
    def views(run: _Run) -> list[float]:
        return [x for page in ("/packs/new", "job page") for x in run.latency.get(page, [])]

    def rate(m: _Measured) -> float:
        return len(m[0].finished) / m[2]

    print(f"{'':<28}{'1 node':>14}{f'{nodes} nodes':>14}{'ratio':>9}")
    rows = [("page view p50", _p(views(one[0]), 50) * 1000, _p(views(many[0]), 50) * 1000, "ms"),
            ("page view p95", _p(views(one[0]), 95) * 1000, _p(views(many[0]), 95) * 1000, "ms"),
            ("job progress p95", _p(one[0].latency["job progress"], 95) * 1000,
             _p(many[0].latency["job progress"], 95) * 1000, "ms"),
            ("pack jobs finished/s", rate(one), rate(many), ""),
            ("people/s in packs", sum(p for p, _ in one[0].finished) / one[2],
             sum(p for p, _ in many[0].finished) / many[2], "")]
    for name, a, b, unit in rows:
        print(f"{name:<28}{a:>12.2f}{unit:<2}{b:>12.2f}{unit:<2}{b / a if a else float('nan'):>8.2f}×")
    for page in ("/packs/new", "pack request", "job progress", "job page"):
        x, y = one[0].latency.get(page, []), many[0].latency.get(page, [])
        print(f"  {page + ' p50/p95':<26}{_p(x, 50) * 1000:>6.0f}/{_p(x, 95) * 1000:<6.0f}ms"
              f"{_p(y, 50) * 1000:>6.0f}/{_p(y, 95) * 1000:<6.0f}ms  n={len(x)}/{len(y)}")
    print("cores busy, on average (CPU seconds / wall seconds):")
    for kind in one[3]:
        print(f"  {kind:<26}{one[3][kind] / one[2]:>12.2f}  {many[3][kind] / many[2]:>12.2f}")
    for label, (run, errors, took, _) in (("1 node", one), (f"{nodes} nodes", many)):
        print(f"{label}: {len(run.finished)} packs in {took:.1f} s; {len(views(run))} page views; "
              f"{len(errors)} user error(s)")
        for e in errors[:5]:
            print(f"  {e}")
    ok = rate(one) > 0 and rate(many) >= 1.6 * rate(one) and not one[1] and not many[1]
    print(f"bar ({nodes} nodes finish at least 1.6× the pack jobs of one): {'met' if ok else 'NOT met'} "
          f"({rate(many) / rate(one) if rate(one) else float('nan'):.2f}×)")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20, help="simulated users at once (default 20)")
    parser.add_argument("--seconds", type=float, default=30, help="how long each mode runs (default 30)")
    parser.add_argument("--big", type=int, default=1000, help="people in the pack user 0 asks for (default 1000)")
    parser.add_argument("--small", type=int, default=40, help="people in the others' packs (default 40)")
    parser.add_argument("--threads", type=int, default=1, help="with --nodes: threads of each node's worker (default "
                        "1: packs are Python work, which one process runs on one core whatever its threads)")
    parser.add_argument("--nodes", type=int, default=0, help="measure 1 node against this many (web process and "
                        "worker each) on PostgreSQL and Redis, instead of the worker against the naive way")
    args = parser.parse_args()
    if args.nodes:
        if args.nodes < 2:
            parser.error("--nodes: give 2 or more (1 node is always measured beside them)")
        print(f"{args.users} requesters, {args.seconds:.0f} s per setting; packs of {args.big} (one of them) and "
              f"{args.small} (the others); a node is a web process and a worker of {args.threads} thread(s); "
              f"{os.cpu_count()} CPU(s); PostgreSQL and Redis on loopback")
        with _services():
            one = measure_nodes(1, args.users, args.seconds, args.big, args.small, args.threads)
            many = measure_nodes(args.nodes, args.users, args.seconds, args.big, args.small, args.threads)
        sys.exit(0 if report_nodes(args.nodes, one, many) else 1)
    print(f"{args.users} users, {args.seconds:.0f} s per mode; packs of {args.big} (one user) and {args.small} "
          f"(the others); {os.cpu_count()} CPU(s)")
    worker = measure(args.users, args.seconds, args.big, args.small, inline=False)
    inline = measure(args.users, args.seconds, args.big, args.small, inline=True)
    sys.exit(0 if report(worker, inline) else 1)


if __name__ == "__main__":
    main()
