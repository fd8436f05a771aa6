"""Fixtures for the interop tests: the composed GDELT sample and a store holding it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.interop.gdelt import ImportStats, Problem, import_gdelt
from detente.store import Store

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA / "sample.export.CSV"
REAL_GDELT = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "gdelt"


@pytest.fixture
def sample() -> Path:
    return SAMPLE


@pytest.fixture
def imported(tmp_path: Path) -> Iterator[tuple[Store, ImportStats, list[Problem]]]:
    """A store file with the sample imported."""
    problems: list[Problem] = []
    with Store(tmp_path / "gdelt.duckdb") as store:
        stats = import_gdelt(store, [SAMPLE], problems.append)
        yield store, stats, problems
