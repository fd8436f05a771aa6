"""The expectations ledger: every predicted happening, checked against what was reported later.

An entry is a cluster of planned or expected reports (one happening predicted by one or
more articles). Its *prediction date* is the earliest publication of those reports; its
*predicted span* is the representative's date, widened by `tolerance_days`
(`approx_tolerance_days` when approximate); an undated prediction is open for
`horizon_days` after it was first reported.

A later report matches the entry when it has the same PLOVER type and the same set of
dyads (in the same direction, or either way when one of the two events is symmetric, so
"Kim will visit Moscow" is fulfilled by "Kim and Putin met"), was published on or after the prediction
date and on or before `as_of`, and its date overlaps the predicted span (an undated
occurred report counts as [published - 7 days, published]; an undated cancellation
matches any span). The outcome, as of `as_of` (default: the latest publication date in
the store, so a result never depends on the wall clock):

- fulfilled: an occurred report from another document matches (one dated to the day or
  a short range first, then the earliest); lead_days = its date - the prediction date;
  date_error_days = its distance in days from the predicted span (0 inside, negative
  when early, positive when late); both None when only a coarse (month, year) or
  undated report matched. An occurred report whose span ended before the prediction
  was made never matches;
- cancelled / failed: no occurred report, but a cancelled / failed one matches;
- overdue: neither, and the predicted span (with tolerance) ended before `as_of`;
- pending: neither, and the span has not ended yet.

Accuracy per predictor (attributed_to of any report in the cluster) and per news source
(of any report) = fulfilled / (fulfilled + overdue + cancelled + failed); pending
predictions are not yet right or wrong. Each cluster counts once per predictor/source.
All of it runs in SQL; only the entries asked for become Python objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import duckdb

from detente.analysis.clusters import SOURCE_NAME_SQL, ClusterParams, ensure_clustered
from detente.analysis.common import iso, reader
from detente.model import DateSpan
from detente.store import Store

OUTCOMES = ("fulfilled", "pending", "overdue", "cancelled", "failed")
UNDATED_PAST_DAYS = 7
UNORDERED_SQL = ("CASE WHEN d.target_code IS NULL THEN d.source_code || '>' "
                 "ELSE least(d.source_code, d.target_code) || '~' || greatest(d.source_code, d.target_code) END")


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    cluster_id: str
    event_type: str
    source: str  # source actor codes of the representative, comma-separated
    target: str | None
    status: str  # planned | expected
    predicted: DateSpan | None
    predictor: str | None  # attributed_to of the earliest attributed report
    doc_name: str | None  # the document that reported it first
    reported: date | None  # the prediction date: the earliest report
    outcome: str
    matched_cluster_id: str | None = None
    lead_days: int | None = None
    date_error_days: int | None = None
    reports: int = 1

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["predicted"] = self.predicted.to_dict() if self.predicted else None
        d["reported"] = iso(self.reported)
        return d


@dataclass(frozen=True, slots=True)
class Accuracy:
    key: str
    total: int
    fulfilled: int
    overdue: int
    cancelled: int
    pending: int
    accuracy: float | None  # fulfilled / resolved; None while nothing is resolved
    failed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Ledger:
    as_of: date | None
    entries: list[LedgerEntry] = field(default_factory=list)
    by_predictor: list[Accuracy] = field(default_factory=list)
    by_source: list[Accuracy] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)  # every entry, even past `limit`

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": iso(self.as_of), "outcomes": self.outcomes, "entries": [e.to_dict() for e in self.entries],
                "by_predictor": [a.to_dict() for a in self.by_predictor],
                "by_source": [a.to_dict() for a in self.by_source]}


_LEDGER_SQL = f"""
CREATE OR REPLACE TEMP TABLE _an_ledger AS
WITH
members AS MATERIALIZED (
    SELECT coalesce(e.cluster_id, e.event_id) AS cid, e.event_id, e.doc_id, e.published, e.attributed_code,
           e.source_url
    FROM events e
    WHERE e.status IN ('planned', 'expected') AND (e.published IS NULL OR e.published <= $as_of) {{origin_e}}
),
support AS (
    SELECT m.cid, min(m.published) AS first_reported, count(*) AS reports,
           arg_min(m.attributed_code, (m.published, m.event_id)) FILTER (WHERE m.attributed_code IS NOT NULL)
               AS predictor,
           arg_min(doc.name, (m.published, m.event_id)) FILTER (WHERE doc.name IS NOT NULL) AS doc_name
    FROM members m LEFT JOIN documents doc ON doc.id = m.doc_id
    GROUP BY m.cid
),
preds AS MATERIALIZED (
    SELECT r.event_id AS cid, r.event_type, r.status, r.date_start, coalesce(r.date_end, r.date_start) AS date_end,
           r.date_precision, r.date_approximate, r.date_text, s.reports, s.predictor, s.doc_name,
           coalesce(s.first_reported, r.date_start) AS reported,
           CASE WHEN r.date_start IS NULL THEN coalesce(s.first_reported, r.date_start)
                ELSE r.date_start - CASE WHEN r.date_approximate THEN $approx_tol ELSE $tol END END AS ws,
           CASE WHEN r.date_start IS NULL THEN coalesce(s.first_reported, r.date_start) + $horizon
                ELSE coalesce(r.date_end, r.date_start)
                     + CASE WHEN r.date_approximate THEN $approx_tol ELSE $tol END END AS we
    FROM events r JOIN support s ON s.cid = r.event_id
    WHERE coalesce(s.first_reported, r.date_start) <= $as_of {{scope_r}}
),
-- the representative's dyads, each listed both ways: a pair matches in its own direction,
-- or in either when one of the two events is symmetric ("Kim will visit Moscow" is
-- fulfilled by "Kim and Putin met"), with a plain equality join on the stored columns
pred_pairs AS MATERIALIZED (
    SELECT DISTINCT d.event_id AS cid, d.event_type, {UNORDERED_SQL} AS upk, d."symmetric" AS sym,
           x.s, x.t, x.forward
    FROM dyads d,
         LATERAL (SELECT d.source_code AS s, d.target_code AS t, TRUE AS forward
                  UNION ALL
                  SELECT d.target_code, d.source_code, FALSE WHERE d.target_code IS NOT NULL) x
    WHERE d.event_id IN (SELECT cid FROM preds)
),
n_pairs AS (SELECT cid, count(DISTINCT upk) AS n FROM pred_pairs GROUP BY cid),
hits AS (
    SELECT p.cid, d.event_id AS rid, coalesce(d.cluster_id, d.event_id) AS rcid, d.status,
           d.date_start AS rdate, coalesce(d.date_start, d.published) AS rday,
           coalesce(d.date_end, d.date_start) - d.date_start > $fine_max AS coarse,
           coalesce(d.published, d.date_start) AS rreported, count(DISTINCT p.upk) AS k
    FROM pred_pairs p
    JOIN dyads d ON d.event_type = p.event_type AND d.source_code = p.s
                AND d.target_code IS NOT DISTINCT FROM p.t AND (p.forward OR p.sym OR d."symmetric")
    JOIN preds w ON w.cid = p.cid
    WHERE d.status IN ('occurred', 'cancelled', 'failed') {{scope_d}}
      AND coalesce(d.published, d.date_start) >= w.reported
      AND coalesce(d.published, d.date_start) <= $as_of
      -- a document that reported the prediction does not also confirm it
      AND NOT EXISTS (SELECT 1 FROM members m WHERE m.cid = p.cid AND m.doc_id = d.doc_id)
      -- a happening cannot have been over before it was predicted
      AND CASE WHEN d.date_start IS NOT NULL
               THEN d.date_start <= w.we AND coalesce(d.date_end, d.date_start) >= w.ws
                    AND coalesce(d.date_end, d.date_start) >= w.reported - $tol
               WHEN d.status = 'occurred'
               THEN d.published - {UNDATED_PAST_DAYS} <= w.we AND d.published >= w.ws
               ELSE TRUE END
    GROUP BY ALL
),
-- a report matches when it has exactly the predicted dyads: all of them, and no others
report_pairs AS (
    SELECT d.event_id AS rid, count(DISTINCT {UNORDERED_SQL}) AS n
    FROM dyads d WHERE d.event_id IN (SELECT rid FROM hits) GROUP BY d.event_id
),
matches AS (
    SELECT h.* FROM hits h JOIN n_pairs np ON np.cid = h.cid JOIN report_pairs rp ON rp.rid = h.rid
    WHERE h.k = np.n AND rp.n = np.n
),
occurred AS (
    SELECT cid, arg_min(rcid, (coarse, rday, rreported, rid)) AS rcid,
           arg_min(CASE WHEN coarse THEN NULL ELSE rday END, (coarse, rday, rreported, rid)) AS rday,
           arg_min(CASE WHEN coarse THEN NULL ELSE rdate END, (coarse, rday, rreported, rid)) AS rdate
    FROM matches WHERE status = 'occurred' GROUP BY cid
),
called_off AS (
    SELECT cid, arg_min(status, (rreported, rid)) AS status FROM matches WHERE status <> 'occurred' GROUP BY cid
)
SELECT p.*, o.rcid AS matched, o.rday - p.reported AS lead_days,
       CASE WHEN o.rdate IS NULL OR p.date_start IS NULL THEN NULL
            WHEN o.rdate < p.date_start THEN o.rdate - p.date_start
            WHEN o.rdate > p.date_end THEN o.rdate - p.date_end ELSE 0 END AS date_error,
       CASE WHEN o.cid IS NOT NULL THEN 'fulfilled'
            WHEN c.cid IS NOT NULL THEN c.status
            WHEN p.we < $as_of THEN 'overdue'
            ELSE 'pending' END AS outcome
