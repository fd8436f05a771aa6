"""The dyad series: what two actors did to each other, window by window, counted in clusters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from detente.analysis.clustering import ensure_clustered
from detente.analysis.common import (
    Scope,
    check_window,
    code,
    iso,
    period_end,
    period_sql,
    periods,
    reader,
    relation,
)
from detente.store import Store


@dataclass(frozen=True, slots=True)
class DyadPoint:
    """One window of a dyad: clusters per quad class, their net cooperation and summed intensity.

    net = (q1 + q2 - q3 - q4) / events, in [-1, 1]; 0.0 for an empty window.
    intensity = the sum of the clusters' PLOVER intensities (cooperation > 0 > conflict).
    """

    period: date
    q1: int
    q2: int
    q3: int
    q4: int
    net: float
    intensity: float
    events: int
    end: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"period": iso(self.period), "end": iso(self.end), "q1": self.q1, "q2": self.q2, "q3": self.q3,
                "q4": self.q4, "net": self.net, "intensity": self.intensity, "events": self.events}


@dataclass(frozen=True, slots=True)
class DyadSeries:
    a: str
    b: str
    by: str
    points: list[DyadPoint] = field(default_factory=list)

    @property
    def total(self) -> DyadPoint | None:
        """Every window summed (period = the first window), or None for an empty series."""
        if not self.points:
            return None
        q = [sum(getattr(p, f"q{i}") for p in self.points) for i in (1, 2, 3, 4)]
        events = sum(q)
        return DyadPoint(period=self.points[0].period, q1=q[0], q2=q[1], q3=q[2], q4=q[3],
                         net=_net(q[0] + q[1], q[2] + q[3]), intensity=sum(p.intensity for p in self.points),
                         events=events, end=self.points[-1].end)

    def to_dict(self) -> dict[str, Any]:
        total = self.total
        return {"a": self.a, "b": self.b, "by": self.by, "points": [p.to_dict() for p in self.points],
                "total": total.to_dict() if total else None}


def _net(coop: int, conflict: int) -> float:
    n = coop + conflict
    return (coop - conflict) / n if n else 0.0


def dyad_series(store: Store, a: str, b: str, by: str = "month", since: date | None = None,
                until: date | None = None, origin: str | None = None, min_confidence: float | None = None,
                statuses: tuple[str, ...] = ("occurred",)) -> DyadSeries:
    """Clusters between `a` and `b` (either direction) per calendar window, gaps filled with zeros.

    The windows run from `since` (or the first cluster) to `until` (or the last one).
    """
    check_window(by)
    a, b = code(a), code(b)
    ensure_clustered(store)
    where, params = Scope(since=since, until=until, origin=origin, min_confidence=min_confidence,
                          statuses=statuses).where()
    # IN lists on both columns are pushed into the scan; an OR of conjunctions is not.
    if a == b:
        pair_sql, pair_params = "d.source_code = ? AND d.target_code = ?", [a, a]
    else:
        pair_sql, pair_params = "d.source_code IN (?, ?) AND d.target_code IN (?, ?) AND d.source_code <> d.target_code", \
            [a, b, a, b]
    with reader(store) as cur:
        sql = f"""
            SELECT {period_sql(by)} AS p,
                   count(*) FILTER (WHERE d.quad_class = 1), count(*) FILTER (WHERE d.quad_class = 2),
                   count(*) FILTER (WHERE d.quad_class = 3), count(*) FILTER (WHERE d.quad_class = 4),
                   coalesce(sum(d.intensity), 0)
            FROM {relation(cur)} d
            WHERE {where} AND {pair_sql}
            GROUP BY p ORDER BY p
        """
        rows = cur.execute(sql, [*params, *pair_params]).fetchall()
    found = {r[0]: r for r in rows}
    if not rows and (since is None or until is None):
        return DyadSeries(a=a, b=b, by=by, points=[])
    first = since if since is not None else rows[0][0]
    last = until if until is not None else rows[-1][0]
    points = []
    for p in periods(first, last, by):
        r = found.get(p)
        q1, q2, q3, q4, inten = (int(r[1]), int(r[2]), int(r[3]), int(r[4]), float(r[5])) if r else (0, 0, 0, 0, 0.0)
        points.append(DyadPoint(period=p, q1=q1, q2=q2, q3=q3, q4=q4, net=_net(q1 + q2, q3 + q4),
                                intensity=inten, events=q1 + q2 + q3 + q4, end=period_end(p, by)))
    return DyadSeries(a=a, b=b, by=by, points=points)
