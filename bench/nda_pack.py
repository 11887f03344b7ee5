"""NDA packs: our pre-compiled, two-core pack against the naive loop, for 100, 1,000 and 10,000 people.

    python bench/nda_pack.py [--sizes 100,1000,10000] [--repeat 3] [--naive-sample 200]
    python bench/nda_pack.py --pdf [--pdf-size 1000] [--repeat 1] [--naive-sample 200]

Rosters (.xlsx, valid resident ID numbers) are built here. Every measurement runs in a fresh
Python process, so its peak memory (ru_maxrss) is its own; in both, the clause library is
loaded before the clock starts (~0.9 s once per process, the same for both ways):

- ours: ``build_pack`` end to end (read and check the roster, NDA, every pledge, index.xlsx,
  manifest, zip), pledges filled from the compiled template on ``--workers`` processes. Peak
  memory is given for the main process and for the largest worker.
- naive: for each person, the normal drafting path (``assemble`` from the library, then
  ``render_docx``: load the docxtpl template, render, save) and write the file, one process.
  For sizes above ``--naive-sample`` only that many people are drafted and the rate is
  extrapolated; the table says so.

With ``--pdf`` (instead of the table above; needs LibreOffice): a ``--pdf-size``-person pack with
``--pdf`` (the NDA and every pledge converted, then the merged, bookmarked PDF), ours (pledges
converted twenty to a document and cut apart, ``generator/pdf_pledges.py``) with two and with one
LibreOffice process, against the naive way (every pledge converted alone, as when pledges cannot be
combined; two processes, on ``--naive-sample`` people, extrapolated), side by side with the ratio.
Takes a minute or two. The machine may be shared: other work on the cores makes the figures noisy.
Times are medians over ``--repeat`` runs (memory: the largest).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REQUEST = ROOT / "generator" / "data" / "examples" / "nda_pack_zh.yaml"
# The pack is made for this contract (main_contract): drafted into the pack's --out before the clock starts.
MAIN_CONTRACT = ROOT / "generator" / "data" / "examples" / "bpo_contract_bilingual.yaml"
ROLES = ("客服专员", "班组长", "质检专员", "培训师", "现场经理", "IT支持工程师")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帆鑫晨"


def make_roster(n: int, path: Path) -> None:
    """An .xlsx roster of ``n`` people with distinct, valid resident ID numbers."""
    from openpyxl import Workbook

    from generator.roster import complete_resident_id

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("roster")
    ws.append(["序号", "姓名", "身份证号码", "岗位", "入场日期"])
    for i in range(n):
        born = dt.date(1970, 1, 1) + dt.timedelta(days=i % 12_000)
        pid = complete_resident_id(f"440305{born:%Y%m%d}{i // 12_000:03d}")
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[(i * 13 + 5) % len(GIVEN)]
        ws.append([i + 1, name, pid, ROLES[i % len(ROLES)], dt.date(2026, 5, 1) + dt.timedelta(days=i % 30)])
    wb.save(path)


# ------------------------------------------------------------------ measured in a child process


def _peaks() -> dict[str, float]:
    children, own = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    return {"rss_main_mb": own.ru_maxrss / 1024, "rss_worker_mb": children.ru_maxrss / 1024,
            "cpu_s": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime}


def child_ours(roster: Path, out: Path, workers: int, pdf: bool, pdf_processes: int = 2) -> dict[str, float]:
    from clause_library.loader import default_library
    from generator.draft import draft
    from generator.pack import build_pack

    default_library()  # loaded before the clock starts, as in the naive loop (~0.9 s, once per process)
    draft(MAIN_CONTRACT, out)
    t = time.perf_counter()
    result = build_pack(REQUEST, roster, out, workers=workers, pdf=pdf, pdf_processes=pdf_processes)
    return {"seconds": time.perf_counter() - t, "pledges": len(result.pledges), **_peaks()}


def child_naive(roster: Path, out: Path, sample: int) -> dict[str, float]:
    from clause_library.loader import default_library
    from generator.draft import draft
    from generator.pledge_template import naive_pledge, pledge_base, pledge_contract_no
    from generator.request import NdaRequest, load_request
    from generator.roster import read_roster

    draft(MAIN_CONTRACT, out)
    nda = load_request(REQUEST, out_dir=out)
    assert isinstance(nda, NdaRequest)
    lib = default_library()
    people = read_roster(roster)[:sample]
    t = time.perf_counter()
    base = pledge_base(nda)
    out.mkdir(parents=True, exist_ok=True)
    for number, person in enumerate(people, start=1):
        data = naive_pledge(lib, base, person, pledge_contract_no(nda, number))
        (out / f"{number:05d}.docx").write_bytes(data)
    return {"seconds": time.perf_counter() - t, "pledges": len(people), **_peaks()}


def _run_child(*args: str) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True,
                          check=False, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{proc.stderr[-2000:]}")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# ------------------------------------------------------------------ the table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size; medians are printed")
    ap.add_argument("--naive-sample", type=int, default=200, help="naive loop: people drafted per size at most")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pdf", action="store_true", help="time packs with PDFs, 1 vs 2 LibreOffice processes")
    ap.add_argument("--pdf-size", type=int, default=1000, help="--pdf: people on the roster")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, roster, out, extra = args.child[0], Path(args.child[1]), Path(args.child[2]), args.child[3:]
        if kind == "naive":
            res = child_naive(roster, out, int(extra[0]))
        elif kind == "pdf-alone":
            import generator.pdf_pledges

            generator.pdf_pledges._combinable = lambda files: False  # the way taken when pledges cannot combine
            res = child_ours(roster, out, int(extra[0]), pdf=True, pdf_processes=int(extra[-1]))
        else:
            res = child_ours(roster, out, int(extra[0]), pdf=kind == "pdf", pdf_processes=int(extra[-1]))
        print(json.dumps(res))
        return

    if args.pdf:
        with tempfile.TemporaryDirectory(prefix="bench-nda-pack-") as tmp_s:
            _pdf(Path(tmp_s), args)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"NDA pack bench: {REQUEST.name}, .xlsx rosters, {args.workers} workers, median of {args.repeat} run(s), "
          f"each in a fresh process; python {sys.version.split()[0]}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-nda-pack-") as tmp_s:
        tmp = Path(tmp_s)
        for n in sizes:
            roster = tmp / f"roster-{n}.xlsx"
            make_roster(n, roster)
            ours, naive = [], []
            for r in range(args.repeat):
                ours.append(_run_child("ours", str(roster), str(tmp / f"ours-{n}-{r}"), str(args.workers)))
                naive.append(_run_child("naive", str(roster), str(tmp / f"naive-{n}-{r}"), str(args.naive_sample)))
                # Free the disk between runs: 10,000 pledges and their zip are ~800 MB.
                subprocess.run(["rm", "-rf", str(tmp / f"ours-{n}-{r}"), str(tmp / f"naive-{n}-{r}")], check=True)
            o_s = statistics.median(x["seconds"] for x in ours)
            n_per = statistics.median(x["seconds"] / x["pledges"] for x in naive)
            sampled = int(naive[0]["pledges"])
            rows.append({
                "n": n, "ours_s": o_s, "ours_rate": n / o_s,
                "ours_main": max(x["rss_main_mb"] for x in ours), "ours_worker": max(x["rss_worker_mb"] for x in ours),
                "naive_rate": 1 / n_per, "naive_s": n_per * n, "naive_rss": max(x["rss_main_mb"] for x in naive),
                "sampled": sampled,
            })
            _print_row(rows[-1])
        print()
        _print_table(rows)


def _print_row(r: dict[str, float]) -> None:
    print(f"  {int(r['n']):>6,} people: ours {r['ours_s']:.2f} s, naive {r['naive_s']:.1f} s"
          + (" (extrapolated)" if r["sampled"] < r["n"] else ""), flush=True)


def _print_table(rows: list[dict[str, float]]) -> None:
    head = (f"{'people':>7} | {'ours s':>7} {'pledges/s':>9} {'peak RSS main/worker MB':>23} | "
            f"{'naive pledges/s':>15} {'naive s':>9} {'peak RSS MB':>11} | {'ratio':>6}")
    print(head)
    print("-" * len(head))
    for r in rows:
        note = f" (sample of {int(r['sampled'])}, extrapolated)" if r["sampled"] < r["n"] else ""
        print(f"{int(r['n']):>7,} | {r['ours_s']:>7.2f} {r['ours_rate']:>9.0f} "
              f"{r['ours_main']:>13.0f} / {r['ours_worker']:>7.0f} | {r['naive_rate']:>15.1f} "
              f"{r['naive_s']:>9.1f} {r['naive_rss']:>11.0f} | {r['ours_rate'] / r['naive_rate']:>5.0f}x{note}")
    by_n = {int(r["n"]): r for r in rows}
    if 1000 in by_n and 10000 in by_n:
        a, b = by_n[1000], by_n[10000]
        print(f"peak memory 10,000 vs 1,000 people: main {b['ours_main'] / a['ours_main']:.2f}x, "
              f"worker {b['ours_worker'] / a['ours_worker']:.2f}x (target <= 1.2x)")
    worst = min(r["ours_rate"] / r["naive_rate"] for r in rows)
    print(f"throughput vs the naive loop: at least {worst:.0f}x (target >= 10x)")


def _pdf(tmp: Path, args: argparse.Namespace) -> None:
    import shutil

    if shutil.which("soffice") is None:
        print("--pdf: LibreOffice (soffice) is not installed; skipped")
        return
    n = args.pdf_size
    sample = min(n, args.naive_sample)
    roster, small = tmp / f"roster-pdf-{n}.xlsx", tmp / f"roster-pdf-{sample}.xlsx"
    make_roster(n, roster)
    make_roster(sample, small)
    print(f"NDA pack with --pdf: {n:,} people (the NDA and {n:,} pledges to PDF, then the merged PDF), median of "
          f"{args.repeat} run(s) each, {args.workers} pledge workers; other work on this machine makes it noisy",
          flush=True)
    ways = {  # name: (child kind, roster, LibreOffice processes)
        "ours, 2 LibreOffice processes": ("pdf", roster, 2),
        "ours, 1 LibreOffice process": ("pdf", roster, 1),
        f"naive: each pledge alone, 2 processes ({sample:,} people)": ("pdf-alone", small, 2),
    }
    seconds: dict[str, list[float]] = {w: [] for w in ways}
    cpu: dict[str, list[float]] = {w: [] for w in ways}
    people: dict[str, int] = {}
    for r in range(args.repeat):
        for way, (kind, rows, procs) in ways.items():
            out = tmp / f"pdf-{r}"
            res = _run_child(kind, str(rows), str(out), str(args.workers), str(procs))
            seconds[way].append(res["seconds"])
            cpu[way].append(res["cpu_s"])
            people[way] = int(res["pledges"])
            print(f"  run {r + 1}, {way}: {res['seconds']:.1f} s (CPU {res['cpu_s']:.1f} s in all processes)",
                  flush=True)
            subprocess.run(["rm", "-rf", str(out)], check=True)
    print(f"{'':>50} | {'seconds':>7} | {'s per 100 pledges':>17} | {'CPU s (all)':>11}")
    per100 = {w: statistics.median(seconds[w]) * 100 / people[w] for w in ways}
    for way in ways:
        print(f"{way:>50} | {statistics.median(seconds[way]):>7.1f} | {per100[way]:>17.2f} | "
              f"{statistics.median(cpu[way]):>11.1f}")
    ours, naive = per100["ours, 2 LibreOffice processes"], per100[next(w for w in ways if w.startswith("naive"))]
    naive_n = naive * n / 100
    print(f"ours vs naive: {naive / ours:.1f}x faster per pledge; {n:,} pledges: ours "
          f"{statistics.median(seconds['ours, 2 LibreOffice processes']):.1f} s, naive ~{naive_n:.0f} s"
          + (f" (extrapolated from {sample:,})" if sample < n else "") + f" (target: <= 90 s); load average now "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
