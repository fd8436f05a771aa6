"""Events -> table rows, and bulk inserts of those rows.

DuckDB's `executemany` costs about a millisecond per row and list parameters about a
microsecond per value, both far from the 20k events/s a re-code of a large corpus needs.
Registering columns as NumPy object arrays lets DuckDB scan them natively (no pandas, no
Arrow): a 25-column batch of 20k rows goes in roughly ten times faster than with lists.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
import numpy as np

from detente.model import Actor, Event, event_types
from detente.store.records import StoreError

Row = tuple[Any, ...]

EVENT_COLUMNS = (
    "event_id", "doc_id", "origin", "event_type", "mode", "cameo", "quad_class", "intensity",
    "symmetric", "status", "attributed_code", "attributed_json", "date_start", "date_end",
    "date_precision", "date_approximate", "date_text", "location_name", "location_country",
    "location_lat", "location_lon", "confidence", "cluster_id", "extra", "source_url", "published",
)
ACTOR_COLUMNS = ("event_id", "role", "position", "code", "kind", "name", "person", "sector", "body", "text")
EVIDENCE_COLUMNS = ("event_id", "position", "sentence", "start_char", "end_char", "trigger")
DYAD_COLUMNS = (
    "event_id", "position", "doc_id", "origin", "event_type", "mode", "quad_class", "intensity",
    "status", "symmetric", "source_code", "source_kind", "target_code", "target_kind", "date_start",
    "date_end", "date_precision", "published", "event_date", "confidence", "cluster_id",
)
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "events": EVENT_COLUMNS, "event_actors": ACTOR_COLUMNS, "evidence": EVIDENCE_COLUMNS, "dyads": DYAD_COLUMNS,
}
_STATUSES = ("occurred", "planned", "expected", "cancelled", "failed")


@dataclass(slots=True)
class EventBatch:
    """Rows for the four event tables, filled event by event, inserted together."""

    events: list[Row] = field(default_factory=list)
    actors: list[Row] = field(default_factory=list)
    evidence: list[Row] = field(default_factory=list)
    dyads: list[Row] = field(default_factory=list)

    def add(self, ev: Event, *, doc_id: str | None, origin: str, published: date | None,
            source_url: str | None = None, extra: Mapping[str, Any] | None = None) -> None:
        check_event(ev)
        eid = ev.event_id
        quad, cameo, intensity = ev.quad_class, ev.cameo, ev.intensity
        span, loc, attributed = ev.date, ev.location, ev.attributed_to
        self.events.append((
            eid, doc_id, origin, ev.event_type, ev.mode, cameo, quad, intensity, ev.symmetric, ev.status,
            attributed.code if attributed else None,
            json.dumps(attributed.to_dict()) if attributed else None,
            span.start if span else None, span.end if span else None, span.precision if span else None,
            span.approximate if span else None, span.text if span else None,
            loc.name if loc else None, loc.country if loc else None, loc.lat if loc else None,
            loc.lon if loc else None,
            ev.confidence, None, json.dumps(dict(extra)) if extra is not None else None, source_url, published,
        ))
        for role, actors in (("source", ev.sources), ("target", ev.targets)):
            for i, a in enumerate(actors):
                self.actors.append((eid, role, i, a.code, a.kind, a.name, a.person, a.sector, a.body, a.text))
        for i, m in enumerate(ev.evidence):
            self.evidence.append((eid, i, m.sentence, m.start, m.end, m.trigger))
        start = span.start if span else None
        event_date = start if start is not None else published
        for i, (src, tgt) in enumerate(ev.dyads()):
            self.dyads.append((
                eid, i, doc_id, origin, ev.event_type, ev.mode, quad, intensity, ev.status, ev.symmetric,
                src.code, src.kind, _code_of(tgt), tgt.kind if tgt else None,
                start, span.end if span else None, span.precision if span else None,
                published, event_date, ev.confidence, None,
            ))

    def tables(self) -> dict[str, list[Row]]:
        return {"events": self.events, "event_actors": self.actors, "evidence": self.evidence,
                "dyads": self.dyads}


def _code_of(actor: Actor | None) -> str | None:
    return actor.code if actor is not None else None


def check_event(ev: Event) -> None:
    """Refuse events that would break the export contract, naming the culprit."""
    if ev.event_type not in event_types():
        raise StoreError(f"event {ev.event_id}: unknown event type {ev.event_type!r}")
    if not ev.sources:
        raise StoreError(f"event {ev.event_id}: no source actor")
    if ev.status not in _STATUSES:
        raise StoreError(f"event {ev.event_id}: unknown status {ev.status!r}")
    if not 0.0 <= ev.confidence <= 1.0:
        raise StoreError(f"event {ev.event_id}: confidence {ev.confidence} outside 0..1")


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_INT_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT")
_NAN = float("nan")


def _object_array(values: Sequence[Any]) -> np.ndarray:
    # Filling a preallocated array keeps NumPy from building 2-D arrays out of nested values.
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def _float_array(values: Sequence[Any]) -> np.ndarray:
    # NumPy turns None into NaN here, and DuckDB reads NaN in a float64 array as NULL.
    return np.array(values, dtype=np.float64)


def _column(name: str, values: Sequence[Any], sql_type: str) -> tuple[np.ndarray, str]:
    """A NumPy array for one staged column and the SQL that casts it to `sql_type`.

    Typed arrays skip DuckDB's per-value Python inspection of object arrays, which costs
    about 0.5 microseconds for a `datetime.date`: dates travel as days since 1970.
    """
    ref = f'"{name}"'
    if sql_type == "DATE":
        days = [_NAN if v is None else v.toordinal() - _EPOCH_ORDINAL for v in values]
        return np.array(days, dtype=np.float64), f"CAST(DATE '1970-01-01' + CAST({ref} AS INTEGER) AS DATE)"
    if sql_type == "DOUBLE":
        return _float_array(values), ref
    has_null = None in values
    if sql_type in _INT_TYPES:
        arr = _float_array(values) if has_null else np.array(values, dtype=np.int64)
        return arr, f"CAST({ref} AS {sql_type})"
    if sql_type == "BOOLEAN":
        arr = _float_array(values) if has_null else np.array(values, dtype=np.bool_)
        return arr, f"CAST({ref} AS BOOLEAN)"
    # Strings, JSON and timestamps: object arrays, cast so an all-NULL column gets its type.
    return _object_array(values), f"CAST({ref} AS {sql_type})"


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector around bulk row building.

    A batch allocates several acyclic tuples per event; each allocation burst triggers
    collections that walk every live object of the process (the coder's too), which
    measured at about a third of the store's own time on large batches.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def staged(con: duckdb.DuckDBPyConnection, name: str, columns: Sequence[str], rows: Sequence[Row],
           types: Mapping[str, str]) -> Iterator[dict[str, str]]:
    """Expose `rows` to SQL as the view `name` for the duration of the block.

    Yields, per column, the SQL expression that reads it back with its type from `types`.
    """
    cols: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    if len(cols) != len(columns):
        raise ValueError(f"{name}: {len(columns)} column names for {len(cols)} columns")
    arrays: dict[str, np.ndarray] = {}
    exprs: dict[str, str] = {}
    for column, values in zip(columns, cols, strict=True):
        arrays[column], exprs[column] = _column(column, values, types[column])
    con.register(name, arrays)
    try:
        yield exprs
    finally:
        # After a failed statement DuckDB refuses even this until ROLLBACK; the view is then
        # left behind and replaced by the next registration under the same name.
        with suppress(duckdb.Error):
            con.unregister(name)


def column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_name = ? AND table_catalog = current_database()",
        [table],
    ).fetchall()
    return {str(n): str(t) for n, t in rows}


def select_list(exprs: Mapping[str, str], columns: Sequence[str]) -> str:
    """`expr AS "column", ...`: a staged view read back with the table's types."""
    return ", ".join(f'{exprs[c]} AS "{c}"' for c in columns)


def bulk_insert(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: Sequence[Row],
                types: Mapping[str, str]) -> int:
    if not rows:
        return 0
    stage = f"_stage_{table}"
    with staged(con, stage, columns, rows, types) as exprs:
        names = ", ".join(f'"{c}"' for c in columns)
        con.execute(f'INSERT INTO "{table}" ({names}) SELECT {select_list(exprs, columns)} FROM "{stage}"')
    return len(rows)
