"""Candidate events in one parsed sentence.

For each trigger the extractor finds the arguments (events/arguments.py), reads the
status (events/status.py), attaches a time expression and a place, and either keeps the
candidate or records why it was dropped. Dropped candidates are kept too, with their
reason, because `detente explain` shows analysts both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Token

from detente.dates import TimeExpr, resolve
from detente.events.arguments import (
    DEFAULT_TARGET_PREPS,
    LOCATION_PREPS,
    PLACE_TARGET_TYPES,
    Found,
    Sentence,
    child,
    complement,
    complement_subject,
    is_passive,
    nested_actors,
    np_actors,
    prep_objects,
    verb_agent,
)
from detente.events.lexicon import Lexicon, TriggerSpec, lemma
from detente.events.status import StatusReading, read_status
from detente.model import Actor, DateSpan, Location, event_types

# acts a government does to its own country when the text names no one else
DOMESTIC_TYPES = {"CONCEDE", "COERCE"}
# nouns that carry the arguments of an event noun compounded onto them: "a mediation effort"
CARRIER_NOUNS = {"effort", "bid", "attempt", "mission", "initiative", "campaign", "operation", "drive", "plan",
                 "programme", "program", "process", "exercise", "round", "session", "series", "wave", "day",
                 "week", "month", "spree"}
SPEECH_TYPES = {"REQUEST", "ACCUSE", "REJECT", "THREATEN", "AGREE"}
VERBAL_TYPES = {"CONSULT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "AGREE"}
MEASURE_NOUNS = {"ton", "tonne", "million", "billion", "thousand", "hundred", "dollar", "unit", "batch",
                 "shipment", "amount", "quantity", "package", "worth", "lot", "load", "consignment", "kind",
                 "sort", "type", "number", "supply", "convoy", "planeload", "truckload", "$", "part", "portion",
                 "half", "share", "bulk", "most", "some", "all", "remainder", "rest"}
POS_OF = {"VERB": "verb", "AUX": "verb", "NOUN": "noun", "PROPN": "noun", "ADJ": "adj"}


@dataclass
class Candidate:
    spec: TriggerSpec
    event_type: str
    trigger: Token
    sentence: Sentence
    mode: str | None = None
    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    symmetric: bool = False
    reading: StatusReading = field(default_factory=StatusReading)
    status: str = "occurred"
    attributed: Actor | None = None
    date: DateSpan | None = None
    location: Location | None = None
    confidence: float = 0.5
    anaphoric: bool = False       # no actors of its own: "the summit", "the visit"
    drop: str | None = None
    why: list[str] = field(default_factory=list)
    source_how: str = ""
    target_how: str = ""
    subsumed_by: Candidate | None = None
    light: Token | None = None        # the verb that carries a nominal trigger ("held talks")
    sentence_candidates: list[Candidate] = field(default_factory=list)
    # "At the summit, Kim committed ...": the earlier happening this act is placed at
    anchor: str | None = None

    @property
    def evidence_span(self) -> tuple[int, int]:
        s = self.sentence
        return s.char_start, s.char_start + len(s.doc.text)

    @property
    def lemma(self) -> str:
        return self.spec.lemma


# ------------------------------------------------------------------ triggers

def find_triggers(s: Sentence, lex: Lexicon) -> list[tuple[Token, TriggerSpec, str]]:
    out = []
    for tok in s.doc:
        pos = POS_OF.get(tok.pos_)
        if pos is None or (tok.lower_ not in lex.surface_forms and tok.lemma_.lower() not in lex.surface_forms):
            continue
        base = lemma(tok)
        specs = lex.specs_for(base, pos) or lex.specs_for(tok.lower_, pos)
        if not specs and pos == "noun" and tok.tag_ in ("VBG", "NN") and tok.dep_ != "compound":
            # a gerund tagged as a noun ("the shelling"), not the first word of "phone call"
            specs = lex.specs_for(base, "verb")
        for spec in specs:
            typ = _matches(tok, spec, s, lex)
            if typ is not None:
                out.append((tok, spec, typ))
                break
    return out


def _matches(tok: Token, spec: TriggerSpec, s: Sentence, lex: Lexicon) -> str | None:
    if spec.has("plural_only") and tok.tag_ not in ("NNS", "NNPS"):
        return None
    if len(spec.words) > 1 and not _multiword(tok, spec):
        return None
    if spec.light_verbs_only:
        gov = tok.head
        if not ((tok.dep_ in ("dobj", "pobj", "nsubjpass") and gov.lemma_.lower() in spec.light_verbs_only)
                or gov.head.lemma_.lower() in spec.light_verbs_only):
            return None
    if spec.has("complement_only") and complement(tok) is None and not any(
            c.dep_ == "xcomp" for c in tok.children):
        return None
    if spec.has("obligation") and not _obligation_clause(tok):
        return None
    if spec.complement_lemmas and not any(t.lemma_.lower() in spec.complement_lemmas for t in tok.subtree
                                           if t.i != tok.i):
        return None  # "took a step forward" is not "took steps to ease restrictions"
    if spec.objects is None:
        return spec.type
    obj = _object(tok)
    if obj is None:
        return spec.objects.get("_none")
    keys = _object_keys(obj)
    for k in keys:
        if k in spec.objects:
            return spec.objects[k]
    return spec.objects.get("_other")  # any object the map does not name, when it says


OBLIGATION = {"must", "should", "ought"}
PARTICLES = {"on", "off", "for", "upon", "out", "over", "down", "up", "in", "of", "back", "away"}


def _out_of(c: Token) -> bool:
    """"forced the agency out of the country": a particle the parser read as "out of"."""
    return c.lower_ == "out" and any(g.dep_ == "prep" and g.lower_ == "of" for g in c.children)


def _obligation_clause(tok: Token) -> Token | None:
    """"declared that China must drop barriers": the clause of a statement that lays an
    obligation on someone."""
    for c in tok.children:
        if c.dep_ != "ccomp":
            continue
        aux = {a.lower_ for a in c.children if a.dep_ in ("aux", "auxpass")}
        needs = any(x.lemma_.lower() in ("have", "need") and x.dep_ == "ROOT" for x in [c]) and \
            any(x.dep_ == "xcomp" for x in c.children)
        if aux & OBLIGATION or needs:
            return c
    return None


def _up_to_object(v: Token) -> Token | None:
    """"kidnapped up to 16 advisers": the parser may read "up" as the verb's particle and the
    counted object as the object of "to"."""
    for c in v.children:
        if c.dep_ in ("prt", "prep", "advmod") and c.lower_ == "up" and c.i == v.i + 1:
            for to in c.children:
                if to.dep_ == "prep" and to.lower_ == "to":
                    o = child(to, "pobj")
                    if o is not None and any(n.dep_ == "nummod" for n in o.children):
                        return o
    return None


def _object(tok: Token) -> Token | None:
    o = child(tok, "dobj") or (child(tok, "nsubjpass") if is_passive(tok) else None) or _up_to_object(tok)
    if o is None:
        # "called off the strike" parses the particle's object under the particle at times
        for c in tok.children:
            if c.dep_ in ("prt", "prep"):
                o = child(c, "pobj", "dobj")
                if o is not None and c.dep_ == "prt":
                    break
                o = None if c.dep_ == "prep" else o
    return o


def _object_keys(obj: Token) -> list[str]:
    """"martial law" and "peacekeeping force" as well as the head lemma."""
    head = obj.lemma_.lower()
    mods = [c.lower_ for c in obj.lefts if c.dep_ in ("compound", "amod")]
    keys = [f"{m} {head}" for m in mods] + [head, obj.lower_]
    if head in MEASURE_NOUNS or obj.pos_ == "NUM":
        # "25,000 tons of food aid", "$50,000 worth of goods": the measured thing is the object
        for c in obj.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "in"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        keys += _object_keys(p)
    if obj.lower_ in ("state", "law") or head in ("state",):
        keys += [f"{obj.lower_} {' '.join(t.lower_ for t in obj.rights)}".strip()]
        for c in obj.children:
            if c.dep_ == "prep":
                for p in c.children:
                    keys.append(f"{head} {c.lower_} {p.lemma_.lower()}")
    return keys


def _multiword(tok: Token, spec: TriggerSpec) -> bool:
    if spec.pos == "noun":
        # "hunger strike": the modifiers right before the head
        words = spec.words[:-1]
        i = tok.i - len(words)
        if i < 0:
            return False
        got = [t.lemma_.lower() for t in tok.doc[i: tok.i]]
        return got == list(words) or [t.lower_ for t in tok.doc[i: tok.i]] == list(words)
    # verbs: "call for", "call off", "open fire", "hold talk", "take step", "remain on alert"
    rest = list(spec.words[1:])
    if rest and rest[0] in PARTICLES:
        # the particle belongs to the verb only right after it ("called on X"), or as a
        # particle ("called the strike off"); "called X ... on the 29th" is not "call on"
        if not any(c.lower_ == rest[0] and (c.dep_ == "prt" or 0 < c.i - tok.i <= 2 or _out_of(c))
                   for c in tok.children):
            return False
    near = []
    for c in tok.children:
        near.append(c.lemma_.lower())
        near.append(c.lower_)
        if c.dep_ in ("prep", "prt", "dobj", "acomp", "advmod"):
            for g in c.children:
                near.append(g.lemma_.lower())
    return all(w in near for w in rest)


# ------------------------------------------------------------------ candidates

def build_candidates(s: Sentence, lex: Lexicon, published: date | None, exprs: list[TimeExpr]) -> list[Candidate]:
    triggers = find_triggers(s, lex)
    cands = [_candidate(tok, spec, typ, s, lex) for tok, spec, typ in triggers]
    _suppress_contents(cands, s)
    for c in cands:
        _fallback_arguments(c, s)
    _doers_from_event_subjects(cands)
    _targets_from_content(cands)
    _protest_from_content(cands)
    _recode_intents(cands, s, exprs)
    for c in cands:
        c.sentence_candidates = cands
        c.anchor = _anchor(c, s)
    for c in cands:
        _finish(c, s, published, exprs, lex)
    return cands


def _candidate(tok: Token, spec: TriggerSpec, typ: str, s: Sentence, lex: Lexicon) -> Candidate:
    c = Candidate(spec=spec, event_type=typ, trigger=tok, sentence=s, mode=spec.mode,
                  symmetric=spec.frame == "symmetric")
    if spec.pos == "verb" or spec.pos == "adj":
        _verb_arguments(c, s)
        tense_verb = tok if spec.pos == "verb" else _governing_verb(tok)
    else:
        tense_verb = _noun_arguments(c, s)
        if tense_verb is not None and tok.dep_ in ("dobj", "nsubjpass", "attr") and tok.head.i == tense_verb.i:
            c.light = tense_verb
    c.reading = read_status(tok, s.cues, tense_verb=tense_verb, lexical_status=spec.status)
    return c


def _governing_verb(tok: Token) -> Token | None:
    t = tok
    for _ in range(4):
        if t.pos_ in ("VERB", "AUX"):
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _add(found: Found, into: list[Actor]) -> None:
    for a in found.actors:
        if not any(a.code == b.code and a.person == b.person for b in into):
            into.append(a)


def _verb_arguments(c: Candidate, s: Sentence) -> None:
    v, spec = c.trigger, c.spec
    agent = verb_agent(v, s) if spec.pos == "verb" else _adj_agent(v, s)
    c.source_how = agent.how
    places = c.event_type in PLACE_TARGET_TYPES or spec.frame == "visit"
    passive = is_passive(v)
    obj = child(v, "nsubjpass") if passive else (child(v, "dobj") or _up_to_object(v))
    if spec.has("patient_subject"):
        if passive and not agent:
            # "guerrillas have been demobilized": those demobilized are the ones who stand down
            patient = child(v, "nsubjpass")
            agent = np_actors(patient, s) if patient is not None else Found()
            obj = None
        elif not passive:
            obj, agent = child(v, "nsubj"), Found()
    # "called Wang Yi": the parser may attach the person as an object predicate (oprd)
    callee = obj if obj is not None else child(v, "oprd", "dative")
    if spec.has("requires_person_object") and not any(
            (m := s.mention(t)) is not None and m.actors for t in ([callee] if callee is not None else [])):
        c.drop = "not a call or reception of a person"
    if spec.has("requires_person") and agent.how not in PERSONAL and not (
            agent and any(a.sector == "GOV" for a in agent.actors)):
        c.drop = "an arrival of troops or goods, not a visit"
    objf = np_actors(obj, s, places=places) if obj is not None else Found()
    if not objf and spec.has("requires_person_object") and callee is not None:
        objf = np_actors(callee, s)
    if not objf and obj is not None and obj.lower_ in DEMONSTRATIVES and v.dep_ == "conj":
        # "China and Russia tried to issue a statement, but this was annulled": what was
        # annulled is the act of the previous clause, so its doers are the ones acted upon
        prev_subj = child(v.head, "nsubj", "nsubjpass")
        if prev_subj is not None:
            objf = np_actors(prev_subj, s)
            objf.how = "previous clause"
    dat = child(v, "dative", "iobj")
    if dat is not None and dat.dep_ != "prep":
        objf.add(np_actors(dat, s))
    prepf = Found()
    # the first preposition that names someone wins, in the order of the lexicon and the
    # type: "complained to the UN over Israeli raids" accuses Israel
    ranked = list(spec.preps) + [p for p in DEFAULT_TARGET_PREPS.get(c.event_type, ()) if p not in spec.preps]
    ranked.sort(key=lambda p: (p == "to" and c.event_type == "ACCUSE"))
    # material acts may hang their recipient on the object ("delivered goods to X"); for a
    # demand or refusal, the object's phrases are its content ("the withdrawal of ... from Bosnia")
    scopes = [v] + ([obj] if obj is not None and c.event_type not in SPEECH_TYPES else [])
    for prep in ranked:
        if prep in LOCATION_PREPS and spec.frame not in ("visit",) and c.event_type not in PLACE_TARGET_TYPES:
            continue
        for scope in scopes:
            # "delivered goods to X": the parser may hang the phrase on the object (but an
            # object's "of" is its own argument: "the easing of North Korea sanctions")
            if scope.i != v.i and prep == "of":
                continue
            for _, p in prep_objects(scope, [prep]):
                prepf.add(np_actors(p, s, places=places))
        if prepf:
            break

    if spec.frame == "symmetric" or (spec.frame == "agree" and not objf and not prepf and len(agent.actors) > 1):
        # the doers are sources, the ones met or dealt "with" are targets: "Kim met his South
        # Korean and American counterparts" is two meetings, not also one between the two
        c.symmetric = True
        _add(agent, c.sources)
        _add(objf, c.targets)
        for prep, p in prep_objects(v, ["with", "between", "among"]):
            _add(np_actors(p, s), c.sources if prep != "with" else c.targets)
        if not c.targets:
            _add(_partner_in_phrase(v, s), c.targets)   # "discuss the results with China"
        if not c.sources:
            c.sources, c.targets = c.targets, []
        return
    if spec.frame == "host":
        # "Yeltsin hosted Hashimoto", "Russia invited Kim": the guest visits the host
        guest = objf
        if not guest:
            for _, p in prep_objects(v, ["to"]):
                guest.add(np_actors(p, s))
        _add(guest, c.sources)
        _add(agent, c.targets)
        c.source_how, c.target_how = guest.how, agent.how
        return
    _add(agent, c.sources)
    if spec.has("obligation"):
        clause = _obligation_clause(v)
        subj = child(clause, "nsubj", "nsubjpass") if clause is not None else None
        f = np_actors(subj, s) if subj is not None else Found()
        _add(agent, c.sources)
        _add(f, c.targets)
        c.source_how, c.target_how = agent.how, "obliged"
        return
    src_codes = {a.code for a in agent.actors}
    own = obj is not None and any(c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her", "our")
                                  for c in obj.children)
    if objf and {a.code for a in objf.actors} <= src_codes and (prepf or own):
        objf = Found()  # the doer's own troops or borders are not the side acted upon
    target = objf or prepf
    if not target and spec.frame != "visit":
        target = complement_subject(v, s)
        if target and all(a.code in src_codes for a in target.actors):
            # "warned that Pyongyang might be forced to ...": the doer speaking of itself
            # names no one it is done to; the condition or the phrase may
            target = Found()
    if not target and obj is not None and spec.frame != "visit":
        target = nested_actors(obj, s)
    if not target and c.event_type in ("REQUEST", "REJECT", "ACCUSE", "SUPPORT"):
        target = _venue(v, s)
    if spec.has("no_target"):
        target = Found()
    _add(target, c.targets)
    c.target_how = target.how


PERSONAL = {"person", "role", "surname", "pronoun", "group"}
DEMONSTRATIVES = {"this", "that", "it", "which"}


def _partner_in_phrase(t: Token, s: Sentence) -> Found:
    """The first "with X" inside the trigger's own phrase, wherever the parser hung it, but
    not inside a clause of its own."""
    for x in t.subtree:
        if x.dep_ == "prep" and x.lower_ == "with" and x.i > t.i:
            y = x.head
            while y.i != t.i and y.pos_ not in ("VERB", "AUX"):
                y = y.head
            if y.i != t.i:
                continue
            for p in x.children:
                if p.dep_ == "pobj":
                    f = np_actors(p, s)
                    if f:
                        return f
    return Found()


def _adj_agent(adj: Token, s: Sentence) -> Found:
    """"Syria says it is willing to withdraw": the subject of the copula."""
    head = adj.head if adj.dep_ in ("acomp", "amod", "attr", "oprd") else adj
    subj = child(head, "nsubj") or child(adj, "nsubj")
    return np_actors(subj, s) if subj is not None else Found()


def _venue(v: Token, s: Sentence) -> Found:
    """"demanded ... at a UN General Assembly session": the organisation as addressee."""
    for sub in v.subtree:
        m = s.mention(sub)
        if m is not None and any(a.kind == "igo" for a in m.actors):
            head = sub
            while head.head.i != head.i and head.dep_ not in ("pobj",) and head.i != v.i:
                head = head.head
            if head.dep_ == "pobj" and head.head.lower_ in ("at", "in", "to", "before"):
                return Found([a for a in m.actors if a.kind == "igo"], "venue")
    return Found()


def _noun_arguments(c: Candidate, s: Sentence) -> Token | None:
    """Arguments of a nominal event; returns the verb that carries its tense, if any."""
    n, spec = c.trigger, c.spec
    places = spec.frame == "visit" or c.event_type in PLACE_TARGET_TYPES
    poss = child(n, "poss")
    agent = np_actors(poss, s) if poss is not None else Found()
    for _, p in prep_objects(n, ["by"]):
        agent.add(np_actors(p, s))
    if agent:
        agent.how = "possessive/by"
    carrier = _carrier(n)
    if carrier.i != n.i:
        for _, p in prep_objects(carrier, ["by", "between"]):
            agent.add(np_actors(p, s))
        cposs = child(carrier, "poss")
        if cposs is not None:
            agent.add(np_actors(cposs, s))
    # light verbs: "paid a visit", "held talks", "imposed sanctions", "the summit was held"
    gov = carrier.head if carrier.head.i != carrier.i else None
    light = None
    if gov is not None and gov.pos_ in ("VERB", "AUX"):
        gl = lemma(gov)
        if carrier.dep_ in ("dobj", "attr") and gl in s.cues.light_verbs:
            light = gov
            if not agent:
                agent = verb_agent(gov, s)
                agent.how = agent.how or "light verb subject"
        elif carrier.dep_ in ("nsubjpass", "nsubj") and (gl in s.cues.light_verbs or gl in s.cues.happen_verbs):
            light = gov
    modifiers = Found()
    for ch in n.children:
        if ch.dep_ in ("compound", "amod", "nmod", "npadvmod"):
            f = np_actors(ch, s, places=spec.frame == "visit")
            for t in ch.subtree:
                m = s.mention(t)
                if m is not None and t.i not in f.tokens and t.i < n.i:
                    f.add(Found(list(m.actors), m.kind, list(range(m.start, m.end))))
            modifiers.add(f)
    # a hyphenated chain "ROK-DPRK-Russia cooperation" hangs off several compounds
    for t in n.lefts:
        for sub in t.subtree:
            m = s.mention(sub)
            if m is not None and sub.i not in modifiers.tokens and sub.i < n.i and m.kind != "place":
                if not any(sub.i in range(x.start, x.end) for x in ([] if poss is None else [s.mention(poss)]) if x):
                    modifiers.add(Found(list(m.actors), m.kind, list(range(m.start, m.end))))
    preps = set(spec.preps) | set(DEFAULT_TARGET_PREPS.get(c.event_type, ()))
    prepf = Found()
    for prep, p in prep_objects(n, preps | {"to", "with", "between", "among", "against", "on"}) + (
            prep_objects(carrier, preps | {"between", "with", "to", "against", "on"}) if carrier.i != n.i else []):
        if prep in LOCATION_PREPS and spec.frame != "visit":
            continue
        prepf.add(np_actors(p, s, places=places))
    light_prepf = Found()
    if light is not None:
        for _prep, p in prep_objects(light, preps | {"with", "to", "on", "against", "between"}):
            light_prepf.add(np_actors(p, s, places=places))
        if spec.frame == "symmetric" and not (agent or modifiers or prepf or light_prepf):
            # "the summit was held in Pyongyang on the 22nd between Moon and Kim": the parser
            # may hang "between" anywhere in the clause
            for t in light.subtree:
                if t.dep_ == "prep" and t.lower_ in ("between", "among"):
                    for p in t.children:
                        if p.dep_ == "pobj":
                            light_prepf.add(np_actors(p, s))

    if spec.frame == "symmetric" or (spec.frame == "agree" and not prepf and len(agent.actors + modifiers.actors) > 1):
        c.symmetric = True
        for f in (agent, modifiers):
            _add(f, c.sources)
        for f in (prepf, light_prepf):
            _add(f, c.targets if c.sources else c.sources)
        if len({a.code for a in c.sources + c.targets}) < 2:
            _add(_partner_in_phrase(n, s), c.targets)   # "the meeting in Vladivostok with Kim"
        c.source_how = agent.how or modifiers.how
    elif spec.frame == "visit":
        # "Kim's visit to Russia", "a North Korea visit by Xi", "visits to China and Russia by Choe"
        dest = prepf or light_prepf
        if not dest:
            # "a visit by a U.S. president to Cuba": the parser hangs "to Cuba" on the visitor
            for _, p in prep_objects(n, ["by"]):
                for _, q in prep_objects(p, ["to"]):
                    dest.add(np_actors(q, s, places=True))
        visitor = agent
        if not visitor and modifiers:
            adj = [a for a in modifiers.actors if _is_adjectival(a, n)]
            visitor = Found(adj, "adjective") if adj else Found()
            if not dest:
                dest = Found([a for a in modifiers.actors if a not in adj], "modifier")
        elif modifiers and not dest:
            dest = modifiers
        _add(visitor, c.sources)
        _add(dest, c.targets)
        c.source_how, c.target_how = visitor.how, dest.how
    elif spec.frame == "host":
        host = agent or modifiers
        guest = prepf
        _add(guest, c.sources)
        _add(host, c.targets)
    else:
        if not agent and modifiers:
            # "U.S. sanctions", "Chinese demands" name the doer; "North Korea sanctions",
            # "the Iran embargo" name the side the measure falls on
            doers = [a for a in modifiers.actors if _is_doer_form(a)]
            rest = [a for a in modifiers.actors if a not in doers]
            agent, modifiers = Found(doers, modifiers.how), Found(rest, modifiers.how)
        _add(agent, c.sources)
        target = prepf or light_prepf or modifiers
        if not target:
            lo = child(light, "dobj") if light is not None else None
            obj = lo if lo is not None and lo.i != n.i else None
            if obj is not None:
                target = np_actors(obj, s)
        _add(target, c.targets)
        c.source_how, c.target_how = agent.how, target.how
    if not c.sources and not c.targets:
        c.anaphoric = True
    return light if light is not None else _governing_verb(n)


def _carrier(n: Token) -> Token:
    """The noun that holds an event noun's arguments: "a mediation effort between X and Y",
    "launched 10 days of war games"."""
    if n.dep_ == "compound" and n.head.lemma_.lower() in CARRIER_NOUNS:
        return n.head
    if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.lemma_.lower() in CARRIER_NOUNS:
        return n.head.head
    return n


def _is_doer_form(a: Actor) -> bool:
    text = (a.text or "").strip()
    return bool(text) and (_is_adjectival(a, None) or "." in text or text.isupper() or a.kind != "state")


def _is_adjectival(a: Actor, n: Token | None) -> bool:
    """"the Chinese visit": a demonym before a visit names the visitor, a country the destination."""
    text = (a.text or "").strip()
    return bool(text) and (text.endswith(("ese", "ian", "ish", "can", "ean", "i")) and " " not in text)


# ------------------------------------------------------------------ sentence-level rules

def _inside(tok: Token, root: Token) -> bool:
    t = tok
    while t.head.i != t.i:
        if t.head.i == root.i:
            return True
        t = t.head
    return False


def _suppress_contents(cands: list[Candidate], s: Sentence) -> None:
    """The content of a demand, refusal, accusation, threat or promise is not an event of its
    own: "demanded the withdrawal of Serbian forces" is one REQUEST, not also a RETREAT."""
    for outer in cands:
        if outer.event_type not in SPEECH_TYPES and outer.event_type != "PROTEST" and outer.spec.frame != "intent":
            continue
        # a nominal act's scope includes its light verb: "staged rallies ..., saying he must go"
        scopes = [outer.trigger] + ([outer.light] if outer.light is not None else [])
        for inner in cands:
            if inner is outer or inner.drop or inner.subsumed_by is not None:
                continue
            if not any(_inside(inner.trigger, sc) for sc in scopes):
                continue
            if outer.event_type == "PROTEST" and inner.event_type not in ("REQUEST", "REJECT", "ACCUSE", "PROTEST"):
                continue  # a protest's purpose is a demand; an attack during it is an act of its own
            # a reporting-like accusation keeps the act it reports ("claimed that X attacked")
            if outer.spec.lemma in ("claim", "allege") and inner.event_type not in SPEECH_TYPES:
                continue
            # symmetric meeting words under "agree" are what was agreed: keep the agreement
            inner.subsumed_by = outer
            inner.drop = f"content of '{outer.trigger.text}'"


def _doers_from_event_subjects(cands: list[Candidate]) -> None:
    """"A roadside bombing killed a soldier": when the subject of a violent verb is itself an
    event noun, whoever did that act did this one (and the victims are this act's own)."""
    by_token = {c.trigger.i: c for c in cands}
    for c in cands:
        if c.sources or c.event_type not in ("ASSAULT", "COERCE") or c.trigger.pos_ not in ("VERB", "AUX"):
            continue
        subj = child(c.trigger, "nsubj")
        inner = by_token.get(subj.i) if subj is not None else None
        if inner is None or not inner.sources or inner.event_type not in ("ASSAULT", "COERCE"):
            continue
        c.sources, c.source_how = list(inner.sources), inner.source_how
        if c.targets:
            # the victims named here are what the noun's own guess ("domestic") stood in for
            inner.subsumed_by, inner.drop = c, f"the act of '{c.trigger.text}'"
    for c in cands:
        # "the camp was attacked by militiamen, killing 156 people": a participle of the
        # attack that names no victims' country of its own is the same happening
        if c.event_type != "ASSAULT" or c.trigger.dep_ != "advcl" or c.trigger.tag_ != "VBG" \
                or c.target_how not in ("domestic", "place of the act", ""):
            continue
        main = by_token.get(c.trigger.head.i)
        if main is not None and main.event_type == "ASSAULT" and main.sources and not main.drop:
            c.subsumed_by, c.drop = main, f"part of '{main.trigger.text}'"


def _protest_from_content(cands: list[Candidate]) -> None:
    """"Fundamentalists began a hunger strike to demand the resignation of the president": a
    protest by people the text names by no country takes its target from its demand, and is
    coded as the domestic protest of that country's people."""
    for c in cands:
        if c.event_type != "PROTEST" or c.sources or c.targets:
            continue
        for inner in cands:
            if inner.subsumed_by is not c or not inner.targets:
                continue
            target = inner.targets[0]
            c.targets = [Actor(code=target.code, kind=target.kind, name=target.name, sector="GOV")]
            c.sources = [Actor(code=target.code, kind="state")]
            c.target_how, c.source_how = "content", "place of the act"
            c.anaphoric = False
            break


PROPOSAL_LEMMAS = {"offer", "invitation", "proposal", "appeal", "demand", "call", "plan", "request", "initiative",
                   "ultimatum", "bid", "suggestion", "idea"}


def _targets_from_content(cands: list[Candidate]) -> None:
    """A refusal or a demand that names no one takes its target from what it is about: "rejected
    an offer from Afghanistan" (the proposer), "refusing to lift the curfew on Palestinians" and
    "its demand that Israel ease restrictions" (the side the act concerns or is asked of)."""
    for outer in cands:
        if outer.targets or outer.event_type not in ("REJECT", "REQUEST", "THREATEN", "ACCUSE"):
            continue
        for inner in cands:
            if inner.subsumed_by is not outer:
                continue
            proposal = inner.event_type in ("REQUEST", "AGREE") or inner.spec.head in PROPOSAL_LEMMAS
            domestic_ok = False
            if outer.event_type == "REJECT" and proposal and inner.sources:
                picked = inner.sources
            elif outer.event_type == "REQUEST" and inner.sources and inner.trigger.pos_ in ("VERB", "AUX"):
                picked, domestic_ok = inner.sources, True   # asked of the one who is to act
            else:
                # the side the threatened or refused act falls on, which may be the doer's own
                # country ("threatened to ban Ugandan opposition candidates")
                picked, domestic_ok = (inner.targets, True) if inner.targets else (inner.sources, False)
            own = {(b.code, b.sector) for b in outer.sources}
            picked = [a for a in picked if (a.code, a.sector) not in own
                      and (domestic_ok or all(a.code != b.code for b in outer.sources))]
            if picked:
                outer.targets = list(picked)
                outer.target_how = "content"
                break


def _scheduled(c: Candidate, exprs: list[TimeExpr]) -> bool:
    """"Britain will hand Hong Kong back on Monday": a dated act the writer reports as
    arranged (no one is quoted promising it) is a planned act of its own type, not an offer."""
    return c.reading.reporter is None and c.spec.frame != "intent" and _attached_expr(c, exprs) is not None \
        and c.reading.intent is not None and c.reading.intent.lower_ in ("will", "'ll", "shall", "set", "due")


def _recode_intents(cands: list[Candidate], s: Sentence, exprs: list[TimeExpr] | None = None) -> None:
    """Offers, promises and readiness code AGREE when what is offered is cooperative and
    THREATEN when it is hostile (PLOVER). A future material act stated by its own doer
    ("Israel will evacuate the settlements") is coded the same way; a future meeting stays
    CONSULT, planned."""
    info = event_types()
    for c in cands:
        if c.spec.frame == "intent":
            comp = [i for i in cands if i.subsumed_by is c]
            inner = comp[0] if comp else None
            hostile = inner is not None and info[inner.event_type].quad_class in (3, 4) and inner.event_type != "REQUEST"
            if c.spec.lemma == "threaten":
                hostile = True
            c.event_type = "THREATEN" if hostile else "AGREE"
            c.mode = None
            if inner is not None and inner.targets:
                c.targets = list(inner.targets)
                c.target_how = inner.target_how
            if inner is None and not c.targets:
                # "expressed interest in mending ties with North Korea"
                for t in c.trigger.subtree:
                    if t.dep_ == "pobj" and t.head.lower_ in ("with", "to", "toward", "towards") and t.i > c.trigger.i:
                        f = np_actors(t, s)
                        if f and all(a.code not in {x.code for x in c.sources} for a in f.actors):
                            c.targets, c.target_how = list(f.actors), "complement"
                            break
            if inner is None and c.spec.has("complement_only"):
                c.drop = c.drop or "no act offered"
            if inner is not None and inner.event_type == "CONSULT" and not hostile and c.spec.lemma in ("decide", "resolve", "announce", "prepare"):
                # "decided to meet" is a planned meeting, not an offer
                inner.drop, inner.subsumed_by = None, None
                inner.reading.set("planned", c.spec.lemma)
                c.drop = "plans a meeting"
            continue
        cond = _condition(c.trigger)
        if not c.drop and cond is not None and (c.reading.intent is not None or c.status in ("planned",)) \
                and c.event_type not in ("REQUEST", "ACCUSE", "REJECT", "THREATEN"):
            # "will withdraw its force unless ...", "would meet the mediator if ...": a
            # conditional undertaking is an offer, or a threat when it hurts or says "unless"
            hostile = cond == "unless" or info[c.event_type].quad_class in (3, 4)
            c.why.append(f"conditional ({cond}) undertaking coded as {'THREATEN' if hostile else 'AGREE'}")
            c.event_type, c.mode = ("THREATEN" if hostile else "AGREE"), None
            c.reading.status = "occurred"
            continue
        if c.drop or c.reading.intent is None:
            continue
        if c.event_type in VERBAL_TYPES or c.spec.has("no_target") or _scheduled(c, exprs or []):
            continue
        quad = info[c.event_type].quad_class
        c.why.append(f"future {c.event_type} by its doer recoded as {'AGREE' if quad in (1, 2) else 'THREATEN'}")
        c.event_type = "AGREE" if quad in (1, 2) else "THREATEN"
        c.mode = None
        c.reading.status = "occurred"


SUBTREE_TARGET_TYPES = {"THREATEN", "REJECT", "ACCUSE", "REQUEST", "SUPPORT", "SANCTION", "AID", "AGREE", "COERCE",
                        "ASSAULT"}


def _under_reporting(t: Token, trigger: Token, s: Sentence) -> bool:
    """Is the token inside a reporting clause under the trigger ("..., the agency said")?"""
    x = t
    while x.i != trigger.i and x.head.i != x.i:
        if (x.pos_ in ("VERB", "AUX") and lemma(x) in s.cues.reporting_verbs) or x.dep_ in ("relcl", "advcl"):
            return True
        x = x.head
    return False


ANCHOR_PREPS = {"at", "during", "after", "following", "under", "on"}
ANCHOR_NOUNS = {"summit": "summit", "meeting": "summit", "talk": "summit", "visit": "visit", "trip": "visit",
                "ceremony": "agreement", "accord": "agreement", "agreement": "agreement", "deal": "agreement",
                "treaty": "agreement", "pact": "agreement", "memorandum": "agreement", "sideline": "summit",
                "conference": "summit", "session": "summit"}


def _anchor(c: Candidate, s: Sentence) -> str | None:
    """A definite prepositional phrase tying the act to a happening named before: "at the
    summit", "during the visit", "after the ceremony", "under the accord"."""
    for head in {c.trigger.i: c.trigger, c.trigger.head.i: c.trigger.head}.values():
        for _prep, p in prep_objects(head, ANCHOR_PREPS):
            noun = p
            if lemma(p) == "sideline":   # "on the sidelines of the summit"
                inner = prep_objects(p, ["of"])
                noun = inner[0][1] if inner else p
            family = ANCHOR_NOUNS.get(lemma(noun))
            if family is None or noun.i == c.trigger.i:
                continue
            det = [d.lower_ for d in noun.children if d.dep_ in ("det", "poss")]
            if det and det[0] in ("the", "that", "this", "their", "his", "her", "its") \
                    and not any(s.mention(t) for t in noun.subtree):
                return family
    return None


def _has_victim(c: Candidate) -> bool:
    t = c.trigger
    obj = child(t, "nsubjpass") if is_passive(t) else child(t, "dobj")
    if obj is None and c.light is not None:
        obj = child(c.light, "dobj")
    return obj is not None and obj.pos_ in ("NOUN", "PROPN", "NUM")


def _condition(tok: Token) -> str | None:
    """"if"/"unless" heading an adverbial clause of the trigger's own clause."""
    heads = [tok] + ([tok.head] if tok.dep_ in ("xcomp", "dobj") else [])
    for h in heads:
        for adv in h.children:
            if adv.dep_ == "advcl":
                for m in adv.children:
                    if m.dep_ == "mark" and m.lower_ in ("if", "unless"):
                        return m.lower_
    return None


TEMPORAL_PREPS = {"since", "after", "before", "following", "amid", "during", "until", "ahead"}


def _finish(c: Candidate, s: Sentence, published: date | None, exprs: list[TimeExpr], lex: Lexicon) -> None:
    r = c.reading
    if c.drop:
        return
    if r.drop:
        c.drop = r.drop
        return
    if r.negated:
        if c.event_type in lex.cues.negated_to_reject:
            c.why.append(f"negated {c.event_type} coded as REJECT")
            c.event_type, c.mode = "REJECT", None
        elif c.event_type != "REJECT":
            c.drop = "negated"
            return
    doc_noun = _document_content(c.trigger if c.trigger.pos_ in ("VERB", "AUX") else _governing_verb(c.trigger))
    if doc_noun is not None:
        c.drop = f"what the {doc_noun.text} would do, not an act"
        return
    if c.trigger.pos_ in ("NOUN", "PROPN") and c.trigger.dep_ == "pobj" and c.trigger.head.lower_ in TEMPORAL_PREPS \
            and not c.targets and not c.symmetric:
        # "since last month's U.S. invasion": an earlier happening used as a time marker,
        # too thinly described here to code
        c.drop = f"background ('{c.trigger.head.text} ...')"
        return
    if c.targets and c.target_how not in ("domestic", "place of the act"):
        # nobody demands of, threatens or promises itself: a target equal to the doer is a
        # misreading (domestic events between different sectors stay: rebels and a government)
        own = {(a.code, a.sector) for a in c.sources}
        c.targets = [t for t in c.targets if (t.code, t.sector) not in own]
    if c.spec.has("requires_target") and not c.targets:
        c.drop = "names no one it is done to (or no destination)"
        return
    if not c.targets and c.sources and c.event_type in SPEECH_CONFLICT and not c.spec.has("no_target") \
            and not _others_named(c, s):
        # "the district administration denied the permit", "rebels dismissed the president's
        # appeal": a refusal, accusation, demand or threat that names no other country is
        # domestic, between the doer and its own state (manual, section 4)
        src = c.sources[0]
        c.targets = [Actor(code=src.code, kind=src.kind, name=src.name)]
        c.target_how = "domestic"
    if any(a.person and a.person == b.person for a in c.sources for b in c.targets):
        # "He urged Trump ...": a pronoun never stands for another argument of its own verb
        # (binding), so the resolution that made them one person was wrong
        c.drop = "a pronoun resolved to the other side"
        return
    c.status = r.status if r.status in ("planned", "expected", "cancelled", "failed") else "occurred"
    if r.intent is not None and c.event_type in ("AGREE", "THREATEN") and c.spec.frame != "intent" \
            and c.reading.status == "occurred":
        c.status = "occurred"
    # stance: "Beijing supports denuclearisation" is a standing position, not an act
    trig = c.trigger
    if trig.pos_ == "VERB" and trig.tag_ in ("VBZ", "VBP") and trig.lemma_.lower() in lex.cues.stance_verbs \
            and not any(a.dep_ in ("aux",) for a in trig.children):
        if not _attached_expr(c, exprs):
            c.drop = "standing position (simple present)"
            return
    if r.reporter is not None:
        subj = child(r.reporter, "nsubj")
        if subj is not None:
            f = np_actors(subj, s)
            if f:
                c.attributed = f.actors[0]
    # a prediction by someone outside the event is "expected", by a participant "planned"
    if c.status == "planned" and c.attributed is not None and c.spec.status is None:
        codes = {a.code for a in c.sources + c.targets}
        if c.attributed.code not in codes:
            c.status = "expected"
    expr = _attached_expr(c, exprs)
    if expr is not None:
        tense: str | None = "future" if c.status in ("planned", "expected") else ("past" if c.status != "occurred" or r.tense != "present" else "present")
        if c.status in ("planned", "expected") and r.past_cue:
            tense = None  # "some had speculated he might travel ... for the Sept. 9 anniversary"
        if c.status in ("cancelled", "failed"):
            # a called-off summit "on June 12" may lie ahead of the article, a failed launch
            # "on Saturday" just behind it: the nearest such day
            tense = None
        c.date = resolve(expr, published, tense)  # type: ignore[arg-type]
        if c.date is not None and c.status in ("planned", "expected") and published is not None \
                and c.date.end < published and _deictic_past(expr):
            # "expected to visit Russia, where Putin invited him last year": a past deictic
            # expression dates the invitation or announcement, not the happening still ahead
            c.why.append(f"'{expr.text}' dates the announcement, not the {c.status} act")
            c.date = None
        if c.date is not None:
            c.why.append(f"date '{expr.text}' -> {c.date.start}..{c.date.end}")
            if c.status == "occurred" and published is not None and c.date.start > published:
                # "when he visits Iran next week": what is dated after the article has not happened
                c.status = "expected" if c.attributed is not None and c.attributed.code not in {
                    a.code for a in c.sources + c.targets} else "planned"
                c.why.append("dated after publication: not yet happened")
    _confidence(c)


SPEECH_CONFLICT = {"REJECT", "ACCUSE", "REQUEST", "THREATEN"}


def _others_named(c: Candidate, s: Sentence) -> bool:
    """Does the sentence name any actor other than the doer's own state?"""
    own = {a.code for a in c.sources}
    if any(t.dep_ in ("pobj", "dobj", "dative") and t.lemma_.lower() in NON_ACTOR_ADDRESSEES for t in c.trigger.subtree):
        return True   # "appealed to the international community": addressed to no actor, not to itself
    return any(a.code not in own for m in s.mentions for a in m.actors)


# addressees the manual does not code as actors ("the international community is not an actor")
NON_ACTOR_ADDRESSEES = {"community", "world", "donor", "public", "humanity", "mankind", "everyone"}


DOCUMENT_NOUNS = {"resolution", "draft", "plan", "proposal", "bill", "law", "text", "motion", "measure", "package",
                  "initiative", "amendment", "decree", "legislation", "treaty", "agreement", "deal", "accord",
                  "framework", "roadmap", "formula", "blueprint", "scheme"}
PURPOSE_VERBS = {"aim", "seek", "intend", "propose", "envisage", "envision", "mean", "design"}
MODALS = {"would", "could", "might", "may", "will", "shall", "should"}


def _document_content(t: Token | None) -> Token | None:
    """"a draft resolution that would ease sanctions": what a proposal or text would do, in a
    modal relative clause on it, is its content, not an act of anyone."""
    if t is None:
        return None
    purpose = False
    for _ in range(4):
        if t.dep_ in ("xcomp", "conj") and t.head.i != t.i:
            # "a resolution that aims to tighten sanctions and impose a blockade"
            purpose = purpose or (t.dep_ == "xcomp" and lemma(t.head) in PURPOSE_VERBS)
            t = t.head
        else:
            break
    if t.dep_ != "relcl" or lemma(t.head) not in DOCUMENT_NOUNS:
        return None
    if purpose or lemma(t) in PURPOSE_VERBS or any(a.dep_ in ("aux", "auxpass") and a.lower_ in MODALS
                                                   for a in t.children):
        return t.head
    return None


def _deictic_past(expr: TimeExpr) -> bool:
    """"last year", "two weeks ago", "yesterday", "earlier this month": counted back from the
    day of writing, so never the date of something still to come."""
    if expr.relation == "ago" or (expr.offset is not None and expr.offset < 0):
        return True
    low = expr.text.lower()
    return any(w in low.split() for w in ("yesterday", "ago", "last", "earlier", "previous", "past"))


def _fallback_arguments(c: Candidate, s: Sentence) -> None:
    """Where the text names no target (or no doer), the place of the act or the doer's own
    country stands in, as the manual codes domestic events. Runs for every candidate,
    including the content of a threat or refusal, which may lend its target."""
    c.location = _location(c, s)
    if not c.targets and c.event_type == "PROTEST" and c.sources:
        # a demonstration or strike with no named target is aimed at its own government
        c.targets = [Actor(code=c.sources[0].code, kind=c.sources[0].kind, name=c.sources[0].name, sector="GOV")]
        c.target_how = "domestic"
    if not c.targets and c.location is not None and c.location.country \
            and (c.event_type in PLACE_TARGET_TYPES or c.event_type in DOMESTIC_TYPES) and c.event_type != "CONSULT":
        # an act done in a place is done to that place's state ("evacuate settlements in Gaza")
        c.targets = [Actor(code=c.location.country, kind="state", text=c.location.name)]
        c.target_how = "place of the act"
    if not c.targets and c.sources and c.event_type in DOMESTIC_TYPES and not c.spec.has("no_target"):
        # "a president easing a curfew in his own country is CONCEDE from SDN to SDN" (manual, 4)
        src = c.sources[0]
        c.targets = [Actor(code=src.code, kind=src.kind, name=src.name)]
        c.target_how = "domestic"
    if not c.targets and c.sources and c.event_type in ("ASSAULT", "COERCE") and _has_victim(c):
        # "Serb forces killed three ethnic Albanians": victims with no other country are the
        # doer's own (or the place's) people
        country = c.location.country if c.location is not None and c.location.country else c.sources[0].code
        c.targets = [Actor(code=country, kind="state")]
        c.target_how = "domestic"
    if not c.sources and c.event_type == "PROTEST" and c.targets:
        # protesters nobody names by country protest their own government
        c.sources = [Actor(code=c.targets[0].code, kind="state", text=None)]
        c.source_how = "place of the act"
    if not c.sources and c.location is not None and c.location.country and c.event_type in ("ASSAULT", "PROTEST"):
        c.sources = [Actor(code=c.location.country, kind="state", text=c.location.name)]
        c.source_how = "place of the act"
    if not c.targets and c.event_type == "PROTEST" and c.sources:
        # the same for protesters placed only by where they protest ("blocked roads in Algiers")
        c.targets = [Actor(code=c.sources[0].code, kind=c.sources[0].kind, name=c.sources[0].name, sector="GOV")]
        c.target_how = "domestic"
    if not c.targets and c.event_type in SUBTREE_TARGET_TYPES:
        # last resort: an actor named inside the trigger's own phrase ("threatened to deliver
        # blows to the United States and Israel")
        src_codes = {a.code for a in c.sources}
        for t in c.trigger.subtree:
            m = s.mention(t)
            if t.i <= c.trigger.i or m is None or m.kind == "place" or not m.actors:
                continue
            if t.dep_ == "pobj" and t.head.lower_ in LOCATION_PREPS and m.kind == "capital" \
                    and event_types()[c.event_type].quad_class in (1, 2):
                # "signed the treaty in Prague": a city is where, not with whom; troops for a
                # force "in Liberia" or an attack "in Israel" do concern that state
                continue
            if any(a.code in src_codes for a in m.actors) or _under_reporting(t, c.trigger, s):
                continue
            while t.dep_ == "compound" and s.mention(t.head) is m:
                t = t.head   # the name's head, so that its conjuncts come too ("the United States and Israel")
            f = np_actors(t, s)
            if f:
                c.targets, c.target_how = [a for a in f.actors if a.code not in src_codes], "in the phrase"
                break
    if not c.targets and c.event_type in ("THREATEN", "REJECT", "REQUEST"):
        # "threatened to stop talks if the United States goes ahead": the condition names the other side
        for adv in c.trigger.subtree:
            if adv.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in adv.children):
                subj = child(adv, "nsubj", "nsubjpass")
                f = np_actors(subj, s) if subj is not None else Found()
                others = [a for a in f.actors if all(a.code != b.code for b in c.sources)]
                if others:
                    c.targets, c.target_how = others, "condition"
                    break


