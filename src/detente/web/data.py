"""The JSON the API serves and the report embeds: one place, so both show the same thing.

Everything here reads through a `Store` (its public methods, or read-only SQL on a cursor of
its connection) and returns plain dicts of JSON types: dates are ISO strings.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import duckdb

from detente.analysis.common import relation
from detente.model import STATUSES, Actor, event_types
from detente.store import DocumentMeta, EventFilter, Store, StoredEvent
from detente.store.filters import EVENT_DATE_SQL

Period = Literal["day", "week", "month", "year"]
PERIODS: tuple[Period, ...] = ("day", "week", "month", "year")
QUAD_LABELS: dict[int, str] = {
    1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict",
}


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _actor(a: Actor | None) -> dict[str, Any] | None:
    return a.to_dict() if a is not None else None


def event_dict(ev: StoredEvent) -> dict[str, Any]:
    """One event (not one dyad row): every actor, its dyads, evidence and source document."""
    when = ev.date.start if ev.date is not None else ev.published
    doc = None
    if ev.doc_id:
        doc = {"id": ev.doc_id, "name": ev.doc_name or "", "title": ev.doc_title, "url": ev.doc_url,
               "published": iso(ev.published)}
    return {
        "event_id": ev.event_id,
        "cluster_id": ev.cluster_id,
        "event_type": ev.event_type,
        "mode": ev.mode,
        "cameo": ev.cameo,
        "quad_class": ev.quad_class,
        "intensity": ev.intensity,
        "symmetric": ev.symmetric,
        "status": ev.status,
        "sources": [a.to_dict() for a in ev.sources],
        "targets": [a.to_dict() for a in ev.targets],
        "attributed_to": _actor(ev.attributed_to),
        "dyads": [{"source": s.code, "target": t.code if t is not None else None} for s, t in ev.dyads()],
        "date": ev.date.to_dict() if ev.date is not None else None,
        # The date the event is placed at: its own, else its article's (as EventFilter does).
        "event_date": iso(when),
        "location": ev.location.to_dict() if ev.location is not None else None,
        "evidence": [m.to_dict() for m in ev.evidence],
        "confidence": ev.confidence,
        "origin": ev.origin,
        "doc": doc,
        "source_url": ev.source_url,
    }


def document_dict(meta: DocumentMeta) -> dict[str, Any]:
    return {
        "id": meta.id, "name": meta.name, "title": meta.title, "url": meta.url, "source": meta.source,
        "published": iso(meta.published), "published_from": meta.published_from, "n_chars": meta.n_chars,
        "n_words": meta.n_words, "ingested_at": iso(meta.ingested_at), "coded_at": iso(meta.coded_at),
        "coder_version": meta.coder_version, "n_events": meta.n_events,
    }


def events_page(store: Store, f: EventFilter, limit: int, offset: int) -> dict[str, Any]:
    """A page of events in (date, event_id) order with the total the filter matches."""
    page = EventFilter(**{**_filter_fields(f), "limit": limit, "offset": offset})
    items = [event_dict(ev) for ev in store.events(page)]
    total = store.count_events(EventFilter(**{**_filter_fields(f), "limit": None, "offset": 0}))
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _filter_fields(f: EventFilter) -> dict[str, Any]:
    return {name: getattr(f, name) for name in EventFilter.__dataclass_fields__}


def find_event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event by id.

    EventFilter has no event-id field, so narrow by the event's document (coded events) or
    by its date and origin (imported ones), then pick the id.
    """
    with _cursor(store) as cur:
        row = cur.execute("SELECT doc_id, origin, coalesce(date_start, published) FROM events WHERE event_id = ?",
                          [event_id]).fetchone()
    if row is None:
        return None
    doc_id, origin, day = row
    if doc_id:
        f = EventFilter(doc=doc_id)
    elif day is not None:
        f = EventFilter(origin=origin, since=day, until=day)
    else:
        f = EventFilter(origin=origin)
    for ev in store.events(f):
        if ev.event_id == event_id:
            return event_dict(ev)
    return None


@contextmanager
def _cursor(store: Store) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of the store's connection, closed on exit (read-only SQL only)."""
    cur = store.cursor()
    try:
        yield cur
    finally:
        cur.close()


def timeline(store: Store, f: EventFilter, by: Period = "month") -> dict[str, Any]:
    """Events per period and quad class, over the events `f` matches, placed at their date."""
    where, params = EventFilter(**{**_filter_fields(f), "limit": None, "offset": 0}).where()
    sql = (f"SELECT date_trunc('{by}', {EVENT_DATE_SQL})::DATE AS p, e.quad_class, count(*) "
           f"FROM events e WHERE {where} AND {EVENT_DATE_SQL} IS NOT NULL GROUP BY ALL ORDER BY p")
    with _cursor(store) as cur:
        rows = cur.execute(sql, params).fetchall()
        undated = cur.execute(f"SELECT count(*) FROM events e WHERE {where} AND {EVENT_DATE_SQL} IS NULL",
                              params).fetchone()
    periods: dict[date, dict[str, Any]] = {}
    for start, quad, n in rows:
        p = periods.setdefault(start, {"start": start.isoformat(), "q1": 0, "q2": 0, "q3": 0, "q4": 0, "total": 0})
        p[f"q{int(quad)}"] += int(n)
        p["total"] += int(n)
    return {"by": by, "periods": list(periods.values()), "undated": int(undated[0]) if undated else 0}


