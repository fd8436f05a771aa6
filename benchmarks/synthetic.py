"""A synthetic store of any size, written with SQL straight into the tables, for scale runs.

`Store.add_events` goes through Python objects (about 20k events/s); ten million events
for a query benchmark are generated in DuckDB instead, with the same columns and the same
invariants (one dyad row per event, event_date = coalesce(date_start, published)).
Deterministic: DuckDB's `hash` of the row number drives every choice (hash(i * 101 + k)
for the k-th choice: `hash(i, k)` would tie the choices together).

Shape: happenings (type, pair, date, status class) each reported by one to three
documents; 85% occurred, 8% planned, 4% expected, 3% cancelled or failed; 90% of reports
dated to the day, 6% to the month, 4% undated; 200 states, 40 news sources, 2015-2024.
Predictions are reported 1-60 days ahead; a share of them is followed by a matching
occurred happening so the expectations ledger has work to do.

    python benchmarks/synthetic.py /tmp/big.duckdb 10000000    (benchmarks/queries.py uses it)
"""

from __future__ import annotations

import sys
from pathlib import Path

from detente.model import event_types
from detente.store import Store

N_STATES = 200
N_SOURCES = 40
DAYS = 3650


def _types_sql() -> str:
    rows = [f"({i}, '{name}', {info.quad_class}, '{info.cameo}', {info.intensity}, {str(info.symmetric).lower()})"
            for i, (name, info) in enumerate(sorted(event_types().items()))]
    return f"(VALUES {', '.join(rows)}) AS t(ti, event_type, quad_class, cameo, intensity, sym)"


def fill(store: Store, n_events: int, *, origin: str = "detente") -> None:
    """Add about `n_events` synthetic events (with documents) to an empty store."""
    con = store.connection
    n_docs = max(1, n_events // 4)
    n_types = len(event_types())
    con.execute("BEGIN TRANSACTION")
    con.execute(f"""
        INSERT INTO documents (id, name, source, url, published, text, n_chars, n_words, ingested_at)
        SELECT printf('doc%09d', i), printf('synthetic-%09d', i), printf('Source %02d', hash(i * 101 + 11) % {N_SOURCES}),
               printf('https://news%02d.example/%d', hash(i * 101 + 11) % {N_SOURCES}, i),
               DATE '2015-01-01' + CAST(hash(i * 101 + 12) % {DAYS} AS INTEGER), 'synthetic', 9, 1, TIMESTAMP '2025-01-01'
        FROM range({n_docs}) r(i)
    """)
    # Happening h: reports i with h = i // 2 (two reports each), plus a third for every fifth.
    con.execute(f"""
        CREATE TEMP TABLE _syn AS
        WITH base AS (
            SELECT i, CASE WHEN i % 5 = 4 THEN (i - 1) // 2 ELSE i // 2 END AS h FROM range({n_events}) r(i)
        ),
        hap AS (
            SELECT i, h, hash(h * 101 + 1) % {n_types} AS ti,
                   hash(h * 101 + 2) % {N_STATES} AS a, hash(h * 101 + 3) % {N_STATES - 1} AS b0,
                   DATE '2015-01-01' + CAST(hash(h * 101 + 4) % {DAYS} AS INTEGER) AS day,
                   hash(h * 101 + 5) % 100 AS st, hash(i * 101 + 6) % 100 AS prec, hash(i * 101 + 7) % {n_docs} AS doc,
                   hash(i * 101 + 8) % 100 AS conf, hash(h * 101 + 9) % {N_STATES} AS who,
                   -- the third report of a predicted happening says it took place
                   i % 5 = 4 AND hash(h * 101 + 5) % 100 BETWEEN 85 AND 96 AS fulfil
            FROM base
        )
        SELECT printf('e%010d', i) AS event_id, printf('doc%09d', doc) AS doc_id, t.event_type, t.quad_class, t.cameo,
               t.intensity, t.sym, printf('S%03d', a) AS source_code,
               printf('S%03d', CASE WHEN b0 >= a THEN b0 + 1 ELSE b0 END) AS target_code,
               CASE WHEN st < 85 OR fulfil THEN 'occurred' WHEN st < 93 THEN 'planned' WHEN st < 97 THEN 'expected'
                    WHEN st < 99 THEN 'cancelled' ELSE 'failed' END AS status,
               CASE WHEN st >= 85 AND st < 97 AND NOT fulfil THEN printf('S%03d', who) END AS attributed_code,
               CASE WHEN prec < 90 THEN day WHEN prec < 96 THEN date_trunc('month', day)::DATE END AS date_start,
               CASE WHEN prec < 90 THEN day
                    WHEN prec < 96 THEN (date_trunc('month', day) + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE END AS date_end,
               CASE WHEN prec < 90 THEN 'day' WHEN prec < 96 THEN 'month' END AS date_precision,
               CASE WHEN st >= 85 AND st < 97 AND NOT fulfil THEN day - CAST(1 + hash(i * 101 + 10) % 60 AS INTEGER)
                    ELSE day + CAST(hash(i * 101 + 10) % 4 AS INTEGER) END AS published,
               0.3 + conf / 143.0 AS confidence
        FROM hap JOIN {_types_sql()} ON t.ti = hap.ti
    """)
    con.execute(f"""
        INSERT INTO events (event_id, doc_id, origin, event_type, cameo, quad_class, intensity, "symmetric", status,
                            attributed_code, date_start, date_end, date_precision, date_approximate, confidence, published)
        SELECT event_id, doc_id, '{origin}', event_type, cameo, quad_class, intensity, sym, status, attributed_code,
               date_start, date_end, date_precision, false, confidence, published
        FROM _syn
    """)
    con.execute(f"""
        INSERT INTO dyads (event_id, position, doc_id, origin, event_type, quad_class, intensity, status, "symmetric",
                           source_code, source_kind, target_code, target_kind, date_start, date_end, date_precision,
                           published, event_date, confidence)
        SELECT event_id, 0, doc_id, '{origin}', event_type, quad_class, intensity, status, sym, source_code, 'state',
               target_code, 'state', date_start, date_end, date_precision, published,
               coalesce(date_start, published), confidence
        FROM _syn ORDER BY coalesce(date_start, published)
    """)
    con.execute("""
        INSERT INTO event_actors (event_id, role, position, code, kind)
        SELECT event_id, 'source', 0, source_code, 'state' FROM _syn
        UNION ALL
        SELECT event_id, 'target', 0, target_code, 'state' FROM _syn
    """)
    con.execute("DROP TABLE _syn")
    con.execute("COMMIT")


if __name__ == "__main__":  # pragma: no cover - manual scale runs
    path, n = Path(sys.argv[1]), int(sys.argv[2])
    with Store(path) as s:
        fill(s, n)
        print(s.stats())
