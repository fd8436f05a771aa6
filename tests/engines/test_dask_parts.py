"""The Dask engine's parts that need no cluster: ordering, write batching, actor files,
version checks, partitions, and a clear error when the scheduler cannot be reached."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.engines.engine_helpers import LUMEN_ACTORS

from detente import __version__
from detente.actors.gazetteer import ActorFileError
from detente.engines import coder_version
from detente.engines import dask as dask_engine
from detente.engines.dask import EngineError, InOrder, WorkerReply, Writer
from detente.engines.local import ExtractStats
from detente.model import Document, Event
from detente.store import Store


def _docs(n: int) -> list[Document]:
    return [Document.from_text(f"d{i}", f"Article number {i}. Nothing happens in it.", published=date(2020, 1, 1 + i))
            for i in range(n)]


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "parts.duckdb")
    s.add_documents(_docs(7))
    return s


# ------------------------------------------------------------------ ordering

@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=40).flatmap(lambda n: st.permutations(list(range(n)))))
def test_in_order_releases_partitions_in_read_order(arrival: list[int]) -> None:
    order = InOrder()
    released: list[int] = []
    for number in arrival:
        for results in order.put(number, [(f"doc{number}", [])]):
            released.append(int(results[0][0].removeprefix("doc")))
        # nothing is released past a gap, nothing before it is held back
        assert released == list(range(len(released)))
        assert order.held == sum(1 for n in arrival[: arrival.index(number) + 1] if n >= len(released))
    assert released == sorted(arrival)
    assert order.held == 0


def test_in_order_refuses_a_partition_twice() -> None:
    order = InOrder()
    order.put(1, [])
    with pytest.raises(ValueError):
        order.put(1, [])
    order.put(0, [])
    with pytest.raises(ValueError):
        order.put(0, [])


# ------------------------------------------------------------------ writing

def test_writer_saves_in_batches_of_documents_then_flushes_the_rest(store: Store) -> None:
    stats, calls = ExtractStats(), []
    writer = Writer(store, coder_version(), stats, lambda d, e: calls.append((d, e)), save_documents=3,
                    flush_seconds=1e9)
    ids = [d.id for batch in store.iter_uncoded(batch_size=100) for d in batch]
    for doc_id in ids:
        writer.add([(doc_id, [])])
    assert calls == [(3, 0), (3, 0)]
    assert store.count_uncoded() == 1             # the 7th waits in the buffer
    writer.flush()
    assert calls == [(3, 0), (3, 0), (1, 0)]
    assert store.count_uncoded() == 0 and stats.documents == 7
    writer.flush()                                 # an empty flush writes nothing
    assert len(calls) == 3


def test_writer_flushes_on_event_count_and_on_time(store: Store, coder: object) -> None:
    from detente.events.coder import Coder

    assert isinstance(coder, Coder)
    text = ("SEOUL -- South Korea and Japan signed a military intelligence pact on Monday. "
            "China criticised the agreement on Tuesday, and Russia called for talks.")
    doc = Document.from_text("pact", text, published=date(2019, 11, 25))
    store.add_documents([doc])
    events: list[Event] = coder.code(doc)
    assert events
    stats, calls = ExtractStats(), []
    now = [0.0]
    writer = Writer(store, coder_version(), stats, lambda d, e: calls.append((d, e)),
                    save_events=len(events), flush_seconds=10.0, clock=lambda: now[0])
    writer.add([(doc.id, events)])                 # reaches the event threshold at once
    assert calls == [(1, len(events))] and stats.events == len(events)
    others = [d.id for d in _docs(7)]
    writer.add([(others[0], [])])
    assert len(calls) == 1
    now[0] = 10.5                                  # time passes: the next add flushes
    writer.add([(others[1], [])])
    assert calls[1:] == [(2, 0)]


# ------------------------------------------------------------------ actor files

def test_actor_files_materialise_to_stable_paths(tmp_path: Path) -> None:
    files = (("lumen.yaml", LUMEN_ACTORS.encode()), ("lumen.yaml", b"igos: []\n"))
    first = dask_engine.materialise_actor_files(files)
    again = dask_engine.materialise_actor_files(files)
    assert first == again                          # same content, same paths: the worker's coder cache hits
    assert len(set(first)) == 2                    # same base name, kept apart, in order
    assert [Path(p).read_bytes() for p in first] == [data for _, data in files]
    edited = dask_engine.materialise_actor_files((files[0], ("lumen.yaml", b"igos: []\n# edited\n")))
    assert Path(edited[0]).parent != Path(first[0]).parent
    assert dask_engine.materialise_actor_files(()) == ()


def test_actor_files_are_checked_where_their_paths_mean_something(tmp_path: Path) -> None:
    good = tmp_path / "lumen.yaml"
    good.write_text(LUMEN_ACTORS, encoding="utf-8")
    assert dask_engine.read_actor_files([str(good)]) == (("lumen.yaml", LUMEN_ACTORS.encode()),)
    bad = tmp_path / "bad.yaml"
    bad.write_text("countries:\n  - code: XXX\n", encoding="utf-8")
    with pytest.raises(ActorFileError, match=r"bad\.yaml"):
        dask_engine.read_actor_files([str(good), str(bad)])


# ------------------------------------------------------------------ versions, partitions, connection

def test_a_worker_with_another_version_stops_the_run() -> None:
    dask_engine._check_versions(WorkerReply(__version__, coder_version(), []), coder_version())
    with pytest.raises(EngineError, match="same detente version"):
        dask_engine._check_versions(WorkerReply("0.0.1", coder_version(), []), coder_version())
    with pytest.raises(EngineError, match="coder rules-0"):
        dask_engine._check_versions(WorkerReply(__version__, "rules-0", []), coder_version())


def test_code_partition_is_the_shared_pure_function(coder: object) -> None:
    docs = _docs(2)
    reply = dask_engine.code_partition(docs, (), None)
    assert (reply.package_version, reply.coder_version) == (__version__, coder_version())
    assert [doc_id for doc_id, _ in reply.results] == [d.id for d in docs]


@pytest.mark.parametrize(("size", "limit", "expected"), [(3, None, [3, 3, 1]), (3, 5, [3, 2]), (10, 4, [4]),
                                                          (2, 1, [1])])
def test_partitions_follow_the_store_order_and_the_limit(store: Store, size: int, limit: int | None,
                                                         expected: list[int]) -> None:
    parts = list(dask_engine.partitions(store, size, limit))
    assert [len(p) for p in parts] == expected
    order = [d.id for batch in store.iter_uncoded(batch_size=100) for d in batch]
    assert [d.id for p in parts for d in p] == order[: sum(expected)]


def test_unreachable_scheduler_is_a_clear_error(store: Store) -> None:
    # a port nothing listens on (bound and closed again)
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(EngineError, match=f"cannot connect to the Dask scheduler at tcp://127.0.0.1:{port}"):
        dask_engine.run(store, scheduler=f"tcp://127.0.0.1:{port}", connect_timeout="2s")
    assert store.count_uncoded() == 7


def test_partition_size_must_be_positive(store: Store) -> None:
    with pytest.raises(ValueError):
        dask_engine.run(store, partition_size=0)

