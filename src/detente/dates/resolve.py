"""Resolving a `TimeExpr` to a `DateSpan` against the publication date and the tense.

Choices where the coding manual leaves room (all anchored on the publication date P):

- Month-day, bare month, season without a year: past -> the latest occurrence starting
  on or before P; future -> the earliest one ending on or after P; present/None -> the
  one in P's year if it lies within 62 days of P, else the nearest (ties go to the past).
- Day of month ("the 22nd"): past -> latest on or before P; future -> earliest on or
  after P; present/None -> the one in P's month if that month has the day and it is at
  most 10 days after P, else the past rule.
- Weekday: past and None -> latest on or before P (P itself when it is that weekday);
  future -> earliest on or after P; present -> the nearer of the two (ties: past).
  "last Monday" is the latest Monday strictly before P, "next Monday" the earliest
  strictly after, "this Monday" the Monday of P's week (weeks run Monday..Sunday).
- "last June" / "last summer": the latest one that ended before P's month / P;
  "next June": the earliest one that starts after.
- Parts: early/mid/late split a month into days 1-10, 11-20, 21-end, a year or a season
  into thirds by month, a week into Mon-Tue, Wed-Thu, Fri-Sun; "the beginning/end of"
  a year is its first/last two months, otherwise the same as early/late.
- "N weeks/months/years ago": the day, month or year that far back, approximate.
- A range's start is resolved by the rules above; its end, when it needs anchoring, is
  the earliest occurrence on or after the start. When only the end carries a year, or
  the tense is past, the end is resolved first and the start is the latest occurrence
  on or before it (a past "from Sunday to Wednesday" ends on the last Wednesday).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from detente.dates.expressions import TimeExpr, find_expressions
from detente.dates.lexicon import lexicon
from detente.model import DateSpan, Precision

Tense = Literal["past", "future", "present"]

# How far from P a month-day in P's year may be and still win over a nearer one.
_SAME_YEAR_DAYS = 62
# How far into the future "the 22nd" with no tense may be and still be in P's month.
_DAY_OF_MONTH_AHEAD = 10


@dataclass(frozen=True, slots=True)
class _Span:
    start: date
    end: date
    precision: Precision
    approximate: bool = False


# ----------------------------------------------------------------------------- calendar


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    y, m = divmod(year * 12 + month - 1 + k, 12)
    return y, m + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_span(year: int, month: int) -> _Span:
    return _Span(date(year, month, 1), _month_end(year, month), "month")


def _year_span(year: int) -> _Span:
    return _Span(date(year, 1, 1), date(year, 12, 31), "year")


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _shift(d: date, unit: str, k: int) -> date:
    """`d` moved by `k` units; month and year steps clamp the day (31 Mar - 1 month = 28/29 Feb)."""
    if unit in ("day",):
        return d + timedelta(days=k)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=k)
    months = k * 12 if unit == "year" else k
    y, m = _add_months(d.year, d.month, months)
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _season_span(season: str, year: int) -> _Span:
    months = lexicon().seasons[season]
    first, last = months[0], months[-1]
    end_year = year + 1 if last < first else year
    return _Span(date(year, first, 1), _month_end(end_year, last), "range", approximate=True)


def _distance(span: _Span, anchor: date) -> int:
    if span.start <= anchor <= span.end:
        return 0
    return min(abs((span.start - anchor).days), abs((span.end - anchor).days))


def _choose(cands: list[_Span], anchor: date, tense: Tense | None) -> _Span | None:
    """Pick among occurrences of the same calendar expression by tense (see module doc)."""
    if not cands:
        return None
    if tense == "past":
        past = [c for c in cands if c.start <= anchor]
        return max(past, key=lambda c: c.start) if past else None
    if tense == "future":
        ahead = [c for c in cands if c.end >= anchor]
        return min(ahead, key=lambda c: c.start) if ahead else None
    same_year = [c for c in cands if c.start.year == anchor.year]
    if same_year:
        best = min(same_year, key=lambda c: _distance(c, anchor))
        if _distance(best, anchor) <= _SAME_YEAR_DAYS:
            return best
    return min(cands, key=lambda c: (_distance(c, anchor), c.start > anchor))


# ----------------------------------------------------------------------------- kinds

_Resolver = Callable[[TimeExpr, "date | None", "Tense | None"], "_Span | None"]


def _resolve_date(e: TimeExpr, pub: date | None, tense: Tense | None) -> _Span | None:
    if e.month is None or e.day is None:
        return None
    if e.year is not None:
        d = date(e.year, e.month, e.day)
        return _Span(d, d, "day")
    if pub is None:
        return None
    if e.year_offset is not None:
        d = date(pub.year + e.year_offset, e.month, e.day)
        return _Span(d, d, "day")
    cands: list[_Span] = []
    # nine years either side so that Feb. 29 always has a leap year to land on
    for y in range(pub.year - 9, pub.year + 10):
        if 1 <= y <= 9999 and e.day <= calendar.monthrange(y, e.month)[1]:
            d = date(y, e.month, e.day)
            cands.append(_Span(d, d, "day"))
    return _choose(cands, pub, None if tense == "present" else tense)


def _resolve_day_of_month(e: TimeExpr, pub: date | None, tense: Tense | None) -> _Span | None:
    if pub is None or e.day is None:
        return None
    if e.offset is not None:
        y, m = _add_months(pub.year, pub.month, e.offset)
        d = date(y, m, e.day)
        return _Span(d, d, "day")
    days: list[date] = []
    for k in range(-14, 15):
        y, m = _add_months(pub.year, pub.month, k)
        if 1 <= y <= 9999 and e.day <= calendar.monthrange(y, m)[1]:
            days.append(date(y, m, e.day))
    if tense == "future":
        chosen = min((d for d in days if d >= pub), default=None)
    else:
        chosen = None
        if tense != "past" and e.day <= calendar.monthrange(pub.year, pub.month)[1]:
            here = date(pub.year, pub.month, e.day)
            if (here - pub).days <= _DAY_OF_MONTH_AHEAD:
                chosen = here
        if chosen is None:
            chosen = max((d for d in days if d <= pub), default=None)
    return _Span(chosen, chosen, "day") if chosen else None


def _resolve_weekday(e: TimeExpr, pub: date | None, tense: Tense | None) -> _Span | None:
    if pub is None or e.weekday is None:
        return None
    wd, today = e.weekday, pub.weekday()
    if e.week_offset is not None:
        d = _monday(pub) + timedelta(weeks=e.week_offset, days=wd)
    elif e.offset is not None and e.offset < 0:
        d = pub - timedelta(days=(today - wd - 1) % 7 + 1)
    elif e.offset is not None and e.offset > 0:
        d = pub + timedelta(days=(wd - today - 1) % 7 + 1)
    elif e.offset == 0:
        d = _monday(pub) + timedelta(days=wd)
    else:
        back = pub - timedelta(days=(today - wd) % 7)
        ahead = pub + timedelta(days=(wd - today) % 7)
        if tense == "future":
            d = ahead
        elif tense == "present":
            d = back if (pub - back) <= (ahead - pub) else ahead
        else:
            d = back
    return _Span(d, d, "day")


def _resolve_month(e: TimeExpr, pub: date | None, tense: Tense | None) -> _Span | None:
    if e.month is None:
        return None
    if e.year is not None:
        return _month_span(e.year, e.month)
    if pub is None:
        return None
    if e.year_offset is not None:
        return _month_span(pub.year + e.year_offset, e.month)
    if e.offset is not None:
        if e.offset < 0:
            year = pub.year if e.month < pub.month else pub.year - 1
        elif e.offset > 0:
            year = pub.year if e.month > pub.month else pub.year + 1
        else:
            year = pub.year
        return _month_span(year, e.month)
    cands = [_month_span(y, e.month) for y in (pub.year - 1, pub.year, pub.year + 1)]
    return _choose(cands, pub, None if tense == "present" else tense)


def _resolve_year(e: TimeExpr, pub: date | None, tense: Tense | None) -> _Span | None:
    return _year_span(e.year) if e.year is not None else None


def _resolve_season(e: TimeExpr, pub: date | None, tense: Tense | None) -> _Span | None:
    season = e.season
    if season is None or season not in lexicon().seasons:
        return None
    if e.year is not None:
        return _season_span(season, e.year)
    if pub is None:
        return None
    if e.year_offset is not None:
        return _season_span(season, pub.year + e.year_offset)
    cands = [_season_span(season, y) for y in range(pub.year - 2, pub.year + 2)]
    if e.offset is not None and e.offset < 0:
        return max((c for c in cands if c.end < pub), key=lambda c: c.start, default=None)
    if e.offset is not None and e.offset > 0:
        return min((c for c in cands if c.start > pub), key=lambda c: c.start, default=None)
    if e.offset == 0:
        containing = [c for c in cands if c.start <= pub <= c.end]
        return containing[0] if containing else _season_span(season, pub.year)
    return _choose(cands, pub, None if tense == "present" else tense)


def _calendar_unit(unit: str, k: int, pub: date) -> _Span | None:
    """The k-th calendar unit from the one containing `pub` ("last week" is k = -1)."""
    if unit == "day":
        d = pub + timedelta(days=k)
        return _Span(d, d, "day")
    if unit == "week":
        monday = _monday(pub) + timedelta(weeks=k)
        return _Span(monday, monday + timedelta(days=6), "range")
    if unit == "weekend":
        saturday = _monday(pub) + timedelta(weeks=k, days=5)
        return _Span(saturday, saturday + timedelta(days=1), "range")
    if unit == "month":
        return _month_span(*_add_months(pub.year, pub.month, k))
    if unit == "year":
        return _year_span(pub.year + k)
    return None


def _counted(e: TimeExpr, pub: date) -> _Span | None:
    """ "two days ago", "a few weeks ago", "in three weeks' time"."""
    unit, off = e.unit or "day", e.offset or 0
    lo, hi = sorted((off, e.offset_end if e.offset_end is not None else off))
    start, end = _shift(pub, unit, lo), _shift(pub, unit, hi)
    if unit == "day":
        return _Span(start, end, "day" if lo == hi else "range")
    if unit in ("week", "weekend"):
        return _Span(start, end, "day" if lo == hi else "range", approximate=True)
    if unit == "month":
        first, last = _month_span(start.year, start.month), _month_span(end.year, end.month)
        return _Span(first.start, last.end, "month" if lo == hi else "range", approximate=True)
    return _Span(date(start.year, 1, 1), date(end.year, 12, 31), "year" if lo == hi else "range",
                 approximate=True)


def _resolve_relative(e: TimeExpr, pub: date | None, tense: Tense | None) -> _Span | None:
    if pub is None or e.unit is None:
        return None
    if e.relation in ("ago", "hence"):
        return _counted(e, pub)
    if e.relation == "window":
        n = e.offset or 0
        if n < 0:
            return _Span(_shift(pub, e.unit, n), pub, "range")
        return _Span(pub + timedelta(days=1), _shift(pub, e.unit, n), "range")
    if e.offset is None:
        # "over the weekend": the last one (or the one under way) unless the event is ahead
        this = _calendar_unit(e.unit, 0, pub)
        if this is None or tense == "future" or this.start <= pub:
            return this
        return _calendar_unit(e.unit, -1, pub)
    whole = _calendar_unit(e.unit, e.offset, pub)
    if whole is None or e.part not in ("earlier", "later"):
        return whole
    if e.part == "earlier":
        return _Span(whole.start, min(pub, whole.end), "range")
    start = pub + timedelta(days=1)
    return _Span(start, whole.end, "range") if start <= whole.end else None


def _part_base(e: TimeExpr, pub: date | None, tense: Tense | None) -> _Span | None:
    """The whole period a part-of-period expression narrows."""
    if e.unit == "season":
        return _resolve_season(e, pub, tense)
    if e.unit == "month" and e.month is not None:
        return _resolve_month(e, pub, tense)
    if e.unit == "year" and e.year is not None:
        return _year_span(e.year)
    if pub is None or e.unit is None:
        return None
    return _calendar_unit(e.unit, e.offset or 0, pub)


def _narrow(base: _Span, part: str, unit: str) -> _Span | None:
    if ".." in part:
        head, tail = part.split("..", 1)
        a, b = _narrow(base, head, unit), _narrow(base, tail, unit)
        return _Span(a.start, b.end, "range") if a and b else None
    start, end = base.start, base.end
    if part[0] == "q" and part[1:].isdigit():
        q = int(part[1:])
        return _Span(date(start.year, 3 * q - 2, 1), _month_end(start.year, 3 * q), "range")
    if part in ("h1", "h2"):
        if unit == "year":
            return (_Span(date(start.year, 1, 1), date(start.year, 6, 30), "range") if part == "h1"
                    else _Span(date(start.year, 7, 1), end, "range"))
        mid = start + timedelta(days=14)
        return _Span(start, mid, "range") if part == "h1" else _Span(mid + timedelta(days=1), end, "range")
    if part.startswith("w"):
        if part == "wlast":
            return _Span(end - timedelta(days=6), end, "range")
        k = int(part[1:])
        return _Span(start + timedelta(days=7 * (k - 1)), start + timedelta(days=7 * k - 1), "range")
    if unit == "year" and part in ("begin", "end"):
        return (_Span(start, _month_end(start.year, 2), "range", True) if part == "begin"
                else _Span(date(start.year, 11, 1), end, "range", True))
    third = {"early": 0, "begin": 0, "mid": 1, "late": 2, "end": 2}.get(part)
    if third is None:
        return None
    if unit in ("year", "season"):
        n_months = (end.year - start.year) * 12 + end.month - start.month + 1
        step = max(1, n_months // 3)
        y0, m0 = _add_months(start.year, start.month, step * third)
        y1, m1 = _add_months(start.year, start.month, step * third + step - 1)
        return _Span(date(y0, m0, 1), end if third == 2 else _month_end(y1, m1), "range", True)
    if unit == "week":
        bounds = ((0, 1), (2, 3), (4, 6))[third]
        return _Span(start + timedelta(days=bounds[0]), start + timedelta(days=bounds[1]), "range", True)
    bounds = ((1, 10), (11, 20), (21, end.day))[third]
    return _Span(start.replace(day=bounds[0]), start.replace(day=bounds[1]), "range", True)


def _resolve_part(e: TimeExpr, pub: date | None, tense: Tense | None) -> _Span | None:
    base = _part_base(e, pub, tense)
    if base is None or e.part is None or e.unit is None:
        return None
    return _narrow(base, e.part, e.unit)


def _tense_selected(e: TimeExpr) -> bool:
    """Does the expression pick its occurrence by tense (and so need an anchor)?"""
    if e.kind in ("date", "month", "season"):
        return e.year is None and e.year_offset is None and e.offset is None
    if e.kind == "day_of_month":
        return e.offset is None
    if e.kind == "weekday":
        return e.offset is None and e.week_offset is None
    return False


def _resolve_range(e: TimeExpr, pub: date | None, tense: Tense | None) -> _Span | None:
    a, b = e.first, e.last
    if a is None or b is None:
        return None
    if _tense_selected(a) and (not _tense_selected(b) or tense == "past"):
        # the end carries the anchor ("June 30 to July 2, 2018"), or the whole range lies
        # in the past: place the end first, then the latest start on or before it
        end = _resolve_any(b, pub, tense)
        start = _resolve_any(a, end.end, "past") if end else None
    else:
        start = _resolve_any(a, pub, tense)
        if start is None:
            return None
        end = _resolve_any(b, start.start, "future") if _tense_selected(b) else _resolve_any(b, pub, tense)
    if start is None or end is None or end.end < start.start:
        return None
    return _Span(start.start, end.end, "range", approximate=start.approximate or end.approximate)


def _resolve_vague(e: TimeExpr, pub: date | None, tense: Tense | None) -> _Span | None:
    return None


_RESOLVERS: dict[str, _Resolver] = {
    "date": _resolve_date,
    "day_of_month": _resolve_day_of_month,
    "weekday": _resolve_weekday,
    "month": _resolve_month,
    "year": _resolve_year,
    "season": _resolve_season,
    "part": _resolve_part,
    "relative": _resolve_relative,
    "range": _resolve_range,
    "vague": _resolve_vague,
}


def _resolve_any(e: TimeExpr, pub: date | None, tense: Tense | None) -> _Span | None:
    return _RESOLVERS[e.kind](e, pub, tense)


# ----------------------------------------------------------------------------- public


def resolve(expr: TimeExpr, published: date | None, tense: Tense | None = None) -> DateSpan | None:
    """The dates `expr` denotes, or None when it cannot be anchored.

    Vague expressions, and relative ones without a publication date, give None; so do
    impossible dates ("Feb. 30", "Feb. 29, 2019").
    """
    try:
        span = _resolve_any(expr, published, tense)
    except (ValueError, OverflowError):
        # a calendar date that does not exist, or arithmetic past year 1 / 9999
        return None
    if span is None:
        return None
    return DateSpan(start=span.start, end=span.end, precision=span.precision,
                    approximate=expr.approximate or span.approximate, text=expr.text)


def resolve_text(text: str, published: date | None, tense: Tense | None = None) -> DateSpan | None:
    """The first temporal expression in `text`, resolved (None if there is none)."""
    exprs = find_expressions(text)
    return resolve(exprs[0], published, tense) if exprs else None
