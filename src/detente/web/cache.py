"""Answers kept for the life of the server, keyed by route and query.

Sound because the server holds the database read-only: DuckDB then refuses every writer
(another `detente extract` fails with "database is locked"), so the data cannot change
under a running server. Bounded by total bytes, least recently used out first.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from urllib.parse import urlencode


def cache_key(path: str, query: Iterable[tuple[str, str]]) -> str:
    """The same key for the same question, whatever the order of the query parameters."""
    return f"{path}?{urlencode(sorted(query))}"


class ResponseCache:
    def __init__(self, max_bytes: int = 64 * 1024 * 1024, max_item_bytes: int = 8 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.max_item_bytes = max_item_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.computed = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return body

    def put(self, key: str, body: bytes) -> None:
        if len(body) > self.max_item_bytes:
            return  # one huge answer must not flush everything else
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old)
            self._items[key] = body
            self._bytes += len(body)
            while self._bytes > self.max_bytes and self._items:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped)

    def get_or_compute(self, key: str, compute: Callable[[], bytes]) -> bytes:
        body = self.get(key)
        if body is None:
            # Two threads may compute the same answer at once; both are equal, one wins.
            body = compute()
            self.computed += 1
            self.put(key, body)
        return body

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size_bytes(self) -> int:
        return self._bytes


class InFlight:
    """One computation per key at a time: identical requests arriving together wait (on the
    event loop, holding no thread and no database connection) for the first to finish and
    then read its answer from the cache, instead of all computing it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def turn(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)
