"""The event coder: one `Document` in, its `Event`s out.

`Coder.code_many` is the pure per-document function that every engine (one process, a
process pool, Dask) calls; the same document gives the same events anywhere.

Per document:
  1. split the text into sentences (datelines skipped),
  2. run the cheap pass (tokenizer + actor names) over every sentence,
  3. parse only the sentences that hold an actor and a trigger word (the rest cannot hold
     an event, and parsing is most of the cost),
  4. walk the sentences in order, resolving actor mentions against what came before,
     building candidates, and merging them into one event per happening.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import cast

from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc

from detente.actors.gazetteer import Gazetteer
from detente.actors.resolve import ActorResolver, DocContext, Mention
from detente.dates import find_expressions
from detente.events.arguments import Sentence
from detente.events.extract import Candidate, build_candidates
from detente.events.lexicon import Lexicon, load_lexicon
from detente.events.merge import merge
from detente.events.version import CODER_VERSION
from detente.model import Document, Event
from detente.nlp.pipeline import NER, RULER, build_pipeline, heavy_pipes
from detente.nlp.segment import sentences


@dataclass
class CodedSentence:
    """A sentence as the coder saw it, for `detente explain`."""

    start: int
    end: int
    parsed: bool
    doc: Doc
    mentions: list[Mention]
    candidates: list[Candidate] = field(default_factory=list)


@dataclass
class Coded:
    document: Document
    events: list[Event]
    sentences: list[CodedSentence]


class Coder:
    version = CODER_VERSION

    def __init__(self, *, actor_files: Sequence[Path] = (), prefilter: bool = True,
                 gazetteer: Gazetteer | None = None, batch_size: int = 64) -> None:
        self.gazetteer = gazetteer or Gazetteer.load(extra=actor_files)
        self.nlp = build_pipeline(self.gazetteer)
        self.lexicon: Lexicon = load_lexicon()
        self.resolver = ActorResolver(self.gazetteer, self.nlp.vocab)
        self.prefilter = prefilter
        self.batch_size = batch_size
        self._heavy = heavy_pipes(self.nlp)
        # the statistical NER is almost half the parse and its labels matter only for bare
        # surnames (ActorResolver._short_name): it runs on a parsed sentence when one is met
        self.defer_ner = True
        self._ner = cast(TrainablePipe, self.nlp.get_pipe(NER)) if NER in self.nlp.pipe_names else None
        self.resolver.ensure_entities = self._ensure_entities
        self._surnames = self.resolver.surname_forms()

    # ------------------------------------------------------------------ public
    def code(self, document: Document) -> list[Event]:
        return self.code_full(document).events

    def code_many(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Event]]]:
        for coded in self.code_full_many(documents):
            yield coded.document, coded.events

    def code_full(self, document: Document) -> Coded:
        return next(iter(self.code_full_many([document])))

    def code_full_many(self, documents: Iterable[Document]) -> Iterator[Coded]:
        """Documents are coded in batches so spaCy can pipe many sentences at once."""
        batch: list[Document] = []
        for d in documents:
            batch.append(d)
            if len(batch) >= max(1, self.batch_size // 8):
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    # ------------------------------------------------------------------ internals
    def _code_batch(self, docs: list[Document]) -> list[Coded]:
        spans = [sentences(d.text) for d in docs]
        flat = [(di, s, e) for di, ss in enumerate(spans) for s, e in ss]
        light = list(self.nlp.pipe((docs[di].text[s:e] for di, s, e in flat), disable=self._heavy,
                                   batch_size=256))
        chosen = [i for i, ld in enumerate(light) if not self.prefilter or self._may_hold_event(ld)]
        ner = self._ner if self.defer_ner else None
        # the light docs go on through the heavy pipes: their tokens and actor names are done
        # (the actor ruler matches exact strings, so tags cannot change what it finds)
        parsed_docs = self.nlp.pipe((light[i] for i in chosen), batch_size=self.batch_size,
                                    disable=[RULER, NER] if ner is not None else [RULER])
        parsed = dict(zip(chosen, parsed_docs, strict=True))
        if ner is not None:
            # the NER in one batch for the sentences likely to need it; the others get it on
            # demand, so a wrong guess costs time, never a different result
            likely = [pd for pd in parsed.values() if self._likely_needs_entities(pd)]
            for _ in ner.pipe(likely, batch_size=self.batch_size):
                pass
            done = {id(pd) for pd in likely}
            for pd in parsed.values():
                if id(pd) not in done:
                    pd.user_data[_NER_PENDING] = True
        out: list[Coded] = []
        k = 0
        for di, d in enumerate(docs):
            n = len(spans[di])
            items = [(flat[k + j][1], flat[k + j][2], parsed.get(k + j), light[k + j]) for j in range(n)]
            out.append(self._code_sentences(d, items))
            k += n
        return out

    def _likely_needs_entities(self, doc: Doc) -> bool:
        """A bare capitalised word that is a gazetteer surname, outside the dictionary's names:
        what makes ActorResolver._short_name read the NER labels."""
        surnames = self._surnames
        return any(t.lower_ in surnames and not t.ent_type and t.is_title for t in doc)

    def _ensure_entities(self, doc: Doc) -> None:
        if doc.user_data.pop(_NER_PENDING, False) and self._ner is not None:
            self._ner(doc)

    def _may_hold_event(self, light: Doc) -> bool:
        """Must this sentence be parsed? If it could hold an event: a trigger word and something
        that can refer to an actor (a dictionary name, a pronoun, a group word or a capitalised
        name). Sentences naming a person are parsed too, because whether the person is a
        subject decides what later pronouns refer to, and that needs the parse."""
        if any(e.label_ == "PERSON_ACTOR" for e in light.ents) or any(
                t.is_title and self.gazetteer.people_by_surname(t.text) for t in light):
            return True
        forms = self.lexicon.surface_forms
        if not any(t.lower_ in forms for t in light):
            return False
        if light.ents:
            return True
        return any(t.lower_ in _REFERRING or (t.is_title and t.i > 0) for t in light)  # a name we may not know

    def _code_sentences(self, document: Document, items: list[tuple[int, int, Doc | None, Doc]]) -> Coded:
        ctx = DocContext(published=document.published)
        coded: list[CodedSentence] = []
        cands: list[Candidate] = []
        for start, end, parsed, light in items:
            doc = parsed if parsed is not None else light
            mentions = self.resolver.mentions(doc, ctx)
            cs = CodedSentence(start, end, parsed is not None, doc, mentions)
            if parsed is not None:
                sent = Sentence(doc=parsed, mentions=mentions, char_start=start, resolver=self.resolver,
                                cues=self.lexicon.cues)
                cs.candidates = build_candidates(sent, self.lexicon, document.published,
                                                 find_expressions(parsed.text))
                cands.extend(cs.candidates)
            coded.append(cs)
        events = merge(cands, document.id)
        return Coded(document, events, coded)


_NER_PENDING = "detente.ner_pending"


_REFERRING = {"he", "she", "it", "they", "his", "her", "its", "their", "both", "two", "three"}


def explain_text(coder: Coder, text: str, published: date | None) -> Coded:
    """Code one piece of text with the pre-filter off, keeping every intermediate step."""
    saved = coder.prefilter, coder.defer_ner
    coder.prefilter, coder.defer_ner = False, False   # show every sentence's entities
    try:
        return coder.code_full(Document.from_text("explain", text, published=published))
    finally:
        coder.prefilter, coder.defer_ner = saved
