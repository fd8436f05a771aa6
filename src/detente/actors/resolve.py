"""From tokens to coded actors: names, role phrases, short names, pronouns and groups.

The EntityRuler (nlp/pipeline.py) has already tagged dictionary names. This module turns
those spans, plus role phrases ("the Chinese President", "North Korea's vice foreign
minister"), short names ("Kim"), pronouns and group references ("the two countries"),
into `Mention`s with actor codes, resolved at the document's date. A `DocContext` carries
what earlier sentences mentioned so that later references can be resolved.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from detente.actors.gazetteer import Entry, Gazetteer, Person
from detente.model import Actor

OUR_LABELS = {"STATE", "IGO", "NGO", "GROUP", "PERSON_ACTOR", "PLACE"}
# reflexives ("killed ... as well as themselves") are left out: they are the subject again
PERSON_PRONOUNS = {"he", "him", "his", "she", "her"}
THING_PRONOUNS = {"it", "its"}
PLURAL_PRONOUNS = {"they", "them", "their"}
PLURAL_PERSON_NOUNS = {"leaders", "men", "women", "presidents", "counterparts", "heads"}
NUMBER_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6}
GROUP_NOUNS = {"country", "nation", "side", "state", "government", "leader", "power", "neighbor",
               "neighbour", "party", "capital", "ally", "rival", "president", "counterpart"}
PERSON_GROUP_NOUNS = {"leader", "president", "counterpart"}
# how senior a role is, for choosing among namesakes in office at once
SENIOR_ROLES = {"leader": 0, "head_of_state": 1, "monarch": 1, "head_of_government": 2, "secretary_general": 2}
KIND_OF_ENTRY = {"state": "state", "igo": "igo", "ngo": "ngo", "armed_group": "armed_group",
                 "other": "other", "person": "state", "place": "state"}


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of tokens [start, end) in one sentence that refers to one or more actors."""

    start: int
    end: int
    actors: tuple[Actor, ...]
    kind: str               # name | adjective | capital | role | person | surname | pronoun | group | place
    place_country: str | None = None   # for places and capitals: where it is
    place_name: str | None = None
    subject: bool = False              # the grammatical subject of its clause (for salience)
    main: bool = False                 # ... and that clause is the sentence's main clause

    @property
    def is_place(self) -> bool:
        return self.kind in ("place", "capital")


@dataclass
class _Seen:
    actors: tuple[Actor, ...]
    kind: str                 # person | state | org | group
    surname: str | None = None
    subject: bool = False
    main: bool = False        # subject of its sentence's main clause (the speaker, the doer)
    sent: int = 0             # which sentence of the document it was seen in


