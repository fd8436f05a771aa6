"""Finding temporal expressions in a sentence.

Each pattern below recognises one family of expressions ("June 12", "the 22nd", "last
week", "early next year", ...) and builds a `TimeExpr` from its groups, after checks the
regex alone cannot make (is this four-digit number a year or "No. 2018-36"? is "the 3rd"
a day or "the 3rd division"?). All candidates compete: the longest wins, then adjacent
expressions joined by "to"/"-"/"and" become ranges, and a leading approximator or
"on"/"in" is taken into the expression. Everything is compiled once from lexicon.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal, cast

from detente.dates.lexicon import Lexicon, alternation, lexicon, name_alternation, normalise

Kind = Literal["date", "day_of_month", "weekday", "month", "year", "season", "part", "relative", "range",
               "vague"]
Unit = Literal["day", "week", "weekend", "month", "year", "season"]
Relation = Literal["ago", "hence", "window"]


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """One temporal expression: where it is, what it says, nothing resolved yet.

    Relative fields: `offset` counts `unit`s from the publication date (-1 "last week",
    0 "this month", 1 "next year"; -2 with relation "ago" for "two days ago"); for a
    weekday, month or season it is "last/this/next Monday". `offset_end` is set when
    the count is vague ("a few days ago": offset -5, offset_end -2). `relation` says how
    the offset counts: None = calendar units, "ago"/"hence" = exact amounts of time,
    "window" = a rolling window ending or starting at publication ("the past week").
    """

    start: int
    end: int
    text: str
    kind: Kind
    approximate: bool = False
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None          # 0 = Monday
    unit: Unit | None = None
    offset: int | None = None
    offset_end: int | None = None
    relation: Relation | None = None
    year_offset: int | None = None      # "June 12 last year" -> -1
    week_offset: int | None = None      # "Monday next week" -> 1
    part: str | None = None             # early/mid/late/begin/end, "mid..late", h1, q3, w2, wlast,
                                        # earlier/later ("earlier this year")
    season: str | None = None
    first: TimeExpr | None = None       # the two ends of a range
    last: TimeExpr | None = None
    preposition: str | None = None      # governing preposition, lower case: "on", "since", "by"


_Builder = Callable[[re.Match[str], str, Lexicon], "TimeExpr | None"]


@dataclass(frozen=True, slots=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]
    build: _Builder
    needs: frozenset[str]     # gate words (lower case, "#" = a digit): run only if one occurs


# ----------------------------------------------------------------------------- context


_PREV_WORD = re.compile(r"([^\s]+)\s*$")
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w'’-]*)")
_PUNCT_OR_END = re.compile(r"\s*(?:$|[.,;:!?)\]\"'’”(—–])")


def _prev_word(text: str, start: int) -> str:
    """The token before `start`, lower case, stripped of surrounding punctuation."""
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    if not m:
        return ""
    word = m.group(1).lower()
    return word.strip("\"'’‘“”()[],;:").rstrip(".") or word


def _prev_words(text: str, start: int, n: int) -> list[str]:
    return [w.strip(".,;:\"'’()").lower() for w in text[max(0, start - 80):start].split()[-n:]]


def _has_cue(text: str, start: int, lx: Lexicon) -> bool:
    return _prev_word(text, start) in lx.cues


def _is_identifier(text: str, start: int, lx: Lexicon) -> bool:
    if start > 0 and text[start - 1] in "#$€£¥₩":
        return True
    return _prev_word(text, start) in lx.identifier_words


def _int(m: re.Match[str], group: str) -> int | None:
    value = m.group(group)
    return int(value) if value else None


def _span_of(m: re.Match[str], *groups: str) -> tuple[int, int]:
    """Start of the first present group to end of the last present one."""
    spans = [m.span(g) for g in groups if m.group(g)]
    return (spans[0][0], spans[-1][1]) if spans else m.span()


# ----------------------------------------------------------------------------- builders


def _month(lx: Lexicon, word: str | None) -> int | None:
    return lx.months.get(normalise(word)) if word else None


def _weekday(lx: Lexicon, word: str | None) -> int | None:
    return lx.weekdays.get(normalise(word)) if word else None


def _rel(lx: Lexicon, word: str | None) -> int | None:
    return lx.relative_words.get(normalise(word)) if word else None


def _count(lx: Lexicon, word: str) -> tuple[int, int] | None:
    key = normalise(word)
    if key.isdigit():
        return int(key), int(key)
    if key in lx.number_words:
        n = lx.number_words[key]
        return n, n
    return lx.vague_counts.get(key)


def _base(m: re.Match[str], kind: Kind) -> TimeExpr:
    return TimeExpr(start=m.start(), end=m.end(), text=m.group(0), kind=kind)


def _unit(lx: Lexicon, word: str) -> Unit:
    # lexicon.yaml maps unit words onto exactly the names of `Unit`
    return cast(Unit, lx.units[word.lower()])


def _build_month_day(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    month, day = _month(lx, m.group("m")), int(m.group("d"))
    year, yoff = _int(m, "y"), _rel(lx, m.group("yrel"))
    wd = _weekday(lx, m.group("wd"))
    d2 = m.group("d2") or m.group("d3")
    if not d2:
        return replace(_base(m, "date"), month=month, day=day, weekday=wd, year=year, year_offset=yoff)
    s1, e1 = _span_of(m, "wd", "m", "d")
    s2, e2 = _span_of(m, "m2", "d2") if m.group("d2") else m.span("d3")
    first = TimeExpr(s1, e1, text[s1:e1], "date", month=month, day=day, weekday=wd, year=year,
                     year_offset=yoff)
    month2 = _month(lx, m.group("m2")) or month
    last = TimeExpr(s2, e2, text[s2:e2], "date", month=month2, day=int(d2), year=year, year_offset=yoff)
    return replace(_base(m, "range"), first=first, last=last)


def _build_day_month(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    if _prev_word(text, m.start("d")) in lx.identifier_words:
        return None
    month, day = _month(lx, m.group("m")), int(m.group("d"))
    year, yoff = _int(m, "y"), _rel(lx, m.group("yrel"))
    wd = _weekday(lx, m.group("wd"))
    if not m.group("d2"):
        return replace(_base(m, "date"), month=month, day=day, weekday=wd, year=year, year_offset=yoff)
    s1, e1 = _span_of(m, "wd", "d")
    s2, e2 = m.start("d2"), m.end()
    first = TimeExpr(s1, e1, text[s1:e1], "date", month=month, day=day, weekday=wd, year=year,
                     year_offset=yoff)
    last = TimeExpr(s2, e2, text[s2:e2], "date", month=month, day=int(m.group("d2")), year=year,
                    year_offset=yoff)
    return replace(_base(m, "range"), first=first, last=last)


def _build_iso(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    if _is_identifier(text, m.start(), lx):
        return None
    return replace(_base(m, "date"), year=int(m.group("y")), month=int(m.group("m")), day=int(m.group("d")))


def _ordinal_followed_ok(text: str, m: re.Match[str], lx: Lexicon) -> bool:
    """Is "the 22nd" a day, or the ordinal of what follows ("the 22nd anniversary")?"""
    end = m.end()
    if _PUNCT_OR_END.match(text, end):
        return not text.startswith("-", end)
    nxt = _NEXT_WORD.match(text, end)
    if not nxt:
        return False
    word = nxt.group(1)
    if word[0].isupper():
        # "on the 22nd Kim met ..." is a date; "the 22nd Party Congress" is not.
        return _prev_word(text, m.start()) in lx.ordinal_cues
    lower = word.lower()
    if lower == "of":
        after = _NEXT_WORD.match(text, nxt.end())
        return after is not None and f"of {after.group(1).lower()}" in lx.ordinal_followers
    return lower in lx.ordinal_followers


def _build_ordinal(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    if not m.group("mrel") and not _ordinal_followed_ok(text, m, lx):
        return None
    wd = _weekday(lx, m.group("wd"))
    moff = _rel(lx, m.group("mrel"))
    unit: Unit | None = "month" if moff is not None else None
    day = int(m.group("d"))
    if not m.group("d2"):
        return replace(_base(m, "day_of_month"), day=day, weekday=wd, unit=unit, offset=moff)
    s1, e1 = _span_of(m, "wd", "the", "d")
    s2, e2 = m.start("d2"), m.end("d2o")
    first = TimeExpr(s1, e1, text[s1:e1], "day_of_month", day=day, weekday=wd, unit=unit, offset=moff)
    last = TimeExpr(s2, e2, text[s2:e2], "day_of_month", day=int(m.group("d2")), unit=unit, offset=moff)
    return replace(_base(m, "range"), first=first, last=last)


def _build_month(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    word = normalise(m.group("m"))
    year, yoff, off = _int(m, "y"), _rel(lx, m.group("yrel")), _rel(lx, m.group("rel"))
    if year is None and yoff is None and off is None:
        prev = _prev_word(text, m.start())
        if prev in lx.habitual:
            return None
        # a month in a list of months ("in March, May and June") has its cue further back
        cued = prev in lx.cues or prev in lx.months
        needs_cue = word in lx.ambiguous_months or word not in lx.month_full
        if needs_cue and not cued:
            return None
        nxt = _NEXT_WORD.match(text, m.end())
        if not cued and nxt and nxt.group(1)[0].isupper():
            return None    # "June Kim", "August Landmesser": a first name
    if year is not None and _is_identifier(text, m.start("y"), lx):
        return None
    return replace(_base(m, "month"), month=lx.months[word], year=year, year_offset=yoff, offset=off)


_APPROX_PARTS = frozenset({"early", "mid", "late", "begin", "end"})


def _build_part(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    part = lx.parts[normalise(m.group("part"))]
    if m.group("part2"):
        part2 = lx.parts[normalise(m.group("part2"))]
        if part not in _APPROX_PARTS or part2 not in _APPROX_PARTS:
            return None
        part = f"{part}..{part2}"
    unit: Unit
    month = year = yoff = offset = None
    season: str | None = None
    if m.group("m"):
        unit, month, year, yoff = "month", _month(lx, m.group("m")), _int(m, "y"), _rel(lx, m.group("myrel"))
    elif m.group("yy"):
        unit, year = "year", int(m.group("yy"))
    elif m.group("unit"):
        unit, offset = _unit(lx, m.group("unit")), _rel(lx, m.group("rel"))
    elif m.group("unit0"):
        unit, offset = _unit(lx, m.group("unit0")), 0
    else:
        unit, season = "season", m.group("season").lower()
        year, offset = _int(m, "sy"), _rel(lx, m.group("srel"))
    if part.startswith("w") and unit != "month":
        return None
    if part.startswith("q") and unit != "year":
        return None
    if part.startswith("h") and unit not in ("year", "month"):
        return None
    head = part.split("..")[0]
    return replace(_base(m, "part"), part=part, approximate=head in _APPROX_PARTS, unit=unit, month=month,
                   year=year, year_offset=yoff, offset=offset, season=season)


def _build_quarter_short(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    code = m.group("q").lower()
    return replace(_base(m, "part"), part=code, unit="year", year=int(m.group("y")))


def _build_season(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    year, yoff, off = _int(m, "y"), _rel(lx, m.group("yrel")), _rel(lx, m.group("rel"))
    if year is None and yoff is None:
        if re.match(r"\s+of\b", text[m.end():]):
            return None    # "the fall of Saigon", "the spring of hope"
        if off is None and not _has_cue(text, m.start(), lx):
            return None
    if _prev_word(text, m.start()) in lx.habitual:
        return None
    return replace(_base(m, "season"), season=m.group("s").lower(), year=year, year_offset=yoff, offset=off,
                 approximate=True, unit="season")


def _build_weekday(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    if _prev_word(text, m.start()) in lx.habitual:
        return None
    return replace(_base(m, "weekday"), weekday=_weekday(lx, m.group("wd")), offset=_rel(lx, m.group("rel")),
                 week_offset=_rel(lx, m.group("wrel")))


def _build_deictic(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    return replace(_base(m, "relative"), unit="day", offset=lx.deictic_days[normalise(m.group("w"))])


def _build_relative(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    if re.match(r"\s+of\b", text[m.end():]):
        return None    # "the last week of June" is a part; "his last year of office" no date
    off = _rel(lx, m.group("rel"))
    unit = _unit(lx, m.group("unit"))
    if m.group("the"):
        if not off:
            return None
        return replace(_base(m, "relative"), unit=unit, offset=off, relation="window")
    return replace(_base(m, "relative"), unit=unit, offset=off)


def _build_the_weekend(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    # "over the weekend": which weekend depends on the tense, like a bare weekday
    return replace(_base(m, "relative"), unit="weekend")


def _build_earlier(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    return replace(_base(m, "relative"), unit=_unit(lx, m.group("unit")), offset=0,
                 part=m.group("dir").lower())


def _counted(m: re.Match[str], text: str, lx: Lexicon, sign: int, relation: Relation) -> TimeExpr | None:
    count = _count(lx, m.group("n"))
    if count is None or count[1] == 0:
        return None
    unit = _unit(lx, m.group("unit"))
    lo, hi = count
    vague = lo != hi
    if sign < 0:
        offset, offset_end = -hi, (-lo if vague else None)
    else:
        offset, offset_end = lo, (hi if vague else None)
    return replace(_base(m, "relative"), unit=unit, offset=offset, offset_end=offset_end, relation=relation,
                 approximate=vague)


def _build_ago(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    if _is_identifier(text, m.start(), lx):
        return None
    ago = m.group("dir").lower() == "ago"
    return _counted(m, text, lx, -1 if ago else 1, "ago" if ago else "hence")


def _build_in(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    if re.match(r"\s+of\b", text[m.end():]):
        return None    # "in two days of talks"
    if not m.group("time"):
        # "in four years" is usually a duration ("the first visit in four years"); only
        # days and weeks without "time" count, and not after a duration cue.
        if _unit(lx, m.group("unit")) not in ("day", "week"):
            return None
        if any(w in lx.duration_cues for w in _prev_words(text, m.start(), 6)):
            return None
    return _counted(m, text, lx, 1, "hence")


def _build_window(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    count = _count(lx, m.group("n"))
    if count is None or count[0] != count[1] or count[0] == 0:
        return None
    return replace(_base(m, "relative"), unit=_unit(lx, m.group("unit")), offset=count[0],
                 relation="window")


def _build_year(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    year = int(m.group("y"))
    if _is_identifier(text, m.start(), lx):
        return None
    nxt = _NEXT_WORD.match(text, m.end())
    word = nxt.group(1) if nxt else ""
    if normalise(word) in lx.not_year_before:
        return None    # "at 1600 GMT", "2000 won"
    if not _has_cue(text, m.start(), lx):
        if not 1900 <= year <= 2100:
            return None
        if word.islower() and word.endswith("s"):
            return None    # "2000 troops": a count
    return replace(_base(m, "year"), year=year)


def _build_year_range(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    if _is_identifier(text, m.start(), lx):
        return None
    y1, raw2 = int(m.group("y")), m.group("y2")
    y2 = int(raw2) if len(raw2) == 4 else (y1 // 100) * 100 + int(raw2)
    if not 0 < y2 - y1 <= 100:
        return None
    s2 = m.start("y2")
    first = TimeExpr(m.start(), m.end("y"), m.group("y"), "year", year=y1)
    last = TimeExpr(s2, m.end(), text[s2:m.end()], "year", year=y2)
    return replace(_base(m, "range"), first=first, last=last)


def _build_vague(m: re.Match[str], text: str, lx: Lexicon) -> TimeExpr | None:
    if normalise(m.group(0)) == "soon":
        before = text[max(0, m.start() - 4):m.start()].lower()
        if before.endswith("as ") and re.match(r"\s+as\b", text[m.end():]):
            return None    # "as soon as" is a conjunction
    return _base(m, "vague")


# ----------------------------------------------------------------------------- patterns


def _starts(words: Iterable[str], upper: bool = False) -> str:
    """A lookahead on the possible first letters: cheap to fail at most positions of a sentence."""
    letters = {w[0].lower() for w in words} | {w[0].upper() for w in words}
    return "(?=[" + ("A-Z" if upper else "") + "".join(sorted(letters)) + "])"


@cache
def _patterns() -> tuple[_Pattern, ...]:
    lx = lexicon()
    full = [name for name in lx.months if name in lx.month_full]
    abbrs = [name for name in lx.months if name not in lx.month_full]
    month = name_alternation(full, abbrs)
    weekday = name_alternation(lx.weekdays)
    day = r"(?:3[01]|[12][0-9]|0?[1-9])"
    ordinal = r"(?:st|nd|rd|th)"
    year = r"(?:1[5-9][0-9]{2}|20[0-9]{2}|21[0-9]{2})"
    year_end = r"\b(?![-–/.:]\d)"
    day_end = r"\b(?!:\d|[.,]\d)"
    rel = alternation(lx.relative_words)
    yrel = alternation(k for k, v in lx.relative_words.items() if k in ("last", "this", "next"))
    season = alternation(lx.seasons)
    part = alternation(lx.parts)
    part_short = alternation(["early", "mid", "late"])
    tod = alternation(lx.times_of_day)
    deictic = alternation(lx.deictic_days)
    count = rf"(?:\d{{1,3}}|{alternation([*lx.number_words, *lx.vague_counts])})"
    any_unit = r"(?:days?|weeks?|weekends?|months?|years?)"
    cal_unit = r"(?:week|weekend|month|year)"
    dash = r"\s*[-–—]\s*"
    to = rf"(?:{dash}|\s+(?:to|through|thru|until|till)\s+)"
    year_tail = rf"(?:,?\s+(?P<y>{year}){year_end}|,?\s+(?P<yrel>{yrel})\s+year\b)?"

    early_late = alternation(["early", "late"])
    connector = rf"(?:{dash}|\s+(?:to|through|thru|until|till|and)\s+)"
    not_after_number = r"(?<![\w.,:/#$€£¥₩-])"
    number_end = r"(?![\w%]|[-–/.:,]\d)"

    gates = _gate_words(lx)
    specs: list[tuple[str, str, _Builder]] = [
        ("iso",
         rf"(?<![\w.,/-])(?P<y>{year})(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
         rf"(?P<d>3[01]|[12][0-9]|0?[1-9])(?![\w]|[-/.]\d)",
         _build_iso),
        ("month_day",                           # [Monday,] June 12[th][-14 | to July 1 | and 13][, 2018]
         rf"(?=[A-Z])(?:(?P<wd>{weekday}),?\s+)?(?P<m>{month})\s*(?P<d>{day}){ordinal}?{day_end}"
         rf"(?:{to}(?:(?P<m2>{month})\s*)?(?P<d2>{day}){ordinal}?{day_end}"
         rf"|\s+and\s+(?P<d3>{day}){ordinal}?{day_end})?{year_tail}",
         _build_month_day),
        ("day_month",                           # [Monday] [the] 12[th] [to 14] [of] June [2018]
         rf"(?=[A-Zt0-9])(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?{not_after_number}(?P<d>{day}){ordinal}?\b"
         rf"(?:{connector}(?:the\s+)?(?P<d2>{day}){ordinal}?\b)?"
         rf"\s+(?:of\s+)?(?P<m>{month}){year_tail}",
         _build_day_month),
        ("ordinal",                             # [Monday] the 22nd [to the 24th] [of next month]
         rf"(?=[A-ZTt])(?:(?P<wd>{weekday}),?\s+)?\b(?P<the>[Tt]he)\s+(?P<d>{day}){ordinal}\b"
         rf"(?:{connector}(?:the\s+)?(?P<d2>{day})(?P<d2o>{ordinal})\b)?"
         rf"(?:\s+of\s+(?P<mrel>{yrel})\s+month\b)?",
         _build_ordinal),
        ("month",                               # [last] June [2018 | last year]
         rf"{_starts(lx.relative_words, upper=True)}(?:\b(?P<rel>{rel})\s+)?(?P<m>{month})"
         rf"(?:,?\s+(?:of\s+)?(?P<y>{year}){year_end}|\s+(?P<yrel>{yrel})\s+year\b)?",
         _build_month),
        ("part",                                # early/mid-to-late/the end of + month, year, unit, season
         rf"{_starts(lx.parts)}\b(?P<part>{part})(?:[\s-]+to[\s-]+(?P<part2>{part_short}))?[\s-]*(?:in\s+)?"
         rf"(?:(?P<m>{month})(?:,?\s+(?:of\s+)?(?P<y>{year}){year_end}|\s+(?P<myrel>{yrel})\s+year\b)?"
         rf"|(?P<yy>{year}){year_end}"
         rf"|(?P<rel>{rel})\s+(?P<unit>week|month|year)\b"
         rf"|(?:the|this)\s+(?P<unit0>week|month|year)\b"
         rf"|(?:(?P<srel>{rel})\s+|the\s+)?(?P<season>{season})\b(?:\s+(?:of\s+)?(?P<sy>{year}){year_end})?)",
         _build_part),
        ("quarter", rf"\b(?P<q>[QqHh][1-4])\s+(?P<y>{year}){year_end}", _build_quarter_short),
        ("season",                              # [this] [the] summer [of 2018 | of last year]
         rf"{_starts([*lx.relative_words, *lx.seasons, 'the'])}(?:\b(?P<rel>{rel})\s+)?(?:\b[Tt]he\s+)?"
         rf"\b(?P<s>{season})\b(?:,?\s+(?:of\s+)?(?P<y>{year}){year_end}|\s+of\s+(?P<yrel>{yrel})\s+year\b)?",
         _build_season),
        ("weekday",                             # [late] [last] Monday [night] [of next week]
         rf"{_starts([*lx.relative_words, 'early', 'late'], upper=True)}(?:\b{early_late}\s+)?"
         rf"(?:\b(?P<rel>{rel})\s+)?(?P<wd>{weekday})(?:\s+{tod}\b)?"
         rf"(?:\s+(?:of\s+)?(?P<wrel>{yrel})\s+week\b)?",
         _build_weekday),
        ("deictic",                             # [late] yesterday [afternoon]
         rf"{_starts([*lx.deictic_days, 'early', 'late'])}(?:\b{early_late}\s+)?\b(?P<w>{deictic})\b"
         rf"(?:\s+{tod}\b)?",
         _build_deictic),
        ("relative",                            # [the] last week
         rf"{_starts([*lx.relative_words, 'the'])}\b(?P<the>[Tt]he\s+)?(?P<rel>{rel})\s+"
         rf"(?P<unit>{cal_unit})\b",
         _build_relative),
        ("weekend", r"\b(?:[Oo]ver|[Aa]t|[Dd]uring|[Oo]n)\s+the\s+weekend\b", _build_the_weekend),
        ("earlier", r"\b(?P<dir>[Ee]arlier|[Ll]ater)\s+(?:this|in\s+the)\s+(?P<unit>week|month|year)\b",
         _build_earlier),
        ("ago", rf"(?<![\w.,])(?P<n>{count})\s+(?P<unit>{any_unit})\s+(?P<dir>ago|from\s+now|hence)\b",
         _build_ago),
        ("in", rf"\b[Ii]n\s+(?P<n>{count})\s+(?P<unit>{any_unit})(?P<time>['’]?s?\s+time)?\b", _build_in),
        ("window",
         rf"\b(?:[Ww]ithin|[Ii]n|[Oo]ver|[Dd]uring|[Ff]or)\s+the\s+(?:next|coming)\s+(?P<n>{count})\s+"
         rf"(?P<unit>{any_unit})\b",
         _build_window),
        ("year_range", rf"(?<![\w.,/:-])(?P<y>{year})\s*[-–—]\s*(?P<y2>{year}|\d\d){number_end}",
         _build_year_range),
        ("year", rf"(?<![\w.,/:-])(?P<y>{year}){number_end}", _build_year),
        ("vague", rf"{_starts(lx.vague)}\b{alternation(lx.vague)}\b", _build_vague),
    ]
    return tuple(_Pattern(name, re.compile(rx), build, gates[_GATE_OF[name]]) for name, rx, build in specs)


# Which gate each pattern needs: a pattern cannot match unless one of its words occurs.
_GATE_OF = {
    "iso": "digit", "month_day": "months", "day_month": "months", "ordinal": "digit", "month": "months",
    "part": "parts", "quarter": "digit", "season": "seasons", "weekday": "weekdays", "deictic": "deictic",
    "relative": "cal_units", "weekend": "weekend", "earlier": "earlier", "ago": "ago", "in": "units",
    "window": "window", "year_range": "digit", "year": "digit", "vague": "vague",
}
_GATE_STOP = frozenset({"the", "of", "a", "in", "at", "first", "second", "third", "fourth", "final", "last",
                        "latter", "day", "before", "after", "this", "earlier", "later", "not", "too", "to",
                        "as", "or", "one", "these", "an", "on", "over", "next"})


def _gate_words(lx: Lexicon) -> dict[str, frozenset[str]]:
    def words(phrases: Iterable[str]) -> frozenset[str]:
        return frozenset(w for p in phrases for w in p.lower().split() if w not in _GATE_STOP)

    return {
        "digit": frozenset({"#"}),
        "months": frozenset(lx.months),
        "weekdays": frozenset(lx.weekdays),
        "seasons": frozenset(lx.seasons),
        "parts": words(lx.parts) | {"mid"},
        "deictic": words(lx.deictic_days) | frozenset(lx.times_of_day),
        "cal_units": frozenset({"week", "weekend", "month", "year"}),
        "units": frozenset(lx.units),
        "weekend": frozenset({"weekend"}),
        "earlier": frozenset({"earlier", "later"}),
        "ago": frozenset({"ago", "now", "hence"}),
        "window": frozenset({"next", "coming"}),
        "vague": frozenset(max(p.lower().split(), key=len) for p in lx.vague),
    }


_WORDS = re.compile(r"[a-z]+|[0-9]")


@cache
def _gate_vocabulary() -> frozenset[str]:
    return frozenset().union(*(p.needs for p in _patterns()))


def _features(text: str) -> set[str]:
    """The gate words present in `text`: one cheap tokenisation before any real pattern runs."""
    vocabulary = _gate_vocabulary()
    return {"#" if w.isdigit() else w for w in _WORDS.findall(text.lower())} & vocabulary


# ----------------------------------------------------------------------------- selection


def _candidates(text: str, features: set[str]) -> Iterator[TimeExpr]:
    lx = lexicon()
    for pattern in _patterns():
        if pattern.needs.isdisjoint(features):
            continue
        for m in pattern.regex.finditer(text):
            if m.end() == m.start():
                continue
            expr = pattern.build(m, text, lx)
            if expr is not None:
                yield expr


def _select(candidates: list[TimeExpr]) -> list[TimeExpr]:
    """Longest first, never overlapping; ties go to the earlier one."""
    chosen: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(c.end <= s or c.start >= e for s, e in taken):
            chosen.append(c)
            taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


_RANGE_KINDS = frozenset({"date", "day_of_month", "weekday", "month", "year", "season"})
_RANGE_GAP = re.compile(r"\s*[-–—]\s*|\s+(?:to|through|thru|until|till|and|through\s+to)\s+")
_RANGE_OPEN = re.compile(r"\b([Ff]rom|[Bb]etween)\s+$")


def _opener(text: str, start: int) -> re.Match[str] | None:
    return _RANGE_OPEN.search(text, max(0, start - 12), start)


def _merge_ranges(text: str, exprs: list[TimeExpr]) -> list[TimeExpr]:
    """"from Sunday to Wednesday", "between May and July", "12 June - 3 July" become one range."""
    out: list[TimeExpr] = []
    i = 0
    while i < len(exprs):
        a = exprs[i]
        b = exprs[i + 1] if i + 1 < len(exprs) else None
        if b is not None and a.kind in _RANGE_KINDS and b.kind in _RANGE_KINDS:
            gap = _RANGE_GAP.fullmatch(text, a.end, b.start)
            opener = _opener(text, a.start)
            is_and = gap is not None and gap.group(0).strip() == "and"
            between = opener is not None and opener.group(1).lower() == "between"
            if gap and is_and == between:
                start = opener.start() if opener else a.start
                out.append(TimeExpr(start, b.end, text[start:b.end], "range",
                                    approximate=a.approximate or b.approximate, first=a, last=b))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


@cache
def _affixes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lx = lexicon()
    approx = re.compile(rf"(?<![\w.])({alternation(lx.approximators)})\s+$")
    inclusive = re.compile(rf"\b({alternation(lx.inclusive_prepositions)})\s+$")
    governing = re.compile(rf"\b({alternation(lx.prepositions)})\s+$")
    return approx, inclusive, governing


def _extend(text: str, expr: TimeExpr, floor: int) -> TimeExpr:
    """Take a leading approximator and "on"/"in"/"at"/"during" into the expression."""
    approx_rx, inclusive_rx, governing_rx = _affixes()
    start, approximate, prep = expr.start, expr.approximate, None
    if expr.kind == "range":
        opener = _opener(text, start)
        if opener and opener.start() >= floor:
            start = opener.start()
    if expr.kind != "vague":
        m = approx_rx.search(text, max(floor, start - 30), start)
        if m:
            start, approximate = m.start(1), True
    lx = lexicon()
    own_first = expr.text.split(maxsplit=1)[0].lower()
    m = inclusive_rx.search(text, max(floor, start - 10), start)
    if own_first in lx.inclusive_prepositions:
        prep = own_first    # "in two weeks", "in the near future" carry their own
    elif m:
        start, prep = m.start(1), m.group(1).lower()
    else:
        g = governing_rx.search(text, max(floor, start - 14), start)
        if g:
            prep = normalise(g.group(1))
    if start == expr.start and approximate == expr.approximate and prep is None:
        return expr
    return replace(expr, start=start, text=text[start:expr.end], approximate=approximate, preposition=prep)


def find_expressions(text: str) -> list[TimeExpr]:
    """Temporal expressions in `text`, left to right, never overlapping, longest match first.

    Offsets are character offsets in `text`. Times of day, ages, durations, ordinals
    that are not days and identifiers ("No. 2018-36") are not returned.
    """
    features = _features(text) if text else set()
    if not features:
        return []
    exprs = _merge_ranges(text, _select(list(_candidates(text, features))))
    out: list[TimeExpr] = []
    floor = 0
    for expr in exprs:
        extended = _extend(text, expr, floor)
        out.append(extended)
        floor = extended.end
    return out
