from __future__ import annotations

import pytest

from detente.events.lexicon import LexiconError, _parse_trigger, inflections, load_lexicon
from detente.model import event_types


def test_every_plover_type_has_triggers() -> None:
    lex = load_lexicon()
    assert {t.type for t in lex.triggers} >= set(event_types())


def test_verb_and_noun_triggers_both_exist() -> None:
    lex = load_lexicon()
    assert {t.pos for t in lex.triggers} >= {"verb", "noun"}
    assert lex.specs_for("visit", "verb") and lex.specs_for("visit", "noun")


def test_multiword_entries_sort_first() -> None:
    specs = load_lexicon().specs_for("call", "verb")
    assert len(specs[0].words) > 1


def test_inflections_cover_regular_and_irregular_forms() -> None:
    lex = load_lexicon()
    for form in ("visited", "met", "summits", "annulled", "banned", "agreed", "imposing", "sought"):
        assert form in lex.surface_forms, form


def test_bad_entries_are_rejected() -> None:
    with pytest.raises(LexiconError):
        _parse_trigger({"lemma": "x", "pos": "verb", "type": "NOPE"}, set(event_types()))
    with pytest.raises(LexiconError):
        _parse_trigger({"lemma": "x", "pos": "verb", "type": "AGREE", "typo": 1}, set(event_types()))


def test_inflections_double_final_consonants() -> None:
    assert "banned" in inflections("ban", "verb", {})
    assert "bombarded" in inflections("bombard", "verb", {})
