"""The DuckDB repository: documents in, coded events in, events and export rows out.

One read-write process at a time (DuckDB's file lock); inside it, reads go through their
own cursors so the web API can serve threads while the main connection writes.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from detente.model import Actor, DateSpan, Document, Event, Evidence, Location
from detente.store import export as export_mod
from detente.store.export import Format
from detente.store.filters import EVENT_ORDER_SQL, EventFilter
from detente.store.records import AddResult, DocumentMeta, Imported, StoredEvent, StoreError
from detente.store.rows import (
    DYAD_COLUMNS,
    EVENT_COLUMNS,
    TABLE_COLUMNS,
    EventBatch,
    Row,
    bulk_insert,
    column_types,
    no_gc,
    select_list,
    staged,
)
from detente.store.schema import Migration, migrate, packaged_migrations, read_version

MEMORY = ":memory:"
_DOC_COLUMNS = ("id", "name", "title", "url", "source", "path", "published", "published_from", "text",
                "n_chars", "n_words", "ingested_at")
_META_COLUMNS = ("id", "name", "title", "url", "source", "path", "published", "published_from", "n_chars",
                 "n_words", "ingested_at", "coded_at", "coder_version", "n_events")
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?)(?:\. See also|$)")
# Keyset pages of uncoded ids: large enough to amortise the scan, small enough to bound memory.
_ID_PAGE = 4096
_FAR_FUTURE = date(9999, 12, 31)
_LITERAL_IN_MAX = 256


def _now() -> datetime:
    # Naive UTC: DuckDB TIMESTAMP has no zone, and the CLI shows these as UTC.
    return datetime.now(UTC).replace(tzinfo=None)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Store:
    """A detente database file. Creates and migrates it on open unless `read_only`."""

    def __init__(self, path: str | Path, *, read_only: bool = False,
                 migrations: Sequence[Migration] | None = None) -> None:
        self.path = path if str(path) == MEMORY else Path(path)
        self.read_only = read_only
        self._label = str(self.path)
        self._lock = threading.RLock()
        self._con = self._connect()
        self._migrations = tuple(migrations) if migrations is not None else packaged_migrations()
        try:
            self._version = self._open_schema()
            self._types = {t: column_types(self._con, t) for t in (*TABLE_COLUMNS, "documents")}
        except BaseException:
            self._con.close()
            raise

    # -- opening -------------------------------------------------------------------------

    def _connect(self) -> duckdb.DuckDBPyConnection:
        if isinstance(self.path, Path):
            if self.read_only and not self.path.exists():
                raise StoreError(f"no detente database at {self._label}")
            if not self.read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if self.path.exists() and self.path.is_file() and self.path.stat().st_size == 0:
                    # An empty file (mkstemp, touch) holds nothing to lose; DuckDB rejects it.
                    self.path.unlink()
        try:
            return duckdb.connect(self._label, read_only=self.read_only)
        except duckdb.Error as exc:
            raise self._open_error(exc) from exc

    def _open_error(self, exc: duckdb.Error) -> StoreError:
        text = str(exc)
        if "Could not set lock" in text or "Conflicting lock" in text:
            holder = _LOCK_HOLDER.search(text)
            detail = f" (held by {holder.group(1)})" if holder else ""
            return StoreError(f"database is locked by another detente process: {self._label}{detail}")
        if "not a valid DuckDB database" in text:
            return StoreError(f"not a detente database: {self._label}")
        if "different configuration" in text:
            return StoreError(f"database is already open in this process in another mode: {self._label}")
        return StoreError(f"cannot open database {self._label}: {text}")

    def _open_schema(self) -> int:
        known = len(self._migrations)
        if not self.read_only:
            return migrate(self._con, self._migrations, self._label)
        version = read_version(self._con, self._label)
        if version > known:
            raise StoreError(f"database schema version {version} is newer than this detente supports "
                             f"({known}): {self._label}; upgrade detente to open it")
        if version < known:
            raise StoreError(f"database schema version {version} is older than this detente's ({known}): "
                             f"{self._label}; open it once without read-only to migrate it")
        return version

    # -- lifecycle -----------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._version

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The underlying connection, for analysis SQL. Read with it; write through the Store."""
        return self._con

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new connection to the same database, for use from another thread."""
        return self._con.cursor()

    @contextmanager
    def _reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self.read_only:
            raise StoreError(f"database is open read-only: {self._label}")
        with self._lock:
            con = self._con
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            try:
                con.execute("COMMIT")
            except duckdb.Error as exc:
                with suppress(duckdb.Error):
                    con.execute("ROLLBACK")
                raise StoreError(f"commit failed on {self._label}: {exc}") from exc

    def _insert(self, con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
                rows: Sequence[Row]) -> int:
        try:
            return bulk_insert(con, table, columns, rows, self._types[table])
        except duckdb.ConstraintException as exc:
            raise StoreError(f"cannot write {table}: {exc}") from exc

    # -- documents -----------------------------------------------------------------------

    def add_documents(self, docs: Iterable[Document], *, batch_size: int = 1000) -> AddResult:
        """Insert documents keyed by id; ones already stored (or repeated) count as existing."""
        added = seen = 0
        ids_seen: set[str] = set()
        for chunk in _chunks(docs, batch_size):
            seen += len(chunk)
            rows: list[Row] = []
            now = _now()
            for d in chunk:
                if d.id in ids_seen:
                    continue
                ids_seen.add(d.id)
                rows.append((d.id, d.name, d.title, d.url, d.source, d.path, d.published, d.published_from,
                             d.text, len(d.text), len(d.text.split()), now))
            types = self._types["documents"]
            with self._transaction() as con, staged(con, "_stage_docs", _DOC_COLUMNS, rows, types) as exprs:
                # The primary key answers "already stored?" by index lookups, not a scan.
                row = con.execute(
                    f"INSERT INTO documents ({', '.join(_DOC_COLUMNS)}) "
                    f"SELECT {select_list(exprs, _DOC_COLUMNS)} FROM _stage_docs ON CONFLICT DO NOTHING"
                ).fetchone()
                added += int(row[0]) if row else 0
        return AddResult(added=added, existing=seen - added)

    def document(self, doc_id: str) -> Document | None:
        with self._reader() as cur:
            row = cur.execute(
                "SELECT id, name, text, title, published, url, source, path, published_from "
                "FROM documents WHERE id = ?", [doc_id]).fetchone()
        return _document(row) if row else None

    def documents(self, *, coded: bool | None = None, limit: int | None = None,
                  offset: int = 0) -> list[DocumentMeta]:
        """Document metadata (no text), in (published, id) order."""
        where = {None: "TRUE", True: "coded_at IS NOT NULL", False: "coded_at IS NULL"}[coded]
        page, params = ("LIMIT ? OFFSET ?", [limit, offset]) if limit is not None else ("OFFSET ?", [offset])
        with self._reader() as cur:
            rows = cur.execute(
                f"SELECT {', '.join(_META_COLUMNS)} FROM documents WHERE {where} "
                f"ORDER BY published NULLS LAST, id {page}", params).fetchall()
        return [DocumentMeta(*r) for r in rows]

    def count_uncoded(self) -> int:
        with self._reader() as cur:
            row = cur.execute("SELECT count(*) FROM documents WHERE coded_at IS NULL").fetchone()
        return int(row[0]) if row else 0

    def iter_uncoded(self, batch_size: int = 64) -> Iterator[list[Document]]:
        """Uncoded documents in (published, id) order, `batch_size` at a time.

        Keyset pagination over (published, id), so documents coded between two batches
        are neither repeated nor make others skipped, and memory stays bounded by one
        page of ids plus one batch of texts.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        key: tuple[date, str] | None = None
        while True:
            ids = self._uncoded_page(key)
            if not ids:
                return
            key = ids[-1]
            for chunk in _chunks([i for _, i in ids], batch_size):
                docs = self._uncoded_texts(chunk)
                if docs:
                    yield docs

    def _uncoded_page(self, after: tuple[date, str] | None) -> list[tuple[date, str]]:
        sort_key = f"coalesce(published, DATE '{_FAR_FUTURE.isoformat()}')"
        cond, params = "", []
        if after is not None:
            cond = f"AND ({sort_key} > ? OR ({sort_key} = ? AND id > ?))"
            params = [after[0], after[0], after[1]]
        with self._reader() as cur:
            rows = cur.execute(
                f"SELECT {sort_key} AS k, id FROM documents WHERE coded_at IS NULL {cond} "
                f"ORDER BY k, id LIMIT {_ID_PAGE}", params).fetchall()
        return [(r[0], r[1]) for r in rows]

    def _uncoded_texts(self, ids: list[str]) -> list[Document]:
        match, params = _id_filter("id", ids)
        with self._reader() as cur:
            rows = cur.execute(
                "SELECT id, name, text, title, published, url, source, path, published_from FROM documents "
                f"WHERE {match} AND coded_at IS NULL", params).fetchall()
        by_id = {r[0]: _document(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    # -- writing events ------------------------------------------------------------------

    def save_coded(self, results: Sequence[tuple[str, Sequence[Event]]], coder_version: str) -> int:
        """Replace the events of each document and mark it coded, all in one transaction.

        A crash at any point leaves every document of the batch either coded with all its
        events or as it was before. Returns the number of events written.
        """
        if not results:
            return 0
        doc_ids = [doc_id for doc_id, _ in results]
        if len(set(doc_ids)) != len(doc_ids):
            raise StoreError("save_coded: a document appears twice in one batch")
        with self._lock, no_gc():
            known = self._doc_state(doc_ids)
            batch = EventBatch()
            event_ids: set[str] = set()
            counts: list[tuple[str, int]] = []
            for doc_id, events in results:
                if doc_id not in known:
                    raise StoreError(f"save_coded: unknown document {doc_id}")
                published = known[doc_id][0]
                for ev in events:
                    if ev.doc_id and ev.doc_id != doc_id:
                        raise StoreError(f"event {ev.event_id} belongs to {ev.doc_id}, saved under {doc_id}")
                    if ev.event_id in event_ids:
                        raise StoreError(f"save_coded: event id {ev.event_id} appears twice in one batch")
                    event_ids.add(ev.event_id)
                    batch.add(ev, doc_id=doc_id, origin=ev.origin, published=published)
                counts.append((doc_id, len(events)))
            # Only documents that hold events need the delete scans.
            stale = [d for d in doc_ids if known[d][1]]
            with self._transaction() as con:
                if stale:
                    self._delete_doc_events(con, stale)
                for table, rows in batch.tables().items():
                    self._insert(con, table, TABLE_COLUMNS[table], rows)
                self._mark_coded(con, counts, coder_version)
            return len(batch.events)

    @staticmethod
    def _mark_coded(con: duckdb.DuckDBPyConnection, counts: Sequence[tuple[str, int]], coder_version: str) -> None:
        ids = [doc_id for doc_id, _ in counts]
        match, params = _id_filter("id", ids)
        # n_events differs per document: look it up by the id's position in the batch.
        con.execute(
            "UPDATE documents SET coded_at = ?, coder_version = ?, "
            f"n_events = (?::INTEGER[])[list_position(?::VARCHAR[], id)] WHERE {match}",
            [_now(), coder_version, [n for _, n in counts], ids, *params])

    def _doc_state(self, doc_ids: Sequence[str]) -> dict[str, tuple[date | None, bool]]:
        """published and whether it holds events, per known document id.

        n_events is written in the same transaction as the events, so it is exact.
        """
        match, params = _id_filter("id", doc_ids)
        rows = self._con.execute(
            f"SELECT id, published, coalesce(n_events, 0) > 0 FROM documents WHERE {match}", params).fetchall()
        return {r[0]: (r[1], bool(r[2])) for r in rows}

    @staticmethod
    def _delete_doc_events(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> None:
        match, params = _id_filter("doc_id", doc_ids)
        sub = f"SELECT event_id FROM events WHERE {match}"
        con.execute(f"DELETE FROM event_actors WHERE event_id IN ({sub})", params)
        con.execute(f"DELETE FROM evidence WHERE event_id IN ({sub})", params)
        con.execute(f"DELETE FROM dyads WHERE {match}", params)
        con.execute(f"DELETE FROM events WHERE {match}", params)

    def add_events(self, events: Sequence[Event | Imported], *, origin: str, batch_size: int = 20000) -> int:
        """Store events from another dataset (no document); ids already stored are skipped.

        Pass `Imported(event, source_url=..., extra={...})` to keep importer fields such as
        GDELT's NumArticles. Returns the number of events added. Each batch commits on its
        own, so a crash loses at most the batch in flight and a re-run fills the gap.
        """
        added = 0
        for chunk in _chunks(events, batch_size):
            items = [x if isinstance(x, Imported) else Imported(x) for x in chunk]
            with self._lock, no_gc():
                batch = EventBatch()
                seen: set[str] = set()
                for item in items:
                    if item.event.event_id not in seen:
                        seen.add(item.event.event_id)
                        batch.add(item.event, doc_id=None, origin=origin, published=None,
                                  source_url=item.source_url, extra=item.extra)
                with self._transaction() as con:
                    new = self._insert_new_events(con, batch.events)
                    for table in ("event_actors", "evidence", "dyads"):
                        rows = [r for r in batch.tables()[table] if r[0] in new]
                        self._insert(con, table, TABLE_COLUMNS[table], rows)
                added += len(new)
        return added

    def _insert_new_events(self, con: duckdb.DuckDBPyConnection, rows: Sequence[Row]) -> set[str]:
        """Insert event rows whose id is not stored yet; returns the ids inserted."""
        if not rows:
            return set()
        names = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        with staged(con, "_stage_events", EVENT_COLUMNS, rows, self._types["events"]) as exprs:
            # The primary key finds the existing ids by index lookups; no scan of events.
            inserted = con.execute(
                f"INSERT INTO events ({names}) SELECT {select_list(exprs, EVENT_COLUMNS)} FROM _stage_events "
                "ON CONFLICT DO NOTHING RETURNING event_id").fetchall()
        return {r[0] for r in inserted}

    def reset_coding(self, doc_ids: Sequence[str] | None = None) -> int:
        """Mark documents uncoded again and drop their events (all documents when None).

        Events go in the same transaction, so "uncoded" always means "has no events".
        Returns the number of documents reset.
        """
        with self._transaction() as con:
            if doc_ids is None:
                sub = "SELECT event_id FROM events WHERE doc_id IS NOT NULL"
                con.execute(f"DELETE FROM event_actors WHERE event_id IN ({sub})")
                con.execute(f"DELETE FROM evidence WHERE event_id IN ({sub})")
                con.execute("DELETE FROM dyads WHERE doc_id IS NOT NULL")
                con.execute("DELETE FROM events WHERE doc_id IS NOT NULL")
                row = con.execute("UPDATE documents SET coded_at = NULL, coder_version = NULL, n_events = NULL "
                                  "WHERE coded_at IS NOT NULL OR n_events IS NOT NULL").fetchone()
            else:
                ids = list(dict.fromkeys(doc_ids))
                if not ids:
                    return 0
                self._delete_doc_events(con, ids)
                match, params = _id_filter("id", ids)
                row = con.execute(
                    "UPDATE documents SET coded_at = NULL, coder_version = NULL, n_events = NULL "
                    f"WHERE {match} AND (coded_at IS NOT NULL OR n_events IS NOT NULL)", params).fetchone()
        return int(row[0]) if row else 0

    def set_clusters(self, assignments: Mapping[str, str | None]) -> int:
        """Set cluster_id per event id (None clears it) on events and dyads together."""
        rows = list(assignments.items())
        if not rows:
            return 0
        cols = ("event_id", "cluster_id")
        types = {"event_id": "VARCHAR", "cluster_id": "VARCHAR"}
        with self._transaction() as con, staged(con, "_stage_clusters", cols, rows, types) as exprs:
            sub = f"(SELECT {select_list(exprs, cols)} FROM _stage_clusters)"
            row = con.execute(f"UPDATE events SET cluster_id = s.cluster_id FROM {sub} s "
                              "WHERE events.event_id = s.event_id").fetchone()
            con.execute(f"UPDATE dyads SET cluster_id = s.cluster_id FROM {sub} s WHERE dyads.event_id = s.event_id")
        return int(row[0]) if row else 0

    def compact(self) -> None:
        """Rewrite dyads in date order so zone maps prune date ranges; then checkpoint.

        Coding order already keeps dyads roughly by date; imports and re-codes drift it.
        """
        cols = ", ".join(f'"{c}"' for c in DYAD_COLUMNS)
        with self._transaction() as con:
            con.execute(f"CREATE TEMP TABLE _dyads_sorted AS SELECT {cols} FROM dyads "
                        "ORDER BY event_date NULLS LAST, event_id, position")
            con.execute("DELETE FROM dyads")
            con.execute(f"INSERT INTO dyads ({cols}) SELECT {cols} FROM _dyads_sorted")
            con.execute("DROP TABLE _dyads_sorted")
        with self._lock:
            self._con.execute("CHECKPOINT")

    # -- reading events ------------------------------------------------------------------

    def _event_query(self, f: EventFilter) -> tuple[str, list[object]]:
        where, params = f.where()
        page, page_params = f.page()
        actor_struct = ("struct_pack(role := a.role, position := a.position, code := a.code, kind := a.kind, "
                        "name := a.name, person := a.person, sector := a.sector, body := a.body, text := a.text)")
        evidence_struct = ("struct_pack(sentence := v.sentence, start_char := v.start_char, "
                           "end_char := v.end_char, trigger := v.trigger)")
        # Sorting inside is only needed to cut a page; the outer ORDER BY fixes the output order.
        inner = f"SELECT * FROM events e WHERE {where}"
        if page:
            inner += f" ORDER BY {EVENT_ORDER_SQL} {page}"
        sql = f"""
            WITH sel AS MATERIALIZED (
                SELECT e.*, d.name AS doc_name, d.title AS doc_title, d.url AS doc_url
                FROM ({inner}) e LEFT JOIN documents d ON d.id = e.doc_id
            ),
            acts AS (
                SELECT a.event_id, list({actor_struct} ORDER BY a.role, a.position) AS actors
                FROM event_actors a WHERE a.event_id IN (SELECT event_id FROM sel) GROUP BY a.event_id
            ),
            mentions AS (
                SELECT v.event_id, list({evidence_struct} ORDER BY v.position) AS mentions
                FROM evidence v WHERE v.event_id IN (SELECT event_id FROM sel) GROUP BY v.event_id
            )
            SELECT e.*, acts.actors, mentions.mentions
            FROM sel e LEFT JOIN acts USING (event_id) LEFT JOIN mentions USING (event_id)
            ORDER BY {EVENT_ORDER_SQL}
        """
        return sql, [*params, *page_params]

    def _iter_events(self, f: EventFilter, fetch: int = 2048) -> Iterator[StoredEvent]:
        sql, params = self._event_query(f)
        with self._reader() as cur:
            cur.execute(sql, params)
            names = [d[0] for d in cur.description or ()]
            while True:
                rows = cur.fetchmany(fetch)
                if not rows:
                    return
                for r in rows:
                    yield _stored_event(dict(zip(names, r, strict=True)))

    def events(self, f: EventFilter | None = None) -> list[StoredEvent]:
        """Events matching `f` in (date, event_id) order; see EventFilter for the date rule."""
        return list(self._iter_events(f or EventFilter()))

    def count_events(self, f: EventFilter | None = None) -> int:
        where, params = (f or EventFilter()).where()
        with self._reader() as cur:
            row = cur.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()
        count = int(row[0]) if row else 0
        if f is not None:
            count = max(0, count - f.offset)
            if f.limit is not None:
                count = min(count, f.limit)
        return count

    def iter_export_rows(self, f: EventFilter | None = None) -> Iterator[dict[str, Any]]:
        """Export rows (event.schema.json), one per dyad, streaming."""
        f = f or EventFilter()
        for ev in self._iter_events(f):
            for row in ev.to_rows():
                if f.keeps_dyad(row["source"]["code"], row["target"]["code"] if row["target"] else None):
                    yield row

    def export(self, path: Path, fmt: Format, f: EventFilter | None = None) -> int:
        """Write export rows to `path` atomically; returns the number of rows."""
        return export_mod.write_rows(self.iter_export_rows(f), Path(path), fmt)

    # -- summary -------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        with self._reader() as cur:
            docs = cur.execute("SELECT count(*), count(coded_at) FROM documents").fetchone() or (0, 0)
            events = dict(cur.execute("SELECT origin, count(*) FROM events GROUP BY origin").fetchall())
            dyads = dict(cur.execute("SELECT origin, count(*) FROM dyads GROUP BY origin").fetchall())
        origins = sorted(set(events) | set(dyads))
        return {
            "path": self._label,
            "schema_version": self._version,
            "documents": int(docs[0]),
            "coded": int(docs[1]),
            "uncoded": int(docs[0]) - int(docs[1]),
            "events": sum(events.values()),
            "dyads": sum(dyads.values()),
            "by_origin": {o: {"events": int(events.get(o, 0)), "dyads": int(dyads.get(o, 0))} for o in origins},
        }


def _id_filter(column: str, ids: Sequence[str]) -> tuple[str, list[object]]:
    """SQL matching `column` against ids, shaped for DuckDB's cost at each size.

    Ids are hashes, so zone maps cannot prune and every form scans the column: a literal
    IN list is the cheapest for a batch of documents, a hash semi-join for thousands.
    """
    ids = list(ids)
    if not ids:
        return "FALSE", []
    if len(ids) <= _LITERAL_IN_MAX:
        return f"{column} IN ({', '.join('?' * len(ids))})", list(ids)
    return f"{column} IN (SELECT unnest(?::VARCHAR[]))", [ids]


def _document(row: Sequence[Any]) -> Document:
    doc_id, name, text, title, published, url, source, path, published_from = row
    return Document(id=doc_id, name=name, text=text, title=title, published=published, url=url, source=source,
                    path=path, published_from=published_from)


def _actor(d: Mapping[str, Any]) -> Actor:
    return Actor(code=d["code"], kind=d["kind"], name=d["name"], person=d["person"], sector=d["sector"],
                 body=d["body"], text=d["text"])


def _stored_event(r: Mapping[str, Any]) -> StoredEvent:
    actors = r["actors"] or []
    span = None
    if r["date_start"] is not None:
        span = DateSpan(start=r["date_start"], end=r["date_end"] or r["date_start"],
                        precision=r["date_precision"] or "day", approximate=bool(r["date_approximate"]),
                        text=r["date_text"])
    location = None
    if r["location_name"] is not None:
        location = Location(name=r["location_name"], country=r["location_country"], lat=r["location_lat"],
                            lon=r["location_lon"])
    attributed = _actor(json.loads(r["attributed_json"])) if r["attributed_json"] else None
    return StoredEvent(
        event_id=r["event_id"],
        doc_id=r["doc_id"] or "",
        event_type=r["event_type"],
        sources=tuple(_actor(a) for a in actors if a["role"] == "source"),
        targets=tuple(_actor(a) for a in actors if a["role"] == "target"),
        mode=r["mode"],
        symmetric=bool(r["symmetric"]),
        status=r["status"],
        attributed_to=attributed,
        date=span,
        location=location,
        evidence=tuple(Evidence(sentence=m["sentence"], start=m["start_char"], end=m["end_char"],
                                trigger=m["trigger"]) for m in (r["mentions"] or [])),
        confidence=float(r["confidence"]),
        origin=r["origin"],
        doc_name=r["doc_name"],
        doc_title=r["doc_title"],
        doc_url=r["doc_url"],
        published=r["published"],
        cluster_id=r["cluster_id"],
        source_url=r["source_url"],
        extra=json.loads(r["extra"]) if r["extra"] else None,
    )
