"""kill -9 of `detente extract --workers 2` (the parent and its worker processes) in the
middle of a run: resuming loses nothing and duplicates nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from tests.conftest import run_cli
from tests.engines.engine_helpers import coded_count, detente_cmd, export_rows, generated_corpus, ingested

N_DOCS = 240  # several 2-second save transactions even on a fast, idle machine
KILL_AFTER = 32


def _kill_mid_extract(db: Path) -> tuple[int, list[psutil.Process]]:
    """Start extract with 2 workers in its own session, kill the whole group with SIGKILL once
    at least KILL_AFTER documents are committed. Returns (documents done, its processes)."""
    proc = subprocess.Popen(detente_cmd(db, "extract", "--workers", "2"), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stderr is not None
    done, family = 0, []
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            if line.startswith("coded "):
                done = int(line.split()[1].split("/")[0])
                if done >= KILL_AFTER:
                    parent = psutil.Process(proc.pid)
                    family = [parent, *parent.children(recursive=True)]
                    os.killpg(proc.pid, signal.SIGKILL)
                    break
    finally:
        if proc.returncode is None and not family:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "extract finished before it could be killed"
    return done, family


def _running(p: psutil.Process) -> bool:
    try:
        # a killed orphan may stay a zombie until its new parent reaps it: it runs no more
        return p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _still_running(procs: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    deadline = time.monotonic() + timeout
    while (alive := [p for p in procs if _running(p)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive


@pytest.mark.slow
def test_kill_9_extract_with_2_workers_then_resume(tmp_path: Path) -> None:
    corpus = generated_corpus(tmp_path / "corpus", N_DOCS, seed=3)
    killed_db = ingested(tmp_path / "killed.duckdb", corpus)
    clean_db = ingested(tmp_path / "clean.duckdb", corpus)

    done, family = _kill_mid_extract(killed_db)
    assert KILL_AFTER <= done < N_DOCS
    workers = family[1:]
    assert len(workers) >= 2, "expected the pool's worker processes under the killed parent"
    # no orphan goes on coding (or holding the database) after its parent died
    alive = _still_running(workers, timeout=30)
    assert not alive, f"worker processes survived: {[p.pid for p in alive]}"

    resumed = run_cli(["extract", "--workers", "2"], db=killed_db, timeout=600)
    # documents committed before the kill are not coded again, and every other one is
    assert coded_count(resumed) == N_DOCS - done
    assert "nothing to code" in run_cli(["extract"], db=killed_db).stdout
    run_cli(["extract", "--workers", "2"], db=clean_db, timeout=600)
    killed_rows = export_rows(killed_db, tmp_path / "k.jsonl")
    clean_rows = export_rows(clean_db, tmp_path / "c.jsonl")
    assert killed_rows, "no events at all: the comparison would prove nothing"
    assert len(killed_rows) == len(set(killed_rows))
    assert killed_rows == clean_rows
