"""`detente demo`, the README's first command, through a real subprocess."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run_cli

from detente.samples import corpus_dir
from detente.store import Store


def test_demo_codes_the_sample_corpus_prints_the_analysis_and_writes_the_report(tmp_path: Path) -> None:
    db, report = tmp_path / "demo.duckdb", tmp_path / "out" / "report.html"
    report.parent.mkdir()
    out = run_cli(["demo", "-o", str(report)], db=db).stdout
    found = re.search(r"ingested (\d+) new document\(s\) \(0 already stored, 0 error", out)
    assert found, out[:500]
    n_docs = int(found.group(1))
    assert n_docs >= len(list(corpus_dir().iterdir()))  # the JSON Lines file holds several
    for title in ("Events", "Most active dyads", "Blocs by quarter", "Unity of CHN PRK RUS by quarter",
                  "Bursts by month", "Expectations ledger as of"):
        assert title in out, title
    assert re.search(r"\d+ prediction\(s\): \d+ fulfilled", out)
    # the last line says where the report is, and it is there, self-contained
    assert out.rstrip().splitlines()[-1].startswith(f"report written to {report.resolve()}")
    html = report.read_text(encoding="utf-8")
    assert "<script src=" not in html
    assert all(href.startswith("data:") for href in re.findall(r'<link [^>]*href="([^"]*)"', html))
    with Store(db, read_only=True) as store:
        before = store.stats()
    assert before["events"] > 0 and before["coded"] == n_docs

    again = run_cli(["demo", "-o", str(report)], db=db).stdout
    assert f"ingested 0 new document(s) ({n_docs} already stored" in again
    with Store(db, read_only=True) as store:
        assert store.stats() == before
