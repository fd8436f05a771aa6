"""User actor files (`detente --actors FILE`): what they add, what they override, and the
one-line errors for files that cannot be used."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from detente.actors.gazetteer import ActorFileError, Gazetteer

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _ids(g: Gazetteer) -> dict[str, str]:
    return {p["pattern"]: p["id"] for p in g.patterns()}


@pytest.fixture(scope="module")
def user_gaz(fixture_dir: Path) -> Gazetteer:
    return Gazetteer.from_dir(fixture_dir, extra=[FIXTURES / "user_actors.yaml"])


def test_user_file_adds_actors(user_gaz: Gazetteer, gaz: Gazetteer) -> None:
    ids = _ids(user_gaz)
    assert ids["Northern Lantern Front"] == "group:northern-lantern-front|name"
    assert user_gaz.entry("group:northern-lantern-front").code == "NOR"
    assert ids["Arctic Council"] == "igo:ARCTIC|name"
    fm = user_gaz.person_by_name("Ingrid Fjellvang")
    assert fm is not None and user_gaz.holders("NOR", "foreign_minister", date(2022, 1, 1)) == [fm]
    assert ids["Ingrid Fjellvang"] == "person:ingrid-fjellvang|name"
    # the shipped gazetteer is untouched
    assert "Northern Lantern Front" not in _ids(gaz)


def test_user_state_and_org_are_merged_not_replaced(user_gaz: Gazetteer) -> None:
    ids = _ids(user_gaz)
    assert ids["Hermit Kingdom"] == "state:PRK|alias"
    assert ids["North Korea"] == "state:PRK|name"          # shipped forms are kept
    assert ids["Pyongyang"] == "state:PRK|capital"
    assert ids["Brussels bloc"] == "igo:EU|alias"
    assert ids["European Union"] == "igo:EU|name"
    assert ids["European Parliament"] == "igo:EU/EP|body"


def test_user_person_replaces_shipped_one(user_gaz: Gazetteer, gaz: Gazetteer) -> None:
    on = date(2014, 1, 1)
    assert [p.name for p in gaz.holders("NLD", "head_of_government", on)] == ["Mara Velden"]
    assert user_gaz.holders("NLD", "head_of_government", on) == []
    assert len(user_gaz.person("person:mara-velden").roles) == 1


def test_user_names_win_collisions(user_gaz: Gazetteer, gaz: Gazetteer) -> None:
    assert _ids(gaz)["Kremlin"] == "state:RUS|metonym"
    assert _ids(user_gaz)["Kremlin"] == "place:kremlin|name"


def test_load_is_cached_per_file_set(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("groups:\n  - {name: Cached Front, code: FRA, kind: armed_group, sector: REB}\n")
    first = Gazetteer.load(extra=(extra,))
    assert Gazetteer.load(extra=(extra,)) is first
    assert Gazetteer.load() is Gazetteer.load()
    assert Gazetteer.load() is not first
    # an edited file is read again
    extra.write_text("groups:\n  - {name: Renamed Front, code: FRA, kind: armed_group, sector: REB}\n"
                     "# longer, so the size changes even on a coarse clock\n")
    again = Gazetteer.load(extra=(extra,))
    assert again is not first and again.entry("group:renamed-front").code == "FRA"


BAD_FILES = {
    "not_yaml": ("people: [unclosed\n  - name: x", "not valid YAML"),
    "wrong_shape": ("- just\n- a list\n", "expected a mapping"),
    "unknown_top_key": ("persons: []\n", "unknown key(s) persons"),
    "people_not_list": ("people: {name: X}\n", "people must be a list"),
    "bad_date": ("people:\n  - name: Ann Example\n    country: FRA\n    roles:\n"
                 "      - {title: President, role: head_of_state, start: 2019-13-45}\n", "is not a date"),
    "unknown_role": ("people:\n  - name: Ann Example\n    country: FRA\n    roles:\n"
                     "      - {title: Boss, role: big_boss, start: 2019-01-01}\n", "unknown role key 'big_boss'"),
    "end_before_start": ("people:\n  - name: Ann Example\n    country: FRA\n    roles:\n"
                         "      - {title: President, role: head_of_state, start: 2019-01-01, end: 2018-01-01}\n",
                         "end 2018-01-01 is before start 2019-01-01"),
    "unknown_country": ("people:\n  - name: Ann Example\n    country: ZZZ\n", "unknown country code ZZZ"),
    "unknown_org": ("people:\n  - name: Ann Example\n    country: FRA\n    roles:\n"
                    "      - {title: Chief, role: igo_head, org: NOSUCH, start: 2019-01-01}\n", "unknown organisation"),
    "missing_name": ("groups:\n  - {code: FRA, kind: armed_group}\n", "name must be a non-empty string"),
    "bad_kind": ("groups:\n  - {name: A Front, code: FRA, kind: club}\n", "kind 'club'"),
    "bad_group_code": ("groups:\n  - {name: A Front, code: QQQ, kind: other}\n", "unknown code QQQ"),
    "bad_sector": ("groups:\n  - {name: A Front, code: FRA, kind: other, sector: rebels}\n", "sector 'rebels'"),
    "bad_place": ("places:\n  - {name: Nowhere, country: FRA, kind: city, lat: 123, lon: 0}\n", "lat 123"),
    "org_with_state_code": ("igos:\n  - {code: FRA, name: Franco Club, kind: igo}\n", "code FRA is a state's code"),
    "new_state_without_name": ("states:\n  - {code: QQQ, aliases: [Q]}\n", "name must be a non-empty string"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_raise_one_line_error_naming_the_file(case: str, fixture_dir: Path, tmp_path: Path) -> None:
    text, reason = BAD_FILES[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ActorFileError) as info:
        Gazetteer.from_dir(fixture_dir, extra=[path])
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert "\n" not in message
    assert isinstance(info.value, ValueError)


def test_missing_and_binary_files(fixture_dir: Path, tmp_path: Path) -> None:
    missing = tmp_path / "absent.yaml"
    with pytest.raises(ActorFileError, match=r"absent\.yaml: cannot read"):
        Gazetteer.from_dir(fixture_dir, extra=[missing])
    binary = tmp_path / "blob.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(ActorFileError, match=r"blob\.yaml: cannot read"):
        Gazetteer.from_dir(fixture_dir, extra=[binary])


def test_empty_user_file_adds_nothing(fixture_dir: Path, tmp_path: Path, gaz: Gazetteer) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n")
    assert len(Gazetteer.from_dir(fixture_dir, extra=[empty]).patterns()) == len(gaz.patterns())


def test_one_person_in_two_shipped_files_is_merged(fixture_dir: Path, tmp_path: Path) -> None:
    """A career told in two files (a minister who later led an organisation) is one person;
    the same name with another nationality is a mistake."""
    data = tmp_path / "data"
    data.mkdir()
    for f in fixture_dir.iterdir():
        (data / f.name).write_bytes(f.read_bytes())
    (data / "people_more.yaml").write_text(
        "- {name: Lee Han-sol, surname: Lee, country: KOR, aliases: [Lee Hansol],"
        " roles: [{title: Envoy, role: envoy, start: 2001-01-01, end: 2002-01-01}]}\n")
    g = Gazetteer.from_dir(data)
    p = g.person_by_name("Lee Hansol")
    assert p is not None and p.name == "Lee Han-sol"
    assert any(r.role == "envoy" for r in p.roles)
    (data / "people_more.yaml").write_text("- {name: Lee Han-sol, surname: Lee, country: JPN}\n")
    with pytest.raises(ActorFileError, match=r"people_more\.yaml: .*duplicate person key person:lee-han-sol"):
        Gazetteer.from_dir(data)

