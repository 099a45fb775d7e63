"""Reading: opening an article (marked read, rendered, its neighbours and panels), n / p,
N and Space. A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays
small; the @on handlers that call it stay in app.py (@on does not reach the handlers of a
plain mixin class)."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.widget import Widget

from tidings.core.models import Article, ArticleSummary, View
from tidings.tui.text import Rendered, clean, render_body
from tidings.tui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from tidings.core.store import Store
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

PANEL_WAIT = 0.025  # s an opening article waits for its panels, to paint both at once


class ReadingActions(_Base):
    """open_article, n / p (action_step), N / P (find_next_unread), Space."""

    # The list row n / p last asked for while its article was still on its way: the next
    # n steps on from it (from the article shown, 40 quick n moved 5 articles on).
    _step_pending: int | None = None
    _open_token: object | None = None  # the article being opened (open_article), if any
    _unread_pending: ArticleSummary | None = None  # the same for N / P
    _neighbours_of: View | None = None  # the list the reader's previous / next are of

    def open_article(
        self,
        article_id: int,
        index: int | None = None,
        *,
        focus: bool = False,
        record: bool = True,
        keep_status: bool = False,
    ) -> None:
        """Load, render and show an article, mark it read, and put the list cursor on it,
        in a worker. Keys on "the article" typed meanwhile (n then o, n then s) act once
        it is shown, not on the one shown before (RowWaitActions.later)."""
        token = self._open_token = object()
        self._opening_worker(token, article_id, index, focus, record, keep_status)

    @work(exclusive=True, group="article", exit_on_error=False, description="opening article")
    async def _opening_worker(
        self,
        token: object,
        article_id: int,
        index: int | None,
        focus: bool,
        record: bool,
        keep_status: bool,
    ) -> None:
        try:
            await self._open_article(article_id, index, focus, record, keep_status)
        finally:
            if self._open_token is token:  # not one a newer opening took over from
                self._open_token = None
                self.after_open()

    async def _open_article(
        self, article_id: int, index: int | None, focus: bool, record: bool, keep_status: bool
    ) -> None:
        view = self.articles.view
        row = self.articles.row(index) if index is not None else None
        known_index = index if row is not None and row.id == article_id else None
        width = self.reader_width()
        began = time.perf_counter()
        if not self.panels_hidden:
            self.related_future(article_id)  # on the bulk lane, alongside the query below

        def query(
            store: Store,
        ) -> tuple[Article | None, Rendered | None, tuple, int | None]:
            article = store.get_article(article_id)
            if article is None:
                return None, None, (None, None), None
            if not article.read:
                store.set_read([article_id], True)
            rendered = render_body(article, width, view.search)
            neighbours = store.neighbours(view, article_id)
            position = known_index
            if position is None:
                position = store.position_of(view, article_id)
            return article, rendered, neighbours, position

        article, rendered, (prev, next_), position = await self.pool.call(query)
        if article is None or rendered is None:
            self._step_pending = self._unread_pending = None
            self.set_status("That article is no longer in the database.")
            return
        sections = None
        if not self.panels_hidden:
            # Paint article and panels together when the panels come soon enough.
            wait = PANEL_WAIT - (time.perf_counter() - began)
            sections = await self.related_within(article_id, wait)
        was_unread = not article.read
        article.read = True
        self.article = article
        self.found = view.search  # marked in it, and again when it is laid out anew
        if record:
            self.history.visit(article_id)
        with self.batch_update():
            self.reader.show(article, rendered, prev, next_, width=width)
            self._neighbours_of = view
            self._step_pending = self._unread_pending = None  # shown: n / N step from it
            self._show_status()  # where the reader stands in this article
            if sections is not None:
                self.related_list.show(sections)
            else:
                self.related_list.show_message("Finding related articles…")
            if position is not None and self.articles.view == view:
                self.articles.move_to(position)
            self.articles.update_row(article_id, read=True)
            if not self.wide:
                self.reading = True
            self._apply_layout()
            if focus or not self.wide:
                self.reader.focus()
            if self.status_message and not keep_status:
                self.set_status("")
        if was_unread:
            self._count_read(article.feed_id, -1)
        if sections is None:
            self.load_related(article_id, message=False)
        self.prefetch_related(*(a.id for a in (next_, prev) if a is not None))

    @work(exclusive=True, group="neighbours", exit_on_error=False, description="neighbours")
    async def renew_neighbours(self, *, same_list: bool = False) -> None:
        """The open article's previous / next in the list as it is now shown (after u, O
        or F): n / p and the 上一篇 / 下一篇 lines followed the list as it was, and n
        went on to a read article the unread-only list no longer showed. same_list (after
        a refresh): only if the list is still the one they are of, not another feed's
        the feed pane moved to while the article stayed open beside it."""
        article = self.article
        if article is None or article.id < 0:  # none, or a page from the site
            return
        view = self.current_view()
        if same_list and view != self._neighbours_of:
            return
        prev, next_ = await self.pool.call(lambda store: store.neighbours(view, article.id))
        if self.article is article:
            self.reader.set_neighbours(prev, next_)
            self._neighbours_of = view

    def _focused_pane(self) -> Widget | None:
        focused = self.focused
        while focused is not None and focused.id not in ("feeds", "articles", "reader", "related"):
            parent = focused.parent
            focused = parent if isinstance(parent, Widget) else None
        return focused

    async def action_step(self, step: int) -> None:
        """n / p: the next / previous article of the list, from the list or the reader."""
        opening = self._step_pending is not None  # Enter or n's article still coming
        # At 200 columns the article stays beside the list when the feed pane moves to
        # another feed: n from that list opens its row, not the old list's next one.
        row = self.articles.current
        elsewhere = (
            not opening
            and self.article is not None
            and self._focused_pane() is self.articles
            and row is not None
            and row.id != self.article.id
            and self._neighbours_of is not None
            and self._neighbours_of != self.articles.view
        )
        if elsewhere:
            step = 0
        elif (self.article is not None or opening) and self._focused_pane() is not self.tree:
            if self._step_pending is not None:  # the last n's article is still coming
                index = self._step_pending + step
                pending = await self.articles.ensure_row(index)
                if pending is None:
                    self.set_status(
                        "No next article." if step > 0 else "This is the first article."
                    )
                    return
                self._step_pending = index
                self.open_article(pending.id, index)
                return
            target = self.reader.next if step > 0 else self.reader.prev
            if target is None:
                self.set_status("No next article." if step > 0 else "This is the first article.")
                return
            index = self.articles.cursor + step
            row = self.articles.row(index)
            self._step_pending = index if row is not None and row.id == target.id else None
            self.open_article(target.id, index)
            return
        index = self.articles.cursor + (step if self.article is not None else 0)
        if not 0 <= index < self.articles.count:
            self.set_status("No next article." if step > 0 else "This is the first article.")
            return
        summary = await self.articles.ensure_row(index)
        if summary is not None:
            self._step_pending = index  # a second n typed at once steps from it
            self.open_article(summary.id, index)

    async def action_next_unread(self) -> None:
        await self.find_next_unread()

    async def action_prev_unread(self) -> None:
        await self.find_next_unread(backward=True)

    async def find_next_unread(self, backward: bool = False) -> None:
        """N: the next unread article, crossing into the following feeds; P (backward):
        the previous one, crossing into the feeds before. Found here, one key after
        another (a worker for each, cancelled by the next N, lost its step: 5 quick N
        moved 2 on), from the one the last N found if its article is still coming."""
        view = self.articles.view
        pending = self._unread_pending
        if pending is not None:
            after: int | None = pending.id
            if view.feed_id is not None:
                view = replace(view, feed_id=pending.feed_id)
        else:
            after = self.article.id if self.article is not None else None
            current = self.articles.current
            if after is None and current is not None:
                if not current.read:  # nothing open yet: the row under the cursor counts
                    self._unread_pending = current
                    self.open_article(current.id, self.articles.cursor)
                    return
                after = current.id
        feeds = list(self.tree.feed_ids)  # as the feed pane shows them

        def query(store: Store) -> tuple[ArticleSummary | None, bool]:
            found = store.next_unread(view, after, backward=backward, feed_order=feeds)
            if found is not None or after is None:
                return found, False
            # None after this one: round from the top (the bottom), as newsboat does
            # ("No unread articles left." was said with other feeds unread).
            start = view
            if view.feed_id is not None and feeds:
                start = replace(view, feed_id=feeds[-1] if backward else feeds[0])
            return store.next_unread(start, None, backward=backward, feed_order=feeds), True

        found, wrapped = await self.pool.call(query)
        if found is None:
            self.set_status("No unread articles left.")
            return
        self._unread_pending = found
        self.go_to_unread(found, wrapped=wrapped, backward=backward)

    @work(exclusive=True, group="article", exit_on_error=False, description="next unread")
    async def go_to_unread(self, found: ArticleSummary, *, wrapped: bool, backward: bool) -> None:
        """Show the unread article N / P found, in its feed's list when the list is of
        another feed."""
        view = self.articles.view
        crossed = False
        which = "Previous" if backward else "Next"
        if wrapped:
            which += " unread, from the bottom" if backward else " unread, from the top"
            self.set_status(f"{which}.")
            crossed = True  # said until the next key
        else:
            which += " unread"
        if view.feed_id is not None and found.feed_id != view.feed_id:
            key = self.tree.key_for_feed(found.feed_id)
            place = self.tree.place_of(key)
            if place is not None:
                self.place = place
                self.tree.select_key(key)
                await self.load_view(found.id).wait()
                self.set_status(f"{which}, in {clean(found.feed_title)}.")
                crossed = True  # said until the next key, not wiped by the opening
        self.open_article(found.id, keep_status=crossed)

    async def action_space(self) -> None:
        pane = self._focused_pane()
        if pane is self.reader:
            if self.reader.at_end:
                await self.find_next_unread()
            else:
                self.reader.scroll_page_down(animate=False)
        elif isinstance(pane, ArticleList):
            pane.action_page_down()
