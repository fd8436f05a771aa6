"""HTML pages: the main text and metadata through trafilatura, visible text as a fallback."""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.etree
import lxml.html
import trafilatura

from detente.ingest.result import Draft, IngestError
from detente.ingest.text import SNIFF_BYTES, binary_reason, decode_utf8, read_bytes

# Every page trafilatura gives up on becomes one of our IngestErrors or falls back to the
# visible text; its own log lines about the same page would be noise on the console.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

# Only markup counts as metadata: trafilatura's "extensive" search reads dates out of the
# body text, where our own dateline finder (with its label ranking) does better.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""")
# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do pages.
_AS_CP1252 = frozenset({"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1"})
# Elements whose content never shows on the page.
_HIDDEN = frozenset({"head", "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas"})
# Elements that start a new line when rendered, so their text does not run together.
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul", "title",
})
_SPACES = re.compile(r"[^\S\n]+")


def declared_charset(data: bytes, header_charset: str | None = None) -> str:
    """The encoding a page declares (BOM > HTTP header > <meta> > XML declaration), else UTF-8.

    Declared, not guessed: a page that declares nothing and is not UTF-8 is an error.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:4096]
    m = _CHARSET.search(head) or _XML_ENCODING.search(head)
    label = header_charset or (m.group(1).decode("ascii") if m else "utf-8")
    label = label.strip().lower()
    return "cp1252" if label in _AS_CP1252 else label


def decode_html(data: bytes, where: str, header_charset: str | None = None) -> str | IngestError:
    charset = declared_charset(data, header_charset)
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        return IngestError(where, None, f"unknown charset {charset!r}")
    if codec.name == "utf-16":
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return IngestError(where, None, f"not valid UTF-16 (at offset {exc.start})")
    reason = binary_reason(data[:SNIFF_BYTES], expect_utf8=codec.name == "utf-8")
    if reason:
        return IngestError(where, None, reason)
    if codec.name == "utf-8":
        return decode_utf8(data, where)
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as exc:
        return IngestError(where, None, f"not valid {charset} (byte 0x{data[exc.start]:02x} at offset {exc.start})")


def visible_text(markup: str) -> tuple[str | None, str]:
    """The page's <title> and its visible text, one line per block, for pages trafilatura skips."""
    try:
        # libxml2 stops at 256 levels of nesting by default, and a truncated page of
        # unclosed <div>s gets there fast; "huge" raises it to a couple of thousand. A
        # parser per call, because lxml parsers must not be shared between threads.
        root = lxml.html.document_fromstring(markup, parser=lxml.html.HTMLParser(huge_tree=True))
    except (lxml.etree.ParserError, ValueError):
        return None, ""
    title = root.findtext(".//title")
    parts: list[str] = []
    hidden = 0
    # iterwalk instead of recursion: truncated pages can nest thousands of unclosed tags.
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if hidden or tag in _HIDDEN or not tag:
                hidden += 1
                continue
            if tag in _BLOCK:
                parts.append("\n")
            parts.append(el.text or "")
            continue
        if hidden:
            hidden -= 1
        elif tag in _BLOCK:
            parts.append("\n")
        if not hidden:
            parts.append(el.tail or "")
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return _clean_title(title), "\n".join(line for line in lines if line)


def _clean_title(title: str | None) -> str | None:
    title = _SPACES.sub(" ", title or "").strip()
    return title or None


def draft_from_html(
    data: bytes, *, name: str, where: str, url: str | None = None, header_charset: str | None = None,
) -> Draft | IngestError:
    """A document from a page's raw bytes. `url` (where it was fetched) beats its canonical link."""
    markup = decode_html(data, where, header_charset)
    if isinstance(markup, IngestError):
        return markup
    if not markup.strip():
        return IngestError(where, None, "empty file (whitespace only)")
    extracted = trafilatura.bare_extraction(
        markup, url=url, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS,
    )
    main_text = (getattr(extracted, "text", None) or "").strip()
    meta_title = _clean_title(getattr(extracted, "title", None))
    meta_date = getattr(extracted, "date", None)
    # The visible text is the fallback body, the fallback title, and where a byline date
    # outside the article may be; skip the second parse when nothing is missing.
    complete = bool(main_text and meta_title and meta_date)
    page_title, page_text = (None, "") if complete else visible_text(markup)
    text = main_text or page_text
    if not text:
        return IngestError(where, None, "no readable text")
    return Draft(
        name=name, text=text, path=where, title=meta_title or page_title,
        url=url or getattr(extracted, "url", None),
        source=getattr(extracted, "sitename", None) or getattr(extracted, "hostname", None),
        published=meta_date,
        date_text=page_text or None,
    )


def read_html(path: Path, max_bytes: int) -> Iterator[Draft | IngestError]:
    """One .html or .htm file: one draft, or one error."""
    data = read_bytes(path, max_bytes)
    if isinstance(data, IngestError):
        yield data
        return
    yield draft_from_html(data, name=path.stem, where=str(path))
