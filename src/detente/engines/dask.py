"""Code the store's uncoded documents on a Dask cluster.

The same pure function as every other engine (`detente.engines.code_documents`) runs on
the workers, one partition of documents per task; this process stays the only writer of
the database. Partitions stream: at most `window` of them are submitted but not yet
handed to the writer, so memory stays flat however large the corpus is. Results are
written in the order the partitions were read, whatever order the workers finish in, and
buffered so each `save_coded` transaction carries a few thousand events (a save has a
fixed cost of tens of milliseconds, and a cluster codes faster than one process).

Without a scheduler address a `distributed.LocalCluster` is started here: `workers`
worker processes with one thread each (spaCy and the coder are CPU-bound Python, so
threads would only contend for the GIL). With an address, the cluster's workers must have
the same detente installed; every result carries the worker's versions and a mismatch
stops the run rather than mixing two coders' events in one database.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from detente import __version__
from detente.engines import code_documents, coder_version
from detente.engines.local import ExtractStats, Progress
from detente.model import Document, Event
from detente.store import Store

Results = list[tuple[str, list[Event]]]
ActorFile = tuple[str, bytes]        # (file name, content): shipped to workers that lack the user's files

PARTITION_SIZE = 32                  # documents per task: ~1 s of coding, small enough to balance load
SAVE_EVENTS = 3000                   # events per save_coded transaction
SAVE_DOCUMENTS = 1000                # ... or documents, for corpora that yield few events
FLUSH_SECONDS = 15.0                 # ... or time, so progress (and resumable work) never lags far behind
CONNECT_TIMEOUT = "20s"


class EngineError(RuntimeError):
    """The cluster cannot be used: dask missing, scheduler unreachable, workers dying or mismatched."""


@dataclass(frozen=True)
class WorkerReply:
    """What a task returns: the worker's versions travel with its results, so a worker that
    joins the cluster halfway through is checked like the others."""

    package_version: str
    coder_version: str
    results: Results


# --------------------------------------------------------------------------- worker side

def materialise_actor_files(files: Sequence[ActorFile]) -> tuple[str, ...]:
    """Write the user's actor files into this machine's temp folder and return their paths.

    The folder is named by the files' content hash: every task of a run maps to the same
    paths, so the worker's per-process coder cache (keyed by paths) is hit after the first
    task, and a second run with edited files gets a new folder instead of a stale coder.
    """
    if not files:
        return ()
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    folder = Path(tempfile.gettempdir()) / "detente-actors" / digest.hexdigest()[:20]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (name, data) in enumerate(files):
        # the index keeps two files with the same base name apart and keeps their order
        path = folder / f"{i:02d}-{Path(name).name}"
        if not path.exists() or path.read_bytes() != data:
            # write-then-rename: two worker processes on one machine may race here
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        paths.append(str(path))
    return tuple(paths)


def code_partition(docs: list[Document], actor_files: tuple[ActorFile, ...],
                   min_confidence: float | None) -> WorkerReply:
    """The task body: the engines' shared pure function, plus the worker's versions."""
    paths = materialise_actor_files(actor_files)
    return WorkerReply(__version__, coder_version(), code_documents(docs, paths, min_confidence))


# --------------------------------------------------------------------------- client side

def _distributed() -> ModuleType:
    try:
        import distributed
    except ImportError as exc:  # the dask extra is optional
        raise EngineError("the dask engine needs the dask extra: pip install 'detente[dask]'") from exc
    return distributed


def read_actor_files(actor_files: Sequence[str]) -> tuple[ActorFile, ...]:
    """Check the user's actor files here, where their paths mean something, and read them
    so they can be sent to workers on other machines."""
    if not actor_files:
        return ()
    from detente.actors.gazetteer import Gazetteer

    # Loading them once here reports a bad file with the user's own path, before any
    # cluster work, instead of as a worker-side traceback naming a temp copy.
    Gazetteer.load(extra=[Path(p) for p in actor_files])
    return tuple((Path(p).name, Path(p).read_bytes()) for p in actor_files)


def partitions(store: Store, size: int, limit: int | None) -> Iterator[list[Document]]:
    """Uncoded documents in the store's (published, id) order, `size` at a time, at most `limit`."""
    seen = 0
    for batch in store.iter_uncoded(batch_size=size):
        if limit is not None:
            batch = batch[: max(0, limit - seen)]
        if not batch:
            return
        seen += len(batch)
        yield batch


@dataclass
class InOrder:
    """Releases results in partition order, whatever order the workers finish in."""

    next: int = 0
    _held: dict[int, Results] = field(default_factory=dict)

    def put(self, number: int, results: Results) -> list[Results]:
        """Hold partition `number`; return every partition that is now next in line."""
        if number < self.next or number in self._held:
            raise ValueError(f"partition {number} delivered twice")
        self._held[number] = results
        ready = []
        while self.next in self._held:
            ready.append(self._held.pop(self.next))
            self.next += 1
        return ready

    @property
    def held(self) -> int:
        return len(self._held)


