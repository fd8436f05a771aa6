"""Whatever bytes a file holds, ingest reports, never raises."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.ingest import find_published, iter_documents, parse_date

EXTENSIONS = (".txt", ".md", ".html", ".htm", ".jsonl")
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        # Both the explicit file and the folder walk.
        for target in (path, Path(tmp)):
            results = list(iter_documents([target], max_bytes=50_000))
            assert results
            for result in results:
                assert (result.document is None) != (result.error is None)
                if result.error is not None:
                    line = str(result.error)
                    assert "\n" not in line and "\r" not in line
                    assert line.startswith(str(path))
                    assert "unexpected error" not in line
                else:
                    assert result.document is not None and result.document.text.strip()


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(EXTENSIONS))
def test_random_bytes(data: bytes, suffix: str) -> None:
    _check(data, suffix)


# Text-like input goes further into the readers than random bytes, which mostly stop at
# the binary or UTF-8 checks.
_MARKUP = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(["<p>", "</p>", "<div>", "<html>", "<title>", "</title>", "<script>", "<!--", "-->",
                         "<meta charset='", "'>", "&amp;", "&#0;", "<?xml ", "\r\n", "\n", "\x00",
                         "Posted on : ", "2018-10-09", "Published: March 3, 2019", "{", "}", '"text": ', ","]),
    ),
    max_size=40,
).map("".join)


@FUZZ
@given(text=_MARKUP, suffix=st.sampled_from(EXTENSIONS))
def test_text_like_input(text: str, suffix: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"), suffix)


_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)
_RECORD = st.fixed_dictionaries(
    {},
    optional={key: _JSON_VALUE | st.text(max_size=60) for key in ("id", "text", "title", "published", "url", "source")},
)


@FUZZ
@given(lines=st.lists(_RECORD.map(json.dumps) | st.text(max_size=30), max_size=8))
def test_jsonl_records(lines: list[str]) -> None:
    _check("\n".join(lines).encode("utf-8", "surrogatepass"), ".jsonl")


@FUZZ
@given(text=_MARKUP)
def test_date_finders_never_raise(text: str) -> None:
    find_published(text)
    parse_date(text)
