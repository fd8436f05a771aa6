"""SQL pieces every analysis shares: which dyad rows stand for clusters, filters, calendar windows.

After clustering, `cluster_id` of every event is the `event_id` of the cluster's
representative (see `clusters.py`). Counting clusters is then a filter, not a GROUP BY:
the rows whose `event_id = cluster_id` are one row per cluster and dyad, so a series over
ten million events is one scan with a predicate. Events not yet clustered (NULL
cluster_id, e.g. in a read-only store nobody clustered) stand for themselves.
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

# One row per cluster and dyad (alias d = dyads).
CID_SQL = "coalesce(d.cluster_id, d.event_id)"
REPRESENTATIVE_SQL = f"{CID_SQL} = d.event_id"
# The unordered pair for symmetric events, the directed pair otherwise; "A>" has no target.
PAIR_KEY_SQL = ("CASE WHEN d.\"symmetric\" AND d.target_code IS NOT NULL "
                "THEN least(d.source_code, d.target_code) || '~' || greatest(d.source_code, d.target_code) "
                "ELSE d.source_code || '>' || coalesce(d.target_code, '') END")
STATUS_CLASS_SQL = ("CASE WHEN {col} = 'occurred' THEN 'occurred' "
                    "WHEN {col} IN ('planned', 'expected') THEN 'future' ELSE 'not' END")
COOPERATION = (1, 2)
CONFLICT = (3, 4)


@dataclass(frozen=True, slots=True)
class Scope:
    """The filters every analysis takes, as SQL over representative dyad rows (alias d).

    Dates apply to the cluster's canonical date (`event_date` of its representative);
    `min_confidence` to the representative's confidence; `statuses` to its status.
    """

    since: date | None = None
    until: date | None = None
    origin: str | None = None
    min_confidence: float | None = None
    statuses: tuple[str, ...] | None = ("occurred",)

    def where(self) -> tuple[str, list[object]]:
        clauses = [REPRESENTATIVE_SQL, "d.event_date IS NOT NULL"]
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
