"""Versioned schema: `migrations/NNNN_name.sql` applied in order when a store is opened."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import duckdb

from detente.store.records import StoreError

_FILE_NAME = re.compile(r"^(\d{4})_[A-Za-z0-9_]+\.sql$")
VERSION_KEY = "schema_version"


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def packaged_migrations() -> tuple[Migration, ...]:
    """The migrations shipped with the package, checked to be numbered 1, 2, 3, ..."""
    root = resources.files("detente.store").joinpath("migrations")
    found: list[Migration] = []
    for entry in root.iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    return check_sequence(found)


def check_sequence(migrations: Sequence[Migration]) -> tuple[Migration, ...]:
    ordered = tuple(sorted(migrations, key=lambda m: m.version))
    expected = list(range(1, len(ordered) + 1))
    if [m.version for m in ordered] != expected:
        # A gap would silently skip a schema change on upgrade; refuse to run at all.
        raise StoreError(f"migrations are not numbered 1..{len(ordered)}: {[m.name for m in ordered]}")
    return ordered


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_catalog = current_database()"
    ).fetchall()
    return {str(r[0]) for r in rows}


def read_version(con: duckdb.DuckDBPyConnection, label: str) -> int:
    """The schema version of an open database; 0 for a brand-new, empty one."""
    tables = table_names(con)
    if "meta" not in tables:
        if tables:
            raise StoreError(f"not a detente database: {label}")
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = ?", [VERSION_KEY]).fetchone()
    if row is None or not str(row[0]).isdigit():
        raise StoreError(f"not a detente database: {label}")
    return int(row[0])


def migrate(con: duckdb.DuckDBPyConnection, migrations: Sequence[Migration], label: str) -> int:
    """Bring the database up to the newest migration; returns the resulting version."""
    ordered = check_sequence(migrations)
    known = len(ordered)
    version = read_version(con, label)
    if version > known:
        raise StoreError(
            f"database schema version {version} is newer than this detente supports ({known}): {label}; "
            "upgrade detente to open it"
        )
    for migration in ordered[version:]:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [VERSION_KEY, str(migration.version)],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {migration.name} failed on {label}: {exc}") from exc
    return known
