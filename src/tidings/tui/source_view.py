"""Ctrl+U: the open article's stored HTML as plain text, and back (newsboat's
toggle-source-view): what the feed (or the page fetched for the full text) sent, with
control characters and escape sequences stripped as everywhere (core.sanitize), never
interpreted. A mixin of TidingsApp (tidings.tui.app).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text

from tidings.core.models import Article
from tidings.core.sanitize import clean as clean_text
from tidings.tui.text import Rendered, clean, render_body

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


def source_text(article: Article) -> Text:
    """The article's HTML as it is stored, safe for the terminal, under a line that says
    what it is."""
    which = "the page's extracted HTML" if article.full_text else "the feed's HTML"
    text = Text(f"Source of {clean(article.title) or '(untitled)'}: {which}", "bold")
    text.append(" (Ctrl+U: the article)\n\n", "dim")
    body = clean_text(article.body_html).expandtabs(4)
    text.append(body or "(no HTML stored: the feed sent no body)")
    return text


class SourceViewActions(_Base):
    """toggle_source_view (see tidings.tui.keymap)."""

    _source_of: Article | None = None  # the article whose source the reader shows

    async def action_toggle_source_view(self) -> None:
        article = self.article
        if article is None or article.id < 0:
            self.set_status("Open an article first (Enter): Ctrl+U shows its HTML.")
            return
        width = self.reader.text_width
        if self._source_of is article and self.reader.article is article:
            self._source_of = None
            rendered = await asyncio.to_thread(render_body, article, width, self.found)
            if self.article is article:
                self.reader.set_rendered(rendered, width)
                self.set_status("")
            return
        self._source_of = article
        self.reader.set_rendered(Rendered(source_text(article)), width)
        self.reader.scroll_home(animate=False)
        self.set_status("The article's HTML, as stored (Ctrl+U: the article).")
