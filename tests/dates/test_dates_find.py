"""find_expressions: what is and is not a temporal expression, and where it is."""

from __future__ import annotations

import itertools

import pytest

from detente.dates import TimeExpr, find_expressions


def texts(sentence: str) -> list[str]:
    return [e.text for e in find_expressions(sentence)]


def only(sentence: str) -> TimeExpr:
    found = find_expressions(sentence)
    assert len(found) == 1, [e.text for e in found]
    return found[0]


def test_offsets_point_at_the_text() -> None:
    sentence = "The envoys met in Oslo on the 14th and again around Nov. 3, officials said."
    found = find_expressions(sentence)
    assert [e.text for e in found] == ["on the 14th", "around Nov. 3"]
    for e in found:
        assert sentence[e.start:e.end] == e.text


@pytest.mark.parametrize(
    ("sentence", "text", "kind", "month", "day", "year"),
    [
        ("The ministers will convene on March 3 in Geneva.", "on March 3", "date", 3, 3, None),
        ("It was signed Oct. 8 after long talks.", "Oct. 8", "date", 10, 8, None),
        ("They arrived on 17 April 2016 in Lima.", "on 17 April 2016", "date", 4, 17, 2016),
        ("A deadline of Sept 30, 2021 was set.", "Sept 30, 2021", "date", 9, 30, 2021),
        ("The accord dated Jan. 4th held.", "Jan. 4th", "date", 1, 4, None),
        ("By the 3rd of December the troops had left.", "the 3rd of December", "date", 12, 3, None),
        ("Posted 2019-11-05 09:12 local time", "2019-11-05", "date", 11, 5, 2019),
        ("Talks opened on Thursday, Feb. 6, 2020 in Hanoi.", "on Thursday, Feb. 6, 2020", "date", 2, 6, 2020),
        ("The visit in August was cancelled.", "in August", "month", 8, None, None),
        ("Elections are due in June 2022.", "in June 2022", "month", 6, None, 2022),
        ("Relations froze in 1979 after the revolution.", "in 1979", "year", None, None, 1979),
    ],
)
def test_explicit_forms(sentence: str, text: str, kind: str, month: int | None, day: int | None,
                        year: int | None) -> None:
    e = only(sentence)
    assert (e.text, e.kind, e.month, e.day, e.year) == (text, kind, month, day, year)


def test_weekday_names_date_with_weekday() -> None:
    e = only("Officials spoke on Friday, 9 March, about the deal.")
    assert e.kind == "date" and e.weekday == 4 and e.day == 9 and e.month == 3


def test_day_of_month_is_a_day_only_when_nothing_follows_it() -> None:
    assert only("The delegation left on the 22nd.").kind == "day_of_month"
    assert only("The delegation left on the 22nd.").day == 22
    assert texts("They marked the 22nd anniversary of the treaty.") == []
    assert texts("Soldiers of the 3rd Armoured Brigade moved north.") == []
    assert texts("It was the third summit and the 70th anniversary.") == []
    # a capitalised word after it is fine when a temporal preposition comes before
    assert texts("On the 9th Ministers met again.") == ["On the 9th"]


def test_day_of_month_relative_to_a_month() -> None:
    e = only("He returns on the 5th of next month.")
    assert (e.kind, e.day, e.unit, e.offset) == ("day_of_month", 5, "month", 1)


def test_date_inside_a_noun_phrase() -> None:
    assert texts("They held the Sept. 9 anniversary parade.") == ["Sept. 9"]


def test_approximators_are_part_of_the_expression() -> None:
    e = only("A second meeting is planned for around Oct. 12.")
    assert e.text == "around Oct. 12" and e.approximate and e.kind == "date"
    e = only("The ship docked sometime in April.")
    assert e.text == "sometime in April" and e.approximate
    assert only("He was born circa 1950.").approximate


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("Talks ran from Sunday to Wednesday in Doha.", "from Sunday to Wednesday"),
        ("The fair runs June 12-14 in Busan.", "June 12-14"),
        ("The fair runs 12 to 14 June in Busan.", "12 to 14 June"),
        ("Exercises took place between 1 and 3 May.", "between 1 and 3 May"),
        ("The mission lasted from June 12 to July 1.", "from June 12 to July 1"),
        ("They toured 30 June - 2 July 2017.", "30 June - 2 July 2017"),
        ("Sanctions applied from 2014 to 2016.", "from 2014 to 2016"),
        ("During the 1950-53 war the border moved.", "1950-53"),
        ("Meetings on the 4th and 5th were tense.", "on the 4th and 5th"),
        ("The campaign ran between March and May.", "between March and May"),
    ],
)
def test_ranges_are_one_expression(sentence: str, text: str) -> None:
    e = only(sentence)
    assert e.kind == "range" and e.text == text
    assert e.first is not None and e.last is not None


def test_range_parts_carry_shared_month_and_year() -> None:
    e = only("Between 1 and 3 May 2015 the talks stalled.")
    assert e.first is not None and e.last is not None
    assert (e.first.day, e.first.month, e.first.year) == (1, 5, 2015)
    assert (e.last.day, e.last.month, e.last.year) == (3, 5, 2015)


def test_two_dates_joined_by_and_are_not_a_range() -> None:
    assert texts("Votes were held on March 4 and October 9.") == ["on March 4", "October 9"]


