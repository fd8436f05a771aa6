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


def test_main_clause_pronoun_continues_the_speaker(coder: Any) -> None:
    text = ("Speaking after the talks, Macron said Merkel had urged him to call the Russian president, and that "
            "he would do so. He also said he would travel to Beijing next month.")
    rows = code(coder, text, date(2019, 5, 10))
    assert any(r[0] == "CONSULT" and r[1] == "FRA" and r[2] == "CHN" for r in rows), rows
    assert not any(r[0] == "CONSULT" and r[1] == "DEU" and r[2] == "CHN" for r in rows), rows


def test_pronoun_after_possessor_sentence_is_the_possessor(coder: Any) -> None:
    text = ("Merkel said the talks had gone well. It was Macron's third trip to Berlin this year. "
            "Earlier this month he also travelled to Beijing for talks with Xi Jinping.")
    rows = code(coder, text, date(2019, 5, 20))
    assert any(r[0] == "CONSULT" and {r[1], r[2]} == {"FRA", "CHN"} for r in rows), rows
