"""Plain text and Markdown files, and the byte-level checks every file reader shares."""

from __future__ import annotations

import codecs
import errno
import stat
from collections.abc import Iterator
from pathlib import Path

from detente.ingest.result import Draft, IngestError

TITLE_MAX = 200
# How much of a file the binary sniffer looks at: enough to see a format's header and a
# representative stretch, small enough to be free.
SNIFF_BYTES = 8192
# Control bytes other than tab, newline, form feed and carriage return are rare in text
# (a stray ESC or two); a share this large means the file is not text.
CONTROL_SHARE = 0.05
# Random or compressed bytes that are not UTF-8 are mostly >= 0x80; a Latin-1 article
# has only its accented letters there.
HIGH_SHARE = 0.30
_TEXT_CONTROLS = frozenset(b"\t\n\f\r")
_UTF16_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def os_reason(exc: OSError) -> str:
    """A short reason for an OS error, without the path the caller already reports."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    name = errno.errorcode.get(exc.errno or 0, "")
    return f"cannot read ({exc.strerror or name or type(exc).__name__})"


def read_bytes(path: Path, max_bytes: int) -> bytes | IngestError:
    """The whole file, if it is a regular, non-empty file within the size limit."""
    where = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or device named *.txt would block or never end.
            return IngestError(where, None, "not a regular file")
        if info.st_size > max_bytes:
            return IngestError(where, None, f"file too large ({info.st_size} bytes > {max_bytes} byte limit)")
        with path.open("rb") as fh:
            # Read one byte past the limit: the file may have grown since stat().
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return IngestError(where, None, os_reason(exc))
    if len(data) > max_bytes:
        return IngestError(where, None, f"file too large (more than {max_bytes} byte limit)")
    if not data:
        return IngestError(where, None, "empty file")
    return data


def binary_reason(sample: bytes, expect_utf8: bool = True) -> str | None:
    """Why `sample` (the start of a file) is not text, or None if it may be.

    `expect_utf8=False` is for text in a declared legacy encoding (Shift_JIS, GBK), where
    most bytes being >= 0x80 is normal.
    """
    if sample.startswith(_UTF16_BOMS):
        return "not valid UTF-8 (UTF-16/UTF-32 byte-order mark; convert the file to UTF-8)"
    if b"\x00" in sample:
        return "binary file"
    controls = sum(1 for b in sample if (b < 0x20 and b not in _TEXT_CONTROLS) or b == 0x7F)
    if sample and controls / len(sample) > CONTROL_SHARE:
        return "binary file"
    high = sum(1 for b in sample if b >= 0x80)
    if expect_utf8 and sample and high / len(sample) > HIGH_SHARE and not _utf8_prefix(sample):
        return "binary file"
    return None


def _utf8_prefix(sample: bytes) -> bool:
    # The sample may end inside a multi-byte character; an incremental decoder accepts that.
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def decode_utf8(data: bytes, where: str, base_offset: int = 0) -> str | IngestError:
    """`data` as UTF-8 (a leading BOM dropped), or an error naming the first bad byte."""
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        line = data.count(b"\n", 0, offset) + 1
        # Offsets are file offsets so `xxd -s` finds the byte; the line is for editors.
        reason = f"not valid UTF-8 (byte 0x{data[offset]:02x} at offset {base_offset + offset})"
        return IngestError(where, line if base_offset == 0 else None, reason)


def normalise_newlines(text: str) -> str:
    """Windows and old Mac line endings as \\n; nothing else changes (offsets point into it)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def first_line_title(text: str, markdown: bool = False) -> str | None:
    """The first non-empty line, if it reads like a headline (short, no final period)."""
    for raw in text.split("\n"):
        line = raw.strip()
        if markdown:
            line = line.lstrip("#").strip()
        if line:
            return line if len(line) < TITLE_MAX and not line.endswith(".") else None
    return None


def draft_from_bytes(
    data: bytes, *, name: str, where: str, markdown: bool = False, url: str | None = None,
    source: str | None = None,
) -> Draft | IngestError:
    """A text document from raw bytes that should be UTF-8 text."""
    reason = binary_reason(data[:SNIFF_BYTES])
    if reason:
        return IngestError(where, None, reason)
    text = decode_utf8(data, where)
    if isinstance(text, IngestError):
        return text
    text = normalise_newlines(text)
    if not text.strip():
        return IngestError(where, None, "empty file (whitespace only)")
    return Draft(
        name=name, text=text, path=where, title=first_line_title(text, markdown), url=url, source=source,
    )


def read_text(path: Path, max_bytes: int) -> Iterator[Draft | IngestError]:
    """One .txt or .md file: one draft, or one error."""
    data = read_bytes(path, max_bytes)
    if isinstance(data, IngestError):
        yield data
        return
    yield draft_from_bytes(data, name=path.stem, where=str(path), markdown=path.suffix.lower() == ".md")
