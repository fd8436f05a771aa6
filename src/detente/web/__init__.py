"""The JSON API and the web dashboard served by `detente serve`."""

from __future__ import annotations

from detente.web.app import create_app

__all__ = ["create_app"]
