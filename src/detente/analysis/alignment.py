"""Alignment: the signed graph of states per window and its blocs; a named group's cohesion.

Edge weight (weighting="intensity", the default): the sum of the PLOVER intensities of the
clusters between the two states in the window, in either direction. Cooperation weighs in
positive (CONSULT 2.5, a visit 4, AID 10), conflict negative (ACCUSE -2.5, ASSAULT -9);
REQUEST's 0 leaves an edge as it is. weighting="quad" counts a cooperative cluster +1 and
a conflictual one -1 instead. Communities: Louvain on the signed modularity (see
`communities.py`), so states with a negative net tie are pulled apart.

Unity of a group G over a window, counting clusters (one per dyad of a cluster):

    in_coop      = cooperative (quad 1-2) dyads with both ends in G
    in_conflict  = conflictual (quad 3-4) dyads with both ends in G
    out_conflict = conflictual dyads with one end in G and the other outside
    index = (in_coop + out_conflict - in_conflict) / (in_coop + out_conflict + in_conflict)

The index lies in [-1, 1]: +1 when everything the group does is cooperation inside it or
conflict with outsiders, -1 when all of it is conflict among members; None for a window
with none of the three.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import duckdb
import numpy as np

from detente.analysis.clustering import ensure_clustered
from detente.analysis.common import (
    COOPERATION,
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
from detente.analysis.communities import Partition, signed_louvain
from detente.store import Store

Weighting = Literal["intensity", "quad"]


@dataclass(frozen=True, slots=True)
class Edge:
    a: str  # a < b: the pair is unordered
    b: str
    weight: float
    n: int  # clusters between a and b in the window

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "weight": self.weight, "n": self.n}


@dataclass(frozen=True, slots=True)
class BlocWindow:
    start: date
    end: date
    nodes: list[str]
    edges: list[Edge]
    communities: list[list[str]]
    modularity: float  # signed modularity of the communities
    frustration: float = 0.0  # share of |weight| against them (negative inside, positive between)

    def to_dict(self) -> dict[str, Any]:
        return {"start": iso(self.start), "end": iso(self.end), "nodes": self.nodes,
                "edges": [e.to_dict() for e in self.edges], "communities": self.communities,
                "modularity": self.modularity, "frustration": self.frustration}


@dataclass(frozen=True, slots=True)
class UnityPoint:
    start: date
    end: date
    in_coop: int
    in_conflict: int
    out_conflict: int
    index: float | None
    events: int  # every cluster dyad touching the group, out-group cooperation included
    out_coop: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"start": iso(self.start), "end": iso(self.end), "in_coop": self.in_coop,
                "in_conflict": self.in_conflict, "out_conflict": self.out_conflict, "out_coop": self.out_coop,
                "index": self.index, "events": self.events}


def _weight_sql(weighting: str) -> str:
    if weighting == "intensity":
        return "coalesce(d.intensity, 0)"
    if weighting == "quad":
        return f"CASE WHEN d.quad_class IN {COOPERATION} THEN 1.0 ELSE -1.0 END"
    raise ValueError(f"weighting must be intensity or quad, got {weighting!r}")


def blocs(store: Store, window: str = "month", since: date | None = None, until: date | None = None,
          origin: str | None = None, min_confidence: float | None = None, *, weighting: str = "intensity",
          kinds: tuple[str, ...] | None = ("state",), min_events: int = 1, resolution: float = 1.0,
          seed: int = 0, newest_first: bool = False, limit: int | None = None, offset: int = 0) -> list[BlocWindow]:
    """One signed graph per window with at least one edge, and its communities.

    `kinds` keeps dyads whose two ends are of these actor kinds (states by default;
    None keeps organisations too). Self-dyads (domestic events) are left out. Edges
    with fewer than `min_events` clusters are dropped before the communities are found.
    Windows come oldest first (`newest_first` reverses); `limit`/`offset` page over them,
    and only the windows of the page are aggregated and partitioned.
    """
    check_window(window)
    weight = _weight_sql(weighting)
    ensure_clustered(store)
    where, params = Scope(since=since, until=until, origin=origin, min_confidence=min_confidence).where()
    kind_sql = ""
    if kinds is not None:
        marks = ", ".join("?" * len(kinds))
        kind_sql = f"AND d.source_kind IN ({marks}) AND d.target_kind IN ({marks})"
        params += [*kinds, *kinds]
    with reader(store) as cur:
        rel = relation(cur)
        base = f"FROM {rel} d WHERE {where} AND d.hi IS NOT NULL AND d.lo <> d.hi {kind_sql}"
        agg = f"SELECT {period_sql(window)} AS p, d.lo AS a, d.hi AS b, sum({weight}) AS w, count(*) AS n {base}"
        date_sql, date_params = "", []
        if limit is not None or offset or newest_first:
            page = _page_windows(cur, window, base, agg, params, min_events, newest_first, limit, offset)
            if not page:
                return []
            date_sql, date_params = " AND d.event_date BETWEEN ? AND ?", [min(page), period_end(max(page), window)]
        sql = f"{agg}{date_sql} GROUP BY ALL HAVING count(*) >= ? ORDER BY p, a, b"
        cols = cur.execute(sql, [*params, *date_params, min_events]).fetchnumpy()
    p_col = cols["p"]
    if len(p_col) == 0:
        return []
    # Codes become indices into one sorted list for the whole answer, with a dict: sorting
    # strings per window (np.unique on objects) costs more than the communities.
    a_list, b_list = cols["a"].tolist(), cols["b"].tolist()
    codes = sorted(set(a_list) | set(b_list))
    index = {c: i for i, c in enumerate(codes)}
    ia = np.fromiter((index[c] for c in a_list), dtype=np.int64, count=len(a_list))
    ib = np.fromiter((index[c] for c in b_list), dtype=np.int64, count=len(b_list))
    w_col, n_col = np.asarray(cols["w"], dtype=float), np.asarray(cols["n"], dtype=np.int64)
    w_list, n_list = w_col.tolist(), n_col.tolist()
    # Rows come sorted by window: cut them into one slice per window.
    cuts = np.flatnonzero(p_col[1:] != p_col[:-1]) + 1
    out: list[BlocWindow] = []
    for lo, hi in zip(np.r_[0, cuts].tolist(), np.r_[cuts, len(p_col)].tolist(), strict=True):
        start = _as_date(p_col[lo])
        edges = list(map(Edge, a_list[lo:hi], b_list[lo:hi], w_list[lo:hi], n_list[lo:hi]))
        part = _communities(codes, ia[lo:hi], ib[lo:hi], w_col[lo:hi], resolution, seed)
        out.append(BlocWindow(start=start, end=period_end(start, window), nodes=part[0], edges=edges,
                              communities=part[1].communities, modularity=part[1].modularity,
                              frustration=part[1].frustration))
    if newest_first:
        out.reverse()
    return out


def _page_windows(cur: duckdb.DuckDBPyConnection, window: str, base: str, agg: str, params: list[object],
                  min_events: int, newest_first: bool, limit: int | None, offset: int) -> list[date]:
    """The window starts of one page, from a cheap DISTINCT before the full aggregation."""
    if min_events <= 1:
        sql = f"SELECT DISTINCT {period_sql(window)} AS p {base}"
        rows = cur.execute(sql, params).fetchall()
    else:
        sql = f"SELECT DISTINCT p FROM ({agg} GROUP BY ALL HAVING count(*) >= ?)"
        rows = cur.execute(sql, [*params, min_events]).fetchall()
    starts = sorted((_as_date(r[0]) for r in rows), reverse=newest_first)
    return starts[offset: offset + limit if limit is not None else None]


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(np.datetime64(value, "D")))


def _communities(codes: list[str], ia: np.ndarray, ib: np.ndarray, w: np.ndarray, resolution: float,
                 seed: int) -> tuple[list[str], Partition]:
    """The window's nodes (sorted codes) and the signed Louvain partition of its graph."""
    present, local = np.unique(np.concatenate([ia, ib]), return_inverse=True)
    la, lb = local[: len(ia)], local[len(ia):]
    adjacency = np.zeros((len(present), len(present)))
    adjacency[la, lb] = w
    adjacency[lb, la] = w
    names = [codes[i] for i in present.tolist()]
    return names, signed_louvain(names, adjacency, resolution=resolution, seed=seed)


