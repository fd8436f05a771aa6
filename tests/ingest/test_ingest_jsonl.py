from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ingest_helpers import FIXTURES, split

from detente.ingest import iter_documents


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _record(**kw: object) -> str:
    return json.dumps(kw)


def test_records_names_and_dates() -> None:
    docs, errors = split([FIXTURES / "wire.jsonl"])
    assert errors == []
    assert [d.name for d in docs] == ["wire-001", "wire:3", "3"]
    first, second, third = docs
    assert first.title == "Ferry safety deal"
    assert first.url == "https://wire.example/001"
    assert first.source == "Example Wire"
    assert (first.published, first.published_from) == (date(2022, 5, 10), "metadata")
    assert (second.published, second.published_from) == (date(2022, 6, 1), "metadata")
    # No metadata date: the dateline in the text is used.
    assert (third.published, third.published_from) == (date(2022, 6, 3), "text")
    assert all(d.path == str(FIXTURES / "wire.jsonl") for d in docs)


def test_bad_lines_are_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "mixed.jsonl", [
        _record(id="a", text="Kenya and Ethiopia agreed to reopen a border post."),
        "",
        '{"id": "b", "text": "unterminated',
        _record(id="c", title="no text here"),
        "[1, 2, 3]",
        _record(id="d", text="   "),
        _record(id="e", text=42),
        _record(id="f", text="Malawi asked Zambia to extradite a suspect."),
    ])
    docs, errors = split([path])
    assert [d.name for d in docs] == ["a", "f"]
    assert str(errors[0]).startswith(f"{path}:3: not valid JSON: Unterminated string starting at (column ")
    assert [str(e) for e in errors[1:]] == [
        f"{path}:4: no 'text' field",
        f"{path}:5: not a JSON object (got array)",
        f"{path}:6: empty 'text' field",
        f"{path}:7: 'text' field is not a string (got number)",
    ]


def test_unparseable_date_warns_and_keeps_the_document(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "dates.jsonl", [
        _record(id="x", text="Published: 2019-04-02\nBhutan hosted a regional water forum.", published="foo"),
        _record(id="y", text="Laos and Cambodia held talks.", published="2999-01-01"),
        _record(id="z", text="Laos and Cambodia held talks.", published=2019),
    ])
    results = list(iter_documents([path]))
    kinds = ["warning" if r.error and r.error.warning else "doc" if r.document else "error" for r in results]
    assert kinds == ["warning", "doc", "warning", "doc", "warning", "doc"]
    warn_x, doc_x, warn_y, doc_y, warn_z, doc_z = results
    assert warn_x.error is not None and warn_x.error.line == 1
    assert str(warn_x.error).startswith(f"{path}:1: unparseable date 'foo'")
    assert doc_x.document is not None
    assert (doc_x.document.published, doc_x.document.published_from) == (date(2019, 4, 2), "text")
    assert warn_y.error is not None and "implausible date '2999-01-01'" in warn_y.error.reason
    assert doc_y.document is not None and doc_y.document.published is None
    assert warn_z.error is not None and "unparseable date '2019'" in warn_z.error.reason
    assert doc_z.document is not None and doc_z.document.published_from is None


def test_override_silences_metadata_dates(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "o.jsonl", [_record(text="Talks were held.", published="foo")])
    [doc], errors = split([path], published=date(2020, 2, 2))
    assert errors == [] and doc.published_from == "cli"


def test_encoding_problems_per_line(tmp_path: Path) -> None:
    path = tmp_path / "enc.jsonl"
    good = _record(id="ok", text="Chile thanked Argentina for its help.").encode("utf-8")
    bad = b'{"id": "bad", "text": "Bogot\xe1"}'
    path.write_bytes(b"\xef\xbb\xbf" + good + b"\r\n" + bad + b"\n" + good + b"\n")
    docs, [error] = split([path])
    assert [d.name for d in docs] == ["ok", "ok"]
    offset = 3 + len(good) + 2 + bad.index(b"\xe1")
    assert str(error) == f"{path}:2: not valid UTF-8 (byte 0xe1 at offset {offset})"


def test_line_too_large_is_skipped_not_fatal(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "big.jsonl", [
        _record(id="big", text="word " * 400),
        _record(id="small", text="Peru recalled its envoy."),
    ])
    docs, [error] = split([path], max_bytes=500)
    assert [d.name for d in docs] == ["small"]
    assert (error.line, error.reason) == (1, "line too large (more than 500 byte limit)")


def test_empty_blank_and_binary_files(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \n\n")
    (tmp_path / "zip.jsonl").write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(100))
    docs, errors = split([tmp_path])
    assert docs == []
    assert [(Path(e.path).name, e.reason) for e in errors] == [
        ("blank.jsonl", "no records (only blank lines)"),
        ("empty.jsonl", "empty file"),
        ("zip.jsonl", "binary file"),
    ]


def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "deep.jsonl", ["[" * 100_000 + "]" * 100_000])
    docs, [error] = split([path])
    assert docs == [] and error.line == 1 and error.reason.startswith("not ")


def test_reads_line_by_line(tmp_path: Path) -> None:
    # Lines appended after the first document was handed out are still read: the file is
    # streamed, not loaded up front.
    path = _write_lines(tmp_path / "stream.jsonl", [_record(id="1", text="Oman hosted talks.")])
    stream = iter_documents([path])
    first = next(stream)
    assert first.document is not None and first.document.name == "1"
    with path.open("a", encoding="utf-8") as fh:
        fh.write(_record(id="2", text="Qatar hosted talks.") + "\n")
    assert [r.document.name for r in stream if r.document] == ["2"]
