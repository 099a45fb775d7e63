"""The `tidings` command: no sub-command opens the reader; sub-commands run headless."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    print("tidings: not yet")
    return 0
