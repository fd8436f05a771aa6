"""The loader on the fixture data: people, roles at a date, places, titles, sectors."""

from __future__ import annotations

from datetime import date

import pytest

from detente.actors.gazetteer import Gazetteer, Role


def test_holders_bounds_are_inclusive(gaz: Gazetteer) -> None:
    velden = gaz.person("person:mara-velden")
    assert gaz.holders("NLD", "head_of_government", date(2010, 3, 1)) == [velden]
    assert gaz.holders("NLD", "head_of_government", date(2014, 2, 28)) == [velden]
    assert gaz.holders("NLD", "head_of_government", date(2010, 2, 28)) == []
    assert gaz.holders("NLD", "head_of_government", date(2014, 3, 1)) == []
    assert gaz.holders("NLD", "head_of_government", None) == []


def test_handover_day_gives_both_holders_newest_first(gaz: Gazetteer) -> None:
    on = date(2020, 7, 27)
    names = [p.name for p in gaz.holders("KOR", "unification_minister", on)]
    assert names == ["Park Jin-ho", "Lee Han-sol"]
    assert [p.name for p in gaz.holders("KOR", "unification_minister", date(2020, 7, 28))] == ["Park Jin-ho"]
    # an open end means still in office
    assert [p.name for p in gaz.holders("KOR", "unification_minister", date(2026, 1, 1))] == ["Park Jin-ho"]


def test_org_role_codes_to_the_org_and_out_of_office_keeps_nationality(gaz: Gazetteer) -> None:
    velden = gaz.person("person:mara-velden")
    assert gaz.holders("UN", "secretary_general", date(2016, 6, 1)) == [velden]
    assert gaz.holders("NLD", "secretary_general", date(2016, 6, 1)) == []
    assert velden.country_on(date(2016, 6, 1)) == "UN"
    assert velden.country_on(date(2012, 6, 1)) == "NLD"
    assert velden.country_on(date(2020, 1, 1)) == "NLD"    # out of every office
    assert velden.country_on(None) == "NLD"
    assert velden.roles_on(None) == ()
    assert [r.role for r in velden.roles_on(date(2016, 6, 1))] == ["secretary_general"]


def test_role_fields(gaz: Gazetteer) -> None:
    (fm,) = gaz.person("person:jerome-castaing").roles
    assert fm == Role("Minister of Foreign Affairs", "foreign_minister", "FRA", date(2012, 5, 16),
                      date(2016, 2, 11), "GOV", None, True)
    (chief,) = gaz.person("person:lee-do-yun").roles
    assert chief.sector == "MIL"
    (sg,) = [r for r in gaz.person("person:mara-velden").roles if r.org]
    assert (sg.org, sg.country, sg.code) == ("UN", "NLD", "UN")
    assert Role("t", "envoy", "USA", None, None).active(date(1900, 1, 1))


def test_person_lookup_by_name_alias_case_and_accents(gaz: Gazetteer) -> None:
    castaing = gaz.person("person:jerome-castaing")
    assert gaz.person_by_name("Jérôme Castaing") is castaing
    assert gaz.person_by_name("jerome castaing") is castaing
    assert gaz.person_by_name("Lee Han Sol") is gaz.person("person:lee-han-sol")
    assert gaz.person_by_name("lee han-sol") is gaz.person("person:lee-han-sol")
    assert gaz.person_by_name("Mara van Velden") is gaz.person("person:mara-velden")
    assert gaz.person_by_name("Castaing") is None       # never by bare surname
    assert gaz.person_by_name("Nobody Atall") is None
    with pytest.raises(KeyError):
        gaz.person("person:nobody")


def test_people_by_surname(gaz: Gazetteer) -> None:
    assert {p.name for p in gaz.people_by_surname("Lee")} == {"Lee Han-sol", "Lee Do-yun"}
    assert [p.name for p in gaz.people_by_surname("castaing")] == ["Jérôme Castaing"]
    assert gaz.people_by_surname("Zzyzx") == []


