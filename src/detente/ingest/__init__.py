"""Ingest: files, folders and URLs in, `Document`s out, one at a time.

    for result in iter_documents(["news/", "extra.jsonl", "https://example.org/story"]):
        if result.document:
            ...                       # a Document, its publication date settled
        else:
            print(result.error)       # "news/a.txt: not valid UTF-8 (byte 0xe9 at offset 12)"

Nothing a file contains makes this raise: every unreadable input becomes one
`ReadResult(document=None, error=IngestError(...))` and the batch goes on. Errors may
also *accompany* a good document: a warning (`error.warning` is True, e.g. "unparseable
date 'foo'") is yielded just before the document it is about, which is still produced.

Formats, by extension: .txt and .md (UTF-8), .html and .htm (trafilatura), .jsonl (one
article a line). The publication date comes from the `published` argument if given
(published_from="cli"), else from metadata ("metadata"), else from a dateline in the
text ("text"), else stays None.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

from detente.ingest.published import find_published, parse_date
from detente.ingest.result import Draft, IngestError, ReadResult, finish
from detente.ingest.text import os_reason
from detente.ingest.url import looks_like_url, read_url
from detente.ingest.walk import reader_for, supported, walk

__all__ = ["IngestError", "ReadResult", "find_published", "iter_documents", "parse_date"]


def iter_documents(
    paths: Sequence[str | Path], *, published: date | None = None, allow_private: bool = False,
    max_bytes: int = 20_000_000,
) -> Iterator[ReadResult]:
    """Stream one ReadResult per document, per error, and per warning, in input order.

    Folders are walked recursively in sorted order; inside them, hidden files and files
    of other types are skipped silently, while a file named explicitly with an unknown
    extension is an error. URLs (http/https) are fetched, refusing private and local
    addresses unless `allow_private`. `max_bytes` caps each file, each response, and each
    JSON Lines record. `published` overrides every document's date.
    """
    # A lone path is a Sequence of characters; take it as the one path it was meant as.
    items: Iterable[str | Path] = [paths] if isinstance(paths, str | Path) else paths
    for item in items:
        if looks_like_url(item):
            url = str(item)
            yield from _settle(url, read_url(url, allow_private=allow_private, max_bytes=max_bytes), published)
        elif str(item) == "":
            yield ReadResult(None, IngestError("", None, "empty path"))
        else:
            yield from _path(Path(item), published, max_bytes)


def _path(path: Path, published: date | None, max_bytes: int) -> Iterator[ReadResult]:
    try:
        is_dir = stat.S_ISDIR(path.stat().st_mode)
    except OSError as exc:
        yield ReadResult(None, IngestError(str(path), None, os_reason(exc)))
        return
    if not is_dir:
        yield from _file(path, published, max_bytes, explicit=True)
        return
    for found in walk(path):
        if isinstance(found, IngestError):
            yield ReadResult(None, found)
        else:
            yield from _file(found, published, max_bytes, explicit=False)


def _file(path: Path, published: date | None, max_bytes: int, explicit: bool) -> Iterator[ReadResult]:
    reader = reader_for(path)
    if reader is None:
        if explicit:
            kind = f"{path.suffix!r}" if path.suffix else "(no extension)"
            yield ReadResult(None, IngestError(str(path), None, f"unsupported file type {kind}; expected {supported()}"))
        return
    yield from _settle(str(path), reader(path, max_bytes), published)


def _settle(where: str, items: Iterator[Draft | IngestError], published: date | None) -> Iterator[ReadResult]:
    """Drafts to documents; and the guarantee that nothing escapes, whatever a reader hits."""
    try:
        for item in items:
            if isinstance(item, IngestError):
                yield ReadResult(None, item)
            else:
                yield from finish(item, published)
    except Exception as exc:  # the promise is that no input can raise; say what went wrong instead
        yield ReadResult(None, IngestError(where, None, f"unexpected error ({type(exc).__name__}: {exc})"))
