"""A small real store and live servers over it, shared by the API, CLI and browser tests.

The store holds two kinds of documents:
- short articles written for these tests (fixtures/articles.yaml), coded by the real coder;
- one-sentence wire items (fixtures/wire.csv) with hand-built events saved via
  Store.save_coded, so that the tests know exactly which dyads, types and dates exist.
"""

from __future__ import annotations

import calendar
import csv
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import uvicorn
import yaml

from detente.model import Actor, DateSpan, Document, Event, Evidence, event_types, stable_id
from detente.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
TOKEN = "test-token-3f9a"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def article_documents() -> list[Document]:
    items = yaml.safe_load((FIXTURES / "articles.yaml").read_text("utf-8"))
    return [Document.from_text(it["name"], it["text"], title=it["title"], published=it["published"],
                               published_from="metadata") for it in items]


def _span(day: str, precision: str) -> DateSpan:
    d = date.fromisoformat(day)
    if precision == "month":
        last = calendar.monthrange(d.year, d.month)[1]
        return DateSpan(start=d.replace(day=1), end=d.replace(day=last), precision="month")
    return DateSpan(start=d, end=d, precision="day")


def wire_items() -> list[tuple[Document, Event]]:
    """One document and one hand-built event per row of wire.csv."""
    out = []
    with (FIXTURES / "wire.csv").open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            text = row["sentence"]
            doc = Document.from_text(f"wire-{n:03d}", text, title=f"Wire {n}: {text[:40]}",
                                     published=date.fromisoformat(row["published"]), source="test wire")
            kind = {"EU": "igo"}
            sources = tuple(Actor(code=c, kind=kind.get(c, "state")) for c in row["sources"].split(";"))
            targets = tuple(Actor(code=c, kind=kind.get(c, "state")) for c in row["targets"].split(";") if c)
            trigger = text.split()[3] if len(text.split()) > 3 else None
            ev = Event(event_id=stable_id("web-test", n), doc_id=doc.id, event_type=row["type"], sources=sources,
                       targets=targets, mode=row["mode"] or None, symmetric=row["symmetric"] == "true",
                       status=row["status"],  # type: ignore[arg-type]
                       date=_span(row["date"], row["precision"]),
                       evidence=(Evidence(sentence=text, start=0, end=len(text), trigger=trigger),),
                       confidence=0.9)
            assert ev.event_type in event_types()
            out.append((doc, ev))
    return out


def build_store(path: Path) -> Path:
    from detente.engines import code_documents, coder_version

    with Store(path) as store:
        articles = article_documents()
        wire = wire_items()
        store.add_documents([*articles, *(d for d, _ in wire)])
        store.save_coded(code_documents(articles), coder_version())
        store.save_coded([(d.id, [ev]) for d, ev in wire], "web-test-fixture")
    return path


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "web.duckdb")


@dataclass
class LiveServer:
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, token: str | None = None) -> LiveServer:
    """uvicorn in a background thread on a free 127.0.0.1 port; returns once it accepts."""
    from detente.web import create_app

    app = create_app(db, token=token)
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    return LiveServer(url=f"http://127.0.0.1:{config.port}", server=server, thread=thread)


@pytest.fixture(scope="session")
def live(web_db: Path) -> Iterator[LiveServer]:
    srv = start_server(web_db)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def live_token(web_db: Path) -> Iterator[LiveServer]:
    srv = start_server(web_db, token=TOKEN)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install it with `make chromium` (Debian package chromium)")
    return CHROMIUM


def save_screenshot(png: bytes, name: str, tmp_dir: Path) -> Path:
    """Write to the test's tmp dir and, when $DETENTE_SCREENSHOTS is set, there too."""
    path = tmp_dir / name
    path.write_bytes(png)
    extra = os.environ.get("DETENTE_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(extra) / name)
    return path
