"""The dashboard and the report in real headless Chromium (Debian's /usr/bin/chromium).

Every request the page makes is checked: anything but the local server, file: and data:
URLs fails the test, so a CDN reference anywhere would show up here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect, sync_playwright
from tests.web.conftest import CHROMIUM_ARGS, TOKEN, LiveServer, save_screenshot

from detente.report import write_report
from detente.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser(chromium_path: Path) -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Guard:
    """Routes every request; fails the ones that would leave this machine."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.errors: list[str] = []

    def route(self, route: Route) -> None:
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("file", "data") or parsed.hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


@pytest.fixture
def guarded() -> Iterator[tuple[Guard, list[BrowserContext]]]:
    guard = Guard()
    contexts: list[BrowserContext] = []
    yield guard, contexts
    for c in contexts:
        c.close()
    assert not guard.blocked, f"page tried to load external URLs: {guard.blocked}"
    assert not guard.errors, f"JavaScript errors: {guard.errors}"


def _page(browser: Browser, guarded: tuple[Guard, list[BrowserContext]]) -> Page:
    guard, contexts = guarded
    ctx = browser.new_context(viewport={"width": 1360, "height": 900})
    contexts.append(ctx)
    ctx.route("**/*", guard.route)
    page = ctx.new_page()
    page.on("pageerror", lambda exc: guard.errors.append(str(exc)))
    return page


def _ready(page: Page) -> None:
    page.wait_for_selector("body[data-ready]", timeout=20_000)
    page.wait_for_selector("body:not([data-loading])", state="attached", timeout=20_000)


def _rows(page: Page) -> int:
    return page.locator("#events-table tbody tr.event-row").count()


def _api_total(base: str, **params: str) -> int:
    return int(httpx.get(f"{base}/api/events", params=params, timeout=30).json()["total"])


# ---------------------------------------------------------------------------- dashboard
def test_dashboard_timeline_filters_and_evidence(browser: Browser, guarded, live: LiveServer,
                                                 tmp_path: Path) -> None:
    page = _page(browser, guarded)
    page.goto(live.url + "/")
    _ready(page)
    total = _api_total(live.url)
    expect(page.locator("#event-count")).to_have_text(f"{total} matching")
    before = _rows(page)
    assert before == min(total, 50)
    # dates are on the timeline rows and the chart is drawn
    assert page.locator("#events-table tbody td.date").first.inner_text().strip()
    assert page.locator("#timeline-chart").bounding_box()["height"] > 100

    # a filter: only assaults (two in wire.csv, maybe more from the coded articles)
    assaults = _api_total(live.url, type="ASSAULT")
    page.select_option("#filters select[name=type]", "ASSAULT")
    expect(page.locator("#event-count")).to_have_text(f"{assaults} matching")
    assert _rows(page) == assaults < before
    types = page.locator("#events-table tbody tr.event-row td:nth-child(2)").all_inner_texts()
    assert all(t.startswith("ASSAULT") for t in types)

    # free-text actor filter on top, submitted with Enter
    page.fill("#filters input[name=actor]", "irn")
    page.press("#filters input[name=actor]", "Enter")
    both = _api_total(live.url, type="ASSAULT", actor="IRN")
    expect(page.locator("#event-count")).to_have_text(f"{both} matching")

    # click an event: its evidence sentence and source appear
    page.click("#filters button[type=reset]")
    expect(page.locator("#event-count")).to_have_text(f"{total} matching")
    page.fill("#filters input[name=dyad]", "USA:IRN")
    page.press("#filters input[name=dyad]", "Enter")
    expect(page.locator("#event-count")).to_have_text(f"{_api_total(live.url, dyad='USA:IRN')} matching")
    row = page.locator("tr.event-row", has_text="SANCTION").first
    row.click()
    detail = page.locator("tr.detail").first
    expect(detail).to_be_visible()
    expect(detail.locator(".evidence li").first).to_contain_text("sanctions on Iranian metal industries")
    expect(detail.locator("dl.facts")).to_contain_text("wire-004")
    save_screenshot(page.screenshot(full_page=True), "dashboard-timeline.png", tmp_path)
    row.click()
    expect(page.locator("tr.detail")).to_have_count(0)


