"""Documents: idempotent adds, listings, and the uncoded stream."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from store_factory import make_doc, make_events

from detente.model import Document
from detente.store import AddResult, Store, StoreError
from detente.store import database as database_mod


def test_add_documents_is_idempotent_and_counts(store: Store) -> None:
    docs = [make_doc(i) for i in range(5)]
    assert store.add_documents(docs) == AddResult(added=5, existing=0)
    # Re-adding, plus a repeat inside the same call, plus one new document.
    again = store.add_documents([*docs[:3], docs[0], make_doc(99)])
    assert (again.added, again.existing) == (1, 4)
    assert store.stats()["documents"] == 6


def test_add_documents_in_several_chunks(store: Store) -> None:
    docs = [make_doc(i) for i in range(25)]
    result = store.add_documents(iter(docs), batch_size=7)
    assert (result.added, result.existing) == (25, 0)
    assert store.add_documents(iter(docs), batch_size=4) == AddResult(added=0, existing=25)


def test_document_round_trip(store: Store) -> None:
    doc = Document.from_text("note", "Plain text with ünïcödé and 'quotes'.\nSecond line.", title=None,
                             published=None, url=None, source=None, path="/data/note.txt")
    store.add_documents([doc, make_doc(1)])
    assert store.document(doc.id) == doc
    assert store.document(make_doc(1).id) == make_doc(1)
    assert store.document("0" * 64) is None


def test_documents_listing(store: Store) -> None:
    docs = [make_doc(i, date(2020, 1, 10 - i)) for i in range(4)] + [make_doc(9, None)]
    store.add_documents(docs)
    metas = store.documents()
    assert [m.name for m in metas] == ["doc-00003", "doc-00002", "doc-00001", "doc-00000", "doc-00009"]
    first = metas[0]
    assert first.n_chars == len(docs[3].text)
    assert first.n_words == len(docs[3].text.split())
    assert first.ingested_at is not None and not first.coded
    store.save_coded([(docs[0].id, make_events(docs[0], 2))], "v-test")
    coded = store.documents(coded=True)
    assert [(m.name, m.coder_version, m.n_events) for m in coded] == [("doc-00000", "v-test", 2)]
    assert len(store.documents(coded=False)) == 4
    assert [m.name for m in store.documents(limit=2, offset=1)] == ["doc-00002", "doc-00001"]


def test_iter_uncoded_order_and_batches(store: Store) -> None:
    base = date(2021, 3, 1)
    docs = [make_doc(i, base + timedelta(days=i % 4)) for i in range(10)] + [make_doc(50, None)]
    store.add_documents(reversed(docs))
    batches = list(store.iter_uncoded(batch_size=3))
    assert [len(b) for b in batches] == [3, 3, 3, 2]
    flat = [d for b in batches for d in b]
    expected = [*sorted(docs[:10], key=lambda d: (d.published, d.id)), docs[10]]
    assert flat == expected  # full Documents, texts included, undated last
    assert store.count_uncoded() == 11


def test_iter_uncoded_pages_through_keyset_while_coding(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tiny id pages make the keyset cross several pages within one test.
    monkeypatch.setattr(database_mod, "_ID_PAGE", 4)
    docs = [make_doc(i, date(2022, 5, 1) + timedelta(days=i % 3)) for i in range(23)]
    store.add_documents(docs)
    seen: list[str] = []
    for batch in store.iter_uncoded(batch_size=3):
        seen += [d.id for d in batch]
        store.save_coded([(d.id, make_events(d, 1)) for d in batch], "v1")
    assert len(seen) == len(set(seen)) == 23
    assert store.count_uncoded() == 0
    assert list(store.iter_uncoded()) == []


def test_iter_uncoded_skips_documents_coded_meanwhile(store: Store) -> None:
    docs = [make_doc(i) for i in range(6)]
    store.add_documents(docs)
    stream = store.iter_uncoded(batch_size=2)
    first = next(stream)
    ordered = sorted(docs, key=lambda d: d.id)
    assert first == ordered[:2]
    # Another part of the program codes the fourth document before its batch is read.
    store.save_coded([(ordered[3].id, [])], "v1")
    rest = [d for b in stream for d in b]
    assert rest == [ordered[2], *ordered[4:]]


def test_iter_uncoded_rejects_bad_batch_size(store: Store) -> None:
    with pytest.raises(ValueError):
        next(store.iter_uncoded(batch_size=0))


def test_save_coded_for_unknown_document(store: Store) -> None:
    doc = make_doc(1)
    with pytest.raises(StoreError, match="unknown document"):
        store.save_coded([(doc.id, make_events(doc, 1))], "v1")