@dataclass
class DocContext:
    """What the document has mentioned so far, for short names, pronouns and groups."""

    published: date | None
    seen: list[_Seen] = field(default_factory=list)
    sent: int = 0             # sentences read so far

    @property
    def korea(self) -> bool:
        return any(a.code in ("PRK", "KOR") for s in self.seen for a in s.actors)

    def remember(self, m: Mention) -> None:
        if not m.actors or m.kind == "place":
            return
        if m.kind == "pronoun":
            # a subject pronoun continues the chain it was resolved to ("Putin said ... He
            # said ... He also said"); other pronouns add nothing new
            if m.subject and len(m.actors) == 1 and m.actors[0].person:
                a = m.actors[0]
                self.seen.append(_Seen(m.actors, "person", _surname(a.person or ""), True, m.main, self.sent))
            return
        if len(m.actors) > 1:
            self.seen.append(_Seen(m.actors, "group"))
            for a in m.actors:
                self.seen.append(_Seen((a,), "person" if a.person else "state"))
            return
        a = m.actors[0]
        if a.person:
            self.seen.append(_Seen(m.actors, "person", _surname(a.person), m.subject, m.main, self.sent))
        elif a.kind == "state":
            self.seen.append(_Seen(m.actors, "state"))
        else:
            self.seen.append(_Seen(m.actors, "org"))

    def last_person(self, surname: str | None = None, exclude: set[str | None] | None = None,
                    main: bool = False) -> tuple[Actor, ...] | None:
        if surname is None and main:
            # a pronoun subject of a main clause continues the centre of the sentence before
            # (or of its own sentence so far): its main-clause subject first ("Putin said Kim
            # had asked him ... He also said" is Putin, not Kim), then any subject, then the
            # first person it names ("It was Kim's second summit with Moon. He ..." is Kim)
            recent = [s for s in self.seen if s.kind == "person" and s.sent >= self.sent - 1
                      and not (exclude and any(a.person in exclude for a in s.actors))]
            here = [s for s in recent if s.sent == self.sent]
            before = [s for s in recent if s.sent < self.sent]
            for pool in (here, before):
                for test in (lambda x: x.main, lambda x: x.subject):
                    for s in reversed(pool):
                        if test(s):
                            return s.actors
            if before:
                return before[0].actors
        if surname is None:
            # salience: a recent subject outranks a more recent object ("Kim said he would meet
            # Trump ... He also demanded" is Kim)
            for s in reversed(self.seen[-8:]):
                if s.kind == "person" and s.subject and not (exclude and any(a.person in exclude for a in s.actors)):
                    return s.actors
        for s in reversed(self.seen):
            if s.kind == "person" and (surname is None or s.surname == surname):
                if exclude and any(a.person in exclude for a in s.actors):
                    continue
                return s.actors
        return None

    def last_thing(self) -> tuple[Actor, ...] | None:
        for s in reversed(self.seen):
            if s.kind in ("state", "org"):
                return s.actors
        return None

    def last_any(self) -> tuple[Actor, ...] | None:
        return self.seen[-1].actors if self.seen else None

    def last_group(self) -> tuple[Actor, ...] | None:
        for s in reversed(self.seen[-6:]):
            if s.kind == "group":
                return s.actors
        return None

    def last_distinct(self, n: int, people: bool = False) -> tuple[Actor, ...] | None:
        """The last n distinct actors (by code) mentioned, in order of first mention; a recent
        group of exactly n ("Beijing and Moscow", "both sides") wins over single mentions."""
        for s in reversed(self.seen[-12:]):
            if s.kind == "group" and len({a.code for a in s.actors}) == n:
                return s.actors
        out: list[Actor] = []
        codes: set[str] = set()
        for s in reversed(self.seen):
            if s.kind not in (("person",) if people else ("state", "person", "org")):
                continue
            a = s.actors[0]
            if a.code not in codes:
                codes.add(a.code)
                out.append(a)
            if len(out) == n:
                return tuple(reversed(out))
        return None


@cache
def _load_collectives() -> list[dict[str, list[str]]]:
    text = resources.files("detente.actors.data").joinpath("collectives.yaml").read_text("utf-8")
    return list(yaml.safe_load(text) or [])


def _surname(name: str) -> str:
    return name.split()[0] if _EAST_ASIAN_ORDER.match(name) else name.split()[-1]


# Korean and Chinese names lead with the family name ("Kim Jong-un", "Xi Jinping").
_EAST_ASIAN_ORDER = re.compile(r"^(Kim|Xi|Moon|Lee|Park|Choe|Choi|Ri|Wang|Li|Hu|Jiang|Wen|Yoon|Roh|Chun|Ban|Kang|Chung|Hong|Yang|Zhou|Deng|Mao|Han|Pak)\s")


