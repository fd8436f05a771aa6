"""Reliability fuzz for what tests/ingest and tests/dates do not already fuzz:

- the coder itself (`Coder.code`) on random unicode and on news-like word soup: it never
  raises, and what it returns is well-formed (evidence offsets frame the sentence in the
  text, dates run forwards, types and statuses are known) and the same on a second call;
- coded events through the store and the exporter: every row validates against the schema;
- ingest over whole folder trees of mixed files (extensions in any case, unknown ones,
  other encodings, empty and hidden files), where the existing fuzz uses one file at a time.
"""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.reliability.coder_cases import CASES, code_checked

from detente.ingest import iter_documents
from detente.model import Document

REPO = Path(__file__).resolve().parents[2]
CASES_SCRIPT = Path(__file__).resolve().parent / "coder_cases.py"
SCHEMA = json.loads((REPO / "src" / "detente" / "store" / "event.schema.json").read_text(encoding="utf-8"))
CODER = settings(max_examples=120, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Words that reach every part of the coder: actor names of every kind, titles, pronouns,
# trigger verbs and nouns in several tenses, negation and modality cues, date words, and
# the punctuation that sentence splitting and datelines turn on. Written for this test.
WORDS = [
    "North Korea", "South Korean", "Pyongyang", "Seoul", "Washington", "Beijing", "Moscow", "Tokyo", "the UN",
    "NATO", "the European Union", "Kim Jong-un", "Moon", "Trump", "Putin", "Xi Jinping", "President", "leader",
    "Foreign Minister", "the minister", "envoys", "troops", "rebels", "Hamas", "he", "she", "they", "it", "both",
    "the two sides", "its", "their", "met", "meet", "will meet", "meeting", "talks", "held talks", "visited",
    "visit", "signed", "agreement", "pact", "accused", "condemned", "threatened", "sanctions", "imposed",
    "urged", "called on", "rejected", "refused", "fired", "missiles", "attacked", "shelled", "aid", "sent",
    "withdrew", "cancelled", "called off", "postponed", "failed", "not", "never", "may", "could", "plans to",
    "is expected to", "said", "told", "according to", "on Monday", "last week", "next month", "in May",
    "on June 12", "2019", "yesterday", "late on Friday", "in", "with", "to", "of", "and", "but", "after", "the",
    "a", ",", ".", ";", ":", "--", "—", "(", ")", '"', "'", "“", "”", "?", "!", "\n", "\n\n", "SEOUL --",
    "WASHINGTON (Reuters) -", "PYONGYANG, June 3 --", "Mr.", "U.S.", "Dec.", "No.", "e.g.", "...", "1,000",
]
news_soup = st.lists(st.sampled_from(WORDS), min_size=1, max_size=80).map(" ".join)
published = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))


@CODER
@given(text=st.text(max_size=400), pub=published)
def test_coder_never_raises_on_random_unicode(coder: Any, text: str, pub: date | None) -> None:
    code_checked(coder, text, pub)


@CODER
@given(text=news_soup, pub=published)
def test_coder_never_raises_on_news_like_soup(coder: Any, text: str, pub: date | None) -> None:
    code_checked(coder, text, pub)


@CODER
@given(parts=st.lists(st.one_of(news_soup, st.text(max_size=30)), min_size=1, max_size=6), pub=published)
def test_coder_never_raises_on_mixed_text(coder: Any, parts: list[str], pub: date | None) -> None:
    code_checked(coder, "".join(parts), pub)


def _run_cases(indices: list[int]) -> dict[int, str]:
    """Run extreme cases in a child process capped at 2 GB of address space and 300 s.
    A case that hangs or exhausts memory is reported as such, and the cases after it run
    in a fresh child."""
    results: dict[int, str] = {}
    todo = list(indices)
    while todo:
        started = None
        for line in _run_child(todo).splitlines():
            msg = json.loads(line)
            if msg.get("start"):
                started = msg["case"]
            else:
                results[msg["case"]] = "ok" if msg.get("ok") else msg["error"]
                started = None
        if started is not None:
            results[started] = "hung or ran out of memory (killed after 300 s or at 2 GB)"
        todo = [i for i in todo if i not in results]
    return results


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def _run_child(indices: list[int]) -> str:
    try:
        proc = subprocess.run([sys.executable, str(CASES_SCRIPT), *map(str, indices)], capture_output=True,
                              text=True, timeout=300, preexec_fn=_cap_memory, cwd=REPO, check=False)
        return proc.stdout
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout or ""
        return out.decode() if isinstance(out, bytes) else out


