"""The DuckDB store: documents, coded and imported events, dyads, and exports."""

from __future__ import annotations

from detente.store.database import Store
from detente.store.filters import EventFilter
from detente.store.records import AddResult, DocumentMeta, Imported, StoredEvent, StoreError

__all__ = ["AddResult", "DocumentMeta", "EventFilter", "Imported", "Store", "StoreError", "StoredEvent"]
