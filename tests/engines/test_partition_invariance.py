"""A document's events do not depend on the batch it is coded in: the guarantee behind
"identical events for any number of workers, any engine, any partition size"."""

from __future__ import annotations

from typing import Any

from benchmarks.corpus import generate

from detente.engines import code_documents
from detente.model import Document, Event


def _docs(n: int) -> list[Document]:
    return [Document.from_text(f"gen-{a.index}", a.as_txt(), title=a.title, published=a.published)
            for a in generate(n, seed=11)]


def test_events_do_not_depend_on_batch_size_order_or_neighbours(coder: Any) -> None:
    docs = _docs(12)
    together = dict(code_documents(docs))
    assert sum(len(v) for v in together.values()) > len(docs)   # a real workload
    alone = {d.id: events for d in docs for _, events in code_documents([d])}
    assert alone == together
    reversed_ = dict(code_documents(list(reversed(docs))))
    assert reversed_ == together
    # uneven partitions, as a limit or a remote cluster's partitioning would cut them
    uneven: dict[str, list[Event]] = {}
    for chunk in (docs[:5], docs[5:6], docs[6:]):
        uneven.update(code_documents(chunk))
    assert uneven == together


def test_min_confidence_only_filters(coder: Any) -> None:
    docs = _docs(4)
    every = dict(code_documents(docs))
    some = dict(code_documents(docs, min_confidence=0.6))
    assert set(some) == set(every)
    for doc_id, events in some.items():
        assert events == [e for e in every[doc_id] if e.confidence >= 0.6]
