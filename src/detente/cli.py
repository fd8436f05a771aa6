"""The `detente` command line: parse options, call a stage, render the result with Rich."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from detente import __version__
from detente.store import EventFilter, Store, StoredEvent, StoreError

app = typer.Typer(
    name="detente",
    help="International-relations news in, dated and sourced PLOVER events out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(help="Write stored data to files.", no_args_is_help=True)
app.add_typer(export_app, name="export")

console = Console()
err = Console(stderr=True)


@dataclass
class State:
    """Global options, set once by the callback and read by every command."""

    db: Path = Path("detente.duckdb")
    actors: list[str] = field(default_factory=list)


state = State()


def version_callback(value: bool) -> None:
    if value:
        console.print(f"detente {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    db: Annotated[Path, typer.Option("--db", envvar="DETENTE_DB", help="DuckDB file holding documents and events.")]
    = Path("detente.duckdb"),
    actors: Annotated[list[Path] | None, typer.Option("--actors", help="Extra actor YAML file (repeatable).")] = None,
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True)] = False,
) -> None:
    state.db = db
    state.actors = [str(p) for p in actors or []]


def open_store(read_only: bool = False) -> Store:
    try:
        return Store(state.db, read_only=read_only)
    except StoreError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


def parse_day(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    from detente.ingest import parse_date

    d = parse_date(value)
    if d is None:
        err.print(f"[red]error:[/] {what}: not a date: {value!r} (use YYYY-MM-DD)")
        raise typer.Exit(2)
    return d


# ---------------------------------------------------------------------------- ingest
@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or http(s) URLs.")],
    published: Annotated[str | None, typer.Option(help="Publication date for every document (YYYY-MM-DD).")] = None,
    allow_private: Annotated[bool, typer.Option(help="Allow URLs on private or loopback addresses.")] = False,
) -> None:
    """Read articles (.txt, .md, .html, .jsonl, URLs) into the store. Re-ingesting is a no-op."""

    override = parse_day(published, "--published")
    with open_store() as store:
        stats = _ingest(store, paths, override, allow_private)
    console.print(f"ingested {stats[0]} new document(s), {stats[1]} already stored, {stats[2]} error(s)")
    if stats[0] + stats[1] == 0:
        raise typer.Exit(1)


def _ingest(store: Store, paths: list[str], published: date | None, allow_private: bool) -> tuple[int, int, int]:
    from detente.ingest import iter_documents

    added = existing = errors = 0
    batch = []
    for result in iter_documents(paths, published=published, allow_private=allow_private):
        if result.error is not None:
            warn = getattr(result.error, "warning", False)
            err.print(f"{'warning' if warn else 'error'}: {result.error}", markup=False, highlight=False)
            errors += 0 if warn else 1
        if result.document is not None:
            batch.append(result.document)
            if len(batch) >= 500:
                r = store.add_documents(batch)
                added, existing, batch = added + r.added, existing + r.existing, []
    if batch:
        r = store.add_documents(batch)
        added, existing = added + r.added, existing + r.existing
    return added, existing, errors


# ---------------------------------------------------------------------------- extract
@app.command()
def extract(
    workers: Annotated[int, typer.Option(min=1, help="Processes to code with.")] = 1,
    engine: Annotated[str, typer.Option(help="local or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (LocalCluster if omitted).")] = None,
    min_confidence: Annotated[float | None, typer.Option(min=0.0, max=1.0, help="Keep events at least this confident.")]
    = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Code at most this many documents.")] = None,
    recode: Annotated[bool, typer.Option(help="Code every document again, not only new ones.")] = False,
) -> None:
    """Code every document not yet coded."""
    with open_store() as store:
        if recode:
            store.reset_coding()
        total = store.count_uncoded()
        if limit is not None:
            total = min(total, limit)
        if total == 0:
            console.print("nothing to code: every document is coded")
            return
        with Progress(TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[events]} events"),
                      TimeElapsedColumn(), console=err, transient=False) as bar:
            task = bar.add_task("code", total=total, events=0)

            done = [0]

            def progress(docs: int, events: int) -> None:
                bar.update(task, advance=docs, events=bar.tasks[0].fields["events"] + events)
                done[0] += docs
                if not err.is_terminal:
                    # a log line per batch when not on a terminal (CI logs, supervisors)
                    err.print(f"coded {done[0]}/{total} documents", highlight=False)

            if engine == "dask":
                from detente.engines import dask as dask_engine

                try:
                    stats = dask_engine.run(store, scheduler=scheduler, workers=workers, actor_files=state.actors,
                                            min_confidence=min_confidence, limit=limit, progress=progress)
                except dask_engine.EngineError as exc:
                    err.print(f"[red]error:[/] {exc}")
                    raise typer.Exit(2) from exc
            elif engine == "local":
                from detente.engines import local

                stats = local.run(store, workers=workers, actor_files=state.actors, min_confidence=min_confidence,
                                  limit=limit, progress=progress)
            else:
                err.print(f"[red]error:[/] unknown engine {engine!r} (local or dask)")
                raise typer.Exit(2)
        _cluster(store)
    console.print(f"coded {stats.documents} document(s): {stats.events} event(s)")


def _cluster(store: Store) -> None:
    """Group reports of one happening across documents, so analyses count happenings."""
    from detente.analysis import ensure_clustered

    ensure_clustered(store)


# ---------------------------------------------------------------------------- events
def _filter(actor: str | None, dyad: str | None, type_: str | None, status: str | None, since: str | None,
            until: str | None, limit: int | None = None, min_confidence: float | None = None,
            origin: str | None = None) -> EventFilter:
    pair = None
    if dyad:
        a, sep, b = dyad.partition(":")
        if not sep or not a or not b:
            err.print(f"[red]error:[/] --dyad wants A:B, got {dyad!r}")
            raise typer.Exit(2)
        pair = (a.upper(), b.upper())
    return EventFilter(actor=actor.upper() if actor else None, dyad=pair,
                       event_type=type_.upper() if type_ else None, status=status.lower() if status else None,
                       since=parse_day(since, "--since"), until=parse_day(until, "--until"), limit=limit,
                       min_confidence=min_confidence, origin=origin)


@app.command()
def events(
    actor: Annotated[str | None, typer.Option(help="Events with this actor on either side (e.g. PRK).")] = None,
    dyad: Annotated[str | None, typer.Option(help="Events between A and B, either way (e.g. PRK:USA).")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER type (CONSULT, REQUEST, ...).")] = None,
    status: Annotated[str | None, typer.Option(help="occurred, planned, expected, cancelled or failed.")] = None,
    since: Annotated[str | None, typer.Option(help="On or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="On or before this date.")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 200,
    origin: Annotated[str | None, typer.Option(help="detente (coded articles) or gdelt (imported).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON row per dyad instead of a table.")] = False,
    evidence: Annotated[bool | None, typer.Option("--evidence/--no-evidence", help="Show the evidence sentence.")]
    = None,
) -> None:
    """List stored events."""
    import json

    f = _filter(actor, dyad, type_, status, since, until, limit, origin=origin)
    if as_json:
        # the export rows: one per dyad, only the dyads the filter asks for
        with open_store(read_only=True) as store:
            for r in store.iter_export_rows(f):
                sys.stdout.write(json.dumps(r, default=str) + "\n")
        return
    with open_store(read_only=True) as store:
        rows = store.events(f)
    console.print(events_table(rows, evidence=evidence))


def _actor_label(a: object) -> str:
    if a is None:
        return "-"
    code = getattr(a, "code", "?")
    person = getattr(a, "person", None)
    return f"{code} ({person})" if person else code


def _when(d: object) -> str:
    """A date as precise as it is known: 2018-06-12, 2018-06, 2018, or a range."""
    if d is None:
        return ""
    start, end, precision = d.start, d.end, d.precision  # type: ignore[attr-defined]
    text = {"day": start.isoformat(), "month": start.isoformat()[:7], "year": str(start.year)}.get(
        precision, f"{start}..{end}")
    return ("~" if d.approximate else "") + text  # type: ignore[attr-defined]


def events_table(rows: list[StoredEvent], title: str | None = None, evidence: bool | None = None) -> Table:
    # the evidence sentence only fits a wide terminal; narrow ones get the coded fields
    show = console.width >= 140 if evidence is None else evidence
    t = Table(title=title, show_lines=False, header_style="bold")
    wide = console.width >= 110
    cols = ("date", "type", "source", "target", "status", "conf") + (("doc",) if wide else ()) + (
        ("evidence",) if show else ())
    for col in cols:
        t.add_column(col, overflow="fold", max_width=70 if col == "evidence" else None,
                     no_wrap=col in ("date", "type", "status", "conf", "source", "target"))
    for ev in rows:
        when = _when(ev.date)
        label = _actor_label if show else (lambda a: getattr(a, "code", "?"))
        targets = ", ".join(label(a) for a in ev.targets) or "-"
        sources = ", ".join(label(a) for a in ev.sources)
        typ = ev.event_type + (f"/{ev.mode}" if ev.mode else "")
        ev_text = ev.evidence[0].sentence if ev.evidence else ""
        doc = ev.doc_name or ""
        cells = [when, typ, sources, targets, ev.status, f"{ev.confidence:.2f}"] + ([doc if show else doc[:30]] if wide else [])
        t.add_row(*cells, *([ev_text[:160]] if show else []))
    return t


# ---------------------------------------------------------------------------- export
@export_app.command("events")
def export_events(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv, parquet, plover or cameo.")] = "jsonl",
    actor: Annotated[str | None, typer.Option()] = None,
    dyad: Annotated[str | None, typer.Option()] = None,
    type_: Annotated[str | None, typer.Option("--type")] = None,
    status: Annotated[str | None, typer.Option()] = None,
    since: Annotated[str | None, typer.Option()] = None,
    until: Annotated[str | None, typer.Option()] = None,
    min_confidence: Annotated[float | None, typer.Option(min=0.0, max=1.0)] = None,
    origin: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Export events, one row per dyad (JSON Lines rows follow event.schema.json)."""
    f = _filter(actor, dyad, type_, status, since, until, None, min_confidence, origin)
    fmt = fmt.lower()
    with open_store(read_only=True) as store:
        if fmt == "jsonl":
            # the schema requires an evidence sentence; imported records (GDELT) have none
            skipped = [0]

            def with_evidence() -> Iterator[dict[str, Any]]:
                for row in store.iter_export_rows(f):
                    if row.get("evidence"):
                        yield row
                    else:
                        skipped[0] += 1

            from detente.store import export as export_mod

            n = export_mod.write_rows(with_evidence(), output, "jsonl")
            if skipped[0]:
                err.print(f"skipped {skipped[0]} imported row(s) with no evidence sentence, which the JSON Lines "
                          "schema requires; --format csv, parquet, plover or cameo export them")
        elif fmt in ("csv", "parquet"):
            n = store.export(output, fmt, f)  # type: ignore[arg-type]
        elif fmt in ("plover", "cameo"):
            from detente.interop import writers

            n = writers.export(store, output, fmt, f)
        else:
            err.print(f"[red]error:[/] unknown format {fmt!r} (jsonl, csv, parquet, plover, cameo)")
            raise typer.Exit(2)
    console.print(f"wrote {n} row(s) to {output}")


