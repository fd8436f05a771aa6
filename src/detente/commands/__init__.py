"""CLI command groups merged into the root `detente` app by cli.py."""
