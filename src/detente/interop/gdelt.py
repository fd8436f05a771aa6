"""GDELT 2.0 event export files -> detente events from origin `gdelt`.

A GDELT 2.0 export file is tab-separated, 61 columns, no header (`COLUMNS`), UTF-8; it may
come zipped (as GDELT serves it) or gzipped. Files are streamed line by line and stored in
batches, so memory stays bounded by one batch whatever the file's size.

Each row becomes one `Event` (see README.md beside this file for every field):
- type, mode, context from the CAMEO EventCode (`mapping.py`); CAMEO 01 statements skipped;
- the quad class is recomputed from the PLOVER type (the store derives it from the type);
  GDELT's own QuadClass is kept in `extra`, and disagreements (CAMEO 02 appeals are GDELT's
  verbal cooperation, PLOVER's REQUEST is verbal conflict) are counted;
- source Actor1, target Actor2 (`actors.py`); rows without an identifiable source skipped;
- date SQLDATE (day precision); location ActionGeo (FIPS country -> ISO alpha-3);
- intensity: the PLOVER base intensity of the type (the store derives it); GDELT's
  GoldsteinScale, NumMentions, NumSources, NumArticles, AvgTone, GLOBALEVENTID and the
  codes go to `extra`, SOURCEURL to `source_url`;
- id stable_id("gdelt", GLOBALEVENTID), so importing a file again adds nothing;
- status occurred; confidence from NumSources, NumArticles and IsRootEvent (`confidence`).
"""

from __future__ import annotations

import gzip
import io
import math
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, cast

from detente.interop.actors import NO_ACTOR, ActorCrosswalk, fips_to_iso3
from detente.interop.mapping import map_event_code, normalise_code
from detente.model import DateSpan, Event, Location, event_types, stable_id
from detente.store import Imported, Store

ORIGIN = "gdelt"

COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
COL = {name: i for i, name in enumerate(COLUMNS)}
N_COLUMNS = len(COLUMNS)

# Skip reasons (the keys of ImportStats.skipped).
SKIP_NO_SOURCE = "no source actor"
SKIP_STATEMENT = "CAMEO 01 statement (no PLOVER type)"
SKIP_UNKNOWN_CODE = "unknown CAMEO event code"

