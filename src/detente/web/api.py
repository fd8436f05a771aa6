"""The /api routes: events, documents, dyads, blocs, unity, bursts, expectations.

Every route borrows a read-only Store from the app's pool for the length of the request.
Lists page with `limit` (1..1000) and `offset`; filters mirror `detente events` options.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel

from detente.store import EventFilter, Store
from detente.web import data
from detente.web.cache import cache_key
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
MAX_WINDOWS = 5000
# Dates outside these are typos (or fuzzers) and would make calendar arithmetic overflow.
FIRST_DAY, LAST_DAY = date(1800, 1, 1), date(2200, 12, 31)
WINDOW_DAYS = {"day": 1, "week": 7, "month": 28, "quarter": 90, "year": 365}

EventTypeName = Literal["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
StatusName = Literal["occurred", "planned", "expected", "cancelled", "failed"]
Window = Literal["day", "week", "month", "quarter", "year"]
Outcome = Literal["fulfilled", "pending", "overdue", "cancelled", "failed"]

router = APIRouter(prefix="/api", responses=error_responses(400, 401, 404, 422, 503))


async def get_store(request: Request) -> AsyncIterator[Store]:
    # async: requests wait for a store on the event loop, not in a worker thread (see pool.py)
    async with request.app.state.pool.borrow() as store:
        yield store


StoreDep = Annotated[Store, Depends(get_store)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, 1..{MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]
Since = Annotated[date | None, Query(description="on or after this day (YYYY-MM-DD, 1800..2200)")]
Until = Annotated[date | None, Query(description="on or before this day (YYYY-MM-DD, 1800..2200)")]
Origin = Annotated[str | None, Query(pattern=ORIGIN, description="detente (coded articles) or an importer (gdelt)")]


def _check_day(name: str, day: date | None) -> None:
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise ApiError(422, "invalid_request", f"{day} is outside {FIRST_DAY}..{LAST_DAY}", field=f"query.{name}")


def _check_range(since: date | None, until: date | None) -> None:
    _check_day("since", since)
    _check_day("until", until)
    if since is not None and until is not None and since > until:
        raise ApiError(422, "invalid_request", f"since ({since}) is after until ({until})",
                       field="query.since")


def _check_windows(store: Store, since: date | None, until: date | None, window: str) -> None:
    """Refuse series with more than MAX_WINDOWS windows: they fill every empty window."""
    lo, hi = since, until
    if lo is None or hi is None:
        first, last = data.date_range(store)
        lo, hi = lo or first, hi or last
    if lo is None or hi is None or hi < lo:
        return
    n = (hi - lo).days // WINDOW_DAYS[window] + 1
    if n > MAX_WINDOWS:
        raise ApiError(422, "invalid_request", f"{n} {window} windows from {lo} to {hi}; at most {MAX_WINDOWS}: "
                       "narrow since/until or use a longer window", field="query.since")


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


def answer(request: Request, model: type[BaseModel], compute: Callable[[], dict[str, Any]]) -> Response:
    """The JSON of `compute()` checked against `model`, from the cache when asked before."""
    key = cache_key(request.url.path, request.query_params.multi_items())

    def render() -> bytes:
        return model.model_validate(compute()).model_dump_json().encode("utf-8")

    return Response(request.app.state.cache.get_or_compute(key, render), media_type="application/json")


# ---------------------------------------------------------------------------- meta
@router.get("/meta", response_model=Meta, summary="What the store holds: counts, actors, types, date range")
def get_meta(request: Request, store: StoreDep) -> Response:
    return answer(request, Meta, lambda: data.meta(store))


# ---------------------------------------------------------------------------- events
@router.get("/events", response_model=EventPage, summary="Events matching the filters, a page at a time")
def list_events(request: Request, store: StoreDep, f: Filter, limit: Limit = 100, offset: Offset = 0) -> Response:
    """Events in (date, event_id) order. An event without a date of its own is placed at its
    article's publication date. `total` counts every match."""
    return answer(request, EventPage, lambda: data.events_page(store, f, limit, offset))


