"""Engines run the coder over many documents. All of them call `code_documents`, the same
pure function, so the events do not depend on the engine or the number of workers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from detente.model import Document, Event

_CODERS: dict[tuple[str, ...], object] = {}


def get_coder(actor_files: Sequence[str] = ()) -> object:
    """One coder per process and actor configuration: loading spaCy costs seconds."""
    key = tuple(actor_files)
    coder = _CODERS.get(key)
    if coder is None:
        from detente.events.coder import Coder

        coder = Coder(actor_files=[Path(p) for p in key])
        _CODERS[key] = coder
    return coder


def code_documents(docs: Sequence[Document], actor_files: Sequence[str] = (),
                   min_confidence: float | None = None) -> list[tuple[str, list[Event]]]:
    """Code a batch of documents: [(doc_id, events)] in input order."""
    from detente.events.coder import Coder

    coder = get_coder(actor_files)
    assert isinstance(coder, Coder)
    out = []
    for doc, events in coder.code_many(docs):
        if min_confidence is not None:
            events = [e for e in events if e.confidence >= min_confidence]
        out.append((doc.id, events))
    return out


def coder_version() -> str:
    from detente.events.version import CODER_VERSION

    return CODER_VERSION
