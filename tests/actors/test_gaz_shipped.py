"""The shipped dictionary: it loads (validation passes), covers every ISO state, yields the
patterns the resolver relies on, and loads fast."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pycountry
import pytest
import yaml

from detente.actors.gazetteer import DATA_DIR, Gazetteer

ROLE_KEYS = {
    "head_of_state", "head_of_government", "leader", "vice_president", "deputy_head_of_government",
    "foreign_minister", "vice_foreign_minister", "defence_minister", "interior_minister",
    "finance_minister", "trade_minister", "unification_minister", "national_security_adviser",
    "intelligence_chief", "military_chief", "un_ambassador", "ambassador", "envoy", "spokesperson",
    "party_leader", "opposition_leader", "monarch", "legislature_speaker", "secretary_general", "igo_head",
}
LABELS = {"STATE", "IGO", "NGO", "GROUP", "PERSON_ACTOR", "PLACE"}
FORMS = {"name", "alias", "adjective", "demonym", "capital", "metonym", "historical", "body"}


@pytest.fixture(scope="module")
def shipped() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def ids(shipped: Gazetteer) -> dict[str, str]:
    return {p["pattern"]: p["id"] for p in shipped.patterns()}


def test_every_iso_state_has_an_entry(shipped: Gazetteer) -> None:
    missing = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in shipped.state_codes()]
    assert missing == []
    assert shipped.state("XKX").name == "Kosovo"


def test_key_patterns(ids: dict[str, str]) -> None:
    assert ids["Pyongyang"] == "state:PRK|capital"
    assert ids["Kremlin"] == "state:RUS|metonym"
    assert ids["Security Council"] == "igo:UN/UNSC|body"
    assert ids["UN Security Council"] == "igo:UN/UNSC|body"
    assert ids["North Korean"] == "state:PRK|adjective"
    assert ids["U.S."] == ids["US"] == "state:USA|alias"
    assert ids["UN"] == ids["U.N."] == "igo:UN|alias"
    assert ids["General Assembly"] == "igo:UN/UNGA|body"
    assert ids["NATO"].startswith("igo:NATO|")
    assert ids["Arab League"] == "igo:ARL|name"
    assert ids["Organization of African Unity"] == "igo:AU|alias"
    assert ids["Amnesty International"] == "igo:AMNESTY|name"
    assert ids["Hamas"] == "group:hamas|name"
    assert ids["Daesh"] == "group:islamic-state|alias"
    assert ids["Tamil Tigers"] == "group:liberation-tigers-of-tamil-eelam|alias"
    # spelling, apostrophe and dotted-acronym variants
    assert ids["World Food Program"] == ids["World Food Programme"] == "igo:WFP|name"
    assert ids["Kurdistan Workers’ Party"] == ids["Kurdistan Workers' Party"]
    assert ids["E.U."] == "igo:EU|alias"


def test_pattern_shape(shipped: Gazetteer) -> None:
    pats = shipped.patterns()
    texts = Counter(p["pattern"] for p in pats)
    assert [t for t, n in texts.items() if n > 1] == []          # one owner per text
    for p in pats:
        assert set(p) == {"label", "pattern", "id"}
        assert p["label"] in LABELS
        key, _, form = p["id"].partition("|")
        assert form in FORMS, p
        shipped.entry(key)                                        # every id resolves
        assert p["pattern"] == p["pattern"].strip() and p["pattern"]
    # capitals are STATE patterns, not places; no bare surnames among people
    assert all(p["label"] == "STATE" for p in pats if p["id"].endswith("|capital"))
    # a one-word person pattern is a mononym ("Suharto"), never the surname of a longer name
    surnames = {(p.surname or "").casefold() for p in shipped.people() if " " in p.name}
    bare = [p for p in pats if p["label"] == "PERSON_ACTOR" and " " not in p["pattern"]
            and p["pattern"].casefold() in surnames]
    assert bare == []


def test_every_group_and_org_name_codes_to_its_actor(shipped: Gazetteer, ids: dict[str, str]) -> None:
    groups = yaml.safe_load((DATA_DIR / "groups.yaml").read_text("utf-8"))
    for g in groups:
        for text in [g["name"], *g.get("aliases", [])]:
            owner = shipped.entry(ids[text].partition("|")[0])
            assert owner.code == g["code"], (text, owner)
    orgs = yaml.safe_load((DATA_DIR / "igos.yaml").read_text("utf-8"))
    for o in orgs:
        assert o["code"] == o["code"].upper()
        owner = shipped.entry(ids[o["name"]].partition("|")[0])
        assert owner.code == o["code"], (o["name"], owner)


def test_data_sizes_and_closed_role_set(shipped: Gazetteer) -> None:
    assert set(shipped.role_keys()) == ROLE_KEYS
    assert set(shipped.title_roles().values()) <= ROLE_KEYS
    assert len(shipped.title_roles()) >= 60
    agents = yaml.safe_load((DATA_DIR / "agents.yaml").read_text("utf-8"))["sectors"]
    assert len(agents) >= 150
    assert len(yaml.safe_load((DATA_DIR / "igos.yaml").read_text("utf-8"))) >= 40
    assert len(yaml.safe_load((DATA_DIR / "groups.yaml").read_text("utf-8"))) >= 60


def test_shipped_people_roles_are_valid(shipped: Gazetteer) -> None:
    """What load() validated, checked again from the loaded side."""
    for p in shipped.people():
        assert p.country in shipped.state_codes()
        for r in p.roles:
            assert r.role in ROLE_KEYS
            assert r.start is None or r.end is None or r.start <= r.end
            assert r.code in shipped.state_codes() or shipped.entry(f"igo:{r.code}")


def test_state_code_on_uses_shipped_founding_dates(shipped: Gazetteer) -> None:
    assert shipped.state_code_on("XKX", date(1999, 6, 1)) == "SRB"