@router.get("/events/timeline", response_model=Timeline, summary="Matching events per period and quad class")
def events_timeline(request: Request, store: StoreDep, f: Filter,
                    by: Annotated[data.Period, Query(description="period length")] = "month") -> Response:
    return answer(request, Timeline, lambda: data.timeline(store, f, by))


@router.get("/events/{event_id}", response_model=EventOut, summary="One event with its evidence and source")
def get_event(request: Request, store: StoreDep,
              event_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:-]{1,128}$")]) -> Response:
    def compute() -> dict[str, Any]:
        found = data.find_event(store, event_id)
        if found is None:
            raise ApiError(404, "not_found", f"no event {event_id}")
        return found

    return answer(request, EventOut, compute)


# ---------------------------------------------------------------------------- documents
@router.get("/documents", response_model=DocumentPage, summary="Document metadata in publication order")
def list_documents(request: Request, store: StoreDep,
                   coded: Annotated[bool | None, Query(description="only coded / uncoded")] = None,
                   limit: Limit = 100, offset: Offset = 0) -> Response:
    def compute() -> dict[str, Any]:
        stats = store.stats()
        total = {None: stats["documents"], True: stats["coded"], False: stats["uncoded"]}[coded]
        items = [data.document_dict(m) for m in store.documents(coded=coded, limit=limit, offset=offset)]
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    return answer(request, DocumentPage, compute)


@router.get("/documents/{doc_id}", response_model=DocumentDetail, summary="One document: text and events")
def get_document(request: Request, store: StoreDep,
                 doc_id: Annotated[str, Path(pattern=r"^[0-9a-fA-F]{64}$", description="SHA-256 of the text")]
                 ) -> Response:
    def compute() -> dict[str, Any]:
        doc = store.document(doc_id.lower())
        if doc is None:
            raise ApiError(404, "not_found", f"no document {doc_id}")
        events = [data.event_dict(ev) for ev in store.events(EventFilter(doc=doc.id))]
        return {"id": doc.id, "name": doc.name, "title": doc.title, "url": doc.url, "source": doc.source,
                "published": data.iso(doc.published), "published_from": doc.published_from, "text": doc.text,
                "events": events}

    return answer(request, DocumentDetail, compute)


# ---------------------------------------------------------------------------- dyads
@router.get("/dyads", response_model=DyadPage, summary="Actor pairs by number of events")
def list_dyads(request: Request, store: StoreDep,
               actor: Annotated[str | None, Query(pattern=CODE, description="pairs with this actor")] = None,
               status: Annotated[StatusName | None, Query()] = None, since: Since = None, until: Until = None,
               origin: Origin = None, limit: Limit = 100, offset: Offset = 0) -> Response:
    """Unordered pairs (a < b), most events first; a happening reported by several articles
    (one cluster) counts once, as in every analysis."""
    _check_range(since, until)
    q = data.DyadQuery(actor=_code(actor) if actor else None, status=status, since=since, until=until,
                       origin=origin)
    return answer(request, DyadPage, lambda: data.dyad_summaries(store, q, limit, offset))


@router.get("/dyads/{a}/{b}", response_model=DyadSeriesOut,
            summary="One dyad's cooperation and conflict over time")
def dyad_series(request: Request, store: StoreDep, a: Annotated[str, Path(pattern=CODE)],
                b: Annotated[str, Path(pattern=CODE)], by: Annotated[data.Period, Query()] = "month",
                since: Since = None, until: Until = None, origin: Origin = None) -> Response:
    """Occurred events between a and b, either direction, per calendar window (empty windows
    included): counts per quad class, net balance in [-1, 1] and summed intensity."""
    from detente import analysis

    _check_range(since, until)
    if _code(a) == _code(b):
        raise ApiError(422, "invalid_request", f"a dyad needs two different actors, got {_code(a)} twice",
                       field="path.b")

    def compute() -> dict[str, Any]:
        _check_windows(store, since, until, by)
        series = analysis.dyad_series(store, _code(a), _code(b), by=by, since=since, until=until, origin=origin)
        return series.to_dict()

    return answer(request, DyadSeriesOut, compute)


