"""What the store hands back: small records around the shared `detente.model` types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from detente.model import Event


class StoreError(Exception):
    """Anything the store cannot do, with a message meant for the person at the CLI."""


@dataclass(frozen=True, slots=True)
class AddResult:
    added: int
    existing: int


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """A document row without its text, for listings."""

    id: str
    name: str
    title: str | None
    url: str | None
    source: str | None
    path: str | None
    published: date | None
    published_from: str | None
    n_chars: int
    n_words: int
    ingested_at: datetime
    coded_at: datetime | None
    coder_version: str | None
    n_events: int | None

    @property
    def coded(self) -> bool:
        return self.coded_at is not None


@dataclass(frozen=True, slots=True)
class Imported:
    """An event from another dataset (GDELT, ...) with the fields `Event` has no place for."""

    event: Event
    source_url: str | None = None
    extra: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class StoredEvent(Event):
    """An `Event` as read back, with its document's metadata and its cluster.

    Imported events have no document: `doc_id` is "" and the doc fields are None.
    """

    doc_name: str | None = None
    doc_title: str | None = None
    doc_url: str | None = None
    published: date | None = None
    cluster_id: str | None = None
    source_url: str | None = None
    extra: Mapping[str, Any] | None = field(default=None, hash=False)

    def as_event(self) -> Event:
        """The plain `Event`, e.g. to compare with what a coder produced."""
        names = [f.name for f in fields(Event)]
        return Event(**{n: getattr(self, n) for n in names})

    def to_rows(self) -> list[dict[str, Any]]:
        """Export rows, one per dyad, as in event.schema.json."""
        from detente.store.export import event_rows

        return event_rows(self)
