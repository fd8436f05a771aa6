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
flagged windows is one SQL query: counts per pair and window, then a RANGE window frame
over the window index sums the history, zeros included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from detente.analysis.clusters import ensure_clustered
from detente.analysis.common import Scope, check_window, iso, period_end, period_sql, reader, relation
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
    idx = _index_sql(window, "p")
    page = f"LIMIT {int(limit)}" if limit is not None else ""
    sql = f"""
        WITH rows AS MATERIALIZED (
            SELECT d.lo AS a, d.hi AS b,
                   {period_sql(window)} AS p, d.cluster_id, d.event_date
            FROM {{rel}} d
            WHERE {where} AND d.hi IS NOT NULL AND d.lo <> d.hi
        ),
        counts AS (SELECT a, b, p, {idx} AS w, count(*) AS x FROM rows GROUP BY a, b, p),
        -- the data begin at `since`, else at the first window holding any cluster
        first AS (SELECT coalesce(?::DATE, (SELECT min(p) FROM rows)) AS d0),
        origin AS (SELECT {_index_sql(window, "d0")} AS w0 FROM first),
        scored AS (
            SELECT c.a, c.b, c.p, c.x,
                   coalesce(sum(c.x) OVER (PARTITION BY c.a, c.b ORDER BY c.w
                                            RANGE BETWEEN {int(baseline_windows)} PRECEDING AND 1 PRECEDING), 0) AS prev,
                   least({int(baseline_windows)}, c.w - o.w0) AS h
            FROM counts c, origin o
        ),
        flagged AS (
            SELECT a, b, p, x, h, prev / h AS baseline,
                   (x - greatest(prev, 1) / h) / sqrt(greatest(prev, 1) / h) AS z
            FROM scored
            WHERE h >= ? AND x >= ?
        )
        SELECT f.a, f.b, f.p, f.x, f.baseline, f.z, f.h,
               (SELECT list(r.cluster_id ORDER BY r.event_date, r.cluster_id) FROM rows r
                WHERE r.a = f.a AND r.b = f.b AND r.p = f.p) AS ids
        FROM flagged f
        WHERE f.z >= ?
        ORDER BY f.z DESC, f.x DESC, f.p, f.a, f.b
        {page}
    """
    with reader(store) as cur:
        rows = cur.execute(sql.replace("{rel}", relation(cur)),
                           [*params, since, min_history, min_count, threshold]).fetchall()
    return [Burst(a=a, b=b, start=p, end=period_end(p, window), count=int(x), baseline=float(base),
                  score=float(z), cluster_ids=list(ids or []), history=int(h))
            for a, b, p, x, base, z, h, ids in rows]
