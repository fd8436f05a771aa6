"""`export events --format plover|cameo`: PLOVER JSON Lines and Phoenix-style CAMEO TSV.

Both are written from the store's export rows (one per dyad, `Store.iter_export_rows`), so
they hold exactly the rows `--format jsonl` would for the same filter, and both are
written to a temporary file renamed at the end: a crash never leaves half a file under
the real name. README.md beside this file documents every field and column.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from detente import __version__
from detente.interop.actors import ActorCrosswalk
from detente.interop.mapping import cameo_code
from detente.model import Actor
from detente.store import EventFilter, Store
from detente.store.export import atomic_path

InteropFormat = Literal["plover", "cameo"]
FORMATS: tuple[InteropFormat, ...] = ("plover", "cameo")

# PLOVER record fields, in the order they are written. Flat actor fields follow the
# POLECAT/PLOVER convention (actor = the code, agent = the sector); `quad_code`,
# `event_loc`, `event_text`, `text`, `cite_info` and `coder` are the PLOVER manual's names.
PLOVER_FIELDS: tuple[str, ...] = (
    "id", "event_id", "date", "enddate", "date_precision", "date_approximate",
    "event_type", "mode", "context", "quad_code", "intensity", "cameo",
    "source_actor", "source_agent", "source_kind", "source_name", "source_person", "source_body", "source_text",
    "target_actor", "target_agent", "target_kind", "target_name", "target_person", "target_body", "target_text",
    "symmetric", "status", "attributed_to", "confidence",
    "event_loc", "event_text", "text", "cite_info", "cluster_id", "coder", "origin", "extra",
)

# The columns of the Phoenix event data set (OEDA/Cline Center), written as a header row.
PHOENIX_COLUMNS: tuple[str, ...] = (
    "EventID", "Date", "Year", "Month", "Day",
    "SourceActorFull", "SourceActorEntity", "SourceActorRole", "SourceActorAttribute",
    "TargetActorFull", "TargetActorEntity", "TargetActorRole", "TargetActorAttribute",
    "EventCode", "EventRootCode", "QuadClass", "GoldsteinScore", "Issues",
    "Lat", "Lon", "LocationName", "StateName", "CountryCode", "SentenceID", "URLs", "NewsSources",
)

_CODERS = {"gdelt": "GDELT 2.0 (CAMEO, imported by detente)"}


def export(store: Store, path: Path, fmt: str, f: EventFilter | None = None) -> int:
    """Write the events matching `f` to `path` as `plover` or `cameo`; returns the rows written."""
    fmt = fmt.lower()
    rows = store.iter_export_rows(f)
    if fmt == "plover":
        return write_plover(rows, Path(path))
    if fmt == "cameo":
        return write_cameo(rows, Path(path))
    raise ValueError(f"unknown interop format {fmt!r}; choose one of {', '.join(FORMATS)}")


# ---------------------------------------------------------------------------- helpers
def _event_date(row: dict[str, Any]) -> tuple[str | None, str | None, str | None, bool | None]:
    """(date, enddate, precision, approximate); an undated event falls back to its document's
    publication date, as every detente reader does (precision "published" says so)."""
    span = row.get("date")
    if span:
        end = span["end"] if span["end"] != span["start"] else None
        return span["start"], end, span["precision"], bool(span.get("approximate"))
    published = (row.get("doc") or {}).get("published")
    if published:
        return published, None, "published", None
    return None, None, None, None


def _with_ids(rows: Iterable[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each row with a record id unique in the file: the event id, or for an event written
    as several dyads, the event id with the dyad's codes."""
    for event_id, group in groupby(rows, key=lambda r: r["event_id"]):
        members = list(group)
        if len(members) == 1:
            yield event_id, members[0]
            continue
        for r in members:
            target = (r["target"] or {}).get("code") or "-"
            yield f"{event_id}:{r['source']['code']}-{target}", r


def _actor_fields(prefix: str, actor: dict[str, Any] | None) -> dict[str, Any]:
    a = actor or {}
    return {
        f"{prefix}_actor": a.get("code"), f"{prefix}_agent": a.get("sector"), f"{prefix}_kind": a.get("kind"),
        f"{prefix}_name": a.get("name"), f"{prefix}_person": a.get("person"), f"{prefix}_body": a.get("body"),
        f"{prefix}_text": a.get("text"),
    }


def _url(row: dict[str, Any]) -> str | None:
    return (row.get("doc") or {}).get("url")


