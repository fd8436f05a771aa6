"""Small parts on their own: the response cache, the store pool, error bodies, the page renderer."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from detente.store import StoreError
from detente.web import page
from detente.web.cache import ResponseCache
from detente.web.pool import PoolBusy, StorePool


def test_cache_evicts_least_recently_used_by_bytes() -> None:
    cache = ResponseCache(max_bytes=10, max_item_bytes=8)
    cache.put("a", b"1234")
    cache.put("b", b"5678")
    assert cache.get("a") == b"1234"  # a is now the most recent
    cache.put("c", b"90ab")  # 12 bytes > 10: b goes
    assert cache.get("b") is None
    assert cache.get("a") == b"1234" and cache.get("c") == b"90ab"
    assert cache.size_bytes == 8
    cache.put("huge", b"x" * 9)  # larger than one item may be: not kept, nothing evicted
    assert cache.get("huge") is None and len(cache) == 2


def test_cache_computes_once_per_key() -> None:
    cache = ResponseCache()
    calls: list[str] = []

    def make(key: str) -> bytes:
        calls.append(key)
        return key.encode()

    assert cache.get_or_compute("k", lambda: make("k")) == b"k"
    assert cache.get_or_compute("k", lambda: make("other")) == b"k"
    assert calls == ["k"] and cache.hits == 1


def test_pool_lends_each_store_to_one_borrower(web_db: Path) -> None:
    pool = StorePool(web_db, size=2)

    async def scenario() -> None:
        async with pool.borrow() as a, pool.borrow() as b:
            assert a is not b
            with pytest.raises(PoolBusy):
                async with pool.borrow(timeout=0.05):
                    pass
        async with pool.borrow(timeout=0.05) as c:
            assert c in (a, b)

    try:
        asyncio.run(scenario())
    finally:
        pool.close()


def test_pool_on_a_missing_file_raises_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no detente database"):
        StorePool(tmp_path / "missing.duckdb")


def test_rendered_page_modes() -> None:
    served = page.render(mode="api", title="t <x>", subtitle="s", footer="f")
    assert '<link rel="stylesheet" href="static/dashboard.css">' in served
    assert "t &lt;x&gt;" in served and "{{" not in served
    assert 'id="detente-data"' not in served
    report = page.render(mode="embedded", title="t", subtitle="s", footer="f", data={"events": []})
    assert "static/" not in report.split("<script", 1)[0]  # no stylesheet link in the head
    assert '"mode":"embedded"' in report and 'id="detente-data"' in report
