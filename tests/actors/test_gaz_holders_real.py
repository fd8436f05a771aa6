"""Who held an office on a date, from the shipped people files. A check is skipped while the
person it needs is not (yet) in any people file."""

from __future__ import annotations

from datetime import date

import pytest

from detente.actors.gazetteer import Gazetteer

CASES = [
    ("CHN", "head_of_state", date(2018, 10, 9), "Xi Jinping"),
    ("USA", "head_of_state", date(2018, 7, 2), "Donald Trump"),
    ("USA", "head_of_state", date(2021, 6, 1), "Joe Biden"),
    ("KOR", "head_of_state", date(2018, 10, 9), "Moon Jae-in"),
    ("JPN", "head_of_government", date(2018, 7, 2), "Shinzo Abe"),
    ("CHN", "foreign_minister", date(2018, 6, 29), "Wang Yi"),
    ("USA", "foreign_minister", date(2018, 6, 15), "Mike Pompeo"),
    ("USA", "defence_minister", date(2018, 6, 26), "James Mattis"),
    ("PRK", "leader", date(2018, 6, 12), "Kim Jong-un"),
    ("UN", "secretary_general", date(2018, 9, 25), "António Guterres"),
]


@pytest.fixture(scope="module")
def shipped() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(("country", "role", "on", "name"), CASES, ids=[c[3] for c in CASES])
def test_holder_on_date(shipped: Gazetteer, country: str, role: str, on: date, name: str) -> None:
    person = shipped.person_by_name(name)
    if person is None:
        pytest.skip(f"{name} is not in the people files yet")
    assert shipped.holders(country, role, on) == [person]
    assert person.country_on(on) == country


def test_trump_between_terms_keeps_his_country(shipped: Gazetteer) -> None:
    trump = shipped.person_by_name("Donald Trump")
    if trump is None:
        pytest.skip("Donald Trump is not in the people files yet")
    assert trump.roles_on(date(2022, 6, 1)) == ()
    assert trump.country_on(date(2022, 6, 1)) == "USA"
    assert trump in shipped.people_by_surname("Trump")