# ---------------------------------------------------------------------------- plover
def plover_record(record_id: str, row: dict[str, Any]) -> dict[str, Any]:
    """One export row as a PLOVER record (README.md lists the fields)."""
    day, end, precision, approximate = _event_date(row)
    extra = row.get("extra") or None
    location = row.get("location")
    doc = row.get("doc") or {}
    evidence = row.get("evidence") or []
    origin = row.get("origin") or "detente"
    record: dict[str, Any] = {
        "id": record_id,
        "event_id": row["event_id"],
        "date": day,
        "enddate": end,
        "date_precision": precision,
        "date_approximate": approximate,
        "event_type": row["event_type"],
        "mode": row.get("mode"),
        "context": (extra or {}).get("context"),
        "quad_code": row["quad_class"],
        "intensity": row.get("intensity"),
        "cameo": _event_code(row),
        **_actor_fields("source", row["source"]),
        **_actor_fields("target", row.get("target")),
        "symmetric": row.get("symmetric"),
        "status": row["status"],
        "attributed_to": (row.get("attributed_to") or {}).get("code"),
        "confidence": row["confidence"],
        "event_loc": None if not location else {
            "name": location.get("name"), "cc3": location.get("country"),
            "latitude": location.get("lat"), "longitude": location.get("lon"),
        },
        "event_text": [m["trigger"] for m in evidence if m.get("trigger")],
        "text": evidence[0]["sentence"] if evidence else None,
        "cite_info": {
            "corpus": origin, "url": _url(row), "title": doc.get("title"), "doc_id": doc.get("id") or None,
            "doc_name": doc.get("name"), "published": doc.get("published"),
        },
        "cluster_id": row.get("cluster_id"),
        "coder": _CODERS.get(origin, f"detente {__version__}"),
        "origin": origin,
        "extra": extra,
    }
    return {k: record[k] for k in PLOVER_FIELDS}


def write_plover(rows: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with atomic_path(path) as tmp:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            for record_id, row in _with_ids(rows):
                fh.write(json.dumps(plover_record(record_id, row), ensure_ascii=False))
                fh.write("\n")
                n += 1
        return n


# ---------------------------------------------------------------------------- cameo
def _event_code(row: dict[str, Any]) -> str:
    """GDELT's own code for imported GDELT rows (exact round trip), else the CAMEO code of
    the (type, mode)."""
    extra = row.get("extra") or {}
    code = extra.get("EventCode") if row.get("origin") == "gdelt" else None
    return str(code) if code else cameo_code(row["event_type"], row.get("mode"))


def _actor(d: dict[str, Any]) -> Actor:
    return Actor(code=d["code"], kind=d["kind"], name=d.get("name"), person=d.get("person"),
                 sector=d.get("sector"), body=d.get("body"), text=d.get("text"))


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def cameo_row(record_id: str, row: dict[str, Any], crosswalk: ActorCrosswalk) -> list[str]:
    """One export row as Phoenix columns (README.md says what goes where)."""
    day, _, _, _ = _event_date(row)
    y, m, d = (day.split("-") if day else ("", "", ""))
    src = crosswalk.to_cameo(_actor(row["source"]))
    tgt = crosswalk.to_cameo(_actor(row["target"])) if row.get("target") else None
    code = _event_code(row)
    extra = row.get("extra") or {}
    goldstein = extra.get("GoldsteinScale") if row.get("origin") == "gdelt" else None
    if goldstein is None:
        goldstein = row.get("intensity")
    loc = row.get("location") or {}
    evidence = row.get("evidence") or []
    doc = row.get("doc") or {}
    sentence_id = f"{doc['id']}:{evidence[0]['start']}-{evidence[0]['end']}" if evidence and doc.get("id") else ""
    url = _url(row) or ""
    host = (urlsplit(url).hostname or "") if url else ""
    return [
        record_id, f"{y}{m}{d}", y, m.lstrip("0"), d.lstrip("0"),
        src.full, src.entity, src.role, src.attribute,
        tgt.full if tgt else "", tgt.entity if tgt else "", tgt.role if tgt else "", tgt.attribute if tgt else "",
        code, code[:2], str(row["quad_class"]), _num(goldstein), extra.get("context") or "",
        _num(loc.get("lat")), _num(loc.get("lon")), loc.get("name") or "", "", loc.get("country") or "",
        sentence_id, url, host or (doc.get("name") or ""),
    ]


def _clean(value: str) -> str:
    # A tab or newline inside a value (a location name, a URL) would shift every column.
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def write_cameo(rows: Iterable[dict[str, Any]], path: Path) -> int:
    crosswalk = ActorCrosswalk.load()
    n = 0
    with atomic_path(path) as tmp:
        # Plain tab-joined lines, no quoting, as the Phoenix files are: values are cleaned of
        # tabs and newlines instead.
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write("\t".join(PHOENIX_COLUMNS) + "\n")
            for record_id, row in _with_ids(rows):
                fh.write("\t".join(_clean(v) for v in cameo_row(record_id, row, crosswalk)) + "\n")
                n += 1
        return n
