"""CAMEO event codes <-> detente's PLOVER types, modes and contexts.

The table is `data/cameo_plover.yaml` (every CAMEO 1.1b3 event code; see its header for the
crosswalk and where detente departs from PLOVER's). Forward, a GDELT row's EventCode gives
a `CameoMapping`; backward, an event's (type, mode) gives the CAMEO code the Phoenix-style
export writes (`cameo_code`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from detente.model import event_types

# the C loader when PyYAML has it: the tables load at every import command
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_INHERITED = ("type", "mode", "context", "symmetric", "swap", "skip")
_KNOWN_KEYS = frozenset((*_INHERITED, "label"))


class MappingError(ValueError):
    """The shipped table is malformed (a bug in the data, caught by the tests)."""


@dataclass(frozen=True, slots=True)
class CameoMapping:
    """What one CAMEO event code becomes. `event_type` is None when the code is skipped."""

    code: str
    label: str
    event_type: str | None
    mode: str | None = None
    context: str | None = None
    symmetric: bool | None = None  # None: the type's default
    swap: bool = False
    skip: str | None = None

    @property
    def root(self) -> str:
        return self.code[:2]


def _read_table() -> dict[str, dict[str, Any]]:
    text = resources.files("detente.interop.data").joinpath("cameo_plover.yaml").read_text("utf-8")
    raw = yaml.load(text, Loader=_Loader)
    if not isinstance(raw, dict):
        raise MappingError("cameo_plover.yaml: expected a mapping of CAMEO codes")
    table: dict[str, dict[str, Any]] = {}
    for code, entry in raw.items():
        code = str(code)
        if not code.isdigit() or len(code) not in (2, 3, 4):
            raise MappingError(f"cameo_plover.yaml: {code!r} is not a CAMEO code")
        if not isinstance(entry, dict) or not entry.get("label"):
            raise MappingError(f"cameo_plover.yaml: {code}: needs a label")
        unknown = set(entry) - _KNOWN_KEYS
        if unknown:
            raise MappingError(f"cameo_plover.yaml: {code}: unknown keys {sorted(unknown)}")
        table[code] = entry
    return table


def _resolve(code: str, table: dict[str, dict[str, Any]]) -> CameoMapping:
    # The parent chain: root (2 digits), base (3 digits), then the code itself.
    merged: dict[str, Any] = {}
    for link in dict.fromkeys((code[:2], code[:3], code)):
        if link not in table:
            raise MappingError(f"cameo_plover.yaml: {code}: parent {link} missing")
        merged.update({k: v for k, v in table[link].items() if k in _INHERITED})
    skip = merged.get("skip")
    event_type = None if skip else merged.get("type")
    if not skip and event_type not in event_types():
        raise MappingError(f"cameo_plover.yaml: {code}: unknown PLOVER type {event_type!r}")
    return CameoMapping(
        code=code,
        label=str(table[code]["label"]),
        event_type=event_type,
        mode=merged.get("mode"),
        context=merged.get("context"),
        symmetric=merged.get("symmetric"),
        swap=bool(merged.get("swap", False)),
        skip=str(skip) if skip else None,
    )


@cache
def cameo_table() -> dict[str, CameoMapping]:
    """Every CAMEO code (roots included), resolved."""
    table = _read_table()
    return {code: _resolve(code, table) for code in table}


def map_event_code(code: str) -> CameoMapping | None:
    """The mapping of a CAMEO event code, or None when the code is not a CAMEO code."""
    return cameo_table().get(code.strip())


def normalise_code(code: str, root: str = "") -> str:
    """Undo spreadsheet damage: "43" with root "4" or "04" is "043".

    GDELT writes codes as zero-padded strings; tools that read the file as numbers drop
    the leading zero, which the root column (damaged the same way) tells us to restore.
    """
    code, root = code.strip(), root.strip()
    if root.isdigit() and len(root) == 1:
        root = "0" + root
    if code.isdigit() and root and not code.startswith(root) and ("0" + code).startswith(root):
        return "0" + code
    return code


@cache
def _reverse_index() -> dict[tuple[str, str | None], str]:
    """(type, mode) -> the most general CAMEO code that maps to it.

    Preference: a code under the type's own CAMEO root (types.yaml), then the shortest,
    then the lowest; so REQUEST gives 100 rather than 020 and CONSULT/visit gives 042.
    """
    types = event_types()
    best: dict[tuple[str, str | None], tuple[int, int, str]] = {}
    for code, m in cameo_table().items():
        if m.event_type is None or len(code) < 3 or m.swap:
            continue
        key = (m.event_type, m.mode)
        rank = (0 if m.root == types[m.event_type].cameo else 1, len(code), code)
        if key not in best or rank < best[key]:
            best[key] = rank
    return {key: rank[2] for key, rank in best.items()}


@cache
def reverse_overrides() -> dict[tuple[str, str | None], str]:
    """(type, mode) -> CAMEO code from plover_cameo.yaml, where the reverse index picks worse."""
    text = resources.files("detente.interop.data").joinpath("plover_cameo.yaml").read_text("utf-8")
    raw = yaml.load(text, Loader=_Loader) or {}
    table = cameo_table()
    out: dict[tuple[str, str | None], str] = {}
    for key, code in raw.items():
        event_type, _, mode = str(key).partition("/")
        code = str(code)
        target = table.get(code)
        if target is None or target.event_type != event_type:
            raise MappingError(f"plover_cameo.yaml: {key}: {code} is not a CAMEO code of type {event_type}")
        out[(event_type, mode or None)] = code
    return out


def cameo_code(event_type: str, mode: str | None = None) -> str:
    """The CAMEO event code for a detente (type, mode); the type's own code when the mode
    has no CAMEO counterpart (the coder's `multilateral`, say)."""
    overrides = reverse_overrides()
    if (event_type, mode) in overrides:
        return overrides[(event_type, mode)]
    index = _reverse_index()
    found = index.get((event_type, mode)) or index.get((event_type, None))
    if found is not None:
        return found
    return event_types()[event_type].cameo + "0"
