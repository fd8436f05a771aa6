"""The word lists of lexicon.yaml, loaded once, and helpers that turn them into regexes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class Lexicon:
    months: dict[str, int]              # lower-case name or abbreviation, no period -> 1..12
    month_full: frozenset[str]          # lower-case full names ("may", "june")
    ambiguous_months: frozenset[str]    # lower-case
    weekdays: dict[str, int]            # lower-case name -> 0 (Monday) .. 6
    seasons: dict[str, tuple[int, ...]]
    number_words: dict[str, int]
    vague_counts: dict[str, tuple[int, int]]
    deictic_days: dict[str, int]
    relative_words: dict[str, int]
    units: dict[str, str]
    times_of_day: tuple[str, ...]
    parts: dict[str, str]
    approximators: tuple[str, ...]
    inclusive_prepositions: frozenset[str]
    prepositions: tuple[str, ...]
    cues: frozenset[str]
    habitual: frozenset[str]
    ordinal_cues: frozenset[str]
    ordinal_followers: frozenset[str]
    identifier_words: frozenset[str]
    duration_cues: frozenset[str]
    not_year_before: frozenset[str]
    vague: tuple[str, ...]


def normalise(phrase: str) -> str:
    """The lookup key of a matched phrase: lower case, single spaces, no trailing period."""
    return " ".join(phrase.lower().split()).rstrip(".")


@cache
def lexicon() -> Lexicon:
    raw = yaml.safe_load(resources.files("detente.dates").joinpath("lexicon.yaml").read_text("utf-8"))
    months: dict[str, int] = {}
    for number, names in enumerate(raw["months"], start=1):
        for name in names:
            months[name.lower()] = number
    return Lexicon(
        months=months,
        month_full=frozenset(names[0].lower() for names in raw["months"]),
        ambiguous_months=frozenset(m.lower() for m in raw["ambiguous_months"]),
        weekdays={name.lower(): i for i, name in enumerate(raw["weekdays"])},
        seasons={k: tuple(int(m) for m in v) for k, v in raw["seasons"].items()},
        number_words={normalise(k): int(v) for k, v in raw["number_words"].items()},
        vague_counts={normalise(k): (int(v[0]), int(v[1])) for k, v in raw["vague_counts"].items()},
        deictic_days={normalise(k): int(v) for k, v in raw["deictic_days"].items()},
        relative_words={normalise(k): int(v) for k, v in raw["relative_words"].items()},
        units={k: str(v) for k, v in raw["units"].items()},
        times_of_day=tuple(raw["times_of_day"]),
        parts={normalise(k): str(v) for k, v in raw["parts"].items()},
        approximators=tuple(raw["approximators"]),
        inclusive_prepositions=frozenset(raw["inclusive_prepositions"]),
        prepositions=tuple(raw["prepositions"]),
        cues=frozenset(raw["cues"]),
        habitual=frozenset(raw["habitual"]),
        ordinal_cues=frozenset(raw["ordinal_cues"]),
        ordinal_followers=frozenset(normalise(w) for w in raw["ordinal_followers"]),
        identifier_words=frozenset(w.lower() for w in raw["identifier_words"]),
        duration_cues=frozenset(w.lower() for w in raw["duration_cues"]),
        not_year_before=frozenset(w.lower().rstrip(".") for w in raw["not_year_before"]),
        vague=tuple(raw["vague"]),
    )


def _phrase(words: str, capital_first: bool) -> str:
    """One phrase as a regex: flexible whitespace, and optionally a capital first letter."""
    parts = [re.escape(w) for w in words.split()]
    first = parts[0]
    if capital_first and first[:1].isalpha():
        first = f"[{first[0].upper()}{first[0].lower()}]{first[1:]}"
    return r"\s+".join([first, *parts[1:]])


def alternation(phrases: Iterable[str]) -> str:
    """Lower-case phrases (also matched with a capital first letter), longest first."""
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(_phrase(p, capital_first=True) for p in unique) + ")"


def name_alternation(names: Iterable[str], abbreviations: Iterable[str] = ()) -> str:
    """Proper names: Capitalised or UPPER-CASE only; abbreviations may take a period."""
    alts: list[tuple[str, str]] = []
    for name in names:
        for form in {name.capitalize(), name.upper()}:
            alts.append((form, re.escape(form) + r"\b"))
    for abbr in abbreviations:
        for form in {abbr.capitalize(), abbr.upper()}:
            alts.append((form, re.escape(form) + r"(?:\.|\b)"))
    alts.sort(key=lambda a: (-len(a[0]), a[0]))
    return "(?:" + "|".join(p for _, p in alts) + ")"
