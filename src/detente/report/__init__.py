"""`detente report`: one self-contained HTML file with the dashboard's four views.

All CSS and JS (the vendored Chart.js included) are inline and the data is embedded as JSON,
so the file works opened from disk on a machine with no network and no detente. The page
runs the dashboard script in its "embedded" mode, which filters the embedded events itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from detente import __version__
from detente.store import EventFilter, Store
from detente.store.export import atomic_path
from detente.web import data as views
from detente.web import page

__all__ = ["ReportOptions", "build_report_data", "render_report", "write_report"]


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What goes in. A report is mailed around: the caps keep it to a few megabytes."""

    since: date | None = None
    until: date | None = None
    origin: str | None = None
    max_events: int = 5000
    top_dyads: int = 12
    max_dyads: int = 200
    max_windows: int = 36
    title: str = "detente report"


def _events(store: Store, opts: ReportOptions) -> tuple[list[dict[str, Any]], int]:
    """The latest `max_events` matching events, in date order, and how many match in all."""
    f = EventFilter(since=opts.since, until=opts.until, origin=opts.origin)
    total = store.count_events(f)
    offset = max(0, total - opts.max_events)
    page_f = EventFilter(since=opts.since, until=opts.until, origin=opts.origin, limit=opts.max_events, offset=offset)
    return [views.event_dict(ev) for ev in store.events(page_f)], total


def _recent(store: Store, since: date | None, until: date | None, months: int) -> date | None:
    """The first day of the last `months` months up to the newest article: finding communities
    window by window costs seconds per hundred windows, and the report shows only the latest.

    The newest publication date, not the latest event date: one event misdated decades
    ahead would otherwise leave only its own window.
    """
    from detente.analysis import latest_publication

    last = until or latest_publication(store)
    if last is None:
        return since
    total = last.year * 12 + last.month - months  # months back from the one holding `last`
    start = date(total // 12, total % 12 + 1, 1)
    return max(start, since) if since is not None else start


def build_report_data(store: Store, opts: ReportOptions | None = None) -> dict[str, Any]:
    """Everything the report shows, as JSON-ready dicts (the API's shapes)."""
    from detente import analysis

    opts = opts or ReportOptions()
    since, until, origin = opts.since, opts.until, opts.origin
    events, total = _events(store, opts)
    dyads = views.dyad_summaries(store, views.DyadQuery(status="occurred", since=since, until=until, origin=origin),
                                 limit=opts.max_dyads)
    series = {}
    for d in dyads["items"][:opts.top_dyads]:
        series[f"{d['a']}:{d['b']}"] = analysis.dyad_series(store, d["a"], d["b"], by="month", since=since, until=until,
                                                                origin=origin).to_dict()
    windows = analysis.blocs(store, window="month", since=_recent(store, since, until, opts.max_windows),
                             until=until, origin=origin)
    blocs = [w.to_dict() for w in windows[-opts.max_windows:]]
    ledger = analysis.expectations(store, since=since, until=until, origin=origin).to_dict()
    ledger["total"] = len(ledger["entries"])
    return {
        "generated": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "meta": views.meta(store),
        "events": events,
        "events_total": total,
        "dyads": dyads,
        "dyad_series": series,
        "blocs": blocs,
        "expectations": ledger,
    }


def render_report(store: Store, opts: ReportOptions | None = None) -> str:
    opts = opts or ReportOptions()
    payload = build_report_data(store, opts)
    name = Path(str(store.path)).name
    shown = len(payload["events"])
    note = (f" · the latest {shown} of {payload['events_total']} events" if shown < payload["events_total"] else "")
    footer = f"detente {__version__} · {name} · generated {payload['generated']} UTC{note}"
    return page.render(mode="embedded", title=opts.title, subtitle=name, footer=footer, data=payload)


def write_report(store: Store, path: str | Path, opts: ReportOptions | None = None) -> Path:
    """Write the report to `path` (atomically) and return the path."""
    target = Path(path)
    text = render_report(store, opts)
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target
