"""The expectations ledger: every predicted happening, checked against what was reported later.

An entry is a cluster of planned or expected reports (one happening predicted by one or
more articles). Its *prediction date* is the cluster's first report; its *predicted span*
is the representative's date, widened by `tolerance_days` (`approx_tolerance_days` when
approximate); an undated prediction is open for `horizon_days` after it was first reported.

Outcomes are clusters too. A later cluster matches the entry when it has the same PLOVER
type and the same dyads (in the same direction, or either way when one of the two is
symmetric, so "Kim will visit Moscow" is fulfilled by "Kim and Putin met"), was first
reported on or before `as_of`, and its span overlaps the predicted span (an undated
occurred cluster spans the week before its first report; an undated cancellation matches
any span). An occurred cluster must also have been reported after the prediction date
and not have been over before the prediction was made. A report of the same day counts
when the prediction is dated to the day or a short range: an article often reports an
announced visit and the visit itself ("the Kremlin had announced last week that he would
come in late April ... they met on Thursday"), and calling that prediction overdue would be
false (its lead time is then 0 or less); an undated or month-long prediction is not
fulfilled by the meeting the same article reports ("they met today; he will invite him to
Washington"). The
outcome, as of `as_of` (default: the latest publication date in the store, so a result
never depends on the wall clock):

- fulfilled: an occurred cluster matches (one first reported after the prediction day
  first, then one dated to the day or a short range, then the earliest); lead_days = its
  date - the prediction date; date_error_days = its
  distance in days from the predicted span (0 inside, negative when early, positive when
  late); both None when only a coarse (month, year) or undated cluster matched;
- cancelled / failed: no occurred cluster, but a cancelled / failed one matches;
- overdue: neither, and the predicted span (with tolerance) ended before `as_of`;
- pending: neither, and the span has not ended yet.

Accuracy per predictor (attributed_to of any report of the cluster published by `as_of`)
and per news source (of any such report) = fulfilled / (fulfilled + overdue + cancelled +
failed); pending predictions are not yet right or wrong. Each cluster counts once per
predictor or source. All of it runs in SQL over `analysis_clusters` (one row per
happening and dyad, joined on a hashed (type, pair) key and calendar month); only the
entries asked for become Python objects.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import duckdb

from detente.analysis.clustering import SOURCE_NAME_SQL, ClusterParams, ensure_clustered, needs_clustering
from detente.analysis.common import MONTH_INDEX_SQL, iso, reader, relation
from detente.model import DateSpan
from detente.store import Store

OUTCOMES = ("fulfilled", "pending", "overdue", "cancelled", "failed")


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    cluster_id: str
    event_type: str
    source: str  # the representative's source actor codes, sorted, comma-separated
    target: str | None  # its target codes likewise (None for "KOR and PRK will meet")
    status: str  # planned | expected
    predicted: DateSpan | None
    predictor: str | None  # attributed_to of the earliest attributed report
    doc_name: str | None  # the document that reported it first
    reported: date | None  # the prediction date: the earliest report
    outcome: str
    matched_cluster_id: str | None = None
    lead_days: int | None = None
    date_error_days: int | None = None
    reports: int = 1  # its reports published by as_of

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


MATCHES_TABLE = "analysis_matches"
PREDICTIONS_TABLE = "analysis_predictions"
# The default ledger (default tolerances, no filters, as of the latest publication), and
# its accuracy rows: what `detente expectations` and the dashboard ask for unless told
# otherwise. Valid while its as_of is still the latest publication.
LEDGER_TABLE = "analysis_ledger"
ACCURACY_TABLE = "analysis_ledger_accuracy"
DEFAULTS = {"tol": 3, "approx_tol": 7, "horizon": 180}

# One row per predicted cluster and dyad, with its window [ws, we]. `{rel}` is the cluster
# relation; one scan per status, because an equality is pushed into the table scan and an
# IN list is not.
_PRED_ROWS = """
pred_rows AS MATERIALIZED (
    SELECT d.cluster_id AS cid, d.head, d.event_type, d.status, d.tk, d.source_code AS s, d."symmetric" AS sym,
           d.pairs AS n_pairs, d.date_start, coalesce(d.date_end, d.date_start) AS date_end, d.reports,
           d.first_reported AS reported,
           CASE WHEN d.date_start IS NULL THEN d.first_reported
                ELSE d.date_start - CASE WHEN d.date_approximate THEN $approx_tol ELSE $tol END END AS ws,
           CASE WHEN d.date_start IS NULL THEN d.first_reported + $horizon
                ELSE coalesce(d.date_end, d.date_start) + CASE WHEN d.date_approximate THEN $approx_tol ELSE $tol END
           END AS we
    FROM (SELECT * FROM {rel} d WHERE d.status = 'planned'
          UNION ALL SELECT * FROM {rel} d WHERE d.status = 'expected') d
    WHERE TRUE {pred_filter}
)"""

# Outcome clusters matching each predicted cluster. Predicted windows are cut into calendar
# months: outcomes meet predictions through an equality join on (type-and-pair hash, month),
# not every cluster of a busy pair meeting every prediction about it.
_MATCHES = f"""
pred_keys AS (
    SELECT cid, tk, s, sym, n_pairs, ws, we, reported,
           date_start IS NOT NULL AND date_end - date_start <= $fine_max AS fine,
           unnest(range({MONTH_INDEX_SQL.format(x="ws")}, {MONTH_INDEX_SQL.format(x="we")} + 1)) AS mb
    FROM pred_rows
),
outcome_cols AS NOT MATERIALIZED (
    SELECT d.cluster_id AS rcid, d.status, d.tk, d.source_code, d."symmetric" AS sym, d.pairs,
           d.first_reported, d.last_reported, d.date_start AS rdate, d.origin, d.confidence,
           coalesce(d.date_end, d.date_start) - d.date_start > $fine_max AS coarse,
           d.span_start AS rs, d.span_end AS re, d.m0, d.m1
    FROM {{rel}} d
    WHERE TRUE {{outcome_filter}}
),
outcome_keys AS (
    SELECT *, m0 AS mb FROM outcome_cols WHERE status = 'occurred' AND m0 = m1
    UNION ALL
    SELECT *, unnest(range(m0, m1 + 1)) FROM outcome_cols WHERE status = 'occurred' AND m0 <> m1
),
occurred_hits AS (
    SELECT p.cid, o.rcid, o.status, o.rdate, o.coarse, o.rs, o.pairs, o.tk, p.n_pairs,
           o.first_reported AS o_first, o.origin AS o_origin, o.confidence AS o_conf
    FROM pred_keys p JOIN outcome_keys o ON o.tk = p.tk AND o.mb = p.mb
    WHERE (o.source_code = p.s OR p.sym OR o.sym)
      AND (o.last_reported > p.reported OR (o.last_reported = p.reported AND p.fine))
      AND o.rs <= p.we AND o.re >= p.ws AND o.re >= p.reported - $tol
),
-- cancellations and failures are few: no month buckets; an undated one matches any span
called_off_hits AS (
    SELECT p.cid, o.rcid, o.status, NULL::DATE AS rdate, FALSE AS coarse, o.first_reported AS rs, o.pairs, o.tk,
           p.n_pairs, o.first_reported AS o_first, o.origin AS o_origin, o.confidence AS o_conf
    FROM pred_rows p
    JOIN outcome_cols o ON o.tk = p.tk AND (o.source_code = p.s OR p.sym OR o.sym)
    WHERE (o.status = 'cancelled' OR o.status = 'failed') AND o.last_reported >= p.reported
      AND (o.rdate IS NULL OR (o.rs <= p.we AND o.re >= p.ws))
),
hits AS (SELECT * FROM occurred_hits UNION ALL SELECT * FROM called_off_hits),
-- a cluster matches when it has exactly the predicted dyads: all of them, and no others;
-- with one dyad on each side (nearly always) the hashed key already says so
matches AS (
    SELECT cid, rcid, status, rdate, coarse, rs, o_first, o_origin, o_conf
    FROM hits WHERE n_pairs = 1 AND pairs = 1
    UNION ALL
    SELECT cid, rcid, any_value(status), any_value(rdate), any_value(coarse), any_value(rs), any_value(o_first),
           any_value(o_origin), any_value(o_conf)
    FROM hits WHERE n_pairs > 1 AND pairs = n_pairs
    GROUP BY cid, rcid HAVING count(DISTINCT tk) = any_value(n_pairs)
)"""

# Each prediction's outcome from its matches (the CTE or table `{matches}`).
_OUTCOMES = """
preds AS (
    SELECT cid, event_type, status, date_start, date_end, reports, reported, n_pairs, ws, we
    FROM pred_rows WHERE head
),
-- a match from a later report beats one from the predicting day's own reports, which may
-- be an earlier, different meeting of the same pair ("met on Tuesday ... invited him to visit")
occurred AS (
    SELECT m.cid, arg_min(m.rcid, (m.o_first <= p.reported, m.coarse, m.rs, m.rcid)) AS rcid,
           arg_min(CASE WHEN m.coarse THEN NULL ELSE m.rdate END, (m.o_first <= p.reported, m.coarse, m.rs, m.rcid))
               AS rdate
    FROM {matches} m JOIN preds p ON p.cid = m.cid WHERE m.status = 'occurred' GROUP BY m.cid
),
called_off AS (
    SELECT cid, arg_min(status, (rs, rcid)) AS status FROM {matches} WHERE status <> 'occurred' GROUP BY cid
)
SELECT p.*, o.rcid AS matched, o.rdate - p.reported AS lead_days,
       CASE WHEN o.rdate IS NULL OR p.date_start IS NULL THEN NULL
            WHEN o.rdate < p.date_start THEN o.rdate - p.date_start
            WHEN o.rdate > p.date_end THEN o.rdate - p.date_end ELSE 0 END AS date_error,
       CASE WHEN o.cid IS NOT NULL THEN 'fulfilled'
            WHEN c.cid IS NOT NULL THEN c.status
            WHEN p.we < $as_of THEN 'overdue'
            ELSE 'pending' END AS outcome
