"""What the readers produce: documents, and one-line errors for inputs they cannot read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from detente.ingest.published import find_published, parse_date, plausible
from detente.model import Document

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _one_line(value: str) -> str:
    # Paths and messages may carry newlines (a file name can); escape them so that one
    # error is always one line of a log.
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)


@dataclass(frozen=True, slots=True)
class IngestError:
    """One input that could not be read, or a warning about one that was.

    Errors are reported, never raised. A warning (`warning=True`) accompanies a document
    that was still produced, e.g. when its metadata date could not be parsed.
    """

    path: str
    line: int | None
    reason: str
    warning: bool = False

    def __str__(self) -> str:
        where = _one_line(self.path) if self.line is None else f"{_one_line(self.path)}:{self.line}"
        return f"{where}: {_one_line(self.reason)}"


@dataclass(frozen=True, slots=True)
class ReadResult:
    """One item of the ingest stream: a document, or an error (or warning) about an input."""

    document: Document | None
    error: IngestError | None

    @property
    def ok(self) -> bool:
        return self.document is not None


@dataclass(frozen=True, slots=True)
class Draft:
    """A document as a reader found it, before its publication date is settled.

    `published` is the raw metadata value, parsed centrally so every format follows the
    same precedence. `date_text` is extra text worth searching for a dateline when the
    main text has none (an HTML page's byline often sits outside the article body).
    """

    name: str
    text: str
    path: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    line: int | None = None
    date_text: str | None = None


def finish(draft: Draft, override: date | None) -> Iterator[ReadResult]:
    """Settle the publication date (override > metadata > text) and build the Document.

    Yields a warning before the document when the metadata date is unusable.
    """
    published, origin = override, "cli" if override else None
    if published is None and draft.published and draft.published.strip():
        meta = parse_date(draft.published)
        if meta is not None and plausible(meta):
            published, origin = meta, "metadata"
        else:
            problem = "unparseable" if meta is None else "implausible"
            reason = f"{problem} date {draft.published.strip()[:80]!r}; looking for one in the text instead"
            yield ReadResult(None, IngestError(draft.path, draft.line, reason, warning=True))
    if published is None:
        published = find_published(draft.text) or (find_published(draft.date_text) if draft.date_text else None)
        origin = "text" if published else None
    document = Document.from_text(
        draft.name, draft.text, title=draft.title, published=published, url=draft.url,
        source=draft.source, path=draft.path, published_from=origin,
    )
    yield ReadResult(document, None)