@pytest.mark.parametrize(
    ("sentence", "text", "unit", "offset"),
    [
        ("The envoy visited last month.", "last month", "month", -1),
        ("A reply is expected next week.", "next week", "week", 1),
        ("Last year, trade fell.", "Last year", "year", -1),
        ("Both sides met this week.", "this week", "week", 0),
        ("He left two days ago.", "two days ago", "day", -2),
        ("The minister arrived yesterday.", "yesterday", "day", -1),
        ("The minister arrives tomorrow morning.", "tomorrow morning", "day", 1),
        ("Fighting resumed last night.", "last night", "day", -1),
        ("A summit is planned this weekend.", "this weekend", "weekend", 0),
    ],
)
def test_relative(sentence: str, text: str, unit: str, offset: int) -> None:
    e = only(sentence)
    assert (e.text, e.kind, e.unit, e.offset) == (text, "relative", unit, offset)


def test_earlier_and_later_this_period() -> None:
    assert only("They met earlier this year.").part == "earlier"
    e = only("A visit is planned later this year.")
    assert (e.kind, e.part, e.unit, e.offset) == ("relative", "later", "year", 0)


@pytest.mark.parametrize(
    ("sentence", "text", "part"),
    [
        ("Troops withdrew in late February.", "in late February", "late"),
        ("Talks resume in mid-August.", "in mid-August", "mid"),
        ("A visit is expected early next year.", "early next year", "early"),
        ("Ties were cut at the end of last month.", "at the end of last month", "end"),
        ("Growth slowed in the first half of 2019.", "in the first half of 2019", "h1"),
        ("Output fell in Q3 2018.", "in Q3 2018", "q3"),
        ("Shelling eased in mid-to-late July.", "in mid-to-late July", "mid..late"),
        ("Aid arrives in the second week of May.", "in the second week of May", "w2"),
    ],
)
def test_parts(sentence: str, text: str, part: str) -> None:
    e = only(sentence)
    assert (e.text, e.kind, e.part) == (text, "part", part)


def test_early_mid_late_are_approximate_halves_are_not() -> None:
    assert only("Troops withdrew in late February.").approximate
    assert not only("Growth slowed in the first half of 2019.").approximate


def test_seasons_need_a_cue() -> None:
    e = only("The two leaders may meet this spring.")
    assert (e.kind, e.season, e.offset, e.approximate) == ("season", "spring", 0, True)
    assert only("Fighting stopped in the summer of 2016.").year == 2016
    assert texts("Elections followed the Arab Spring.") == []
    assert texts("It came after the fall of the capital.") == []
    assert texts("Prices saw a fall in exports.") == []


def test_weekdays() -> None:
    e = only("The foreign minister spoke on Tuesday.")
    assert (e.text, e.kind, e.weekday) == ("on Tuesday", "weekday", 1)
    assert only("They meet next Monday.").offset == 1
    assert only("It happened late Friday night.").text == "late Friday night"
    assert only("They met on Monday last week.").week_offset == -1
    assert texts("Markets close on Mondays.") == []


def test_vague() -> None:
    for sentence, text in [
        ("The plan was announced recently.", "recently"),
        ("A visit will take place in the near future.", "in the near future"),
        ("Officials will meet soon.", "soon"),
    ]:
        e = only(sentence)
        assert (e.text, e.kind) == (text, "vague")
    assert texts("He will call as soon as he lands.") == []
    # "later this year" is relative, not vague
    assert only("He will visit later this year.").kind == "relative"


@pytest.mark.parametrize(
    "sentence",
    [
        "The talks lasted for three hours.",
        "The conflict has lasted six years.",
        "It was the first visit in four years.",
        "Trade grew over the last six years.",
        "Police counted 2,425 protesters.",
        "The ruling, No. 2018-36, was annulled.",
        "Resolution 2087 was adopted.",
        "About 2000 troops were deployed.",
        "The ceasefire starts at 1600 GMT.",
        "A 34-year-old man was held.",
        "The meeting began at 10:30.",
        "It was their third summit.",
        "Theresa May spoke to reporters.",
        "Protesters plan to march on the embassy.",
        "Jan Kubis briefed the council.",
        "The decade began in the 1990s.",
        "June Kim chaired the panel.",
        "The council meets every Monday.",
        "The next day, talks collapsed.",
        "Two days later, he left.",
        "He spent 12 years in prison.",
        "It was the last day of the talks.",
    ],
)
def test_not_temporal(sentence: str) -> None:
    assert texts(sentence) == []


def test_ambiguous_month_names_need_a_cue() -> None:
    assert texts("Elections were held in May.") == ["in May"]
    assert texts("Since March, no talks were held.") == ["March"]
    assert only("Since March, no talks were held.").preposition == "since"
    assert texts("May 5 was chosen for the vote.") == ["May 5"]
    assert texts("He went there in March, May and June.") == ["in March", "May", "June"]


def test_years_with_context() -> None:
    assert texts("The 2018 summit in Singapore was historic.") == ["2018"]
    assert texts("Since 2015 the sides have not met.") == ["2015"]
    assert texts("Flight 2018 landed safely.") == []


def test_in_n_units_is_future_only_when_not_a_duration() -> None:
    e = only("The delegation will return in two weeks.")
    assert (e.kind, e.relation, e.offset, e.unit) == ("relative", "hence", 2, "week")
    assert only("They will decide in three months' time.").offset == 3
    assert texts("Prices rose the most in two weeks.") == []


def test_leading_preposition_is_recorded() -> None:
    assert only("Nothing changed until June 4.").preposition == "until"
    assert only("The talks start on June 4.").preposition == "on"
    assert only("Sanctions stay in force by the end of the year.").preposition == "by"


def test_longest_match_wins_and_no_overlap() -> None:
    found = find_expressions("On Monday, June 12, 2017, and again last week, officials met.")
    assert [e.text for e in found] == ["On Monday, June 12, 2017", "last week"]
    spans = [(e.start, e.end) for e in found]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_empty_and_plain_text() -> None:
    assert find_expressions("") == []
    assert find_expressions("Diplomats exchanged views on the peninsula.") == []