class ActorResolver:
    """Finds actor mentions in a sentence; one instance per worker process."""

    def __init__(self, gazetteer: Gazetteer, vocab: object) -> None:
        self.gaz = gazetteer
        self._on: date | None = None
        # set by a coder that leaves the statistical NER out of the parse: called with a token's
        # doc just before its NER label is first read, so the NER runs only where it is needed
        self.ensure_entities: Callable[[Doc], None] | None = None
        self.titles = PhraseMatcher(vocab, attr="LOWER")  # type: ignore[arg-type]
        self.collectives = PhraseMatcher(vocab, attr="ORTH")  # type: ignore[arg-type]
        self._collective_members: dict[str, tuple[str, ...]] = {}
        self._title_role: dict[str, str] = {}
        from spacy.lang.en import English

        make = English().make_doc
        for i, item in enumerate(_load_collectives()):
            key = f"C{i}"
            self._collective_members[key] = tuple(item["members"])
            self.collectives.add(key, [make(n) for n in item["names"]])
        for title, role in gazetteer.title_roles().items():
            self._title_role[title.lower()] = role
            self.titles.add("TITLE", [make(title)])

    def surname_forms(self) -> frozenset[str]:
        """Lower-cased surnames a bare name can resolve through: the gazetteer's and those of
        its people's full names (what `DocContext` remembers)."""
        return self.gaz.surname_keys() | {_surname(p.name).lower() for p in self.gaz.people()}

    # ----------------------------------------------------------------- mentions
    def mentions(self, sent: Doc | Span, ctx: DocContext) -> list[Mention]:
        doc = sent.doc if isinstance(sent, Span) else sent
        offset = sent.start if isinstance(sent, Span) else 0
        published = ctx.published
        # states that did not yet exist code to their predecessor (Juba before 2011 is Sudan)
        self._on = published
        ctx.sent += 1
        taken: dict[int, Mention] = {}
        out: list[Mention] = []

        def add(m: Mention) -> None:
            if any(i in taken for i in range(m.start, m.end)):
                return
            m = _mark_subject(m, doc)
            for i in range(m.start, m.end):
                taken[i] = m
            out.append(m)

        ents = [e for e in doc.ents if offset <= e.start < offset + len(sent)]
        by_start = {e.start: e for e in ents}
        # collectives ("the two Koreas") and role phrases first: they swallow the names they frame
        span_doc = sent if isinstance(sent, Doc) else sent.as_doc()
        for match_id, cs, ce in sorted(self.collectives(span_doc), key=lambda x: (x[1], -x[2])):
            key = doc.vocab.strings[match_id]
            actors = tuple(self._entry_actor(self.gaz.state(code), doc[offset + cs: offset + ce].text)
                           for code in self._collective_members[key])
            add(Mention(offset + cs, offset + ce, actors, "group"))
        for m in self._role_phrases(doc, sent, by_start, published, ctx):
            add(m)
        for e in ents:
            if e.label_ in OUR_LABELS:
                em = self._entity_mention(e, published)
                if em is not None:
                    add(em)
        # names first; then, left to right, the references that lean on what came before,
        # including earlier names in this very sentence ("Syria says it is willing")
        out.sort(key=lambda m: m.start)
        named = list(out)
        k = 0
        for tok in sent:
            while k < len(named) and named[k].end <= tok.i:
                ctx.remember(named[k])
                k += 1
            if tok.i in taken:
                continue
            ref = self._short_name(tok, published, ctx) or self._pronoun(tok, ctx, taken) or self._group(tok, ctx)
            if ref is not None:
                add(ref)
                ctx.remember(_mark_subject(ref, doc))
        for m in named[k:]:
            ctx.remember(m)
        out.sort(key=lambda m: m.start)
        return out

    def _entity_mention(self, ent: Span, published: date | None) -> Mention | None:
        key, _, form = (ent.ent_id_ or "").partition("|")
        if not key:
            return None
        try:
            entry = self.gaz.entry(key)
        except KeyError:
            return None
        if entry.kind == "person":
            person = self.gaz.person(key)
            return Mention(ent.start, ent.end, (self._person_actor(person, published, None, ent.text),), "person")
        if entry.kind == "place":
            place = self.gaz.place(entry.name)
            country = place.country if place else entry.code
            if country:
                country = self.gaz.state_code_on(country, published)
            return Mention(ent.start, ent.end, (), "place", place_country=country, place_name=entry.name)
        if form == "capital" and entry.kind == "state":
            # a city named for its state codes to whoever held it then (Juba before 2011:
            # Sudan); a state named outright stays itself
            held = self.gaz.state_code_on(entry.code, published)
            if held != entry.code:
                entry = self.gaz.state(held)
        actor = self._entry_actor(entry, ent.text)
        if form == "capital":
            return Mention(ent.start, ent.end, (actor,), "capital", place_country=actor.code, place_name=ent.text)
        return Mention(ent.start, ent.end, (actor,), "adjective" if form in ("adjective", "demonym") else "name")

    def _entry_actor(self, entry: Entry, text: str | None, sector: str | None = None) -> Actor:
        kind = KIND_OF_ENTRY.get(entry.kind, "other")
        name = entry.name

        if entry.body:
            # an organ of an organisation codes to the organisation, naming the organ
            parent = self.gaz.entry(entry.key.split("/")[0]) if "/" in entry.key else entry
            name = parent.name
        return Actor(code=entry.code, kind=kind, name=name, body=entry.body,  # type: ignore[arg-type]
                     sector=sector or entry.sector, text=text)

    def _person_actor(self, person: Person, on: date | None, role_sector: str | None, text: str | None) -> Actor:
        roles = person.roles_on(on)
        sector = role_sector or (roles[0].sector if roles else None)
        code = person.country_on(on)
        state = self._state_name(code)
        return Actor(code=code, kind="state" if state else "other", name=state, person=person.name,
                     sector=sector, text=text)

    def _state_name(self, code: str) -> str | None:
        try:
            return self.gaz.state(code).name
        except KeyError:
            return None

    # ----------------------------------------------------------------- role phrases
    def _role_phrases(self, doc: Doc, sent: Doc | Span, by_start: dict[int, Span], published: date | None,
                      ctx: DocContext) -> list[Mention]:
        out: list[Mention] = []
        span_doc = sent if isinstance(sent, Doc) else sent.as_doc()
        offset = 0 if isinstance(sent, Doc) else sent.start
        matches = sorted(self.titles(span_doc), key=lambda m: (m[1], -(m[2] - m[1])))
        last_end = -1
        ents_by_end = {e.end: e for e in by_start.values()}
        for _, s, e in matches:
            start, end = s + offset, e + offset
            if start < last_end:
                continue
            title = doc[start:end].text.lower()
            role = self._title_role.get(title) or self._title_role.get(title.rstrip("s"))
            if role is None:
                continue
            plural = doc[end - 1].tag_ in ("NNS", "NNPS") or (title.endswith("s") and title.rstrip("s") in self._title_role)
            # the country or organisation framing the title: "the Chinese President",
            # "North Korea's vice foreign minister", "U.S. President Trump"
            country_ent, left = None, start
            j = start - 1
            if j >= 0 and doc[j].text in ("'s", "’s", "'"):
                j -= 1
            prev = ents_by_end.get(j + 1)
            if prev is not None and prev.label_ in ("STATE", "IGO") and prev.start >= offset:
                country_ent, left = prev, prev.start
            # the person named after the title: "President Xi Jinping", "Defense Secretary Mattis"
            person_key, right, names = None, end, []
            nxt = by_start.get(end)
            if nxt is not None and nxt.label_ == "PERSON_ACTOR":
                person_key, right = nxt.ent_id_.partition("|")[0], nxt.end
            elif nxt is not None and nxt.label_ in OUR_LABELS:
                pass
            else:
                k = end
                while k < len(doc) and k < offset + len(sent) and _is_name_token(doc[k]) and k - end < 4:
                    k += 1
                names = [t.text for t in doc[end:k]]
                right = k
                if plural and k < len(doc) - 1 and doc[k].lower_ == "and" and _is_name_token(doc[k + 1]):
                    # "Presidents Moon and Putin"
                    right = k + 2
                    names = [doc[end:k].text, doc[k + 1].text]
            code = None
            if country_ent is not None:
                key = (country_ent.ent_id_ or "").partition("|")[0]
                try:
                    code = self.gaz.entry(key).code
                except KeyError:
                    code = None
            text = doc[left:right].text
            actors: list[Actor] = []
            org = self._org_entry(country_ent)
            if org is not None:
                # "Arab League Secretary-General Chedli Klibi" acts for the League, whatever
                # his nationality
                person = self.gaz.person(person_key).name if person_key and self._known(person_key) else \
                    (" ".join(names) if names else None)
                out.append(Mention(left, right, (Actor(code=org.code, kind="igo" if org.kind == "igo" else "ngo",
                                                       name=org.name, person=person, body=org.body,
                                                       sector=self.gaz.role_sector(role), text=text),), "role"))
                last_end = right
                continue
            if person_key:
                with contextlib.suppress(KeyError):
                    actors.append(self._person_actor(self.gaz.person(person_key), published, None, text))
            elif names:
                for nm in (names if plural else [" ".join(names)]):
                    p = self._person_by_name(nm, role, code, published, ctx)
                    if p is not None:
                        actors.append(self._person_actor(p, published, None, text))
                    elif code:
                        actors.append(Actor(code=code, kind="state", name=self._state_name(code), person=nm,
                                            sector=self.gaz.role_sector(role), text=text))
            elif code:
                holders = self.gaz.holders(code, role, published) if published else []
                if len(holders) == 1:
                    actors.append(self._person_actor(holders[0], published, None, text))
                else:
                    actors.append(Actor(code=code, kind="state", name=self._state_name(code),
                                        sector=self.gaz.role_sector(role), text=text))
            if not actors:
                continue
            out.append(Mention(left, right, tuple(actors), "role"))
            last_end = right
        return out

    def _org_entry(self, ent: Span | None) -> Entry | None:
        if ent is None or ent.label_ not in ("IGO", "NGO"):
            return None
        try:
            return self.gaz.entry((ent.ent_id_ or "").partition("|")[0])
        except KeyError:
            return None

    def _known(self, key: str) -> bool:
        try:
            self.gaz.person(key)
        except KeyError:
            return False
        return True

    def _person_by_name(self, name: str, role: str | None, code: str | None, on: date | None,
                        ctx: DocContext) -> Person | None:
        parts = name.split()
        if not parts:
            return None
        full = self.gaz.person_by_name(name)
        if full is not None:
            return full
        surname = parts[-1] if len(parts) > 1 else parts[0]
        return self._by_surname(surname, on, ctx, code=code, role=role)

    def _by_surname(self, surname: str, on: date | None, ctx: DocContext, code: str | None = None,
                    role: str | None = None) -> Person | None:
        seen = ctx.last_person(surname)
        if seen is not None and seen[0].person:
            p = self.gaz.person_by_name(seen[0].person)
            if p is not None:
                return p
        people = self.gaz.people_by_surname(surname)
        if code:
            people = [p for p in people if p.country == code or any(r.country == code for r in p.roles)]
        if on is not None:
            active = [p for p in people if p.roles_on(on) and (role is None or any(r.role == role for r in p.roles_on(on)))]
            if not active and role is not None:
                active = [p for p in people if p.roles_on(on)]
            if len(active) > 1:
                # "Kim" in 2018 is the leader, not the premier or the ministers called Kim
                def rank(p: Person) -> int:
                    return min((SENIOR_ROLES.get(r.role, 9) for r in p.roles_on(on)), default=9)
                best = min(rank(p) for p in active)
                active = [p for p in active if rank(p) == best and best < 9]
            if len(active) == 1:
                return active[0]
            return None
        return people[0] if len(people) == 1 else None

    # ----------------------------------------------------------------- short names, pronouns, groups
    def _short_name(self, tok: Token, published: date | None, ctx: DocContext) -> Mention | None:
        # the tagger often calls a lone surname a common noun ("Trump/NN"): capitals will do,
        # and the sentence's first word only when it is a known surname
        if not (tok.is_alpha and tok.text[:1].isupper() and not tok.text.isupper()):
            return None
        # every way below to a mention needs a person of that surname, seen or in the
        # gazetteer; checking that first (no NER label needed) lets most sentences skip the NER
        if ctx.last_person(tok.text) is None and not self.gaz.people_by_surname(tok.text):
            return None
        if self.ensure_entities is not None:
            self.ensure_entities(tok.doc)
        if tok.ent_type_ and tok.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
            return None
        # only a bare surname, not the start of an unknown full name ("Kim Oi-hyun")
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and _is_name_token(nxt):
            return None
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and _is_name_token(prev) and prev.ent_type_ == "PERSON":
            return None
        seen = ctx.last_person(tok.text)
        if seen is not None:
            return Mention(tok.i, tok.i + 1, tuple(_with_text(a, tok.text) for a in seen), "surname")
        p = self._by_surname(tok.text, published, ctx)
        if p is not None and tok.ent_type_ not in ("PERSON", "") and tok.pos_ != "PROPN" and not any(
                r.role in SENIOR_ROLES for r in p.roles_on(published)):
            # the tagger read it as an organisation or a common noun: only a sitting leader's
            # name ("Trump will meet Putin") is trusted against that
            p = None
        if p is None or not p.roles_on(published):
            # "the Bush administration" in a year between the two Bushes: every leader of
            # that name served one country, so the country is known even if the person is not
            nxt_low = nxt.lower_ if nxt is not None else ""
            leaders = [q for q in self.gaz.people_by_surname(tok.text)
                       if any(r.role in SENIOR_ROLES for r in q.roles)]
            countries = {q.country for q in leaders}
            if len(countries) == 1 and nxt_low in ("administration", "government", "cabinet", "era", "regime"):
                code = countries.pop()
                return Mention(tok.i, tok.i + 1, (self._entry_actor(self.gaz.state(code), tok.text, "GOV"),), "surname")
            return None
        return Mention(tok.i, tok.i + 1, (self._person_actor(p, published, None, tok.text),), "surname")

    def _pronoun(self, tok: Token, ctx: DocContext, taken: dict[int, Mention] | None = None) -> Mention | None:
        low = tok.lower_
        if tok.text in ("North", "South") and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "the" and ctx.korea:
            # "the North", "the South" in a story about the two Koreas
            code = "PRK" if tok.text == "North" else "KOR"
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if nxt is None or not nxt.is_title:
                return Mention(tok.i, tok.i + 1, (self._entry_actor(self.gaz.state(code), tok.text),), "name")
        if tok.pos_ not in ("PRON", "DET", "") and tok.tag_ not in ("PRP", "PRP$"):
            return None
        found: tuple[Actor, ...] | None = None
        ahead = _cataphor(tok, taken)
        if ahead is not None and low in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS:
            # "As it held talks with the U.S. and China, North Korea ...": the subject of a
            # fronted adverbial clause points forward to the main clause's subject
            return Mention(tok.i, tok.i + 1, tuple(_with_text(a, tok.text) for a in ahead.actors), "pronoun")
        if low in PERSON_PRONOUNS:
            # "Moon said Kim had proposed it, and that he had accepted": the subject of a
            # reported clause is, unless the text says otherwise, the one reporting it
            speaker = _reporter_subject(tok, taken)
            found = speaker if speaker is not None else ctx.last_person(main=_is_main_subject(tok))
            # binding: "Kim had asked him ..." -- an object pronoun is not its verb's subject
            subj = _clause_subject(tok)
            if found and subj is not None and taken is not None and subj.i in taken:
                mine = {a.person for a in taken[subj.i].actors}
                if any(a.person in mine for a in found):
                    found = ctx.last_person(exclude=mine)
        elif low in THING_PRONOUNS:
            found = ctx.last_thing()
        elif low in PLURAL_PRONOUNS:
            found = ctx.last_group() or ctx.last_any()
        if not found:
            return None
        return Mention(tok.i, tok.i + 1, tuple(_with_text(a, tok.text) for a in found), "pronoun")

    def _group(self, tok: Token, ctx: DocContext) -> Mention | None:
        """"the two countries", "both sides", "the three sides", "the two leaders", "the leaders"."""
        if tok.lower_ == "the" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in PLURAL_PERSON_NOUNS:
            # "the leaders held talks": the two people the text has been about
            found2 = ctx.last_group() or ctx.last_distinct(2, people=True)
            if found2 and len(found2) >= 2:
                return Mention(tok.i, tok.i + 2, tuple(_with_text(a, tok.doc[tok.i:tok.i + 2].text) for a in found2),
                               "group")
            return None
        n = NUMBER_WORDS.get(tok.lower_)
        if n is None or tok.i + 1 >= len(tok.doc):
            return None
        noun = tok.doc[tok.i + 1]
        # the pre-filter pass has no lemmatizer: fall back to stripping a plural s
        lemma = noun.lemma_.lower() or (noun.lower_[:-1] if noun.lower_.endswith("s") else noun.lower_)
        if lemma not in GROUP_NOUNS or (noun.tag_ not in ("NNS", "NN") and not noun.text.endswith("s")):
            return None
        if tok.lower_ != "both" and (tok.i == 0 or tok.doc[tok.i - 1].lower_ not in ("the", "these", "those", "all")):
            return None
        found = ctx.last_distinct(n, people=lemma in PERSON_GROUP_NOUNS)
        if not found or len(found) != n:
            return None
        start = tok.i - 1 if tok.lower_ != "both" else tok.i
        end = tok.i + 2
        if end < len(tok.doc) and tok.doc[end].text in ("'", "’", "'s", "’s"):
            end += 1
        return Mention(start, end, tuple(_with_text(a, tok.doc[start:end].text) for a in found), "group")

    # ----------------------------------------------------------------- noun phrases
    def sector_of(self, tok: Token) -> str | None:
        return self.gaz.sector_for_noun(tok.lemma_.lower()) or self.gaz.sector_for_noun(tok.lower_)


