"""Store write speed: events/s written by `Store.save_coded` at several batch sizes, against a
row-by-row `executemany` insert of the same events as the baseline, in one run.

    python benchmarks/store_write.py [--docs 2000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "store"))
sys.path.insert(0, str(REPO / "src"))

from store_factory import make_doc, make_events  # noqa: E402

from detente.store import Store  # noqa: E402


def bulk(docs_per_call: int, n_docs: int) -> float:
    docs = [make_doc(i, date(2016, 1, 1) + timedelta(days=i // 10)) for i in range(n_docs)]
    events = {d.id: make_events(d, 10) for d in docs}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "w.duckdb") as store:
        store.add_documents(docs)
        written, elapsed = 0, 0.0
        for batch in store.iter_uncoded(batch_size=docs_per_call):
            results = [(d.id, events[d.id]) for d in batch]
            start = time.perf_counter()
            written += store.save_coded(results, "bench")
            elapsed += time.perf_counter() - start
    return written / elapsed


def row_by_row(n_rows: int) -> float:
    import duckdb

    con = duckdb.connect()
    con.execute("create table t(a text, b text, c int, d double)")
    rows = [(f"e{i}", "CONSULT", i % 4, 0.5) for i in range(n_rows)]
    start = time.perf_counter()
    con.executemany("insert into t values (?, ?, ?, ?)", rows)
    return n_rows / (time.perf_counter() - start)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=2000)
    a = ap.parse_args()
    base = row_by_row(2000)
    print(f"baseline: executemany, one row at a time: {base:,.0f} rows/s")
    for per_call in (64, 250, 1000):
        rate = bulk(per_call, a.docs)
        print(f"save_coded, {per_call:>4} documents (~{per_call * 10} events) per call: {rate:,.0f} events/s "
              f"({rate / base:.0f}x the baseline)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
