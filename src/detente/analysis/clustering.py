"""Clustering across documents: reports of the same happening become one cluster.

Two events join one cluster when they have the same origin, PLOVER type, status class
(occurred / future / not-happened) and set of dyads (unordered pairs for symmetric types,
directed pairs otherwise), and their dates overlap. Everything is set-based SQL:

1. fine events (a date span of at most `fine_max_days`, i.e. a day or a short range)
   are sorted by start within their key; a new cluster begins where an event starts
   after every earlier span has ended ("gaps and islands" with window functions). Spans
   are widened by `slack_days` on each side, `approx_slack_days` for approximate dates;
2. coarse events (month, year, long ranges) and undated ones never bridge two fine
   clusters: a coarse report joins the fine cluster it overlaps when exactly one does,
   and otherwise forms a cluster with the coarse reports of the same key and span ("in
   2018" could be any of the three 2018 summits, so it stays apart). An undated report
   spans [published - undated_past_days, published] for what happened and
   [published, published + undated_future_days] for what is to come;
3. the representative of a cluster is its member with the narrowest date span, then the
   highest confidence, then the earliest publication, then the smallest event id. Every
   member's `cluster_id` (events and dyads) is set to the representative's `event_id`;
4. the table `analysis_clusters` records each cluster once per dyad of its representative
   (a pair repeated within one event counts once): the representative's fields, the
   canonical date (`event_date`, the representative's), and the cluster's support
   (reports, articles, sources, first and last report). The analyses scan this table,
   which holds one row per happening, instead of filtering the dyads table.

Nothing here changes the store's own tables beyond `cluster_id`; `analysis_clusters` is
derived data, rebuilt (for the keys that changed) by every run, as are the ledger's
`analysis_matches` and `analysis_predictions` (see `ledger.build_tables`); the event
count at the last run is kept in `meta` under `analysis.clustered_events`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import duckdb

from detente.analysis.common import (
    CLUSTER_TABLE,
    HI_SQL,
    LO_SQL,
    MONTH_INDEX_SQL,
    PAIR_KEY_SQL,
    PAIR_SQL,
    SPAN_END_SQL,
    SPAN_START_SQL,
    STATUS_CLASS_SQL,
    TK_SQL,
    Scope,
    has_cluster_table,
    iso,
    reader,
    relation,
)
from detente.model import DateSpan
from detente.store import Store

META_KEY = "analysis.clustered_events"
Day = date  # ClusterInfo has a field named `date`


@dataclass(frozen=True, slots=True)
class ClusterParams:
    slack_days: int = 0
    approx_slack_days: int = 2
    fine_max_days: int = 14
    undated_past_days: int = 7
    undated_future_days: int = 90


@dataclass(frozen=True, slots=True)
class ClusterStats:
    """What one clustering run found and changed."""

    events: int
    clusters: int
    multi_report: int  # clusters with two or more events
    multi_article: int  # clusters reported by two or more documents
    largest: int
    updated: int  # events whose cluster_id changed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    """One cluster as a reader sees it: its representative's fields and its support."""

    cluster_id: str
    origin: str
    event_type: str
    status: str
    pairs: list[str]  # "CHN~PRK" (unordered) or "USA>PRK" (directed)
    date: DateSpan | None  # the canonical date: the representative's
    reports: int  # events in the cluster
    articles: int  # distinct documents (an imported event counts as one)
    sources: int  # distinct news sources (see SOURCE_NAME_SQL)
    first_reported: Day | None
    last_reported: Day | None
    documents: list[str]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.to_dict() if self.date else None
        d["first_reported"] = iso(self.first_reported)
        d["last_reported"] = iso(self.last_reported)
        return d


_HOST_SQL = "nullif(regexp_extract({col}, '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', 1), '')"
# Who published a report: the document's source, else its URL's host, else the document's
# own name; an imported event's URL host. `{events}` is the events alias, `doc` documents.
# A CASE chain, not coalesce(): the URL regex then runs only for rows with no source.
SOURCE_NAME_SQL = ("CASE WHEN doc.source IS NOT NULL THEN doc.source "
                   f"WHEN {_HOST_SQL.format(col='doc.url')} IS NOT NULL THEN {_HOST_SQL.format(col='doc.url')} "
                   "WHEN doc.name IS NOT NULL THEN doc.name "
                   f"ELSE coalesce({_HOST_SQL.format(col='{events}.source_url')}, '(unknown)') END")