def _attached_expr(c: Candidate, exprs: list[TimeExpr]) -> TimeExpr | None:
    """The time expression that belongs to this trigger: in its subtree, or on the verb that
    governs it, nearest first."""
    if not exprs:
        return None
    doc = c.sentence.doc
    owner_tokens = {t.i for t in c.trigger.subtree}
    prev, gov = c.trigger, c.trigger.head
    anchors = [c.trigger]
    for _ in range(3):
        if gov.i == prev.i:
            break
        if lemma(gov) in c.sentence.cues.reporting_verbs and prev.dep_ in ("ccomp", "xcomp", "parataxis", "conj"):
            break  # "X said on Monday that ...": the day of the statement, not of what it reports
        anchors.append(gov)
        if gov.i == gov.head.i or gov.pos_ not in ("VERB", "AUX", "ADJ", "NOUN"):
            break
        if gov.pos_ in ("VERB", "AUX") and gov.dep_ not in ("xcomp", "conj", "auxpass", "aux"):
            break
        prev, gov = gov, gov.head
    best: tuple[int, TimeExpr] | None = None
    for e in exprs:
        span = doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        # climb from the expression to the first trigger-ish anchor
        t, dist = root, 0
        while True:
            if (t.i in owner_tokens and t.i == c.trigger.i) or any(t.i == a.i for a in anchors):
                break
            if t.head.i == t.i or dist > 6 or (dist > 0 and t.pos_ in ("VERB", "AUX") and t.dep_ != "xcomp"):
                # the expression belongs to another clause: "since Hu Jintao went there in 2005"
                t = None  # type: ignore[assignment]
                break
            t, dist = t.head, dist + 1
        if t is None:
            continue
        if e.kind == "year" and root.dep_ in ("compound", "nummod", "amod", "nmod") \
                and root.head.pos_ in ("NOUN", "PROPN") and root.head.i != c.trigger.i:
            # "to host the 2032 Olympics", "the 2018 World Cup": a year that names a thing
            # inside a noun phrase does not date the act (the trigger's own "2018 summit" does)
            continue
        if root.i in owner_tokens or any(t.i == a.i for a in anchors):
            if best is None or dist < best[0]:
                best = (dist, e)
    return best[1] if best else None