def _cataphor(tok: Token, taken: dict[int, Mention] | None) -> Mention | None:
    if taken is None or tok.dep_ != "nsubj" or tok.head.dep_ != "advcl":
        return None
    clause, main = tok.head, tok.head.head
    if clause.i > main.i or not any(c.dep_ == "mark" for c in clause.children):
        return None
    for c in main.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.i > tok.i and c.i in taken:
            return taken[c.i]
    return None


def _mark_subject(m: Mention, doc: Doc) -> Mention:
    subj = [doc[i] for i in range(m.start, m.end) if doc[i].dep_ in ("nsubj", "nsubjpass")]
    if subj:
        return dataclasses.replace(m, subject=True, main=_is_main_subject(subj[0]))
    return m


def _is_main_subject(tok: Token) -> bool:
    """The subject of the sentence's main verb (or of a verb coordinated with it)."""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    v = tok.head
    while v.dep_ == "conj" and v.head.i != v.i:
        v = v.head
    return v.dep_ == "ROOT"


REPORTING_LEMMAS = {"say", "tell", "add", "state", "announce", "insist", "claim", "declare", "reply", "stress",
                    "note", "argue", "explain", "promise", "vow", "pledge", "warn", "think", "believe", "hope",
                    "indicate", "confirm", "acknowledge", "admit", "deny", "suggest", "assert"}