FROM preds p LEFT JOIN occurred o ON o.cid = p.cid LEFT JOIN called_off c ON c.cid = p.cid
"""

# Every report of a predicted cluster: who predicted it, which outlet and document, and the
# fields an entry shows when the report represents its cluster (dates, actors).
_PREDICTIONS = f"""
SELECT coalesce(e.cluster_id, e.event_id) AS cid, e.event_id, e.published, e.attributed_code AS predictor,
       {SOURCE_NAME_SQL.format(events="e")} AS source, doc.name AS doc_name, e.date_start, e.date_end,
       e.date_precision, e.date_approximate, e.date_text, a.sources, a.targets
FROM (SELECT * FROM events e WHERE e.status = 'planned' UNION ALL SELECT * FROM events e WHERE e.status = 'expected') e
LEFT JOIN documents doc ON doc.id = e.doc_id
LEFT JOIN (
    SELECT event_id,
           string_agg(DISTINCT code, ',' ORDER BY code) FILTER (WHERE role = 'source') AS sources,
           string_agg(DISTINCT code, ',' ORDER BY code) FILTER (WHERE role = 'target') AS targets
    FROM event_actors
    WHERE event_id IN (SELECT event_id FROM events WHERE status = 'planned' OR status = 'expected')
    GROUP BY event_id
) a ON a.event_id = e.event_id
"""


def build_tables(con: duckdb.DuckDBPyConnection, rel: str) -> None:
    """Materialise the ledger's matches (default tolerances) and predictions, for fast reads.

    Called by `cluster()` inside its transaction, once every cluster id is written. A
    ledger asked with other tolerances, or over unclustered events, computes them inline.
    """
    sql = f"WITH {_PRED_ROWS.format(rel=rel, pred_filter='')}, {_MATCHES.format(rel=rel, outcome_filter='')} " \
          "SELECT * FROM matches"
    con.execute(f"CREATE OR REPLACE TABLE {MATCHES_TABLE} AS {sql}", {**DEFAULTS, "fine_max": _fine_max()})
    con.execute(f"CREATE OR REPLACE TABLE {PREDICTIONS_TABLE} AS {_PREDICTIONS}")
    row = con.execute(_LATEST_SQL).fetchone()
    as_of = row[0] if row else None
    if as_of is None:
        con.execute(f"DROP TABLE IF EXISTS {LEDGER_TABLE}")
        con.execute(f"DROP TABLE IF EXISTS {ACCURACY_TABLE}")
        return
    named: dict[str, object] = {**DEFAULTS, "as_of": as_of}
    ledger_sql = _ledger_sql(rel, " AND d.first_reported <= $as_of", "", fast=True)
    con.execute(f"CREATE OR REPLACE TABLE {LEDGER_TABLE} AS SELECT *, $as_of::DATE AS as_of FROM ({ledger_sql})",
                named)
    accuracy = _ACCURACY_SQL.format(predictions=f"SELECT * FROM {PREDICTIONS_TABLE}", ledger=LEDGER_TABLE)
    con.execute(f"CREATE OR REPLACE TABLE {ACCURACY_TABLE} AS {accuracy}", [as_of])


def _ledger_sql(rel: str, where: str, pred_where: str, *, fast: bool) -> str:
    """The ledger's rows (one per predicted cluster, with its outcome) over `rel`."""
    pred_rows = _PRED_ROWS.format(rel=rel, pred_filter=where + pred_where)
    if fast:
        # the matches cluster() wrote, filtered like the outcomes
        outcome_where = (where.replace("d.first_reported", "d.o_first").replace("d.origin", "d.o_origin")
                         .replace("d.confidence", "d.o_conf"))
        matches = (f"matches AS (SELECT * FROM {MATCHES_TABLE} d "
                   f"WHERE d.cid IN (SELECT cid FROM pred_rows){outcome_where})")
    else:
        matches = _MATCHES.format(rel=rel, outcome_filter=where)
    return f"WITH {pred_rows}, {matches}, {_OUTCOMES.format(matches='matches')}"


