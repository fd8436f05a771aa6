from __future__ import annotations

from datetime import date, timedelta

import pytest

from detente.ingest import find_published, parse_date
from detente.ingest.published import plausible


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Posted on : 2018-10-09 15:55 KST", date(2018, 10, 9)),
        ("Date 2018-07-02 View 1,204 Writer A. Author", date(2018, 7, 2)),
        ("Published: March 3, 2019\nMinisters met.", date(2019, 3, 3)),
        ("Ministers met. July 2, 2018", date(2018, 7, 2)),
        ("Dispatch filed 2 July 2018 from Geneva", date(2018, 7, 2)),
        ("Brief No. 2020-11(July 2, 2018) on alliances", date(2018, 7, 2)),
        ("Seoul, 2018.10.09 - The envoy arrived", date(2018, 10, 9)),
        ("Seoul, 2018. 10. 9. The envoy arrived", date(2018, 10, 9)),
        ("WASHINGTON, Oct. 9, 2018 -- The talks", date(2018, 10, 9)),
        ("Sept. 14, 2017 | Brussels", date(2017, 9, 14)),
        ("Tuesday 9th of October, 2018", date(2018, 10, 9)),
        ("October 9th 2018: the summit", date(2018, 10, 9)),
        ("Berlin, 09.10.2018. Die Minister", date(2018, 10, 9)),
        ("2018/10/09 edition", date(2018, 10, 9)),
    ],
)
def test_dateline_forms(text: str, expected: date) -> None:
    assert find_published(text) == expected


def test_posted_beats_modified_even_when_modified_comes_first() -> None:
    text = "Modified on : 2019-10-19 20:29 KST  Posted on : 2018-10-09 15:55 KST"
    assert find_published(text) == date(2018, 10, 9)


def test_updated_beats_modified_and_labels_beat_bare_dates() -> None:
    text = "Summit of June 12, 2018 revisited. Modified 2019-02-01. Updated: 2019-01-20"
    assert find_published(text) == date(2019, 1, 20)
    assert find_published("Talks (June 12, 2018) revisited. Last modified: 2019-02-01") == date(2019, 2, 1)


def test_earliest_among_equals() -> None:
    assert find_published("On 3 August 2018 and again on July 2, 2018 they met") == date(2018, 8, 3)
    assert find_published("Published 2018-08-03. Published 2018-07-02.") == date(2018, 8, 3)


def test_label_needs_its_date_right_after_it() -> None:
    # "date" in prose is not a dateline; the bare date further on still counts, as a bare one.
    text = "No date was set for the talks. Ministers met on 5 May 2019. Updated 2019-05-07"
    assert find_published(text) == date(2019, 5, 7)


def test_dateparser_fallback_after_a_label() -> None:
    assert find_published("Published: 10/09/2018 | Staff writer") == date(2018, 10, 9)
    assert find_published("Posted 09-Oct-2018 by the desk") == date(2018, 10, 9)


def test_implausible_and_invalid_dates_are_skipped() -> None:
    future = date.today() + timedelta(days=30)
    text = f"Posted on: {future.isoformat()} Archive copy of 1850-01-01. Filed 2018-02-30. (4 May 2017)"
    assert find_published(text) == date(2017, 5, 4)
    assert find_published("Posted on 1850-01-01 about the congress") is None


def test_only_the_head_is_searched() -> None:
    text = "x" * 2500 + " Published: March 3, 2019"
    assert find_published(text) is None
    assert find_published(text, head_chars=3000) == date(2019, 3, 3)


@pytest.mark.parametrize("text", ["On Monday the ministers met.", "In remarks on Oct. 8, the president said", "", "2018"])
def test_no_date(text: str) -> None:
    assert find_published(text) is None


def test_plausibility_bounds() -> None:
    today = date(2020, 1, 1)
    assert plausible(date(1900, 1, 1), today)
    assert not plausible(date(1899, 12, 31), today)
    assert plausible(date(2020, 1, 3), today)
    assert not plausible(date(2020, 1, 4), today)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-10-09", date(2018, 10, 9)),
        (" 2018-10-09T15:55:00+09:00 ", date(2018, 10, 9)),
        ("2018-10-09T23:30:00Z", date(2018, 10, 9)),
        ("2018-10-09 15:55", date(2018, 10, 9)),
        ("Tue, 09 Oct 2018 15:55:00 +0900", date(2018, 10, 9)),
        ("October 9, 2018", date(2018, 10, 9)),
        ("9 Oct 2018", date(2018, 10, 9)),
        ("09-Oct-2018", date(2018, 10, 9)),
        ("2018.10.09", date(2018, 10, 9)),
    ],
)
def test_parse_date(value: str, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["foo", "", "   ", "October 2018", "2018", "2018-13-45", "3 hours ago", "x" * 500])
def test_parse_date_rejects(value: str) -> None:
    assert parse_date(value) is None
