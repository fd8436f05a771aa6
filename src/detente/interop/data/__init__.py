"""Crosswalk tables of the interop package (YAML and CSV, read with importlib.resources)."""
