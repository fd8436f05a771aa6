"""One event per happening within a document.

Candidates arrive in document order. Two passes:

1. Anaphoric mentions ("the visit failed to happen", "after the June 12 summit") have no
   actors of their own; they join the nearest earlier candidate of the same type whose date
   and status agree, lending it their date or their failure.
2. Every other candidate is compared dyad by dyad with the events kept so far. A dyad that
   an earlier event already holds (same type, same pair, compatible status class, date,
   mode and person) is folded into that event as one more piece of evidence; whatever is
   left becomes a new event. So "visits to China and Russia by Choe" and "the trilateral
   discussion" give PRK-CHN, PRK-RUS and only the new CHN-RUS pair, not duplicates.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from detente.events.extract import Candidate
from detente.model import STATUS_CLASS, Actor, DateSpan, Event, Evidence, Location, stable_id

STATUS_RANK = {"occurred": 0, "planned": 1, "expected": 1, "cancelled": 2, "failed": 2}
PRECISION_RANK = {"day": 0, "range": 1, "month": 2, "year": 3}
# nominal words that name the same kind of happening, for anaphora
FAMILIES = [{"summit", "meeting", "talk", "visit", "trip", "meet", "discussion", "negotiation", "travel", "tour",
             "fly", "call", "telephone", "phone call"}]


@dataclass
class _Pending:
    event_type: str
    sources: list[Actor]
    targets: list[Actor]
    symmetric: bool
    mode: str | None
    status: str
    attributed: Actor | None
    date: DateSpan | None
    location: Location | None
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)
    lemmas: set[str] = field(default_factory=set)
    mentions: int = 1
    # every person seen on each side across the folded mentions: Pompeo's visit and Mattis's
    # visit stay two events even when a vaguer mention in between named no one
    persons: dict[str, set[str]] = field(default_factory=dict)

    def note_persons(self, actors: list[Actor]) -> None:
        for a in actors:
            if a.person:
                self.persons.setdefault(a.code, set()).add(a.person)

    def pairs(self) -> list[tuple[Actor, Actor | None]]:
        ev = Event(event_id="", doc_id="", event_type=self.event_type, sources=tuple(self.sources),
                   targets=tuple(self.targets), symmetric=self.symmetric)
        return ev.dyads()


def _evidence(c: Candidate) -> Evidence:
    start, end = c.evidence_span
    return Evidence(sentence=c.sentence.doc.text, start=start, end=end, trigger=c.trigger.text)


def _dates_ok(a: DateSpan | None, b: DateSpan | None) -> bool:
    if a is None or b is None:
        return True
    slack = 3 if a.approximate or b.approximate else 1
    return a.overlaps(b, slack)


def _better_date(a: DateSpan | None, b: DateSpan | None) -> DateSpan | None:
    if a is None:
        return b
    if b is None:
        return a
    if PRECISION_RANK[b.precision] < PRECISION_RANK[a.precision]:
        return b
    if PRECISION_RANK[b.precision] == PRECISION_RANK[a.precision] and a.approximate and not b.approximate:
        return b
    return a


def _pair_key(s: Actor, t: Actor | None, symmetric: bool) -> tuple[str, ...]:
    a, b = s.code, t.code if t is not None else ""
    return tuple(sorted((a, b))) if symmetric else (a, b)


def _persons(p: list[Actor]) -> dict[str, str]:
    return {a.code: a.person for a in p if a.person}


def _compatible(p: _Pending, c: Candidate) -> bool:
    if p.event_type != c.event_type:
        return False
    if STATUS_CLASS[p.status] != STATUS_CLASS[c.status]:
        return False
    if not _dates_ok(p.date, c.date):
        return False
    if p.mode and c.mode and p.mode != c.mode:
        return False
    # Pompeo's visit and Mattis's visit to China are two happenings
    theirs = _persons(c.sources + c.targets)
    return all(v in p.persons[k] for k, v in theirs.items() if k in p.persons)


def _family(lemma: str) -> str:
    for fam in FAMILIES:
        if lemma in fam:
            return min(fam)
    return lemma


def _same_sentence_anaphora(cands: list[Candidate]) -> None:
    """"While some had speculated he might travel to Pyongyang ..., the visit failed to
    happen": the actorless mention completes the one beside it before any merging."""
    for c in cands:
        if c.drop or not c.anaphoric:
            continue
        fam = _family(c.lemma)
        for other in cands:
            if other is c or other.drop or other.anaphoric or other.sentence is not c.sentence:
                continue
            if other.event_type != c.event_type or _family(other.lemma) != fam:
                continue
            if not _dates_ok(other.date, c.date):
                continue  # "Sunday's meeting followed Xi's visit on June 20-21": two happenings
            if STATUS_RANK[c.status] > STATUS_RANK[other.status]:
                other.status = c.status
            other.date = _better_date(other.date, c.date)
            c.subsumed_by, c.drop = other, f"same happening as '{other.trigger.text}'"
            break


