"""Documents and events for the store tests, built from `detente.model` types.

The texts are synthetic ("Ruritania met Freedonia ..."), and each event's evidence
points at real character offsets in its document, so round trips can be checked exactly.
Deterministic: the same arguments give the same documents and events in any process.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from detente.model import Actor, DateSpan, Document, Event, Evidence, Location, stable_id

# Fictional codes are fine for the store: it never resolves them.
STATES = ("AAA", "BBB", "CCC", "DDD", "EEE")
UN = Actor("UN", kind="igo", name="United Nations", body="UNSC", text="the Security Council")

SENTENCES = (
    "{a} and {b} held talks in the capital.",
    "{a} demanded that {b} withdraw its ships.",
    "{a}, {b} and {c} met for trilateral talks.",
    "{a} accused {b} of violating the accord.",
    "{a} is expected to visit {b} next month.",
    "{a} called for calm.",
)


def state(code: str, person: str | None = None, sector: str | None = None) -> Actor:
    return Actor(code=code, kind="state", name=f"State {code}", person=person, sector=sector)


def make_doc(i: int, published: date | None = date(2020, 1, 1), *, n_sentences: int = 6) -> Document:
    names = [STATES[(i + k) % len(STATES)] for k in range(3)]
    body = " ".join(
        SENTENCES[k % len(SENTENCES)].format(a=names[0], b=names[1], c=names[2]) for k in range(n_sentences)
    )
    text = f"Bulletin {i}. {body}"
    return Document.from_text(f"doc-{i:05d}", text, title=f"Bulletin {i}", published=published,
                              url=f"https://example.org/{i}", source="example", published_from="metadata")


def _mention(doc: Document, k: int, trigger: str) -> Evidence:
    """The k-th sentence of the document, with its offsets."""
    starts = [0]
    for pos, ch in enumerate(doc.text):
        if ch == "." and pos + 2 <= len(doc.text):
            starts.append(pos + 2)
    k = k % (len(starts) - 1)
    start, end = starts[k], starts[k + 1] - 1
    return Evidence(sentence=doc.text[start:end], start=start, end=end, trigger=trigger)


def make_events(doc: Document, n: int) -> list[Event]:
    """`n` events of varied shape for `doc`: symmetric, trilateral, compound, untargeted."""
    idx = int(doc.name.rsplit("-", 1)[-1]) if doc.name.rsplit("-", 1)[-1].isdigit() else 0
    a, b, c = (STATES[(idx + k) % len(STATES)] for k in range(3))
    anchor = doc.published or date(2020, 1, 1)
    out: list[Event] = []
    for j in range(n):
        shape = j % 6
        eid = stable_id(doc.id, j)
        day = anchor - timedelta(days=j % 5)
        when = DateSpan(day, day, "day", text="on the day") if shape != 5 else None
        base = Event(event_id=eid, doc_id=doc.id, event_type="REQUEST", sources=(state(a),), date=when,
                     confidence=round(0.4 + 0.1 * (j % 6), 2),
                     evidence=(_mention(doc, shape + 1, "x"), _mention(doc, shape + 2, "y"))[: 1 + j % 2])
        if shape == 0:
            ev = replace(base, event_type="CONSULT", sources=(state(a), state(b)), symmetric=True,
                         location=Location("Capital", country=a, lat=10.5, lon=-3.25))
        elif shape == 1:
            ev = replace(base, sources=(state(a, person="Foreign Minister", sector="GOV"),),
                         targets=(state(b),), mode="change")
        elif shape == 2:
            ev = replace(base, event_type="CONSULT", sources=(state(a), state(b), state(c)), symmetric=True,
                         mode="multilateral")
        elif shape == 3:
            ev = replace(base, event_type="ACCUSE", sources=(state(a), UN), targets=(state(b), state(c)))
        elif shape == 4:
            span = DateSpan(day.replace(day=1), day.replace(day=28), "month", approximate=True, text="next month")
            ev = replace(base, event_type="CONSULT", targets=(state(b),), mode="visit", status="expected",
                         attributed_to=state(c, person="Analyst"), date=span)
        else:
            ev = base  # no target, no date: the fallbacks
        out.append(ev)
    return out


def crash_docs(n: int) -> list[Document]:
    """The corpus the crash-test writer codes: longer texts, a spread of dates."""
    return [make_doc(i, date(2018, 1, 1) + timedelta(days=i % 300), n_sentences=30) for i in range(n)]


def n_events_for(doc: Document) -> int:
    """How many events the crash-test writer codes for a document (0 for some)."""
    return int(doc.id[:2], 16) % 12
