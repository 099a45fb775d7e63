"""Styles and fixed glyphs shared by the renderer's modules."""

from __future__ import annotations

RULE_CELLS = 32  # a horizontal rule's width when no width is given
RULE_CHAR = "─"
RULE = RULE_CHAR * RULE_CELLS

STYLE_H1 = "bold underline magenta"
STYLE_H2 = "bold underline"
STYLE_H = "bold"
STYLE_LINK = "underline blue"
STYLE_NUMBER = "dim"
STYLE_CODE = "cyan"
STYLE_QUOTE = "italic"
STYLE_BAR = "dim"
STYLE_IMAGE = "magenta"
STYLE_MARKER = "bold"


def rule(width: int | None) -> str:
    """A horizontal rule `width` cells wide (at least one), or the default one."""
    return RULE if width is None else RULE_CHAR * max(width, 1)