def test_dashboard_bad_filter_shows_the_api_message(browser: Browser, guarded, live: LiveServer) -> None:
    page = _page(browser, guarded)
    page.goto(live.url + "/")
    _ready(page)
    page.fill("#filters input[name=dyad]", "USA-IRN")
    page.press("#filters input[name=dyad]", "Enter")
    notice = page.locator("#notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("A:B")


def test_dashboard_dyads_network_and_ledger(browser: Browser, guarded, live: LiveServer, tmp_path: Path) -> None:
    page = _page(browser, guarded)
    page.goto(live.url + "/")
    _ready(page)

    page.click("button[data-view=dyads]")
    expect(page.locator("#view-dyads")).to_be_visible()
    expect(page.locator("#view-timeline")).to_be_hidden()
    first = page.locator("#dyads-table tbody tr").first
    expect(first).to_contain_text("IRN – USA")  # the busiest pair in the fixtures
    assert page.locator("#dyad-chart").bounding_box()["height"] > 100
    page.locator("#dyads-table tbody tr", has_text="JPN – KOR").click()
    expect(page.locator("#dyad-select")).to_have_value("JPN:KOR")
    save_screenshot(page.screenshot(full_page=True), "dashboard-dyads.png", tmp_path)

    page.click("button[data-view=network]")
    nodes = page.locator("svg#network g.node")
    expect(nodes.first).to_be_attached()
    labels = set(page.locator("svg#network g.node text").all_text_contents())
    assert len(labels) >= 2 and all(label.isupper() for label in labels)
    assert page.locator("svg#network line.edge").count() >= 1
    # switch window: the drawing follows the selection
    options = page.locator("#window-select option").all_inner_texts()
    assert len(options) >= 2
    page.select_option("#window-select", index=0)
    expect(page.locator("#network-info")).to_contain_text(options[0].split(" · ")[0])
    save_screenshot(page.screenshot(full_page=True), "dashboard-network.png", tmp_path)

    page.click("button[data-view=ledger]")
    rows = page.locator("#ledger-table tbody tr.ledger-row")
    expect(rows.first).to_be_attached()
    ledger = httpx.get(f"{live.url}/api/expectations", params={"limit": 1000}, timeout=30).json()
    assert rows.count() == len(ledger["entries"])
    badges = set(page.locator("#ledger-table tbody td .badge[class*=oc-]").all_inner_texts())
    assert badges <= {"fulfilled", "pending", "overdue", "cancelled", "failed"}
    assert "fulfilled" in badges  # the Japan visit on 10 February was announced and then reported
    save_screenshot(page.screenshot(full_page=True), "dashboard-ledger.png", tmp_path)


def test_dashboard_forwards_the_token(browser: Browser, guarded, live_token: LiveServer) -> None:
    page = _page(browser, guarded)
    page.goto(f"{live_token.url}/?token={TOKEN}")
    _ready(page)
    assert _rows(page) > 0
    assert "token" not in page.url  # taken out of the address bar once stored
    expect(page.locator("#notice")).to_be_hidden()

    stranger = _page(browser, guarded)
    stranger.goto(live_token.url + "/")
    _ready(stranger)
    expect(stranger.locator("#notice")).to_contain_text("token")
    assert _rows(stranger) == 0


# ---------------------------------------------------------------------------- report
@pytest.fixture(scope="module")
def report_file(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with Store(web_db, read_only=True) as store:
        return write_report(store, tmp_path_factory.mktemp("report") / "report.html")


def test_report_works_from_disk(browser: Browser, guarded, report_file: Path, web_db: Path, tmp_path: Path) -> None:
    with Store(web_db, read_only=True) as store:
        total = store.count_events()
    page = _page(browser, guarded)
    page.goto(report_file.as_uri())
    _ready(page)
    expect(page.locator("#event-count")).to_have_text(f"{total} matching")
    before = _rows(page)
    page.select_option("#filters select[name=status]", "planned")
    after = _rows(page)
    assert 0 < after < before
    statuses = set(page.locator("#events-table tbody tr.event-row .badge").all_inner_texts())
    assert statuses == {"planned"}
    page.select_option("#filters select[name=status]", "")
    page.fill("#filters input[name=since]", "2020-01-01")
    page.fill("#filters input[name=until]", "2020-01-31")
    page.press("#filters input[name=until]", "Enter")
    with Store(web_db, read_only=True) as store:
        from datetime import date

        from detente.store import EventFilter

        jan = store.count_events(EventFilter(since=date(2020, 1, 1), until=date(2020, 1, 31)))
    expect(page.locator("#event-count")).to_have_text(f"{jan} matching")
    page.locator("tr.event-row").first.click()
    expect(page.locator("tr.detail .evidence li").first).to_be_visible()
    save_screenshot(page.screenshot(full_page=True), "report-timeline.png", tmp_path)

    for view, selector in (("dyads", "#dyads-table tbody tr"), ("network", "svg#network g.node"),
                           ("ledger", "#ledger-table tbody tr.ledger-row")):
        page.click(f"button[data-view={view}]")
        expect(page.locator(selector).first).to_be_attached()
        save_screenshot(page.screenshot(full_page=True), f"report-{view}.png", tmp_path)


# ---------------------------------------------------------------------------- the sample corpus
@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """`detente demo` as a user runs it: the sample corpus coded into a store, and its report."""
    from tests.conftest import run_cli

    tmp = tmp_path_factory.mktemp("demo")
    db, report = tmp / "demo.duckdb", tmp / "demo-report.html"
    run_cli(["demo", "-o", str(report)], db=db)
    return db, report


def _four_views_filled(page: Page, prefix: str, tmp_path: Path) -> None:
    """Each view holds content drawn from the store; a screenshot of each is kept."""
    expect(page.locator("#events-table tbody tr.event-row").first).to_be_attached()
    # the timeline is a drawn chart, not an empty canvas
    assert page.locator("#timeline-chart").bounding_box()["height"] > 100
    save_screenshot(page.screenshot(full_page=True), f"{prefix}-timeline.png", tmp_path)
    for view, selector in (("dyads", "#dyads-table tbody tr"), ("network", "svg#network line.edge"),
                           ("ledger", "#ledger-table tbody tr.ledger-row")):
        page.click(f"button[data-view={view}]")
        expect(page.locator(selector).first).to_be_attached()
        save_screenshot(page.screenshot(full_page=True), f"{prefix}-{view}.png", tmp_path)


def test_sample_corpus_fills_the_dashboard(browser: Browser, guarded, demo_run: tuple[Path, Path],
                                           tmp_path: Path) -> None:
    from tests.web.conftest import start_server

    db, _ = demo_run
    srv = start_server(db)
    try:
        page = _page(browser, guarded)
        page.goto(srv.url + "/")
        _ready(page)
        with Store(db, read_only=True) as store:
            total = store.count_events()
        expect(page.locator("#event-count")).to_have_text(f"{total} matching")
        # the busiest pair of the 2018-19 sample is North Korea and the United States
        page.fill("#filters input[name=dyad]", "PRK:USA")
        page.press("#filters input[name=dyad]", "Enter")
        expect(page.locator("#event-count")).not_to_have_text(f"{total} matching")
        sources = set(page.locator("#events-table tbody tr.event-row td:nth-child(3)").all_inner_texts())
        assert sources and all("PRK" in s or "USA" in s for s in sources)
        page.fill("#filters input[name=dyad]", "")
        page.press("#filters input[name=dyad]", "Enter")
        expect(page.locator("#event-count")).to_have_text(f"{total} matching")
        _four_views_filled(page, "sample-dashboard", tmp_path)
    finally:
        srv.stop()


def test_sample_corpus_fills_the_demo_report(browser: Browser, guarded, demo_run: tuple[Path, Path],
                                             tmp_path: Path) -> None:
    _, report = demo_run
    page = _page(browser, guarded)
    page.goto(report.as_uri())
    _ready(page)
    _four_views_filled(page, "sample-report", tmp_path)
