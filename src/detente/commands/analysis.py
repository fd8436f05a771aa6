"""CLI commands over `detente.analysis`: dyad, blocs, unity, bursts, expectations, clusters.

Each opens the store read-only. When events are not clustered yet, the store is reopened
read-write once to cluster them; if another process holds the write lock, the analysis
runs anyway and unclustered events count one by one (with a warning).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from detente import analysis
from detente.store import Store, StoreError

app = typer.Typer(no_args_is_help=True)

QUAD_STYLES = {1: "green", 2: "bold green", 3: "yellow", 4: "bold red"}
OUTCOME_STYLES = {"fulfilled": "bold green", "pending": "cyan", "overdue": "yellow", "cancelled": "red",
                  "failed": "bold red"}
BAR = "█"

Since = Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")]
Origin = Annotated[str | None, typer.Option(help="detente (coded articles) or gdelt (imported); both if omitted.")]
MinConf = Annotated[float | None, typer.Option(min=0.0, max=1.0, help="Keep clusters at least this confident.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _cli() -> Any:
    # Imported late: detente.cli imports this module to register the commands.
    from detente import cli

    return cli


@contextmanager
def _store() -> Iterator[Store]:
    cli = _cli()
    store: Store = cli.open_store(read_only=True)
    try:
        if analysis.needs_clustering(store):
            store.close()
            try:
                with Store(cli.state.db) as rw:
                    stats = analysis.ensure_clustered(rw)
                if stats is not None:
                    cli.err.print(f"clustered {stats.events} event(s) into {stats.clusters} cluster(s)",
                                  highlight=False)
            except StoreError as exc:
                cli.err.print(f"[yellow]warning:[/] cannot cluster new events ({exc}); they count one by one")
            store = cli.open_store(read_only=True)
        yield store
    finally:
        store.close()


def _day(value: str | None, what: str) -> date | None:
    parsed: date | None = _cli().parse_day(value, what)
    return parsed


def _print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")


def _bar(value: float, scale: float, width: int, style: str, right: bool = False) -> Text:
    """A bar of up to `width` cells for value/scale; `right` aligns it to the right edge."""
    n = round(width * value / scale) if scale > 0 else 0
    if value > 0 and n == 0:
        n = 1
    if right:
        return Text.assemble(" " * (width - n), (BAR * n, style))
    return Text(BAR * n, style=style)


def _fmt(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:+.{digits}f}"


# ---------------------------------------------------------------------------- dyad
@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="One actor code (e.g. PRK).")],
    b: Annotated[str, typer.Argument(help="The other actor code (e.g. USA).")],
    by: Annotated[str, typer.Option(help="day, week, month, quarter or year.")] = "month",
    since: Since = None,
    until: Until = None,
    origin: Origin = None,
    min_confidence: MinConf = None,
    as_json: AsJson = False,
) -> None:
    """Events between two actors per window: counts by quad class, net cooperation, intensity."""
    lo, hi = _day(since, "--since"), _day(until, "--until")
    with _store() as store:
        series = _run(lambda: analysis.dyad_series(store, a, b, by=by, since=lo, until=hi, origin=origin,
                                                   min_confidence=min_confidence))
    if as_json:
        _print_json(series.to_dict())
        return
    console = _cli().console
    if not series.points:
        console.print(f"no events between {series.a} and {series.b}")
        return
    t = Table(title=f"{series.a} - {series.b} by {by} (clusters)", header_style="bold")
    for col in ("period", "verbal coop", "material coop", "verbal conflict", "material conflict", "events",
                "net", "intensity"):
        t.add_column(col, justify="left" if col == "period" else "right")
    t.add_column("cooperation | conflict")
    scale = max(max(p.q1 + p.q2, p.q3 + p.q4) for p in series.points)
    for p in series.points:
        chart = Text()
        chart.append_text(_bar(p.q1 + p.q2, scale, 20, "green", right=True))
        chart.append(" | ")
        chart.append_text(_bar(p.q3 + p.q4, scale, 20, "red"))
        t.add_row(p.period.isoformat(), str(p.q1), str(p.q2), str(p.q3), str(p.q4), str(p.events),
                  _fmt(p.net) if p.events else "-", f"{p.intensity:+.1f}", chart)
    total = series.total
    if total is not None:
        t.add_section()
        t.add_row("total", str(total.q1), str(total.q2), str(total.q3), str(total.q4), str(total.events),
                  _fmt(total.net) if total.events else "-", f"{total.intensity:+.1f}", "")
    console.print(t)


# ---------------------------------------------------------------------------- blocs
@app.command()
def blocs(
    window: Annotated[str, typer.Option(help="week, month, quarter or year.")] = "month",
    since: Since = None,
    until: Until = None,
    origin: Origin = None,
    min_confidence: MinConf = None,
    weighting: Annotated[str, typer.Option(help="intensity (PLOVER) or quad (+1 cooperation, -1 conflict).")]
    = "intensity",
    min_events: Annotated[int, typer.Option(min=1, help="Drop edges with fewer clusters.")] = 1,
    as_json: AsJson = False,
) -> None:
    """Communities of states per window, from the signed graph of their cooperation and conflict."""
    lo, hi = _day(since, "--since"), _day(until, "--until")
    with _store() as store:
        windows = _run(lambda: analysis.blocs(store, window=window, since=lo, until=hi, origin=origin,
                                              min_confidence=min_confidence, weighting=weighting,
                                              min_events=min_events))
    if as_json:
        _print_json([w.to_dict() for w in windows])
        return
    print_blocs(_cli().console, windows, window)


def print_blocs(console: Any, windows: list[analysis.BlocWindow], window: str) -> None:
    if not windows:
        console.print("no events between states in that range")
        return
    t = Table(title=f"Blocs by {window} (signed Louvain)", header_style="bold")
    for col in ("window", "states", "ties", "+/-", "modularity", "frustration", "communities"):
        t.add_column(col, justify="right" if col in ("states", "ties", "modularity", "frustration") else "left")
    for w in windows:
        pos = sum(1 for e in w.edges if e.weight > 0)
        neg = sum(1 for e in w.edges if e.weight < 0)
        blocs_text = " | ".join(" ".join(c) for c in w.communities if len(c) > 1) or "-"
        singles = sum(1 for c in w.communities if len(c) == 1)
        if singles:
            blocs_text += f"  (+{singles} alone)"
        t.add_row(w.start.isoformat(), str(len(w.nodes)), str(len(w.edges)), f"{pos}/{neg}", f"{w.modularity:.3f}",
                  f"{w.frustration:.2f}", blocs_text)
    console.print(t)


# ---------------------------------------------------------------------------- unity
@app.command()
def unity(
    codes: Annotated[list[str], typer.Argument(help="Members of the group (e.g. PRK CHN RUS).")],
    window: Annotated[str, typer.Option(help="week, month, quarter or year.")] = "month",
    since: Since = None,
    until: Until = None,
    origin: Origin = None,
    min_confidence: MinConf = None,
    as_json: AsJson = False,
) -> None:
    """Cohesion of a group over time: in-group cooperation and out-group conflict against in-group conflict."""
    lo, hi = _day(since, "--since"), _day(until, "--until")
    with _store() as store:
        points = _run(lambda: analysis.unity(store, codes, window=window, since=lo, until=hi, origin=origin,
                                             min_confidence=min_confidence))
    members = sorted({c.strip().upper() for c in codes})
    if as_json:
        _print_json({"members": members, "window": window, "points": [p.to_dict() for p in points]})
        return
    print_unity(_cli().console, points, members, window)


def print_unity(console: Any, points: list[analysis.UnityPoint], members: list[str], window: str) -> None:
    if not points:
        console.print(f"no events touching {' '.join(members)}")
        return
    t = Table(title=f"Unity of {' '.join(members)} by {window}", header_style="bold")
    for col in ("window", "in-group coop", "in-group conflict", "out-group conflict", "out-group coop", "index"):
        t.add_column(col, justify="left" if col == "window" else "right")
    t.add_column("-1 .. +1")
    for p in points:
        chart = Text(" " * 10 + "|")
        if p.index is not None and p.index >= 0:
            chart.append_text(_bar(p.index, 1.0, 10, "green"))
        elif p.index is not None:
            chart = _bar(-p.index, 1.0, 10, "red", right=True) + Text("|")
        t.add_row(p.start.isoformat(), str(p.in_coop), str(p.in_conflict), str(p.out_conflict), str(p.out_coop),
                  _fmt(p.index), chart)
    console.print(t)


# ---------------------------------------------------------------------------- bursts
@app.command()
def bursts(
    window: Annotated[str, typer.Option(help="day, week, month, quarter or year.")] = "week",
    since: Since = None,
    until: Until = None,
    origin: Origin = None,
    min_confidence: MinConf = None,
    threshold: Annotated[float, typer.Option(help="Flag windows with z at least this.")] = 3.0,
    min_count: Annotated[int, typer.Option(min=1, help="Flag windows with at least this many clusters.")] = 3,
    baseline: Annotated[int, typer.Option(min=1, help="Windows the baseline averages over.")] = 8,
    min_history: Annotated[int, typer.Option(min=1, help="Windows of history a dyad needs.")] = 4,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    as_json: AsJson = False,
) -> None:
    """Dyads whose event rate in a window is far above their own baseline."""
    lo, hi = _day(since, "--since"), _day(until, "--until")
    with _store() as store:
        found = _run(lambda: analysis.bursts(store, window=window, since=lo, until=hi, origin=origin,
                                             min_confidence=min_confidence, threshold=threshold,
                                             min_count=min_count, baseline_windows=baseline,
                                             min_history=min_history, limit=limit))
        if as_json:
            _print_json([bu.to_dict() for bu in found])
        else:
            print_bursts(_cli().console, store, found, window, threshold, min_count)


def print_bursts(console: Any, store: Store, found: list[analysis.Burst], window: str, threshold: float,
                 min_count: int) -> None:
    if not found:
        console.print("no bursts")
        return
    infos = {c.cluster_id: c for c in analysis.clusters(
        store, [cid for bu in found for cid in bu.cluster_ids], limit=None)}
    t = Table(title=f"Bursts by {window} (z >= {threshold}, at least {min_count})", header_style="bold")
    for col in ("dyad", "window", "clusters", "baseline", "z", "what happened"):
        t.add_column(col, justify="right" if col in ("clusters", "baseline", "z") else "left",
                     overflow="fold" if col == "what happened" else "ellipsis")
    for bu in found:
        what = []
        for cid in bu.cluster_ids[:6]:
            info = infos.get(cid)
            if info is not None:
                # undated happenings are placed by their first report
                when = info.date.start.isoformat() if info.date else f"~{info.first_reported or '?'}"
                what.append(f"{when} {info.event_type} x{info.reports}")
        if len(bu.cluster_ids) > 6:
            what.append(f"... {len(bu.cluster_ids) - 6} more")
        t.add_row(f"{bu.a} - {bu.b}", bu.start.isoformat(), str(bu.count), f"{bu.baseline:.2f}", f"{bu.score:.1f}",
                  "; ".join(what))
    console.print(t)


# ---------------------------------------------------------------------------- expectations
@app.command()
def expectations(
    as_of: Annotated[str | None, typer.Option(help="Judge as of this date (default: the latest publication).")]
    = None,
    since: Since = None,
    until: Until = None,
    origin: Origin = None,
    min_confidence: MinConf = None,
    tolerance: Annotated[int, typer.Option(min=0, help="Days of slack around a predicted date.")] = 3,
    horizon: Annotated[int, typer.Option(min=1, help="Days an undated prediction stays open.")] = 180,
    limit: Annotated[int, typer.Option(min=1, help="Entries to list (the counts cover all).")] = 100,
    as_json: AsJson = False,
) -> None:
    """The expectations ledger: planned and expected events against what happened later."""
    lo, hi, when = _day(since, "--since"), _day(until, "--until"), _day(as_of, "--as-of")
    with _store() as store:
        ledger = _run(lambda: analysis.expectations(store, as_of=when, since=lo, until=hi, origin=origin,
                                                    min_confidence=min_confidence, tolerance_days=tolerance,
                                                    horizon_days=horizon, limit=limit))
    if as_json:
        _print_json(ledger.to_dict())
        return
    print_ledger(_cli().console, ledger)


def print_ledger(console: Any, ledger: analysis.Ledger) -> None:
    if not ledger.entries:
        console.print("no planned or expected events")
        return
    t = Table(title=f"Expectations ledger as of {ledger.as_of}", header_style="bold")
    for col in ("reported", "type", "source", "target", "status", "predicted", "predictor", "document", "outcome",
                "lead", "error"):
        t.add_column(col, justify="right" if col in ("lead", "error") else "left")
    for e in ledger.entries:
        span = e.predicted
        predicted = "-" if span is None else (span.start.isoformat() if span.start == span.end
                                              else f"{span.start}..{span.end}")
        if span is not None and span.approximate:
            predicted = "~" + predicted
        t.add_row(str(e.reported or "-"), e.event_type, e.source, e.target or "-", e.status, predicted,
                  e.predictor or "-", e.doc_name or "-", Text(e.outcome, style=OUTCOME_STYLES.get(e.outcome, "")),
                  "-" if e.lead_days is None else f"{e.lead_days}d",
                  "-" if e.date_error_days is None else f"{e.date_error_days:+d}d")
    console.print(t)
    summary = ", ".join(f"{n} {k}" for k, n in ledger.outcomes.items() if n)
    console.print(f"{sum(ledger.outcomes.values())} prediction(s): {summary}")
    for title, rows in (("Accuracy by predictor", ledger.by_predictor), ("Accuracy by source", ledger.by_source)):
        if rows:
            console.print(_accuracy_table(title, rows))


def _accuracy_table(title: str, rows: list[analysis.Accuracy]) -> Table:
    t = Table(title=title, header_style="bold")
    for col in ("who", "predictions", "fulfilled", "overdue", "cancelled", "failed", "pending", "accuracy"):
        t.add_column(col, justify="left" if col == "who" else "right")
    for r in rows:
        t.add_row(r.key, str(r.total), str(r.fulfilled), str(r.overdue), str(r.cancelled), str(r.failed),
                  str(r.pending), "-" if r.accuracy is None else f"{r.accuracy:.0%}")
    return t


# ---------------------------------------------------------------------------- clusters
@app.command()
def clusters(
    since: Since = None,
    until: Until = None,
    origin: Origin = None,
    min_confidence: MinConf = None,
    min_reports: Annotated[int, typer.Option(min=1, help="Clusters with at least this many reports.")] = 1,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    rebuild: Annotated[bool, typer.Option(help="Cluster every event again first.")] = False,
    as_json: AsJson = False,
) -> None:
    """Happenings reported by several articles: each cluster with its reports, articles and sources."""
    lo, hi = _day(since, "--since"), _day(until, "--until")
    cli = _cli()
    if rebuild:
        with cli.open_store() as rw:
            stats = analysis.cluster(rw)
        cli.err.print(f"clustered {stats.events} event(s) into {stats.clusters} cluster(s), "
                      f"{stats.multi_article} reported by several articles", highlight=False)
    with _store() as store:
        found = _run(lambda: analysis.clusters(store, since=lo, until=hi, origin=origin,
                                               min_confidence=min_confidence, min_reports=min_reports,
                                               limit=limit))
    if as_json:
        _print_json([c.to_dict() for c in found])
        return
    if not found:
        cli.console.print("no clusters")
        return
    t = Table(title="Clusters (largest first)", header_style="bold")
    for col in ("date", "type", "actors", "status", "reports", "articles", "sources", "first reported",
                "documents"):
        t.add_column(col, justify="right" if col in ("reports", "articles", "sources") else "left",
                     overflow="fold" if col == "documents" else "ellipsis")
    for c in found:
        when = "-" if c.date is None else (c.date.start.isoformat() if c.date.start == c.date.end
                                           else f"{c.date.start}..{c.date.end}")
        t.add_row(when, c.event_type, " ".join(c.pairs), c.status, str(c.reports), str(c.articles), str(c.sources),
                  str(c.first_reported or "-"), ", ".join(c.documents[:3]) + (" ..." if len(c.documents) > 3 else ""))
    cli.console.print(t)


def _run(fn: Any) -> Any:
    """Call an analysis, turning a bad option (ValueError) into a clean CLI error."""
    try:
        return fn()
    except ValueError as exc:
        _cli().err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