def _location(c: Candidate, s: Sentence) -> Location | None:
    heads = [c.trigger, c.trigger.head]
    if c.light is not None:
        heads.append(c.light)
    obj = child(c.trigger, "dobj")
    if obj is not None:
        heads.append(obj)  # "evacuate settlements in the Gaza Strip"
    for head in heads:
        places = [p for _prep, p in prep_objects(head, ["in", "at", "to", "near", "outside", "around", "inside",
                                                         "across"])]
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("outside", "inside", "out") and child(prep, "pobj") is None:
                # "outside of the city of Basra"
                places += [p for _of, p in prep_objects(prep, ["of"])]
        for p in places:
            loc = _place_in(p, s)
            if loc is not None:
                return loc
    return None


def _place_in(p: Token, s: Sentence) -> Location | None:
    """The place a phrase names: "Kirkuk", "the town of Samarra", "the Iraqi city of Basra",
    "a refugee camp in the West Bank", "Montenegro"."""
    m = s.mention(p)
    if m is not None and m.is_place:
        return Location(name=m.place_name or p.text, country=m.place_country)
    if m is not None and m.kind == "name" and len(m.actors) == 1 and m.actors[0].kind == "state":
        return Location(name=p.doc[m.start:m.end].text, country=m.actors[0].code)
    for ch in p.children:
        mm = s.mention(ch)
        if ch.dep_ == "compound" and mm is not None and mm.is_place:
            return Location(name=mm.place_name or ch.text, country=mm.place_country)
        if ch.dep_ == "prep" and ch.lower_ in ("of", "in", "outside", "near"):
            for q in ch.children:
                if q.dep_ == "pobj":
                    inner = _place_in(q, s)
                    if inner is not None:
                        return inner
    for ch in p.children:
        mm = s.mention(ch)
        if ch.dep_ in ("amod", "compound") and mm is not None and mm.kind in ("adjective", "name") and mm.actors:
            return Location(name=p.text, country=mm.actors[0].code)   # "the Iraqi city", "a Bosnian town"
    return None


