"""Parsing only the sentences that can hold an event must not change a single event."""

from __future__ import annotations

from typing import Any

from detente.ingest import iter_documents
from detente.samples import corpus_dir


def test_prefilter_changes_nothing(coder: Any) -> None:
    docs = [r.document for r in iter_documents([str(corpus_dir())]) if r.document is not None]
    assert coder.prefilter
    filtered = {d.id: ev for d, ev in coder.code_many(docs)}
    parsed = sum(s.parsed for c in coder.code_full_many(docs) for s in c.sentences)
    total = sum(len(c.sentences) for c in coder.code_full_many(docs))
    coder.prefilter = False
    try:
        everything = {d.id: ev for d, ev in coder.code_many(docs)}
    finally:
        coder.prefilter = True
    assert parsed < total  # the filter does skip sentences
    assert filtered == everything
