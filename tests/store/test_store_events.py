"""Writing coded and imported events, and reading them back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from store_factory import UN, make_doc, make_events, state

from detente.model import DateSpan, Event, Evidence
from detente.store import EventFilter, Imported, Store, StoreError


def _stored(store: Store, doc_id: str) -> dict[str, Event]:
    return {e.event_id: e.as_event() for e in store.events(EventFilter(doc=doc_id))}


def _coded(store: Store, n_docs: int = 4, per_doc: int = 6) -> list:
    docs = [make_doc(i, date(2020, 2, 1 + i)) for i in range(n_docs)]
    store.add_documents(docs)
    n = store.save_coded([(d.id, make_events(d, per_doc)) for d in docs], "v1")
    assert n == n_docs * per_doc
    return docs


def test_save_coded_round_trips_every_field(store: Store) -> None:
    docs = _coded(store)
    for d in docs:
        assert _stored(store, d.id) == {e.event_id: e for e in make_events(d, 6)}
    ev = store.events(EventFilter(doc=docs[1].id, event_type="REQUEST", limit=1))[0]
    assert (ev.doc_name, ev.doc_title, ev.doc_url, ev.published) == (
        "doc-00001", "Bulletin 1", "https://example.org/1", date(2020, 2, 2))
    assert ev.cluster_id is None and ev.origin == "detente"
    meta = {m.id: m for m in store.documents()}
    assert all(meta[d.id].coder_version == "v1" and meta[d.id].n_events == 6 for d in docs)


def test_dyads_materialise_event_dyads(store: Store) -> None:
    docs = _coded(store, n_docs=2)
    con = store.connection
    for d in docs:
        for ev in make_events(d, 6):
            rows = con.execute(
                'SELECT source_code, target_code, quad_class, intensity, "symmetric", event_date, published, '
                "doc_id, status FROM dyads WHERE event_id = ? ORDER BY position", [ev.event_id]).fetchall()
            assert [(r[0], r[1]) for r in rows] == [(s.code, t.code if t else None) for s, t in ev.dyads()]
            event_date = ev.date.start if ev.date else d.published
            assert {r[2:] for r in rows} == {(ev.quad_class, ev.intensity, ev.symmetric, event_date, d.published,
                                               d.id, ev.status)}
    # The derived columns come from the type table: a CONSULT visit scores 4, not 2.5.
    visits = con.execute("SELECT DISTINCT cameo, quad_class, intensity FROM events WHERE mode = 'visit'").fetchall()
    assert visits == [("04", 1, 4.0)]
    expected = sum(len(e.dyads()) for d in docs for e in make_events(d, 6))
    assert store.stats()["dyads"] == expected


def test_recoding_replaces_previous_events(store: Store) -> None:
    docs = _coded(store, n_docs=2)
    target = docs[0]
    # Same ids for the first two events (re-inserted in the same transaction), the rest gone.
    fewer = [replace(e, confidence=0.95) for e in make_events(target, 2)]
    assert store.save_coded([(target.id, fewer)], "v2") == 2
    assert _stored(store, target.id) == {e.event_id: e for e in fewer}
    assert _stored(store, docs[1].id) == {e.event_id: e for e in make_events(docs[1], 6)}
    counts = store.connection.execute(
        "SELECT (SELECT count(*) FROM events WHERE doc_id = $1), "
        "(SELECT count(*) FROM dyads WHERE doc_id = $1), "
        "(SELECT count(*) FROM event_actors a JOIN events e USING (event_id) WHERE e.doc_id = $1), "
        "(SELECT count(*) FROM evidence v JOIN events e USING (event_id) WHERE e.doc_id = $1)",
        [target.id]).fetchone()
    assert counts == (2, sum(len(e.dyads()) for e in fewer), sum(len(e.sources) + len(e.targets) for e in fewer),
                      sum(len(e.evidence) for e in fewer))
    meta = {m.id: m for m in store.documents()}
    assert (meta[target.id].coder_version, meta[target.id].n_events) == ("v2", 2)
    # Coding a document with nothing in it still marks it coded.
    assert store.save_coded([(target.id, [])], "v3") == 0
    assert store.count_events(EventFilter(doc=target.id)) == 0
    assert store.documents(coded=True)[0].coded


def test_failed_batch_writes_nothing(store: Store) -> None:
    docs = [make_doc(i) for i in range(3)]
    store.add_documents(docs)
    store.save_coded([(docs[2].id, make_events(docs[2], 3))], "v1")
    before = store.stats()
    # Rejected before writing: an event with no source.
    bad = replace(make_events(docs[1], 1)[0], sources=())
    with pytest.raises(StoreError, match="no source"):
        store.save_coded([(docs[0].id, make_events(docs[0], 4)), (docs[1].id, [bad])], "v1")
    # Rejected by the database mid-transaction: an id that belongs to another document's event.
    stolen = replace(make_events(docs[2], 1)[0], doc_id=docs[1].id)
    with pytest.raises(StoreError, match="cannot write events"):
        store.save_coded([(docs[0].id, make_events(docs[0], 4)), (docs[1].id, [stolen])], "v1")
    assert store.stats() == before
    assert store.count_uncoded() == 2
    assert _stored(store, docs[2].id) == {e.event_id: e for e in make_events(docs[2], 3)}


@pytest.mark.parametrize("problem", ["duplicate id", "wrong doc", "doc twice", "bad type", "bad confidence"])
def test_save_coded_rejects_inconsistent_input(store: Store, problem: str) -> None:
    docs = [make_doc(i) for i in range(2)]
    store.add_documents(docs)
    events = make_events(docs[0], 2)
    batch: list[tuple[str, list[Event]]] = {
        "duplicate id": [(docs[0].id, [events[0], events[0]])],
        "wrong doc": [(docs[1].id, events)],
        "doc twice": [(docs[0].id, events[:1]), (docs[0].id, events[1:])],
        "bad type": [(docs[0].id, [replace(events[0], event_type="GOSSIP")])],
        "bad confidence": [(docs[0].id, [replace(events[0], confidence=1.5)])],
    }[problem]
    with pytest.raises(StoreError):
        store.save_coded(batch, "v1")
    assert store.stats()["events"] == 0 and store.count_uncoded() == 2


def _imported(n: int) -> list[Event]:
    return [
        Event(event_id=f"gdelt-{i}", doc_id="", event_type="ASSAULT", sources=(state("AAA"),),
              targets=(state("BBB"),), date=DateSpan(date(2019, 1, 1 + i), date(2019, 1, 1 + i), "day"),
              confidence=1.0)
        for i in range(n)
    ]


def test_add_events_is_idempotent_and_keeps_importer_fields(store: Store) -> None:
    events = _imported(3)
    items: list[Event | Imported] = [
        Imported(events[0], source_url="https://news.example/a", extra={"NumArticles": 7}),
        events[1], events[1], events[2],
    ]
    assert store.add_events(items, origin="gdelt") == 3
    assert store.add_events(_imported(4), origin="gdelt", batch_size=2) == 1
    stored = {e.event_id: e for e in store.events(EventFilter(origin="gdelt"))}
    assert set(stored) == {f"gdelt-{i}" for i in range(4)}
    first = stored["gdelt-0"]
    assert (first.doc_id, first.origin, first.source_url, first.extra) == (
        "", "gdelt", "https://news.example/a", {"NumArticles": 7})
    assert first.as_event() == replace(events[0], origin="gdelt")
    row = store.connection.execute("SELECT doc_id, extra->>'NumArticles' FROM events WHERE event_id = 'gdelt-0'")
    assert row.fetchone() == (None, "7")
    assert store.stats()["by_origin"] == {"gdelt": {"events": 4, "dyads": 4}}
    # Each event's children were written once, even for the ids skipped the second time.
    assert store.connection.execute("SELECT count(*) FROM event_actors").fetchone() == (8,)


def test_reset_coding(store: Store) -> None:
    docs = _coded(store, n_docs=3, per_doc=2)
    store.add_events(_imported(2), origin="gdelt")
    assert store.reset_coding([docs[0].id, docs[0].id]) == 1
    assert store.count_uncoded() == 1
    assert store.count_events(EventFilter(doc=docs[0].id)) == 0
    assert store.count_events(EventFilter(doc=docs[1].id)) == 2
    assert store.reset_coding() == 2
    assert store.count_uncoded() == 3
    assert store.stats()["events"] == 2  # imported events stay
    assert store.connection.execute("SELECT count(*) FROM dyads WHERE doc_id IS NOT NULL").fetchone() == (0,)
    assert store.connection.execute(
        "SELECT count(*) FROM event_actors WHERE event_id NOT IN (SELECT event_id FROM events)").fetchone() == (0,)
    assert store.reset_coding([]) == 0


def test_set_clusters(store: Store) -> None:
    docs = _coded(store, n_docs=2, per_doc=2)
    a, b = make_events(docs[0], 1)[0], make_events(docs[1], 1)[0]
    assert store.set_clusters({a.event_id: "c1", b.event_id: "c1", "missing": "c9"}) == 2
    clustered = {e.event_id: e.cluster_id for e in store.events() if e.cluster_id}
    assert clustered == {a.event_id: "c1", b.event_id: "c1"}
    dyad_clusters = store.connection.execute("SELECT DISTINCT cluster_id FROM dyads WHERE event_id IN (?, ?)",
                                             [a.event_id, b.event_id]).fetchall()
    assert dyad_clusters == [("c1",)]
    store.set_clusters({a.event_id: None})
    assert {e.event_id for e in store.events() if e.cluster_id} == {b.event_id}


def test_stats(store: Store) -> None:
    _coded(store, n_docs=2, per_doc=3)
    store.add_documents([make_doc(7)])
    store.add_events(_imported(1), origin="gdelt")
    stats = store.stats()
    assert (stats["documents"], stats["coded"], stats["uncoded"]) == (3, 2, 1)
    assert stats["by_origin"]["gdelt"] == {"events": 1, "dyads": 1}
    assert stats["by_origin"]["detente"]["events"] == 6
    assert stats["events"] == 7 and stats["dyads"] == stats["by_origin"]["detente"]["dyads"] + 1


def test_compact_keeps_rows(store: Store) -> None:
    _coded(store, n_docs=3)
    before = sorted(store.connection.execute("SELECT * FROM dyads").fetchall(), key=str)
    store.compact()
    assert sorted(store.connection.execute("SELECT * FROM dyads").fetchall(), key=str) == before


def test_events_survive_reopen(db_path) -> None:
    doc = make_doc(3)
    with Store(db_path) as s:
        s.add_documents([doc])
        s.save_coded([(doc.id, make_events(doc, 6))], "v1")
    with Store(db_path, read_only=True) as s:
        assert _stored(s, doc.id) == {e.event_id: e for e in make_events(doc, 6)}


def test_evidence_and_actor_order_is_kept(store: Store) -> None:
    doc = make_doc(4)
    store.add_documents([doc])
    mentions = tuple(Evidence(sentence=f"s{i}", start=i, end=i + 1, trigger=None) for i in range(12))
    ev = Event(event_id="ordered", doc_id=doc.id, event_type="SUPPORT",
               sources=tuple(state(c) for c in ("EEE", "AAA", "CCC")), targets=(UN, state("BBB")),
               evidence=mentions)
    store.save_coded([(doc.id, [ev])], "v1")
    assert store.events(EventFilter(doc=doc.id))[0].as_event() == ev
