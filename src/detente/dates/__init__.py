"""Temporal expressions: find them in a sentence, resolve them against the publication date.

    >>> from datetime import date
    >>> resolve_text("The summit was held on the 22nd.", date(2018, 7, 2), "past").start
    datetime.date(2018, 6, 22)
"""

from __future__ import annotations

from detente.dates.expressions import Kind, TimeExpr, find_expressions
from detente.dates.resolve import Tense, resolve, resolve_text

__all__ = ["Kind", "Tense", "TimeExpr", "find_expressions", "resolve", "resolve_text"]
