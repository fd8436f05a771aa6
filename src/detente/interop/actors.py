"""CAMEO actor codes <-> detente actors, and FIPS 10-4 country codes -> ISO 3166 alpha-3.

GDELT describes each actor with a composite CAMEO code ("USAGOV", "IGOUNODEVWBK"), a
country code, a known-group code and up to three type codes. They combine here, most
specific first:

1. A known group (the KnownGroupCode column, else a 3-letter chunk of the code such as WBK
   in IGOUNODEVWBK; the last, most specific, listed chunk wins) that detente's dictionary
   knows: an organisation codes to itself (WB, kind igo); an armed group, party or movement
   to its country (the row's country, else the dictionary's), with the dictionary's kind.
2. A country: ISO alpha-3 (pycountry), or a CAMEO code that differs from ISO (ROM, KOS, ...).
   Kind `state`, unless a type code says otherwise (REB -> armed_group, MNC -> other).
3. A CAMEO region (AFR, EUR, ...): kept as the code, kind `other`.
4. Anything else (a bare sector such as GOV, an organisation detente cannot name, an
   ethnic or religious code alone) is not an identifiable actor: None, with the reason.

The sector is the first type code that names one (GOV, MIL, REB, ...); see
data/cameo_actors.yaml.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pycountry
import yaml

from detente.actors import Gazetteer
from detente.model import Actor, ActorKind

# the C loader when PyYAML has it: the tables load at every import command
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Code prefixes that say "not a state": CAMEO puts them where a country code would be.
ORG_PREFIXES = ("IGO", "NGO", "NGM", "IMG", "MNC", "INT")

# Reasons an actor could not be coded, as counted by the importer.
NO_ACTOR = "no actor"
NOT_IDENTIFIABLE = "no country or organisation (a sector or identity code alone)"
UNKNOWN_ORG = "an organisation detente cannot name"
UNKNOWN_COUNTRY = "unknown country code"


class CrosswalkError(ValueError):
    """The shipped crosswalk data is malformed or names actors the dictionary lacks."""


@dataclass(frozen=True, slots=True)
class TypeInfo:
    sector: str | None
    kind: ActorKind | None


@dataclass(frozen=True, slots=True)
class Resolved:
    """An actor, or why there is none (`reason`), and the code that was not understood."""

    actor: Actor | None
    reason: str | None = None
    code: str | None = None


@dataclass(frozen=True, slots=True)
class CameoActor:
    """A detente actor written back as CAMEO: entity (country, IGO, NGO, region), known
    group (attribute) and sector (role); `full` is the three run together."""

    entity: str
    attribute: str
    role: str

    @property
    def full(self) -> str:
        return f"{self.entity}{self.attribute}{self.role}"


def _data_text(name: str) -> str:
    return resources.files("detente.interop.data").joinpath(name).read_text("utf-8")


@cache
def fips_table() -> dict[str, str | None]:
    """FIPS 10-4 country code -> ISO alpha-3 (None for places in no country: oceans, the
    disputed Paracel and Spratly Islands)."""
    rows = csv.DictReader(_data_text("fips_iso3.csv").splitlines())
    return {r["fips"].strip().upper(): (r["iso3"].strip().upper() or None) for r in rows}


def fips_to_iso3(code: str) -> str | None:
    return fips_table().get(code.strip().upper())


@cache
def _iso3_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


class ActorCrosswalk:
    """CAMEO actor fields -> `Actor`, and back. Build with `ActorCrosswalk.load()`."""

    def __init__(self, data: dict[str, Any], gazetteer: Gazetteer) -> None:
        self._gaz = gazetteer
        self.countries: dict[str, str] = {str(k): str(v) for k, v in (data.get("countries") or {}).items()}
        self.regions: dict[str, str] = {str(k): str(v) for k, v in (data.get("regions") or {}).items()}
        self.types: dict[str, TypeInfo] = {
            str(k): TypeInfo(sector=v.get("sector"), kind=v.get("kind")) for k, v in (data.get("types") or {}).items()
        }
        self.groups: dict[str, Actor] = {}
        for cameo, key in (data.get("known_groups") or {}).items():
            try:
                entry = gazetteer.entry(str(key))
            except KeyError as exc:
                raise CrosswalkError(f"cameo_actors.yaml: {cameo}: {key} is not in the actor dictionary") from exc
            if entry.kind not in ("igo", "ngo", "armed_group", "other", "state"):
                raise CrosswalkError(f"cameo_actors.yaml: {cameo}: {key} is a {entry.kind}, not an actor")
            self.groups[str(cameo)] = Actor(code=entry.code, kind=entry.kind, name=entry.name,  # type: ignore[arg-type]
                                            sector=entry.sector)
        known_codes = set(self.countries.values()) | _iso3_codes() | {"XKX"}
        for cameo, iso in self.countries.items():
            if iso not in known_codes:
                raise CrosswalkError(f"cameo_actors.yaml: {cameo} -> {iso}: not an ISO alpha-3 code")
        # The reverse tables: the first CAMEO code listed for a detente code wins.
        self._country_back: dict[str, str] = {}
        for cameo, iso in self.countries.items():
            self._country_back.setdefault(iso, cameo)
        # ISO codes that are themselves CAMEO codes map to themselves (PSE, not WSB).
        for iso in set(self._country_back) & _iso3_codes():
            del self._country_back[iso]
        self._group_back: dict[tuple[str, str | None], str] = {}
        for cameo, actor in self.groups.items():
            key = (actor.code, actor.name) if actor.kind in ("armed_group", "other") else (actor.code, None)
            self._group_back.setdefault(key, cameo)

    @classmethod
    def load(cls) -> ActorCrosswalk:
        return _load_crosswalk()

    # ------------------------------------------------------------------ forward
    def country(self, cameo: str) -> str | None:
        """The detente state code of a CAMEO country code, or None."""
        code = cameo.strip().upper()
        if code in self.countries:
            return self.countries[code]
        if code in _iso3_codes():
            return code
        return None

    def _group_in_code(self, code: str) -> Actor | None:
        # Chunks after the leading entity: "IGOUNODEVWBK" -> UNO, DEV, WBK; the last known wins.
        found = None
        for i in range(3, len(code) - 2, 3):
            chunk = code[i:i + 3]
            if chunk in self.groups:
                found = self.groups[chunk]
        return found

    def _sector_and_kind(self, types: Sequence[str]) -> tuple[str | None, ActorKind | None]:
        sector: str | None = None
        kind: ActorKind | None = None
        for t in types:
            info = self.types.get(t.strip().upper())
            if info is None:
                continue
            if sector is None and info.sector:
                sector = info.sector
            if kind is None and info.kind:
                kind = info.kind
        return sector, kind

    def resolve(self, code: str, country: str = "", known_group: str = "", types: Sequence[str] = (),
                text: str | None = None) -> Resolved:
        """The actor GDELT's fields describe; see the module docstring for the order."""
        code, country, known_group = code.strip(), country.strip().upper(), known_group.strip().upper()
        text = text.strip() if text and text.strip() else None
        if not code and not country and not known_group:
            return Resolved(None, NO_ACTOR)
        sector, type_kind = self._sector_and_kind(types)
        upper = code.upper()
        group = self.groups.get(known_group) or self._group_in_code(upper)
        if group is not None:
            if group.kind in ("igo", "ngo"):
                return Resolved(Actor(code=group.code, kind=group.kind, name=group.name, sector=sector, text=text))
            home = self.country(country) or group.code
            return Resolved(Actor(code=home, kind=group.kind, name=group.name, sector=group.sector or sector,
                                  text=text))
        # CAMEO writes countries, regions and organisations in capitals and ethnic groups in
        # lower case ("mar" is Marathi, not Morocco): only a capitalised lead is an entity.
        entity = upper[:3] if code[:3].isupper() else ""
        if type_kind == "igo" or entity == "IGO":
            # An IGO detente cannot name must not fall back to its members' region or country.
            return Resolved(None, UNKNOWN_ORG, code or known_group)
        iso = self.country(country) if country else None
        if iso is None and entity not in ORG_PREFIXES:
            iso = self.country(entity)
        if iso is not None:
            kind = type_kind or "state"
            # The country's name only for the state itself: a US company or Syrian rebels
            # are not "United States" or "Syria".
            name = self._state_name(iso) if kind == "state" else None
            return Resolved(Actor(code=iso, kind=kind, name=name, sector=sector, text=text))
        region = country if country in self.regions else (entity if entity in self.regions else None)
        if region is not None:
            return Resolved(Actor(code=region, kind="other", name=self.regions[region], sector=sector, text=text))
        if country:
            return Resolved(None, UNKNOWN_COUNTRY, country)
        return Resolved(None, NOT_IDENTIFIABLE, code)

    def _state_name(self, code: str) -> str | None:
        try:
            return self._gaz.state(code).name
        except KeyError:
            return None

    # ------------------------------------------------------------------ reverse
    def to_cameo(self, actor: Actor) -> CameoActor:
        """A detente actor as CAMEO entity/attribute/role (detente's code where CAMEO has none)."""
        role = actor.sector or ""
        if actor.kind in ("igo", "ngo"):
            group = self._group_back.get((actor.code, None))
            return CameoActor("IGO" if actor.kind == "igo" else "NGO", group or actor.code, role)
        group = self._group_back.get((actor.code, actor.name))
        if actor.code == "IMG":
            return CameoActor("IMG", group or "", role)
        entity = self._country_back.get(actor.code, actor.code)
        return CameoActor(entity, group or "", role)


@cache
def _load_crosswalk() -> ActorCrosswalk:
    data = yaml.load(_data_text("cameo_actors.yaml"), Loader=_Loader)
    if not isinstance(data, dict):
        raise CrosswalkError("cameo_actors.yaml: expected a mapping")
    return ActorCrosswalk(data, Gazetteer.load())