# Step 1: one row per event with its clustering key, from the dyads table alone (position 0
# is every event's first dyad; the few events with several dyads get their full pair list
# from a small side table). Reading `events` only for the rare approximate dates avoids a
# ten-million-row join.
_KEYS_SQL = f"""
CREATE OR REPLACE TEMP TABLE _an_keys AS
WITH multi AS (
    SELECT d.event_id, string_agg(DISTINCT {PAIR_KEY_SQL}, ',' ORDER BY {PAIR_KEY_SQL}) AS sig
    FROM dyads d WHERE d.event_id IN (SELECT event_id FROM dyads WHERE position > 0)
    GROUP BY d.event_id
)
SELECT d.event_id, d.doc_id, d.confidence, d.published, d.cluster_id,
       hash(d.origin, d.event_type, {STATUS_CLASS_SQL.format(col="d.status")}, coalesce(m.sig, {PAIR_KEY_SQL})) AS k,
       d.status IN ('planned', 'expected') AS future,
       d.date_start, coalesce(d.date_end, d.date_start) AS date_end,
       coalesce(d.date_end, d.date_start) - d.date_start AS width,
       d.event_id IN (SELECT event_id FROM events WHERE date_approximate) AS approx
FROM dyads d LEFT JOIN multi m USING (event_id)
WHERE d.position = 0
"""

# Step 2: group ids within a key, then the representative. `{work}` is every event, or,
# for an incremental run, only the events whose key holds a new (unclustered) event.
_ASSIGN_SQL = """
CREATE OR REPLACE TEMP TABLE _an_assign AS
WITH work AS ({work}),
spans AS (
    SELECT event_id, doc_id, confidence, published, k, width,
           date_start IS NOT NULL AND width <= $fine_max AS fine,
           CASE WHEN date_start IS NOT NULL THEN date_start - CASE WHEN approx THEN $approx_slack ELSE $slack END
                WHEN future THEN published ELSE published - $undated_past END AS s,
           CASE WHEN date_start IS NOT NULL THEN date_end + CASE WHEN approx THEN $approx_slack ELSE $slack END
                WHEN future THEN published + $undated_future ELSE published END AS e
    FROM work
),
fine AS (
    SELECT event_id, k, s, e,
           CASE WHEN s > max(e) OVER (PARTITION BY k ORDER BY s, e, event_id
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                THEN 1 ELSE 0 END AS brk
    FROM spans WHERE fine
),
islands AS (
    SELECT event_id, k, s, e,
           sum(brk) OVER (PARTITION BY k ORDER BY s, e, event_id ROWS UNBOUNDED PRECEDING) AS island
    FROM fine
),
fine_groups AS (SELECT k, island, min(s) AS s, max(e) AS e FROM islands GROUP BY k, island),
coarse AS (SELECT event_id, k, s, e FROM spans WHERE NOT fine AND s IS NOT NULL),
coarse_groups AS (SELECT DISTINCT k, s, e FROM coarse),
attach AS (
    SELECT c.k, c.s, c.e, min(f.island) AS island, count(*) AS n
    FROM coarse_groups c JOIN fine_groups f ON f.k = c.k AND f.s <= c.e AND c.s <= f.e
    GROUP BY c.k, c.s, c.e
),
grouped AS (
    SELECT event_id, hash('f', island) AS g FROM islands
    UNION ALL
    SELECT c.event_id, CASE WHEN a.n = 1 THEN hash('f', a.island) ELSE hash('c', c.s, c.e) END
    FROM coarse c LEFT JOIN attach a ON a.k = c.k AND a.s = c.s AND a.e = c.e
    UNION ALL
    SELECT event_id, hash('u', event_id) FROM spans WHERE s IS NULL
)
SELECT sp.event_id, sp.doc_id, sp.published, sp.k,
       first_value(sp.event_id) OVER (
           PARTITION BY sp.k, g.g
           ORDER BY sp.width NULLS LAST, sp.confidence DESC, sp.published NULLS LAST, sp.event_id
       ) AS cluster_id
FROM spans sp JOIN grouped g USING (event_id)
"""