_HEAD = 8192
# Bad lines at the start of a file after which it is taken for some other kind of file.
GIVE_UP_AFTER = 100
_ZIP_MAGIC = b"PK\x03\x04"
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Problem:
    """One line of feedback: `FILE:LINE: reason`, or `FILE: reason` for a whole file."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}" if self.line is not None else f"{self.path}: {self.reason}"


class BadRow(ValueError):
    """A line that is not a GDELT 2.0 event row (the message says why)."""


class UnknownEventCode(ValueError):
    """A well-formed row whose EventCode is no CAMEO code: reported, counted as skipped."""


@dataclass(slots=True)
class ImportStats:
    files: int = 0                 # files (or archive members) read
    unreadable: int = 0            # missing, empty, binary or broken files
    lines: int = 0                 # non-blank lines
    bad_lines: int = 0             # wrong column count, bad date, bad number
    rows: int = 0                  # well-formed rows
    mapped: int = 0                # rows that became events
    added: int = 0                 # events new to the store
    quad_disagreements: int = 0    # GDELT QuadClass != the PLOVER type's quad class
    skipped: Counter[str] = field(default_factory=Counter)
    unknown_event_codes: Counter[str] = field(default_factory=Counter)
    unmapped_actors: Counter[str] = field(default_factory=Counter)  # "reason: code" of skipped sources
    by_type: Counter[str] = field(default_factory=Counter)

    @property
    def existing(self) -> int:
        return self.mapped - self.added

    @property
    def read_anything(self) -> bool:
        return self.rows > 0


def confidence(num_sources: int, num_articles: int, is_root: bool) -> float:
    """How likely a GDELT row is a real event, 0.5 .. 0.95.

    GDELT codes every sentence of every article by machine, and its own guidance is to
    trust events reported by several independent sources: a single-source event is as
    likely an artefact of one garbled sentence as a happening. So one source gives 0.5,
    each further source closes 30% of the remaining gap to 0.9; articles beyond the
    sources (the same outlet repeating it) add at most 0.05, and a root event (from an
    article's lead paragraph, which GDELT reports codes more accurately) 0.05.
    """
    sources = max(num_sources, 1)
    value = 0.5 + 0.4 * (1.0 - 0.7 ** (sources - 1))
    extra_articles = max(num_articles - sources, 0)
    value += 0.05 * (1.0 - 0.8 ** extra_articles)
    if is_root:
        value += 0.05
    return round(min(value, 0.95), 4)


def _int(fields: Sequence[str], name: str, default: int = 0) -> int:
    raw = fields[COL[name]].strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        try:
            value = float(raw)
        except ValueError:
            raise BadRow(f"bad {name} {raw!r}") from None
        if not value.is_integer():
            raise BadRow(f"bad {name} {raw!r}") from None
        return int(value)


def _float(fields: Sequence[str], name: str) -> float | None:
    raw = fields[COL[name]].strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadRow(f"bad {name} {raw!r}") from None
    if math.isnan(value) or math.isinf(value):
        raise BadRow(f"bad {name} {raw!r}")
    return value


def _day(raw: str) -> date:
    raw = raw.strip()
    if len(raw) != 8 or not raw.isdigit():
        raise BadRow(f"bad SQLDATE {raw!r} (want YYYYMMDD)")
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        raise BadRow(f"bad SQLDATE {raw!r} (no such day)") from None


def _location(fields: Sequence[str]) -> Location | None:
    name = fields[COL["ActionGeo_FullName"]].strip()
    if not name or fields[COL["ActionGeo_Type"]].strip() in ("", "0"):
        return None
    lat, lon = _float(fields, "ActionGeo_Lat"), _float(fields, "ActionGeo_Long")
    if lat is not None and not -90.0 <= lat <= 90.0:
        lat = None
    if lon is not None and not -180.0 <= lon <= 180.0:
        lon = None
    return Location(name=name, country=fips_to_iso3(fields[COL["ActionGeo_CountryCode"]]), lat=lat, lon=lon)


class GdeltMapper:
    """One GDELT row -> `Imported` event (or a skip reason), counting into `stats`."""

    def __init__(self, crosswalk: ActorCrosswalk | None = None) -> None:
        self.actors = crosswalk or ActorCrosswalk.load()
        self._types = event_types()

    def _actor(self, fields: Sequence[str], n: int) -> Any:
        p = f"Actor{n}"
        return self.actors.resolve(
            fields[COL[f"{p}Code"]], fields[COL[f"{p}CountryCode"]], fields[COL[f"{p}KnownGroupCode"]],
            [fields[COL[f"{p}Type{i}Code"]] for i in (1, 2, 3)], text=fields[COL[f"{p}Name"]],
        )

    def convert(self, fields: Sequence[str], stats: ImportStats) -> Imported | None:
        """The event of a row, or None when it is skipped (`stats` says why).

        Raises BadRow for a malformed row.
        """
        if len(fields) != N_COLUMNS:
            hint = " (GDELT 1.0 files have 57 or 58; only GDELT 2.0 exports are read)" if len(fields) in (57, 58) else ""
            raise BadRow(f"expected {N_COLUMNS} tab-separated columns, found {len(fields)}{hint}")
        gid = fields[COL["GLOBALEVENTID"]].strip()
        if not gid.isdigit():
            raise BadRow(f"bad GLOBALEVENTID {gid!r}")
        day = _day(fields[COL["SQLDATE"]])
        num_mentions = _int(fields, "NumMentions")
        num_sources = _int(fields, "NumSources")
        num_articles = _int(fields, "NumArticles")
        is_root = _int(fields, "IsRootEvent") == 1
        gdelt_quad = _int(fields, "QuadClass")
        goldstein = _float(fields, "GoldsteinScale")
        tone = _float(fields, "AvgTone")
        location = _location(fields)
        stats.rows += 1

        code = normalise_code(fields[COL["EventCode"]], fields[COL["EventRootCode"]])
        mapping = map_event_code(code)
        if mapping is None or len(code) < 3:
            stats.skipped[SKIP_UNKNOWN_CODE] += 1
            stats.unknown_event_codes[code] += 1
            raise UnknownEventCode(f"unknown CAMEO event code {code!r}")
        if mapping.event_type is None:
            stats.skipped[SKIP_STATEMENT] += 1
            return None
        source = self._actor(fields, 1)
        if source.actor is None:
            stats.skipped[SKIP_NO_SOURCE] += 1
            if source.reason != NO_ACTOR:
                stats.unmapped_actors[f"{source.reason}: {source.code}"] += 1
            return None
        target = self._actor(fields, 2).actor
        sources, targets = (source.actor,), ((target,) if target is not None else ())
        if mapping.swap and targets:
            sources, targets = targets, sources
        info = self._types[mapping.event_type]
        if gdelt_quad and gdelt_quad != info.quad_class:
            stats.quad_disagreements += 1
        event = Event(
            event_id=stable_id(ORIGIN, gid),
            doc_id="",
            event_type=mapping.event_type,
            sources=sources,
            targets=targets,
            mode=mapping.mode,
            symmetric=info.symmetric if mapping.symmetric is None else mapping.symmetric,
            status="occurred",
            date=DateSpan(start=day, end=day, precision="day"),
            location=location,
            confidence=confidence(num_sources, num_articles, is_root),
            origin=ORIGIN,
        )
        extra: dict[str, Any] = {
            "GLOBALEVENTID": int(gid),
            "EventCode": code,
            "EventBaseCode": fields[COL["EventBaseCode"]].strip(),
            "EventRootCode": mapping.root,
            "QuadClass": gdelt_quad,
            "GoldsteinScale": goldstein,
            "NumMentions": num_mentions,
            "NumSources": num_sources,
            "NumArticles": num_articles,
            "AvgTone": tone,
            "IsRootEvent": is_root,
            "DATEADDED": fields[COL["DATEADDED"]].strip(),
            "Actor1Code": fields[COL["Actor1Code"]].strip(),
            "Actor2Code": fields[COL["Actor2Code"]].strip(),
            "context": mapping.context,
        }
        stats.mapped += 1
        stats.by_type[mapping.event_type] += 1
        url = fields[COL["SOURCEURL"]].strip() or None
        return Imported(event, source_url=url, extra=extra)


# ---------------------------------------------------------------------------- files
@dataclass(frozen=True, slots=True)
class _Source:
    label: str
    open: Callable[[ExitStack], IO[bytes]]


def _looks_binary(head: bytes) -> bool:
    return b"\x00" in head


def _sources(path: Path, problems: Callable[[Problem], None], stats: ImportStats) -> Iterator[_Source]:
    """The readable text streams in `path`: the file, a gzip's content, or a zip's members."""
    label = str(path)

    def fail(reason: str) -> None:
        stats.unreadable += 1
        problems(Problem(label, None, reason))

    if not path.exists():
        fail("no such file")
        return
    if path.is_dir():
        fail("is a directory (give the export files)")
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD)
    except OSError as exc:
        fail(f"cannot read: {exc.strerror or exc}")
        return
    if not head:
        fail("empty file")
        return
    if head.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.infolist() if not m.is_dir()]
        except (zipfile.BadZipFile, OSError) as exc:
            fail(f"not a readable zip archive: {exc}")
            return
        csvs = [m for m in members if m.filename.lower().endswith((".csv", ".tsv", ".txt"))] or members
        if not csvs:
            fail("zip archive holds no files")
            return
        for m in csvs:
            def open_member(stack: ExitStack, name: str = m.filename) -> IO[bytes]:
                zf = stack.enter_context(zipfile.ZipFile(path))
                return stack.enter_context(zf.open(name))
            yield _Source(f"{label}[{m.filename}]", open_member)
        return
    if head.startswith(_GZIP_MAGIC):
        def open_gzip(stack: ExitStack) -> IO[bytes]:
            # closed by the reader's ExitStack
            return cast(IO[bytes], stack.enter_context(gzip.open(path, "rb")))
        yield _Source(label, open_gzip)
        return
    if _looks_binary(head):
        fail("not a text file (binary content)")
        return
    yield _Source(label, lambda stack: stack.enter_context(path.open("rb")))


def _lines(src: _Source, problems: Callable[[Problem], None], stats: ImportStats) -> Iterator[tuple[int, str]]:
    with ExitStack() as stack:
        try:
            # Files, gzip and zip members are all buffered streams that can peek.
            raw: Any = src.open(stack)
            head = raw.peek(_HEAD)[:_HEAD]
        except (OSError, zipfile.BadZipFile, EOFError, zlib.error) as exc:
            stats.unreadable += 1
            problems(Problem(src.label, None, f"cannot read: {exc}"))
            return
        if not head:
            stats.unreadable += 1
            problems(Problem(src.label, None, "empty file"))
            return
        if _looks_binary(head):
            stats.unreadable += 1
            problems(Problem(src.label, None, "not a text file (binary content)"))
            return
        stats.files += 1
        # GDELT is UTF-8; a stray bad byte in a name should not cost the row.
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
        try:
            for lineno, line in enumerate(text, start=1):
                line = line.rstrip("\r\n")
                if line.strip():
                    yield lineno, line
        except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            # a truncated download: keep the rows read so far
            problems(Problem(src.label, None, f"stopped reading: {exc}"))


def read_gdelt(paths: Iterable[str | Path], stats: ImportStats, problems: Callable[[Problem], None],
               mapper: GdeltMapper | None = None) -> Iterator[Imported]:
    """Stream the events of GDELT export files; every problem goes to `problems`."""
    mapper = mapper or GdeltMapper()
    for p in paths:
        for src in _sources(Path(p), problems, stats):
            rows_before, bad_in_file = stats.rows, 0
            for lineno, line in _lines(src, problems, stats):
                stats.lines += 1
                try:
                    item = mapper.convert(line.split("\t"), stats)
                except BadRow as exc:
                    stats.bad_lines += 1
                    problems(Problem(src.label, lineno, str(exc)))
                    bad_in_file += 1
                    if bad_in_file >= GIVE_UP_AFTER and stats.rows == rows_before:
                        # a mentions or GKG file, say: do not report each of its million lines
                        problems(Problem(src.label, None, f"skipped: the first {GIVE_UP_AFTER} lines are not "
                                                          "GDELT 2.0 event rows"))
                        break
                    continue
                except UnknownEventCode as exc:
                    problems(Problem(src.label, lineno, str(exc)))
                    continue
                if item is not None:
                    yield item


def import_gdelt(store: Store, paths: Iterable[str | Path], problems: Callable[[Problem], None] | None = None,
                 *, batch_size: int = 5000, mapper: GdeltMapper | None = None) -> ImportStats:
    """Read GDELT export files into `store` as origin `gdelt`; events already stored are skipped.

    Commits every `batch_size` events, so a crash loses at most one batch and a re-run fills
    the gap.
    """
    stats = ImportStats()
    report = problems or (lambda _p: None)
    batch: list[Imported] = []
    for item in read_gdelt(paths, stats, report, mapper):
        batch.append(item)
        if len(batch) >= batch_size:
            stats.added += store.add_events(batch, origin=ORIGIN)
            batch = []
    if batch:
        stats.added += store.add_events(batch, origin=ORIGIN)
    return stats
