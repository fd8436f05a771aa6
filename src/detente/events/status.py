"""Status, tense and attribution of a trigger, read from the words that govern it.

The reading walks from the trigger up the dependency tree ("the governing chain") and
stops where a new assertion begins: an adverbial or relative clause, a coordinated clause
with its own subject, or a reporting verb ("Moon said ..."), whose subject becomes the
event's attribution. Each word on the way may change what the trigger means:

    "Kim's visit ... is seen as likely to take place"   -> expected
    "Trump canceled a previously planned visit"          -> cancelled
    "the visit failed to happen"                          -> failed
    "Trump will meet Putin"                               -> planned
    "a visit could revive apprehensions"                  -> dropped: hypothetical
    "discussed trilateral cooperation"                    -> dropped: a topic, not an act
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Token

from detente.events.lexicon import Cues, lemma

Tense = Literal["past", "future", "present"]
STOP_DEPS = {"advcl", "relcl", "parataxis", "acl:relcl", "csubj", "prt"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
# "the need for talks", "a plan on sanctions": prepositions that introduce a content
CONTENT_PREPS = {"of", "for", "on", "about", "to", "over", "regarding", "concerning", "including"}
FUTURE_AUX = {"will", "shall", "'ll", "wo", "’ll"}
# the order in which readings win when several cues are present
PRECEDENCE = {"cancelled": 4, "failed": 4, "expected": 2, "planned": 1, "occurred": 0}


@dataclass
class StatusReading:
    status: str = "occurred"
    cue: str | None = None
    tense: Tense = "past"
    negated: bool = False
    drop: str | None = None               # why this is not an event, if it is not
    reporter: Token | None = None          # the reporting verb whose subject the claim is
    intent: Token | None = None            # "will"/"offered to"/"ready to" governing a material act
    obligation: bool = False              # "must"/"should" on the trigger's own clause
    past_cue: bool = False                # the forecast or plan was itself made in the past ("had speculated")
    attempt: bool = False                 # the act was only attempted
    chain: list[Token] = field(default_factory=list)

    def set(self, status: str, cue: str) -> None:
        if PRECEDENCE[status] > PRECEDENCE[self.status]:
            self.status, self.cue = status, cue


def _lemma(t: Token) -> str:
    return lemma(t)


def _phrasal(t: Token) -> str:
    """The verb with its particle: "call off", "fall through", "take place"."""
    for c in t.children:
        if c.dep_ == "prt" or (c.dep_ == "dobj" and c.lower_ == "place"):
            return f"{_lemma(t)} {c.lower_}"
    return _lemma(t)


def aux_words(t: Token) -> list[Token]:
    return [c for c in t.children if c.dep_ in ("aux", "auxpass")]


def tense_of(verb: Token) -> Tense:
    aux = aux_words(verb)
    low = {a.lower_ for a in aux}
    if low & FUTURE_AUX or ("going" in low and verb.tag_ == "VB"):
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return "past"
    if verb.tag_ == "VBN" and low & {"has", "have", "had", "'ve", "’ve"}:
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in aux):
        return "present"
    if verb.tag_ == "VB" and "to" in low:
        return "future"
    return "past"


def has_own_subject(t: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in t.children)


def read_status(trigger: Token, cues: Cues, *, tense_verb: Token | None = None,
                lexical_status: str | None = None) -> StatusReading:
    r = StatusReading()
    if lexical_status:
        r.set(lexical_status, _lemma(trigger))
    anchor = tense_verb if tense_verb is not None else trigger
    r.tense = tense_of(anchor) if anchor.pos_ in ("VERB", "AUX") else "past"

    # modifiers of a nominal trigger: "a previously planned visit", "an expected summit"
    if trigger.pos_ in ("NOUN", "PROPN"):
        for c in trigger.children:
            if c.dep_ in ("amod", "compound") or (c.dep_ == "acl" and c.tag_ == "VBN"):
                if _lemma(c) in cues.expected_modifiers or c.lower_ in cues.expected_modifiers:
                    r.set("expected", c.lower_)
                elif c.lower_ in cues.planned_modifiers or _lemma(c) in cues.planned_modifiers:
                    r.set("planned", c.lower_)
            if c.dep_ == "neg" or (c.lower_ == "no" and c.dep_ == "det"):
                r.negated = True

    node = trigger
    came_from: Token | None = None
    depth = 0
    while depth < 12:
        depth += 1
        r.chain.append(node)
        _read_node(node, came_from, trigger, cues, r)
        if r.reporter is not None and node.i == r.reporter.i:
            break
        head = node.head
        if head.i == node.i or node.dep_ in STOP_DEPS:
            break
        if node.dep_ == "conj" and has_own_subject(node) and node.pos_ in ("VERB", "AUX"):
            break
        if node.dep_ == "mark":
            break
        came_from, node = node, head
    if r.status in ("planned", "expected") or r.intent is not None:
        r.tense = "future"
    if r.attempt and r.status not in ("failed", "cancelled"):
        r.drop = r.drop or "an attempt whose outcome is not told"
    r.past_cue = any(n.i != trigger.i and any(a.lower_ in ("had", "'d") for a in aux_words(n)) for n in r.chain)
    return r


def _read_node(node: Token, came_from: Token | None, trigger: Token, cues: Cues, r: StatusReading) -> None:
    lemma_ = _lemma(node)
    phrasal = _phrasal(node)
    is_trigger = node.i == trigger.i
    for c in node.children:
        low = c.lower_
        if c.dep_ == "neg" or (c.dep_ == "advmod" and low in ("never", "not")):
            # "did not meet"; a negation above the trigger only counts on the same clause
            happen = _lemma(node) in cues.happen_verbs or _phrasal(node) in cues.happen_verbs
            if is_trigger or (came_from is not None and came_from.dep_ in ("xcomp", "dobj", "nsubjpass", "nsubj")
                              and not (happen and came_from.dep_ in ("nsubj", "nsubjpass"))):
                r.negated = True
        if c.dep_ in ("aux", "auxpass"):
            if low in FUTURE_AUX:
                r.set("planned", low)
                if (not is_trigger and r.intent is None and node.pos_ == "VERB") or is_trigger:
                    r.intent = c
            elif low in ("would", "'d"):
                r.set("planned", low)
                r.intent = r.intent or c
            elif low in ("may", "might", "could", "can"):
                if is_trigger or (came_from is not None and came_from.dep_ in ("xcomp",) and not r.drop):
                    r.set("expected", low)
                else:
                    r.drop = r.drop or f"hypothetical ('{low}')"
            elif low in ("should", "must", "ought"):
                if is_trigger:
                    r.obligation = True
                r.drop = r.drop or f"recommendation or obligation ('{low}')"
        if c.dep_ == "mark" and low in cues.hypothetical_markers and (is_trigger or node.pos_ in ("VERB", "AUX")):
            r.drop = r.drop or f"conditional ('{low}')"
        # "seen as likely to take place", "is expected to", "set to"
        if not is_trigger and (came_from is None or c.i != came_from.i) and c.dep_ in ("acomp", "oprd", "prep", "xcomp", "attr"):
            for g in [c, *c.children]:
                gl = _lemma(g)
                if gl in cues.expected_lemmas and g.pos_ in ("ADJ", "VERB", "NOUN"):
                    r.set("expected", gl)
    if is_trigger:
        return
    # the governors themselves
    if came_from is not None and came_from.dep_ in ("dobj", "nsubjpass", "pobj", "xcomp", "nsubj"):
        if phrasal in cues.cancelled_objects_of or (lemma_ in cues.cancelled_lemmas and came_from.dep_ == "dobj"):
            r.set("cancelled", phrasal)
            return
    if (lemma_ in cues.happen_verbs or phrasal in cues.happen_verbs) and came_from is not None \
            and came_from.dep_ in ("nsubj", "nsubjpass") and any(
                c.dep_ == "neg" or c.lower_ == "never" for c in node.children):
        # "the visit never took place", "the summit did not happen"
        r.set("failed", f"not {phrasal}")
        return
    if lemma_ in cues.failed_lemmas or phrasal in cues.failed_lemmas:
        r.set("failed", phrasal)
        return
    if lemma_ in cues.attempt_lemmas and _attempt_blocked(node, cues):
        r.set("failed", f"{lemma_} ... blocked")
        return
    if lemma_ in cues.attempt_lemmas and node.pos_ == "NOUN":
        # "an attempt to launch a missile failed": the outcome is told further up the chain
        r.attempt = True
        return
    if lemma_ in cues.reporting_verbs and came_from is not None and came_from.dep_ in ("ccomp", "xcomp", "dobj", "conj", "parataxis"):
        if lemma_ in cues.expected_lemmas:
            r.set("expected", lemma_)
        r.reporter = node
        return
    if lemma_ in cues.expected_lemmas:
        r.set("expected", lemma_)
        return
    if lemma_ in cues.planned_lemmas and came_from is not None \
            and came_from.dep_ in ("xcomp", "dobj", "ccomp", "pobj", "nsubjpass"):
        r.set("planned", lemma_)
        if r.intent is None:
            r.intent = node
        return
    if came_from is not None and came_from.dep_ in ("dobj", "pobj") and lemma_ in cues.topic_governors:
        r.drop = r.drop or f"topic of '{node.text}'"
        return
    if node.pos_ in ("NOUN",) and lemma_ in cues.hypothetical_nouns and came_from is not None \
            and (came_from.dep_ in ("compound", "acl", "amod", "relcl")
                 or (came_from.dep_ == "prep" and came_from.lower_ in CONTENT_PREPS)):
        r.drop = r.drop or f"content of '{node.text}'"
        return
    if lemma_ in cues.hypothetical_lemmas and node.pos_ in ("VERB", "ADJ", "AUX"):
        r.drop = r.drop or f"not asserted ('{node.text}')"


def _attempt_blocked(node: Token, cues: Cues) -> bool:
    """"tried to issue a statement, but this was annulled", "tried to call, but nobody
    answered", "attempted to seize a tanker but were driven off": an attempt that was stopped."""
    for c in node.children:
        if c.dep_ == "conj" and (_lemma(c) in cues.blocked_by
                                 or any(x.dep_ == "cc" and x.lower_ in ("but", "yet") for x in c.children)
                                 or any(x.lower_ == "but" and x.dep_ == "cc" for x in node.children)):
            return True
    return False
