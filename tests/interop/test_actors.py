"""The CAMEO actor crosswalk and the FIPS -> ISO table."""

from __future__ import annotations

import csv
from importlib import resources

import pycountry
import pytest

from detente.actors import Gazetteer
from detente.interop.actors import (
    NO_ACTOR,
    NOT_IDENTIFIABLE,
    UNKNOWN_COUNTRY,
    UNKNOWN_ORG,
    ActorCrosswalk,
    fips_table,
    fips_to_iso3,
)

ISO3 = {c.alpha_3 for c in pycountry.countries}


@pytest.fixture(scope="module")
def xw() -> ActorCrosswalk:
    return ActorCrosswalk.load()


def test_states(xw: ActorCrosswalk) -> None:
    r = xw.resolve("USAGOV", "USA", "", ["GOV", "", ""], text="WASHINGTON")
    assert r.actor is not None
    assert (r.actor.code, r.actor.kind, r.actor.sector, r.actor.name, r.actor.text) == (
        "USA", "state", "GOV", "United States", "WASHINGTON")


@pytest.mark.parametrize(("cameo", "iso"), [("ROM", "ROU"), ("KOS", "XKX"), ("ZAR", "COD"), ("TMP", "TLS"),
                                            ("WSB", "PSE"), ("DEU", "DEU"), ("PRK", "PRK")])
def test_cameo_country_codes(xw: ActorCrosswalk, cameo: str, iso: str) -> None:
    assert xw.country(cameo) == iso
    r = xw.resolve(cameo, cameo)
    assert r.actor is not None and r.actor.code == iso and r.actor.kind == "state"


def test_country_from_the_code_when_the_country_column_is_empty(xw: ActorCrosswalk) -> None:
    r = xw.resolve("RUSMIL", "", "", ["MIL"])
    assert r.actor is not None and (r.actor.code, r.actor.sector) == ("RUS", "MIL")


@pytest.mark.parametrize(("code", "country", "group", "types", "expected"), [
    ("IGOUNO", "", "UNO", ["IGO"], ("UN", "igo")),
    ("IGOUNODEVWBK", "", "", ["IGO", "DEV"], ("WB", "igo")),
    ("IGOUNOREFHCR", "", "", ["IGO", "REF"], ("UNHCR", "igo")),
    ("IGOEUREEC", "EUR", "EEC", ["IGO"], ("EU", "igo")),
    ("IGOWSTNAT", "", "", ["IGO"], ("NATO", "igo")),
    ("NGOHRIAMN", "", "AMN", ["NGO", "HRI"], ("AMNESTY", "ngo")),
])
def test_organisations(xw: ActorCrosswalk, code: str, country: str, group: str, types: list[str],
                       expected: tuple[str, str]) -> None:
    r = xw.resolve(code, country, group, types)
    assert r.actor is not None and (r.actor.code, r.actor.kind) == expected


def test_groups_take_the_rows_country_and_the_dictionarys_kind(xw: ActorCrosswalk) -> None:
    r = xw.resolve("AFGTAL", "AFG", "TAL", ["REB"])
    assert r.actor is not None
    assert (r.actor.code, r.actor.kind, r.actor.sector, r.actor.name) == ("AFG", "armed_group", "REB", "Taliban")
    # Taliban in Pakistan: the row's country wins over the dictionary's home
    r2 = xw.resolve("PAKTAL", "PAK", "TAL", ["REB"])
    assert r2.actor is not None and r2.actor.code == "PAK"
    # a transnational group without a country keeps the dictionary's code
    r3 = xw.resolve("IMGALQ", "", "ALQ", ["IMG"])
    assert r3.actor is not None and (r3.actor.code, r3.actor.kind) == ("IMG", "armed_group")


def test_type_codes_give_kind_and_sector(xw: ActorCrosswalk) -> None:
    rebels = xw.resolve("SYRREB", "SYR", "", ["REB"]).actor
    insurgents = xw.resolve("IRQINS", "IRQ", "", ["INS"]).actor
    company = xw.resolve("MNCUSAMED", "USA", "", ["MNC", "MED"]).actor
    radical = xw.resolve("EGYRADOPP", "EGY", "", ["RAD", "OPP"]).actor
    assert rebels is not None and (rebels.kind, rebels.sector, rebels.name) == ("armed_group", "REB", None)
    assert insurgents is not None and (insurgents.kind, insurgents.sector) == ("armed_group", "REB")
    assert company is not None and (company.code, company.kind, company.sector) == ("USA", "other", "BUS")
    # RAD is an attitude, not a sector: the next type code gives it
    assert radical is not None and radical.sector == "OPP"


