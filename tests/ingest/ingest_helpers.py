"""Shared helpers for the ingest tests (a uniquely named module, not conftest, so that
other test folders' conftest files cannot shadow it)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from detente.ingest import IngestError, iter_documents
from detente.model import Document

FIXTURES = Path(__file__).parent / "fixtures"


def split(paths: Sequence[str | Path] | str | Path, **kw: Any) -> tuple[list[Document], list[IngestError]]:
    """All documents and all errors of one ingest run, each kind in stream order."""
    docs: list[Document] = []
    errors: list[IngestError] = []
    for result in iter_documents(paths, **kw):  # type: ignore[arg-type]
        # Exactly one of the two, always, and every error is one line.
        assert (result.document is None) != (result.error is None), result
        if result.document is not None:
            docs.append(result.document)
        else:
            assert result.error is not None
            assert "\n" not in str(result.error) and "\r" not in str(result.error)
            errors.append(result.error)
    return docs, errors