_TABLE_DDL = f"""
CREATE TABLE IF NOT EXISTS {CLUSTER_TABLE} (
    cluster_id     TEXT NOT NULL,   -- the representative's event_id
    k              UBIGINT,         -- clustering key: origin, type, status class, dyads
    origin         TEXT NOT NULL,
    event_type     TEXT NOT NULL,
    mode           TEXT,
    quad_class     TINYINT NOT NULL,
    intensity      DOUBLE,
    status         TEXT NOT NULL,
    "symmetric"    BOOLEAN NOT NULL,
    source_code    TEXT NOT NULL,
    source_kind    TEXT NOT NULL,
    target_code    TEXT,
    target_kind    TEXT,
    date_start     DATE,
    date_end       DATE,
    date_precision TEXT,
    event_date     DATE,            -- the canonical date
    confidence     DOUBLE NOT NULL,
    lo             TEXT NOT NULL,   -- the pair's codes sorted; hi is NULL without a target
    hi             TEXT,
    pair           UBIGINT NOT NULL, -- hash(lo, hi)
    date_approximate BOOLEAN NOT NULL,
    tk             UBIGINT NOT NULL, -- hash(event_type, lo, hi): the ledger's join key
    pairs          SMALLINT NOT NULL, -- rows (distinct pairs) of this cluster
    head           BOOLEAN NOT NULL,  -- true on one row per cluster (its first dyad)
    reports        INTEGER NOT NULL,
    articles       INTEGER NOT NULL,
    sources        INTEGER NOT NULL,
    first_reported DATE,
    last_reported  DATE,
    span_start     DATE,            -- the span as an outcome (undated: the week before its first report)
    span_end       DATE,
    m0             INTEGER,         -- month indices of span_start and span_end
    m1             INTEGER
)
"""

# Step 3: support per cluster, then one row per (cluster, unordered pair) of the representative.
_SUPPORT_SQL = f"""
CREATE OR REPLACE TEMP TABLE _an_support AS
SELECT a.cluster_id, any_value(a.k) AS k, count(*) AS reports,
       count(DISTINCT a.doc_id) + count(*) FILTER (WHERE a.doc_id IS NULL) AS articles,
       count(DISTINCT {SOURCE_NAME_SQL.format(events="imp")}) AS sources,
       min(a.published) AS first_reported, max(a.published) AS last_reported
FROM _an_assign a
LEFT JOIN documents doc ON doc.id = a.doc_id
LEFT JOIN (SELECT event_id, source_url FROM events WHERE doc_id IS NULL) imp ON imp.event_id = a.event_id
GROUP BY a.cluster_id
"""

_ROWS_SQL = f"""
INSERT INTO {CLUSTER_TABLE}
WITH multi AS (
    SELECT d.event_id, d.position,
           row_number() OVER (PARTITION BY d.event_id, {LO_SQL.format(t="d")}, {HI_SQL.format(t="d")}
                              ORDER BY d.position) AS rn
    FROM dyads d WHERE d.event_id IN (SELECT event_id FROM dyads WHERE position > 0)
),
dups AS (SELECT event_id, position FROM multi WHERE rn > 1),
n_pairs AS (SELECT event_id, count(*) FILTER (WHERE rn = 1) AS n FROM multi GROUP BY event_id)
SELECT s.cluster_id, s.k, d.origin, d.event_type, d.mode, d.quad_class, d.intensity, d.status, d."symmetric",
       d.source_code, d.source_kind, d.target_code, d.target_kind, d.date_start, d.date_end, d.date_precision,
       d.event_date, d.confidence, {LO_SQL.format(t="d")}, {HI_SQL.format(t="d")}, {PAIR_SQL.format(t="d")},
       d.event_id IN (SELECT event_id FROM events WHERE date_approximate), {TK_SQL.format(t="d")},
       coalesce(np.n, 1), d.position = 0, s.reports, s.articles, s.sources, s.first_reported, s.last_reported,
       {SPAN_START_SQL.format(t="d", first="s.first_reported")}, {SPAN_END_SQL.format(t="d", first="s.first_reported")},
       {MONTH_INDEX_SQL.format(x=SPAN_START_SQL.format(t="d", first="s.first_reported"))},
       {MONTH_INDEX_SQL.format(x=SPAN_END_SQL.format(t="d", first="s.first_reported"))}
FROM dyads d
JOIN _an_support s ON s.cluster_id = d.event_id
LEFT JOIN dups x ON x.event_id = d.event_id AND x.position = d.position
LEFT JOIN n_pairs np ON np.event_id = d.event_id
WHERE x.event_id IS NULL
ORDER BY d.event_date NULLS LAST, s.cluster_id
"""