# ---------------------------------------------------------------------------- blocs
@router.get("/blocs", response_model=BlocPage, summary="Alignment network per window: signed edges, communities")
def list_blocs(request: Request, store: StoreDep, window: Annotated[Window, Query()] = "month",
               since: Since = None, until: Until = None, origin: Origin = None,
               newest_first: Annotated[bool, Query(description="latest window first")] = False,
               limit: Limit = 100, offset: Offset = 0) -> Response:
    """One signed graph of states per window that has ties (weight = summed intensity), with
    its communities and their signed modularity. Oldest window first unless newest_first."""
    from detente import analysis

    _check_range(since, until)

    def compute() -> dict[str, Any]:
        windows = [w.to_dict() for w in analysis.blocs(store, window=window, since=since, until=until, origin=origin)]
        if newest_first:
            windows.reverse()
        return data.page_of(windows, limit, offset)

    return answer(request, BlocPage, compute)


# ---------------------------------------------------------------------------- unity
@router.get("/unity", response_model=UnityOut, summary="How united a group of actors is, per window")
def get_unity(request: Request, store: StoreDep,
              members: Annotated[str, Query(min_length=2, max_length=2000, pattern=r"^[A-Za-z0-9_.,-]+$",
                                            description="comma-separated actor codes, e.g. USA,KOR,JPN")],
              window: Annotated[Window, Query()] = "month", since: Since = None, until: Until = None,
              origin: Origin = None) -> Response:
    """index = (in-group cooperation + conflict with outsiders - in-group conflict) / all of
    them, per window; null for a window with none."""
    from detente import analysis

    _check_range(since, until)
    codes = list(dict.fromkeys(_code(c) for c in members.split(",") if c.strip()))
    if len(codes) < 2:
        raise ApiError(422, "invalid_request", "members needs at least two actor codes, e.g. USA,KOR",
                       field="query.members")

    def compute() -> dict[str, Any]:
        _check_windows(store, since, until, window)
        points = analysis.unity(store, codes, window=window, since=since, until=until, origin=origin)
        return {"members": codes, "window": window, "items": [p.to_dict() for p in points]}

    return answer(request, UnityOut, compute)


# ---------------------------------------------------------------------------- bursts
@router.get("/bursts", response_model=BurstPage, summary="Dyads far above their usual rate, highest score first")
def list_bursts(request: Request, store: StoreDep, window: Annotated[Window, Query()] = "week",
                since: Since = None, until: Until = None, origin: Origin = None, limit: Limit = 100,
                offset: Offset = 0) -> Response:
    """A burst is a (pair, window) whose count is far above the pair's baseline rate
    (score = (count - baseline) / sqrt(baseline)), with the clusters that make it."""
    from detente import analysis

    _check_range(since, until)

    def compute() -> dict[str, Any]:
        found = analysis.bursts(store, window=window, since=since, until=until, origin=origin)
        return data.page_of([b.to_dict() for b in found], limit, offset)

    return answer(request, BurstPage, compute)


# ---------------------------------------------------------------------------- expectations
@router.get("/expectations", response_model=LedgerPage,
            summary="The expectations ledger: planned and expected events and what became of them")
def get_expectations(request: Request, store: StoreDep,
                     as_of: Annotated[date | None, Query(description="judge outcomes as of this day "
                                                               "(default: the latest publication date stored)")]
                     = None,
                     since: Since = None, until: Until = None, origin: Origin = None,
                     outcome: Annotated[Outcome | None, Query(description="only entries with this outcome")] = None,
                     limit: Limit = 100, offset: Offset = 0) -> Response:
    """Entries newest prediction first. `outcomes` and the accuracy tables cover every entry in
    scope, whatever the page or the `outcome` filter."""
    from detente import analysis

    _check_day("as_of", as_of)
    _check_range(since, until)

    def compute() -> dict[str, Any]:
        ledger = analysis.expectations(store, as_of=as_of, since=since, until=until, origin=origin).to_dict()
        entries = ledger["entries"]
        if outcome is not None:
            entries = [e for e in entries if e["outcome"] == outcome]
        return {"as_of": ledger["as_of"], "outcomes": ledger["outcomes"], "total": len(entries), "limit": limit,
                "offset": offset, "entries": entries[offset:offset + limit], "by_predictor": ledger["by_predictor"],
                "by_source": ledger["by_source"]}

    return answer(request, LedgerPage, compute)
