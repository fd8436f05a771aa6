"""The built-in sample corpus: short news-style articles written for this project.

`detente demo` ingests this folder, and tests/gold/sample.gold.jsonl codes every event
in it, so a change to an article must be matched by a change to the gold.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def corpus_dir() -> Path:
    """The folder holding the sample articles (.txt, .html and one .jsonl of two records)."""
    # The package is installed as a plain directory (editable or wheel), never zipped, so the
    # resource is a real folder that the ingest readers can walk like any user folder.
    return Path(str(resources.files("detente.samples").joinpath("corpus")))
