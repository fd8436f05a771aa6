"""EventFilter semantics over a small hand-made store whose answers are known."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from store_factory import state

from detente.model import DateSpan, Document, Event, Evidence
from detente.store import EventFilter, Imported, Store

DOC_A = Document.from_text("alpha", "Alpha text about several meetings.", published=date(2020, 6, 15))
DOC_B = Document.from_text("beta", "Beta text about a threat.", published=date(2020, 7, 1))
MENTION = (Evidence("Alpha text about several meetings.", 0, 34, "meetings"),)


def _day(d: date) -> DateSpan:
    return DateSpan(d, d, "day")


EVENTS = {
    "e1": Event("e1", DOC_A.id, "CONSULT", (state("AAA"), state("BBB"), state("CCC")), symmetric=True,
                date=_day(date(2020, 6, 10)), evidence=MENTION, confidence=0.6),
    "e2": Event("e2", DOC_A.id, "REQUEST", (state("AAA"),), (state("BBB"),), evidence=MENTION, confidence=0.5),
    "e3": Event("e3", DOC_A.id, "ACCUSE", (state("BBB"),), (state("DDD"),),
                date=DateSpan(date(2020, 5, 1), date(2020, 5, 31), "month"), evidence=MENTION, confidence=0.3),
    "e4": Event("e4", DOC_B.id, "THREATEN", (state("DDD"),), (state("AAA"),), status="planned",
                date=_day(date(2020, 8, 1)), evidence=MENTION, confidence=0.9),
}
IMPORTED = {
    "g1": Event("g1", "", "ASSAULT", (state("EEE"),), (state("AAA"),), date=_day(date(2020, 6, 12)), confidence=1.0),
    "g2": Event("g2", "", "PROTEST", (state("EEE"),), confidence=1.0),
}


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("filters") / "f.duckdb"
    with Store(path) as s:
        s.add_documents([DOC_A, DOC_B])
        s.save_coded([(DOC_A.id, [EVENTS[k] for k in ("e1", "e2", "e3")]), (DOC_B.id, [EVENTS["e4"]])], "v1")
        s.add_events([Imported(e) for e in IMPORTED.values()], origin="gdelt")
        yield s


def _ids(store: Store, f: EventFilter) -> list[str]:
    return [e.event_id for e in store.events(f)]


@pytest.mark.parametrize(("f", "expected"), [
    (EventFilter(), ["e3", "e1", "g1", "e2", "e4", "g2"]),  # by date, undated last
    (EventFilter(actor="AAA"), ["e1", "g1", "e2", "e4"]),
    (EventFilter(actor=" aaa "), ["e1", "g1", "e2", "e4"]),
    (EventFilter(dyad=("BBB", "AAA")), ["e1", "e2"]),
    (EventFilter(dyad=("ccc", "aaa")), ["e1"]),
    (EventFilter(dyad=("AAA", "DDD")), ["e4"]),
    (EventFilter(dyad=("EEE", "DDD")), []),
    (EventFilter(event_type="consult"), ["e1"]),
    (EventFilter(status="planned"), ["e4"]),
    # e2 has no date of its own: its document's publication date (June 15) stands in.
    (EventFilter(since=date(2020, 6, 12)), ["g1", "e2", "e4"]),
    (EventFilter(until=date(2020, 6, 11)), ["e3", "e1"]),
    (EventFilter(since=date(2020, 5, 15), until=date(2020, 5, 20)), ["e3"]),  # inside a month span
    (EventFilter(since=date(2020, 6, 15), until=date(2020, 6, 15)), ["e2"]),
    (EventFilter(origin="gdelt"), ["g1", "g2"]),
    (EventFilter(doc="beta"), ["e4"]),
    (EventFilter(doc=DOC_A.id), ["e3", "e1", "e2"]),
    (EventFilter(doc=DOC_A.id[:8]), ["e3", "e1", "e2"]),
    (EventFilter(doc="gamma"), []),
    (EventFilter(min_confidence=0.6), ["e1", "g1", "e4", "g2"]),
    (EventFilter(actor="AAA", origin="detente", min_confidence=0.55), ["e1", "e4"]),
    (EventFilter(limit=2, offset=1), ["e1", "g1"]),
    (EventFilter(offset=4), ["e4", "g2"]),
    (EventFilter(actor="AAA", limit=1), ["e1"]),
])
def test_filters(filled: Store, f: EventFilter, expected: list[str]) -> None:
    assert _ids(filled, f) == expected
    assert filled.count_events(f) == len(expected)


def test_stored_events_equal_what_was_saved(filled: Store) -> None:
    stored = {e.event_id: e for e in filled.events()}
    for key, ev in EVENTS.items():
        assert stored[key].as_event() == ev
    assert stored["e4"].doc_name == "beta" and stored["e4"].published == date(2020, 7, 1)
    assert stored["g1"].as_event() == replace(IMPORTED["g1"], origin="gdelt")


def test_export_rows_keep_only_matching_dyads(filled: Store) -> None:
    rows = list(filled.iter_export_rows(EventFilter(actor="AAA", event_type="CONSULT")))
    # The trilateral gives three pairs; only the two with AAA pass an actor filter.
    assert sorted((r["source"]["code"], r["target"]["code"]) for r in rows) == [("AAA", "BBB"), ("AAA", "CCC")]
    rows = list(filled.iter_export_rows(EventFilter(dyad=("CCC", "BBB"))))
    assert [(r["event_id"], r["source"]["code"], r["target"]["code"]) for r in rows] == [("e1", "BBB", "CCC")]
    everything = list(filled.iter_export_rows())
    assert len(everything) == sum(len(e.dyads()) for e in [*EVENTS.values(), *IMPORTED.values()])
