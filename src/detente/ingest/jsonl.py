"""JSON Lines: one article a line, `{"id", "text", "title", "published", "url", "source"}`.

Read line by line, so a corpus file of any size streams. The size limit applies to each
line (one article) rather than to the file. A bad line is an error with its line number
and the lines after it go on.
"""

from __future__ import annotations

import codecs
import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from detente.ingest.result import Draft, IngestError
from detente.ingest.text import SNIFF_BYTES, binary_reason, decode_utf8, normalise_newlines, os_reason

_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number", bool: "boolean"}


def _type_name(value: object) -> str:
    return "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)


def _lines(fh: IO[bytes], max_bytes: int) -> Iterator[tuple[int, int, bytes | None]]:
    """(line number, file offset, bytes) per line; bytes is None for a line over the limit."""
    number, offset = 0, 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        start = offset
        offset += len(line)
        if len(line) > max_bytes and not line.endswith(b"\n"):
            # Skip to the end of this line without holding it in memory.
            while (rest := fh.readline(max_bytes + 1)) and not rest.endswith(b"\n"):
                offset += len(rest)
            offset += len(rest)
            yield number, start, None
            continue
        yield number, start, line


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if isinstance(value, str):
        return value.strip() or None
    # Ids and sources are sometimes numbers in exported data; their text is what was meant.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def parse_record(raw: bytes, *, where: str, number: int, offset: int, stem: str) -> Draft | IngestError | None:
    """One line as a draft, an error, or None for a blank line."""
    if number == 1 and raw.startswith(codecs.BOM_UTF8):
        raw, offset = raw[len(codecs.BOM_UTF8):], offset + len(codecs.BOM_UTF8)
    if not raw.strip():
        return None
    # Without its terminator, so an unclosed string is reported as such and not as a
    # stray newline inside it.
    line = decode_utf8(raw.rstrip(b"\r\n"), where, base_offset=offset)
    if isinstance(line, IngestError):
        return IngestError(where, number, line.reason)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return IngestError(where, number, f"not valid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return IngestError(where, number, "not valid JSON: nested too deeply")
    if not isinstance(record, dict):
        return IngestError(where, number, f"not a JSON object (got {_type_name(record)})")
    text = record.get("text")
    if text is None:
        return IngestError(where, number, "no 'text' field")
    if not isinstance(text, str):
        return IngestError(where, number, f"'text' field is not a string (got {_type_name(text)})")
    if not text.strip():
        return IngestError(where, number, "empty 'text' field")
    published = record.get("published")
    return Draft(
        name=_optional_str(record, "id") or f"{stem}:{number}",
        text=normalise_newlines(text),
        path=where,
        title=_optional_str(record, "title"),
        url=_optional_str(record, "url"),
        source=_optional_str(record, "source"),
        # Non-string dates (a bare year as a number) still go through parsing, so the user
        # hears that they were not understood.
        published=None if published is None else str(published),
        line=number,
    )


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Draft | IngestError]:
    """Every record of a JSON Lines file, streamed."""
    where = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            yield IngestError(where, None, "not a regular file")
            return
        if info.st_size == 0:
            yield IngestError(where, None, "empty file")
            return
        with path.open("rb") as fh:
            reason = binary_reason(fh.read(SNIFF_BYTES))
            if reason:
                yield IngestError(where, None, reason)
                return
            fh.seek(0)
            yield from _records(fh, where=where, stem=path.stem, max_bytes=max_bytes)
    except OSError as exc:
        yield IngestError(where, None, os_reason(exc))


def _records(fh: IO[bytes], *, where: str, stem: str, max_bytes: int) -> Iterator[Draft | IngestError]:
    found = False
    for number, offset, raw in _lines(fh, max_bytes):
        if raw is None:
            found = True
            yield IngestError(where, number, f"line too large (more than {max_bytes} byte limit)")
            continue
        item = parse_record(raw, where=where, number=number, offset=offset, stem=stem)
        if item is not None:
            found = True
            yield item
    if not found:
        yield IngestError(where, None, "no records (only blank lines)")
