"""The actor dictionary: states, organisations, groups, people with dated roles, and places.

Everything is read from the YAML files in `data/` (see each file's header for its format),
validated, and indexed for the two consumers: the spaCy EntityRuler (`patterns()`) and the
actor resolver (`entry`, `person_by_name`, `holders`, `role_for_title`, ...).

Users extend the dictionary with their own YAML files (`detente --actors FILE`): a mapping
with any of the keys states, igos, groups, people, places, in the shipped schemas. A user
state or organisation whose code exists is merged into the shipped one (its lists are added,
its scalars override), because a user typically adds an alias ("Hermit Kingdom") and should
not have to repeat every form; a user group, person or place whose key exists replaces the
shipped one, because the usual reason is a correction (a role's dates). User names win
pattern collisions.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"

# the C parser is several times faster on the thousands of lines of people files
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader with YAML 1.2 booleans (only true/false) and dates left as strings.

    Under YAML 1.1 the surname "No" (Korean No Moo-hyun) would silently become False; and
    dates are parsed by `_date`, so "2019-13-45" is reported with the entry it belongs to."""


_DROPPED_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

STATE_FORMS = ("aliases", "adjectives", "demonyms", "capitals", "metonyms", "historical")
# the YAML list name -> the pattern form it yields
FORM_OF_LIST = {"aliases": "alias", "adjectives": "adjective", "demonyms": "demonym",
                "capitals": "capital", "metonyms": "metonym", "historical": "historical"}
ORG_KINDS = ("igo", "ngo")
GROUP_KINDS = ("armed_group", "other", "ngo")
PLACE_KINDS = ("city", "region", "province", "island", "sea", "strait", "border", "site")
# codes that are not states but that groups may code to (CAMEO: transnational militants)
GROUP_EXTRA_CODES = ("IMG",)
USER_KEYS = ("states", "igos", "groups", "people", "places")
# British and American spellings both appear in wire copy of organisation names
_SPELLINGS = (("Organisation", "Organization"), ("Programme", "Program"), ("Defence", "Defense"),
              ("Centre", "Center"))
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")
_SECTOR = re.compile(r"^[A-Z]{3}$")
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
_DOTTED = re.compile(r"^(?:[A-Z]\.){2,5}$")


class ActorFileError(ValueError):
    """A dictionary file that cannot be used; `str()` is one line naming the file."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.path}: {self.reason}")


# ----------------------------------------------------------------------------- public types
@dataclass(frozen=True, slots=True)
class Role:
    title: str
    role: str
    country: str
    start: date | None
    end: date | None
    sector: str = "GOV"
    org: str | None = None
    approx: bool = False

    def active(self, on: date) -> bool:
        """Inclusive at both ends; an open bound never excludes."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    @property
    def code(self) -> str:
        """What the role codes to: the organisation it is held in, else the state."""
        return self.org or self.country


@dataclass(frozen=True, slots=True)
class Person:
    key: str
    name: str
    aliases: tuple[str, ...]
    surname: str | None
    country: str
    roles: tuple[Role, ...]

    def roles_on(self, on: date | None) -> tuple[Role, ...]:
        if on is None:
            return ()
        return tuple(r for r in self.roles if r.active(on))

    def country_on(self, on: date | None) -> str:
        """The code an active role makes the person speak for; nationality otherwise,
        so a former leader still codes to their own state."""
        active = self.roles_on(on)
        return active[0].code if active else self.country


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None   # None for seas and straits no single state owns
    kind: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    kind: str
    code: str
    name: str
    body: str | None = None
    sector: str | None = None


# ----------------------------------------------------------------------------- raw records
@dataclass
class _Form:
    text: str
    form: str
    sector: str | None = None


@dataclass
class _State:
    code: str
    name: str
    forms: list[_Form] = field(default_factory=list)
    sovereign: bool = True
    part_of: str | None = None
    founded: date | None = None
    predecessor: str | None = None
    path: Path = DATA_DIR


@dataclass
class _Org:
    code: str
    name: str
    kind: str
    forms: list[_Form]
    bodies: list[tuple[str, list[str]]]
    path: Path


@dataclass
class _Group:
    key: str
    name: str
    aliases: list[str]
    code: str
    kind: str
    sector: str | None
    path: Path


