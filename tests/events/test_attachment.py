"""Dates and pronouns that belong to another clause or another thing (regressions).

Texts written for these tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.events.test_patterns import code


def test_relative_clause_date_does_not_date_the_expected_visit(coder: Any) -> None:
    rows = code(coder, "Abe is expected to visit India, where Prime Minister Modi invited him last year.",
                date(2019, 5, 10))
    visits = [r for r in rows if r[0] == "CONSULT" and {r[1], r[2]} == {"JPN", "IND"} and r[3] == "expected"]
    assert visits, rows
    assert all(r[4] is None for r in visits), rows


def test_year_naming_a_thing_is_not_the_event_date(coder: Any) -> None:
    rows = code(coder, "Russia and Belarus agreed to jointly stage the 2030 world ice hockey championship.",
                date(2019, 5, 10))
    agree = [r for r in rows if r[0] == "AGREE"]
    assert agree, rows
    assert all(r[4] is None or not r[4].startswith("2030") for r in agree), rows

