"""Fixtures for the analysis tests: a tmp store and a small language to write events in.

Every event set is written for the tests (fictional sentences, real actor codes), saved
through the store's public API (`add_documents` + `save_coded`, or `add_events` for
imported rows), so the analyses read exactly what the pipeline would have written.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest

from detente.model import Actor, DateSpan, Document, Event, event_types, stable_id
from detente.store import Store

_counter = itertools.count()


def day(text: str) -> date:
    return date.fromisoformat(text)


def span(start: str, end: str | None = None, precision: str = "day", approximate: bool = False) -> DateSpan:
    return DateSpan(day(start), day(end or start), precision, approximate=approximate)  # type: ignore[arg-type]


def month(text: str) -> DateSpan:
    """The whole month of "YYYY-MM"."""
    first = day(text + "-01")
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return DateSpan(first, date.fromordinal(nxt.toordinal() - 1), "month")


def ev(event_type: str, sources: str | Sequence[str], targets: str | Sequence[str] = (), *,
       when: DateSpan | None = None, status: str = "occurred", confidence: float = 0.8,
       predictor: str | None = None, symmetric: bool | None = None, mode: str | None = None,
       persons: Sequence[str | None] = ()) -> Event:
    """An event without a document yet (Doc.add sets it); codes as strings."""
    srcs = [sources] if isinstance(sources, str) else list(sources)
    tgts = [targets] if isinstance(targets, str) else list(targets)
    people = list(persons) + [None] * len(srcs)
    return Event(
        event_id=f"tmp{next(_counter)}", doc_id="", event_type=event_type,
        sources=tuple(Actor(c, person=p) for c, p in zip(srcs, people, strict=False)),
        targets=tuple(Actor(c) for c in tgts), mode=mode,
        symmetric=event_types()[event_type].symmetric if symmetric is None else symmetric,
        status=status,  # type: ignore[arg-type]
        attributed_to=Actor(predictor) if predictor else None, date=when, confidence=confidence,
    )


@dataclass
class Doc:
    name: str
    published: str
    source: str | None = None
    events: list[Event] = field(default_factory=list)

    def document(self) -> Document:
        # The text only needs to be unique: the id is its hash.
        return Document.from_text(self.name, f"Synthetic bulletin {self.name}.", published=day(self.published),
                                  source=self.source)

    def coded(self) -> tuple[str, list[Event]]:
        doc = self.document()
        out = []
        for i, e in enumerate(self.events):
            out.append(replace(e, event_id=stable_id(doc.id, i), doc_id=doc.id))
        return doc.id, out


def save(store: Store, *docs: Doc) -> list[str]:
    """Store the documents and their events; returns the event ids, in order."""
    store.add_documents([d.document() for d in docs])
    coded = [d.coded() for d in docs]
    store.save_coded(coded, coder_version="test")
    return [e.event_id for _, events in coded for e in events]


def imported(event_id: str, e: Event) -> Event:
    """An event as an importer (GDELT) would add it: no document."""
    return replace(e, event_id=event_id, doc_id="")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "analysis.duckdb") as s:
        yield s
