"""A count and its noun as a person writes them: "1 article", "2 articles"."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 feed", "2 feeds", "0 feeds", "1,204 feeds"; `plural` for a noun that does not
    take an s ("1 entry", "3 entries")."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