@pytest.fixture(scope="module")
def extreme_results() -> dict[int, str]:
    return _run_cases(list(range(len(CASES))))


@pytest.mark.parametrize("index", range(len(CASES)), ids=[name for name, _ in CASES])
def test_coder_on_extreme_shapes(extreme_results: dict[int, str], index: int) -> None:
    outcome = extreme_results[index]
    assert outcome == "ok", f"{CASES[index][0]}: {outcome}"


# ------------------------------------------------------------------ coder -> store -> export

@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from detente.store import Store

    with Store(tmp_path_factory.mktemp("fuzzstore") / "fuzz.duckdb") as store:
        yield store


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=news_soup, pub=published)
def test_coded_events_store_and_export_to_schema_valid_rows(coder: Any, fuzz_store: Any, text: str,
                                                            pub: date | None) -> None:
    from detente.engines import coder_version
    from detente.store import EventFilter

    doc = Document.from_text("fuzz", text, published=pub)
    events = coder.code(doc)
    fuzz_store.add_documents([doc])
    assert fuzz_store.save_coded([(doc.id, events)], coder_version()) == len(events)
    stored = fuzz_store.events(EventFilter(origin="detente"))
    mine = [e for e in stored if e.doc_id == doc.id]
    assert sorted(e.event_id for e in mine) == sorted(e.event_id for e in events)
    for ev in mine:
        for row in ev.to_rows():
            jsonschema.validate(json.loads(json.dumps(row, default=str)), SCHEMA)


# ------------------------------------------------------------------ ingest over folder trees

NAMES = st.sampled_from(["a", "b", "sub/c", "sub/deep/d", ".hidden", "sub/.e", "UPPER", "x y", "é"])
EXTS = st.sampled_from([".txt", ".TXT", ".md", ".Md", ".html", ".HTM", ".jsonl", ".JSONL", ".csv", ".pdf", ""])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])
CONTENT = st.one_of(
    st.binary(max_size=400),
    st.tuples(st.one_of(news_soup, st.text(max_size=200)), ENCODINGS).map(
        lambda t: t[0].encode(t[1], "replace") if t[1] != "utf-8-sig" else codecs.BOM_UTF8 + t[0].encode()),
    st.lists(st.fixed_dictionaries({"text": news_soup}, optional={"published": st.text(max_size=12),
                                                                 "title": st.text(max_size=12)}),
             max_size=3).map(lambda rs: "\n".join(json.dumps(r) for r in rs).encode()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(st.tuples(NAMES, EXTS, CONTENT), min_size=1, max_size=8),
       override=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1))))
def test_ingest_folder_trees_report_and_never_raise(files: list[tuple[str, str, bytes]],
                                                    override: date | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, ext, data in files:
            path = root / f"{name}{ext}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        results = list(iter_documents([root], published=override, max_bytes=100_000))
        docs = [r.document for r in results if r.document is not None]
        for r in results:
            assert (r.document is None) != (r.error is None) or getattr(r.error, "warning", False)
            if r.error is not None:
                text = str(r.error)
                assert text.startswith(str(root)) and "\n" not in text
                assert "unexpected error" not in text
        for doc in docs:
            assert doc.text.strip()
            assert doc.id == Document.content_id(doc.text)
            assert doc.path is None or doc.path.startswith(str(root))
            if override is not None:
                assert doc.published == override
        # files are walked in sorted order, so a second walk gives the same documents
        again = [r.document for r in iter_documents([root], published=override, max_bytes=100_000)
                 if r.document is not None]
        assert again == docs
