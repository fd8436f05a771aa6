"""SQL pieces every analysis shares: the relation of clusters, filters, calendar windows.

Analyses count clusters, not reports. After clustering, the table `analysis_clusters`
holds one row per cluster and dyad (see `clustering.py`); `relation()` reads it, plus the
events that arrived since and are not clustered yet, each standing for itself. A store
never clustered (read-only, say) falls back to the dyads table, keeping the rows whose
event represents its cluster (`event_id = cluster_id`) or has no cluster.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import duckdb

from detente.store import Store

Window = Literal["day", "week", "month", "quarter", "year"]
WINDOWS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")

CLUSTER_TABLE = "analysis_clusters"
# The unordered pair for symmetric events, the directed pair otherwise; "A>" has no target.
PAIR_KEY_SQL = ("CASE WHEN d.\"symmetric\" AND d.target_code IS NOT NULL "
                "THEN least(d.source_code, d.target_code) || '~' || greatest(d.source_code, d.target_code) "
                "ELSE d.source_code || '>' || coalesce(d.target_code, '') END")
STATUS_CLASS_SQL = ("CASE WHEN {col} = 'occurred' THEN 'occurred' "
                    "WHEN {col} IN ('planned', 'expected') THEN 'future' ELSE 'not' END")
_SHARED = ("origin", "event_type", "mode", "quad_class", "intensity", "status", '"symmetric"', "source_code",
           "source_kind", "target_code", "target_kind", "date_start", "date_end", "date_precision", "event_date",
           "confidence")
# lo/hi: the pair's codes in sorted order (hi is NULL without a target), stored so that
# unordered-pair analyses group by plain columns; pair: a hash of (lo, hi) to group by an
# integer; tk: a hash of (type, lo, hi) for joins;
# pairs: how many rows (distinct unordered pairs) the cluster has; head: true on exactly one
# of them, so "WHERE head" reads one row per cluster.
# span_start/span_end: the span an outcome covers (an undated report: the week before its
# first report), m0/m1 their month indices (year * 12 + month - 1), for the ledger's joins.
RELATION_COLUMNS = ("cluster_id", *_SHARED, "lo", "hi", "pair", "date_approximate", "tk", "pairs", "head",
                    "reports", "articles", "sources", "first_reported", "last_reported", "span_start", "span_end",
                    "m0", "m1")
UNDATED_PAST_DAYS = 7
SPAN_START_SQL = f"coalesce({{t}}.date_start, {{first}} - {UNDATED_PAST_DAYS})"
SPAN_END_SQL = "coalesce({t}.date_end, {t}.date_start, {first})"
MONTH_INDEX_SQL = "(year({x}) * 12 + month({x}) - 1)"
LO_SQL = "CASE WHEN {t}.target_code IS NULL THEN {t}.source_code ELSE least({t}.source_code, {t}.target_code) END"
HI_SQL = "greatest({t}.source_code, {t}.target_code)"
PAIR_SQL = f"hash({LO_SQL}, {HI_SQL})"
TK_SQL = f"hash({{t}}.event_type, {LO_SQL}, {HI_SQL})"
# A dyads row (alias d0) standing for a cluster of its own.
_FROM_DYADS = ("d0.event_id AS cluster_id, " + ", ".join(f"d0.{c}" for c in _SHARED)
               + f", {LO_SQL.format(t='d0')} AS lo, {HI_SQL.format(t='d0')} AS hi, {PAIR_SQL.format(t='d0')} AS pair, "
               "coalesce(e0.date_approximate, false) AS date_approximate, "
               f"{TK_SQL.format(t='d0')} AS tk, "
               "count(*) OVER (PARTITION BY d0.event_id) AS pairs, d0.position = 0 AS head"
               + ", 1 AS reports, 1 AS articles, 1 AS sources, d0.published AS first_reported, "
               "d0.published AS last_reported, "
               + f"{SPAN_START_SQL.format(t='d0', first='d0.published')} AS span_start, "
               + f"{SPAN_END_SQL.format(t='d0', first='d0.published')} AS span_end, "
               + MONTH_INDEX_SQL.format(x=SPAN_START_SQL.format(t='d0', first='d0.published')) + " AS m0, "
               + MONTH_INDEX_SQL.format(x=SPAN_END_SQL.format(t='d0', first='d0.published')) + " AS m1")


# The columns of CLUSTER_TABLE, in order: the relation's plus the clustering key `k`.
CLUSTER_TABLE_COLUMNS = ("cluster_id", "k", *(c.strip('"') for c in RELATION_COLUMNS[1:]))


def has_cluster_table(cur: duckdb.DuckDBPyConnection) -> bool:
    """Whether CLUSTER_TABLE exists with this version's columns (an older one is ignored)."""
    rows = cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
                       "AND table_name = ? ORDER BY ordinal_position", [CLUSTER_TABLE]).fetchall()
    return tuple(r[0] for r in rows) == CLUSTER_TABLE_COLUMNS


