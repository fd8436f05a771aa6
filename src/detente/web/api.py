"""The /api routes: events, documents, dyads, blocs, unity, bursts, expectations.

Every route borrows a read-only Store from the app's pool for the length of the request.
Lists page with `limit` (1..1000) and `offset`; filters mirror `detente events` options.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from detente.store import EventFilter, Store
from detente.web import data
from detente.web.errors import ApiError, error_responses
from detente.web.schemas import (
    BlocPage,
    BurstPage,
    DocumentDetail,
    DocumentPage,
    DyadPage,
    DyadSeriesOut,
    EventOut,
    EventPage,
    LedgerPage,
    Meta,
    Timeline,
    UnityOut,
)

# Actor codes: ISO alpha-3, UN, NATO, ...; generous so that imported codes pass too.
CODE = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"
DYAD = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}:[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"
ORIGIN = r"^[a-z][a-z0-9_-]{0,31}$"
MAX_LIMIT = 1000

EventTypeName = Literal["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
StatusName = Literal["occurred", "planned", "expected", "cancelled", "failed"]
Window = Literal["week", "month", "quarter", "year"]

router = APIRouter(prefix="/api", responses=error_responses(400, 401, 404, 422, 503))


def get_store(request: Request) -> Iterator[Store]:
    with request.app.state.pool.acquire() as store:
        yield store


StoreDep = Annotated[Store, Depends(get_store)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, 1..{MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]
Since = Annotated[date | None, Query(description="on or after this day (YYYY-MM-DD)")]
Until = Annotated[date | None, Query(description="on or before this day (YYYY-MM-DD)")]
Origin = Annotated[str | None, Query(pattern=ORIGIN, description="detente (coded articles) or an importer (gdelt)")]


def _check_range(since: date | None, until: date | None) -> None:
    if since is not None and until is not None and since > until:
        raise ApiError(422, "invalid_request", f"since ({since}) is after until ({until})",
                       field="query.since")


def _code(value: str) -> str:
    return value.strip().upper()


def event_filter(
    actor: Annotated[str | None, Query(pattern=CODE, description="either side of any dyad, e.g. PRK")] = None,
    dyad: Annotated[str | None, Query(pattern=DYAD, description="A:B, either direction, e.g. PRK:USA")] = None,
    type_: Annotated[EventTypeName | None, Query(alias="type", description="PLOVER event type")] = None,
    status: Annotated[StatusName | None, Query()] = None,
    since: Since = None,
    until: Until = None,
    origin: Origin = None,
    doc: Annotated[str | None, Query(min_length=1, max_length=200,
                                     description="document id, id prefix (6+ hex digits) or name")] = None,
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
) -> EventFilter:
    _check_range(since, until)
    pair = None
    if dyad is not None:
        a, _, b = dyad.partition(":")
        pair = (_code(a), _code(b))
    return EventFilter(actor=_code(actor) if actor else None, dyad=pair, event_type=type_, status=status,
                       since=since, until=until, origin=origin, doc=doc, min_confidence=min_confidence)


Filter = Annotated[EventFilter, Depends(event_filter)]


# ---------------------------------------------------------------------------- meta
@router.get("/meta", response_model=Meta, summary="What the store holds: counts, actors, types, date range")
def get_meta(store: StoreDep) -> dict[str, Any]:
    return data.meta(store)


# ---------------------------------------------------------------------------- events
@router.get("/events", response_model=EventPage, summary="Events matching the filters, a page at a time")
def list_events(store: StoreDep, f: Filter, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Events in (date, event_id) order. An event without a date of its own is placed at its
    article's publication date. `total` counts every match."""
    return data.events_page(store, f, limit, offset)


@router.get("/events/timeline", response_model=Timeline, summary="Matching events per period and quad class")
def events_timeline(store: StoreDep, f: Filter,
                    by: Annotated[data.Period, Query(description="period length")] = "month") -> dict[str, Any]:
    return data.timeline(store, f, by)


@router.get("/events/{event_id}", response_model=EventOut, summary="One event with its evidence and source")
def get_event(store: StoreDep,
              event_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:-]{1,128}$")]) -> dict[str, Any]:
    found = data.find_event(store, event_id)
    if found is None:
        raise ApiError(404, "not_found", f"no event {event_id}")
    return found


