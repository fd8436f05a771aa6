"""Shared fixtures: the shared gold folder beside the repo, the CLI as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def run_cli(args: Sequence[str], *, db: Path | None = None, check: bool = True, timeout: float = 600,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m detente ...` in a real process, as a user would."""
    cmd = [sys.executable, "-m", "detente"]
    if db is not None:
        cmd += ["--db", str(db)]
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    proc = subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=timeout, env=full_env)
    if check and proc.returncode != 0:
        raise AssertionError(f"detente {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared (gold and corpus) is not beside the repo")
    return SHARED


@pytest.fixture(scope="session")
def coder():
    """One real coder (spaCy pipeline + actor dictionary) for the whole session."""
    from detente.events.coder import Coder

    return Coder()
