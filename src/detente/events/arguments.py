"""Who did it to whom: arguments of a trigger, read from the dependency parse.

Functions here take a trigger token and a `Sentence` (the parsed sentence with its actor
mentions) and return actors. They know the syntax of English event reports: subjects and
passive agents, objects and prepositions, possessives and "by" phrases of nominal events
("Kim's visit to Russia", "a North Korea visit by Xi"), light verbs ("paid a visit",
"held talks"), hyphenated dyads ("the DPRK-China summit") and control verbs ("urged X to").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from detente.actors.resolve import ActorResolver, Mention
from detente.events.lexicon import Cues, lemma
from detente.model import Actor

MODIFIER_DEPS = {"poss", "amod", "compound", "nmod", "npadvmod"}
# head nouns that stand for a group of the people they are "of": "thousands of Iraqi Kurds"
QUANTITY_NOUNS = {"thousand", "hundred", "dozen", "million", "ten", "tens", "score", "scores", "hundreds",
                  "thousands", "dozens", "millions", "half", "third", "quarter", "majority", "minority", "rest", "group", "member", "some", "many", "most",
                  "part", "number", "band", "crowd", "one", "two", "three", "unit",
                  "contingent", "batch", "deployment", "leader", "head", "chief", "delegation", "team",
                  "faction", "wing", "branch"}
# verbs whose object is the subject of their infinitive: "urged Seoul to ...", "invited Kim to ..."
OBJECT_CONTROL = {"urge", "ask", "call", "invite", "force", "order", "persuade", "allow", "entice", "induce",
                  "encourage", "press", "pressure", "push", "request", "tell", "warn", "advise", "permit",
                  "compel", "oblige", "help", "demand", "expect", "want", "lead"}
# prepositions that say where, not with whom
LOCATION_PREPS = {"in", "at", "inside", "near", "outside", "across", "throughout", "within"}
# in order of preference: the first that names someone is the target
DEFAULT_TARGET_PREPS: dict[str, tuple[str, ...]] = {
    "CONSULT": ("with",), "AGREE": ("with", "to"), "SUPPORT": ("for", "to"), "CONCEDE": ("to", "for"),
    "COOPERATE": ("with",), "AID": ("to", "for"), "RETREAT": ("from",), "REQUEST": ("from", "of", "to"),
    "ACCUSE": ("of", "over", "about", "against", "for"), "REJECT": (), "THREATEN": ("against", "to", "with"),
    "PROTEST": ("against",), "SANCTION": ("on", "against", "to", "from"), "MOBILIZE": ("against", "near", "along"),
    "COERCE": ("against", "on"), "ASSAULT": ("on", "against", "at"),
}
# event types whose place of action also codes the side acted upon ("shelled Juba" -> SDN)
PLACE_TARGET_TYPES = {"ASSAULT", "COERCE", "MOBILIZE", "CONSULT", "AID", "RETREAT", "SANCTION"}


@dataclass
class Sentence:
    """A parsed sentence with its actor mentions, and where it sits in the document."""

    doc: Doc
    mentions: list[Mention]
    char_start: int                         # offset of doc.text in the document
    resolver: ActorResolver
    cues: Cues
    by_token: dict[int, Mention] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.by_token[i] = m

    def mention(self, tok: Token) -> Mention | None:
        return self.by_token.get(tok.i)


@dataclass
class Found:
    """Actors found for one argument, and how (for confidence and `detente explain`)."""

    actors: list[Actor] = field(default_factory=list)
    how: str = ""
    tokens: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.actors)

    def add(self, other: Found) -> None:
        for a in other.actors:
            if not any(_same(a, b) for b in self.actors):
                self.actors.append(a)
        self.tokens += other.tokens
        self.how = self.how or other.how


def _same(a: Actor, b: Actor) -> bool:
    return a.code == b.code and a.person == b.person and a.sector == b.sector


def conjuncts(tok: Token) -> list[Token]:
    """The token and everything coordinated with it ("China and Russia")."""
    out, stack = [tok], [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            # coordination joins like with like: a parser that hangs "a North Korea visit" on
            # "Kim Jong-un" as a conjunct has not coordinated two actors
            if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON", "ADJ", "DET", "NUM") \
                    and {c.pos_, t.pos_} != {"PROPN", "NOUN"}:
                out.append(c)
                stack.append(c)
    return out


def np_actors(tok: Token, s: Sentence, *, places: bool = False, depth: int = 0) -> Found:
    """Actors that a noun phrase headed by `tok` refers to, with its conjuncts."""
    found = Found()
    for t in conjuncts(tok):
        found.add(_np(t, s, places=places, depth=depth))
    return found


def _np(tok: Token, s: Sentence, *, places: bool, depth: int) -> Found:
    m = s.mention(tok)
    if m is not None:
        if m.kind == "adjective" and any(c.lower_ == "ethnic" for c in tok.children):
            # "ethnic Albanians" in Macedonia are not Albania: the place or context codes them
            return Found()
        if m.kind == "adjective":
            # "Bosnian Serbs", "Iraqi Kurds", "the Albanians of southern Serbia": a people named
            # by where they live codes to that state
            for c in tok.children:
                mm = s.mention(c)
                if c.dep_ in ("amod", "compound") and mm is not None and mm.kind == "adjective" and mm is not m:
                    return _from_mention(mm, s, places, text=_np_text(tok))
            for _prep, p in prep_objects(tok, ["of", "in", "from"]):
                sub = _np(p, s, places=True, depth=depth + 1)
                if sub:
                    return sub
        return _from_mention(m, s, places)
    if depth > 2 or tok.pos_ in ("VERB", "AUX"):
        return Found()
    sector = s.resolver.sector_of(tok) if tok.pos_ in ("NOUN", "PROPN") else None
    text = _np_text(tok)
    out = Found()
    # "Israeli soldiers", "the Chinese government", "U.S. opposition", "Moscow's envoy",
    # "US and British forces"; but "ethnic Albanian guerrillas" are not Albania's
    ethnic = any(c.lower_ == "ethnic" for c in tok.subtree if c.i < tok.i)
    for c in tok.children:
        if c.dep_ in MODIFIER_DEPS and not (c.dep_ == "npadvmod" and c.i > tok.i):
            # (an adverbial noun after the head modifies the clause, not the noun: "with
            # strings attached, Cuba")
            for cc in [c, *(x for x in c.children if x.dep_ == "conj")]:
                mm = s.mention(cc)
                if mm is not None and mm.kind == "adjective" and ethnic:
                    continue
                if mm is not None and not (mm.kind == "place" and not places and not sector):
                    out.add(_from_mention(mm, s, places or bool(sector), sector=sector, text=text))
                elif cc.dep_ in ("compound", "nmod") and cc.pos_ == "PROPN":
                    out.add(_resector(_np(cc, s, places=places, depth=depth + 1), sector, text))
                elif cc.dep_ == "compound" and cc.pos_ == "NOUN" and s.resolver.sector_of(cc):
                    # "Panamanian army officers", "Iraqi police recruits": the country word
                    # modifies the institution that modifies the people
                    out.add(_resector(_np(cc, s, places=places, depth=depth + 1), sector, text))
    if out:
        out.how = "modifier"
        # "his Japanese counterpart": the possessor of a relational noun is the other party;
        # the country word says who this one is
        named = [a for a in out.actors if not _from_pronoun(a)]
        if named and len(named) < len(out.actors):
            out.actors = named
        return out
    head_lemma = lemma(tok)
    if head_lemma in FACILITY_NOUNS:
        # "a camp for Congolese refugees", "a school for Palestinian children": a place kept for
        # people stands for them
        for _prep, p in prep_objects(tok, ["for"]):
            sub = _np(p, s, places=False, depth=depth + 1)
            if sub:
                sub.how = "of-phrase"
                return sub
    if sector or head_lemma in QUANTITY_NOUNS or tok.pos_ == "PROPN":
        # "rebels in the Ivory Coast", "thousands of Iraqi Kurds", "Sidhoum, Algeria's activist"
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "in", "from", "at", "throughout", "across", "inside", "to"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        # with its conjuncts: "scores of Sierra Leonean and Liberian refugees"
                        for q in conjuncts(p):
                            sub = _np(q, s, places=True, depth=depth + 1)
                            if sub:
                                out.add(_resector(sub, sector, text))
            elif c.dep_ == "appos":
                out.add(_resector(_np(c, s, places=places, depth=depth + 1), sector, text))
            elif c.dep_ == "acl" and sector:
                # "refugees fleeing the civil war in Liberia": where the people are from
                for g in c.subtree:
                    if g.dep_ == "pobj" and g.head.lower_ in ("in", "from"):
                        sub = _np(g, s, places=True, depth=depth + 1)
                        if sub:
                            out.add(_resector(sub, sector, text))
                            break
        if out:
            out.how = "of-phrase"
    return out


def _from_pronoun(a: Actor) -> bool:
    return (a.text or "").lower() in ("his", "her", "its", "their", "our", "my", "your")


def _resector(found: Found, sector: str | None, text: str) -> Found:
    if not sector:
        return found
    return Found([_with(a, sector=sector if not a.person else a.sector, text=text) for a in found.actors],
                 found.how, found.tokens)


def _from_mention(m: Mention, s: Sentence, places: bool, sector: str | None = None, text: str | None = None) -> Found:
    if m.kind == "place":
        if not places or not m.place_country:
            return Found()
        try:
            st = s.resolver.gaz.state(m.place_country)
            name = st.name
        except KeyError:
            name = None
        a = Actor(code=m.place_country, kind="state", name=name, sector=sector, text=text or m.place_name)
        return Found([a], "place", list(range(m.start, m.end)))
    keep_text = m.kind == "pronoun"   # so that a pronoun possessor can still be recognised
    actors = [_with(a, sector=sector if sector and not a.person else a.sector,
                    text=a.text if keep_text else (text or a.text)) for a in m.actors]
    return Found(actors, m.kind, list(range(m.start, m.end)))


def _with(a: Actor, **kw: object) -> Actor:
    return dataclasses.replace(a, **kw)  # type: ignore[arg-type]


def _np_text(tok: Token) -> str:
    left = tok
    for c in tok.lefts:
        if c.dep_ in MODIFIER_DEPS or c.dep_ in ("det", "nummod", "quantmod"):
            left = c if c.i < left.i else left
            break
    return tok.doc[left.i: tok.i + 1].text


# --------------------------------------------------------------------------- verbs

def is_passive(v: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children)


def child(v: Token, *deps: str) -> Token | None:
    for c in v.children:
        if c.dep_ in deps:
            return c
    return None


FACILITY_NOUNS = {"camp", "shelter", "school", "hospital", "clinic", "home", "hostel", "centre", "center", "settlement",
                  "compound", "residence", "dormitory", "orphanage", "quarter"}
HELP_NOUNS = {"help", "support", "assistance", "backing", "aid", "blessing", "approval", "consent", "participation",
              "mediation", "involvement"}


def prep_objects(v: Token, preps: Iterable[str]) -> list[tuple[str, Token]]:
    wanted = set(preps)
    out = []
    for c in v.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in wanted:
            for p in c.children:
                if p.dep_ == "pobj" and c.lower_ == "with" and p.lemma_.lower() in HELP_NOUNS:
                    continue  # "with Albania's help", "with the backing of Russia": an ally, not a party
                if p.dep_ == "pobj":
                    out.append((c.lower_, p))
                elif p.dep_ == "pcomp":
                    for q in p.children:
                        if q.dep_ == "pobj":
                            out.append((c.lower_, q))
    return out


def verb_agent(v: Token, s: Sentence, depth: int = 0) -> Found:
    """The doer of a verb: subject, passive agent, or inherited from a governing verb."""
    if is_passive(v):
        for _, p in prep_objects(v, ["by"]):
            f = np_actors(p, s)
            if f:
                f.how = "passive agent"
                return f
        return Found()
    subj = child(v, "nsubj")
    if subj is not None and subj.pos_ == "VERB" and child(subj, "nsubj") is not None:
        subj = child(subj, "nsubj")  # "The Red Cross operating in Iraq said": the parser's nsubj is "operating"
    if subj is not None:
        f = np_actors(subj, s)
        if f or subj.lower_ not in ("who", "which", "that"):
            return f
    if depth > 3:
        return Found()
    head = v.head
    if head.i == v.i:
        return Found()
    if v.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ in ("acomp", "oprd"):
        # "Syria says it is willing to withdraw": the subject of the copula
        cop_subj = child(head.head, "nsubj")
        if cop_subj is not None:
            return np_actors(cop_subj, s)
    if v.dep_ == "xcomp":
        if is_passive(head) and child(head, "nsubjpass") is not None:
            # "Russia is known to have invited Kim": raising, the subject is the passive's
            return np_actors(child(head, "nsubjpass"), s)  # type: ignore[arg-type]
        obj = child(head, "dobj")
        if obj is not None and lemma(head) in OBJECT_CONTROL:
            return np_actors(obj, s)
        return verb_agent(head, s, depth + 1)
    if v.dep_ == "conj":
        # "has been indicted ... and will resign": the shared subject, not the passive agent
        shared = child(head, "nsubj", "nsubjpass")
        found = np_actors(shared, s) if shared is not None else verb_agent(head, s, depth + 1)
        if not found:
            # a conjunct misattached inside a relative clause ("the strip that marks the line
            # ... and shook hands"): the main clause's subject is the best guess
            root = v.sent.root
            subj = child(root, "nsubj") if root.i < v.i else None
            if subj is not None:
                found = np_actors(subj, s)
        return found
    if v.dep_ == "advcl" and v.tag_ == "VBG":
        return verb_agent(head, s, depth + 1)
    if v.dep_ in ("relcl", "acl") or (subj is not None and subj.lower_ in ("who", "which", "that")):
        target = head if v.dep_ in ("relcl", "acl") else v.head
        found = np_actors(target, s)
        if not found and target.dep_ in ("dobj", "attr") and target.head.pos_ in ("VERB", "AUX"):
            # "issued a declaration demanding ...": the declaration's issuer demands
            found = verb_agent(target.head, s, depth + 1)
        return found
    return Found()


def complement(v: Token) -> Token | None:
    for c in v.children:
        if c.dep_ in ("xcomp", "ccomp"):
            return c
    return None


def complement_subject(v: Token, s: Sentence) -> Found:
    """"demanded that the US cancel", "claiming that China was creating cracks"."""
    comp = complement(v)
    if comp is None:
        return Found()
    subj = child(comp, "nsubj", "nsubjpass")
    if subj is None:
        return Found()
    f = np_actors(subj, s)
    f.how = "complement subject"
    return f


def nested_actors(obj: Token, s: Sentence) -> Found:
    """Actors inside an object phrase: "rejected an Indian proposal", "denounced Serbia's
    suppression", "rejected calls by Belarus's rulers", "demanded the withdrawal of Serbian forces"."""
    out = Found()
    for c in obj.children:
        if c.dep_ in ("poss", "amod", "compound", "nmod"):
            mm = s.mention(c)
            if mm is not None and mm.kind != "place":
                out.add(_from_mention(mm, s, False))
    if out:
        out.how = "inside object"
        return out
    # the agent-like argument first: "calls by Belarus's rulers", "the withdrawal of Serbian
    # forces (from Bosnia)", "a truce with Moslem forces"
    for prep in ("by", "of", "with", "against", "from"):
        for _, p in prep_objects(obj, [prep]):
            f = np_actors(p, s, places=prep == "from")
            # "the easing of North Korea sanctions" names the sanctioned, not an agent: only
            # an actor noun phrase itself counts here
            if f and (s.mention(p) is not None or s.resolver.sector_of(p)
                      or (f.how in ("modifier", "of-phrase", "place") and prep != "of")):
                f.how = "inside object"
                return f
    return out
