"""`detente import gdelt FILE...`: GDELT 2.0 event exports into the store as origin `gdelt`.

(`detente export events --format plover|cameo` lives in cli.py and calls
`detente.interop.writers.export`.)
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer()
import_app = typer.Typer(help="Read events from other event data sets.", no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("gdelt")
def gdelt(
    files: Annotated[list[Path], typer.Argument(help="GDELT 2.0 event export files (.CSV, .zip or .gz).")],
    batch_size: Annotated[int, typer.Option(min=1, help="Events per transaction.")] = 5000,
    max_messages: Annotated[int, typer.Option(min=0, help="Problem lines to print per file (the rest are counted).")]
    = 100,
) -> None:
    """Import GDELT 2.0 event files: CAMEO codes become PLOVER types, CAMEO actors detente actors.

    Re-importing a file adds nothing.

    A bad line is reported as FILE:LINE: reason and skipped; the command fails only if no row is read.
    """
    # cli.py imports this module to register it: import its helpers at call time.
    from detente.cli import console, err, open_store
    from detente.interop.gdelt import Problem, import_gdelt

    shown: Counter[str] = Counter()
    hidden: Counter[str] = Counter()

    def report(problem: Problem) -> None:
        if problem.line is None or shown[problem.path] < max_messages:
            shown[problem.path] += 1
            err.print(str(problem), markup=False, highlight=False, soft_wrap=True)
        else:
            hidden[problem.path] += 1

    with open_store() as store:
        stats = import_gdelt(store, files, report, batch_size=batch_size)
        from detente.analysis import ensure_clustered

        ensure_clustered(store)  # imported events join the clusters the analyses count
    for path, n in hidden.items():
        err.print(f"{path}: {n} more problem line(s) not shown", markup=False, highlight=False, soft_wrap=True)

    console.print(f"read {stats.rows} row(s) from {stats.files} file(s): {stats.mapped} event(s), "
                  f"{stats.added} new, {stats.existing} already stored", soft_wrap=True)
    skipped = ", ".join(f"{n} {reason}" for reason, n in stats.skipped.most_common())
    if skipped:
        console.print(f"skipped: {skipped}", highlight=False, soft_wrap=True)
    if stats.bad_lines:
        console.print(f"bad lines: {stats.bad_lines}")
    if stats.unknown_event_codes:
        codes = ", ".join(f"{c} ({n})" for c, n in stats.unknown_event_codes.most_common(10))
        console.print(f"unknown CAMEO event codes: {codes}", highlight=False, soft_wrap=True)
    if stats.quad_disagreements:
        console.print(f"{stats.quad_disagreements} event(s) whose GDELT QuadClass differs from the PLOVER "
                      "type's (detente keeps the type's; GDELT's is in extra.QuadClass)", highlight=False, soft_wrap=True)
    if not stats.read_anything:
        err.print("[red]error:[/] no GDELT row could be read", soft_wrap=True)
        raise typer.Exit(1)
