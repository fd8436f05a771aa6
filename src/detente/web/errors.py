"""One JSON shape for every error: {"error": code, "message": sentence, "detail": [...]}.

FastAPI's own validation answer is a list of pydantic records; a person reading a 422 wants
one sentence naming the parameter and what it should look like, so the handlers rewrite it.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from detente.web.pool import PoolBusy
from detente.web.schemas import ErrorBody

log = logging.getLogger("detente.web")

# What a parameter should look like, appended to pydantic's message for it.
HINTS: dict[str, str] = {
    "since": "use YYYY-MM-DD",
    "until": "use YYYY-MM-DD",
    "as_of": "use YYYY-MM-DD",
    "dyad": "use A:B with two actor codes, e.g. PRK:USA",
    "actor": "use an actor code, e.g. PRK",
    "members": "use comma-separated actor codes, e.g. USA,KOR,JPN",
    "limit": "use 1..1000",
    "offset": "use 0 or more",
}

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          422: "invalid_request", 503: "busy"}
_DESCRIPTIONS = {400: "Bad request", 401: "Missing or wrong bearer token", 404: "Not found",
                 422: "Invalid parameters", 503: "Server busy", 500: "Internal error"}


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.field = field


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for these status codes, all with the ErrorBody shape."""
    return {code: {"model": ErrorBody, "description": _DESCRIPTIONS.get(code, "Error")} for code in codes}


def body(error: str, message: str, detail: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"error": error, "message": message, "detail": detail}


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def validation_detail(exc: RequestValidationError) -> list[dict[str, str]]:
    items = []
    for e in exc.errors():
        loc = tuple(e.get("loc", ()))
        name = str(loc[-1]) if loc else ""
        kind = str(e.get("type", ""))
        msg = str(e.get("msg", "invalid"))
        value = e.get("input")
        shown = value is not None and not isinstance(value, dict | list)
        if kind.startswith("date_"):
            msg = f"not a date: {value!r}" if shown else "not a date"
        elif kind == "string_pattern_mismatch":
            # pydantic would print the regular expression; the hint says it in words
            msg = f"not a valid value: {value!r}" if shown else "not a valid value"
        elif shown:
            msg = f"{msg}, got {value!r}"
        hint = HINTS.get(name)
        if hint:
            msg = f"{msg} ({hint})"
        items.append({"field": _field(loc), "message": msg})
    return items


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into an ErrorBody."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = validation_detail(exc)
        message = "; ".join(f"{d['field']}: {d['message']}" for d in detail) or "invalid request"
        return JSONResponse(body("invalid_request", message, detail), status_code=422)

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        detail = [{"field": exc.field, "message": exc.message}] if exc.field else None
        message = f"{exc.field}: {exc.message}" if exc.field else exc.message
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(body(exc.error, message, detail), status_code=exc.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no route {request.url.path}"
        return JSONResponse(body(_CODES.get(exc.status_code, "error"), message), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(PoolBusy)
    async def _busy(request: Request, exc: PoolBusy) -> JSONResponse:
        return JSONResponse(body("busy", str(exc)), status_code=503, headers={"Retry-After": "1"})

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("error serving %s", request.url.path)
        return JSONResponse(body("internal", f"internal error: {type(exc).__name__}"), status_code=500)
