"""Code the store's uncoded documents on this machine, in one process or a pool.

The parent process owns the database (DuckDB has one writer); workers only code. At most
`2 * workers` batches are in flight, so memory stays flat however large the corpus is.
Batches are written in the order they were read, and each batch is one transaction: a
kill at any moment leaves every document either fully coded or not coded at all.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from detente.engines import code_documents, coder_version
from detente.model import Document, Event
from detente.store import Store

Progress = Callable[[int, int], None]   # (documents done in this call, events written in this call)


@dataclass
class ExtractStats:
    documents: int = 0
    events: int = 0


def _batches(store: Store, batch_size: int, limit: int | None) -> Iterator[list[Document]]:
    seen = 0
    for batch in store.iter_uncoded(batch_size=batch_size):
        if limit is not None:
            batch = batch[: max(0, limit - seen)]
        if not batch:
            return
        seen += len(batch)
        yield batch


def run(store: Store, *, workers: int = 1, actor_files: Sequence[str] = (), min_confidence: float | None = None,
        batch_size: int = 16, limit: int | None = None, progress: Progress | None = None) -> ExtractStats:
    stats = ExtractStats()
    version = coder_version()

    def write(results: list[tuple[str, list[Event]]]) -> None:
        n = store.save_coded(results, version)
        stats.documents += len(results)
        stats.events += n
        if progress is not None:
            progress(len(results), n)

    if workers <= 1:
        for batch in _batches(store, batch_size, limit):
            write(code_documents(batch, actor_files, min_confidence))
        return stats

    # spawn, not fork: the parent holds a DuckDB connection and threads that must not be copied
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        window: deque[Future[list[tuple[str, list[Event]]]]] = deque()
        for batch in _batches(store, batch_size, limit):
            window.append(pool.submit(code_documents, batch, tuple(actor_files), min_confidence))
            if len(window) >= 2 * workers:
                write(window.popleft().result())
        while window:
            write(window.popleft().result())
    return stats
