"""resolve / resolve_text: anchoring expressions on the publication date and the tense."""

from __future__ import annotations

from datetime import date

import pytest

from detente.dates import Tense, find_expressions, resolve, resolve_text
from detente.model import DateSpan

D = date


def span(text: str, published: date | None, tense: Tense | None = None) -> DateSpan:
    result = resolve_text(text, published, tense)
    assert result is not None, text
    return result


def se(text: str, published: date | None, tense: Tense | None = None) -> tuple[date, date, str]:
    s = span(text, published, tense)
    return s.start, s.end, s.precision


# ----------------------------------------------------------------------------- explicit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on 17 April 2016", (D(2016, 4, 17), D(2016, 4, 17), "day")),
        ("Sept 30, 2021", (D(2021, 9, 30), D(2021, 9, 30), "day")),
        ("2019-11-05", (D(2019, 11, 5), D(2019, 11, 5), "day")),
        ("in June 2022", (D(2022, 6, 1), D(2022, 6, 30), "month")),
        ("in February 2024", (D(2024, 2, 1), D(2024, 2, 29), "month")),
        ("in 1979", (D(1979, 1, 1), D(1979, 12, 31), "year")),
    ],
)
def test_explicit_dates_need_no_publication_date(text: str, expected: tuple[date, date, str]) -> None:
    assert se(text, None) == expected
    assert se(text, D(2030, 1, 1), "future") == expected


def test_text_is_the_expression() -> None:
    s = span("It was agreed around Oct. 12 in Seoul.", D(2018, 10, 9))
    assert s.text == "around Oct. 12"


def test_impossible_dates_resolve_to_none() -> None:
    assert resolve_text("on Feb. 29, 2019", None) is None
    assert resolve_text("on June 31", D(2018, 7, 2), "past") is None


# ----------------------------------------------------------------------------- month-day


def test_month_day_past_after_publication_is_last_year() -> None:
    assert se("on Oct. 8", D(2018, 7, 2), "past")[0] == D(2017, 10, 8)
    assert se("on June 12", D(2018, 7, 2), "past")[0] == D(2018, 6, 12)
    assert se("on July 2", D(2018, 7, 2), "past")[0] == D(2018, 7, 2)


def test_month_day_future_before_publication_is_next_year() -> None:
    assert se("on March 3", D(2018, 7, 2), "future")[0] == D(2019, 3, 3)
    assert se("on July 16", D(2018, 7, 2), "future")[0] == D(2018, 7, 16)
    assert se("on July 2", D(2018, 7, 2), "future")[0] == D(2018, 7, 2)


def test_month_day_without_tense_is_nearest() -> None:
    # three days ahead in the publication year
    s = span("around Oct. 12", D(2018, 10, 9))
    assert (s.start, s.precision, s.approximate) == (D(2018, 10, 12), "day", True)
    # December in a January article: last month, not eleven months ahead
    assert se("on Dec. 20", D(2019, 1, 5))[0] == D(2018, 12, 20)
    # January in a December article: next month
    assert se("on Jan. 10", D(2018, 12, 20))[0] == D(2019, 1, 10)
    # within ~2 months stays in the publication year
    assert se("on 12 June", D(2018, 8, 10), "present")[0] == D(2018, 6, 12)


def test_month_day_with_relative_year() -> None:
    assert se("on Sept. 19 last year", D(2018, 7, 2))[0] == D(2017, 9, 19)
    assert se("on March 1 next year", D(2018, 7, 2))[0] == D(2019, 3, 1)


def test_leap_day_without_year() -> None:
    assert se("on Feb. 29", D(2019, 3, 1), "past")[0] == D(2016, 2, 29)
    assert se("on Feb. 29", D(2019, 3, 1), "future")[0] == D(2020, 2, 29)
    assert se("on Feb. 29", D(2020, 2, 29), "past")[0] == D(2020, 2, 29)
    assert se("on Feb. 29", D(2101, 1, 1), "past")[0] == D(2096, 2, 29)


# ----------------------------------------------------------------------------- day of month


def test_day_of_month_past() -> None:
    assert se("on the 22nd", D(2018, 7, 2), "past") == (D(2018, 6, 22), D(2018, 6, 22), "day")
    assert se("on the 1st", D(2018, 7, 2), "past")[0] == D(2018, 7, 1)
    assert se("on the 2nd", D(2018, 7, 2), "past")[0] == D(2018, 7, 2)
    assert se("on the 31st", D(2018, 6, 15), "past")[0] == D(2018, 5, 31)
    assert se("on the 31st", D(2018, 3, 15), "past")[0] == D(2018, 1, 31)
    assert se("on the 30th", D(2018, 3, 1), "past")[0] == D(2018, 1, 30)
    assert se("on the 29th", D(2019, 3, 1), "past")[0] == D(2019, 1, 29)
    assert se("on the 15th", D(2018, 1, 3), "past")[0] == D(2017, 12, 15)