def unity(store: Store, members: list[str], window: str = "month", since: date | None = None,
          until: date | None = None, origin: str | None = None,
          min_confidence: float | None = None) -> list[UnityPoint]:
    """The cohesion index of `members` per window (formula in the module docstring).

    Windows run from `since` (or the first cluster touching the group) to `until` (or the
    last), empty ones included with index None.
    """
    check_window(window)
    group = sorted({code(m) for m in members})
    if not group:
        raise ValueError("unity needs at least one member")
    ensure_clustered(store)
    where, params = Scope(since=since, until=until, origin=origin, min_confidence=min_confidence).where()
    marks = ", ".join("?" * len(group))
    coop = f"d.quad_class IN {COOPERATION}"
    with reader(store) as cur:
        sql = f"""
            WITH rows AS (
                SELECT {period_sql(window)} AS p, d.source_code IN ({marks}) AS s_in,
                       d.target_code IN ({marks}) AS t_in, {coop} AS coop
                FROM {relation(cur)} d
                WHERE {where} AND d.target_code IS NOT NULL AND d.source_code <> d.target_code
                  AND (d.source_code IN ({marks}) OR d.target_code IN ({marks}))
            )
            SELECT p, count(*) FILTER (WHERE s_in AND t_in AND coop),
                   count(*) FILTER (WHERE s_in AND t_in AND NOT coop),
                   count(*) FILTER (WHERE s_in <> t_in AND NOT coop), count(*) FILTER (WHERE s_in <> t_in AND coop),
                   count(*)
            FROM rows GROUP BY p ORDER BY p
        """
        rows = cur.execute(sql, [*group, *group, *params, *group, *group]).fetchall()
    found = {r[0]: r for r in rows}
    if not rows and (since is None or until is None):
        return []
    first = since if since is not None else rows[0][0]
    last = until if until is not None else rows[-1][0]
    points = []
    for p in periods(first, last, window):
        r = found.get(p)
        ic, ik, ok, oc, ev = (int(x) for x in r[1:]) if r else (0, 0, 0, 0, 0)
        points.append(UnityPoint(start=p, end=period_end(p, window), in_coop=ic, in_conflict=ik, out_conflict=ok,
                                 index=unity_index(ic, ik, ok), events=ev, out_coop=oc))
    return points


def unity_index(in_coop: int, in_conflict: int, out_conflict: int) -> float | None:
    total = in_coop + in_conflict + out_conflict
    if total == 0:
        return None
    return (in_coop + out_conflict - in_conflict) / total
