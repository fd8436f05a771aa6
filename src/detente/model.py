"""The types that cross stage boundaries.

Data flows one way: ingest makes `Document`s, the coder turns one `Document` into
`Event`s, the store persists them, analysis reads them back. Everything here is a
small frozen dataclass so that a coded document can be pickled to a worker process
or a Dask task and compared for equality across engines.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

import yaml

EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
Status = Literal["occurred", "planned", "expected", "cancelled", "failed"]
Precision = Literal["day", "month", "year", "range"]
ActorKind = Literal["state", "igo", "ngo", "armed_group", "other"]

STATUSES: tuple[Status, ...] = ("occurred", "planned", "expected", "cancelled", "failed")
# The scorer and the analysis both reason in these three classes.
STATUS_CLASS: dict[str, str] = {
    "occurred": "occurred", "planned": "future", "expected": "future",
    "cancelled": "not", "failed": "not",
}


@dataclass(frozen=True, slots=True)
class EventTypeInfo:
    name: str
    quad_class: int
    cameo: str
    intensity: float
    symmetric: bool
    description: str
    mode_intensity: dict[str, float] = field(default_factory=dict)


@cache
def event_types() -> dict[str, EventTypeInfo]:
    """The PLOVER type table (quad class, CAMEO root, base intensity), from types.yaml."""
    raw = yaml.safe_load(resources.files("detente.events.lexicon").joinpath("types.yaml").read_text("utf-8"))
    return {
        name: EventTypeInfo(
            name=name,
            quad_class=int(v["quad_class"]),
            cameo=str(v["cameo"]),
            intensity=float(v["intensity"]),
            symmetric=bool(v.get("symmetric", False)),
            description=v.get("description", ""),
            mode_intensity={k: float(x) for k, x in (v.get("mode_intensity") or {}).items()},
        )
        for name, v in raw.items()
    }


@dataclass(frozen=True, slots=True)
class Document:
    """One article. `id` is the SHA-256 of the text, so re-ingesting is a no-op."""

    id: str
    name: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    source: str | None = None
    path: str | None = None
    # where `published` came from: "metadata", "text", "cli", or None when unknown
    published_from: str | None = None

    @staticmethod
    def content_id(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @classmethod
    def from_text(cls, name: str, text: str, **kw: object) -> Document:
        return cls(id=cls.content_id(text), name=name, text=text, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Actor:
    """A coded actor. `code` is ISO 3166-1 alpha-3 for states, UN/EU/NATO/... for IGOs."""

    code: str
    kind: ActorKind = "state"
    name: str | None = None
    person: str | None = None
    sector: str | None = None
    body: str | None = None
    text: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "kind": self.kind, "name": self.name, "person": self.person,
                "sector": self.sector, "body": self.body, "text": self.text}


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: date
    end: date
    precision: Precision
    approximate: bool = False
    text: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "precision": self.precision,
                "approximate": self.approximate, "text": self.text}

    def overlaps(self, other: DateSpan, slack_days: int = 0) -> bool:
        return (self.start - other.end).days <= slack_days and (other.start - self.end).days <= slack_days


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One mention of the event: the sentence and its character offsets in `Document.text`."""

    sentence: str
    start: int
    end: int
    trigger: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"sentence": self.sentence, "start": self.start, "end": self.end, "trigger": self.trigger}


@dataclass(frozen=True, slots=True)
class Event:
    """One happening in one document, with every mention merged into it.

    `sources` and `targets` may hold several actors ("China and Russia demanded ...");
    `dyads()` expands them into the one-source-one-target rows the export contract uses.
    """

    event_id: str
    doc_id: str
    event_type: str
    sources: tuple[Actor, ...]
    targets: tuple[Actor, ...] = ()
    mode: str | None = None
    symmetric: bool = False
    status: Status = "occurred"
    attributed_to: Actor | None = None
    date: DateSpan | None = None
    location: Location | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5
    origin: str = "detente"

    @property
    def info(self) -> EventTypeInfo:
        return event_types()[self.event_type]

    @property
    def quad_class(self) -> int:
        return self.info.quad_class

    @property
    def cameo(self) -> str:
        return self.info.cameo

    @property
    def intensity(self) -> float:
        info = self.info
        return info.mode_intensity.get(self.mode or "", info.intensity)

    def dyads(self) -> list[tuple[Actor, Actor | None]]:
        """One (source, target) pair per row of the export.

        Symmetric events among several parties ("trilateral talks") give every
        unordered pair once; directed events give the product of sources and targets.
        """
        if self.symmetric and not self.targets:
            members = _unique_codes(self.sources)
            if len(members) == 1:
                return [(members[0], None)]
            group: list[tuple[Actor, Actor | None]] = [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
            return group
        if self.symmetric:
            # every doer with every partner, and the doers among themselves ("China and Russia
            # met the US"), but not the partners with each other
            doers = _unique_codes(self.sources)
            partners = [t for t in _unique_codes(self.targets) if t.code not in {d.code for d in doers}]
            pairs: list[tuple[Actor, Actor | None]] = [(a, b) for i, a in enumerate(doers) for b in doers[i + 1:]]
            pairs += [(a, b) for a in doers for b in partners]
            return pairs or [(doers[0] if doers else partners[0], None)]
        sources = _unique_codes(self.sources)
        if not self.targets:
            return [(s, None) for s in sources]
        targets = _unique_codes(self.targets)
        return [(s, t) for s in sources for t in targets]


def _unique_codes(actors: tuple[Actor, ...]) -> list[Actor]:
    seen: set[str] = set()
    out: list[Actor] = []
    for a in actors:
        if a.code not in seen:
            seen.add(a.code)
            out.append(a)
    return out


def stable_id(*parts: object) -> str:
    """A short deterministic id: the same input gives the same id in any process or engine."""
    h = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:20]