def relation(cur: duckdb.DuckDBPyConnection) -> str:
    """A parenthesised subquery with RELATION_COLUMNS, one row per cluster and dyad."""
    if has_cluster_table(cur):
        cols = ", ".join(RELATION_COLUMNS)
        # The events side is filtered like the dyads side, so the join builds a hash table
        # of the few unclustered events, not of all of them.
        return (f"(SELECT {cols} FROM {CLUSTER_TABLE} "
                f"UNION ALL SELECT {_FROM_DYADS} FROM dyads d0 "
                "LEFT JOIN (SELECT event_id, date_approximate FROM events WHERE cluster_id IS NULL) e0 "
                "ON e0.event_id = d0.event_id WHERE d0.cluster_id IS NULL)")
    return (f"(SELECT {_FROM_DYADS} FROM dyads d0 LEFT JOIN events e0 ON e0.event_id = d0.event_id "
            "WHERE coalesce(d0.cluster_id, d0.event_id) = d0.event_id)")


COOPERATION = (1, 2)
CONFLICT = (3, 4)


@dataclass(frozen=True, slots=True)
class Scope:
    """The filters every analysis takes, as SQL over `relation()` (alias d).

    Dates apply to the cluster's canonical date (`event_date` of its representative);
    `min_confidence` to the representative's confidence; `statuses` to its status.
    """

    since: date | None = None
    until: date | None = None
    origin: str | None = None
    min_confidence: float | None = None
    statuses: tuple[str, ...] | None = ("occurred",)

    def where(self) -> tuple[str, list[object]]:
        clauses = ["d.event_date IS NOT NULL"]
        params: list[object] = []
        if self.since is not None:
            clauses.append("d.event_date >= ?")
            params.append(self.since)
        if self.until is not None:
            clauses.append("d.event_date <= ?")
            params.append(self.until)
        if self.origin is not None:
            clauses.append("d.origin = ?")
            params.append(self.origin)
        if self.min_confidence is not None:
            clauses.append("d.confidence >= ?")
            params.append(self.min_confidence)
        if self.statuses is not None:
            clauses.append(f"d.status IN ({', '.join('?' * len(self.statuses))})")
            params += list(self.statuses)
        return " AND ".join(clauses), params


def check_window(window: str) -> Window:
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {', '.join(WINDOWS)}, got {window!r}")
    return window  # type: ignore[return-value]


def period_sql(window: str, column: str = "d.event_date") -> str:
    """The first day of the calendar window holding `column` (weeks start on Monday)."""
    return f"date_trunc('{check_window(window)}', {column})::DATE"


def period_start(day: date, window: str) -> date:
    """Python twin of `period_sql`."""
    w = check_window(window)
    if w == "day":
        return day
    if w == "week":
        return day - timedelta(days=day.weekday())
    if w == "month":
        return day.replace(day=1)
    if w == "quarter":
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    return day.replace(month=1, day=1)


def next_period(start: date, window: str) -> date:
    w = check_window(window)
    if w == "day":
        return start + timedelta(days=1)
    if w == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[w]
    total = start.year * 12 + start.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def period_end(start: date, window: str) -> date:
    """The last day of the window that begins on `start`."""
    return next_period(start, window) - timedelta(days=1)


def periods(first: date, last: date, window: str) -> list[date]:
    """Every window start from the one holding `first` to the one holding `last`."""
    out: list[date] = []
    cur = period_start(first, window)
    while cur <= last:
        out.append(cur)
        cur = next_period(cur, window)
    return out


def code(value: str) -> str:
    """Actor codes are upper case (ISO alpha-3, UN, NATO); accept "prk" from a user."""
    return value.strip().upper()


@contextmanager
def reader(store: Store) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of its own, so analyses can run from several threads (the web API)."""
    cur = store.cursor()
    try:
        yield cur
    finally:
        cur.close()


def iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None