@dataclass
class _PlaceRec:
    key: str
    place: Place
    aliases: list[str]
    path: Path


@dataclass
class _PersonRec:
    """A person before validation against the role set and the codes of every file."""

    key: str
    name: str
    aliases: list[str]
    surname: str | None
    country: str
    roles: list[dict[str, Any]]
    where: str
    path: Path


@dataclass
class _Tables:
    """Every record, keyed, in the order loaded; what `Gazetteer` is built from."""

    states: dict[str, _State] = field(default_factory=dict)
    orgs: dict[str, _Org] = field(default_factory=dict)
    groups: dict[str, _Group] = field(default_factory=dict)
    people: dict[str, _PersonRec] = field(default_factory=dict)
    places: dict[str, _PlaceRec] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    role_sectors: dict[str, str] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)
    user_keys: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- helpers
def slug(name: str) -> str:
    """"Kim Jong-un" -> "kim-jong-un": the stable part of person, group and place keys."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(ascii_only.casefold().split())


def _name_key(text: str) -> str:
    # "Kim Jong Un" and "Kim Jong-un" are the same name; so are "Moon Jae-in" and "Moon Jae In"
    return " ".join(fold(text).replace("-", " ").split())


def _title_key(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ActorFileError(path, f"cannot read: {exc}") from exc
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise ActorFileError(path, f"not valid YAML: {exc}") from exc


def _str(value: Any, path: Path, where: str, what: str, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ActorFileError(path, f"{where}: {what} must be a non-empty string, got {value!r}")
    return value.strip()


def _req(value: Any, path: Path, where: str, what: str) -> str:
    out = _str(value, path, where, what)
    assert out is not None
    return out


def _strings(value: Any, path: Path, where: str, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ActorFileError(path, f"{where}: {what} must be a list of strings, got {type(value).__name__}")
    return [_req(v, path, where, what) for v in value]


def _code(value: Any, path: Path, where: str, what: str = "code") -> str:
    code = _req(value, path, where, what)
    if not _CODE.match(code):
        raise ActorFileError(path, f"{where}: {what} {code!r} must be upper-case letters/digits")
    return code


def _sector(value: Any, path: Path, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _SECTOR.match(value):
        raise ActorFileError(path, f"{where}: sector {value!r} must be a three-letter upper-case code")
    return value


def _date(value: Any, path: Path, where: str, what: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ActorFileError(path, f"{where}: {what} {value!r} is not a date (YYYY-MM-DD)")


def _mapping(value: Any, path: Path, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ActorFileError(path, f"{where}: expected a mapping, got {type(value).__name__}")
    return value


def _list(value: Any, path: Path, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ActorFileError(path, f"{what} must be a list, got {type(value).__name__}")
    return value


def _where(kind: str, i: int, item: Any) -> str:
    label = (item.get("name") or item.get("code")) if isinstance(item, dict) else None
    return f"{kind}[{i}]" + (f" ({label})" if label else "")


# ----------------------------------------------------------------------------- parsers
def _parse_states(items: list[Any], path: Path, tables: _Tables, user: bool) -> None:
    for i, item in enumerate(items):
        where = _where("states", i, item)
        d = _mapping(item, path, where)
        code = _code(d.get("code"), path, where)
        existing = tables.states.get(code)
        if existing is not None and not user:
            raise ActorFileError(path, f"{where}: duplicate state code {code}")
        name = _str(d.get("name"), path, where, "name", required=existing is None)
        forms: list[_Form] = []
        for lst in STATE_FORMS:
            raw = d.get(lst)
            for j, v in enumerate(_list(raw, path, f"{where}: {lst}")):
                if lst == "metonyms" and isinstance(v, dict):
                    forms.append(_Form(_req(v.get("name"), path, f"{where}: metonyms[{j}]", "name"),
                                       "metonym", _sector(v.get("sector"), path, f"{where}: metonyms[{j}]")))
                else:
                    forms.append(_Form(_req(v, path, f"{where}: {lst}[{j}]", lst), FORM_OF_LIST[lst]))
        sovereign = d.get("sovereign", True)
        if not isinstance(sovereign, bool):
            raise ActorFileError(path, f"{where}: sovereign must be true or false")
        part_of = _code(d["part_of"], path, where, "part_of") if d.get("part_of") else None
        predecessor = _code(d["predecessor"], path, where, "predecessor") if d.get("predecessor") else None
        founded = _date(d.get("founded"), path, where, "founded")
        if existing is None:
            tables.states[code] = _State(code, name or code, forms, sovereign, part_of, founded, predecessor, path)
        else:
            existing.name = name or existing.name
            existing.forms = forms + existing.forms
            existing.sovereign = sovereign if "sovereign" in d else existing.sovereign
            existing.part_of = part_of or existing.part_of
            existing.founded = founded or existing.founded
            existing.predecessor = predecessor or existing.predecessor
            existing.path = path
        if user:
            tables.user_keys.append(f"state:{code}")


def _parse_orgs(items: list[Any], path: Path, tables: _Tables, user: bool) -> None:
    for i, item in enumerate(items):
        where = _where("igos", i, item)
        d = _mapping(item, path, where)
        code = _code(d.get("code"), path, where)
        existing = tables.orgs.get(code)
        if existing is not None and not user:
            raise ActorFileError(path, f"{where}: duplicate organisation code {code}")
        kind = d.get("kind", existing.kind if existing else "igo")
        if kind not in ORG_KINDS:
            raise ActorFileError(path, f"{where}: kind {kind!r} must be one of {', '.join(ORG_KINDS)}")
        forms = [_Form(a, "alias") for a in _strings(d.get("aliases"), path, where, "aliases")]
        forms += [_Form(a, "adjective") for a in _strings(d.get("adjectives"), path, where, "adjectives")]
        bodies: list[tuple[str, list[str]]] = []
        for j, b in enumerate(_list(d.get("bodies"), path, f"{where}: bodies")):
            bw = f"{where}: bodies[{j}]"
            bd = _mapping(b, path, bw)
            names = _strings(bd.get("names"), path, bw, "names")
            if not names:
                raise ActorFileError(path, f"{bw}: a body needs at least one name")
            bodies.append((_code(bd.get("code"), path, bw), names))
        body_codes = [c for c, _ in bodies]
        if len(set(body_codes)) != len(body_codes):
            raise ActorFileError(path, f"{where}: duplicate body codes")
        name = _str(d.get("name"), path, where, "name", required=existing is None)
        if existing is None:
            tables.orgs[code] = _Org(code, name or code, kind, forms, bodies, path)
        else:
            # like states, a user's organisation adds to the shipped one: usually a new alias
            existing.name, existing.kind, existing.path = name or existing.name, kind, path
            existing.forms = forms + existing.forms
            given = dict(bodies)
            existing.bodies = [(c, given.pop(c, []) + ns) for c, ns in existing.bodies] + list(given.items())
        if user:
            tables.user_keys.append(f"igo:{code}")


def _parse_groups(items: list[Any], path: Path, tables: _Tables, user: bool) -> None:
    for i, item in enumerate(items):
        where = _where("groups", i, item)
        d = _mapping(item, path, where)
        name = _req(d.get("name"), path, where, "name")
        key = f"group:{slug(name)}"
        if key in tables.groups and not user:
            raise ActorFileError(path, f"{where}: duplicate group key {key}")
        kind = d.get("kind", "armed_group")
        if kind not in GROUP_KINDS:
            raise ActorFileError(path, f"{where}: kind {kind!r} must be one of {', '.join(GROUP_KINDS)}")
        tables.groups[key] = _Group(key, name, _strings(d.get("aliases"), path, where, "aliases"),
                                    _code(d.get("code"), path, where), kind, _sector(d.get("sector"), path, where),
                                    path)
        if user:
            tables.user_keys.append(key)


def _parse_people(items: list[Any], path: Path, tables: _Tables, user: bool) -> None:
    for i, item in enumerate(items):
        where = _where("people", i, item)
        d = _mapping(item, path, where)
        name = _req(d.get("name"), path, where, "name")
        key = f"person:{slug(name)}"
        roles = [_mapping(r, path, f"{where}: roles[{j}]") for j, r in enumerate(_list(d.get("roles"), path, f"{where}: roles"))]
        if key in tables.people and not user:
            other = tables.people[key]
            country = _code(d.get("country"), path, where, "country")
            # one person's career can be told in two shipped files (a minister who later ran
            # an organisation): merge them; within one file, or across nationalities, it is a mistake
            if other.path == path or other.country != country:
                raise ActorFileError(path, f"{where}: duplicate person key {key} (also {other.path.name} {other.where})")
            seen = {(r.get("role"), str(r.get("start"))) for r in other.roles}
            other.roles = other.roles + [r for r in roles if (r.get("role"), str(r.get("start"))) not in seen]
            extra_aliases = [a for a in _strings(d.get("aliases"), path, where, "aliases") if a not in other.aliases]
            other.aliases = other.aliases + extra_aliases
            continue
        tables.people[key] = _PersonRec(key, name, _strings(d.get("aliases"), path, where, "aliases"),
                                        _str(d.get("surname"), path, where, "surname", required=False),
                                        _code(d.get("country"), path, where, "country"), roles, where, path)
        if user:
            tables.user_keys.append(key)


def _parse_places(items: list[Any], path: Path, tables: _Tables, user: bool) -> None:
    for i, item in enumerate(items):
        where = _where("places", i, item)
        d = _mapping(item, path, where)
        name = _req(d.get("name"), path, where, "name")
        key = f"place:{slug(name)}"
        if key in tables.places and not user:
            raise ActorFileError(path, f"{where}: duplicate place key {key}")
        country = _code(d["country"], path, where, "country") if d.get("country") is not None else None
        kind = d.get("kind", "city")
        if kind not in PLACE_KINDS:
            raise ActorFileError(path, f"{where}: kind {kind!r} must be one of {', '.join(PLACE_KINDS)}")
        lat, lon = d.get("lat"), d.get("lon")
        for what, v, limit in (("lat", lat, 90), ("lon", lon, 180)):
            if v is not None and (isinstance(v, bool) or not isinstance(v, int | float) or abs(v) > limit):
                raise ActorFileError(path, f"{where}: {what} {v!r} must be a number within ±{limit}")
        place = Place(name, country, kind, None if lat is None else float(lat), None if lon is None else float(lon))
        tables.places[key] = _PlaceRec(key, place, _strings(d.get("aliases"), path, where, "aliases"), path)
        if user:
            tables.user_keys.append(key)


_PARSERS = {"states": _parse_states, "igos": _parse_orgs, "groups": _parse_groups,
            "people": _parse_people, "places": _parse_places}


def _parse_roles(path: Path, tables: _Tables) -> None:
    d = _mapping(_read(path), path, "top level")
    sectors = _mapping(d.get("role_sectors"), path, "role_sectors")
    for role, sector in sectors.items():
        tables.role_sectors[_req(role, path, "role_sectors", "role key")] = _sector(sector, path, f"role_sectors.{role}") or "GOV"
    for title, role in _mapping(d.get("titles"), path, "titles").items():
        t = _req(title, path, "titles", "title")
        if role not in tables.role_sectors:
            raise ActorFileError(path, f"titles.{t}: unknown role key {role!r}")
        tables.titles[_title_key(t)] = role


def _parse_agents(path: Path, tables: _Tables) -> None:
    d = _mapping(_read(path), path, "top level")
    for noun, sector in _mapping(d.get("sectors"), path, "sectors").items():
        n = _req(noun, path, "sectors", "noun")
        tables.sectors[n.lower()] = _sector(sector, path, f"sectors.{n}") or "GOV"


def _shipped_files(data_dir: Path) -> Iterator[tuple[str, Path]]:
    yield "states", data_dir / "states.yaml"
    yield "igos", data_dir / "igos.yaml"
    yield "groups", data_dir / "groups.yaml"
    for p in sorted(data_dir.glob("people_*.yaml")):
        yield "people", p
    if (data_dir / "places.yaml").exists():
        yield "places", data_dir / "places.yaml"


def _load_tables(data_dir: Path, extra: Sequence[Path]) -> _Tables:
    tables = _Tables()
    _parse_roles(data_dir / "roles.yaml", tables)
    _parse_agents(data_dir / "agents.yaml", tables)
    for kind, path in _shipped_files(data_dir):
        _PARSERS[kind](_list(_read(path), path, "top level"), path, tables, False)
    for path in extra:
        raw = _read(Path(path))
        if raw is None:
            continue  # an empty file adds nothing
        d = _mapping(raw, Path(path), "top level")
        unknown = sorted(set(d) - set(USER_KEYS))
        if unknown:
            raise ActorFileError(path, f"unknown key(s) {', '.join(map(str, unknown))}; "
                                       f"expected any of {', '.join(USER_KEYS)}")
        for kind in USER_KEYS:
            if kind in d:
                _PARSERS[kind](_list(d[kind], Path(path), kind), Path(path), tables, True)
    return tables


def _check_codes(tables: _Tables) -> None:
    """Cross-file checks, once every file is in: codes must name a known state or org."""
    states, orgs = set(tables.states), set(tables.orgs)
    for code in sorted(states & orgs):
        # an actor code must say by itself whether it is a state or an organisation
        org = tables.orgs[code]
        raise ActorFileError(org.path, f"organisation {org.name}: code {code} is a state's code")
    for st in tables.states.values():
        for ref in (st.part_of, st.predecessor):
            if ref is not None and ref not in states:
                raise ActorFileError(st.path, f"state {st.code}: unknown state code {ref}")
    for g in tables.groups.values():
        if g.code not in states and g.code not in orgs and g.code not in GROUP_EXTRA_CODES:
            raise ActorFileError(g.path, f"group {g.name}: unknown code {g.code}")
    for pl in tables.places.values():
        if pl.place.country is not None and pl.place.country not in states:
            raise ActorFileError(pl.path, f"place {pl.place.name}: unknown country {pl.place.country}")


def _build_person(rec: _PersonRec, tables: _Tables) -> Person:
    path, where = rec.path, rec.where
    if rec.country not in tables.states:
        raise ActorFileError(path, f"{where}: unknown country code {rec.country}")
    roles: list[Role] = []
    for j, r in enumerate(rec.roles):
        rw = f"{where}: roles[{j}]"
        role = r.get("role")
        if role not in tables.role_sectors:
            raise ActorFileError(path, f"{rw}: unknown role key {role!r}")
        start = _date(r.get("start"), path, rw, "start")
        end = _date(r.get("end"), path, rw, "end")
        if start is not None and end is not None and end < start:
            raise ActorFileError(path, f"{rw}: end {end} is before start {start}")
        country = _code(r["country"], path, rw, "country") if r.get("country") else rec.country
        org = _code(r["org"], path, rw, "org") if r.get("org") else None
        if org is not None and org not in tables.orgs:
            raise ActorFileError(path, f"{rw}: unknown organisation {org}")
        if country not in tables.states and country not in tables.orgs:
            raise ActorFileError(path, f"{rw}: unknown country code {country}")
        approx = r.get("approx", False)
        if not isinstance(approx, bool):
            raise ActorFileError(path, f"{rw}: approx must be true or false")
        title = _str(r.get("title"), path, rw, "title", required=False) or role.replace("_", " ")
        sector = _sector(r.get("sector"), path, rw) or tables.role_sectors[role]
        roles.append(Role(title, role, country, start, end, sector, org, approx))
    return Person(rec.key, rec.name, tuple(rec.aliases), rec.surname, rec.country, tuple(roles))


# ----------------------------------------------------------------------------- patterns
def _variants(text: str) -> list[str]:
    """The spellings of one name that news prints, for a case-sensitive matcher."""
    out = [text]

    def add(v: str) -> None:
        if v and v not in out:
            out.append(v)

    for v in list(out):
        for a, b in _SPELLINGS:
            add(v.replace(a, b))
            add(v.replace(b, a))
    for v in list(out):
        if _ACRONYM.match(v):
            add(".".join(v) + ".")
        elif _DOTTED.match(v):
            add(v.replace(".", ""))
    for v in list(out):
        if v.startswith("the "):
            add("The " + v[4:])
    for v in list(out):
        add(v.replace("'", "’"))
        add(v.replace("’", "'"))
    for v in list(out):
        plain = "".join(c for c in unicodedata.normalize("NFKD", v) if not unicodedata.combining(c))
        add(unicodedata.normalize("NFC", plain))
    return out


# ----------------------------------------------------------------------------- the gazetteer
class Gazetteer:
    """The loaded, validated, indexed actor dictionary. Immutable once built."""

    def __init__(self, tables: _Tables) -> None:
        _check_codes(tables)
        self._tables = tables
        self._entries: dict[str, Entry] = {}
        self._people: dict[str, Person] = {}
        self._by_name: dict[str, Person] = {}
        self._by_surname: dict[str, list[Person]] = {}
        self._holders: dict[tuple[str, str], list[tuple[Role, Person]]] = {}
        self._places: dict[str, Place] = {}
        self._titles = dict(tables.titles)
        self._title_lookup = {k.replace("-", " "): v for k, v in tables.titles.items()} | tables.titles
        self._index()
        self._patterns = self._build_patterns()

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> Gazetteer:
        """The shipped dictionary plus the user's files, cached per set of files (and their
        modification times, so an edited file is read again)."""
        stamps = tuple((str(Path(p).resolve()), _stamp(Path(p))) for p in extra)
        return _load_cached(str(DATA_DIR), stamps)

    @classmethod
    def from_dir(cls, data_dir: Path, extra: Sequence[Path] = ()) -> Gazetteer:
        """An uncached gazetteer from another data directory (tests, alternative dictionaries)."""
        return cls(_load_tables(Path(data_dir), [Path(p) for p in extra]))

    def _index(self) -> None:
        t = self._tables
        for st in t.states.values():
            self._entries[f"state:{st.code}"] = Entry(f"state:{st.code}", "state", st.code, st.name)
            for s in sorted({f.sector for f in st.forms if f.sector and f.sector != "GOV"}):
                # metonyms of another sector ("State Duma" LEG) get a key of their own so the
                # resolver learns the sector from the entry alone
                k = f"state:{st.code}@{s}"
                self._entries[k] = Entry(k, "state", st.code, st.name, sector=s)
        for org in t.orgs.values():
            self._entries[f"igo:{org.code}"] = Entry(f"igo:{org.code}", org.kind, org.code, org.name)
            for bcode, names in org.bodies:
                k = f"igo:{org.code}/{bcode}"
                self._entries[k] = Entry(k, org.kind, org.code, names[0], body=bcode)
        for g in t.groups.values():
            self._entries[g.key] = Entry(g.key, g.kind, g.code, g.name, sector=g.sector)
        for rec in t.people.values():
            p = _build_person(rec, t)
            self._people[p.key] = p
            self._entries[p.key] = Entry(p.key, "person", p.country, p.name)
            for n in (p.name, *p.aliases):
                self._by_name.setdefault(_name_key(n), p)
            if p.surname:
                # spelling variants of the family name come from the aliases: "Zelenskyy" is
                # also "Zelensky" and "Zelenskiy" when the name ends in it
                variants = {fold(p.surname)}
                if p.name.split()[-1] == p.surname:
                    variants |= {fold(a.split()[-1]) for a in p.aliases if len(a.split()) > 1}
                for v in variants:
                    self._by_surname.setdefault(v, []).append(p)
            for r in p.roles:
                self._holders.setdefault((r.code, r.role), []).append((r, p))
        for pl in t.places.values():
            self._entries[pl.key] = Entry(pl.key, "place", pl.place.country or "", pl.place.name)
            for n in (pl.place.name, *pl.aliases):
                self._places.setdefault(fold(n), pl.place)

    # ------------------------------------------------------------------ patterns
    def _candidates(self) -> Iterator[tuple[str, str, str, str]]:
        """(label, text, key, form) for every name, shipped data in priority order: states,
        organisations, groups, people, places."""
        t = self._tables
        for st in t.states.values():
            yield "STATE", st.name, f"state:{st.code}", "name"
            for f in st.forms:
                key = f"state:{st.code}@{f.sector}" if f.sector and f.sector != "GOV" else f"state:{st.code}"
                yield "STATE", f.text, key, f.form
        for org in t.orgs.values():
            label = org.kind.upper()
            yield label, org.name, f"igo:{org.code}", "name"
            for f in org.forms:
                yield label, f.text, f"igo:{org.code}", f.form
            for bcode, names in org.bodies:
                for n in names:
                    yield label, n, f"igo:{org.code}/{bcode}", "body"
        for g in t.groups.values():
            label = "NGO" if g.kind == "ngo" else "GROUP"
            yield label, g.name, g.key, "name"
            for a in g.aliases:
                yield label, a, g.key, "alias"
        for p in self._people.values():
            yield "PERSON_ACTOR", p.name, p.key, "name"
            for a in p.aliases:
                yield "PERSON_ACTOR", a, p.key, "alias"
        for pl in t.places.values():
            yield "PLACE", pl.place.name, pl.key, "name"
            for a in pl.aliases:
                yield "PLACE", a, pl.key, "alias"

    def _build_patterns(self) -> list[dict[str, str]]:
        user = set(self._tables.user_keys)
        cands = list(self._candidates())
        # user names first so that they win every collision with shipped names
        ordered = [c for c in cands if _base_key(c[2]) in user] + [c for c in cands if _base_key(c[2]) not in user]
        taken: dict[str, str] = {}
        out: list[dict[str, str]] = []
        dropped = 0
        for label, text, key, form in ordered:
            for v in _variants(text):
                owner = taken.get(v)
                if owner is not None:
                    dropped += owner != key
                    continue
                taken[v] = key
                out.append({"label": label, "pattern": v, "id": f"{key}|{form}"})
        if dropped:
            log.debug("gazetteer: %d names already taken by another entry were left out", dropped)
        return out

    def patterns(self) -> list[dict[str, Any]]:
        """EntityRuler phrase patterns (case-sensitive: use phrase_matcher_attr ORTH)."""
        return [dict(p) for p in self._patterns]

    # ------------------------------------------------------------------ look-ups
    def entry(self, key: str) -> Entry:
        return self._entries[key]

    def entries(self) -> Iterable[Entry]:
        return self._entries.values()

    def person(self, key: str) -> Person:
        return self._people[key]

    def people(self) -> Iterable[Person]:
        return self._people.values()

    def person_by_name(self, name: str) -> Person | None:
        return self._by_name.get(_name_key(name))

    def surname_keys(self) -> frozenset[str]:
        """Every folded surname `people_by_surname` knows."""
        return frozenset(self._by_surname)

    def people_by_surname(self, surname: str) -> list[Person]:
        return list(self._by_surname.get(fold(surname), ()))

    def state(self, code: str) -> Entry:
        return self._entries[f"state:{code.upper()}"]

    def state_codes(self) -> list[str]:
        return list(self._tables.states)

    def state_code_on(self, code: str, on: date | None) -> str:
        """A state founded after `on` codes to its predecessor then (Kosovo before 2008 -> SRB)."""
        st = self._tables.states.get(code)
        if st is None or on is None or st.founded is None or st.predecessor is None or on >= st.founded:
            return code
        return st.predecessor

    def holders(self, country: str, role: str, on: date | None) -> list[Person]:
        """Who held `role` for `country` (a state or organisation code) on `on`, latest start
        first: on a handover day both the outgoing and the incoming holder are in office."""
        if on is None:
            return []
        found = [(r, p) for r, p in self._holders.get((country, role), ()) if r.active(on)]
        found.sort(key=lambda rp: rp[0].start or date.min, reverse=True)
        out: list[Person] = []
        for _, p in found:
            if p not in out:
                out.append(p)
        return out

    def title_roles(self) -> dict[str, str]:
        return dict(self._titles)

    def role_for_title(self, title: str) -> str | None:
        key = _title_key(title)
        for k in (key, key.replace("-", " ")):
            if k in self._title_lookup:
                return self._title_lookup[k]
        if key.endswith("s"):
            return self._title_lookup.get(key[:-1])
        return None

    def role_sector(self, role: str) -> str:
        return self._tables.role_sectors.get(role, "GOV")

    def role_keys(self) -> list[str]:
        return list(self._tables.role_sectors)

    def sector_for_noun(self, noun: str) -> str | None:
        return self._tables.sectors.get(" ".join(noun.lower().split()))

    def place(self, name: str) -> Place | None:
        return self._places.get(fold(name))


def _base_key(key: str) -> str:
    # "state:RUS@LEG" and "igo:UN/UNSC" belong to the entries "state:RUS" and "igo:UN"
    return key.split("@", 1)[0].split("/", 1)[0]


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)  # the loader reports the unreadable file
    return (st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=16)
def _load_cached(data_dir: str, stamps: tuple[tuple[str, tuple[int, int]], ...]) -> Gazetteer:
    return Gazetteer(_load_tables(Path(data_dir), [Path(p) for p, _ in stamps]))
