"""Analysis query times over a synthetic store of millions of events (issue 5: < 1 s each at 10M).

    python benchmarks/queries.py [--events 10000000] [--baseline-events 1000000]
                                 [--db /tmp/syn10m.duckdb] [--repeat 3]

Builds (or reuses, when it holds the right number of events) a store filled by
`benchmarks/synthetic.py`, clusters it once, then times each analysis the CLI and the API
run: a dyad series, unity of a group, blocs for a year of monthly windows and for every
window, bursts and the expectations ledger (first page of 100, counts over all). Every
query runs `--repeat` times on a warm connection; the best and median wall times are
printed. The same queries on a store of `--baseline-events` run first, in the same
process, as the baseline: the ratio shows how each scales with the store, and a plain
`GROUP BY` scan of the dyad table is printed beside them as the floor any query over all
events pays.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from detente import analysis
from detente.analysis import ledger
from detente.store import Store
from synthetic import fill

TARGET_S = 1.0


def ensure_store(path: Path, n_events: int) -> None:
    if path.exists():
        with Store(path, read_only=True) as store:
            held = store.stats()["events"]
        if held == n_events:
            print(f"reusing {path} ({held:,} events)")
            return
        path.unlink()
    t0 = time.perf_counter()
    with Store(path) as store:
        fill(store, n_events)
    print(f"built {path}: {n_events:,} events in {time.perf_counter() - t0:.1f} s")


def cluster_once(path: Path) -> None:
    """Cluster the store unless it is clustered by this version (with its default ledger)."""
    with Store(path) as store:
        if not analysis.needs_clustering(store) and ledger._cached_as_of(store) is not None:
            return
        t0 = time.perf_counter()
        stats = analysis.cluster(store)
        took = time.perf_counter() - t0
    if stats is not None:
        print(f"clustered {stats.events:,} events into {stats.clusters:,} clusters in {took:.1f} s (once per store)")


def queries(store: Store) -> dict[str, Callable[[], Any]]:
    year = (date(2019, 1, 1), date(2019, 12, 31))
    return {
        "floor: GROUP BY month over all dyads": lambda: store.connection.execute(
            "SELECT date_trunc('month', event_date), quad_class, count(*) FROM dyads GROUP BY ALL").fetchall(),
        "dyad series S001-S002 by month": lambda: analysis.dyad_series(store, "S001", "S002", by="month"),
        "unity of S001 S002 S003 by month": lambda: analysis.unity(store, ["S001", "S002", "S003"], window="month"),
        "blocs, 12 monthly windows (2019)": lambda: analysis.blocs(store, window="month", since=year[0],
                                                                   until=year[1]),
        "blocs, every monthly window (120)": lambda: analysis.blocs(store, window="month"),
        "bursts by week (top 100)": lambda: analysis.bursts(store, window="week", limit=100),
        "expectations ledger (page of 100)": lambda: analysis.expectations(store, limit=100),
    }


def time_all(path: Path, repeat: int) -> dict[str, tuple[float, float]]:
    out: dict[str, tuple[float, float]] = {}
    with Store(path, read_only=True) as store:
        for name, fn in queries(store).items():
            runs = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                fn()
                runs.append(time.perf_counter() - t0)
            out[name] = (min(runs), statistics.median(runs))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--baseline-events", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, help="store for --events (default /tmp/detente-syn-N.duckdb)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    big = args.db or Path(f"/tmp/detente-syn-{args.events}.duckdb")
    small = Path(f"/tmp/detente-syn-{args.baseline_events}.duckdb")
    results = {}
    for n, path in ((args.baseline_events, small), (args.events, big)):
        ensure_store(path, n)
        cluster_once(path)
        results[n] = time_all(path, args.repeat)
    base, main_ = results[args.baseline_events], results[args.events]
    print(f"\n{'query':<38} {'baseline best':>14} {'best':>8} {'median':>8} {'x base':>7}  target < {TARGET_S:.0f} s")
    print(f"{'':<38} {f'{args.baseline_events:,}':>14} {f'{args.events:,} events':>17}")
    missed = 0
    for name, (best, med) in main_.items():
        b = base[name][0]
        verdict = "" if name.startswith("floor") else ("ok" if best < TARGET_S else "MISSED")
        missed += verdict == "MISSED"
        print(f"{name:<38} {b:>13.3f}s {best:>7.3f}s {med:>7.3f}s {best / b if b else 0:>6.1f}x  {verdict}")
    print(f"\n{len(main_) - 1 - missed} of {len(main_) - 1} queries under {TARGET_S:.0f} s at {args.events:,} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
