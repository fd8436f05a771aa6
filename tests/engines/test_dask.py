"""The Dask engine gives the same events as the local engine, on a LocalCluster it starts
itself and on a cluster it is pointed at, and ships the user's actor files to the workers."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import run_cli
from tests.engines.engine_helpers import (
    LUMEN_ACTORS,
    coded_count,
    export_rows,
    generated_corpus,
    ingested,
    lumen_corpus,
)

pytestmark = pytest.mark.slow

N_DOCS = 30


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("dask-corpus") / "articles", N_DOCS)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A running cluster that the engine only knows by its address, as a remote one."""
    import logging

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as c:
        yield c


def test_local_cluster_events_equal_local_engine_with_1_and_2_workers(corpus: Path, tmp_path: Path) -> None:
    base = ingested(tmp_path / "base.duckdb", corpus)
    runs = {
        "local-1": ["extract", "--workers", "1"],
        "local-2": ["extract", "--workers", "2"],
        "dask-2": ["extract", "--engine", "dask", "--workers", "2"],
    }
    rows: dict[str, list[str]] = {}
    for name, args in runs.items():
        db = tmp_path / f"{name}.duckdb"
        shutil.copyfile(base, db)
        proc = run_cli(args, db=db, timeout=300)
        assert coded_count(proc) == N_DOCS, proc.stdout
        rows[name] = export_rows(db, tmp_path / f"{name}.jsonl")
    assert len(rows["local-1"]) > N_DOCS          # a real workload, not an empty comparison
    assert len(set(rows["dask-2"])) == len(rows["dask-2"])
    assert rows["dask-2"] == rows["local-1"]
    assert rows["local-2"] == rows["local-1"]
    # extracting again finds nothing left to code
    again = run_cli(["extract", "--engine", "dask", "--workers", "2"], db=tmp_path / "dask-2.duckdb")
    assert "nothing to code" in again.stdout


def test_scheduler_address_with_user_actor_file(cluster: Any, tmp_path: Path) -> None:
    actors = tmp_path / "lumen.yaml"
    actors.write_text(LUMEN_ACTORS, encoding="utf-8")
    docs = lumen_corpus(tmp_path / "lumen")
    local_db, dask_db = ingested(tmp_path / "local.duckdb", docs), ingested(tmp_path / "dask.duckdb", docs)
    run_cli(["--actors", str(actors), "extract"], db=local_db)
    proc = run_cli(["--actors", str(actors), "extract", "--engine", "dask", "--scheduler", cluster.scheduler_address],
                   db=dask_db, timeout=300)
    assert coded_count(proc) == 2
    dask_rows = export_rows(dask_db, tmp_path / "d.jsonl")
    assert dask_rows == export_rows(local_db, tmp_path / "l.jsonl")
    codes = {json.loads(r)["source"]["code"] for r in dask_rows} | {
        (json.loads(r)["target"] or {}).get("code") for r in dask_rows}
    assert "LUMEN" in codes, dask_rows


def test_run_in_process_small_partitions_write_in_read_order(cluster: Any, corpus: Path, tmp_path: Path) -> None:
    """Tiny partitions, a tiny window and small saves: many tasks finish out of order, and
    the writer must still commit documents in the store's read order."""
    from detente.engines import dask as dask_engine
    from detente.store import Store

    db = ingested(tmp_path / "run.duckdb", corpus)
    calls: list[tuple[int, int]] = []
    with Store(db) as store:
        order = [d.id for batch in store.iter_uncoded(batch_size=100) for d in batch]
        stats = dask_engine.run(store, scheduler=cluster.scheduler_address, limit=25, partition_size=2,
                                window=3, save_events=40, progress=lambda d, e: calls.append((d, e)))
        coded = dict(store.connection.execute(
            "SELECT id, coded_at FROM documents WHERE coded_at IS NOT NULL").fetchall())
        assert store.count_uncoded() == N_DOCS - 25
    assert stats.documents == 25 == sum(d for d, _ in calls)
    assert stats.events == sum(e for _, e in calls) > 0
    assert len(calls) > 2                          # several transactions, not one
    assert set(coded) == set(order[:25])           # the first 25 in read order, no others
    stamps = [coded[i] for i in order[:25]]
    assert stamps == sorted(stamps)                # committed in read order
