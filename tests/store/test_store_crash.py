"""kill -9 a real writer process mid-batch; the store must stay consistent and resume."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from store_factory import crash_docs, make_events, n_events_for

from detente.model import Event
from detente.store import Store

WRITER = Path(__file__).resolve().parent / "store_crash_writer.py"
N_DOCS = 1500
BATCH_DOCS = 50


def _start(db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WRITER), str(db), str(N_DOCS), str(BATCH_DOCS)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_during_a_save(proc: subprocess.Popen[str], rng: random.Random) -> bool:
    """SIGKILL the writer shortly after it starts some save; True if that save never reported back."""
    assert proc.stdout is not None
    target = rng.randint(1, 4)
    started = None
    for line in proc.stdout:
        word, _, k = line.strip().partition(" ")
        if word == "saving" and int(k) >= target:
            started = k
            break
        assert word != "done", "the writer finished before it could be killed; make the corpus larger"
    assert started is not None, proc.stderr.read() if proc.stderr else ""
    time.sleep(rng.uniform(0.0, 0.06))
    proc.kill()
    proc.wait(timeout=60)
    rest = proc.stdout.read()
    return f"saved {started}" not in rest


def _expected() -> dict[str, dict[str, Event]]:
    return {d.id: {e.event_id: e for e in make_events(d, n_events_for(d))} for d in crash_docs(N_DOCS)}


def _check_consistent(db: Path, expected: dict[str, dict[str, Event]]) -> int:
    """Every document fully coded with exactly its events, or uncoded with none. Returns #coded."""
    with Store(db) as store:
        coded = {m.id: m for m in store.documents(coded=True)}
        stored: dict[str, dict[str, Event]] = defaultdict(dict)
        for ev in store.events():
            stored[ev.doc_id][ev.event_id] = ev.as_event()
        for doc_id, events in expected.items():
            if doc_id in coded:
                assert coded[doc_id].n_events == len(events)
                assert stored.get(doc_id, {}) == events, f"document {doc_id} is coded but its events differ"
            else:
                assert doc_id not in stored, f"document {doc_id} is uncoded but has events"
        con = store.connection
        for table in ("event_actors", "evidence", "dyads"):
            orphans = con.execute(f"SELECT count(*) FROM {table} WHERE event_id NOT IN "
                                  "(SELECT event_id FROM events)").fetchone()
            assert orphans == (0,), f"{table} has rows of events that are not stored"
        dyads = dict(con.execute("SELECT event_id, count(*) FROM dyads GROUP BY event_id").fetchall())
        want = {eid: len(ev.dyads()) for doc_id in coded for eid, ev in expected[doc_id].items()}
        assert dyads == want
        return len(coded)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_kill_9_mid_batch_then_resume(tmp_path: Path) -> None:
    db = tmp_path / "crash.duckdb"
    expected = _expected()
    rng = random.Random(20240613)
    in_flight = rounds = 0
    progress: list[int] = []
    # Keep killing until at least two kills landed inside a save (bounded, so never endless).
    while (in_flight < 2 or rounds < 3) and rounds < 12:
        proc = _start(db)
        try:
            in_flight += _kill_during_a_save(proc, rng)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=60)
        rounds += 1
        progress.append(_check_consistent(db, expected))
    assert in_flight >= 2, f"no kill landed inside a save in {rounds} rounds"
    assert progress == sorted(progress) and 0 < progress[-1] < N_DOCS

    finished = subprocess.run([sys.executable, str(WRITER), str(db), str(N_DOCS), str(BATCH_DOCS)],
                              capture_output=True, text=True, timeout=240)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip().endswith("done")
    assert _check_consistent(db, expected) == N_DOCS
    with Store(db, read_only=True) as store:
        stats = store.stats()
        assert stats["events"] == sum(len(v) for v in expected.values())
        ids = store.connection.execute("SELECT count(DISTINCT event_id), count(*) FROM events").fetchone()
        assert ids is not None and ids[0] == ids[1] == stats["events"]
        assert store.count_uncoded() == 0
