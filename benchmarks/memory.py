"""Peak memory of `detente ingest` and `detente extract` as the corpus grows.

    python benchmarks/memory.py [--sizes 500 2000] [--workers 2] [--engine local|dask]

For each corpus size, generates that many distinct articles (benchmarks/corpus.py), then
runs `detente ingest` and `detente extract --workers W` in their own processes while a
thread samples the resident set size (RSS) of the process and all its descendants (the
worker processes, Dask's nanny and scheduler included) every 50 ms. Peaks are printed
side by side; the smallest corpus is the baseline: with streaming ingest and extraction
the peaks at 4x the articles should be about the same. Target: under 1.5 GB.

RSS summed over processes counts pages they share (libraries) once per process, so the
figures are an upper bound of what the machine needs.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.corpus import write_corpus  # noqa: E402

TARGET_BYTES = 1.5e9
SAMPLE_SECONDS = 0.05


def tree_rss(proc: psutil.Process) -> tuple[int, int]:
    """(RSS of the process and every descendant, number of processes) right now."""
    procs = [proc]
    with contextlib.suppress(psutil.Error):   # it may have just exited
        procs += proc.children(recursive=True)
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:   # exited between listing and reading
            continue
    return total, len(procs)


@dataclass
class Peak:
    rss: int = 0
    processes: int = 0
    samples: int = 0


class Sampler(threading.Thread):
    """Samples a process tree until told to stop; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.peak = Peak()
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            rss, n = tree_rss(self.proc)
            self.peak.samples += 1
            if rss > self.peak.rss:
                self.peak.rss = rss
            self.peak.processes = max(self.peak.processes, n)
            self._halt.wait(SAMPLE_SECONDS)

    def stop(self) -> Peak:
        self._halt.set()
        self.join()
        return self.peak


def measure(args: list[str], db: Path) -> tuple[Peak, float]:
    """Run `python -m detente --db DB ARGS` under a sampler: (peak, seconds)."""
    cmd = [sys.executable, "-m", "detente", "--db", str(db), *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "COLUMNS": "200"})
    sampler = Sampler(proc.pid)
    sampler.start()
    out, errs = proc.communicate()
    peak = sampler.stop()
    if proc.returncode != 0:
        raise SystemExit(f"detente {' '.join(args)} failed ({proc.returncode}):\n{out}\n{errs[-3000:]}")
    return peak, time.perf_counter() - start


def mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="peak RSS of detente ingest + extract at two corpus sizes")
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--engine", choices=("local", "dask"), default="local")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = ap.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="detente-mem-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[int, Peak, float, Peak, float]] = []
    try:
        for n in args.sizes:
            info = write_corpus(work / f"corpus-{n}", n)
            db = work / f"mem-{n}.duckdb"
            ing, ing_s = measure(["ingest", str(info.path)], db)
            ext, ext_s = measure(["extract", "--engine", args.engine, "--workers", str(args.workers)], db)
            rows.append((n, ing, ing_s, ext, ext_s))
            print(f"  {n} articles: ingest peak {mb(ing.rss)} in {ing_s:.0f} s, "
                  f"extract peak {mb(ext.rss)} ({ext.processes} processes) in {ext_s:.0f} s", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    base = rows[0]
    print(f"\npeak RSS, process and children (engine {args.engine}, {args.workers} workers, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}); baseline = {base[0]} articles")
    print(f"  {'articles':>8}  {'ingest':>10}  {'vs base':>7}  {'extract':>10}  {'vs base':>7}  {'target':>8}")
    for n, ing, _, ext, _ in rows:
        ok = "ok" if max(ing.rss, ext.rss) < TARGET_BYTES else "OVER"
        print(f"  {n:>8}  {mb(ing.rss):>10}  {ing.rss / base[1].rss:>6.2f}x  {mb(ext.rss):>10}  "
              f"{ext.rss / base[3].rss:>6.2f}x  {ok:>8}")
    print(f"  target: every peak under {mb(int(TARGET_BYTES))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
