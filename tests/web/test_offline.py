"""Nothing the dashboard or the report ships may load from the network, and the report is one file."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest

from detente.report import ReportOptions, render_report, write_report
from detente.store import EventFilter, Store
from detente.web import page

WEB = Path(str(resources.files("detente.web")))
REPORT_SRC = Path(str(resources.files("detente.report")))
CDN_HOSTS = re.compile(r"cdn\.|cdnjs|jsdelivr|unpkg|googleapis|gstatic|bootstrapcdn|cloudflare|jquery\.com|"
                       r"fontawesome|skypack|esm\.sh|esm\.run", re.IGNORECASE)
# URLs that are names, not places to load from (XML namespaces, the licence banners), and
# this machine (examples in the docs).
ALLOWED_URLS = re.compile(r"https?://(www\.w3\.org/|www\.chartjs\.org|github\.com/kurkle/color|"
                          r"127\.0\.0\.1[:/]|localhost[:/])")
URL = re.compile(r"https?://[^\s\"'<>)]+", re.IGNORECASE)


def _shipped_files() -> list[Path]:
    files = [p for p in WEB.rglob("*") if p.is_file() and p.suffix in (".js", ".css", ".html", ".py", ".md")]
    files += [p for p in REPORT_SRC.rglob("*.py")]
    return files


def test_no_cdn_or_remote_url_in_shipped_files() -> None:
    files = _shipped_files()
    assert any(p.name == "chart.umd.min.js" for p in files)
    for path in files:
        text = path.read_text("utf-8")
        assert not CDN_HOSTS.search(text), f"{path}: CDN reference {CDN_HOSTS.search(text).group(0)!r}"
        for url in URL.findall(text):
            assert ALLOWED_URLS.match(url), f"{path}: remote URL {url}"


def test_vendored_chart_library_carries_its_licence() -> None:
    vendor = WEB / "static" / "vendor"
    assert (vendor / "chart.js.LICENSE.md").read_text("utf-8").startswith("The MIT License")
    head = (vendor / "chart.umd.min.js").read_text("utf-8")[:200]
    assert "Chart.js v4" in head and "MIT" in head


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def report_html(web_db: Path) -> str:
    with Store(web_db, read_only=True) as store:
        return render_report(store)


def test_report_is_self_contained(report_html: str) -> None:
    parser = _Tags()
    parser.feed(report_html)
    for tag, attrs in parser.tags:
        assert not (tag == "script" and attrs.get("src")), "script loaded from a file"
        if tag == "link":
            assert (attrs.get("href") or "").startswith("data:"), f"link to {attrs.get('href')}"
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not value.startswith(("http:", "https:", "//")), f"<{tag} {key}={value}>"
    assert "default-src 'none'" in report_html  # the file forbids itself any load
    assert "window.Chart=" in report_html  # Chart.js inlined
    assert "DetenteNetwork" in report_html and "EmbeddedSource" in report_html
    assert not CDN_HOSTS.search(report_html)


def test_report_embeds_the_data_as_json(report_html: str, web_db: Path) -> None:
    match = re.search(r'<script id="detente-data" type="application/json">(.*?)</script>', report_html, re.S)
    assert match
    data = json.loads(match.group(1))
    with Store(web_db, read_only=True) as store:
        ids = [e.event_id for e in store.events(EventFilter())]
    assert [e["event_id"] for e in data["events"]] == ids
    assert set(data) >= {"meta", "events", "dyads", "dyad_series", "blocs", "expectations"}
    top = data["dyads"]["items"][0]
    assert f"{top['a']}:{top['b']}" in data["dyad_series"]
    assert data["blocs"] and all("edges" in w for w in data["blocs"])
    assert data["expectations"]["entries"]


def test_report_caps_events_at_the_latest(web_db: Path) -> None:
    with Store(web_db, read_only=True) as store:
        html = render_report(store, ReportOptions(max_events=5))
        latest = [e.event_id for e in store.events(EventFilter())][-5:]
    data = json.loads(re.search(r'id="detente-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert [e["event_id"] for e in data["events"]] == latest
    assert data["events_total"] > 5
    assert "the latest 5 of" in html


def test_embedded_text_cannot_close_the_script(tmp_path: Path) -> None:
    evil = {"sentence": "</script><script>alert(1)</script><!--", "amp": "a & b"}
    text = page.json_for_script(evil)
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == evil


def test_write_report_replaces_atomically(web_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "r.html"
    with Store(web_db, read_only=True) as store:
        path = write_report(store, target)
    assert path == target and target.read_text("utf-8").startswith("<!doctype html>")
    assert [p.name for p in target.parent.iterdir()] == ["r.html"]  # no temporary file left
