"""The trigger lexicon and the cue words, loaded once from the YAML files beside this module."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from detente.model import event_types

FRAMES = {"directed", "symmetric", "visit", "host", "intent", "agree", "agent_noun"}
POS = {"verb", "noun", "adj"}
# Flags a trigger entry may carry; anything else in the YAML is a mistake worth failing on.
FLAGS = {
    "needs_agent", "needs_agent_or_victim", "needs_actors_in_np", "requires_target", "requires_person",
    "requires_person_object", "plural_only", "complement_only", "future_complement",
    "requires_complement", "patient_subject", "patient_subject_passive", "no_target", "warn", "protest",
    "requires_group_subject", "requires_complement_actor", "complement_negative", "obligation",
}
KNOWN_KEYS = {"lemma", "pos", "type", "mode", "frame", "preps", "objects", "status", "light_verbs_only", "prior",
              "complement_lemmas", "objects_in_complement"} | FLAGS


class LexiconError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class TriggerSpec:
    """One way a word can report an event."""

    words: tuple[str, ...]          # the lemma split into words; the head is words[head]
    pos: str
    type: str
    frame: str
    mode: str | None = None
    preps: tuple[str, ...] = ()
    # object lemma -> type; None means the word needs no particular object
    objects: dict[str, str] | None = None
    status: str | None = None
    light_verbs_only: frozenset[str] = frozenset()
    complement_lemmas: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    # how reliably the word signals its type (1.0 unless it often means something else)
    prior: float = 1.0

    @property
    def head(self) -> str:
        # verbs lead their particle ("call for"); noun compounds end in their head ("hunger strike")
        return self.words[0] if self.pos == "verb" else self.words[-1]

    @property
    def lemma(self) -> str:
        return " ".join(self.words)

    def has(self, flag: str) -> bool:
        return flag in self.flags


@dataclass(frozen=True)
class Cues:
    light_verbs: frozenset[str]
    happen_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    expected_lemmas: frozenset[str]
    expected_modifiers: frozenset[str]
    planned_lemmas: frozenset[str]
    planned_modifiers: frozenset[str]
    planned_copular: frozenset[str]
    cancelled_lemmas: frozenset[str]
    cancelled_objects_of: frozenset[str]
    failed_lemmas: frozenset[str]
    attempt_lemmas: frozenset[str]
    blocked_by: frozenset[str]
    hypothetical_modals: frozenset[str]
    hypothetical_lemmas: frozenset[str]
    hypothetical_markers: frozenset[str]
    hypothetical_nouns: frozenset[str]
    stance_verbs: frozenset[str]
    negation: frozenset[str]
    negated_to_reject: frozenset[str]
    topic_governors: frozenset[str]


@dataclass
class Lexicon:
    triggers: list[TriggerSpec]
    cues: Cues
    by_head: dict[tuple[str, str], list[TriggerSpec]] = field(default_factory=dict)
    surface_forms: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], list[TriggerSpec]] = defaultdict(list)
        for t in self.triggers:
            index[(t.head, t.pos)].append(t)
        # the most specific reading first: multiword, then object-restricted, then plain
        for specs in index.values():
            specs.sort(key=lambda s: (-len(s.words), s.objects is None))
        self.by_head = dict(index)
        self.surface_forms = frozenset(_surface_forms(self.triggers))

    def specs_for(self, lemma: str, pos: str) -> list[TriggerSpec]:
        return self.by_head.get((lemma, pos), [])


def _as_set(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in (values or []))


def _parse_trigger(raw: dict[str, Any], types: set[str]) -> TriggerSpec:
    unknown = set(raw) - KNOWN_KEYS
    if unknown:
        raise LexiconError(f"trigger {raw.get('lemma')!r}: unknown keys {sorted(unknown)}")
    lemma, pos, typ, frame = raw.get("lemma"), raw.get("pos"), raw.get("type"), raw.get("frame", "directed")
    if not lemma or pos not in POS or typ not in types or frame not in FRAMES:
        raise LexiconError(f"trigger {lemma!r}: needs lemma, pos in {sorted(POS)}, a PLOVER type and a frame")
    objects_raw = raw.get("objects")
    objects: dict[str, str] | None
    if objects_raw is None:
        objects = None
    elif isinstance(objects_raw, list):
        objects = {str(o).lower(): typ for o in objects_raw}
    else:
        objects = {str(k).lower(): str(v) for k, v in objects_raw.items()}
        bad = {v for v in objects.values() if v not in types}
        if bad:
            raise LexiconError(f"trigger {lemma!r}: unknown object types {sorted(bad)}")
    return TriggerSpec(
        words=tuple(str(lemma).lower().split()),
        pos=pos,
        type=typ,
        frame=frame,
        mode=raw.get("mode"),
        preps=tuple(str(p).lower() for p in raw.get("preps") or []),
        objects=objects,
        status=raw.get("status"),
        light_verbs_only=_as_set(raw.get("light_verbs_only")),
        complement_lemmas=_as_set(raw.get("complement_lemmas")) | _as_set(raw.get("objects_in_complement")),
        flags=frozenset(k for k in FLAGS if raw.get(k)),
        prior=float(raw.get("prior", 1.0)),
    )


def _cues(raw: dict[str, Any]) -> Cues:
    def get(*path: str) -> frozenset[str]:
        node: Any = raw
        for p in path:
            node = node.get(p, {}) if isinstance(node, dict) else {}
        return _as_set(node if isinstance(node, list) else [])

    return Cues(
        light_verbs=get("light_verbs"),
        happen_verbs=get("happen_verbs"),
        reporting_verbs=get("reporting_verbs"),
        expected_lemmas=get("expected", "lemmas"),
        expected_modifiers=get("expected", "modifiers"),
        planned_lemmas=get("planned", "lemmas"),
        planned_modifiers=get("planned", "modifiers"),
        planned_copular=get("planned", "copular_to"),
        cancelled_lemmas=get("cancelled", "lemmas"),
        cancelled_objects_of=get("cancelled", "objects_of"),
        failed_lemmas=get("failed", "lemmas"),
        attempt_lemmas=get("failed", "attempt"),
        blocked_by=get("failed", "blocked_by"),
        hypothetical_modals=get("hypothetical", "modals"),
        hypothetical_lemmas=get("hypothetical", "lemmas"),
        hypothetical_markers=get("hypothetical", "markers"),
        hypothetical_nouns=get("hypothetical", "nouns"),
        stance_verbs=get("stance_verbs"),
        negation=get("negation"),
        negated_to_reject=frozenset(x.upper() for x in get("negated_to_reject")),
        topic_governors=get("topic_governors"),
    )


def inflections(lemma: str, pos: str, irregular: dict[str, list[str]]) -> set[str]:
    """Surface forms of a lemma, good enough to pre-filter sentences before tagging."""
    forms = {lemma, *irregular.get(lemma, [])}
    if pos == "noun":
        if lemma.endswith(("s", "x", "ch", "sh")):
            forms.add(lemma + "es")
        elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            forms.add(lemma[:-1] + "ies")
        else:
            forms.add(lemma + "s")
        return forms
    if pos == "adj":
        return forms
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        ing_stem = lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma
        forms |= {lemma + ("es" if lemma.endswith(("s", "x", "ch", "sh", "o")) else "s"),
                  lemma + "d" if lemma.endswith("e") else lemma + "ed", ing_stem + "ing"}
        # doubled final consonant: "ban" -> "banned", British "travel" -> "travelled"; the
        # pre-filter only needs a superset, so both spellings are listed
        if lemma[-1] in "bdgklmnprt" and lemma[-2:-1] in "aeiou" and lemma[-3:-2] not in "aeiou":
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def _surface_forms(triggers: list[TriggerSpec]) -> set[str]:
    irregular = _irregular()
    out: set[str] = set()
    for t in triggers:
        out |= inflections(t.head, t.pos, irregular)
        if t.pos == "noun" and len(t.words) > 1:
            out |= {w.replace("-", "") for w in inflections(t.head, "noun", irregular)}
    return out


@cache
def _irregular() -> dict[str, list[str]]:
    return _load_yaml("irregular.yaml")


def _load_yaml(name: str) -> Any:
    text = resources.files("detente.events.lexicon").joinpath(name).read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


@cache
def load_lexicon() -> Lexicon:
    types = set(event_types())
    triggers = [_parse_trigger(raw, types) for raw in _load_yaml("triggers.yaml")]
    return Lexicon(triggers=triggers, cues=_cues(_load_yaml("cues.yaml")))


@cache
def known_words() -> frozenset[str]:
    """Every single word the trigger and cue lexicons name, to check lemmas against."""
    lex = load_lexicon()
    words: set[str] = set()
    for t in lex.triggers:
        words.update(t.words)
    for value in lex.cues.__dict__.values():
        for phrase in value:
            words.update(str(phrase).split())
    return frozenset(words)


def lemma(tok: Any) -> str:
    """The token's lemma, repaired where the statistical lemmatizer slips on a past form
    ("staged" -> "stag"): if the lemma is unknown but a regular stem of the word is a word
    the lexicons know, take the stem."""
    base = tok.lemma_.lower()
    low = tok.lower_
    if base in known_words() or not low.endswith(("ed", "es", "s", "ing")) or tok.pos_ == "PROPN":
        # a name is not a slipped verb form: "States" is not "state"
        return base
    stems = []
    if low.endswith("ed"):
        stems += [low[:-1], low[:-2], low[:-3] if len(low) > 4 and low[-3] == low[-4] else ""]
        if low.endswith("ied"):
            stems.append(low[:-3] + "y")
    elif low.endswith("ing"):
        stems += [low[:-3], low[:-3] + "e", low[:-4] if len(low) > 5 and low[-4] == low[-5] else ""]
    elif low.endswith("es"):
        stems += [low[:-1], low[:-2]]
    elif low.endswith("s"):
        stems.append(low[:-1])
    for stem in stems:
        if stem and stem in known_words():
            return stem
    return base

