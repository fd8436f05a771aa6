"""Fetching a page by URL, safely.

A URL given to ingest may come from a feed or a user's list, so fetching must not become
a way into the machine's own network: only http(s), only public addresses (unless the
caller opts in), every redirect re-checked, a size cap and a time limit. The connection
goes to the very address that was checked, so a DNS answer that changes between the
check and the connect (rebinding) cannot slip a private address through.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urljoin, urlsplit

from detente.ingest.html import draft_from_html
from detente.ingest.result import Draft, IngestError
from detente.ingest.text import draft_from_bytes

TIMEOUT = 20.0
MAX_REDIRECTS = 5
CHUNK = 65536
USER_AGENT = "detente/0.1 (news event ingest)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml", "text/xml"})
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """A URL that could not or must not be fetched; the message is the one-line reason."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    body: bytes
    content_type: str
    charset: str | None


def looks_like_url(value: object) -> bool:
    """Whether a path argument is meant as a URL (any scheme, so bad ones get refused by name)."""
    if not isinstance(value, str):
        return False
    scheme, sep, _ = value.partition("://")
    return bool(sep) and scheme.isascii() and scheme[:1].isalpha() and all(
        ch.isalnum() or ch in "+-." for ch in scheme
    )


def forbidden_reason(address: IPAddress) -> str | None:
    """Why an address is off-limits for fetching, or None if it is a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    checks = (
        ("unspecified", address.is_unspecified), ("loopback", address.is_loopback),
        ("link-local", address.is_link_local), ("multicast", address.is_multicast),
        # Reserved before private: Python counts 240.0.0.0/4 as both, and reserved is the truer name.
        ("reserved", address.is_reserved), ("private", address.is_private),
        # Shared (carrier-grade NAT), documentation and similar ranges: not private by
        # name, not reachable on the public internet either.
        ("non-public", not address.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def resolve(host: str, port: int, allow_private: bool) -> str:
    """The address to connect to: the first one the host resolves to, all of them checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r} ({exc})") from exc
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise FetchError(f"cannot resolve host {host!r}")
    if not allow_private:
        # All of them: a host with one public and one private address could be steered
        # to the private one by whoever controls its DNS.
        for text in addresses:
            reason = forbidden_reason(ipaddress.ip_address(text.split("%", 1)[0]))
            if reason:
                raise FetchError(f"refusing to fetch from {host} ({text} is a {reason} address; allow_private permits it)")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to a checked address while the Host header keeps the name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with TLS verified against the host name, not the address."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _connection(url: str, allow_private: bool, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"unsupported URL scheme {scheme!r} (only http and https)")
        host, port = parts.hostname, parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"bad URL ({exc})") from exc
    if not host:
        raise FetchError("bad URL (no host)")
    address = resolve(host, port, allow_private)
    cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    # Percent-encode what a user may paste unencoded (spaces, non-ASCII), keep what is encoded.
    target = quote(parts.path or "/", safe=_PATH_SAFE) + (f"?{quote(parts.query, safe=_PATH_SAFE + '?')}"
                                                          if parts.query else "")
    return cls(host, port, address, timeout), target


def _read_capped(response: http.client.HTTPResponse, max_bytes: int, deadline: float, timeout: float) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise FetchError(f"response too large ({int(declared)} bytes > {max_bytes} byte limit)")
    chunks: list[bytes] = []
    size = 0
    # read1: one receive at a time, so a server trickling bytes cannot hold us past the deadline.
    while chunk := response.read1(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"response too large (more than {max_bytes} byte limit)")
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(url: str, *, allow_private: bool = False, max_bytes: int = 20_000_000,
          timeout: float = TIMEOUT) -> Fetched:
    """GET `url`, following up to five redirects, each one checked like the first."""
    deadline = time.monotonic() + timeout
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {timeout:g} s")
        conn, target = _connection(current, allow_private, timeout)
        try:
            conn.request("GET", target, headers={
                "User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9, */*;q=0.1",
                "Accept-Encoding": "identity",
            })
            response = conn.getresponse()
            if response.status in _REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"HTTP {response.status} redirect without a Location")
                current = urljoin(current, location.strip())
                continue
            if not 200 <= response.status < 300:
                raise FetchError(f"HTTP {response.status} {response.reason}".strip())
            body = _read_capped(response, max_bytes, deadline, timeout)
            content_type, charset = parse_content_type(response.getheader("Content-Type"))
            return Fetched(current, body, content_type, charset)
        except TimeoutError as exc:
            raise FetchError(f"timed out after {timeout:g} s") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"fetch failed ({type(exc).__name__}: {exc})") from exc
        finally:
            conn.close()
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")


def parse_content_type(header: str | None) -> tuple[str, str | None]:
    """The media type (lower case, "" when absent) and the charset parameter of a header."""
    if not header:
        return "", None
    media, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("'\"") or None
    return media.strip().lower(), charset


def name_from_url(url: str) -> str:
    """The last path segment without its extension, or the host for a site's front page."""
    parts = urlsplit(url)
    segment = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    stem = PurePosixPath(segment).stem if segment else ""
    return stem or parts.hostname or url


def read_url(url: str, *, allow_private: bool, max_bytes: int,
             timeout: float = TIMEOUT) -> Iterator[Draft | IngestError]:
    """One page: one draft, or one error naming the URL."""
    try:
        page = fetch(url, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout)
    except FetchError as exc:
        yield IngestError(url, None, str(exc))
        return
    if not page.body:
        yield IngestError(url, None, "empty response")
        return
    # The URL the user gave names and identifies the document, whatever redirects it took.
    name = name_from_url(url)
    if page.content_type == "text/plain":
        yield _plain_text(page, url, name)
    elif page.content_type in _HTML_TYPES or not page.content_type:
        yield draft_from_html(page.body, name=name, where=url, url=url, header_charset=page.charset)
    else:
        yield IngestError(url, None, f"unsupported content type {page.content_type!r}")


def _plain_text(page: Fetched, url: str, name: str) -> Draft | IngestError:
    """text/plain: UTF-8 unless the server declares another charset, which is then honoured."""
    body = page.body
    if page.charset and page.charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            # Re-encoded so that the one text reader (and its checks) applies.
            body = body.decode(page.charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError) as exc:
            return IngestError(url, None, f"cannot decode as {page.charset} ({type(exc).__name__})")
    return draft_from_bytes(body, name=name, where=url, url=url, source=urlsplit(url).hostname)
