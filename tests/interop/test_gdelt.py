"""Importing GDELT 2.0 export files: counts, mapped fields, bad input, idempotence."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from detente.interop.gdelt import (
    COLUMNS,
    SKIP_NO_SOURCE,
    SKIP_STATEMENT,
    SKIP_UNKNOWN_CODE,
    GdeltMapper,
    ImportStats,
    Problem,
    confidence,
    import_gdelt,
    read_gdelt,
)
from detente.model import event_types, stable_id
from detente.store import EventFilter, Store, StoredEvent

from .conftest import REAL_GDELT, SAMPLE


def _by_gid(store: Store) -> dict[int, StoredEvent]:
    events = store.events(EventFilter(origin="gdelt"))
    return {int(e.extra["GLOBALEVENTID"]): e for e in events if e.extra}


def _codes(actors: tuple) -> list[tuple[str, str, str | None]]:
    return [(a.code, a.kind, a.sector) for a in actors]


def test_sample_counts(imported: tuple[Store, ImportStats, list[Problem]]) -> None:
    store, stats, _ = imported
    assert stats.files == 1 and stats.unreadable == 0
    assert stats.lines == 16
    assert stats.rows == 14          # two lines are not rows
    assert stats.bad_lines == 2
    assert stats.mapped == 10 and stats.added == 10 and stats.existing == 0
    assert stats.skipped == {SKIP_NO_SOURCE: 2, SKIP_STATEMENT: 1, SKIP_UNKNOWN_CODE: 1}
    assert stats.unknown_event_codes == {"099": 1}
    assert sum(stats.unmapped_actors.values()) == 1      # the bare GOV; the empty Actor1 is not "unmapped"
    assert stats.quad_disagreements == 1                 # the appeal: GDELT's 1, REQUEST's 3
    assert store.count_events(EventFilter(origin="gdelt")) == 10
    assert store.count_events(EventFilter(origin="detente")) == 0


def test_problem_lines(imported: tuple[Store, ImportStats, list[Problem]]) -> None:
    _, _, problems = imported
    text = [str(p) for p in problems]
    assert text == [
        f"{SAMPLE}:10: unknown CAMEO event code '099'",
        f"{SAMPLE}:11: expected 61 tab-separated columns, found 7",
        f"{SAMPLE}:12: bad SQLDATE '20241345' (no such day)",
    ]


def test_mapped_events(imported: tuple[Store, ImportStats, list[Problem]]) -> None:
    store, _, _ = imported
    ev = _by_gid(store)
    assert set(ev) == {1000000001, 1000000002, 1000000003, 1000000004, 1000000005, 1000000006,
                       1000000013, 1000000014, 1000000015, 1000000016}

    visit = ev[1000000001]
    assert (visit.event_type, visit.mode, visit.symmetric, visit.status) == ("CONSULT", "visit", False, "occurred")
    assert _codes(visit.sources) == [("USA", "state", "GOV")] and _codes(visit.targets) == [("CHN", "state", None)]
    assert visit.sources[0].text == "WASHINGTON" and visit.sources[0].name == "United States"
    assert visit.date is not None and (visit.date.start, visit.date.end, visit.date.precision) == (
        date(2024, 3, 5), date(2024, 3, 5), "day")
    assert visit.location is not None
    assert (visit.location.name, visit.location.country) == ("Beijing, Beijing, China", "CHN")
    assert visit.location.lat == pytest.approx(39.9289) and visit.location.lon == pytest.approx(116.388)
    assert visit.event_id == stable_id("gdelt", "1000000001")
    assert visit.source_url == "https://news.example.org/1000000001"
    assert visit.doc_id == "" and visit.evidence == () and visit.origin == "gdelt"
    assert visit.quad_class == 1 and visit.intensity == event_types()["CONSULT"].mode_intensity["visit"]
    assert visit.extra is not None
    assert visit.extra["GoldsteinScale"] == 1.9 and visit.extra["NumSources"] == 6
    assert visit.extra["NumArticles"] == 12 and visit.extra["NumMentions"] == 12
    assert visit.extra["EventCode"] == "042" and visit.extra["QuadClass"] == 1 and visit.extra["AvgTone"] == 0.5

    # 043: South Korea hosts North Korea -> coded guest (PRK) -> host (KOR)
    host = ev[1000000002]
    assert (host.event_type, host.mode) == ("CONSULT", "visit")
    assert _codes(host.sources) == [("PRK", "state", "GOV")] and _codes(host.targets) == [("KOR", "state", None)]
    assert host.location is not None and host.location.country == "KOR"

    un = ev[1000000003]
    assert (un.event_type, un.mode) == ("REQUEST", "change")
    assert _codes(un.sources) == [("UN", "igo", None)] and _codes(un.targets) == [("SYR", "state", "GOV")]
    assert un.extra is not None and un.extra["context"] == "executive"
    assert un.source_url == "https://news.example.org/1000000003"   # the CRLF line end is gone

    eu = ev[1000000004]
    assert (eu.event_type, eu.mode, eu.quad_class) == ("SANCTION", "discontinue", 4)
    assert _codes(eu.sources) == [("EU", "igo", None)] and eu.targets[0].code == "RUS"

    fight = ev[1000000005]
    assert fight.event_type == "ASSAULT"
    assert _codes(fight.sources) == [("AFG", "armed_group", "REB")] and fight.sources[0].name == "Taliban"
    assert _codes(fight.targets) == [("AFG", "state", "GOV")]

    regions = ev[1000000006]
    assert regions.event_type == "AGREE" and regions.location is None
    assert _codes(regions.sources) == [("AFR", "other", None)] and _codes(regions.targets) == [("EUR", "other", None)]

    retreat = ev[1000000013]
    assert (retreat.event_type, retreat.mode) == ("RETREAT", "disarm")
    assert _codes(retreat.sources) == [("ROU", "state", "MIL")]

    appeal = ev[1000000014]
    assert (appeal.event_type, appeal.quad_class) == ("REQUEST", 3)
    assert appeal.extra is not None and appeal.extra["QuadClass"] == 1
    assert appeal.sources[0].code == "XKX" and appeal.location is not None and appeal.location.country == "SRB"

    aid = ev[1000000015]
    assert aid.event_type == "AID" and aid.sources[0].code == "WB" and aid.extra is not None
    assert aid.extra["context"] == "economic"

    # "43" with root "4": a spreadsheet dropped the zeros; still a hosted visit, swapped
    mangled = ev[1000000016]
    assert mangled.extra is not None and mangled.extra["EventCode"] == "043"
    assert [a.code for a in mangled.sources] == ["IND"] and [a.code for a in mangled.targets] == ["JPN"]


def test_confidence_follows_the_number_of_sources(imported: tuple[Store, ImportStats, list[Problem]]) -> None:
    store, _, _ = imported
    ev = _by_gid(store)
    # six sources > two sources > one source and no root event
    assert ev[1000000001].confidence > ev[1000000005].confidence > ev[1000000002].confidence
    assert confidence(1, 1, False) == 0.5
    assert confidence(1, 1, True) == pytest.approx(0.55)
    assert confidence(1, 5, False) > confidence(1, 1, False)
    assert confidence(100, 100, True) <= 0.95
    values = [confidence(s, s, False) for s in range(1, 30)]
    assert values == sorted(values) and all(0.5 <= v <= 0.95 for v in values)


def test_reimport_adds_nothing(imported: tuple[Store, ImportStats, list[Problem]]) -> None:
    store, _, _ = imported
    again = import_gdelt(store, [SAMPLE])
    assert (again.mapped, again.added, again.existing) == (10, 0, 10)
    assert store.count_events(EventFilter(origin="gdelt")) == 10


def test_small_batches_give_the_same_events(tmp_path: Path) -> None:
    with Store(tmp_path / "a.duckdb") as a, Store(tmp_path / "b.duckdb") as b:
        import_gdelt(a, [SAMPLE], batch_size=3)
        import_gdelt(b, [SAMPLE])
        assert [e.as_event() for e in a.events()] == [e.as_event() for e in b.events()]


def test_zip_and_gzip(tmp_path: Path) -> None:
    archive = tmp_path / "20240305.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(SAMPLE, "20240305.export.CSV")
    packed = tmp_path / "sample.export.CSV.gz"
    with SAMPLE.open("rb") as src, gzip.open(packed, "wb") as dst:
        shutil.copyfileobj(src, dst)
    for path, label in ((archive, f"{archive}[20240305.export.CSV]"), (packed, str(packed))):
        problems: list[Problem] = []
        stats = ImportStats()
        events = list(read_gdelt([path], stats, problems.append))
        assert len(events) == 10 and stats.bad_lines == 2
        assert {p.path for p in problems} == {label}


def test_unreadable_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.CSV"
    empty.write_bytes(b"")
    binary = tmp_path / "image.CSV"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    broken_zip = tmp_path / "broken.zip"
    broken_zip.write_bytes(b"PK\x03\x04 not really a zip archive")
    missing = tmp_path / "missing.CSV"
    problems: list[Problem] = []
    with Store(tmp_path / "x.duckdb") as store:
        stats = import_gdelt(store, [missing, empty, binary, broken_zip, tmp_path], problems.append)
    assert [str(p) for p in problems] == [
        f"{missing}: no such file",
        f"{empty}: empty file",
        f"{binary}: not a text file (binary content)",
        f"{broken_zip}: not a readable zip archive: File is not a zip file",
        f"{tmp_path}: is a directory (give the export files)",
    ]
    assert stats.unreadable == 5 and not stats.read_anything and stats.mapped == 0


def test_a_gdelt_1_file_is_named(tmp_path: Path) -> None:
    old = tmp_path / "20130401.export.CSV"
    old.write_text("\t".join(["1"] * 57) + "\n", encoding="utf-8")
    problems: list[Problem] = []
    list(read_gdelt([old], ImportStats(), problems.append))
    assert len(problems) == 1 and "GDELT 1.0" in problems[0].reason and problems[0].line == 1


def test_root_codes_and_bad_numbers_are_rejected() -> None:
    mapper = GdeltMapper()
    stats = ImportStats()
    fields = SAMPLE.read_text(encoding="utf-8").splitlines()[0].split("\t")
    code = COLUMNS.index("EventCode")
    root_only = list(fields)
    root_only[code] = "04"
    with pytest.raises(ValueError, match="unknown CAMEO event code '04'"):
        mapper.convert(root_only, stats)
    bad_number = list(fields)
    bad_number[COLUMNS.index("NumSources")] = "many"
    with pytest.raises(ValueError, match="bad NumSources 'many'"):
        mapper.convert(bad_number, stats)
    bad_id = list(fields)
    bad_id[0] = "x12"
    with pytest.raises(ValueError, match="bad GLOBALEVENTID"):
        mapper.convert(bad_id, stats)


@pytest.mark.skipif(not REAL_GDELT.is_dir(), reason="shared/corpus/gdelt is not beside the repo")
def test_real_gdelt_files(tmp_path: Path) -> None:
    files = sorted(REAL_GDELT.glob("*.CSV"))
    assert files
    problems: list[Problem] = []
    with Store(tmp_path / "real.duckdb") as store:
        stats = import_gdelt(store, files, problems.append)
        stored = store.events(EventFilter(origin="gdelt"))
    lines = sum(1 for f in files for _ in f.open(encoding="utf-8"))
    print(f"\nreal GDELT: {stats.rows} rows, {stats.mapped} mapped ({stats.mapped / stats.rows:.0%}), "
          f"skipped {dict(stats.skipped)}, quad disagreements {stats.quad_disagreements}, "
          f"types {dict(stats.by_type.most_common())}")
    assert problems == [] and stats.bad_lines == 0 and stats.rows == lines
    assert not stats.unknown_event_codes
    # every row is accounted for
    assert stats.mapped + sum(stats.skipped.values()) == stats.rows
    # about half of GDELT's rows have an identifiable source; far fewer would mean a broken crosswalk
    assert stats.mapped / stats.rows > 0.45
    assert len(stored) == stats.mapped == stats.added
    types = event_types()
    for e in stored:
        assert e.event_type in types and e.sources and e.date is not None and 0.5 <= e.confidence <= 0.95


def test_a_truncated_download_keeps_the_rows_read(tmp_path: Path) -> None:
    packed = gzip.compress(SAMPLE.read_bytes() * 40)
    cut = tmp_path / "cut.export.CSV.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    problems: list[Problem] = []
    stats = ImportStats()
    events = list(read_gdelt([cut], stats, problems.append))
    assert events and stats.rows < 14 * 40
    assert str(problems[-1]).startswith(f"{cut}: stopped reading: ")


def test_another_kind_of_file_is_given_up_early(tmp_path: Path) -> None:
    mentions = tmp_path / "20240305.mentions.CSV"
    mentions.write_text("".join(f"{i}\t20240305\t1\tnews.example.org\n" for i in range(5000)), encoding="utf-8")
    problems: list[Problem] = []
    stats = ImportStats()
    assert list(read_gdelt([mentions, SAMPLE], stats, problems.append))   # the next file is still read
    assert stats.bad_lines == 100 + 2
    assert f"{mentions}: skipped: the first 100 lines are not GDELT 2.0 event rows" in [str(p) for p in problems]