def test_entries_by_key(gaz: Gazetteer) -> None:
    assert gaz.entry("state:PRK").name == "North Korea"
    assert gaz.state("prk") == gaz.entry("state:PRK")
    assert gaz.entry("state:PRK").kind == "state"
    unsc = gaz.entry("igo:UN/UNSC")
    assert (unsc.code, unsc.body, unsc.kind) == ("UN", "UNSC", "igo")
    assert gaz.entry("igo:HRW").kind == "ngo"
    hamas = gaz.entry("group:hamas")
    assert (hamas.code, hamas.kind, hamas.sector) == ("PSE", "armed_group", "REB")
    velden = gaz.entry("person:mara-velden")
    assert (velden.kind, velden.code) == ("person", "NLD")
    duma = gaz.entry("state:RUS@LEG")
    assert (duma.code, duma.sector) == ("RUS", "LEG")
    with pytest.raises(KeyError):
        gaz.entry("state:XXX")
    with pytest.raises(KeyError):
        gaz.state("XXX")


def test_places(gaz: Gazetteer) -> None:
    port = gaz.place("port aldren")
    assert port is not None and (port.country, port.kind, port.lat, port.lon) == ("NLD", "city", 52.1, 4.3)
    assert gaz.place("Aldren Harbour") is port
    sea = gaz.place("Sea of Tessaly")
    assert sea is not None and sea.country is None
    assert gaz.entry("place:port-aldren").code == "NLD"
    assert gaz.place("Atlantis") is None


def test_titles_and_role_sectors(gaz: Gazetteer) -> None:
    assert gaz.role_for_title("Foreign Minister") == "foreign_minister"
    assert gaz.role_for_title("foreign ministers") == "foreign_minister"
    assert gaz.role_for_title("Secretary of State") == "foreign_minister"
    assert gaz.role_for_title("Vice-President") == "vice_president"
    assert gaz.role_for_title("vice  president") == "vice_president"
    assert gaz.role_for_title("Secretary-General") == "secretary_general"
    assert gaz.role_for_title("first vice foreign minister") == "vice_foreign_minister"
    assert gaz.role_for_title("Defense Secretary") == gaz.role_for_title("defence minister") == "defence_minister"
    assert gaz.role_for_title("Chairman") == "leader"
    assert gaz.role_for_title("Emir") == "monarch"
    assert gaz.role_for_title("grocer") is None
    titles = gaz.title_roles()
    assert titles["president"] == "head_of_state"
    titles["president"] = "x"                       # a copy: the gazetteer is not changed
    assert gaz.title_roles()["president"] == "head_of_state"
    assert gaz.role_sector("military_chief") == "MIL"
    assert gaz.role_sector("opposition_leader") == "OPP"
    assert gaz.role_sector("party_leader") == "PTY"
    assert gaz.role_sector("legislature_speaker") == "LEG"
    assert gaz.role_sector("foreign_minister") == "GOV"
    assert gaz.role_sector("no_such_role") == "GOV"


def test_sector_for_noun(gaz: Gazetteer) -> None:
    assert gaz.sector_for_noun("troops") == gaz.sector_for_noun("soldier") == "MIL"
    assert gaz.sector_for_noun("Police") == "COP"
    assert gaz.sector_for_noun("rebels") == gaz.sector_for_noun("militiamen") == "REB"
    assert gaz.sector_for_noun("lawmakers") == "LEG"
    assert gaz.sector_for_noun("judges") == "JUD"
    assert gaz.sector_for_noun("protesters") == "OPP"
    assert gaz.sector_for_noun("students") == "EDU"
    assert gaz.sector_for_noun("refugees") == "REF"
    assert gaz.sector_for_noun("civilians") == "CVL"
    assert gaz.sector_for_noun("air  force") == "MIL"
    assert gaz.sector_for_noun("table") is None


def test_state_code_on_before_founding(gaz: Gazetteer) -> None:
    assert gaz.state_code_on("XKX", date(2005, 1, 1)) == "SRB"
    assert gaz.state_code_on("XKX", date(2008, 2, 17)) == "XKX"
    assert gaz.state_code_on("XKX", None) == "XKX"
    assert gaz.state_code_on("FRA", date(1900, 1, 1)) == "FRA"
