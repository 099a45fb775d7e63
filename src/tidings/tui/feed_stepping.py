"""Ctrl+N / Ctrl+P: the next / previous feed of the feed pane (newsboat's next-feed /
prev-feed), and `}` / `{`: the next / previous feed with unread articles
(next-unread-feed / prev-unread-feed), from the feed pane, the article list or the
reading pane.

The feeds follow the pane's rows from the place shown (the pane's cursor): from a feed,
the feed row after it; from All, Unread, Starred or a search, the first feed row; from a
category, its first feed; from the saved searches or the tags, none after (the feeds above
them before). Only the feeds with unread articles in unread-only mode; only the tag's
under T.

From the list (or the feed pane) only the list moves, as newsboat's next-feed in its
article list: nothing is opened, nothing marked read, and an article left open beside it
is closed, so that n / p go down the list shown. In the reading pane (newsboat's article
view has no next-feed) the new feed's first article opens, its first unread one for the
unread steps and in unread-only mode, and a feed with nothing to open is stepped over.

A mixin of TidingsApp (tidings.tui.app).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tidings.core.models import ArticleSummary

if TYPE_CHECKING:
    from tidings.core.models import View
    from tidings.core.store import Store
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class FeedSteppingActions(_Base):
    """next_feed / prev_feed / next_unread_feed / prev_unread_feed (see tidings.tui.keymap)."""

    _feed_said = ""  # the last "No next feed." said: Esc takes it away

    def feeds_beyond(self, step: int, *, unread: bool = False) -> list[int]:
        """The feeds `step` (1 or -1) away from the place shown, nearest first, in the
        pane's order; with `unread` only those with unread articles."""
        beyond = self.tree.feeds_beyond(self.place.key, step)
        if unread:
            counts = {f.id: f.unread for f in self.feeds}
            beyond = [f for f in beyond if counts.get(f, 0) > 0]
        return beyond

    def _say_no_feed(self, step: int, what: str) -> None:
        which = "next" if step > 0 else "previous"
        self.set_status(f"No {which} feed{what}.")
        self._feed_said = self.status_message

    async def action_step_feed(self, step: int, unread: bool = False) -> None:
        beyond = self.feeds_beyond(step, unread=unread)
        if not beyond:
            self._say_no_feed(step, " with unread articles" if unread else "")
            return
        in_reader = self.article is not None and self._focused_pane() in (
            self.reader,
            self.related_list,
        )
        found: ArticleSummary | None = None
        if in_reader:
            found = await self._first_to_open(beyond, unread)
            if found is None:
                self._say_no_feed(step, " with unread articles" if unread else " to open")
                return
        target = found.feed_id if found is not None else beyond[0]
        key = self.tree.key_for_feed(target)
        place = self.tree.place_of(key)
        if place is None:
            return
        self.place = place
        self.tree.select_key(key)
        await self.load_view().wait()
        if found is not None:
            self.open_article(found.id)
            return
        self.set_status("")
        self._leave_open_article(target)

    async def _first_to_open(self, feeds: list[int], unread: bool) -> ArticleSummary | None:
        """The article the reading pane opens: the first one of the first of `feeds` with
        any in its list as shown (its first unread one for } / {)."""
        views: list[View] = []
        for feed_id in feeds:
            place = self.tree.place_of(self.tree.key_for_feed(feed_id))
            if place is not None:
                view = self.as_shown(place.view)
                views.append(replace(view, unread_only=True) if unread else view)

        def first(store: Store) -> ArticleSummary | None:
            for view in views:
                rows = store.list_articles(view, 0, 1)
                if rows:
                    return rows[0]
            return None

        return await self.pool.call(first)

    def _leave_open_article(self, feed_id: int) -> None:
        """The list went to another feed, the article open beside it (or put away behind
        it) staying of the old one: closed, so that n / p and 上一篇 / 下一篇 follow the
        list shown (n opened the old list's next article in the new one)."""
        article = self.article
        if article is None:
            return
        if article.feed_id == feed_id:
            self.renew_neighbours()
            return
        self.article = None
        self.reader.clear()
        self.related_list.show_message("")
        self._apply_layout()
        self._show_status()

    def action_back(self) -> None:
        """Esc takes "No next feed." away with it, as it backs out."""
        if self._feed_said and self.status_message == self._feed_said:
            self.set_status("")
        self._feed_said = ""
        super().action_back()
