"""Code the store's uncoded documents on this machine, in one process or a pool.

The parent process owns the database (DuckDB has one writer); workers only code. At most
`2 * workers` batches are in flight, so memory stays flat however large the corpus is.
Results are written in the order they were read. Coded batches are gathered into one
transaction of up to `commit_docs` documents, or whatever is waiting once the oldest result
has waited `commit_seconds`: a transaction costs ~30 ms whatever its size, which for batches
of 16 documents was ~5 ms of the parent's CPU per article, taken from the workers' cores.
Each document's events and its "coded" mark share one transaction, so a kill at any moment
leaves every document either fully coded or not coded at all.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
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


class _Writer:
    """Saves coded results in transactions of up to `docs` documents or `seconds` of waiting."""

    def __init__(self, store: Store, stats: ExtractStats, progress: Progress | None, docs: int,
                 seconds: float) -> None:
        self.store, self.stats, self.progress = store, stats, progress
        self.docs, self.seconds = max(1, docs), seconds
        self.version = coder_version()
        self.pending: list[tuple[str, list[Event]]] = []
        self.since = 0.0

    def add(self, results: list[tuple[str, list[Event]]]) -> None:
        if not self.pending:
            self.since = time.monotonic()
        self.pending.extend(results)
        if len(self.pending) >= self.docs or time.monotonic() - self.since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        results, self.pending = self.pending, []
        n = self.store.save_coded(results, self.version)
        self.stats.documents += len(results)
        self.stats.events += n
        if self.progress is not None:
            self.progress(len(results), n)


def run(store: Store, *, workers: int = 1, actor_files: Sequence[str] = (), min_confidence: float | None = None,
        batch_size: int = 16, limit: int | None = None, progress: Progress | None = None,
        commit_docs: int = 256, commit_seconds: float = 2.0) -> ExtractStats:
    stats = ExtractStats()
    writer = _Writer(store, stats, progress, commit_docs, commit_seconds)
    write = writer.add

    if workers <= 1:
        try:
            for batch in _batches(store, batch_size, limit):
                write(code_documents(batch, actor_files, min_confidence))
        except Exception:
            with suppress(Exception):
                writer.flush()
            raise
        writer.flush()
        return stats

    # spawn, not fork: the parent holds a DuckDB connection and threads that must not be copied
    ctx = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            window: deque[Future[list[tuple[str, list[Event]]]]] = deque()
            for batch in _batches(store, batch_size, limit):
                window.append(pool.submit(code_documents, batch, tuple(actor_files), min_confidence))
                if len(window) >= 2 * workers:
                    write(window.popleft().result())
            while window:
                write(window.popleft().result())
    except Exception:
        # a failed batch (a worker died, a document the coder chokes on): keep what was coded
        with suppress(Exception):
            writer.flush()
        raise
    writer.flush()
    return stats
