"""kill -9 in the middle of `detente extract`: resuming loses nothing and duplicates nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import run_cli


def make_corpus(dest: Path, copies: int) -> Path:
    """Distinct documents (distinct hashes) from the sample corpus texts."""
    from detente.samples import corpus_dir

    dest.mkdir(parents=True, exist_ok=True)
    texts = sorted(p for p in corpus_dir().iterdir() if p.suffix == ".txt")
    for i in range(copies):
        for p in texts:
            (dest / f"{p.stem}-{i:03d}.txt").write_text(p.read_text() + f"\n\n(copy {i})\n")
    return dest


def export(db: Path, out: Path) -> list[str]:
    run_cli(["export", "events", "--format", "jsonl", "-o", str(out)], db=db)
    return sorted(out.read_text().splitlines())


@pytest.mark.slow
def test_kill_9_mid_extract_then_resume(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 30)
    n_docs = len(list(corpus.iterdir()))
    killed_db, clean_db = tmp_path / "killed.duckdb", tmp_path / "clean.duckdb"
    for db in (killed_db, clean_db):
        run_cli(["ingest", str(corpus)], db=db)

    # extract in a real process; kill -9 once a few batches are committed
    proc = subprocess.Popen([sys.executable, "-m", "detente", "--db", str(killed_db), "extract"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = 0
    deadline = time.time() + 300
    assert proc.stderr is not None
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if line.startswith("coded "):
            done = int(line.split()[1].split("/")[0])
            if done >= 32:
                os.kill(proc.pid, signal.SIGKILL)
                break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "extract finished before it could be killed"
    assert 0 < done < n_docs

    resumed = run_cli(["extract"], db=killed_db)
    coded_after = int(resumed.stdout.split("coded ")[1].split()[0])
    # the documents committed before the kill are not coded again
    assert coded_after <= n_docs - done
    run_cli(["extract"], db=clean_db)
    killed_rows = export(killed_db, tmp_path / "k.jsonl")
    clean_rows = export(clean_db, tmp_path / "c.jsonl")
    assert killed_rows == clean_rows
    assert len(killed_rows) == len(set(killed_rows))
