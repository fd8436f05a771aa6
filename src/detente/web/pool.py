"""A fixed set of read-only stores that request threads borrow one at a time.

A DuckDB connection must not be used by two threads at once, and analysis code may run SQL
on `store.connection` directly; lending each request a whole `Store` makes both safe. The
stores share one database instance (DuckDB caches it per path), so they cost little, and
opening them up front keeps the ~15 ms open off every request.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from detente.store import Store


class PoolBusy(Exception):
    """No store came free in time: the server is saturated."""


class StorePool:
    def __init__(self, path: Path, size: int = 4) -> None:
        if size < 1:
            raise ValueError("pool size must be at least 1")
        self.path = Path(path)
        self._all: list[Store] = []
        self._free: queue.Queue[Store] = queue.Queue()
        try:
            for _ in range(size):
                store = Store(self.path, read_only=True)
                self._all.append(store)
                self._free.put(store)
        except BaseException:
            self.close()
            raise

    @property
    def size(self) -> int:
        return len(self._all)

    @contextmanager
    def acquire(self, timeout: float = 30.0) -> Iterator[Store]:
        try:
            store = self._free.get(timeout=timeout)
        except queue.Empty as exc:
            raise PoolBusy(f"no database connection free after {timeout:g} s") from exc
        try:
            yield store
        finally:
            self._free.put(store)

    def close(self) -> None:
        for store in self._all:
            store.close()
        self._all.clear()
