"""A data directory made of the shipped states, organisations, groups, roles and agents plus
small invented people and places, so the loader is tested apart from the (large, growing)
shipped people and places files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from detente.actors.gazetteer import DATA_DIR, Gazetteer

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHIPPED = ("states.yaml", "igos.yaml", "groups.yaml", "roles.yaml", "agents.yaml")


def make_data_dir(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in SHIPPED:
        shutil.copy(DATA_DIR / name, target / name)
    shutil.copy(FIXTURES / "people_fixture.yaml", target / "people_fixture.yaml")
    shutil.copy(FIXTURES / "places_fixture.yaml", target / "places.yaml")
    return target


@pytest.fixture(scope="session")
def fixture_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_data_dir(tmp_path_factory.mktemp("actor-data"))


@pytest.fixture(scope="session")
def gaz(fixture_dir: Path) -> Gazetteer:
    return Gazetteer.from_dir(fixture_dir)
