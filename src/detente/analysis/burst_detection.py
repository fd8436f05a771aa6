"""Bursts: windows in which a dyad's event rate is far above its own recent baseline.

For every unordered pair of actors and calendar window w, x_w is the number of clusters
(occurred, one per dyad) between them. The baseline is the mean over the B windows
before w (B = `baseline_windows`), empty windows counting as zero, and over fewer when the
data begin less than B windows earlier (h = the windows available, at least
`min_history`). Under a Poisson model with rate

    lambda = max(x_{w-B} + ... + x_{w-1}, 1) / h

(at least one event in the history, so a pair never seen before is not divided by zero)
the score is the z-value  z = (x_w - lambda) / sqrt(lambda). A window is a burst when
z >= `threshold` (default 3) and x_w >= `min_count` (default 3). Everything up to the
flagged windows is one SQL query: counts per pair and window; then, for the windows with
at least `min_count` only, the sum of the B windows before each (empty windows add zero).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from detente.analysis.clustering import ensure_clustered
from detente.analysis.common import Scope, check_window, iso, period_end, reader, relation
from detente.store import Store


@dataclass(frozen=True, slots=True)
class Burst:
    a: str  # a < b: the pair is unordered
    b: str
    start: date
    end: date
    count: int  # clusters in the window
    baseline: float  # mean clusters per window over the history
    score: float  # z = (count - lambda) / sqrt(lambda)
    cluster_ids: list[str] = field(default_factory=list)
    history: int = 0  # windows the baseline averages over

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "start": iso(self.start), "end": iso(self.end), "count": self.count,
                "baseline": self.baseline, "score": self.score, "history": self.history,
                "cluster_ids": self.cluster_ids}


_EPOCH = date(1970, 1, 1)
_MONDAY = date(1970, 1, 5)


def _index_sql(window: str, column: str) -> str:
    """Consecutive integers for consecutive windows, so a RANGE frame counts empty ones."""
    if window == "day":
        return f"(({column}) - DATE '1970-01-01')"
    if window == "week":
        return f"((({column}) - DATE '1970-01-05') // 7)"  # 1970-01-05 is a Monday
    if window == "month":
        return f"(year({column}) * 12 + month({column}) - 1)"
    if window == "quarter":
        return f"(year({column}) * 4 + quarter({column}) - 1)"
    return f"year({column})"


def window_index(day: date, window: str) -> int:
    """Python twin of `_index_sql`."""
    if window == "day":
        return (day - _EPOCH).days
    if window == "week":
        return (day - _MONDAY).days // 7
    if window == "month":
        return day.year * 12 + day.month - 1
    if window == "quarter":
        return day.year * 4 + (day.month - 1) // 3
    return day.year


def window_start(index: int, window: str) -> date:
    """The first day of the window with this index."""
    if window == "day":
        return _EPOCH + timedelta(days=index)
    if window == "week":
        return _MONDAY + timedelta(days=7 * index)
    if window == "month":
        return date(index // 12, index % 12 + 1, 1)
    if window == "quarter":
        return date(index // 4, 3 * (index % 4) + 1, 1)
    return date(index, 1, 1)


def bursts(store: Store, window: str = "week", since: date | None = None, until: date | None = None,
           origin: str | None = None, min_confidence: float | None = None, *, threshold: float = 3.0,
           min_count: int = 3, baseline_windows: int = 8, min_history: int = 4,
           limit: int | None = None) -> list[Burst]:
    """Flagged (pair, window)s, highest score first, each with the clusters that make it."""
    check_window(window)
    if baseline_windows < 1 or min_history < 1:
        raise ValueError("baseline_windows and min_history must be at least 1")
    ensure_clustered(store)
    where, params = Scope(since=since, until=until, origin=origin, min_confidence=min_confidence).where()
    idx = _index_sql(window, "d.event_date")
    page = f"LIMIT {int(limit)}" if limit is not None else ""
    b = int(baseline_windows)
    # Counting groups by the pair's hash and an integer window index: grouping millions of
    # rows by two strings and a date costs twice as much. Names and clusters are fetched for
    # the flagged pairs only.
    sql = f"""
        WITH counts AS MATERIALIZED (
            SELECT d.pair, {idx} AS w, count(*) AS x
            FROM {{rel}} d
            WHERE {where} AND d.hi IS NOT NULL AND d.lo <> d.hi
            GROUP BY d.pair, w
        ),
        -- the data begin at `since`, else at the first window holding any cluster
        origin AS (SELECT coalesce(?::BIGINT, (SELECT min(w) FROM counts)) AS w0),
        -- only windows that can be flagged need a history: x >= min_count is a small share
        cand AS MATERIALIZED (
            SELECT c.pair, c.w, c.x, least({b}, c.w - o.w0) AS h
            FROM counts c, origin o
            WHERE c.x >= ? AND least({b}, c.w - o.w0) >= ?
        ),
        -- the history of each candidate: an equi-join on the B windows before it (empty
        -- ones are absent from counts and add nothing), cheaper than a window frame over
        -- every (pair, window) of the store
        hist AS (
            SELECT k.pair, k.w, sum(c.x) AS prev
            FROM (SELECT pair, w, unnest(range(w - {b}, w)) AS hw FROM cand) k
            JOIN counts c ON c.pair = k.pair AND c.w = k.hw
            GROUP BY k.pair, k.w
        ),
        scored AS (
            SELECT cand.pair, cand.w, cand.x, cand.h, coalesce(hist.prev, 0) AS prev
            FROM cand LEFT JOIN hist ON hist.pair = cand.pair AND hist.w = cand.w
        ),
        flagged AS MATERIALIZED (
            SELECT pair, w, x, h, prev / h AS baseline,
                   (x - greatest(prev, 1) / h) / sqrt(greatest(prev, 1) / h) AS z
            FROM scored
            WHERE (x - greatest(prev, 1) / h) / sqrt(greatest(prev, 1) / h) >= ?
            ORDER BY z DESC, x DESC, w, pair
            {page}
        ),
        -- names and clusters for the flagged (pair, window)s only
        members AS (
            SELECT d.pair, {idx} AS w, any_value(d.lo) AS a, any_value(d.hi) AS b,
                   list(d.cluster_id ORDER BY d.event_date, d.cluster_id) AS ids
            FROM {{rel}} d
            JOIN flagged f ON f.pair = d.pair AND f.w = {idx}
            WHERE {where} AND d.hi IS NOT NULL AND d.lo <> d.hi
            GROUP BY d.pair, {idx}
        )
        SELECT m.a, m.b, f.w, f.x, f.baseline, f.z, f.h, m.ids
        FROM flagged f JOIN members m ON m.pair = f.pair AND m.w = f.w
        ORDER BY f.z DESC, f.x DESC, f.w, m.a, m.b
    """
    w0 = window_index(since, window) if since is not None else None
    with reader(store) as cur:
        rows = cur.execute(sql.replace("{rel}", relation(cur)),
                           [*params, w0, min_count, min_history, threshold, *params]).fetchall()
    out = []
    for a, b_, w, x, base, z, h, ids in rows:
        start = window_start(int(w), window)
        out.append(Burst(a=a, b=b_, start=start, end=period_end(start, window), count=int(x), baseline=float(base),
                         score=float(z), cluster_ids=list(ids or []), history=int(h)))
    return out