def _fine_max() -> int:
    return ClusterParams().fine_max_days


# Accuracy per predictor and per source in one pass: every (cluster, predictor) and every
# (cluster, source) of the ledger's reports once, then counted by outcome.
_ACCURACY_SQL = """
WITH who AS MATERIALIZED (
    SELECT l.cid, l.outcome, p.predictor, p.source
    FROM ({predictions}) p JOIN {ledger} l ON l.cid = p.cid
    WHERE p.published IS NULL OR p.published <= ?
),
keyed AS (
    SELECT DISTINCT 'predictor' AS kind, predictor AS key, cid, outcome FROM who WHERE predictor IS NOT NULL
    UNION ALL
    SELECT DISTINCT 'source' AS kind, source AS key, cid, outcome FROM who WHERE source IS NOT NULL
)
SELECT kind, key, count(*) AS total,
       count(*) FILTER (WHERE outcome = 'fulfilled'), count(*) FILTER (WHERE outcome = 'overdue'),
       count(*) FILTER (WHERE outcome = 'cancelled'), count(*) FILTER (WHERE outcome = 'pending'),
       count(*) FILTER (WHERE outcome = 'failed')
FROM keyed
GROUP BY kind, key
ORDER BY kind, total DESC, key
"""


_LATEST_SQL = "SELECT greatest((SELECT max(published) FROM documents), (SELECT max(published) FROM events))"