def _reporter_subject(tok: Token, taken: dict[int, Mention] | None) -> tuple[Actor, ...] | None:
    """For the subject pronoun of a clause reported by a speech verb ("X said that he ..."),
    the person the speech verb's own subject names, when that is already resolved."""
    if taken is None or tok.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = tok.head
    while clause.dep_ == "conj" and clause.head.i != clause.i and clause.head.dep_ == "ccomp":
        clause = clause.head          # "said X, and that he would do so"
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in REPORTING_LEMMAS:
        return None
    verb = clause.head
    for c in verb.children:
        if c.dep_ == "nsubj" and c.i in taken:
            people = tuple(a for a in taken[c.i].actors if a.person)
            if len(people) == 1 and len(taken[c.i].actors) == 1:
                return people
    return None


def _clause_subject(tok: Token) -> Token | None:
    """The subject of the verb an object pronoun depends on (parsed sentences only)."""
    if tok.dep_ not in ("dobj", "dative", "pobj", "iobj"):
        return None
    verb = tok.head if tok.dep_ != "pobj" else tok.head.head
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c
    return None


def _is_name_token(tok: Token) -> bool:
    if not (tok.is_alpha and tok.text[:1].isupper()):
        return False
    # untagged docs (the pre-filter pass) have no POS: trust capitals except at sentence start
    return tok.pos_ == "PROPN" if tok.pos_ else tok.i > 0


def _with_text(a: Actor, text: str) -> Actor:
    return Actor(code=a.code, kind=a.kind, name=a.name, person=a.person, sector=a.sector, body=a.body, text=text)
