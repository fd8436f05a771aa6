"""The dashboard page, either linking the packaged static files (served) or inlining them (report).

One template serves both, so the dashboard and the report always show the same four views.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Literal

# Load order matters: the chart library and the network drawer before the dashboard.
SCRIPTS: tuple[str, ...] = ("vendor/chart.umd.min.js", "network.js", "dashboard.js")
STYLES: tuple[str, ...] = ("dashboard.css",)


def static_text(name: str) -> str:
    return resources.files("detente.web").joinpath("static", *name.split("/")).read_text("utf-8")


def template() -> str:
    return resources.files("detente.web").joinpath("templates", "dashboard.html").read_text("utf-8")


def json_for_script(value: Any) -> str:
    """JSON safe inside a <script> element: no '</script>' or '<!--' can appear."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _inline_script(source: str) -> str:
    # A literal "</script" would end the element early; "<\/" means the same inside JS strings.
    return "<script>\n" + source.replace("</script", "<\\/script") + "\n</script>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def render(*, mode: Literal["api", "embedded"], title: str, subtitle: str, footer: str,
           data: Any = None, api_base: str = "api", static_base: str = "static", page_size: int = 50) -> str:
    """The dashboard HTML. `embedded` inlines CSS, JS and `data`; `api` links `static_base`."""
    config = {"mode": mode, "api_base": api_base, "page_size": page_size}
    if mode == "embedded":
        styles = "\n".join(f"<style>\n{static_text(s)}\n</style>" for s in STYLES)
        scripts = "\n".join(_inline_script(static_text(s)) for s in SCRIPTS)
        data_block = f'<script id="detente-data" type="application/json">{json_for_script(data)}</script>'
        # Opened from disk, the file may load nothing from anywhere: no script, style, font or fetch.
        csp = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
               "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
               'form-action \'none\'">')
    else:
        styles = "\n".join(f'<link rel="stylesheet" href="{static_base}/{s}">' for s in STYLES)
        scripts = "\n".join(f'<script src="{static_base}/{s}"></script>' for s in SCRIPTS)
        data_block = ""
        csp = ""  # the server sends its policy as a header
    parts = {
        "title": _escape(title),
        "subtitle": _escape(subtitle),
        "footer": _escape(footer),
        "csp": csp,
        "styles": styles,
        "config": json_for_script(config),
        "data": data_block,
        "scripts": scripts,
    }
    html = template()
    # One pass per placeholder, on the template only: inlined code may itself contain "{{".
    pieces = html.split("{{ ")
    out = [pieces[0]]
    for piece in pieces[1:]:
        name, sep, rest = piece.partition(" }}")
        if sep and name in parts:
            out.append(parts[name] + rest)
        else:
            out.append("{{ " + piece)
    return "".join(out)
