"""Mention resolution against a real parse: roles at the document date, short names,
pronouns (with binding and cataphora), group references and collective names."""

from __future__ import annotations

from datetime import date
from typing import Any

from detente.actors.resolve import DocContext


def mentions(coder: Any, texts: list[str], published: date) -> list[list[tuple[str, tuple[str, ...], str | None]]]:
    ctx = DocContext(published=published)
    out = []
    for text in texts:
        doc = coder.nlp(text)
        ms = coder.resolver.mentions(doc, ctx)
        out.append([(doc[m.start:m.end].text, tuple(a.code for a in m.actors),
                     m.actors[0].person if m.actors else None) for m in ms])
    return out


def test_role_resolves_at_the_document_date(coder: Any) -> None:
    (ms,) = mentions(coder, ["The Chinese President met the U.S. Secretary of State."], date(2018, 6, 14))
    people = {p for _, _, p in ms}
    assert "Xi Jinping" in people and "Mike Pompeo" in people
    (ms,) = mentions(coder, ["The Chinese President met the U.S. Secretary of State."], date(2005, 6, 14))
    people = {p for _, _, p in ms}
    assert "Hu Jintao" in people and "Condoleezza Rice" in people


def test_a_lone_surname_is_the_most_senior_holder_then(coder: Any) -> None:
    (ms,) = mentions(coder, ["Putin and Kim hold their first summit."], date(2019, 4, 25))
    assert ("Kim", ("PRK",), "Kim Jong-un") in ms


def test_short_name_after_a_full_name(coder: Any) -> None:
    _, second = mentions(coder, ["Kim Yo-jong arrived in Seoul.", "Kim spoke to reporters."], date(2018, 2, 10))
    assert second[0][2] == "Kim Yo-jong"


def test_object_pronoun_is_not_its_subject(coder: Any) -> None:
    _, second = mentions(coder, ["Vladimir Putin met Kim Jong-un.", "Kim asked him to brief Washington."],
                         date(2019, 4, 26))
    him = [m for m in second if m[0] == "him"]
    assert him and him[0][2] == "Vladimir Putin"


def test_cataphora_in_a_fronted_clause(coder: Any) -> None:
    (ms,) = mentions(coder, ["As it held talks with the U.S., North Korea courted Russia."], date(2018, 7, 2))
    it = [m for m in ms if m[0] == "it"]
    assert it and it[0][1] == ("PRK",)


def test_group_references(coder: Any) -> None:
    _, second = mentions(coder, ["Beijing and Moscow issued a statement.", "The two countries agreed."],
                         date(2018, 7, 2))
    assert any(set(c) == {"CHN", "RUS"} for _, c, _ in second)


def test_collective_names(coder: Any) -> None:
    (ms,) = mentions(coder, ["The two Koreas agreed to talk."], date(2018, 4, 27))
    assert any(set(c) == {"PRK", "KOR"} for _, c, _ in ms)


def test_the_north_in_a_korean_story(coder: Any) -> None:
    _, second = mentions(coder, ["South Korea sent an envoy.", "The North refused to meet him."], date(2018, 1, 2))
    assert any(c == ("PRK",) for _, c, _ in second)