@dataclass
class Writer:
    """Buffers results in arrival order (which `run` keeps equal to read order) and saves
    them in transactions of a few thousand events."""

    store: Store
    version: str
    stats: ExtractStats
    progress: Progress | None
    save_events: int = SAVE_EVENTS
    save_documents: int = SAVE_DOCUMENTS
    flush_seconds: float = FLUSH_SECONDS
    clock: Callable[[], float] = time.monotonic
    _buffer: Results = field(default_factory=list)
    _events: int = 0
    _last: float | None = None

    def add(self, results: Results) -> None:
        if self._last is None:
            self._last = self.clock()
        self._buffer.extend(results)
        self._events += sum(len(events) for _, events in results)
        if (self._events >= self.save_events or len(self._buffer) >= self.save_documents
                or self.clock() - self._last >= self.flush_seconds):
            self.flush()

    def flush(self) -> None:
        self._last = self.clock()
        if not self._buffer:
            return
        batch, self._buffer, self._events = self._buffer, [], 0
        n = self.store.save_coded(batch, self.version)
        self.stats.documents += len(batch)
        self.stats.events += n
        if self.progress is not None:
            self.progress(len(batch), n)


def _connect(stack: ExitStack, distributed: ModuleType, scheduler: str | None, workers: int,
             timeout: str) -> Any:
    """A client on the given scheduler, or on a LocalCluster started (and closed) here."""
    try:
        if scheduler is None:
            import dask

            # No dashboard here, so nobody reads the workers' statistical profiler, which
            # samples the coding thread's stack every 10 ms (measured: ~5% of worker CPU).
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                cluster = stack.enter_context(distributed.LocalCluster(
                    n_workers=max(1, workers), threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=None, silence_logs=logging.ERROR))
            return stack.enter_context(distributed.Client(cluster, timeout=timeout))
        return stack.enter_context(distributed.Client(scheduler, timeout=timeout))
    except (OSError, TimeoutError, ValueError) as exc:
        where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
        raise EngineError(f"cannot connect to {where}: {exc}") from exc


def _slots(client: Any) -> int:
    """Threads across the cluster's workers now (at least one: workers may still be joining)."""
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # a scheduler that answers nothing useful still gets a working window
        return 1


def _check_versions(reply: WorkerReply, version: str) -> None:
    if (reply.package_version, reply.coder_version) != (__version__, version):
        raise EngineError(
            f"a Dask worker runs detente {reply.package_version} (coder {reply.coder_version}), this process "
            f"detente {__version__} (coder {version}): install the same detente version on every worker")


def run(store: Store, *, scheduler: str | None = None, workers: int = 1, actor_files: Sequence[str] = (),
        min_confidence: float | None = None, limit: int | None = None, progress: Progress | None = None,
        partition_size: int = PARTITION_SIZE, window: int | None = None, save_events: int = SAVE_EVENTS,
        flush_seconds: float = FLUSH_SECONDS, connect_timeout: str = CONNECT_TIMEOUT) -> ExtractStats:
    """Code every uncoded document (at most `limit`) on a Dask cluster and save the events.

    `window` caps partitions submitted but not yet passed to the writer (default: twice the
    cluster's threads, plus one so a worker never idles while its result is fetched).
    """
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    distributed = _distributed()
    files = read_actor_files(actor_files)
    version = coder_version()
    stats = ExtractStats()
    writer = Writer(store, version, stats, progress, save_events=save_events, flush_seconds=flush_seconds)
    with ExitStack() as stack:
        client = _connect(stack, distributed, scheduler, workers, connect_timeout)
        cap = window if window is not None else 2 * _slots(client) + 1
        parts = partitions(store, partition_size, limit)
        index: dict[Any, int] = {}     # future -> partition number
        in_order = InOrder()
        ready = distributed.as_completed()
        submitted = 0

        def fill() -> None:
            # the window counts partitions finished but held for an earlier one too, so a slow
            # partition cannot make results pile up in memory
            nonlocal submitted
            while submitted - in_order.next < cap:
                docs = next(parts, None)
                if docs is None:
                    return
                # pure=False: a task's key must not collapse two runs' partitions into one
                fut = client.submit(code_partition, docs, files, min_confidence, pure=False)
                index[fut] = submitted
                ready.add(fut)
                submitted += 1

        try:
            fill()
            for fut in ready:
                number = index.pop(fut)
                reply: WorkerReply = fut.result()
                fut.release()
                _check_versions(reply, version)
                for results in in_order.put(number, reply.results):
                    writer.add(results)
                fill()
            writer.flush()
        except distributed.KilledWorker as exc:
            writer.flush()   # what was coded before the failure is good; a resumed run codes the rest
            raise EngineError(f"Dask workers kept dying while coding a partition ({exc}); "
                              "check the workers' memory limit and logs") from exc
        except distributed.comm.CommClosedError as exc:
            writer.flush()
            raise EngineError(f"lost the connection to the Dask scheduler: {exc}") from exc
        finally:
            if index:
                client.cancel(list(index))
    return stats
