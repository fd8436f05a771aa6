"""`detente serve` and `detente report` as a user runs them: real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest
from tests.conftest import run_cli
from tests.web.conftest import free_port


def test_report_command_writes_one_html_file(web_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "mail" / "report.html"
    proc = run_cli(["report", "-o", str(out)], db=web_db)
    assert "wrote" in proc.stdout and out.exists()
    html = out.read_text("utf-8")
    assert html.startswith("<!doctype html>") and 'id="detente-data"' in html
    assert "<script src=" not in html


def test_report_command_rejects_bad_dates(web_db: Path, tmp_path: Path) -> None:
    proc = run_cli(["report", "-o", str(tmp_path / "r.html"), "--since", "2020-02-01", "--until", "2020-01-01"],
                   db=web_db, check=False)
    assert proc.returncode == 2 and "after" in proc.stderr
    proc = run_cli(["report", "-o", str(tmp_path / "r.html"), "--since", "someday"], db=web_db, check=False)
    assert proc.returncode == 2 and "not a date" in proc.stderr
    assert not (tmp_path / "r.html").exists()


def test_report_command_on_a_missing_database(tmp_path: Path) -> None:
    proc = run_cli(["report", "-o", str(tmp_path / "r.html")], db=tmp_path / "none.duckdb", check=False)
    assert proc.returncode == 2 and "no detente database" in proc.stderr


class Served:
    def __init__(self, proc: subprocess.Popen[str], url: str) -> None:
        self.proc, self.url = proc, url


def _serve(db: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    port = free_port()
    cmd = [sys.executable, "-m", "detente", "--db", str(db), "serve", "--port", str(port), *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"serve exited {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
            try:
                if httpx.get(f"{url}/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("serve did not answer within 60 s")
            time.sleep(0.2)
        yield Served(proc, url)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def served_with_token(web_db: Path) -> Iterator[Served]:
    yield from _serve(web_db, "--token", "cli-secret")


def test_serve_binds_loopback_and_requires_the_token(served_with_token: Served) -> None:
    s = served_with_token
    assert httpx.get(f"{s.url}/api/events").status_code == 401
    ok = httpx.get(f"{s.url}/api/events", headers={"Authorization": "Bearer cli-secret"})
    assert ok.status_code == 200 and ok.json()["total"] > 0
    assert httpx.get(f"{s.url}/").status_code == 200
    listening = {c.laddr.ip for c in psutil.Process(s.proc.pid).net_connections(kind="inet")
                 if c.status == psutil.CONN_LISTEN}
    assert listening == {"127.0.0.1"}


def test_serve_stops_cleanly(web_db: Path) -> None:
    gen = _serve(web_db)
    s = next(gen)
    assert httpx.get(f"{s.url}/api/meta").status_code == 200
    gen.close()  # SIGTERM
    # uvicorn shuts down gracefully, then re-raises the signal: the conventional exit status
    assert s.proc.returncode in (0, -signal.SIGTERM)
    log = s.proc.stderr.read() if s.proc.stderr else ""
    assert "serving" in log and "Finished server process" in log


def test_serve_reads_the_token_from_the_environment(web_db: Path) -> None:
    gen = _serve(web_db, env={"DETENTE_TOKEN": "from-env"})
    s = next(gen)
    try:
        assert httpx.get(f"{s.url}/api/meta").status_code == 401
        assert httpx.get(f"{s.url}/api/meta", headers={"Authorization": "Bearer from-env"}).status_code == 200
    finally:
        gen.close()


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    proc = run_cli(["serve", "--port", str(free_port())], db=tmp_path / "none.duckdb", check=False, timeout=60)
    assert proc.returncode == 2
    assert "no detente database" in proc.stderr
