"""The FastAPI app behind `detente serve`: the JSON API under /api, the dashboard at /.

Authentication: when a token is set (`--token` or $DETENTE_TOKEN), every /api route wants
`Authorization: Bearer <token>`. The dashboard page and its static files load without it (they
hold no data); open the page as `/?token=<token>` and its script sends the header on each API
call. /openapi.json describes the API and is public, like the page.
"""

from __future__ import annotations

import html
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from detente import __version__
from detente.web import api, errors, page
from detente.web.cache import InFlight, ResponseCache, cache_key
from detente.web.pool import StorePool

DESCRIPTION = """\
Dated, sourced PLOVER events coded from international-relations news, and the analysis built
on them (dyad series, alignment blocs, unity, bursts, the expectations ledger).

Lists page with `limit` (1..1000) and `offset` and report `total`. Dates are `YYYY-MM-DD`.
Errors are JSON: `{"error": code, "message": sentence, "detail": [{"field", "message"}]}`.
When the server runs with a token, send `Authorization: Bearer <token>` on every /api route.
"""

bearer = HTTPBearer(auto_error=False, description="Needed when the server was started with --token")


def token_ok(expected: str | None, given: str | None) -> bool:
    if not expected:
        return True
    if given is None:
        return False
    # compare_digest: the time taken does not tell how much of a guess was right
    return secrets.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def require_token(request: Request,
                  creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    expected: str | None = request.app.state.token
    if not expected:
        return
    if creds is None:
        raise errors.ApiError(401, "unauthorized", "this API needs 'Authorization: Bearer <token>'")
    if not token_ok(expected, creds.credentials):
        raise errors.ApiError(401, "unauthorized", "wrong token")


def _bearer(request: Request) -> str | None:
    scheme, _, value = (request.headers.get("authorization") or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


class CachedAnswers:
    """ASGI middleware: repeated API questions are answered from the cache before any database
    connection is borrowed, and identical ones in flight together are computed once
    (cache.InFlight). Requests without the right token pass through to get their 401."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.flights = InFlight()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        state = request.app.state
        if not token_ok(state.token, _bearer(request)):
            await self.app(scope, receive, send)
            return
        key = cache_key(request.url.path, request.query_params.multi_items())
        async with self.flights.turn(key):
            body = state.cache.get(key)
            if body is not None:
                await Response(body, media_type="application/json")(scope, receive, send)
                return
            await self.app(scope, receive, send)


def create_app(db: str | Path, *, token: str | None = None, pool_size: int = 4) -> FastAPI:
    """The app over the database at `db`, opened read-only (raises StoreError if it cannot be)."""
    pool = StorePool(Path(db), size=pool_size)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            pool.close()

    app = FastAPI(title="detente", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  # Swagger UI and ReDoc load their code from a CDN; machines here are offline.
                  docs_url=None, redoc_url=None)
    app.state.pool = pool
    app.state.cache = ResponseCache()
    app.state.token = token or None
    app.state.db = str(db)
    errors.install(app)
    app.include_router(api.router, dependencies=[Depends(require_token)])
    app.add_middleware(CachedAnswers)
    static_dir = resources.files("detente.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard() -> HTMLResponse:
        body = page.render(mode="api", title="detente dashboard", subtitle=Path(str(db)).name,
                           footer=f"detente {__version__} · served from {Path(str(db)).name} · API: /openapi.json, "
                                  "/api-docs")
        return HTMLResponse(body, headers=_page_headers())

    @app.get("/api-docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(render_api_docs(app.openapi()), headers=_page_headers())

    return app


def _page_headers() -> dict[str, str]:
    # Pages only ever talk to this server; say so, so a stray external URL cannot load.
    return {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                       "script-src 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def render_api_docs(spec: dict[str, Any]) -> str:
    """A plain HTML listing of the routes and their parameters, from the OpenAPI spec."""
    rows = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            params = []
            for p in op.get("parameters", []):
                schema = p.get("schema", {})
                kind = schema.get("type") or " | ".join(s.get("type", "?") for s in schema.get("anyOf", []))
                enum = schema.get("enum") or next((s.get("enum") for s in schema.get("anyOf", []) if s.get("enum")), None)
                desc = p.get("description") or ""
                if enum:
                    desc = f"{desc} one of: {', '.join(map(str, enum))}".strip()
                req = " <b>required</b>" if p.get("required") else ""
                params.append(f"<li><code>{html.escape(p['name'])}</code> ({html.escape(p['in'])}, "
                              f"{html.escape(str(kind))}){req} {html.escape(desc)}</li>")
            rows.append(f"<section><h2><code>{method.upper()} {html.escape(path)}</code></h2>"
                        f"<p>{html.escape(op.get('summary', ''))}</p>"
                        f"<p>{html.escape(op.get('description', '') or '')}</p>"
                        f"<ul>{''.join(params)}</ul></section>")
    style = ("body{font-family:system-ui,sans-serif;max-width:900px;margin:24px auto;padding:0 16px;color:#1f2933}"
             "section{border-top:1px solid #dde2e8;padding:8px 0}h2{font-size:15px}code{background:#f4f6f8;"
             "padding:1px 4px;border-radius:3px}li{margin:3px 0}")
    intro = html.escape(spec.get("info", {}).get("description", ""))
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>detente API</title>"
            f"<style>{style}</style></head><body><h1>detente API {html.escape(spec['info']['version'])}</h1>"
            f"<pre style='white-space:pre-wrap'>{intro}</pre><p>Machine-readable spec: "
            f"<a href='openapi.json'>openapi.json</a></p>{''.join(rows)}</body></html>")
