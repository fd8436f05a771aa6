"""A fixed set of read-only stores that request threads borrow one at a time.

A DuckDB connection must not be used by two threads at once, and analysis code may run SQL
on `store.connection` directly; lending each request a whole `Store` makes both safe. The
stores share one database instance (DuckDB caches it per path), so they cost little, and
opening them up front keeps the ~15 ms open off every request.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from detente.store import Store


class PoolBusy(Exception):
    """No store came free in time: the server is saturated."""


class StorePool:
    """Stores lent out under an asyncio semaphore.

    Waiting happens on the event loop, never in a worker thread: were requests to block
    worker threads while waiting, a burst larger than the thread pool would leave no
    thread to run the requests that hold the stores, and the server would deadlock.
    """

    def __init__(self, path: Path, size: int = 4) -> None:
        if size < 1:
            raise ValueError("pool size must be at least 1")
        self.path = Path(path)
        self._all: list[Store] = []
        self._free: list[Store] = []
        self._lock = threading.Lock()
        self._semaphore: asyncio.Semaphore | None = None
        try:
            for _ in range(size):
                self._all.append(Store(self.path, read_only=True))
        except BaseException:
            self.close()
            raise
        self._free = list(self._all)

    @property
    def size(self) -> int:
        return len(self._all)

    @asynccontextmanager
    async def borrow(self, timeout: float = 30.0) -> AsyncIterator[Store]:
        if self._semaphore is None:
            # created on first use, inside the server's event loop
            self._semaphore = asyncio.Semaphore(len(self._all))
        semaphore = self._semaphore
        try:
            await asyncio.wait_for(semaphore.acquire(), timeout)
        except TimeoutError as exc:
            raise PoolBusy(f"no database connection free after {timeout:g} s") from exc
        with self._lock:
            store = self._free.pop()
        try:
            yield store
        finally:
            with self._lock:
                self._free.append(store)
            semaphore.release()

    def close(self) -> None:
        for store in self._all:
            store.close()
        self._all.clear()
        self._free.clear()
