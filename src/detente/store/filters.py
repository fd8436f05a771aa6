"""EventFilter and the SQL it turns into.

Dates: an event is kept when its span [date_start, date_end] overlaps [since, until]. An
event whose text gave no date falls back to its document's publication date, because the
coding manual never invents a date for it, yet a reader asking for "events in June 2018"
expects what June 2018 articles reported. Imported events have no document and are then
left out of date-filtered results unless they carry a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_HEX_PREFIX = re.compile(r"^[0-9a-f]{6,64}$")

# The expression every reader sorts and filters events by (alias `e` = events).
EVENT_DATE_SQL = "coalesce(e.date_start, e.published)"
EVENT_ORDER_SQL = f"{EVENT_DATE_SQL} NULLS LAST, e.event_id"


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to read. Every field left as None does not restrict.

    actor: either side of any dyad. dyad (A, B): the unordered pair, either direction.
    doc: a document id, an id prefix of at least 6 hex digits, or a document name.
    limit/offset page over events (not over dyad rows) in (date, event_id) order.
    """

    actor: str | None = None
    dyad: tuple[str, str] | None = None
    event_type: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    origin: str | None = None
    doc: str | None = None
    min_confidence: float | None = None
    limit: int | None = None
    offset: int = 0

    def where(self) -> tuple[str, list[object]]:
        """A WHERE condition over `events e` (always valid SQL) and its parameters."""
        clauses: list[str] = []
        params: list[object] = []
        if self.actor is not None:
            clauses.append("e.event_id IN (SELECT event_id FROM event_actors WHERE code = ?)")
            params.append(_code(self.actor))
        if self.dyad is not None:
            a, b = (_code(x) for x in self.dyad)
            clauses.append(
                "e.event_id IN (SELECT event_id FROM dyads WHERE "
                "(source_code = ? AND target_code = ?) OR (source_code = ? AND target_code = ?))"
            )
            params += [a, b, b, a]
        if self.event_type is not None:
            clauses.append("e.event_type = ?")
            params.append(self.event_type.strip().upper())
        if self.status is not None:
            clauses.append("e.status = ?")
            params.append(self.status.strip().lower())
        if self.since is not None:
            clauses.append("coalesce(e.date_end, e.date_start, e.published) >= ?")
            params.append(self.since)
        if self.until is not None:
            clauses.append(f"{EVENT_DATE_SQL} <= ?")
            params.append(self.until)
        if self.origin is not None:
            clauses.append("e.origin = ?")
            params.append(self.origin)
        if self.doc is not None:
            clauses.append(self._doc_clause(params))
        if self.min_confidence is not None:
            clauses.append("e.confidence >= ?")
            params.append(self.min_confidence)
        return (" AND ".join(clauses) or "TRUE"), params

    def _doc_clause(self, params: list[object]) -> str:
        assert self.doc is not None
        ref = self.doc.strip()
        if _HEX_PREFIX.match(ref):
            params += [ref, ref]
            return "(e.doc_id IN (SELECT id FROM documents WHERE starts_with(id, ?) OR name = ?))"
        params.append(ref)
        return "e.doc_id IN (SELECT id FROM documents WHERE name = ?)"

    def page(self) -> tuple[str, list[object]]:
        """LIMIT/OFFSET clause and parameters."""
        if self.limit is None:
            return ("OFFSET ?", [self.offset]) if self.offset else ("", [])
        return "LIMIT ? OFFSET ?", [self.limit, self.offset]

    def keeps_dyad(self, source: str, target: str | None) -> bool:
        """Whether one export row passes the actor/dyad parts of the filter.

        An event matches when any of its dyads does; its export rows are then narrowed to
        the dyads that match, so `--actor PRK` never prints a USA-CHN row of a trilateral.
        """
        if self.actor is not None and _code(self.actor) not in (source, target):
            return False
        if self.dyad is not None:
            a, b = (_code(x) for x in self.dyad)
            if (source, target) not in ((a, b), (b, a)):
                return False
        return True


def _code(value: str) -> str:
    # Actor codes are upper case throughout (ISO alpha-3, UN, NATO); accept "prk" from a user.
    return value.strip().upper()