FROM preds p LEFT JOIN occurred o ON o.cid = p.cid LEFT JOIN called_off c ON c.cid = p.cid
"""

_ACCURACY_SQL = """
SELECT key, count(*) AS total,
       count(*) FILTER (WHERE outcome = 'fulfilled'), count(*) FILTER (WHERE outcome = 'overdue'),
       count(*) FILTER (WHERE outcome = 'cancelled'), count(*) FILTER (WHERE outcome = 'pending'),
       count(*) FILTER (WHERE outcome = 'failed')
FROM (SELECT DISTINCT l.cid, l.outcome, {key} AS key
      FROM _an_ledger l JOIN events e ON coalesce(e.cluster_id, e.event_id) = l.cid
      LEFT JOIN documents doc ON doc.id = e.doc_id
      WHERE e.status IN ('planned', 'expected') AND (e.published IS NULL OR e.published <= ?) {origin})
WHERE key IS NOT NULL
GROUP BY key
ORDER BY total DESC, key
"""


def latest_publication(store: Store) -> date | None:
    """The default `as_of`: the newest publication date among documents and events."""
    with reader(store) as cur:
        row = cur.execute("SELECT greatest((SELECT max(published) FROM documents), "
                          "(SELECT max(published) FROM events))").fetchone()
    return row[0] if row else None


def expectations(store: Store, as_of: date | None = None, since: date | None = None, until: date | None = None,
                 origin: str | None = None, min_confidence: float | None = None, *, tolerance_days: int = 3,
                 approx_tolerance_days: int = 7, horizon_days: int = 180, outcome: str | None = None,
                 limit: int | None = None, offset: int = 0) -> Ledger:
    """The ledger as of `as_of`; `since`/`until` pick predictions by their date (else their report date).

    Entries come latest prediction first; `outcome`, `limit` and `offset` select which of
    them become objects, while the outcome counts and the accuracy tables always cover
    every entry in scope.
    """
    if outcome is not None and outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, got {outcome!r}")
    ensure_clustered(store)
    if as_of is None:
        as_of = latest_publication(store)
    if as_of is None:
        return Ledger(as_of=None)
    named: dict[str, object] = {"tol": tolerance_days, "approx_tol": approx_tolerance_days, "horizon": horizon_days,
                                "as_of": as_of, "fine_max": ClusterParams().fine_max_days}
    scope_r, scope_d = [], []
    if origin is not None:
        named["origin"] = origin
        scope_r.append("r.origin = $origin")
        scope_d.append("d.origin = $origin")
    if min_confidence is not None:
        named["min_conf"] = min_confidence
        scope_r.append("r.confidence >= $min_conf")
        scope_d.append("d.confidence >= $min_conf")
    if since is not None:
        named["since"] = since
        scope_r.append("coalesce(r.date_start, s.first_reported) >= $since")
    if until is not None:
        named["until"] = until
        scope_r.append("coalesce(r.date_start, s.first_reported) <= $until")
    sql = _LEDGER_SQL.format(origin_e="AND e.origin = $origin" if origin is not None else "",
                             scope_r="".join(f" AND {c}" for c in scope_r),
                             scope_d="".join(f" AND {c}" for c in scope_d))
    with reader(store) as cur:
        cur.execute(sql, named)
        entries = _entries(cur, outcome, limit, offset)
        outcomes = dict.fromkeys(OUTCOMES, 0)
        for name, n in cur.execute("SELECT outcome, count(*) FROM _an_ledger GROUP BY outcome").fetchall():
            outcomes[name] = int(n)
        origin_sql, origin_params = ("AND e.origin = ?", [as_of, origin]) if origin is not None else ("", [as_of])
        by_predictor = _accuracy(cur, "e.attributed_code", origin_sql, origin_params)
        by_source = _accuracy(cur, SOURCE_NAME_SQL.format(events="e"), origin_sql, origin_params)
        cur.execute("DROP TABLE _an_ledger")
    return Ledger(as_of=as_of, entries=entries, by_predictor=by_predictor, by_source=by_source, outcomes=outcomes)


def _entries(cur: duckdb.DuckDBPyConnection, outcome: str | None, limit: int | None,
             offset: int) -> list[LedgerEntry]:
    page = (f"LIMIT {int(limit)} " if limit is not None else "") + f"OFFSET {int(offset)}"
    where = "WHERE outcome = ?" if outcome is not None else ""
    rows = cur.execute(f"""
        WITH page AS (SELECT * FROM _an_ledger {where} ORDER BY reported DESC NULLS LAST, cid {page}),
        actors AS (
            SELECT d.event_id, string_agg(DISTINCT d.source_code, ',' ORDER BY d.source_code) AS source,
                   string_agg(DISTINCT d.target_code, ',' ORDER BY d.target_code) AS target
            FROM dyads d WHERE d.event_id IN (SELECT cid FROM page) GROUP BY d.event_id
        )
        SELECT l.cid, l.event_type, a.source, a.target, l.status, l.date_start, l.date_end, l.date_precision,
               l.date_approximate, l.date_text, l.predictor, l.doc_name, l.reported, l.outcome, l.matched,
               l.lead_days, l.date_error, l.reports
        FROM page l LEFT JOIN actors a ON a.event_id = l.cid
        ORDER BY l.reported DESC NULLS LAST, l.cid
    """, [outcome] if outcome is not None else []).fetchall()
    out = []
    for (cid, etype, source, target, status, start, end, precision, approx, text, predictor, doc_name, reported,
         outcome, matched, lead, error, reports) in rows:
        span = None
        if start is not None:
            span = DateSpan(start=start, end=end or start, precision=precision or "day",
                            approximate=bool(approx), text=text)
        out.append(LedgerEntry(cluster_id=cid, event_type=etype, source=source or "", target=target, status=status,
                               predicted=span, predictor=predictor, doc_name=doc_name, reported=reported,
                               outcome=outcome, matched_cluster_id=matched,
                               lead_days=int(lead) if lead is not None else None,
                               date_error_days=int(error) if error is not None else None, reports=int(reports)))
    return out


def _accuracy(cur: duckdb.DuckDBPyConnection, key_sql: str, origin_sql: str,
              params: Sequence[object]) -> list[Accuracy]:
    rows = cur.execute(_ACCURACY_SQL.format(key=key_sql, origin=origin_sql), list(params)).fetchall()
    out = []
    for key, total, fulfilled, overdue, cancelled, pending, failed in rows:
        resolved = fulfilled + overdue + cancelled + failed
        out.append(Accuracy(key=str(key), total=int(total), fulfilled=int(fulfilled), overdue=int(overdue),
                            cancelled=int(cancelled), pending=int(pending),
                            accuracy=fulfilled / resolved if resolved else None, failed=int(failed)))
    return out