@dataclass(frozen=True, slots=True)
class DyadQuery:
    """Which actor pairs to summarise; dates apply to the dyad's event_date."""

    actor: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    origin: str | None = None

    def where(self) -> tuple[str, list[object]]:
        """Conditions over the analysis relation (alias d): one row per cluster and dyad."""
        # Pairs only: a dyad with no target, or an actor with itself, is no relation.
        clauses = ["target_code IS NOT NULL", "source_code <> target_code"]
        params: list[object] = []
        if self.actor is not None:
            clauses.append("(source_code = ? OR target_code = ?)")
            params += [self.actor, self.actor]
        if self.status is not None:
            clauses.append("status = ?")
            params.append(self.status)
        if self.since is not None:
            clauses.append("event_date >= ?")
            params.append(self.since)
        if self.until is not None:
            clauses.append("event_date <= ?")
            params.append(self.until)
        if self.origin is not None:
            clauses.append("origin = ?")
            params.append(self.origin)
        return " AND ".join(clauses), params


def dyad_summaries(store: Store, q: DyadQuery, limit: int | None = 100, offset: int = 0) -> dict[str, Any]:
    """Unordered actor pairs by number of events, with their quad-class mix and date range.

    Events are counted as the analysis counts them: a happening reported by several
    articles (one cluster) once.
    """
    where, params = q.where()
    pair = "least(source_code, target_code) AS a, greatest(source_code, target_code) AS b"
    quads = ", ".join(f"count(DISTINCT cluster_id) FILTER (WHERE quad_class = {k}) AS q{k}" for k in (1, 2, 3, 4))
    page = "LIMIT ? OFFSET ?" if limit is not None else "OFFSET ?"
    page_params: list[object] = [limit, offset] if limit is not None else [offset]
    with _cursor(store) as cur:
        # the same rows every analysis counts: clusters, or single events where none
        rel = relation(cur)
        sql = (f"SELECT {pair}, count(DISTINCT cluster_id) AS n, {quads}, min(event_date), max(event_date) "
               f"FROM {rel} d WHERE {where} GROUP BY a, b ORDER BY n DESC, a, b {page}")
        rows = cur.execute(sql, [*params, *page_params]).fetchall()
        total = cur.execute(f"SELECT count(*) FROM (SELECT DISTINCT least(source_code, target_code), "
                            f"greatest(source_code, target_code) FROM {rel} d WHERE {where})", params).fetchone()
    items = []
    for a, b, n, q1, q2, q3, q4, first, last in rows:
        items.append({"a": a, "b": b, "events": int(n), "q1": int(q1), "q2": int(q2), "q3": int(q3),
                      "q4": int(q4), "net": int(q1) + int(q2) - int(q3) - int(q4), "first": iso(first),
                      "last": iso(last)})
    return {"total": int(total[0]) if total else 0, "limit": limit, "offset": offset, "items": items}


def date_range(store: Store) -> tuple[date | None, date | None]:
    """First and last event_date of any dyad (zone maps answer it without a full scan)."""
    with _cursor(store) as cur:
        row = cur.execute("SELECT min(event_date), max(event_date) FROM dyads").fetchone()
    return (row[0], row[1]) if row else (None, None)


def meta(store: Store, actor_limit: int = 500) -> dict[str, Any]:
    """What the dashboard's filters offer: actors, types, statuses, origins, the date range."""
    with _cursor(store) as cur:
        actors = cur.execute(
            "SELECT code, max(name), count(DISTINCT event_id) AS n FROM event_actors GROUP BY code "
            "ORDER BY n DESC, code LIMIT ?", [actor_limit]).fetchall()
        present = dict(cur.execute("SELECT event_type, count(*) FROM events GROUP BY 1").fetchall())
        origins = [r[0] for r in cur.execute("SELECT DISTINCT origin FROM events ORDER BY 1").fetchall()]
        span = cur.execute(f"SELECT min({EVENT_DATE_SQL}), max({EVENT_DATE_SQL}) FROM events e").fetchone()
        newest = cur.execute("SELECT greatest((SELECT max(published) FROM documents), "
                             "(SELECT max(published) FROM events))").fetchone()
    types = [{"name": t.name, "quad_class": t.quad_class, "events": int(present.get(t.name, 0))}
             for t in event_types().values()]
    return {
        "stats": store.stats(),
        "actors": [{"code": c, "name": n, "events": int(k)} for c, n, k in actors],
        "event_types": types,
        "statuses": list(STATUSES),
        "origins": origins,
        "first": iso(span[0]) if span else None,
        "last": iso(span[1]) if span else None,
        "latest_published": iso(newest[0]) if newest else None,
        "quad_classes": {str(k): v for k, v in QUAD_LABELS.items()},
    }


def page_of(items: Sequence[Any], limit: int, offset: int) -> dict[str, Any]:
    """A page of an in-memory list (analysis results), shaped like the SQL-backed pages."""
    return {"total": len(items), "limit": limit, "offset": offset, "items": list(items[offset:offset + limit])}
