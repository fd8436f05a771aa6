"""Walking folders: every readable file under a directory, in a fixed order, streamed."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from detente.ingest.html import read_html
from detente.ingest.jsonl import read_jsonl
from detente.ingest.result import Draft, IngestError
from detente.ingest.text import os_reason, read_text

Reader = Callable[[Path, int], Iterator[Draft | IngestError]]

READERS: dict[str, Reader] = {
    ".txt": read_text, ".md": read_text,
    ".html": read_html, ".htm": read_html,
    ".jsonl": read_jsonl,
}


def reader_for(path: Path) -> Reader | None:
    return READERS.get(path.suffix.lower())


def supported() -> str:
    return ", ".join(sorted(READERS))


def _entries(directory: Path) -> list[os.DirEntry[str]]:
    # One directory's listing at a time: sorted for a deterministic order, never the tree.
    with os.scandir(directory) as it:
        return sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def walk(directory: Path) -> Iterator[Path | IngestError]:
    """Supported files under `directory`, depth first in name order, and errors for subfolders
    that cannot be listed. Hidden entries and other file types are skipped silently;
    "no readable files" is reported when nothing at all was found."""
    try:
        top = _entries(directory)
        seen = {_identity(directory)}
    except OSError as exc:
        yield IngestError(str(directory), None, os_reason(exc))
        return
    found = 0
    stack: list[Iterator[os.DirEntry[str]]] = [iter(top)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            if is_dir:
                # Symlinked folders are followed, but a link back up the tree is not a loop.
                ident = _identity(path)
                if ident not in seen:
                    seen.add(ident)
                    stack.append(iter(_entries(path)))
                continue
        except OSError as exc:
            yield IngestError(str(path), None, os_reason(exc))
            continue
        if reader_for(path) is not None:
            found += 1
            yield path
    if not found:
        yield IngestError(str(directory), None, f"no readable files (looked for {supported()})")
