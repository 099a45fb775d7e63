"""HTML -> rich `Text` for the reading pane and `tidings show`, and that text printed.

The work is split by what it does: `render_body` (parse, fall back; `render_html`),
`render_walk` (the tree walk that writes styled text), `render_wrap` (cell-width line
breaking with hanging indents), `render_table` (table layout), `render_article` (header,
attachments, links list, cache) and `render_style` (styles and rules). This module is
their public face.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from tidings.core.render_article import render_article
from tidings.core.render_body import RenderedArticle, render_html

__all__ = ["RenderedArticle", "render_article", "render_html", "to_ansi", "to_plain"]


def _print(text: Text, width: int, *, colour: bool) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=max(width, 1),
        color_system="auto" if colour else None,
        force_terminal=colour,
        no_color=not colour,
        soft_wrap=False,
        emoji=False,
        markup=False,
        highlight=False,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
    )
    console.print(text)
    return buffer.getvalue()


def to_plain(text: Text, width: int) -> str:
    """`text` wrapped to `width` cells as plain text (CJK by cell width; long words and
    URLs broken)."""
    lines = _print(text, width, colour=False).split("\n")
    return "\n".join(line.rstrip() for line in lines).rstrip("\n") + "\n"


def to_ansi(text: Text, width: int) -> str:
    """`text` wrapped to `width` cells with ANSI styles, for a terminal."""
    return _print(text, width, colour=True)