def test_regions(xw: ActorCrosswalk) -> None:
    r = xw.resolve("AFR", "AFR", "", [])
    assert r.actor is not None and (r.actor.code, r.actor.kind, r.actor.name) == ("AFR", "other", "Africa")
    r2 = xw.resolve("EURGOV", "", "", ["GOV"])
    assert r2.actor is not None and (r2.actor.code, r2.actor.sector) == ("EUR", "GOV")


@pytest.mark.parametrize(("args", "reason"), [
    (("", "", "", []), NO_ACTOR),
    (("GOV", "", "", ["GOV"]), NOT_IDENTIFIABLE),
    (("COPGOV", "", "", ["COP", "GOV"]), NOT_IDENTIFIABLE),
    (("mar", "", "", []), NOT_IDENTIFIABLE),          # an ethnic code, not Morocco (MAR)
    (("IGOAFR", "AFR", "", ["IGO"]), UNKNOWN_ORG),     # some African organisation
    (("XYZ", "XYZ", "", []), UNKNOWN_COUNTRY),
])
def test_unidentifiable_actors(xw: ActorCrosswalk, args: tuple[str, str, str, list[str]], reason: str) -> None:
    r = xw.resolve(*args)
    assert r.actor is None and r.reason == reason


def test_every_crosswalk_target_is_a_detente_actor(xw: ActorCrosswalk) -> None:
    gaz = Gazetteer.load()
    states = set(gaz.state_codes())
    for cameo, iso in xw.countries.items():
        assert iso in states, cameo
        assert cameo not in ISO3 or cameo in ("ANT",), f"{cameo} is an ISO code in use: no crosswalk needed"
    orgs = {e.code for e in gaz.entries() if e.key.startswith("igo:")}
    for cameo, actor in xw.groups.items():
        assert actor.code in states | orgs | {"IMG"}, cameo


def test_region_and_type_codes_never_collide_with_iso_codes(xw: ActorCrosswalk) -> None:
    assert not set(xw.regions) & ISO3
    assert not set(xw.types) & ISO3


def test_reverse_actor_codes(xw: ActorCrosswalk) -> None:
    for args, full in [
        (("IGOUNO", "", "UNO", ["IGO"]), "IGOUNO"),
        (("USAGOV", "USA", "", ["GOV"]), "USAGOV"),
        (("KOS", "KOS", "", []), "KOS"),
        (("AFGTAL", "AFG", "TAL", ["REB"]), "AFGTALREB"),
        (("AFR", "AFR", "", []), "AFR"),
    ]:
        actor = xw.resolve(*args).actor
        assert actor is not None
        back = xw.to_cameo(actor)
        assert back.full == full
        # and the reverse codes resolve to the same actor again
        again = xw.resolve(back.full, back.entity if back.entity not in ("IGO", "NGO") else "",
                           back.attribute, [back.role] if back.role else [])
        assert again.actor is not None and (again.actor.code, again.actor.kind) == (actor.code, actor.kind)


def test_fips_table() -> None:
    table = fips_table()
    assert len(table) > 250
    assert fips_to_iso3("UK") == "GBR" and fips_to_iso3("SF") == "ZAF" and fips_to_iso3("KS") == "KOR"
    assert fips_to_iso3("KN") == "PRK" and fips_to_iso3("GM") == "DEU" and fips_to_iso3("RI") == "SRB"
    assert fips_to_iso3("OS") is None and fips_to_iso3("ZZ") is None
    for fips, iso in table.items():
        assert len(fips) == 2
        assert iso is None or iso in ISO3 or iso == "XKX", fips


def test_fips_names_agree_with_their_iso_codes() -> None:
    """Each row's name, looked up in pycountry, gives its ISO code (where pycountry knows the name)."""
    text = resources.files("detente.interop.data").joinpath("fips_iso3.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert len({r["fips"] for r in rows}) == len(rows), "duplicate FIPS code"
    checked = 0
    for r in rows:
        try:
            found = pycountry.countries.lookup(r["name"]).alpha_3
        except LookupError:
            continue
        checked += 1
        assert found == r["iso3"], r
    assert checked > 150
