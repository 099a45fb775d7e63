"""Ctrl+N / Ctrl+P: the next / previous feed of the feed pane (newsboat's next-feed /
prev-feed), and `}` / `{`: the next / previous feed with unread articles
(next-unread-feed / prev-unread-feed), from the feed pane, the article list or the
reading pane. The feeds follow the pane's order (categories, then the loose feeds; only
the feeds with unread articles in unread-only mode; only the tag's under T). In the
reading pane the new feed's first article opens (its first unread one, for the unread
steps and in unread-only mode), as newsboat's article view does.

A mixin of TidingsApp (tidings.tui.app).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tidings.core.models import ArticleSummary
from tidings.tui.text import clean

if TYPE_CHECKING:
    from tidings.core.store import Store
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class FeedSteppingActions(_Base):
    """next_feed / prev_feed / next_unread_feed / prev_unread_feed (see tidings.tui.keymap)."""

    def _feed_id_here(self) -> int | None:
        """The feed the reader is in: the place's, else the open article's, else the one
        of the row under the cursor (in All, a category or a search)."""
        if self.place.view.feed_id is not None:
            return self.place.view.feed_id
        if self.article is not None and self.article.id >= 0:
            return self.article.feed_id
        current = self.articles.current
        return current.feed_id if current is not None else None

    def feed_beyond(self, step: int, *, unread: bool = False) -> int | None:
        """The feed `step` (1 or -1) from here in the pane's order; with `unread` the
        nearest such one with unread articles. From a place that is no feed and has no
        article: the first (last) feed."""
        order = list(self.tree.feed_ids)
        here = self._feed_id_here()
        if here in order:
            at = order.index(here)
            beyond = order[at + 1 :] if step > 0 else order[:at][::-1]
        else:
            beyond = order if step > 0 else order[::-1]
        if unread:
            counts = {f.id: f.unread for f in self.feeds}
            beyond = [f for f in beyond if counts.get(f, 0) > 0]
        return beyond[0] if beyond else None

    async def action_step_feed(self, step: int, unread: bool = False) -> None:
        target = self.feed_beyond(step, unread=unread)
        if target is None:
            which = "next" if step > 0 else "previous"
            self.set_status(f"No {which} feed{' with unread articles' if unread else ''}.")
            return
        key = self.tree.key_for_feed(target)
        place = self.tree.place_of(key)
        if place is None:
            return
        in_reader = self.article is not None and self._focused_pane() in (
            self.reader,
            self.related_list,
        )
        self.place = place
        self.tree.select_key(key)
        await self.load_view().wait()
        if not in_reader:
            self.set_status("")
            return
        view = self.articles.view

        def first(store: Store) -> ArticleSummary | None:
            rows = store.list_articles(replace(view, unread_only=True), 0, 1) if unread else []
            rows = rows or store.list_articles(view, 0, 1)
            return rows[0] if rows else None

        found = await self.pool.call(first)
        if found is None:
            self.set_status(f"{clean(place.name)}: no articles to open.")
            return
        self.open_article(found.id)