def test_day_of_month_future() -> None:
    assert se("on the 22nd", D(2018, 7, 2), "future")[0] == D(2018, 7, 22)
    assert se("on the 1st", D(2018, 7, 2), "future")[0] == D(2018, 8, 1)
    assert se("on the 31st", D(2018, 6, 15), "future")[0] == D(2018, 7, 31)
    assert se("on the 2nd", D(2018, 12, 20), "future")[0] == D(2019, 1, 2)


def test_day_of_month_without_tense() -> None:
    # in the publication month when at most ten days ahead, else the last one
    assert se("on the 5th", D(2018, 7, 2))[0] == D(2018, 7, 5)
    assert se("on the 22nd", D(2018, 7, 2))[0] == D(2018, 6, 22)
    assert se("on the 1st", D(2018, 7, 25), "present")[0] == D(2018, 7, 1)
    assert se("on the 31st", D(2018, 6, 15))[0] == D(2018, 5, 31)


def test_day_of_month_of_a_named_relative_month() -> None:
    assert se("on the 5th of next month", D(2018, 12, 20))[0] == D(2019, 1, 5)
    assert se("on the 30th of last month", D(2018, 4, 10))[0] == D(2018, 3, 30)
    assert resolve_text("the 30th of last month", D(2018, 3, 10)) is None  # no Feb. 30


# ----------------------------------------------------------------------------- weekdays


def test_weekdays() -> None:
    tuesday = D(2018, 7, 3)
    assert se("on Tuesday", tuesday, "past")[0] == tuesday
    assert se("on Tuesday", tuesday, "future")[0] == tuesday
    assert se("on Tuesday", tuesday)[0] == tuesday
    assert se("on Monday", tuesday, "past")[0] == D(2018, 7, 2)
    assert se("on Monday", tuesday, "future")[0] == D(2018, 7, 9)
    assert se("on Monday", tuesday)[0] == D(2018, 7, 2)
    assert se("on Friday", tuesday)[0] == D(2018, 6, 29)
    assert se("on Friday", tuesday, "future")[0] == D(2018, 7, 6)
    # present: the nearer one
    assert se("on Wednesday", tuesday, "present")[0] == D(2018, 7, 4)
    assert se("on Sunday", tuesday, "present")[0] == D(2018, 7, 1)


def test_weekdays_with_determiners() -> None:
    tuesday = D(2018, 7, 3)
    assert se("last Tuesday", tuesday)[0] == D(2018, 6, 26)
    assert se("last Monday", tuesday)[0] == D(2018, 7, 2)
    assert se("next Tuesday", tuesday)[0] == D(2018, 7, 10)
    assert se("next Thursday", tuesday)[0] == D(2018, 7, 5)
    assert se("this Friday", tuesday)[0] == D(2018, 7, 6)
    assert se("on Monday last week", tuesday)[0] == D(2018, 6, 25)
    assert se("on Friday next week", tuesday)[0] == D(2018, 7, 13)
    assert se("late Sunday night", tuesday, "past") == (D(2018, 7, 1), D(2018, 7, 1), "day")


# ----------------------------------------------------------------------------- months


def test_bare_month_by_tense() -> None:
    pub = D(2018, 7, 2)
    assert se("in August", pub, "past") == (D(2017, 8, 1), D(2017, 8, 31), "month")
    assert se("in August", pub, "future") == (D(2018, 8, 1), D(2018, 8, 31), "month")
    assert se("in August", pub) == (D(2018, 8, 1), D(2018, 8, 31), "month")
    assert se("in May", pub, "future")[0] == D(2019, 5, 1)
    assert se("in July", pub, "past")[0] == D(2018, 7, 1)
    assert se("in July", pub, "future")[0] == D(2018, 7, 1)
    assert se("in September", D(2019, 1, 5))[0] == D(2018, 9, 1)


def test_month_with_determiner_or_year_offset() -> None:
    pub = D(2018, 7, 2)
    assert se("last June", pub)[0] == D(2018, 6, 1)
    assert se("last August", pub)[0] == D(2017, 8, 1)
    assert se("next June", pub)[0] == D(2019, 6, 1)
    assert se("this December", pub)[0] == D(2018, 12, 1)
    assert se("in March last year", pub)[0] == D(2017, 3, 1)


