"""URL ingest against a real HTTP server on 127.0.0.1, in a thread."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ingest_helpers import FIXTURES, split

from detente.ingest import url as url_module
from detente.ingest.url import forbidden_reason, looks_like_url, name_from_url, read_url

PAGE = (FIXTURES / "ministers_meet.html").read_bytes()
PLAIN = "Envoys meet\n\nPosted on : 2018-10-09 15:55\nLaos and Vietnam held talks in Vientiane.\n"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str | None = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(302, b"", None, {"Location": location})

    def do_GET(self) -> None:
        port = self.server.server_port  # type: ignore[attr-defined]  # BaseServer does not declare it
        routes = {
            "/world/ministers-meet.html": lambda: self._send(200, PAGE),
            "/untyped": lambda: self._send(200, PAGE, None),
            "/plain.txt": lambda: self._send(200, PLAIN.encode(), "text/plain; charset=utf-8"),
            "/latin.txt": lambda: self._send(200, "Bogotá hosted talks.".encode("latin-1"),
                                             "text/plain; charset=iso-8859-1"),
            "/hop": lambda: self._redirect("/world/ministers-meet.html"),
            "/loop": lambda: self._redirect("/loop"),
            "/to-ftp": lambda: self._redirect("ftp://127.0.0.1/file.txt"),
            "/to-other-host": lambda: self._redirect(f"http://127.0.0.2:{port}/world/ministers-meet.html"),
            "/missing": lambda: self._send(404, b"not here"),
            "/pdf": lambda: self._send(200, b"%PDF-1.4 ...", "application/pdf"),
            "/empty": lambda: self._send(200, b""),
            "/big": lambda: self._send(200, b"<p>" + b"word " * 2000 + b"</p>"),
            "/caf%C3%A9%20news": lambda: self._send(200, PLAIN.encode(), "text/plain"),
        }
        route = routes.get(self.path)
        if route:
            route()
        elif self.path == "/big-unsized":
            # No Content-Length: the cap must hold while streaming.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"<p>" + b"word " * 200 + b"</p>")
        elif self.path == "/trickle":
            # Each byte well within the socket timeout; the whole far beyond the deadline.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "40")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, PAGE)
        else:
            self._send(404, b"")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetch_html_page(server: str) -> None:
    url = f"{server}/world/ministers-meet.html"
    [doc], errors = split([url], allow_private=True)
    assert errors == []
    assert doc.url == url
    assert doc.name == "ministers-meet"
    assert doc.path == url
    assert doc.title == "Foreign ministers of Norway and Chile meet in Oslo"
    assert (doc.published, doc.published_from) == (date(2021, 4, 12), "metadata")
    assert "met in Oslo on Monday" in doc.text


def test_untyped_response_is_read_as_html(server: str) -> None:
    [doc], errors = split([f"{server}/untyped"], allow_private=True)
    assert errors == [] and "met in Oslo on Monday" in doc.text and doc.name == "untyped"


def test_plain_text_response(server: str) -> None:
    docs, errors = split([f"{server}/plain.txt", f"{server}/latin.txt"], allow_private=True)
    assert errors == []
    plain, latin = docs
    assert plain.text == PLAIN
    assert plain.name == "plain"
    assert (plain.published, plain.published_from) == (date(2018, 10, 9), "text")
    assert latin.text == "Bogotá hosted talks."


def test_loopback_refused_by_default(server: str) -> None:
    url = f"{server}/world/ministers-meet.html"
    docs, [error] = split([url])
    assert docs == []
    assert error.path == url
    assert "127.0.0.1 is a loopback address" in error.reason
    docs, [error] = split([url.replace("127.0.0.1", "localhost")])
    assert "loopback address" in error.reason


def test_redirects_followed_and_capped(server: str) -> None:
    [doc], errors = split([f"{server}/hop"], allow_private=True)
    assert errors == [] and doc.url == f"{server}/hop" and "met in Oslo" in doc.text
    docs, [error] = split([f"{server}/loop"], allow_private=True)
    assert docs == []
    assert error.reason == "too many redirects (more than 5)"


def test_redirects_are_rechecked(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    docs, [error] = split([f"{server}/to-ftp"], allow_private=True)
    assert error.reason == "unsupported URL scheme 'ftp' (only http and https)"

    # Treat 127.0.0.1 as public and the rest of 127/8 as what it is, so that the first hop
    # passes the default policy and the redirect to 127.0.0.2 must be caught on its own.
    def policy(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
        return None if str(address) == "127.0.0.1" else forbidden_reason(address)

    monkeypatch.setattr(url_module, "forbidden_reason", policy)
    docs, [error] = split([f"{server}/to-other-host"])
    assert docs == []
    assert "127.0.0.2 is a loopback address" in error.reason
    [doc], errors = split([f"{server}/hop"])
    assert errors == [] and "met in Oslo" in doc.text


def test_size_cap(server: str) -> None:
    docs, [error] = split([f"{server}/big"], allow_private=True, max_bytes=5000)
    assert docs == []
    assert error.reason == "response too large (10007 bytes > 5000 byte limit)"
    docs, [error] = split([f"{server}/big-unsized"], allow_private=True, max_bytes=5000)
    assert docs == []
    assert error.reason == "response too large (more than 5000 byte limit)"


def test_http_errors_and_content_types(server: str) -> None:
    docs, errors = split(
        [f"{server}/missing", f"{server}/pdf", f"{server}/empty", "file:///etc/passwd", "gopher://x/"],
        allow_private=True,
    )
    assert docs == []
    assert [e.reason for e in errors] == [
        "HTTP 404 Not Found",
        "unsupported content type 'application/pdf'",
        "empty response",
        "unsupported URL scheme 'file' (only http and https)",
        "unsupported URL scheme 'gopher' (only http and https)",
    ]


def test_timeout(server: str) -> None:
    started = time.monotonic()
    [error] = list(read_url(f"{server}/slow", allow_private=True, max_bytes=10**6, timeout=0.5))
    assert time.monotonic() - started < 2.5
    assert isinstance(error, url_module.IngestError)
    assert error.reason == "timed out after 0.5 s"
    started = time.monotonic()
    [error] = list(read_url(f"{server}/trickle", allow_private=True, max_bytes=10**6, timeout=1))
    assert time.monotonic() - started < 3
    assert isinstance(error, url_module.IngestError)
    assert error.reason == "timed out after 1 s"


def test_unencoded_url_and_bad_url(server: str) -> None:
    [doc], errors = split([f"{server}/café news"], allow_private=True)
    assert errors == [] and doc.name == "café news" and doc.text == PLAIN
    docs, [error] = split(["http://[::1/x"], allow_private=True)
    assert docs == [] and error.reason.startswith("bad URL (")
    docs, [error] = split(["http:///nohost"], allow_private=True)
    assert error.reason == "bad URL (no host)"


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.7", "private"),
        ("172.20.0.1", "private"), ("169.254.169.254", "link-local"), ("224.0.0.251", "multicast"),
        ("240.0.0.1", "reserved"), ("0.0.0.0", "unspecified"), ("100.64.0.1", "non-public"),
        ("::1", "loopback"), ("fe80::1", "link-local"), ("ff02::1", "multicast"), ("::", "unspecified"),
        ("fd00::1", "private"), ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"),
        ("8.8.8.8", None), ("2001:4860:4860::8888", None), ("::ffff:8.8.8.8", None),
    ],
)
def test_forbidden_addresses(address: str, reason: str | None) -> None:
    assert forbidden_reason(ipaddress.ip_address(address)) == reason


def test_url_helpers() -> None:
    assert looks_like_url("https://example.org/x")
    assert looks_like_url("FTP://example.org/x")
    assert not looks_like_url("news/2019/story.txt")
    assert not looks_like_url("C:\\news\\story.txt")
    assert name_from_url("https://example.org/world/2019/summit-ends.html?x=1") == "summit-ends"
    assert name_from_url("https://example.org/world/talks/") == "talks"
    assert name_from_url("https://example.org/") == "example.org"
    assert name_from_url("https://example.org") == "example.org"
