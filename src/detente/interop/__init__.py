"""Interoperability with other event data: GDELT 2.0 in, PLOVER JSON and CAMEO (Phoenix) TSV out.

See README.md beside this file for the mappings, fields and columns.
"""

from __future__ import annotations

from detente.interop.gdelt import ImportStats, Problem, import_gdelt, read_gdelt
from detente.interop.mapping import CameoMapping, cameo_code, map_event_code
from detente.interop.writers import PHOENIX_COLUMNS, PLOVER_FIELDS, export

__all__ = [
    "PHOENIX_COLUMNS",
    "PLOVER_FIELDS",
    "CameoMapping",
    "ImportStats",
    "Problem",
    "cameo_code",
    "export",
    "import_gdelt",
    "map_event_code",
    "read_gdelt",
]