def merge(cands: list[Candidate], doc_id: str) -> list[Event]:
    _same_sentence_anaphora(cands)
    kept: list[_Pending] = []
    for c in cands:
        if c.drop:
            continue
        if c.anaphoric:
            _attach_anaphor(c, kept)
            continue
        if not c.sources:
            c.drop = "no source actor"
            continue
        if c.anchor is not None:
            _inherit_from_anchor(c, kept)
        new = _Pending(c.event_type, list(c.sources), list(c.targets), c.symmetric, c.mode, c.status,
                       c.attributed, c.date, c.location, c.confidence, [_evidence(c)], {_family(c.lemma)})
        new.note_persons(c.sources + c.targets)
        remaining = []
        for s, t in new.pairs():
            home = _home_for(s, t, c, kept)
            if home is None:
                remaining.append((s, t))
            else:
                _fold(home, c)
        if not remaining:
            c.subsumed_by = c  # merged into earlier events
            continue
        if len(remaining) < len(new.pairs()):
            for s, t in remaining:
                part = _Pending(**{**new.__dict__, "sources": [s], "targets": [t] if t else [],
                                   "evidence": list(new.evidence), "lemmas": set(new.lemmas),
                                   "persons": {k: set(v) for k, v in new.persons.items()}})
                kept.append(part)
        else:
            kept.append(new)
    # a meeting needs two sides: "the Cabinet met" is not an event between states
    kept = [p for p in kept if not (p.event_type == "CONSULT" and p.symmetric
                                    and len({a.code for a in p.sources + p.targets}) < 2)]
    events: list[Event] = []
    seen: set[str] = set()
    for p in kept:
        ev = _to_event(p, doc_id)
        n = 1
        while ev.event_id in seen:
            # two events with the same type, pairs and first mention were kept apart (one
            # cancelled, one occurred): ids must stay unique within the document
            ev = dataclasses.replace(ev, event_id=stable_id(ev.event_id, n))
            n += 1
        seen.add(ev.event_id)
        events.append(ev)
    return events


def _home_for(s: Actor, t: Actor | None, c: Candidate, kept: list[_Pending]) -> _Pending | None:
    for p in reversed(kept):
        if not _compatible(p, c):
            continue
        sym = p.symmetric or c.symmetric
        key = _pair_key(s, t, sym)
        for ps, pt in p.pairs():
            if _pair_key(ps, pt, sym) == key:
                return p
            # an event with no target yet is the same happening seen with less detail
            if t is not None and pt is None and ps.code == s.code and not sym:
                return p
            # and a mention that names only one side joins an event that has that side
            if t is None and s.code in (ps.code, pt.code if pt is not None else None):
                return p
            # an earlier one-sided mention of the same happening is completed by this one
            if pt is None and t is not None and ps.code in (s.code, t.code):
                return p
    return None