def latest_publication(store: Store) -> date | None:
    """The default `as_of`: the newest publication date among documents and events."""
    with reader(store) as cur:
        row = cur.execute(_LATEST_SQL).fetchone()
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
                                "as_of": as_of, "fine_max": _fine_max()}
    scope, scope_pred = ["d.first_reported <= $as_of"], []
    if origin is not None:
        named["origin"] = origin
        scope.append("d.origin = $origin")
    if min_confidence is not None:
        named["min_conf"] = min_confidence
        scope.append("d.confidence >= $min_conf")
    if since is not None:
        named["since"] = since
        scope_pred.append("d.event_date >= $since")
    if until is not None:
        named["until"] = until
        scope_pred.append("d.event_date <= $until")
    where = "".join(f" AND {c}" for c in scope)
    fast = _materialized(store, named)
    cached = fast and len(scope) == 1 and not scope_pred and _cached_as_of(store) == as_of
    with reader(store) as cur:
        predictions = f"SELECT * FROM {PREDICTIONS_TABLE}" if fast else _PREDICTIONS
        if cached:
            table = LEDGER_TABLE
            accuracy_rows = cur.execute(f"SELECT * FROM {ACCURACY_TABLE}").fetchall()
        else:
            table = "_an_ledger"
            if fast:
                del named["fine_max"]  # DuckDB refuses a named parameter the query does not use
            sql = _ledger_sql(relation(cur), where, "".join(f" AND {c}" for c in scope_pred), fast=fast)
            cur.execute(f"CREATE OR REPLACE TEMP TABLE _an_ledger AS {sql}", named)
            accuracy_rows = cur.execute(_ACCURACY_SQL.format(predictions=predictions, ledger=table),
                                        [as_of]).fetchall()
        entries = _entries(cur, table, outcome, limit, offset, as_of, predictions)
        outcomes = dict.fromkeys(OUTCOMES, 0)
        for name, n in cur.execute(f"SELECT outcome, count(*) FROM {table} GROUP BY outcome").fetchall():
            outcomes[name] = int(n)
        by_kind = _accuracy(accuracy_rows)
        by_predictor, by_source = by_kind.get("predictor", []), by_kind.get("source", [])
        if not cached:
            cur.execute("DROP TABLE _an_ledger")
    return Ledger(as_of=as_of, entries=entries, by_predictor=by_predictor, by_source=by_source, outcomes=outcomes)


