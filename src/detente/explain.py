"""`detente explain`: everything the coder saw and decided, for analysts auditing a coding."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from detente.events.coder import Coded
from detente.events.extract import Candidate
from detente.model import Actor


def _actors(actors: list[Actor] | tuple[Actor, ...]) -> str:
    out = []
    for a in actors:
        label = a.code
        extra = [x for x in (a.person, a.sector, a.body) if x]
        if extra:
            label += f" ({', '.join(extra)})"
        out.append(label)
    return ", ".join(out) or "-"


def render_explanation(console: Console, coded: Coded) -> None:
    for cs in coded.sentences:
        console.rule(f"sentence at {cs.start}-{cs.end}" + ("" if cs.parsed else " (not parsed)"))
        console.print(cs.doc.text, highlight=False, markup=False)
        toks = Table(title="tokens", header_style="bold", box=None)
        for col in ("i", "text", "lemma", "pos", "dep", "head", "entity"):
            toks.add_column(col)
        for t in cs.doc:
            ent = f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else ""
            toks.add_row(str(t.i), t.text, t.lemma_, t.pos_, t.dep_, f"{t.head.i}:{t.head.text}", ent)
        console.print(toks)
        if cs.doc.ents:
            console.print("entities: " + "; ".join(f"{e.text} [{e.label_}{' ' + e.ent_id_ if e.ent_id_ else ''}]"
                                                   for e in cs.doc.ents), markup=False, highlight=False)
        if cs.mentions:
            console.print("actors: " + "; ".join(
                f"'{cs.doc[m.start:m.end].text}' -> {_actors(m.actors) if m.actors else m.place_name} ({m.kind})"
                for m in cs.mentions), markup=False, highlight=False)
        for c in cs.candidates:
            console.print(_candidate_line(c), markup=False, highlight=False)
    console.rule("events")
    if not coded.events:
        console.print("no events")
    for e in coded.events:
        d = "" if e.date is None else f" {e.date.start}..{e.date.end} ({e.date.precision}{', approx' if e.date.approximate else ''})"
        sym = " <->" if e.symmetric else " ->"
        console.print(
            f"{e.event_type}{'/' + e.mode if e.mode else ''}: {_actors(e.sources)}{sym} {_actors(e.targets)} "
            f"[{e.status}]{d} conf={e.confidence:.2f}"
            + (f" attributed to {e.attributed_to.code}" if e.attributed_to else "")
            + (f" at {e.location.name}" if e.location else ""),
            markup=False, highlight=False)


def _candidate_line(c: Candidate) -> str:
    verdict = "KEPT" if not c.drop else f"DROPPED ({c.drop})"
    parts = [
        f"  trigger '{c.trigger.text}' ({c.spec.lemma}, {c.spec.frame}) -> {c.event_type}"
        + (f"/{c.mode}" if c.mode else ""),
        f"source {_actors(c.sources)} [{c.source_how or '-'}]",
        f"target {_actors(c.targets)} [{c.target_how or '-'}]",
        f"status {c.status}" + (f" (cue '{c.reading.cue}')" if c.reading.cue else ""),
    ]
    if c.date is not None:
        parts.append(f"date {c.date.start}..{c.date.end}")
    if c.anaphoric:
        parts.append("anaphoric")
    parts.append(f"conf {c.confidence:.2f}")
    line = "; ".join(parts) + f"  => {verdict}"
    for note in c.why:
        line += f"\n      {note}"
    return line
