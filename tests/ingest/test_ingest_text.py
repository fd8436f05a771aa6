from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from ingest_helpers import split

BODY = "Ministers from Chile and Peru met in Lima on Monday.\nThey agreed to meet again.\n"


def test_text_file_as_is(tmp_path: Path) -> None:
    raw = "\n\n  Lima talks open  \n\n" + BODY + "   \n"
    (tmp_path / "lima-talks.txt").write_text(raw, encoding="utf-8")
    docs, errors = split([tmp_path / "lima-talks.txt"])
    assert errors == []
    [doc] = docs
    assert doc.name == "lima-talks"
    assert doc.text == raw  # not stripped, not reflowed: evidence offsets point into it
    assert doc.title == "Lima talks open"
    assert doc.id == hashlib.sha256(raw.encode("utf-8")).hexdigest()
    assert doc.path == str(tmp_path / "lima-talks.txt")
    assert doc.published is None and doc.published_from is None


def test_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline\r\n\r\nFirst line.\r\nSecond line.\rThird.\r\n")
    [doc], errors = split([path])
    assert errors == []
    assert doc.text == "Headline\n\nFirst line.\nSecond line.\nThird.\n"
    assert doc.title == "Headline"


def test_title_rules(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The ministers met on Monday.\nMore.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x" * 200 + "\nMore.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("x" * 199 + "\nMore.\n", encoding="utf-8")
    (tmp_path / "d.md").write_text("\n## Envoys meet in Lima\n\nBody.\n", encoding="utf-8")
    docs, _ = split([tmp_path])
    titles = {d.name: d.title for d in docs}
    assert titles == {"a": None, "b": None, "c": "x" * 199, "d": "Envoys meet in Lima"}


def test_same_text_same_id(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "two.txt").write_text(BODY, encoding="utf-8")
    docs, _ = split([tmp_path])
    assert docs[0].id == docs[1].id
    assert [d.name for d in docs] == ["one", "two"]


def test_published_from_text_and_override(tmp_path: Path) -> None:
    path = tmp_path / "dated.txt"
    path.write_text("Envoys meet\n\nPosted on : 2018-10-09 15:55 KST\n\n" + BODY, encoding="utf-8")
    [doc], _ = split([path])
    assert (doc.published, doc.published_from) == (date(2018, 10, 9), "text")
    [doc], _ = split([path], published=date(2020, 1, 2))
    assert (doc.published, doc.published_from) == (date(2020, 1, 2), "cli")


def test_empty_and_whitespace(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_bytes(b" \n\t\r\n")
    docs, errors = split([tmp_path / "empty.txt", tmp_path / "blank.md"])
    assert docs == []
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'empty.txt'}: empty file",
        f"{tmp_path / 'blank.md'}: empty file (whitespace only)",
    ]


def test_binary_files(tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_bytes(b"Some text\x00\x01\x02 and more")
    (tmp_path / "controls.txt").write_bytes(bytes(range(1, 32)) * 20)
    # Random-looking high bytes with no NUL and no valid UTF-8 structure.
    (tmp_path / "noise.txt").write_bytes(bytes((i * 73 + 129) % 128 + 128 for i in range(4000)))
    (tmp_path / "utf16.txt").write_bytes("Ministers met".encode("utf-16"))
    _, errors = split([tmp_path])
    reasons = {Path(e.path).name: e.reason for e in errors}
    assert reasons["nul.txt"] == "binary file"
    assert reasons["controls.txt"] == "binary file"
    assert reasons["noise.txt"] == "binary file"
    assert reasons["utf16.txt"].startswith("not valid UTF-8 (UTF-16")
    assert len(errors) == 4


def test_latin1_is_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    data = "Headline\nThe minister met his counterpart in Bogotá.\n".encode("latin-1")
    path.write_bytes(data)
    docs, [error] = split([path])
    assert docs == []
    offset = data.index(b"\xe1")
    assert error.reason == f"not valid UTF-8 (byte 0xe1 at offset {offset})"
    assert error.line == 2
    assert str(error) == f"{path}:2: not valid UTF-8 (byte 0xe1 at offset {offset})"


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 300, encoding="utf-8")
    docs, [error] = split([path], max_bytes=1000)
    assert docs == []
    assert error.reason == "file too large (1500 bytes > 1000 byte limit)"
    docs, errors = split([path], max_bytes=1500)
    assert len(docs) == 1 and errors == []