def _materialized(store: Store, named: dict[str, object]) -> bool:
    """Whether the tables cluster() wrote answer this question: default tolerances, every
    event clustered, and tables of this version."""
    if any(named[k] != v for k, v in DEFAULTS.items()) or needs_clustering(store):
        return False
    with reader(store) as cur:
        found = {r[0] for r in cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_name IN (?, ?)",
            [MATCHES_TABLE, PREDICTIONS_TABLE]).fetchall()}
    return found == {MATCHES_TABLE, PREDICTIONS_TABLE}


def _cached_as_of(store: Store) -> date | None:
    """The as_of of the default ledger cluster() wrote, if it wrote one."""
    with reader(store) as cur:
        found = cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' "
                            "AND table_name IN (?, ?)", [LEDGER_TABLE, ACCURACY_TABLE]).fetchone()
        if not found or found[0] != 2:
            return None
        row = cur.execute(f"SELECT any_value(as_of) FROM {LEDGER_TABLE}").fetchone()
    return row[0] if row else None


def _entries(cur: duckdb.DuckDBPyConnection, table: str, outcome: str | None, limit: int | None, offset: int,
             as_of: date, predictions: str) -> list[LedgerEntry]:
    page = (f"LIMIT {int(limit)} " if limit is not None else "") + f"OFFSET {int(offset)}"
    where = "WHERE outcome = ?" if outcome is not None else ""
    rows = cur.execute(f"SELECT cid, event_type, status, reported, outcome, matched, lead_days, date_error, reports "
                       f"FROM {table} {where} ORDER BY reported DESC NULLS LAST, cid {page}",
                       [outcome] if outcome is not None else []).fetchall()
    if not rows:
        return []
    # One scan of the predictions with a literal id list, pushed into the scan.
    ids = _literal([r[0] for r in rows])
    reports = cur.execute(f"""
        SELECT cid, published, event_id, predictor, doc_name, date_start, date_end, date_precision,
               date_approximate, date_text, sources, targets
        FROM ({predictions}) p WHERE cid IN ({ids})
    """).fetchall()
    reps = {r[2]: r[5:] for r in reports if r[2] == r[0]}
    members = [r[:5] for r in reports if r[1] is None or r[1] <= as_of]
    support = _support(members)
    out = []
    for cid, etype, status, reported, outcome_, matched, lead, error, reports in rows:
        rep = reps.get(cid)
        span, source, target = None, "", None
        if rep is not None:
            start, end, precision, approx, text, source, target = rep
            if start is not None:
                span = DateSpan(start=start, end=end or start, precision=precision or "day",
                                approximate=bool(approx), text=text)
        n, predictor, doc_name = support.get(cid, (int(reports), None, None))
        out.append(LedgerEntry(cluster_id=cid, event_type=etype, source=source or "", target=target, status=status,
                               predicted=span, predictor=predictor, doc_name=doc_name, reported=reported,
                               outcome=outcome_, matched_cluster_id=matched,
                               lead_days=int(lead) if lead is not None else None,
                               date_error_days=int(error) if error is not None else None, reports=n))
    return out


def _literal(values: list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _support(members: list[tuple[Any, ...]]) -> dict[str, tuple[int, str | None, str | None]]:
    """Per cluster: its reports, and the predictor and document of the earliest that name one."""
    by_cluster: dict[str, list[tuple[Any, ...]]] = {}
    for m in members:
        by_cluster.setdefault(m[0], []).append(m)
    out: dict[str, tuple[int, str | None, str | None]] = {}
    for cid, reports in by_cluster.items():
        # earliest first; undated reports (imported) last, ties by event id
        reports.sort(key=lambda m: (m[1] is None, m[1] or date.min, m[2]))
        predictor = next((m[3] for m in reports if m[3]), None)
        doc_name = next((m[4] for m in reports if m[4]), None)
        out[cid] = (len(reports), predictor, doc_name)
    return out


def _accuracy(rows: list[tuple[Any, ...]]) -> dict[str, list[Accuracy]]:
    out: dict[str, list[Accuracy]] = {}
    for kind, name, total, fulfilled, overdue, cancelled, pending, failed in rows:
        resolved = fulfilled + overdue + cancelled + failed
        out.setdefault(kind, []).append(Accuracy(
            key=str(name), total=int(total), fulfilled=int(fulfilled), overdue=int(overdue), cancelled=int(cancelled),
            pending=int(pending), accuracy=fulfilled / resolved if resolved else None, failed=int(failed)))
    return out