# ---------------------------------------------------------------------------- explain
@app.command()
def explain(
    sentence: Annotated[str, typer.Argument(help="Text to code (one or more sentences).")],
    published: Annotated[str | None, typer.Option(help="Publication date the dates resolve against.")] = None,
) -> None:
    """Show how a sentence is coded: tokens, entities, actors, triggers, and why each candidate
    event was kept or dropped."""
    from detente.events.coder import Coder, explain_text
    from detente.explain import render_explanation

    pub = parse_day(published, "--published") or date.today()
    coder = Coder(actor_files=[Path(p) for p in state.actors])
    render_explanation(console, explain_text(coder, sentence, pub))


# ---------------------------------------------------------------------------- demo
@app.command()
def demo(
    report: Annotated[Path, typer.Option("-o", "--report", help="Where to write the HTML report.")]
    = Path("detente-report.html"),
) -> None:
    """Ingest the built-in sample corpus, code it, and print the headline analysis."""
    from detente.samples import corpus_dir

    corpus = corpus_dir()
    console.rule("[bold]detente demo")
    console.print(f"sample corpus: {corpus}")
    with open_store() as store:
        added, existing, errors = _ingest(store, [str(corpus)], None, False)
        console.print(f"ingested {added} new document(s) ({existing} already stored, {errors} error(s))")
        from detente.engines import local

        stats = local.run(store, workers=1, actor_files=state.actors)
        _cluster(store)
        console.print(f"coded {stats.documents} document(s): {stats.events} event(s)\n")
        rows = store.events(EventFilter(origin="detente"))
        rows.sort(key=lambda e: (e.date.start if e.date else date.max, e.doc_name or ""))
        console.print(events_table(rows, title="Events"))
        _print_dyads(rows)
        _print_headlines(store)
        from detente.report import write_report

        path = write_report(store, report)
        console.print(f"\nreport written to [bold]{path.resolve()}[/] (one self-contained HTML file)")


