"""Export rows (event.schema.json, one row per dyad) and the jsonl/csv/parquet writers.

Every format is written from the same rows built by `event_rows`, so the three files
always agree. Files are written to a temporary name beside the target and renamed at
the end, so a crash never leaves a half-written export under the real name.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import duckdb

from detente.model import Actor

if TYPE_CHECKING:
    from detente.store.records import StoredEvent

Format = Literal["jsonl", "csv", "parquet"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "parquet")

_ACTOR_SQL = "STRUCT(code VARCHAR, kind VARCHAR, name VARCHAR, person VARCHAR, sector VARCHAR, body VARCHAR, text VARCHAR)"
# Column types for parquet, in row-key order; keeps the file's schema the same whether or
# not a given export happens to contain, say, any located event.
PARQUET_COLUMNS: dict[str, str] = {
    "event_id": "VARCHAR",
    "cluster_id": "VARCHAR",
    "doc": "STRUCT(id VARCHAR, name VARCHAR, title VARCHAR, url VARCHAR, published DATE)",
    "event_type": "VARCHAR",
    "mode": "VARCHAR",
    "cameo": "VARCHAR",
    "quad_class": "TINYINT",
    "intensity": "DOUBLE",
    "symmetric": "BOOLEAN",
    "source": _ACTOR_SQL,
    "target": _ACTOR_SQL,
    "status": "VARCHAR",
    "attributed_to": _ACTOR_SQL,
    "date": 'STRUCT(start DATE, "end" DATE, precision VARCHAR, approximate BOOLEAN, text VARCHAR)',
    "location": "STRUCT(name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE)",
    "evidence": 'STRUCT(sentence VARCHAR, start INTEGER, "end" INTEGER, trigger VARCHAR)[]',
    "confidence": "DOUBLE",
    "origin": "VARCHAR",
    "extra": "JSON",
}

_ACTOR_FIELDS = ("code", "kind", "name", "person", "sector", "body", "text")
CSV_COLUMNS: tuple[str, ...] = (
    "event_id", "cluster_id", "doc_id", "doc_name", "doc_title", "doc_url", "published",
    "event_type", "mode", "cameo", "quad_class", "intensity", "symmetric",
    *(f"source_{f}" for f in _ACTOR_FIELDS), *(f"target_{f}" for f in _ACTOR_FIELDS),
    "status", *(f"attributed_{f}" for f in _ACTOR_FIELDS),
    "date_start", "date_end", "date_precision", "date_approximate", "date_text",
    "location_name", "location_country", "location_lat", "location_lon",
    "evidence", "evidence_start", "evidence_end", "trigger", "n_evidence",
    "confidence", "origin",
)


def _actor(actor: Actor | None) -> dict[str, Any] | None:
    return actor.to_dict() if actor is not None else None


def event_rows(ev: StoredEvent) -> list[dict[str, Any]]:
    """One export row per `Event.dyads()` pair; the event-level fields repeat on each."""
    doc = {
        # Imported events have no document; the schema still wants strings here.
        "id": ev.doc_id or "",
        "name": ev.doc_name if ev.doc_name is not None else ev.origin,
        "title": ev.doc_title,
        "url": ev.doc_url if ev.doc_url is not None else ev.source_url,
        "published": ev.published.isoformat() if ev.published else None,
    }
    shared: dict[str, Any] = {
        "event_type": ev.event_type,
        "mode": ev.mode,
        "cameo": ev.cameo,
        "quad_class": ev.quad_class,
        "intensity": ev.intensity,
        "symmetric": ev.symmetric,
        "status": ev.status,
        "attributed_to": _actor(ev.attributed_to),
        "date": ev.date.to_dict() if ev.date else None,
        "location": ev.location.to_dict() if ev.location else None,
        "evidence": [m.to_dict() for m in ev.evidence],
        "confidence": ev.confidence,
        "origin": ev.origin,
        "extra": dict(ev.extra) if ev.extra is not None else None,
    }
    rows = []
    for source, target in ev.dyads():
        row = {"event_id": ev.event_id, "cluster_id": ev.cluster_id, "doc": dict(doc),
               "source": source.to_dict(), "target": _actor(target), **shared}
        rows.append({key: row[key] for key in PARQUET_COLUMNS})
    return rows


def flatten(row: dict[str, Any]) -> dict[str, Any]:
    """A nested export row as flat CSV columns; evidence is reduced to its first mention."""
    doc = row["doc"]
    flat: dict[str, Any] = {
        "event_id": row["event_id"], "cluster_id": row["cluster_id"],
        "doc_id": doc["id"], "doc_name": doc["name"], "doc_title": doc["title"], "doc_url": doc["url"],
        "published": doc["published"],
    }
    for key in ("event_type", "mode", "cameo", "quad_class", "intensity", "symmetric"):
        flat[key] = row[key]
    for prefix, actor in (("source", row["source"]), ("target", row["target"])):
        for f in _ACTOR_FIELDS:
            flat[f"{prefix}_{f}"] = actor[f] if actor else None
    flat["status"] = row["status"]
    attributed = row["attributed_to"]
    for f in _ACTOR_FIELDS:
        flat[f"attributed_{f}"] = attributed[f] if attributed else None
    span = row["date"] or {}
    for f in ("start", "end", "precision", "approximate", "text"):
        flat[f"date_{f}"] = span.get(f)
    loc = row["location"] or {}
    for f in ("name", "country", "lat", "lon"):
        flat[f"location_{f}"] = loc.get(f)
    first = row["evidence"][0] if row["evidence"] else {}
    flat["evidence"] = first.get("sentence")
    flat["evidence_start"] = first.get("start")
    flat["evidence_end"] = first.get("end")
    flat["trigger"] = first.get("trigger")
    flat["n_evidence"] = len(row["evidence"])
    flat["confidence"] = row["confidence"]
    flat["origin"] = row["origin"]
    return flat


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed onto it only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write_jsonl_file(rows: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False))
            fh.write("\n")
            n += 1
    return n


def write_jsonl(rows: Iterable[dict[str, Any]], path: Path) -> int:
    with atomic_path(path) as tmp:
        return _write_jsonl_file(rows, tmp)


def write_csv(rows: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with atomic_path(path) as tmp:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(CSV_COLUMNS)
            for row in rows:
                flat = flatten(row)
                writer.writerow([_csv_value(flat[c]) for c in CSV_COLUMNS])
                n += 1
        return n


def write_parquet(rows: Iterable[dict[str, Any]], path: Path) -> int:
    """Parquet with the same nested structure as the JSON rows, written by DuckDB."""
    with atomic_path(path) as tmp:
        # The rows go through a JSONL spool that DuckDB reads with fixed column types.
        spool = tmp.with_name(tmp.name + ".jsonl")
        try:
            n = _write_jsonl_file(rows, spool)
            columns = ", ".join(f"'{k}': '{v}'" for k, v in PARQUET_COLUMNS.items())
            con = duckdb.connect()
            try:
                query = (f"SELECT * FROM read_json({_sql_str(str(spool))}, format = 'newline_delimited', "
                         f"columns = {{{columns}}})")
                con.execute(f"COPY ({query}) TO {_sql_str(str(tmp))} (FORMAT PARQUET)")
            finally:
                con.close()
        finally:
            spool.unlink(missing_ok=True)
        return n


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


WRITERS: dict[str, Callable[[Iterable[dict[str, Any]], Path], int]] = {
    "jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet,
}


def write_rows(rows: Iterable[dict[str, Any]], path: Path, fmt: Format) -> int:
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return writer(rows, Path(path))
