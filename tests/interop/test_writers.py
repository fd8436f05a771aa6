"""`export events --format plover|cameo`: fields, columns, round trips, atomic writes."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from detente.interop import writers
from detente.interop.gdelt import ImportStats, Problem
from detente.interop.mapping import map_event_code
from detente.interop.writers import PHOENIX_COLUMNS, PLOVER_FIELDS, write_plover
from detente.model import Actor, DateSpan, Document, Event, Evidence, Location, stable_id
from detente.store import EventFilter, Store

TEXT = ("Officials met in the morning. The American envoy visited Tokyo and Seoul on 4 March 2024, "
        "officials said.")
SENTENCE = "The American envoy visited Tokyo and Seoul on 4 March 2024, officials said."


def _add_coded_event(store: Store) -> Event:
    """A detente-coded event with evidence and two targets (two dyads)."""
    doc = Document.from_text("envoy-trip", TEXT, title="Envoy tours Asia", published=date(2024, 3, 5),
                             url="https://press.example.net/envoy-trip", source="Example Press")
    store.add_documents([doc])
    start = TEXT.index(SENTENCE)
    event = Event(
        event_id=stable_id("test", "envoy-trip"), doc_id=doc.id, event_type="CONSULT",
        sources=(Actor("USA", name="United States", person="Jane Roe", sector="GOV", text="American envoy"),),
        targets=(Actor("JPN", name="Japan", text="Tokyo"), Actor("KOR", name="South Korea", text="Seoul")),
        mode="visit", symmetric=False, status="occurred",
        date=DateSpan(date(2024, 3, 4), date(2024, 3, 4), "day", text="on 4 March 2024"),
        location=Location("Tokyo", "JPN", 35.69, 139.69),
        evidence=(Evidence(SENTENCE, start, start + len(SENTENCE), trigger="visited"),),
        confidence=0.8,
    )
    store.save_coded([(doc.id, [event])], coder_version="test")
    return event


@pytest.fixture
def both(imported: tuple[Store, ImportStats, list[Problem]]) -> Store:
    store, _, _ = imported
    _add_coded_event(store)
    return store


def _plover(store: Store, path: Path, f: EventFilter | None = None) -> list[dict[str, Any]]:
    n = writers.export(store, path, "plover", f)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert n == len(records)
    return records


def _cameo(store: Store, path: Path, f: EventFilter | None = None) -> list[dict[str, str]]:
    n = writers.export(store, path, "cameo", f)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert tuple(reader.fieldnames or ()) == PHOENIX_COLUMNS
        rows = list(reader)
    assert n == len(rows)
    for r in rows:
        assert None not in r and all(v is not None for v in r.values()), r  # every row has 26 columns
    return rows


def test_plover_records_have_the_documented_fields(both: Store, tmp_path: Path) -> None:
    records = _plover(both, tmp_path / "events.plover.jsonl")
    assert len(records) == 12                       # 10 GDELT events + one coded event with two dyads
    for r in records:
        assert tuple(r) == PLOVER_FIELDS
        assert r["date"] and r["event_type"] and r["source_actor"] and r["quad_code"] in (1, 2, 3, 4)
    assert len({r["id"] for r in records}) == len(records)


def test_plover_round_trips_gdelt_events(both: Store, tmp_path: Path) -> None:
    records = {r["extra"]["GLOBALEVENTID"]: r for r in _plover(both, tmp_path / "p.jsonl",
                                                               EventFilter(origin="gdelt"))}
    stored = {e.extra["GLOBALEVENTID"]: e for e in both.events(EventFilter(origin="gdelt")) if e.extra}
    assert set(records) == set(stored)
    for gid, ev in stored.items():
        r = records[gid]
        assert r["id"] == r["event_id"] == ev.event_id
        assert r["event_type"] == ev.event_type and r["mode"] == ev.mode
        assert ev.date is not None and r["date"] == ev.date.start.isoformat() and r["date_precision"] == "day"
        assert r["source_actor"] == ev.sources[0].code and r["source_agent"] == ev.sources[0].sector
        assert r["target_actor"] == (ev.targets[0].code if ev.targets else None)
        assert ev.extra is not None and r["cameo"] == ev.extra["EventCode"]
        assert r["quad_code"] == ev.quad_class and r["intensity"] == ev.intensity
        assert r["confidence"] == ev.confidence and r["origin"] == "gdelt"
        assert r["cite_info"]["url"] == ev.source_url and r["cite_info"]["corpus"] == "gdelt"
        assert r["context"] == (ev.extra or {}).get("context")
    sanction = records[1000000004]
    assert (sanction["event_type"], sanction["mode"], sanction["context"]) == ("SANCTION", "discontinue", "economic")
    assert sanction["event_loc"] == {"name": "Brussels, Brussels Capital, Belgium", "cc3": "BEL",
                                     "latitude": 50.8333, "longitude": 4.3333}


def test_plover_coded_event(both: Store, tmp_path: Path) -> None:
    records = _plover(both, tmp_path / "p.jsonl", EventFilter(origin="detente"))
    assert len(records) == 2
    event_id = stable_id("test", "envoy-trip")
    assert {r["id"] for r in records} == {f"{event_id}:USA-JPN", f"{event_id}:USA-KOR"}
    r = records[0]
    assert r["event_id"] == event_id
    assert (r["event_type"], r["mode"], r["cameo"], r["intensity"]) == ("CONSULT", "visit", "042", 4.0)
    assert (r["source_actor"], r["source_agent"], r["source_person"]) == ("USA", "GOV", "Jane Roe")
    assert r["date"] == "2024-03-04" and r["enddate"] is None
    assert r["text"] == SENTENCE and r["event_text"] == ["visited"]
    assert r["cite_info"]["title"] == "Envoy tours Asia" and r["cite_info"]["published"] == "2024-03-05"
    assert r["cite_info"]["url"] == "https://press.example.net/envoy-trip"
    assert r["coder"].startswith("detente")


def test_cameo_rows(both: Store, tmp_path: Path) -> None:
    rows = _cameo(both, tmp_path / "events.tsv")
    assert len(rows) == 12
    by_id = {r["EventID"]: r for r in rows}
    for r in rows:
        assert len(r["Date"]) == 8 and r["Date"].isdigit()
        assert r["Date"] == f"{r['Year']}{int(r['Month']):02d}{int(r['Day']):02d}"
        assert r["EventRootCode"] == r["EventCode"][:2]
        m = map_event_code(r["EventCode"])
        assert m is not None and m.event_type is not None
        assert r["SourceActorFull"].startswith(r["SourceActorEntity"])

    host = by_id[stable_id("gdelt", "1000000002")]
    assert (host["SourceActorFull"], host["SourceActorEntity"], host["SourceActorRole"]) == ("PRKGOV", "PRK", "GOV")
    assert (host["TargetActorFull"], host["EventCode"], host["QuadClass"]) == ("KOR", "043", "1")
    assert host["GoldsteinScore"] == "2.8" and host["CountryCode"] == "KOR"

    un = by_id[stable_id("gdelt", "1000000003")]
    assert (un["SourceActorFull"], un["SourceActorEntity"], un["SourceActorAttribute"]) == ("IGOUNO", "IGO", "UNO")
    assert (un["EventCode"], un["Issues"], un["URLs"]) == ("1041", "executive", "https://news.example.org/1000000003")
    assert un["NewsSources"] == "news.example.org"

    kosovo = by_id[stable_id("gdelt", "1000000014")]
    assert kosovo["SourceActorEntity"] == "KOS" and kosovo["SourceActorFull"] == "KOSGOV"

    taliban = by_id[stable_id("gdelt", "1000000005")]
    assert taliban["SourceActorFull"] == "AFGTALREB" and taliban["TargetActorFull"] == "AFGGOV"

    event_id = stable_id("test", "envoy-trip")
    coded = by_id[f"{event_id}:USA-KOR"]
    assert (coded["EventCode"], coded["EventRootCode"], coded["QuadClass"]) == ("042", "04", "1")
    assert coded["GoldsteinScore"] == "4"           # detente events carry the PLOVER intensity
    assert coded["SourceActorFull"] == "USAGOV" and coded["TargetActorFull"] == "KOR"
    start = TEXT.index(SENTENCE)
    assert coded["SentenceID"].endswith(f":{start}-{start + len(SENTENCE)}")
    assert coded["NewsSources"] == "press.example.net"
    assert (coded["Lat"], coded["Lon"], coded["LocationName"]) == ("35.69", "139.69", "Tokyo")


def test_cameo_and_plover_agree(both: Store, tmp_path: Path) -> None:
    plover = {r["id"]: r for r in _plover(both, tmp_path / "p.jsonl")}
    cameo = {r["EventID"]: r for r in _cameo(both, tmp_path / "c.tsv")}
    assert set(plover) == set(cameo)
    for key, p in plover.items():
        c = cameo[key]
        assert c["EventCode"] == p["cameo"] and int(c["QuadClass"]) == p["quad_code"]
        assert c["Date"] == p["date"].replace("-", "")


def test_filters_narrow_the_rows(both: Store, tmp_path: Path) -> None:
    rows = _cameo(both, tmp_path / "c.tsv", EventFilter(actor="KOR"))
    # the hosted visit (PRK -> KOR) and the KOR dyad of the coded trip, not its JPN dyad
    assert sorted(r["TargetActorEntity"] for r in rows) == ["KOR", "KOR"]
    assert _plover(both, tmp_path / "p.jsonl", EventFilter(event_type="AID"))[0]["source_actor"] == "WB"


def test_writes_are_atomic(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("previous export\n", encoding="utf-8")

    def rows() -> Iterator[dict[str, Any]]:
        yield {"event_id": "x", "event_type": "AGREE", "quad_class": 1, "status": "occurred",
               "confidence": 0.5, "source": {"code": "USA", "kind": "state"}, "target": None}
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        write_plover(rows(), target)
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_unknown_format(both: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown interop format"):
        writers.export(both, tmp_path / "x", "xml")
    assert not (tmp_path / "x").exists()
