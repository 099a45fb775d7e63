"""The core of tidings: config, fetch, parse, store, render, related, extract.

Nothing under this package imports Textual (tests/test_layers.py enforces it).
"""
