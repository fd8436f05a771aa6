"""Response models: they make the OpenAPI spec say what the API really returns.

Analysis results come from the dataclasses' `to_dict()`; their models allow extra fields so
that a field added to an analysis dataclass reaches clients without a change here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorItem(BaseModel):
    field: str = Field(description="where the problem is, e.g. 'query.since'")
    message: str


class ErrorBody(BaseModel):
    """Every 4xx and 5xx answer of /api."""

    error: str = Field(description="a short code: invalid_request, unauthorized, not_found, busy, internal")
    message: str = Field(description="what went wrong, for a person")
    detail: list[ErrorItem] | None = None


class ActorOut(BaseModel):
    code: str
    kind: str
    name: str | None = None
    person: str | None = None
    sector: str | None = None
    body: str | None = None
    text: str | None = None


class DateSpanOut(BaseModel):
    start: str
    end: str
    precision: str
    approximate: bool = False
    text: str | None = None


class LocationOut(BaseModel):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class EvidenceOut(BaseModel):
    sentence: str
    start: int
    end: int
    trigger: str | None = None


class DocRef(BaseModel):
    id: str
    name: str
    title: str | None = None
    url: str | None = None
    published: str | None = None


class DyadRef(BaseModel):
    source: str
    target: str | None = None


class EventOut(BaseModel):
    event_id: str
    cluster_id: str | None = None
    event_type: str
    mode: str | None = None
    cameo: str | None = None
    quad_class: int = Field(ge=1, le=4)
    intensity: float | None = None
    symmetric: bool
    status: str
    sources: list[ActorOut]
    targets: list[ActorOut]
    attributed_to: ActorOut | None = None
    dyads: list[DyadRef]
    date: DateSpanOut | None = None
    event_date: str | None = Field(None, description="date_start, else the article's publication date")
    location: LocationOut | None = None
    evidence: list[EvidenceOut]
    confidence: float
    origin: str
    doc: DocRef | None = Field(None, description="the article; null for imported events")
    source_url: str | None = None


class EventPage(BaseModel):
    total: int = Field(description="events the filter matches, over all pages")
    limit: int
    offset: int
    items: list[EventOut]


class TimelinePeriod(BaseModel):
    start: str = Field(description="first day of the period")
    q1: int
    q2: int
    q3: int
    q4: int
    total: int


class Timeline(BaseModel):
    by: str
    periods: list[TimelinePeriod]
    undated: int = Field(description="matching events with neither a date nor a publication date")


class DocumentOut(BaseModel):
    id: str
    name: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    published_from: str | None = None
    n_chars: int
    n_words: int
    ingested_at: str | None = None
    coded_at: str | None = None
    coder_version: str | None = None
    n_events: int | None = None


class DocumentPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[DocumentOut]


class DocumentDetail(BaseModel):
    id: str
    name: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    published_from: str | None = None
    text: str
    events: list[EventOut]


class DyadSummary(BaseModel):
    a: str
    b: str
    events: int
    q1: int
    q2: int
    q3: int
    q4: int
    net: int = Field(description="cooperative minus conflictual events")
    first: str | None = None
    last: str | None = None


class DyadPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[DyadSummary]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class DyadPointOut(_Open):
    period: str = Field(description="first day of the window")
    end: str | None = Field(None, description="last day of the window")
    q1: int
    q2: int
    q3: int
    q4: int
    net: float = Field(description="(cooperation - conflict) / events, in [-1, 1]; 0 when empty")
    intensity: float | None = None
    events: int


class DyadSeriesOut(_Open):
    a: str | None = None
    b: str | None = None
    by: str | None = None
    points: list[DyadPointOut]
    total: DyadPointOut | None = None


class EdgeOut(_Open):
    a: str
    b: str
    weight: float
    n: int


class BlocWindowOut(_Open):
    start: str
    end: str
    nodes: list[Any]
    edges: list[EdgeOut]
    communities: list[list[str]]
    modularity: float | None = None
    frustration: float | None = None


class BlocPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[BlocWindowOut]


class UnityPointOut(_Open):
    start: str
    end: str
    in_coop: int
    in_conflict: int
    out_conflict: int
    out_coop: int = 0
    index: float | None = None
    events: int


class UnityOut(BaseModel):
    members: list[str]
    window: str
    items: list[UnityPointOut]


class BurstOut(_Open):
    a: str
    b: str | None = None
    start: str
    end: str
    count: int
    baseline: float
    score: float
    cluster_ids: list[str]


class BurstPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[BurstOut]


class LedgerEntryOut(_Open):
    cluster_id: str
    event_type: str
    source: str = Field(description="source actor codes of the prediction, comma-separated")
    target: str | None = None
    status: str = Field(description="planned or expected")
    predicted: DateSpanOut | None = None
    predictor: str | None = Field(None, description="who made the prediction (attributed_to)")
    doc_name: str | None = Field(None, description="the article that reported it first")
    reported: str | None = Field(None, description="the prediction date: the earliest report")
    outcome: str = Field(description="fulfilled, pending, overdue, cancelled or failed")
    matched_cluster_id: str | None = None
    lead_days: int | None = None
    date_error_days: int | None = None
    reports: int


class AccuracyOut(_Open):
    key: str
    total: int
    fulfilled: int
    overdue: int
    cancelled: int
    pending: int
    failed: int = 0
    accuracy: float | None = Field(None, description="fulfilled / resolved; null while nothing is resolved")


class LedgerPage(BaseModel):
    as_of: str | None = Field(None, description="the day outcomes are judged at")
    outcomes: dict[str, int] = Field(description="entries per outcome, over every entry in scope")
    total: int = Field(description="entries matching, over all pages")
    limit: int
    offset: int
    entries: list[LedgerEntryOut]
    by_predictor: list[AccuracyOut]
    by_source: list[AccuracyOut]


class Meta(BaseModel):
    stats: dict[str, Any]
    actors: list[dict[str, Any]]
    event_types: list[dict[str, Any]]
    statuses: list[str]
    origins: list[str]
    first: str | None = Field(None, description="earliest event date (or publication date when undated)")
    last: str | None = None
    latest_published: str | None = Field(None, description="newest publication date of any article or event")
    quad_classes: dict[str, str]
