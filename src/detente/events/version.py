"""The coder's version, stored with every coded document. Kept apart from events/coder.py so
that reading it (the parent process of `extract --workers N` does) does not import spaCy."""

CODER_VERSION = "rules-2"