def _params(p: ClusterParams) -> dict[str, object]:
    return {"slack": p.slack_days, "approx_slack": p.approx_slack_days, "fine_max": p.fine_max_days,
            "undated_past": p.undated_past_days, "undated_future": p.undated_future_days}


def cluster(store: Store, params: ClusterParams | None = None, *, full: bool = True) -> ClusterStats:
    """Cluster stored events and write the cluster ids (events and dyads together).

    `full=False` re-clusters only the keys (type, actors, status class, origin) that hold
    an unclustered event: keys are independent, so the result is the same as a full run
    as long as no event was deleted since the last one (`ensure_clustered` checks that).
    The stats then describe the re-clustered keys only.
    """
    p = params or ClusterParams()
    con = store.cursor()
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            # A table from an older detente (other columns) is rebuilt whole.
            full = full or not has_cluster_table(con)
            con.execute(_KEYS_SQL)
            work = "SELECT * FROM _an_keys"
            if not full:
                work += " WHERE k IN (SELECT k FROM _an_keys WHERE cluster_id IS NULL)"
            con.execute(_ASSIGN_SQL.format(work=work), _params(p))
            if full:
                con.execute(f"DROP TABLE IF EXISTS {CLUSTER_TABLE}")
                con.execute(_TABLE_DDL)
            else:
                con.execute(f"DELETE FROM {CLUSTER_TABLE} WHERE k IN (SELECT DISTINCT k FROM _an_assign)")
            con.execute(_SUPPORT_SQL)
            con.execute(_ROWS_SQL)
            # Only rows whose cluster changed are rewritten: a re-run after a small import
            # touches the new events and the clusters they joined, not the whole table.
            row = con.execute("UPDATE events SET cluster_id = a.cluster_id FROM _an_assign a "
                              "WHERE events.event_id = a.event_id "
                              "AND events.cluster_id IS DISTINCT FROM a.cluster_id").fetchone()
            updated = int(row[0]) if row else 0
            if updated:
                con.execute("UPDATE dyads SET cluster_id = a.cluster_id FROM _an_assign a "
                            "WHERE dyads.event_id = a.event_id "
                            "AND dyads.cluster_id IS DISTINCT FROM a.cluster_id")
            from detente.analysis import ledger  # imports this module

            ledger.build_tables(con, CLUSTER_TABLE)
            stats = _stats(con, updated)
            total = con.execute("SELECT count(*) FROM events").fetchone()
            con.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        [META_KEY, str(total[0] if total else 0)])
            for temp in ("_an_support", "_an_assign", "_an_keys"):
                con.execute(f"DROP TABLE {temp}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()
    return stats


def _stats(con: duckdb.DuckDBPyConnection, updated: int) -> ClusterStats:
    row = con.execute("""
        SELECT count(*), coalesce(sum(reports), 0), count(*) FILTER (WHERE reports > 1),
               count(*) FILTER (WHERE articles > 1), coalesce(max(reports), 0)
        FROM _an_support
    """).fetchone()
    assert row is not None
    return ClusterStats(events=int(row[1]), clusters=int(row[0]), multi_report=int(row[2]),
                        multi_article=int(row[3]), largest=int(row[4]), updated=updated)


def needs_clustering(store: Store) -> bool:
    """True when some event has no cluster, or events were deleted since the last run.

    A deletion (a re-coded document that lost events) can remove a representative and
    leave its cluster without one; the event count recorded at the last run catches it.
    """
    with reader(store) as cur:
        row = cur.execute(f"""
            SELECT (SELECT count(*) FROM events),
                   EXISTS (SELECT 1 FROM events WHERE cluster_id IS NULL),
                   (SELECT value FROM meta WHERE key = '{META_KEY}')
        """).fetchone()
        has_table = has_cluster_table(cur)
    assert row is not None
    total, unclustered, recorded = int(row[0]), bool(row[1]), row[2]
    if total == 0 and recorded is None:
        return False
    return unclustered or recorded is None or str(total) != recorded or not has_table


def _deleted_since_last_run(store: Store) -> bool:
    with reader(store) as cur:
        row = cur.execute(f"""
            SELECT (SELECT count(*) FROM events WHERE cluster_id IS NOT NULL),
                   (SELECT value FROM meta WHERE key = '{META_KEY}')
        """).fetchone()
    assert row is not None
    # Events only arrive unclustered, so fewer clustered events than recorded means deletions.
    return row[1] is None or int(row[0]) != int(row[1]) or not _has_table(store)


def _has_table(store: Store) -> bool:
    with reader(store) as cur:
        return has_cluster_table(cur)


def ensure_clustered(store: Store, params: ClusterParams | None = None) -> ClusterStats | None:
    """Cluster when needed and possible; cheap when nothing changed.

    New events alone re-cluster only their keys; a deletion since the last run (or no
    run yet) re-clusters everything. A read-only store cannot be written: its
    unclustered events then count one by one.
    """
    if store.read_only or not needs_clustering(store):
        return None
    return cluster(store, params, full=_deleted_since_last_run(store))


def clusters(store: Store, cluster_ids: list[str] | None = None, *, since: date | None = None,
             until: date | None = None, origin: str | None = None, min_confidence: float | None = None,
             statuses: tuple[str, ...] | None = None, min_reports: int = 1, limit: int | None = 100) -> list[ClusterInfo]:
    """Clusters with their support (reports, articles, sources), largest first.

    `cluster_ids` picks clusters by id (in any scope); otherwise the scope filters apply
    to each cluster's representative, as in every analysis.
    """
    ensure_clustered(store)
    page = f"LIMIT {int(limit)}" if limit is not None else ""
    with reader(store) as cur:
        rel = relation(cur)
        if cluster_ids is not None:
            if not cluster_ids:
                return []
            where = "d.cluster_id IN (SELECT unnest(?::VARCHAR[]))"
            params: list[object] = [list(cluster_ids)]
        else:
            where, params = Scope(since=since, until=until, origin=origin, min_confidence=min_confidence,
                                  statuses=statuses).where()
        # one row per cluster (head), the page first; then the page's pairs and documents
        heads = cur.execute(f"""
            SELECT d.cluster_id, d.origin, d.event_type, d.status, d.reports, d.articles, d.sources,
                   d.first_reported, d.last_reported
            FROM {rel} d WHERE d.head AND {where} AND d.reports >= ?
            ORDER BY d.reports DESC, d.articles DESC, d.first_reported NULLS LAST, d.cluster_id
            {page}
        """, [*params, min_reports]).fetchall()
        if not heads:
            return []
        literal = ", ".join("'" + str(h[0]).replace("'", "''") + "'" for h in heads)
        pairs = dict(cur.execute(f"""
            SELECT d.cluster_id, list(DISTINCT {PAIR_KEY_SQL} ORDER BY {PAIR_KEY_SQL})
            FROM {rel} d WHERE d.cluster_id IN ({literal}) GROUP BY d.cluster_id
        """).fetchall())
        dates = {r[0]: r[1:] for r in cur.execute(
            "SELECT event_id, date_start, date_end, date_precision, date_approximate, date_text "
            f"FROM events WHERE event_id IN ({literal})").fetchall()}
        docs = dict(cur.execute(f"""
            SELECT coalesce(e.cluster_id, e.event_id), list(DISTINCT doc.name ORDER BY doc.name)
            FROM events e JOIN documents doc ON doc.id = e.doc_id
            WHERE e.cluster_id IN ({literal}) OR (e.cluster_id IS NULL AND e.event_id IN ({literal}))
            GROUP BY 1
        """).fetchall())
    return [_info(h, pairs.get(h[0]), dates.get(h[0]), docs.get(h[0])) for h in heads]


def _info(head: tuple[Any, ...], pairs: list[str] | None, dates: tuple[Any, ...] | None,
          docs: list[str] | None) -> ClusterInfo:
    cid, origin, etype, status, reports, articles, sources, first, last = head
    span = None
    if dates is not None and dates[0] is not None:
        start, end, precision, approx, text = dates
        span = DateSpan(start=start, end=end or start, precision=precision or "day", approximate=bool(approx),
                        text=text)
    return ClusterInfo(cluster_id=cid, origin=origin, event_type=etype, status=status, pairs=list(pairs or []),
                       date=span, reports=int(reports), articles=int(articles), sources=int(sources),
                       first_reported=first, last_reported=last, documents=list(docs or []))
