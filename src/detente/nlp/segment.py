"""Paragraphs and sentences as character spans of the document text.

Evidence offsets must point into `Document.text`, so nothing here rewrites the text: it
only finds where sentences begin and end, and skips datelines ("SEOUL, June 3 (Reuters) --")
that would otherwise be parsed as part of the first sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from spacy.lang.en import English
from spacy.language import Language

# "SEOUL, June 3 (Reuters) -", "WASHINGTON (AP) —", "PYONGYANG, North Korea --"
DATELINE = re.compile(
    r"""^\s*
    (?:[A-Z][A-Z.'’\- ]{1,30}[A-Z.])            # the city, in capitals
    (?:,\s*[A-Z][\w.’' ]{1,30}?)?               # a region or a date
    (?:\s*\([^)\n]{1,40}\))?                    # (Reuters)
    \s*(?:--|[-–—:])\s+""",
    re.VERBOSE,
)
MAX_SENTENCE_CHARS = 1500


@cache
def _splitter() -> Language:
    nlp = English()
    nlp.add_pipe("sentencizer")
    return nlp


def strip_dateline(line: str) -> int:
    """Characters to skip at the start of a paragraph that opens with a dateline."""
    m = DATELINE.match(line)
    if m is None:
        return 0
    # a headline in capitals followed by a dash is not a dateline: datelines are short
    return m.end() if m.end() <= 70 else 0


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"\n", text):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of `text`, datelines excluded."""
    spans: list[tuple[int, int]] = []
    nlp = _splitter()
    for p_start, p_end in paragraphs(text):
        para = text[p_start:p_end]
        if not para.strip():
            continue
        skip = strip_dateline(para)
        body = para[skip:]
        doc = nlp(body)
        for sent in doc.sents:
            s = p_start + skip + sent.start_char
            e = p_start + skip + sent.end_char
            # trim whitespace so offsets frame the words exactly
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e - s < 3:
                continue
            while e - s > MAX_SENTENCE_CHARS:
                # cut at the last space inside the limit, or hard at the limit when there is
                # none (a pasted blob, CJK text): rfind's -1 must not restart the loop
                cut = text.rfind(" ", s + 1, s + MAX_SENTENCE_CHARS)
                if cut == -1:
                    cut = s + MAX_SENTENCE_CHARS
                spans.append((s, cut))
                s = cut
                while s < e and text[s].isspace():
                    s += 1
            if e > s:
                spans.append((s, e))
    return spans
