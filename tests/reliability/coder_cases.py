"""Extreme inputs for the coder, and the checks every coded document must pass.

Run as a child process by test_fuzz.py (`python tests/reliability/coder_cases.py 0 1 2 ...`)
under a memory cap and a time limit, because an input that sends the coder into an endless
loop must fail one test, not exhaust the shared machine's memory. Prints one JSON line per
case: {"case": i, "start": true}, then {"case": i, "ok": true} or {"case": i, "error": "..."}.
"""

from __future__ import annotations

import json
import sys
import traceback
from datetime import date
from pathlib import Path

from detente.model import STATUSES, Document, Event, event_types

CASES: list[tuple[str, str]] = [
    # one "sentence" far over the splitter's length limit, with spaces to cut at
    ("long sentence", "North Korea accused South Korea of provocations and " * 200),
    # ... and without any space in the first 20,000 characters (a pasted blob, a long URL)
    ("long token", "x" * 20_000 + " North Korea met China."),
    ("long CJK run", "北朝鮮と韓国の首脳が会談した" * 200 + ". North Korea met China."),
    # names and triggers only, no sentence end anywhere
    ("no sentence end", " ".join(["Kim", "Moon", "met", "Trump", "visited"] * 400)),
    ("newlines only", "\n" * 5000),
    ("unicode spaces", " \t\r\n\u2028\u2029\u00a0\u200b" * 500),
    ("dots", "." * 5000),
    ("quotes", "“”\"'" * 1000),
    ("bare dateline", "SEOUL --"),
    ("many datelines", "SEOUL -- PYONGYANG -- TOKYO -- North Korea met Japan.\n" * 50),
    ("mixed scripts", "كيم جونغ أون met Moon Jae-in in 판문점 on Friday\u0301\u0301. 北朝鮮 accused Japan."),
    ("control characters", "\x00\x01\x1b[31mNorth Korea\x1b[0m fired missiles\x7f on Monday."),
    # the same trigger twice in one sentence with the same actors but different statuses
    ("repeated trigger", "North Korea North Korea postponed rejected North Korea rejected"),
]


def check_events(doc: Document, events: list[Event]) -> None:
    """Well-formed output: unique ids (the store refuses duplicates in one save), known
    types and statuses, forward dates, and evidence offsets that frame the sentence."""
    types = event_types()
    ids = [e.event_id for e in events]
    assert len(ids) == len(set(ids)), f"duplicate event ids coding {doc.text[:200]!r} ({doc.published})"
    for ev in events:
        assert ev.doc_id == doc.id
        assert ev.event_type in types, ev.event_type
        assert ev.status in STATUSES, ev.status
        assert 0.0 <= ev.confidence <= 1.0, ev.confidence
        assert ev.sources and all(a.code for a in ev.sources)
        if ev.date is not None:
            assert ev.date.start <= ev.date.end, ev.date
        for evidence in ev.evidence:
            assert 0 <= evidence.start < evidence.end <= len(doc.text), (evidence.start, evidence.end)
            assert doc.text[evidence.start:evidence.end] == evidence.sentence
        for source, target in ev.dyads():
            assert source.code and (target is None or target.code)


def code_checked(coder: object, text: str, published: date | None) -> list[Event]:
    from detente.events.coder import Coder

    assert isinstance(coder, Coder)
    doc = Document.from_text("fuzz", text, published=published)
    events = coder.code(doc)
    check_events(doc, events)
    assert coder.code(doc) == events, "the same input gave other events on a second call"
    return events


def main(indices: list[int]) -> None:
    from detente.events.coder import Coder

    coder = Coder()
    for i in indices:
        print(json.dumps({"case": i, "start": True}), flush=True)
        try:
            code_checked(coder, CASES[i][1], date(2019, 6, 30))
            print(json.dumps({"case": i, "ok": True}), flush=True)
        except (Exception, MemoryError, RecursionError):
            print(json.dumps({"case": i, "error": traceback.format_exc(limit=6)[-3000:]}), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main([int(a) for a in sys.argv[1:]])
