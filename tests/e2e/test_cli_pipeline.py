"""End to end through the CLI, in real processes: ingest, extract, export, re-run."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from tests.conftest import REPO, SHARED, run_cli

SCHEMA = REPO / "src" / "detente" / "store" / "event.schema.json"


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from detente.samples import corpus_dir

    db = tmp_path_factory.mktemp("e2e") / "e2e.duckdb"
    run_cli(["ingest", str(corpus_dir())], db=db)
    run_cli(["extract"], db=db)
    return db


def test_sample_corpus_codes_events(coded_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    run_cli(["export", "events", "--format", "jsonl", "-o", str(out)], db=coded_db)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) >= 20
    types = {r["event_type"] for r in rows}
    assert "CONSULT" in types
    assert {r["status"] for r in rows} & {"planned", "expected"}
    # every row carries its evidence with offsets into the document text
    for r in rows:
        for ev in r["evidence"]:
            assert 0 <= ev["start"] < ev["end"]


def test_export_rows_validate_against_the_schema(coded_db: Path, tmp_path: Path) -> None:
    schema = json.loads(SCHEMA.read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    out = tmp_path / "events.jsonl"
    run_cli(["export", "events", "--format", "jsonl", "-o", str(out)], db=coded_db)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows
    for r in rows:
        errors = sorted(validator.iter_errors(r), key=str)
        assert not errors, f"{r['event_id']}: {errors[0].message}"


def test_package_schema_is_the_shared_contract() -> None:
    shared = SHARED / "event.schema.json"
    if not shared.exists():
        pytest.skip("../shared not present")
    assert json.loads(shared.read_text()) == json.loads(SCHEMA.read_text())


def test_second_ingest_and_extract_add_nothing(coded_db: Path, tmp_path: Path) -> None:
    from detente.samples import corpus_dir

    before = tmp_path / "before.jsonl"
    after = tmp_path / "after.jsonl"
    run_cli(["export", "events", "--format", "jsonl", "-o", str(before)], db=coded_db)
    again = run_cli(["ingest", str(corpus_dir())], db=coded_db)
    assert "ingested 0 new document(s)" in again.stdout
    assert "nothing to code" in run_cli(["extract"], db=coded_db).stdout
    run_cli(["export", "events", "--format", "jsonl", "-o", str(after)], db=coded_db)
    assert before.read_text() == after.read_text()


def test_csv_and_parquet_exports(coded_db: Path, tmp_path: Path) -> None:
    import duckdb

    csv_path, pq_path = tmp_path / "e.csv", tmp_path / "e.parquet"
    run_cli(["export", "events", "--format", "csv", "-o", str(csv_path)], db=coded_db)
    run_cli(["export", "events", "--format", "parquet", "-o", str(pq_path)], db=coded_db)
    n_jsonl = len(run_cli(["events", "--json", "--limit", "100000"], db=coded_db).stdout.splitlines())
    con = duckdb.connect()
    assert con.execute(f"select count(*) from read_parquet('{pq_path}')").fetchone()[0] == n_jsonl
    assert con.execute(f"select count(*) from read_csv_auto('{csv_path}')").fetchone()[0] == n_jsonl


def test_events_filters(coded_db: Path) -> None:
    rows = [json.loads(x) for x in run_cli(["events", "--json", "--dyad", "PRK:USA"], db=coded_db).stdout.splitlines()]
    assert rows
    for r in rows:
        assert {r["source"]["code"], (r["target"] or {}).get("code")} == {"PRK", "USA"}
    planned = run_cli(["events", "--json", "--status", "planned"], db=coded_db).stdout.splitlines()
    assert all(json.loads(x)["status"] == "planned" for x in planned)
    table = run_cli(["events", "--type", "consult"], db=coded_db).stdout
    assert "CONSULT" in table
    bad = run_cli(["events", "--dyad", "PRK"], db=coded_db, check=False)
    assert bad.returncode == 2 and "A:B" in bad.stderr


def test_explain_shows_why(tmp_path: Path) -> None:
    out = run_cli(["explain", "Kim's visit to Russia is seen as likely to take place around Oct. 12.",
                   "--published", "2018-10-09"]).stdout
    assert "CONSULT" in out and "expected" in out
    assert "2018-10-12" in out


def test_shared_gold_scores(shared: Path, tmp_path: Path) -> None:
    """The scorer runs on our export of the shared corpora (scores are reported, not gated)."""
    import subprocess

    db = tmp_path / "gold.duckdb"
    run_cli(["ingest", str(shared / "corpus" / "seeds"), str(shared / "corpus" / "plover-gsr" / "dev.jsonl")], db=db)
    run_cli(["extract"], db=db)
    out = tmp_path / "e.jsonl"
    run_cli(["export", "events", "--format", "jsonl", "-o", str(out)], db=db)
    for gold in ("seeds.gold.jsonl", "plover-gsr-dev.gold.jsonl"):
        proc = subprocess.run([str(shared / "bin" / "score"), "--gold", str(shared / "gold" / gold), "--pred", str(out)],
                              capture_output=True, text=True, check=True)
        print(gold, proc.stdout)
        assert "strict:" in proc.stdout and "typed:" in proc.stdout