# ---------------------------------------------------------------------------- documents
@router.get("/documents", response_model=DocumentPage, summary="Document metadata in publication order")
def list_documents(store: StoreDep, coded: Annotated[bool | None, Query(description="only coded / uncoded")] = None,
                   limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    stats = store.stats()
    total = {None: stats["documents"], True: stats["coded"], False: stats["uncoded"]}[coded]
    items = [data.document_dict(m) for m in store.documents(coded=coded, limit=limit, offset=offset)]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/documents/{doc_id}", response_model=DocumentDetail, summary="One document: text and events")
def get_document(store: StoreDep, doc_id: Annotated[str, Path(pattern=r"^[0-9a-fA-F]{64}$",
                                                              description="SHA-256 of the text")]) -> dict[str, Any]:
    doc = store.document(doc_id.lower())
    if doc is None:
        raise ApiError(404, "not_found", f"no document {doc_id}")
    events = [data.event_dict(ev) for ev in store.events(EventFilter(doc=doc.id))]
    return {"id": doc.id, "name": doc.name, "title": doc.title, "url": doc.url, "source": doc.source,
            "published": data.iso(doc.published), "published_from": doc.published_from, "text": doc.text,
            "events": events}


# ---------------------------------------------------------------------------- dyads
@router.get("/dyads", response_model=DyadPage, summary="Actor pairs by number of events")
def list_dyads(store: StoreDep,
               actor: Annotated[str | None, Query(pattern=CODE, description="pairs with this actor")] = None,
               status: Annotated[StatusName | None, Query()] = None, since: Since = None, until: Until = None,
               origin: Origin = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    _check_range(since, until)
    q = data.DyadQuery(actor=_code(actor) if actor else None, status=status, since=since, until=until,
                       origin=origin)
    return data.dyad_summaries(store, q, limit, offset)


@router.get("/dyads/{a}/{b}", response_model=DyadSeriesOut, summary="One dyad's cooperation and conflict over time")
def dyad_series(store: StoreDep, a: Annotated[str, Path(pattern=CODE)], b: Annotated[str, Path(pattern=CODE)],
                by: Annotated[data.Period, Query()] = "month", since: Since = None, until: Until = None,
                origin: Origin = None) -> dict[str, Any]:
    from detente import analysis

    _check_range(since, until)
    if _code(a) == _code(b):
        raise ApiError(422, "invalid_request", f"a dyad needs two different actors, got {_code(a)} twice",
                       field="path.b")
    series = analysis.dyad_series(store, _code(a), _code(b), by=by, since=since, until=until, origin=origin)
    return series.to_dict()


# ---------------------------------------------------------------------------- blocs
@router.get("/blocs", response_model=BlocPage, summary="Alignment network per window: signed edges, communities")
def list_blocs(store: StoreDep, window: Annotated[Window, Query()] = "month", since: Since = None,
               until: Until = None, origin: Origin = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    from detente import analysis

    _check_range(since, until)
    windows = analysis.blocs(store, window=window, since=since, until=until, origin=origin)
    return data.page_of([w.to_dict() for w in windows], limit, offset)


# ---------------------------------------------------------------------------- unity
@router.get("/unity", response_model=UnityOut, summary="How united a group of actors is, per window")
def get_unity(store: StoreDep,
              members: Annotated[str, Query(min_length=2, max_length=2000, pattern=r"^[A-Za-z0-9_.,-]+$",
                                            description="comma-separated actor codes, e.g. USA,KOR,JPN")],
              window: Annotated[Window, Query()] = "month", since: Since = None, until: Until = None,
              origin: Origin = None) -> dict[str, Any]:
    from detente import analysis

    _check_range(since, until)
    codes = list(dict.fromkeys(_code(c) for c in members.split(",") if c.strip()))
    if len(codes) < 2:
        raise ApiError(422, "invalid_request", "members needs at least two actor codes, e.g. USA,KOR",
                       field="query.members")
    points = analysis.unity(store, codes, window=window, since=since, until=until, origin=origin)
    return {"members": codes, "window": window, "items": [p.to_dict() for p in points]}


# ---------------------------------------------------------------------------- bursts
@router.get("/bursts", response_model=BurstPage, summary="Dyads far above their usual rate, highest score first")
def list_bursts(store: StoreDep, window: Annotated[Window, Query()] = "week", since: Since = None,
                until: Until = None, origin: Origin = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    from detente import analysis

    _check_range(since, until)
    found = analysis.bursts(store, window=window, since=since, until=until, origin=origin)
    return data.page_of([b.to_dict() for b in found], limit, offset)


# ---------------------------------------------------------------------------- expectations
@router.get("/expectations", response_model=LedgerPage,
            summary="The expectations ledger: planned and expected events and what became of them")
def get_expectations(store: StoreDep,
                     as_of: Annotated[date | None, Query(description="judge outcomes as of this day (default today)")]
                     = None, origin: Origin = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    from detente import analysis

    ledger = analysis.expectations(store, as_of=as_of, origin=origin).to_dict()
    entries = ledger.get("entries", [])
    return {"total": len(entries), "limit": limit, "offset": offset, "entries": entries[offset:offset + limit],
            "by_predictor": ledger.get("by_predictor", []), "by_source": ledger.get("by_source", [])}