# How much each way of finding an argument can be trusted (1.0: a name in its syntactic slot).
SOURCE_TRUST = {"name": 1.0, "role": 1.0, "person": 1.0, "capital": 0.97, "adjective": 0.95, "modifier": 0.93,
                "possessive/by": 0.97, "passive agent": 0.97, "light verb subject": 0.95, "surname": 0.95,
                "of-phrase": 0.85, "group": 0.7, "complement subject": 0.9, "pronoun": 0.8,
                "place of the act": 0.6}
TARGET_TRUST = {"": 1.0, "name": 1.0, "role": 1.0, "person": 1.0, "capital": 0.97, "adjective": 0.95,
                "modifier": 0.93, "surname": 0.95, "possessive/by": 0.95, "inside object": 0.9, "obliged": 0.95,
                "complement subject": 0.75, "content": 0.85, "venue": 0.85, "previous clause": 0.85,
                "condition": 0.8, "complement": 0.85, "of-phrase": 0.85, "group": 0.85, "pronoun": 0.8,
                "domestic": 0.72, "place of the act": 0.72, "place": 0.9, "in the phrase": 0.7}
NEEDS_TARGET = {"CONSULT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "SANCTION", "AID", "AGREE"}


def _confidence(c: Candidate) -> None:
    """A product of evidence-quality factors: how each argument was found, whether a rule had
    to fill one in, whether the type was recoded, and how reliably the word signals the type
    (the lexicon's `prior`). Checked against gold: see benchmarks/quality.py."""
    score = 0.92 * c.spec.prior
    score *= SOURCE_TRUST.get(c.source_how, 0.85) if c.sources else 0.5
    if c.targets:
        score *= TARGET_TRUST.get(c.target_how, 0.85)
    elif c.event_type in NEEDS_TARGET:
        score *= 0.75
    else:
        # measured on the gold sets: an act coded with nobody it is done to is rarely right
        # (the manual codes even domestic acts with a target), whatever its type
        score *= 0.85
    if c.spec.pos == "noun" and c.light is None and c.source_how != "possessive/by":
        score *= 0.9
    if any("recoded" in w or "coded as" in w for w in c.why):
        score *= 0.85
    rivals = {x.event_type for x in c.sentence_candidates if not x.drop and x is not c} - {c.event_type}
    if rivals:
        # another kind of act coded from the same sentence: the reading is less certain
        score *= 0.9
    c.confidence = round(max(0.05, min(0.99, score)), 3)
