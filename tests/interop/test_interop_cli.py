"""The CLI: `detente import gdelt`, `detente events --origin gdelt`, `export events --format plover|cameo`.

The in-process tests mount the interop commands on a small root app exactly as cli.py
merges command modules (`app.add_typer(module.app)`); the subprocess tests run the real
`detente` and wait for the `import` group to be registered there.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Annotated

import typer
from typer.testing import CliRunner

from detente import cli
from detente.commands import interop
from detente.interop.gdelt import import_gdelt
from detente.interop.writers import PHOENIX_COLUMNS, PLOVER_FIELDS
from detente.model import stable_id
from detente.store import Store
from tests.conftest import run_cli

from .conftest import SAMPLE


def _root() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def main(db: Annotated[Path, typer.Option("--db")] = Path("detente.duckdb")) -> None:
        cli.state.db = db

    root.add_typer(interop.app)
    root.command("events")(cli.events)
    return root


def test_import_then_list_in_process(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    runner = CliRunner()
    res = runner.invoke(_root(), ["--db", str(db), "import", "gdelt", str(SAMPLE)])
    assert res.exit_code == 0, res.output
    assert "read 14 row(s) from 1 file(s): 10 event(s), 10 new, 0 already stored" in res.output
    assert f"{SAMPLE}:11: expected 61 tab-separated columns, found 7" in res.output
    again = runner.invoke(_root(), ["--db", str(db), "import", "gdelt", str(SAMPLE)])
    assert again.exit_code == 0 and "10 event(s), 0 new, 10 already stored" in again.output
    listing = runner.invoke(_root(), ["--db", str(db), "events", "--origin", "gdelt", "--json"])
    assert listing.exit_code == 0, listing.output
    rows = [json.loads(line) for line in listing.output.splitlines() if line.startswith("{")]
    assert {r["event_id"] for r in rows} == {stable_id("gdelt", g) for g in (
        "1000000001", "1000000002", "1000000003", "1000000004", "1000000005", "1000000006",
        "1000000013", "1000000014", "1000000015", "1000000016")}
    assert {r["origin"] for r in rows} == {"gdelt"}
    assert runner.invoke(_root(), ["--db", str(db), "events", "--origin", "detente", "--json"]).output.strip() == ""


def test_import_fails_only_when_nothing_is_read(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    empty = tmp_path / "empty.CSV"
    empty.write_bytes(b"")
    runner = CliRunner()
    res = runner.invoke(_root(), ["--db", str(db), "import", "gdelt", str(empty), str(tmp_path / "nope.CSV")])
    assert res.exit_code == 1
    assert f"{empty}: empty file" in res.output and "nope.CSV: no such file" in res.output
    assert "no GDELT row could be read" in res.output
    ok = runner.invoke(_root(), ["--db", str(db), "import", "gdelt", str(empty), str(SAMPLE)])
    assert ok.exit_code == 0, ok.output


def test_problem_lines_are_capped(tmp_path: Path) -> None:
    noisy = tmp_path / "noisy.CSV"
    noisy.write_text("".join(f"{i}\tbroken\n" for i in range(30)) + SAMPLE.read_text(encoding="utf-8"),
                     encoding="utf-8")
    res = CliRunner().invoke(_root(), ["--db", str(tmp_path / "x.duckdb"), "import", "gdelt", str(noisy),
                                       "--max-messages", "5"])
    assert res.exit_code == 0, res.output
    assert res.output.count(f"{noisy}:") == 6   # five lines, then the count of the rest
    assert f"{noisy}: 28 more problem line(s) not shown" in res.output


# ---------------------------------------------------------------------------- real process
@cache
def _import_registered() -> bool:
    return run_cli(["import", "gdelt", "--help"], check=False).returncode == 0


def test_subprocess_import_gdelt(tmp_path: Path) -> None:
    assert _import_registered()
    db = tmp_path / "sub.duckdb"
    proc = run_cli(["import", "gdelt", str(SAMPLE)], db=db)
    assert "10 event(s), 10 new" in proc.stdout
    assert f"{SAMPLE}:12: bad SQLDATE '20241345' (no such day)" in proc.stderr
    failed = run_cli(["import", "gdelt", str(tmp_path / "missing.CSV")], db=db, check=False)
    assert failed.returncode == 1 and "missing.CSV: no such file" in failed.stderr


def test_subprocess_events_and_exports(tmp_path: Path) -> None:
    db = tmp_path / "sub.duckdb"
    with Store(db) as store:
        import_gdelt(store, [SAMPLE])
    listing = run_cli(["events", "--origin", "gdelt", "--json"], db=db)
    rows = [json.loads(line) for line in listing.stdout.splitlines()]
    assert len({r["event_id"] for r in rows}) == 10
    table = run_cli(["events", "--origin", "gdelt", "--type", "SANCTION"], db=db)
    assert "SANCTION" in table.stdout and "EU" in table.stdout

    plover = tmp_path / "events.plover.jsonl"
    run_cli(["export", "events", "--format", "plover", "-o", str(plover), "--origin", "gdelt"], db=db)
    records = [json.loads(line) for line in plover.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 10 and all(tuple(r) == PLOVER_FIELDS for r in records)

    cameo = tmp_path / "events.tsv"
    proc = run_cli(["export", "events", "--format", "cameo", "-o", str(cameo), "--type", "CONSULT"], db=db)
    assert "wrote 3 row(s)" in proc.stdout
    lines = cameo.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(PHOENIX_COLUMNS)
    assert len(lines) == 4 and all(len(line.split("\t")) == len(PHOENIX_COLUMNS) for line in lines)


def test_jsonl_export_keeps_the_schema_contract_beside_imported_rows(tmp_path: Path) -> None:
    """GDELT records carry no sentence, and the schema requires evidence: JSON Lines leaves
    them out and says how many, CSV keeps them."""
    import jsonschema

    db = tmp_path / "mixed.duckdb"
    doc = tmp_path / "2019-04-26-summit.txt"
    doc.write_text("Kim Jong-un met Vladimir Putin in Vladivostok on Thursday.\n", encoding="utf-8")
    run_cli(["ingest", str(doc), "--published", "2019-04-26"], db=db)
    run_cli(["extract"], db=db)
    run_cli(["import", "gdelt", str(SAMPLE)], db=db)
    out = tmp_path / "e.jsonl"
    proc = run_cli(["export", "events", "--format", "jsonl", "-o", str(out)], db=db)
    assert "skipped 10 imported row(s) with no evidence sentence" in proc.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    schema = json.loads((Path(cli.__file__).parent / "store" / "event.schema.json").read_text(encoding="utf-8"))
    assert rows and all(r["origin"] == "detente" for r in rows)
    for row in rows:
        jsonschema.validate(row, schema)
    csv_out = tmp_path / "e.csv"
    run_cli(["export", "events", "--format", "csv", "-o", str(csv_out)], db=db)
    assert len(csv_out.read_text(encoding="utf-8").splitlines()) == 1 + len(rows) + 10