def _fold(p: _Pending, c: Candidate) -> None:
    ev = _evidence(c)
    if all(e.start != ev.start or e.trigger != ev.trigger for e in p.evidence):
        p.evidence.append(ev)
        p.mentions += 1
    p.note_persons(c.sources + c.targets)
    p.date = _better_date(p.date, c.date)
    if STATUS_RANK[c.status] > STATUS_RANK[p.status] or (p.status == "planned" and c.status == "expected"):
        p.status = c.status
    # a visit is more informative than a meeting of the same pair: keep its direction
    if p.symmetric and not c.symmetric and c.mode == "visit" and c.targets and len(p.pairs()) == 1 \
            and len({a.code for a in p.sources}) == 2:
        p.symmetric, p.sources, p.targets, p.mode = False, list(c.sources), list(c.targets), c.mode
    if not p.targets and c.targets and not p.symmetric:
        p.targets = list(c.targets)
    if len({a.code for a in p.sources + p.targets}) == 1 and len({a.code for a in c.sources + c.targets}) > 1:
        # "Kim shook hands ..." or "agree to deepen ties" (one side seen), then a mention
        # with both sides: the fuller one describes the happening
        p.sources, p.targets, p.symmetric = list(c.sources), list(c.targets), c.symmetric
    p.mode = p.mode or c.mode
    p.location = p.location or c.location
    p.attributed = p.attributed or c.attributed
    p.confidence = max(p.confidence, c.confidence)
    p.lemmas.add(_family(c.lemma))


ANCHOR_TYPES = {"summit": {"CONSULT"}, "visit": {"CONSULT"}, "agreement": {"AGREE"}}


def _inherit_from_anchor(c: Candidate, kept: list[_Pending]) -> None:
    """"Trump and Kim met on June 12. At the summit, Kim committed to ...": the commitment
    takes the summit's date and, having no one named, its counterpart."""
    types = ANCHOR_TYPES.get(c.anchor or "", set())
    mine = {a.code for a in c.sources}
    for p in reversed(kept):
        if p.event_type not in types:
            continue
        parties = {a.code for a in p.sources + p.targets}
        if not parties & mine:
            continue
        if c.date is None and p.date is not None:
            c.date = p.date
            c.why.append(f"date inherited from the {c.anchor} ({p.date.start})")
        if not c.targets and not c.symmetric:
            others = [a for a in p.sources + p.targets if a.code not in mine]
            if others:
                c.targets, c.target_how = others, "anchor"
        return


def _attach_anaphor(c: Candidate, kept: list[_Pending]) -> None:
    fam = _family(c.lemma)
    for p in reversed(kept):
        if p.event_type != c.event_type or fam not in p.lemmas:
            continue
        if not _dates_ok(p.date, c.date):
            continue
        if STATUS_CLASS[c.status] != STATUS_CLASS[p.status]:
            continue
        p.date = _better_date(p.date, c.date)
        ev = _evidence(c)
        if all(e.start != ev.start for e in p.evidence):
            p.evidence.append(ev)
            p.mentions += 1
        c.subsumed_by = c
        return
    c.drop = "no actors and no earlier mention to refer to"


def _to_event(p: _Pending, doc_id: str) -> Event:
    pairs = sorted("|".join(_pair_key(s, t, p.symmetric)) for s, t in p.pairs())
    first = p.evidence[0]
    event_id = stable_id(doc_id, p.event_type, ";".join(pairs), first.start, first.trigger)
    # more independent mentions of one happening make it more certain
    conf = min(0.99, p.confidence + 0.04 * (p.mentions - 1))
    return Event(event_id=event_id, doc_id=doc_id, event_type=p.event_type, sources=tuple(p.sources),
                 targets=tuple(p.targets), mode=p.mode, symmetric=p.symmetric, status=p.status,  # type: ignore[arg-type]
                 attributed_to=p.attributed, date=p.date, location=p.location,
                 evidence=tuple(p.evidence), confidence=round(conf, 3))
