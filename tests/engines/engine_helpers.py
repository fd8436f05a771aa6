"""Shared by the engine tests: a generated corpus, stores ingested through the CLI, exports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.corpus import write_corpus
from tests.conftest import run_cli

# Invented actor, in a user actor file: events that name it only code when the file reaches
# the workers.
LUMEN_ACTORS = """\
igos:
  - code: LUMEN
    name: Lumen Compact
    kind: igo
    aliases: [the Lumen Compact]
"""

LUMEN_ARTICLES = [
    ("Lumen Compact and Japan sign trade pact", "2020-03-04",
     "TOKYO -- The Lumen Compact signed a trade agreement with Japan on Monday, after two years of talks.\n\n"
     "Officials of the Lumen Compact met Chinese diplomats in Beijing on Tuesday to discuss fishing rights."),
    ("Lumen Compact rebukes Russia", "2021-07-19",
     "GENEVA -- The Lumen Compact accused Russia on Friday of blocking shipping in the Baltic.\n\n"
     "Germany urged the Lumen Compact to impose sanctions on Moscow, a diplomat said."),
]


def generated_corpus(dest: Path, n: int, seed: int = 0) -> Path:
    return write_corpus(dest, n, seed=seed).path


def lumen_corpus(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for i, (title, published, body) in enumerate(LUMEN_ARTICLES):
        (dest / f"lumen-{i}.txt").write_text(f"{title}\nPublished: {published}\n\n{body}\n", encoding="utf-8")
    return dest


def ingested(db: Path, *paths: Path) -> Path:
    run_cli(["ingest", *map(str, paths)], db=db)
    return db


def export_rows(db: Path, out: Path) -> list[str]:
    run_cli(["export", "events", "--format", "jsonl", "-o", str(out)], db=db)
    return sorted(out.read_text(encoding="utf-8").splitlines())


def coded_count(proc: subprocess.CompletedProcess[str]) -> int:
    """N from the final "coded N document(s): M event(s)" line on stdout."""
    last = [line for line in proc.stdout.splitlines() if line.startswith("coded ")][-1]
    return int(last.split()[1])


def detente_cmd(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "detente", "--db", str(db), *args]
