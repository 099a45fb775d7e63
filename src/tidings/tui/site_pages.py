"""Full text from the web page (f; again: the feed's own text), the page's own links ("On the site": 上一篇 / 下一篇 and
related pages, opened as transient articles, [ / ]), Back through History (Backspace / h),
and laying the body out again when the reading pane's width changes.

Pages are fetched by core.fulltext on worker threads; nothing here blocks the UI, and
widgets are only touched back on the event loop. A page opened from the site is not
stored: it is an Article with a negative id, kept in a small cache for Back.

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from textual import work

from tidings.core.fulltext import PageResult, fetch_article_full_text, fetch_site_page
from tidings.core.models import Article
from tidings.core.store import Store
from tidings.tui.row_waiting import waits_for_row
from tidings.tui.text import Rendered, clean, render_body, safe_url
from tidings.tui.widgets.reader import ReaderPane

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

SITE_PAGE_ID = -1  # the id of an article opened from a page's own links (never stored)
SITE_PAGES_KEPT = 30  # pages from the site kept for Back


def site_article(url: str, result: PageResult) -> Article:
    """A page from the site as an article to show (not stored)."""
    extracted = result.extracted
    assert extracted is not None
    host = urlsplit(url).hostname or url
    return Article(
        id=SITE_PAGE_ID,
        feed_id=SITE_PAGE_ID,
        feed_title=host,
        feed_url=url,
        category=None,
        guid=None,
        link=url,
        title=extracted.title or url,
        author=extracted.author,
        published=extracted.published,
        updated=None,
        summary=None,
        content=None,
        read=True,
        full_text=extracted.html,
        site_links=list(extracted.site_links),
    )


class SitePageActions(_Base):
    """f, [ / ], the "On the site" entries, Backspace / h, re-layout on resize."""

    def reader_width(self) -> int | None:
        """The width to lay an article out for: the pane's, or (hidden) a guess that a
        re-layout corrects once the pane is shown."""
        width = self.reader.text_width
        if width > 0:
            self._last_reader_width = width
            return width
        return self._last_reader_width or max(20, self.size.width - 2)  # less its padding

    # -- f: full text from the page ------------------------------------------------------
    @waits_for_row
    def action_full_text(self) -> None:
        item = self._selected()
        if item is None:
            self.set_status("No article to fetch.")
            return
        if item.id < 0:
            self.set_status("This page is already the full text from the site.")
            return
        if item is self.article and item.id == self.feed_text_of and item.full_text is None:
            # the feed's own text shown: the stored page's again (no fetch)
            self.feed_text_of = None
            self.reshow_article(item.id)
            self.set_status("The full text from the web page (f: the feed's own).")
            return
        if item is self.article and self.article.full_text:  # as newsboat: f toggles
            self.show_feed_text(self.article)
            return
        if not item.link:
            self.set_status("This article has no link to fetch.")
            return
        self.set_status("Fetching full text…")
        self.fetch_full_text(item.id, clean(item.title) or "(untitled)")

    @work(group="fulltext", exit_on_error=False, description="fetching full text")
    async def fetch_full_text(self, article_id: int, title: str = "") -> None:
        settings = self.config.settings
        # A slow page: the reader may have moved on to another article meanwhile.
        shown_then = self.article.id if self.article is not None else None
        result = await asyncio.to_thread(
            fetch_article_full_text, self.db_path, article_id, settings, stop=self.closing
        )
        if self.article is not None and self.article.id == article_id:
            self.reshow_article(article_id)
        elif self.article is not None and self.article.id != shown_then:
            # Another article is open now: it stays; the status line says what came.
            if result.error:
                self.set_status(f"Full text of {title} unavailable: {clean(result.error)}")
            else:
                self.set_status(f"Full text of {title} fetched: open it to read it.")
            return
        else:  # f from the list, nothing opened since: the article opens with it
            self.open_article(article_id, keep_status=True)
        if result.error:
            self.set_status(f"Full text unavailable: {clean(result.error)}")
        else:
            self.set_status("Full text fetched from the web page (f: the feed's own).")

    @work(exclusive=True, group="reshow", exit_on_error=False, description="showing feed text")
    async def show_feed_text(self, article: Article) -> None:
        """The open article as its feed gave it, without the text fetched from its page."""
        width, found = self.reader_width(), self.found
        own = replace(article, full_text=None)
        rendered = await asyncio.to_thread(render_body, own, width, found)
        if self.article is not article:  # another article opened meanwhile
            return
        self.article, self.feed_text_of = own, article.id
        self.reader.show(own, rendered, self.reader.prev, self.reader.next, width=width)
        self.set_status("The feed's own text (f: the full text from the web page).")

    @work(exclusive=True, group="reshow", exit_on_error=False, description="showing full text")
    async def reshow_article(self, article_id: int, *, keep_scroll: bool = False) -> None:
        """Show the open article again as stored now (after its full text came, or its
        episode was downloaded: then where the reader stands in it is kept)."""
        width = self.reader_width()
        found = self.found

        def query(store: Store) -> tuple[Article | None, Rendered | None]:
            article = store.get_article(article_id)
            return article, render_body(article, width, found) if article is not None else None

        article, rendered = await self.pool.call(query)
        if article is None or rendered is None:
            return
        if self.article is None or self.article.id != article_id:
            return
        article.read, article.starred = self.article.read, self.article.starred
        self.article = article
        self.reader.show(
            article,
            rendered,
            self.reader.prev,
            self.reader.next,
            width=width,
            keep_scroll=keep_scroll,
        )
        self._show_status()  # where the reader stands in this page

    # -- the page's own links --------------------------------------------------------------
    # (handlers by name: @on does not reach the handlers of a plain mixin class)
    def on_reader_pane_site_chosen(self, event: ReaderPane.SiteChosen) -> None:
        self.open_site_page(event.link.url)

    def action_site_step(self, kind: str) -> None:
        """[ / ]: the page's own previous / next link (上一篇 / 下一篇)."""
        if self.article is None:  # "This page has no 上一篇 link": which page?
            self.set_status("Open an article first.")
            return
        link = self.reader.site_link(kind)
        if link is None:
            label = "上一篇 (previous)" if kind == "prev" else "下一篇 (next)"
            self.set_status(f"This page has no {label} link.")
            return
        self.open_site_page(link.url)

    @work(exclusive=True, group="article", exit_on_error=False, description="opening a page")
    async def open_site_page(self, url: str, *, record: bool = True) -> None:
        """Show a page of the site: the stored article with that link if there is one,
        else the page fetched and shown as an article (not stored)."""
        cache = self.site_pages
        article = cache.get(url)
        if article is None:
            if safe_url(url) is None:
                self.set_status("That link is not a web address.")
                return
            stored = await self.pool.call(lambda s: s.find_article(url))
            if stored is not None:  # a page the store has (from a feed): open that
                # read in full text, the next page is too (not its feed's summary)
                reading_full = self.article is not None and bool(self.article.full_text)
                self.open_article(stored.id, focus=True, record=record)
                if reading_full and not stored.full_text and stored.link:
                    self.set_status("Fetching full text…")
                    self.fetch_full_text(stored.id, clean(stored.title) or "(untitled)")
                return
            self.set_status(f"Fetching {clean(url)}…")
            settings = self.config.settings
            result = await asyncio.to_thread(fetch_site_page, url, settings, stop=self.closing)
            if result.extracted is None:
                self.set_status(
                    f"Could not open {clean(url)}: {clean(result.error) or 'no article'}"
                )
                return
            article = site_article(url, result)
            cache[url] = article
            while len(cache) > SITE_PAGES_KEPT:
                cache.popitem(last=False)
        cache.move_to_end(url)
        width = self.reader_width()
        rendered = await asyncio.to_thread(render_body, article, width)
        self.article = article
        self.found = None
        if record:
            self.history.visit(url)
        with self.batch_update():
            self.reader.show(article, rendered, self.reader.prev, self.reader.next, width=width)
            self._show_status()  # where the reader stands in this page
            if not self.wide:
                self.reading = True
            self._apply_layout()
            self.reader.focus()
            self.set_status("")
        self.load_related(article.id)

    # -- Back --------------------------------------------------------------------------------
    def action_history_back(self) -> None:
        previous = self.history.back()
        if previous is None:
            self.set_status("Nothing to go back to.")
        elif isinstance(previous, str):
            self.open_site_page(previous, record=False)
        else:
            self.open_article(previous, record=False)

    # -- width ---------------------------------------------------------------------------------
    def on_reader_pane_width_changed(self, event: ReaderPane.WidthChanged) -> None:
        self.relayout_article(event.width)

    @work(exclusive=True, group="relayout", exit_on_error=False, description="laying out")
    async def relayout_article(self, width: int) -> None:
        article = self.article
        if article is None:
            return
        rendered = await asyncio.to_thread(render_body, article, width, self.found)
        if self.article is article and self.reader.text_width == width:
            self._last_reader_width = width
            self.reader.set_rendered(rendered, width)
