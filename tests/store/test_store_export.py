"""Export rows against event.schema.json, and the three file formats."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import jsonschema
import pytest
from store_factory import make_doc, make_events

from detente.store import EventFilter, Store
from detente.store.export import CSV_COLUMNS, write_rows


@pytest.fixture
def coded(store: Store) -> Store:
    docs = [make_doc(i, date(2019, 11, 1 + i)) for i in range(5)]
    store.add_documents(docs)
    store.save_coded([(d.id, make_events(d, 6)) for d in docs], "v1")
    return store


def _validator() -> jsonschema.Draft202012Validator:
    # The package carries its copy of the shared contract (detente/store/event.schema.json).
    schema = json.loads(resources.files("detente.store").joinpath("event.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_format_checking_is_active() -> None:
    # Guards the test below: a validator that ignored "format" would pass anything.
    bad = {"event_id": "x", "doc": {"id": "d", "name": "n", "published": None}, "event_type": "AGREE",
           "quad_class": 1, "source": {"code": "AAA", "kind": "state"}, "target": None, "status": "occurred",
           "date": {"start": "2020-13-45", "end": "2020-01-01", "precision": "day"},
           "evidence": [{"sentence": "s", "start": 0, "end": 1}], "confidence": 0.5}
    errors = list(_validator().iter_errors(bad))
    nested = [c.message for e in errors for c in (e.context or [])]
    assert "'2020-13-45' is not a 'date'" in nested


def test_jsonl_rows_validate_against_the_schema(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    n = coded.export(out, "jsonl", EventFilter())
    lines = out.read_text("utf-8").splitlines()
    assert n == len(lines) == coded.stats()["dyads"]
    validator = _validator()
    rows = [json.loads(line) for line in lines]
    for row in rows:
        errors = sorted(validator.iter_errors(row), key=str)
        assert not errors, errors[0].message
    # One row per dyad: a trilateral meeting contributes three rows under one event id.
    by_event: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_event.setdefault(row["event_id"], []).append(row)
    docs = [coded.document(m.id) for m in coded.documents()]
    expected = {e.event_id: e for d in docs if d is not None for e in make_events(d, 6)}
    assert set(by_event) == set(expected)
    for event_id, group in by_event.items():
        ev = expected[event_id]
        assert [(r["source"]["code"], r["target"]["code"] if r["target"] else None) for r in group] == [
            (s.code, t.code if t else None) for s, t in ev.dyads()]
        assert all(r["evidence"] == [m.to_dict() for m in ev.evidence] for r in group)
        assert all(r["date"] == (ev.date.to_dict() if ev.date else None) for r in group)


def test_stored_event_to_rows_matches_export(coded: Store) -> None:
    events = coded.events(EventFilter(limit=10))
    assert [r for e in events for r in e.to_rows()] == list(coded.iter_export_rows(EventFilter(limit=10)))


def test_csv_is_flat_with_first_evidence(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    rows = list(coded.iter_export_rows())
    assert coded.export(out, "csv", EventFilter()) == len(rows)
    with out.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
        flat = list(reader)
    for nested, row in zip(rows, flat, strict=True):
        assert row["event_id"] == nested["event_id"]
        assert row["doc_name"] == nested["doc"]["name"]
        assert row["source_code"] == nested["source"]["code"]
        assert row["target_code"] == (nested["target"]["code"] if nested["target"] else "")
        assert row["date_start"] == (nested["date"]["start"] if nested["date"] else "")
        assert row["evidence"] == nested["evidence"][0]["sentence"]
        assert int(row["n_evidence"]) == len(nested["evidence"])
        assert row["symmetric"] in ("true", "false")


def test_parquet_has_the_nested_rows(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    rows = list(coded.iter_export_rows())
    assert coded.export(out, "parquet", EventFilter()) == len(rows)
    con = duckdb.connect()
    back = con.execute(f"SELECT * FROM read_parquet('{out}')").fetchall()
    names = [d[0] for d in con.description or ()]
    assert names[:3] == ["event_id", "cluster_id", "doc"]
    assert len(back) == len(rows)
    got = [dict(zip(names, r, strict=True)) for r in back]
    for nested, row in zip(rows, got, strict=True):
        assert row["event_id"] == nested["event_id"]
        assert row["source"] == nested["source"]
        assert [dict(m) for m in row["evidence"]] == nested["evidence"]
        if nested["date"]:
            assert row["date"]["start"].isoformat() == nested["date"]["start"]


def test_empty_exports(store: Store, tmp_path: Path) -> None:
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"none.{fmt}"
        assert store.export(out, fmt, EventFilter(actor="ZZZ")) == 0
        assert out.exists()


def test_failed_export_leaves_previous_file_and_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    out.write_text("previous export\n")

    def broken_rows() -> Iterator[dict[str, Any]]:
        yield {"event_id": "a"}
        raise RuntimeError("coder crashed mid-export")

    for fmt in ("jsonl", "csv", "parquet"):
        with pytest.raises((RuntimeError, KeyError)):
            write_rows(broken_rows(), out, fmt)
    assert out.read_text() == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.jsonl"]


def test_unknown_format(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        store.export(tmp_path / "x.xml", "xml", EventFilter())  # type: ignore[arg-type]
