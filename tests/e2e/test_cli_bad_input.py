"""Bad input through the CLI: one clear line per bad file, the rest of the batch goes on,
and a non-zero exit only when nothing at all could be read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import run_cli

GOOD = "Seoul, Oct. 3 -- South Korean President Moon Jae-in met Japanese Prime Minister Shinzo Abe on Tuesday.\n"


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("Posted on : 2018-10-04 09:00 KST\n" + GOOD)
    (d / "empty.txt").write_text("")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02\x7fELF" * 50)
    (d / "latin1.txt").write_bytes("Le président a rencontré son homologue.".encode("latin-1"))
    (d / "truncated.html").write_text("<html><head><title>x</title></head><body><div><p>")
    (d / "lines.jsonl").write_text("\n".join([
        json.dumps({"id": "ok-1", "text": GOOD, "published": "2018-10-04"}),
        "{not json",
        json.dumps({"id": "no-text", "title": "t"}),
        json.dumps({"id": "bad-date", "text": GOOD.replace("Tuesday", "Wednesday"), "published": "sometime soon"}),
    ]) + "\n")
    return d


def test_each_bad_file_gets_one_line_and_the_rest_goes_on(batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    missing = tmp_path / "nope.txt"
    proc = run_cli(["ingest", str(batch), str(missing)], db=db, check=False)
    assert proc.returncode == 0, proc.stderr
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    def one(fragment: str, reason: str) -> None:
        hits = [x for x in lines if fragment in x]
        assert len(hits) == 1, (fragment, lines)
        assert reason in hits[0].lower(), hits[0]
    one("empty.txt", "empty")
    one("binary.txt", "binary")
    one("latin1.txt", "utf-8")
    one("truncated.html", "text")
    one("lines.jsonl:2", "json")
    one("lines.jsonl:3", "text")
    one("lines.jsonl:4", "date")
    one("nope.txt", "no such file")
    # good.txt, ok-1 and bad-date (date falls back) are stored
    assert "ingested 3 new document(s)" in proc.stdout


def test_exit_status_is_nonzero_only_when_nothing_was_read(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    (tmp_path / "empty.txt").write_text("")
    proc = run_cli(["ingest", str(tmp_path / "empty.txt"), str(tmp_path / "missing")], db=db, check=False)
    assert proc.returncode != 0
    assert len([x for x in proc.stderr.splitlines() if x.strip()]) == 2


def test_bad_input_does_not_damage_what_is_stored(batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    run_cli(["ingest", str(batch / "good.txt")], db=db)
    run_cli(["extract"], db=db)
    before = run_cli(["events", "--json"], db=db).stdout
    run_cli(["ingest", str(batch)], db=db, check=False)
    after_ingest = run_cli(["events", "--json"], db=db).stdout
    assert before == after_ingest


def test_unparseable_cli_date_is_a_clear_error(tmp_path: Path) -> None:
    proc = run_cli(["ingest", str(tmp_path), "--published", "yesterday-ish"], db=tmp_path / "x.duckdb", check=False)
    assert proc.returncode == 2
    assert "--published" in proc.stderr


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_text("this is not a database")
    proc = run_cli(["events"], db=bogus, check=False)
    assert proc.returncode == 2
    assert "not a detente database" in proc.stderr