# ----------------------------------------------------------------------------- relative


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last month", (D(2018, 6, 1), D(2018, 6, 30), "month")),
        ("this month", (D(2018, 7, 1), D(2018, 7, 31), "month")),
        ("next month", (D(2018, 8, 1), D(2018, 8, 31), "month")),
        ("last week", (D(2018, 6, 25), D(2018, 7, 1), "range")),
        ("this week", (D(2018, 7, 2), D(2018, 7, 8), "range")),
        ("next week", (D(2018, 7, 9), D(2018, 7, 15), "range")),
        ("last year", (D(2017, 1, 1), D(2017, 12, 31), "year")),
        ("next year", (D(2019, 1, 1), D(2019, 12, 31), "year")),
        ("earlier this year", (D(2018, 1, 1), D(2018, 7, 4), "range")),
        ("later this year", (D(2018, 7, 5), D(2018, 12, 31), "range")),
        ("earlier this month", (D(2018, 7, 1), D(2018, 7, 4), "range")),
        ("two days ago", (D(2018, 7, 2), D(2018, 7, 2), "day")),
        ("yesterday", (D(2018, 7, 3), D(2018, 7, 3), "day")),
        ("today", (D(2018, 7, 4), D(2018, 7, 4), "day")),
        ("tonight", (D(2018, 7, 4), D(2018, 7, 4), "day")),
        ("tomorrow", (D(2018, 7, 5), D(2018, 7, 5), "day")),
        ("this weekend", (D(2018, 7, 7), D(2018, 7, 8), "range")),
        ("last weekend", (D(2018, 6, 30), D(2018, 7, 1), "range")),
        ("the past week", (D(2018, 6, 27), D(2018, 7, 4), "range")),
        ("within the next three days", (D(2018, 7, 5), D(2018, 7, 7), "range")),
    ],
)
def test_relative_on_a_wednesday(text: str, expected: tuple[date, date, str]) -> None:
    assert se(text, D(2018, 7, 4)) == expected


def test_relative_needs_a_publication_date() -> None:
    for text in ("last month", "yesterday", "on the 22nd", "on Monday", "on June 12", "in August"):
        expr = find_expressions(text)[0]
        assert resolve(expr, None, "past") is None, text


def test_counted_amounts() -> None:
    pub = D(2018, 7, 4)
    s = span("three weeks ago", pub)
    assert (s.start, s.precision, s.approximate) == (D(2018, 6, 13), "day", True)
    s = span("two months ago", pub)
    assert (s.start, s.end, s.precision) == (D(2018, 5, 1), D(2018, 5, 31), "month")
    s = span("a few days ago", pub)
    assert (s.start, s.end, s.precision, s.approximate) == (D(2018, 6, 29), D(2018, 7, 2), "range", True)
    assert se("in two weeks", pub)[0] == D(2018, 7, 18)
    assert se("a year ago", D(2020, 2, 29))[0:2] == (D(2019, 1, 1), D(2019, 12, 31))


def test_over_the_weekend_follows_the_tense() -> None:
    tuesday = D(2018, 7, 3)
    assert se("over the weekend", tuesday, "past")[0:2] == (D(2018, 6, 30), D(2018, 7, 1))
    assert se("over the weekend", tuesday, "future")[0:2] == (D(2018, 7, 7), D(2018, 7, 8))
    saturday = D(2018, 7, 7)
    assert se("over the weekend", saturday, "past")[0:2] == (D(2018, 7, 7), D(2018, 7, 8))


def test_later_this_year_on_new_years_eve_is_empty() -> None:
    assert resolve_text("later this year", D(2018, 12, 31)) is None


def test_never_defaults_to_the_publication_date() -> None:
    pub = D(2018, 7, 4)
    for text in ("recently", "in the near future", "soon", "The envoy visited Seoul."):
        assert resolve_text(text, pub, "past") is None


# ----------------------------------------------------------------------------- parts, seasons


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("early August", D(2018, 8, 1), D(2018, 8, 10)),
        ("in mid-August", D(2018, 8, 11), D(2018, 8, 20)),
        ("late August", D(2018, 8, 21), D(2018, 8, 31)),
        ("late February", D(2019, 2, 21), D(2019, 2, 28)),
        ("early next year", D(2019, 1, 1), D(2019, 4, 30)),
        ("mid-2020", D(2020, 5, 1), D(2020, 8, 31)),
        ("late last year", D(2017, 9, 1), D(2017, 12, 31)),
        ("the end of the year", D(2018, 11, 1), D(2018, 12, 31)),
        ("the beginning of next month", D(2018, 8, 1), D(2018, 8, 10)),
        ("mid-to-late September", D(2018, 9, 11), D(2018, 9, 30)),
        ("early this week", D(2018, 7, 2), D(2018, 7, 3)),
        ("late next week", D(2018, 7, 13), D(2018, 7, 15)),
        ("the first half of 2019", D(2019, 1, 1), D(2019, 6, 30)),
        ("the second half of this year", D(2018, 7, 1), D(2018, 12, 31)),
        ("the third quarter of 2017", D(2017, 7, 1), D(2017, 9, 30)),
        ("Q4 2016", D(2016, 10, 1), D(2016, 12, 31)),
        ("the last week of June", D(2019, 6, 24), D(2019, 6, 30)),
        ("the first week of September", D(2018, 9, 1), D(2018, 9, 7)),
        ("early summer", D(2018, 6, 1), D(2018, 6, 30)),
    ],
)
def test_parts_in_the_future(text: str, start: date, end: date) -> None:
    s = span(text, D(2018, 7, 4), "future")
    assert (s.start, s.end, s.precision) == (start, end, "range")


