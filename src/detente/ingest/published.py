"""Publication dates: parsing metadata values and finding a dateline in the text.

Every relative date in an article ("on Monday", "last month") is resolved against the
publication date, so a wrong one here shifts every event of the document. Hence the
conservative rules: only full dates (day, month and year), only plausible ones, and a
labelled dateline ("Posted on : 2018-10-09") beats any date that merely appears early.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml

EARLIEST = date(1900, 1, 1)
# Publication dates a little in the future are real: a page stamped in a timezone ahead
# of ours, or a scheduled post. Anything further ahead is a misread.
FUTURE_SLACK = timedelta(days=2)
BARE_RANK = 9
# How far past a label the dateparser fallback looks, and in how many words at most.
_TAIL_CHARS = 48
_TAIL_WORDS = 6

_DATEPARSER_SETTINGS: dict[str, Any] = {
    "STRICT_PARSING": True,
    "PREFER_DATES_FROM": "past",
    # Absolute dates only: "3 hours ago" would silently become today, and a bare number
    # is far more often a count than a Unix timestamp.
    "PARSERS": ["custom-formats", "absolute-time"],
}


@dataclass(frozen=True, slots=True)
class _Lexicon:
    months: dict[str, int]
    labels: tuple[tuple[int, re.Pattern[str]], ...]
    dates: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A date found in the text, with what decides between candidates."""

    value: date
    rank: int
    start: int
    end: int


@cache
def _lexicon() -> _Lexicon:
    raw = yaml.safe_load(resources.files(__package__).joinpath("published.yaml").read_text("utf-8"))
    months = {str(k).lower(): int(v) for k, v in raw["months"].items()}
    # Longest first, so that "september" is not cut to "sep" by the alternation.
    mon = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    ordinal = r"(?:st|nd|rd|th)?"
    dates = (
        # 2018-10-09, 2018.10.09, 2018/10/09, "2018. 10. 9."
        re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)(?P<sep>[-./])\s?(?P<m>\d{1,2})(?P=sep)\s?(?P<d>\d{1,2})(?!\d)"),
        # July 2, 2018 / Oct. 9, 2018 / October 9th 2018
        re.compile(rf"\b(?P<mon>{mon})\.?\s+(?P<d>\d{{1,2}}){ordinal},?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
        # 2 July 2018 / 9th of October, 2018 / 09 Oct 2018
        re.compile(rf"\b(?P<d>\d{{1,2}}){ordinal}\s+(?:of\s+)?(?P<mon>{mon})\.?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
        # 09.10.2018: dotted day-first is the European convention, never month-first.
        re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?!\.?\d)"),
    )
    # A label must be followed by its date right away, give or take a separator, so
    # "the date of the summit, July 2, 2018" does not count as a dateline.
    sep = r"\s*(?:[:：|\-–—]\s*)?"
    labels = tuple(
        (int(item["rank"]), re.compile(rf"\b(?:{item['pattern']})\b{sep}", re.IGNORECASE))
        for item in raw["labels"]
    )
    return _Lexicon(months=months, labels=labels, dates=dates)


def plausible(value: date, today: date | None = None) -> bool:
    """Whether `value` can be a publication date (not before 1900, not days ahead)."""
    return EARLIEST <= value <= (today or date.today()) + FUTURE_SLACK


def _from_match(m: re.Match[str]) -> date | None:
    parts = m.groupdict()
    month = int(parts["m"]) if parts.get("m") else _lexicon().months.get(parts["mon"].lower().rstrip("."), 0)
    try:
        return date(int(parts["y"]), month, int(parts["d"]))
    except ValueError:
        return None


def _match_at(text: str, pos: int) -> tuple[date, int] | None:
    """A date starting exactly at `pos`, with its end."""
    for pattern in _lexicon().dates:
        m = pattern.match(text, pos)
        if m and (value := _from_match(m)):
            return value, m.end()
    return None


def _dateparser(value: str) -> date | None:
    # Imported late: dateparser costs a second to load and most inputs never need it.
    import dateparser

    try:
        parsed = dateparser.parse(value, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except (ValueError, OverflowError, TypeError, RecursionError):
        return None
    return parsed.date() if parsed else None


def _tail_date(text: str, pos: int) -> tuple[date, int] | None:
    """A date in a style the regexes do not know, right after a label ("9/10/2018 | ...")."""
    line = text[pos:pos + _TAIL_CHARS].split("\n", 1)[0]
    words = line.split()[:_TAIL_WORDS]
    # Longest first, so "9 October 2018 15:55" keeps its day instead of stopping early.
    for n in range(len(words), 0, -1):
        head = " ".join(words[:n])
        if not any(ch.isdigit() for ch in head):
            break
        value = _dateparser(head)
        if value:
            return value, pos + len(head)
    return None


def candidates(text: str, head_chars: int = 2000, today: date | None = None) -> list[Candidate]:
    """Every plausible date in the head of `text`, labelled ones with their label's rank."""
    head = text[:head_chars]
    found: list[Candidate] = []
    for rank, label in _lexicon().labels:
        for m in label.finditer(head):
            hit = _match_at(head, m.end()) or _tail_date(head, m.end())
            if hit and plausible(hit[0], today):
                found.append(Candidate(hit[0], rank, m.start(), hit[1]))
    for pattern in _lexicon().dates:
        for m in pattern.finditer(head):
            value = _from_match(m)
            if value and plausible(value, today):
                found.append(Candidate(value, BARE_RANK, m.start(), m.end()))
    return found


def find_published(text: str, head_chars: int = 2000) -> date | None:
    """The publication date written in the first `head_chars` characters of `text`.

    Labelled datelines win over bare dates ("Posted"/"Published"/"Date" over "Updated"
    over "Modified"); among equals the earliest in the text wins. Dates before 1900 or
    more than two days ahead of today are ignored.
    """
    found = candidates(text, head_chars)
    if not found:
        return None
    return min(found, key=lambda c: (c.rank, c.start)).value


def parse_date(value: str) -> date | None:
    """A metadata or command-line date value ("2018-10-09", "Oct. 9, 2018", RFC 2822, ...).

    Only full dates count: "October 2018" gives None. The date is the one written, not
    converted to UTC, because the local calendar day is the publication day. No
    plausibility check here: a user's explicit date is theirs to choose.
    """
    value = value.strip()
    if not value or len(value) > 200:
        return None
    iso = _iso(value)
    if iso:
        return iso
    for pattern in _lexicon().dates:
        m = pattern.search(value)
        if m and (found := _from_match(m)):
            return found
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return _dateparser(value)


def _iso(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None