def _print_dyads(rows: list[StoredEvent]) -> None:
    from collections import Counter

    counts: Counter[tuple[str, str]] = Counter()
    coop: Counter[tuple[str, str]] = Counter()
    for ev in rows:
        for r in ev.to_rows():
            s = r["source"]["code"]
            t = (r["target"] or {}).get("code")
            if not t or s == t:
                continue
            pair = tuple(sorted((s, t)))
            counts[pair] += 1
            coop[pair] += 1 if r["quad_class"] in (1, 2) else -1
    t = Table(title="Most active dyads", header_style="bold")
    for col in ("dyad", "events", "cooperation - conflict"):
        t.add_column(col)
    for pair, n in counts.most_common(10):
        t.add_row(" - ".join(pair), str(n), f"{coop[pair]:+d}")
    console.print(t)


def _print_headlines(store: Store) -> None:
    """The patterns the seed articles reason from: blocs, the unity of PRK-CHN-RUS, bursts, the ledger."""
    from detente import analysis
    from detente.commands import analysis as views

    views.print_blocs(console, analysis.blocs(store, window="quarter"), "quarter")
    group = ["CHN", "PRK", "RUS"]
    views.print_unity(console, analysis.unity(store, group, window="quarter"), group, "quarter")
    # the sample corpus is small, so a burst needs only two happenings above a short baseline
    found = analysis.bursts(store, window="month", threshold=2.0, min_count=2, baseline_windows=6, min_history=2)
    views.print_bursts(console, store, found, "month", 2.0, 2)
    views.print_ledger(console, analysis.expectations(store))


def _register_commands() -> None:
    """Commands of other stages, merged into the root app (they import this module's helpers)."""
    from detente.commands import analysis as analysis_cmd
    from detente.commands import interop as interop_cmd
    from detente.commands import web as web_cmd

    app.add_typer(analysis_cmd.app)
    app.add_typer(interop_cmd.app)
    app.add_typer(web_cmd.app)


_register_commands()


def run() -> None:  # pragma: no cover - console entry point wrapper
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    run()
