"""`detente serve` (JSON API and dashboard) and `detente report` (self-contained HTML)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated

import typer

from detente.cli import console, err, open_store, parse_day, state
from detente.store import StoreError

app = typer.Typer()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind. Other machines can connect only if you change it.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port (0 picks a free one).")] = 8000,
    token: Annotated[str | None, typer.Option(envvar="DETENTE_TOKEN", show_envvar=True,
                                              help="Require 'Authorization: Bearer TOKEN' on every /api route.")]
    = None,
    pool: Annotated[int, typer.Option(min=1, max=64, help="Database connections serving requests at once.")] = 4,
    log_level: Annotated[str, typer.Option(help="uvicorn log level: warning, info, debug.")] = "info",
) -> None:
    """Serve the JSON API (OpenAPI spec at /openapi.json, route list at /api-docs) and the dashboard.

    With a token, open the dashboard as http://HOST:PORT/?token=TOKEN; its script then sends the
    token as a bearer header on every API call.
    """
    import uvicorn

    from detente.web import create_app

    if token is not None and not token.strip():
        err.print("[red]error:[/] --token is empty")
        raise typer.Exit(2)
    try:
        api = create_app(state.db, token=token, pool_size=pool)
    except StoreError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    if not _is_loopback(host) and not token:
        err.print(f"[yellow]warning:[/] serving {host} without a token: anyone who can reach it reads the data")
    shown = f"[{host}]" if ":" in host else host
    where = f"http://{shown}:{port}/" + ("?token=…" if token else "") if port else f"{shown}, on a free port (below)"
    err.print(f"detente: serving {state.db} read-only at {where} (Ctrl-C stops)", highlight=False)
    config = uvicorn.Config(api, host=host, port=port, log_level=log_level.lower(), access_log=log_level == "debug",
                            server_header=False)
    uvicorn.Server(config).run()


@app.command()
def report(
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("report.html"),
    since: Annotated[str | None, typer.Option(help="Only events on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Only events on or before this date.")] = None,
    origin: Annotated[str | None, typer.Option(help="detente (coded articles) or gdelt (imported).")] = None,
    max_events: Annotated[int, typer.Option(min=1, help="Embed at most this many (latest) events.")] = 5000,
    title: Annotated[str, typer.Option(help="Title of the page.")] = "detente report",
) -> None:
    """Write one self-contained HTML file (timeline, dyads, alignment, expectations) that works
    opened from disk, with no server and no network."""
    from detente.report import ReportOptions, write_report

    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    if start and end and start > end:
        err.print(f"[red]error:[/] --since {start} is after --until {end}")
        raise typer.Exit(2)
    opts = ReportOptions(since=start, until=end, origin=origin, max_events=max_events, title=title)
    with open_store(read_only=True) as store:
        path = write_report(store, output, opts)
    size = os.path.getsize(path)
    console.print(f"wrote {path} ({size / 1024:.0f} KiB)")
