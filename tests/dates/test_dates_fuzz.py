"""Robustness: no input text and no publication date in 1900..2100 makes the module raise."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.dates import Tense, find_expressions, resolve

# Pieces that reach every pattern, including the awkward ones (Feb. 29, the 31st,
# ranges that run backwards, years at the edges of the calendar).
TOKENS = [
    "on", "in", "the", "from", "to", "between", "and", "-", "–", ",", ".", "of", "around", "about",
    "early", "mid", "mid-", "late", "end", "beginning", "first", "half", "quarter", "week", "weekend",
    "month", "year", "years", "days", "ago", "last", "next", "this", "coming", "past", "earlier", "later",
    "yesterday", "today", "tomorrow", "tonight", "night", "Monday", "Sunday", "Feb.", "February",
    "June", "Sept.", "May", "March", "December", "spring", "winter", "fall", "Q1", "H2", "1", "2",
    "12", "22nd", "29", "29th", "30", "31", "31st", "0", "00", "1900", "1899", "2100", "2101", "9999",
    "1950-53", "2018-36", "2019-02-29", "2020-02-29", "No.", "two", "a", "few", "several", "time",
    "'s", "recently", "soon", "as", "near", "future", "hours", "troops", "GMT",
]

pub_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
tenses = st.sampled_from([None, "past", "future", "present"])
token_text = st.lists(st.sampled_from(TOKENS), max_size=14).map(" ".join)
any_text = st.one_of(st.text(max_size=200), token_text)


def _check(text: str, published: date, tense: Tense | None) -> None:
    found = find_expressions(text)
    last_end = 0
    for expr in found:
        assert 0 <= expr.start < expr.end <= len(text)
        assert text[expr.start:expr.end] == expr.text
        assert expr.start >= last_end
        last_end = expr.end
        span = resolve(expr, published, tense)
        if span is not None:
            assert span.start <= span.end
            assert span.text == expr.text
        resolve(expr, None, tense)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text, pub_dates, tenses)
def test_never_raises(text: str, published: date, tense: Tense | None) -> None:
    _check(text, published, tense)


def test_every_day_of_month_on_edge_publication_dates() -> None:
    pubs = [date(1900, 1, 1), date(1900, 2, 28), date(1900, 3, 1), date(2000, 2, 29), date(2016, 2, 29),
            date(2018, 6, 30), date(2100, 12, 31)]
    for pub in pubs:
        for day in range(1, 32):
            suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(day, "th")
            for tense in ("past", "future", None):
                span = resolve(find_expressions(f"on the {day}{suffix}.")[0], pub, tense)
                assert span is not None and span.start.day == day
                if tense == "past":
                    assert span.start <= pub
                if tense == "future":
                    assert span.start >= pub


def test_month_days_on_every_publication_day_of_a_leap_year() -> None:
    exprs = [find_expressions(t)[0] for t in ("on Feb. 29", "on Jan. 31", "on Dec. 31", "on June 30")]
    pub = date(2024, 1, 1)
    while pub.year == 2024:
        for expr in exprs:
            past, future = resolve(expr, pub, "past"), resolve(expr, pub, "future")
            assert past is not None and future is not None
            assert past.start <= pub <= future.start
            assert (pub - past.start).days <= 366 * 8 and (future.start - pub).days <= 366 * 8
        pub += timedelta(days=1)
