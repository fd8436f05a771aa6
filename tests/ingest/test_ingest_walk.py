"""Folders, batches, and every kind of bad input, each giving one clear one-line error."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_helpers import FIXTURES, split

from detente.ingest import iter_documents

ARTICLE = "Envoys meet\n\nSudan and Chad agreed to reopen their border crossing on Friday.\n"


def _tree(root: Path) -> None:
    (root / "b" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "b" / "c.md").write_text("# Talks\n\nNiger and Benin held talks.\n", encoding="utf-8")
    (root / "b" / "deeper" / "d.HTML").write_bytes((FIXTURES / "ministers_meet.html").read_bytes())
    shutil.copy(FIXTURES / "wire.jsonl", root / "b" / "e.jsonl")
    (root / "z.htm").write_text("<p>Angola and Namibia signed a water accord.</p>", encoding="utf-8")
    # Skipped silently: hidden files and folders, other extensions, no extension.
    (root / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "notes.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "scan.pdf").write_bytes(b"%PDF-1.4")
    (root / "README").write_text(ARTICLE, encoding="utf-8")


def test_folder_walk_is_recursive_sorted_and_quiet(tmp_path: Path) -> None:
    _tree(tmp_path)
    docs, errors = split([tmp_path])
    assert errors == []
    assert [d.name for d in docs] == ["a", "c", "d", "wire-001", "e:3", "3", "z"]
    # Same input, same stream.
    assert split([tmp_path])[0] == docs


def test_explicit_unknown_extension_is_an_error(tmp_path: Path) -> None:
    _tree(tmp_path)
    docs, errors = split([tmp_path / "scan.pdf", tmp_path / "README", tmp_path / "a.txt"])
    assert [d.name for d in docs] == ["a"]
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'scan.pdf'}: unsupported file type '.pdf'; expected .htm, .html, .jsonl, .md, .txt",
        f"{tmp_path / 'README'}: unsupported file type (no extension); expected .htm, .html, .jsonl, .md, .txt",
    ]


def test_missing_path_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    missing = tmp_path / "nope.txt"
    results = list(iter_documents([missing, tmp_path / "ok.txt", "", tmp_path / "ok.txt"]))
    assert [r.document.name if r.document else str(r.error) for r in results] == [
        f"{missing}: no such file or directory",
        "ok",
        ": empty path",
        "ok",
    ]


def test_folder_without_readable_files(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "scan.pdf").write_bytes(b"%PDF")
    (tmp_path / "other" / ".secret.txt").write_text(ARTICLE, encoding="utf-8")
    docs, errors = split([tmp_path / "empty", tmp_path / "other"])
    assert docs == []
    assert [(e.path, e.reason.split(" (")[0]) for e in errors] == [
        (str(tmp_path / "empty"), "no readable files"),
        (str(tmp_path / "other"), "no readable files"),
    ]


def test_bad_files_inside_a_folder_each_report_once(tmp_path: Path) -> None:
    (tmp_path / "1-empty.txt").write_bytes(b"")
    (tmp_path / "2-binary.md").write_bytes(b"\x00\x01\x02\x03" * 10)
    (tmp_path / "3-latin.txt").write_bytes("Bogotá".encode("latin-1"))
    (tmp_path / "4-huge.txt").write_text("word " * 1000, encoding="utf-8")
    (tmp_path / "5-good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "6-no-text.html").write_text("<html><script>x()</script></html>", encoding="utf-8")
    docs, errors = split([tmp_path], max_bytes=4000)
    assert [d.name for d in docs] == ["5-good"]
    assert [(Path(e.path).name, e.reason) for e in errors] == [
        ("1-empty.txt", "empty file"),
        ("2-binary.md", "binary file"),
        ("3-latin.txt", "not valid UTF-8 (byte 0xe1 at offset 5)"),
        ("4-huge.txt", "file too large (5000 bytes > 4000 byte limit)"),
        ("6-no-text.html", "no readable text"),
    ]


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    docs, errors = split([tmp_path])
    assert [d.name for d in docs] == ["a", "b"]
    assert [(Path(e.path).name, e.reason) for e in errors] == [("dangling.txt", "no such file or directory")]


def test_special_file_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    docs, [error] = split([fifo])
    assert docs == []
    assert error.reason == "not a regular file"


def test_error_lines_stay_one_line(tmp_path: Path) -> None:
    odd = tmp_path / "two\nlines.txt"
    odd.write_bytes(b"")
    _, [error] = split([odd])
    assert str(error) == f"{tmp_path}/two\\nlines.txt: empty file"


def test_a_single_path_is_not_split_into_characters() -> None:
    docs, errors = split(str(FIXTURES / "briefing.md"))
    assert errors == [] and [d.name for d in docs] == ["briefing"]


def test_results_stream_lazily(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    stream = iter_documents([tmp_path / "a.txt", tmp_path / "later.txt"])
    first = next(stream)
    assert first.document is not None
    # A file that did not exist when the stream started is read when its turn comes.
    (tmp_path / "later.txt").write_text(ARTICLE.replace("Friday", "Monday"), encoding="utf-8")
    [second] = list(stream)
    assert second.document is not None and "Monday" in second.document.text


def _as_unprivileged(job: Callable[[], list[str]]) -> list[str]:
    """Run `job` in a forked child as user nobody (root reads everything, so a permission
    error can only be seen without root) and return its lines."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            os.close(read_fd)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            os.write(write_fd, "\n".join(job()).encode("utf-8"))
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as fh:
        out = fh.read().decode("utf-8")
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return out.split("\n") if out else []


def test_permission_denied() -> None:
    # Not pytest's tmp_path: its parent is private to the test user, so nobody could not
    # even reach the files whose permissions are under test.
    root = Path(tempfile.mkdtemp(prefix="detente-perm-"))
    try:
        root.chmod(0o755)
        (root / "ok.txt").write_text(ARTICLE, encoding="utf-8")
        (root / "locked.txt").write_text(ARTICLE, encoding="utf-8")
        (root / "locked.txt").chmod(0o000)
        (root / "closed").mkdir()
        (root / "closed" / "inside.txt").write_text(ARTICLE, encoding="utf-8")
        (root / "closed").chmod(0o000)

        def job() -> list[str]:
            lines = []
            for target in (root, root / "locked.txt", root / "closed"):
                for r in iter_documents([target]):
                    lines.append(f"doc {r.document.name}" if r.document else f"err {r.error}")
            return lines

        lines = _as_unprivileged(job) if os.geteuid() == 0 else job()
    finally:
        (root / "closed").chmod(0o755)
        shutil.rmtree(root)
    assert lines == [
        f"err {root / 'closed'}: permission denied",
        f"err {root / 'locked.txt'}: permission denied",
        "doc ok",
        f"err {root / 'locked.txt'}: permission denied",
        f"err {root / 'closed'}: permission denied",
    ]


@pytest.mark.parametrize("name", ["briefing.md", "ministers_meet.html", "strapline_date.html", "wire.jsonl"])
def test_fixtures_read_cleanly(name: str) -> None:
    docs, errors = split([FIXTURES / name])
    assert errors == [] and docs
