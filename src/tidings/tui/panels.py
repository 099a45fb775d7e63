"""The "More from" / "Related" panels of the open article: computed in a worker (on the
store's bulk lane), shown when ready; `t` shows / hides them, `l` (or Tab) moves there,
Enter opens an entry (recorded in History, so Backspace / h comes back).

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from concurrent.futures import Future
from typing import TYPE_CHECKING

from textual import work

from tidings.core.store import Store
from tidings.tui.widgets.related_panel import PanelItem, RelatedList

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

PANEL_ITEMS = 6  # entries per section
PREFETCH_DELAY = 0.03  # s the list cursor rests on a row before its panels are prepared
RELATED_KEPT = 16  # articles whose panels are kept (the open one and its neighbours)
Sections = list[tuple[str, list["PanelItem"]]]


def panel_sections(store: Store, article_id: int) -> list[tuple[str, list[PanelItem]]]:
    """The panels' sections for `article_id` (runs on a store lane thread)."""
    from tidings.core.related import more_from, related

    heading, more = more_from(store, article_id, limit=PANEL_ITEMS)
    items = related(store, article_id, limit=PANEL_ITEMS)
    feed = store.feed_of(article_id)
    # Related first: an article in both shows there, with the feeds that also ran it.
    # Under "More from <feed>" the feed's own articles do not repeat its name.
    return [
        ("Related", [PanelItem(r.article, list(r.also_in), list(r.also_in_ids)) for r in items]),
        (heading, [PanelItem(a, show_feed=a.feed_id != feed) for a in more]),
    ]


class PanelActions(_Base):
    """The side panels: load, show / hide (t), focus (l), open an entry (Enter)."""

    panels_hidden = False
    _related: OrderedDict[int, Future[Sections]] | None = None

    def related_future(self, article_id: int) -> Future[Sections]:
        """The panels of `article_id`: computed once on the bulk lane, kept for the few
        articles around the open one (so n / p find them ready)."""
        if self._related is None:
            self._related = OrderedDict()
        cache = self._related
        future = cache.get(article_id)
        if future is None or future.cancelled() or (future.done() and future.exception()):
            future = self.pool.submit(lambda s: panel_sections(s, article_id), lane="bulk")
            cache[article_id] = future
        cache.move_to_end(article_id)
        while len(cache) > RELATED_KEPT:
            _, old = cache.popitem(last=False)
            old.cancel()  # only stops it if it has not started
        return future

    def forget_related(self) -> None:
        """Drop the kept panels (the store changed)."""
        if self._related:
            for future in self._related.values():
                future.cancel()
            self._related.clear()

    async def related_within(self, article_id: int, timeout: float) -> Sections | None:
        """The panels of `article_id` if they are ready within `timeout` seconds (the
        event loop keeps running meanwhile), else None."""
        future = self.related_future(article_id)
        if not future.done():
            if timeout <= 0:
                return None
            try:
                await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), timeout)
            except TimeoutError:
                return None
            except Exception:
                return None  # load_related reports it
        if future.cancelled() or future.exception() is not None:
            return None
        return future.result()

    def prefetch_related(self, *article_ids: int) -> None:
        """Start the panels of the articles n / p would open next."""
        if self.panels_hidden:
            return
        for article_id in article_ids:
            if article_id >= 0:
                self.related_future(article_id)

    def prefetch_row_soon(self) -> None:
        """The list cursor moved: once it rests, prepare the panels of its row (Enter
        then shows article and panels in one paint)."""
        timer = getattr(self, "_prefetch_timer", None)
        if timer is not None:
            timer.stop()
        self._prefetch_timer = self.set_timer(PREFETCH_DELAY, self._prefetch_row)

    def _prefetch_row(self) -> None:
        self._prefetch_timer = None
        current = self.articles.current
        if current is not None:
            self.prefetch_related(current.id)

    @work(exclusive=True, group="related", exit_on_error=False, description="related articles")
    async def load_related(self, article_id: int, *, message: bool = True) -> None:
        if article_id < 0:  # a page from the site: not in the store
            self.related_list.show_message("Pages opened from the site have no related articles.")
            return
        if message:
            self.related_list.show_message("Finding related articles…")
        sections = await asyncio.wrap_future(self.related_future(article_id))
        if self.article is not None and self.article.id == article_id:
            self.related_list.show(sections)

    def on_related_list_chosen(self, event: RelatedList.Chosen) -> None:
        self.open_article(event.article_id, focus=True)

    def action_toggle_panels(self) -> None:
        self.panels_hidden = not self.panels_hidden
        if self.panels_hidden and self._focused_pane() is self.related_list:
            self.reader.focus()
        self._apply_layout()
        self.set_status("Panels hidden (t shows them)." if self.panels_hidden else "Panels shown.")

    def action_focus_panels(self) -> None:
        if self.article is None:
            self.set_status("Open an article first.")
            return
        if self.panels_hidden:  # not left saying "Panels hidden (t shows them)."
            self.set_status("Panels shown.")
        self.panels_hidden = False
        self.reading = True
        self._apply_layout()
        self.related_list.focus()
