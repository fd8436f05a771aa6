"""The analysis commands: through a local Typer root now, as `detente ...` once wired."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pytest
import typer
from tests.analysis.conftest import Doc, ev, save, span
from tests.conftest import run_cli
from typer.testing import CliRunner

from detente import cli
from detente.commands import analysis as commands
from detente.store import Store

COMMANDS = ("dyad", "blocs", "unity", "bursts", "expectations", "clusters")


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    # CliRunner is no terminal: give Rich room so table cells are not cut.
    monkeypatch.setattr(cli.console, "width", 200)


def make_db(path: Path) -> Path:
    with Store(path) as s:
        save(s,
             Doc("a", "2019-01-10", "Wire A", [
                 ev("CONSULT", ["KOR", "PRK"], when=span("2019-01-09")),
                 ev("ACCUSE", "USA", "PRK", when=span("2019-01-08")),
                 ev("CONSULT", ["PRK", "USA"], when=span("2019-02-27"), status="planned", predictor="USA"),
             ]),
             Doc("b", "2019-01-11", "Wire B", [ev("CONSULT", ["PRK", "KOR"], when=span("2019-01-09"))]),
             Doc("c", "2019-02-28", "Wire B", [ev("CONSULT", ["USA", "PRK"], when=span("2019-02-27"))]))
    return path


DbOption = Annotated[Path, typer.Option("--db")]


def local_root() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def main(db: DbOption) -> None:
        cli.state.db = db

    root.add_typer(commands.app)
    return root


def invoke(db: Path, *args: str) -> str:
    result = CliRunner().invoke(local_root(), ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_dyad_table_and_json(tmp_path: Path) -> None:
    db = make_db(tmp_path / "x.duckdb")
    out = invoke(db, "dyad", "kor", "prk")
    assert "KOR - PRK by month" in out and "2019-01-01" in out and "total" in out
    data = json.loads(invoke(db, "dyad", "KOR", "PRK", "--json"))
    # the two reports of the January talks are one cluster
    assert [(p["period"], p["q1"]) for p in data["points"]] == [("2019-01-01", 1)]
    # the first command clustered the store, so a later read-only open has nothing to do
    with Store(db, read_only=True) as ro:
        from detente.analysis import needs_clustering

        assert not needs_clustering(ro)


def test_every_command_runs(tmp_path: Path) -> None:
    db = make_db(tmp_path / "x.duckdb")
    assert "Blocs by month" in invoke(db, "blocs")
    assert "Unity of KOR PRK" in invoke(db, "unity", "PRK", "KOR", "--window", "year")
    assert "no bursts" in invoke(db, "bursts")
    ledger = invoke(db, "expectations")
    assert "fulfilled" in ledger and "Accuracy by predictor" in ledger
    clusters = invoke(db, "clusters", "--min-reports", "2")
    assert "KOR~PRK" in clusters and "2019-01-09" in clusters
    data = json.loads(invoke(db, "expectations", "--json", "--as-of", "2019-02-01"))
    assert data["outcomes"]["pending"] == 1
    assert json.loads(invoke(db, "blocs", "--json", "--window", "year"))[0]["communities"]
    assert json.loads(invoke(db, "bursts", "--json")) == []
    assert len(json.loads(invoke(db, "clusters", "--json", "--rebuild"))) == 4


def test_bad_options_are_clean_errors(tmp_path: Path) -> None:
    db = make_db(tmp_path / "x.duckdb")
    result = CliRunner().invoke(local_root(), ["--db", str(db), "dyad", "KOR", "PRK", "--by", "fortnight"])
    assert result.exit_code == 2
    result = CliRunner().invoke(local_root(), ["--db", str(db), "blocs", "--since", "yesterday-ish"])
    assert result.exit_code == 2
    result = CliRunner().invoke(local_root(), ["--db", str(tmp_path / "missing.duckdb"), "blocs"])
    assert result.exit_code == 2


def _wired() -> bool:
    group = typer.main.get_command(cli.app)
    names = set(getattr(group, "commands", {}))
    return all(c in names for c in COMMANDS)


def test_subprocess_commands(tmp_path: Path) -> None:
    assert _wired()
    db = make_db(tmp_path / "x.duckdb")
    out = run_cli(["dyad", "KOR", "PRK", "--json"], db=db).stdout
    assert json.loads(out)["points"][0]["q1"] == 1
    for args in (["blocs"], ["unity", "PRK", "KOR"], ["bursts"], ["expectations"], ["clusters"]):
        run_cli(args, db=db)