def test_parts_follow_the_tense_of_their_month() -> None:
    s = span("in late February", D(2018, 7, 4), "past")
    assert (s.start, s.end, s.approximate) == (D(2018, 2, 21), D(2018, 2, 28), True)


def test_seasons() -> None:
    pub = D(2018, 7, 4)
    s = span("this spring", pub)
    assert (s.start, s.end, s.precision, s.approximate) == (D(2018, 3, 1), D(2018, 5, 31), "range", True)
    assert se("last summer", pub)[0:2] == (D(2017, 6, 1), D(2017, 8, 31))
    assert se("last summer", D(2018, 11, 2))[0:2] == (D(2018, 6, 1), D(2018, 8, 31))
    assert se("next winter", pub)[0:2] == (D(2018, 12, 1), D(2019, 2, 28))
    assert se("this winter", D(2019, 1, 10))[0:2] == (D(2018, 12, 1), D(2019, 2, 28))
    assert se("in the autumn", pub, "future")[0:2] == (D(2018, 9, 1), D(2018, 11, 30))
    assert se("in the autumn", pub, "past")[0:2] == (D(2017, 9, 1), D(2017, 11, 30))
    assert se("in the summer of 2016", None)[0:2] == (D(2016, 6, 1), D(2016, 8, 31))


def test_approximators_keep_the_precision() -> None:
    s = span("about June 12, 2017", None)
    assert (s.start, s.precision, s.approximate) == (D(2017, 6, 12), "day", True)
    s = span("circa 1950", None)
    assert (s.precision, s.approximate) == ("year", True)
    s = span("some time in March", D(2018, 7, 4), "past")
    assert (s.start, s.precision, s.approximate) == (D(2018, 3, 1), "month", True)


# ----------------------------------------------------------------------------- ranges


def test_weekday_range() -> None:
    thursday = D(2018, 7, 5)
    assert se("from Sunday to Wednesday", thursday, "past") == (D(2018, 7, 1), D(2018, 7, 4), "range")
    assert se("from Sunday to Wednesday", thursday, "future") == (D(2018, 7, 8), D(2018, 7, 11), "range")
    # a past range never ends after publication
    monday = D(2018, 7, 2)
    assert se("from Sunday to Wednesday", monday, "past")[0:2] == (D(2018, 6, 24), D(2018, 6, 27))
    assert se("from Friday to Monday", thursday, "future")[0:2] == (D(2018, 7, 6), D(2018, 7, 9))


@pytest.mark.parametrize(
    ("text", "tense", "start", "end"),
    [
        ("June 12-14", "past", D(2018, 6, 12), D(2018, 6, 14)),
        ("12 to 14 June", "past", D(2018, 6, 12), D(2018, 6, 14)),
        ("between 1 and 3 May", "future", D(2019, 5, 1), D(2019, 5, 3)),
        ("from June 12 to July 1", "past", D(2018, 6, 12), D(2018, 7, 1)),
        ("from Dec. 28 to Jan. 3", "future", D(2018, 12, 28), D(2019, 1, 3)),
        ("from Dec. 28 to Jan. 3", "past", D(2017, 12, 28), D(2018, 1, 3)),
        ("from June 30 to July 2, 2016", None, D(2016, 6, 30), D(2016, 7, 2)),
        ("from the 28th to the 2nd", "past", D(2018, 6, 28), D(2018, 7, 2)),
        ("from the 28th to the 2nd", "future", D(2018, 7, 28), D(2018, 8, 2)),
        ("between March and May", "past", D(2018, 3, 1), D(2018, 5, 31)),
        ("from 2014 to 2016", None, D(2014, 1, 1), D(2016, 12, 31)),
        ("the 1950-53 war", None, D(1950, 1, 1), D(1953, 12, 31)),
    ],
)
def test_date_ranges(text: str, tense: Tense | None, start: date, end: date) -> None:
    assert se(text, D(2018, 7, 4), tense) == (start, end, "range")


def test_range_with_impossible_order_is_none() -> None:
    assert resolve_text("from 2016 to 2014", None) is None
