"""Opening, migrating and refusing databases."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from detente.store import Store, StoreError
from detente.store.schema import Migration, packaged_migrations


def test_new_database_is_migrated_to_the_packaged_version(db_path: Path) -> None:
    with Store(db_path) as s:
        assert s.schema_version == len(packaged_migrations()) >= 1
        tables = {r[0] for r in s.connection.execute("SHOW TABLES").fetchall()}
        assert {"meta", "documents", "events", "event_actors", "evidence", "dyads"} <= tables
        version = s.connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert version == (str(s.schema_version),)


def test_reopening_keeps_data_and_version(db_path: Path) -> None:
    with Store(db_path) as s:
        s.connection.execute("INSERT INTO meta VALUES ('marker', 'kept')")
    with Store(db_path) as s:
        assert s.connection.execute("SELECT value FROM meta WHERE key = 'marker'").fetchone() == ("kept",)


def test_later_migrations_apply_in_order_once(db_path: Path) -> None:
    base = packaged_migrations()
    with Store(db_path, migrations=base):
        pass
    extra = (
        Migration(len(base) + 2, "second.sql", "ALTER TABLE notes ADD COLUMN body TEXT;"),
        Migration(len(base) + 1, "first.sql", "CREATE TABLE notes (id INTEGER);"),
    )
    with Store(db_path, migrations=(*base, *extra)) as s:
        assert s.schema_version == len(base) + 2
        cols = [r[0] for r in s.connection.execute("DESCRIBE notes").fetchall()]
        assert cols == ["id", "body"]
    # Opening again must not re-run them (a second ADD COLUMN would fail).
    with Store(db_path, migrations=(*base, *extra)) as s:
        assert s.schema_version == len(base) + 2


def test_failed_migration_rolls_back_and_keeps_old_version(db_path: Path) -> None:
    base = packaged_migrations()
    with Store(db_path, migrations=base):
        pass
    broken = Migration(len(base) + 1, "broken.sql", "CREATE TABLE half (id INTEGER); SELECT * FROM no_such_table;")
    with pytest.raises(StoreError, match=r"broken\.sql"):
        Store(db_path, migrations=(*base, broken))
    with Store(db_path, migrations=base) as s:
        assert s.schema_version == len(base)
        tables = {r[0] for r in s.connection.execute("SHOW TABLES").fetchall()}
        assert "half" not in tables


def test_gap_in_migration_numbers_is_refused(db_path: Path) -> None:
    base = packaged_migrations()
    with pytest.raises(StoreError, match="numbered"):
        Store(db_path, migrations=(*base, Migration(len(base) + 2, "skipped.sql", "SELECT 1;")))


def test_newer_schema_is_a_clear_error(db_path: Path) -> None:
    with Store(db_path) as s:
        s.connection.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match=r"schema version 999 is newer than this detente supports"):
        Store(db_path)
    with pytest.raises(StoreError, match="newer"):
        Store(db_path, read_only=True)


def test_file_that_is_not_duckdb_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError, match=r"^not a detente database: .*notes\.duckdb"):
        Store(bogus)
    assert bogus.read_text().startswith("these are my notes")


def test_foreign_duckdb_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE sales (id INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a detente database"):
        Store(other)


def test_empty_file_is_treated_as_new(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    empty.touch()
    with Store(empty) as s:
        assert s.schema_version >= 1


def test_read_only(db_path: Path) -> None:
    with pytest.raises(StoreError, match="no detente database"):
        Store(db_path, read_only=True)
    with Store(db_path):
        pass
    with Store(db_path, read_only=True) as s:
        assert s.stats()["documents"] == 0
        with pytest.raises(StoreError, match="read-only"):
            s.reset_coding()


def test_read_only_refuses_an_unmigrated_database(db_path: Path) -> None:
    base = packaged_migrations()
    with Store(db_path, migrations=base[:0]):
        pass
    with pytest.raises(StoreError, match="older"):
        Store(db_path, read_only=True)


def test_lock_held_by_another_process(db_path: Path) -> None:
    with Store(db_path):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from detente.store import Store
            s = Store({str(db_path)!r})
            print("ready", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match=r"^database is locked by another detente process: .*detente\.duckdb"):
            Store(db_path)
    finally:
        holder.kill()
        holder.wait(timeout=30)
    with Store(db_path) as s:  # the lock goes with the process
        assert s.schema_version >= 1


def test_in_memory_store_for_tests_and_tools() -> None:
    with Store(":memory:") as s:
        assert s.schema_version >= 1
        assert s.stats()["documents"] == 0
        # Reads run on cursors: they must see the same in-memory database.
        s.connection.execute("INSERT INTO meta VALUES ('probe', 'x')")
        assert s.cursor().execute("SELECT value FROM meta WHERE key = 'probe'").fetchone() == ("x",)
