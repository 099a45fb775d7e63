"""`D`: unsubscribe, from the reader: the feed under the cursor in the feed pane (in the
list or the reader, the current article's) leaves feeds.yaml once the status line's
question is answered yes. The file is edited on a thread worker (core.subscribe.
unsubscribe: the file as it is now, every other line kept) and read again, as after an
edit by hand (tui/config_watch.py); the store hides the feed and keeps its articles
(`tidings remove --purge URL` deletes them); the feed pane drops it, its cursor on the
place that came next. What failed goes to the status line, the file as it was.

A feed of the account of feeds.yaml's `source:` is unsubscribed on its server instead
(core.source_feeds: subscription/edit ac=unsubscribe), the same question asked first;
it leaves the pane the same way, its articles kept.

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from tidings.core.feed_location import feed_key
from tidings.core.greader import GReaderError
from tidings.core.models import FeedInfo
from tidings.core.sanitize import hide_passwords
from tidings.core.source_feeds import AccountFeed, remove_from_account
from tidings.core.source_sync import is_source_feed
from tidings.core.subscribe import SubscribeError, unsubscribe
from tidings.tui.config_watch import QUIET
from tidings.tui.row_waiting import waits_for_row
from tidings.tui.screens.confirm import ConfirmScreen
from tidings.tui.text import clean

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class UnsubscribeActions(_Base):
    """D (see tidings.tui.keymap)."""

    _removing: FeedInfo | None = None  # the feed being taken out of feeds.yaml

    @waits_for_row
    def action_remove_feed(self) -> None:
        if self._removing is not None:
            self.set_status(f"Still removing {_name(self._removing)}…")
            return
        feed = self._feed_here()
        if feed is None:
            self.set_status("No feed here to remove: go to a feed in the feed pane.")
            return
        account = is_source_feed(feed.url)
        if account and self.config.source is None:
            self.set_status(f"{_name(feed)} was your account's: feeds.yaml has no source: now.")
            return
        if not account and not self.config.path:
            self.set_status("No feeds.yaml to remove a feed from.")
            return
        if account:
            question = f"Unsubscribe from {_name(feed)} on your account?"
        else:
            question = f"Remove {_name(feed)} from feeds.yaml?"
        if feed.total:  # "Its 0 articles stay" read oddly
            question += f" Its {_stay(feed)}" + ("" if account else " in the database")

        def answered(yes: bool | None) -> None:
            if not yes:
                self.set_status("Nothing removed.")
                return
            self._removing = feed
            self.set_status(f"{'Unsubscribing from' if account else 'Removing'} {_name(feed)}…")
            self.run_worker(
                lambda: self._remove_thread(feed, account),
                thread=True,
                group="remove_feed",
                description="removing the feed",
                exit_on_error=False,
            )

        self.push_screen(ConfirmScreen(question), answered)

    def _feed_here(self) -> FeedInfo | None:
        """The feed under the feed pane's cursor, else the current article's."""
        if self._focused_pane() is self.tree:
            place = self.tree.current
            feed_id = (
                place.view.feed_id if place is not None and place.key.startswith("feed:") else None
            )
        elif self.article is not None and self._focused_pane() is not self.articles:
            feed_id = self.article.feed_id
        else:
            row = self.articles.current
            feed_id = row.feed_id if row is not None else None
        return next((f for f in self.feeds if f.id == feed_id), None)

    # -- on the worker thread ----------------------------------------------------------
    def _remove_thread(self, feed: FeedInfo, account: bool = False) -> None:
        try:
            if account:
                self._unsubscribe_account(feed)
                return
            listed = unsubscribe(self.config.path or "", feed.url)
        except SubscribeError as exc:
            self.call_from_thread(
                self._not_removed, f"Cannot remove {_name(feed)}: {clean(str(exc))}"
            )
            return
        except BaseException:
            self.call_from_thread(self._not_removed, "")
            raise  # told in the status line by on_worker_state_changed
        if listed is None:
            self.call_from_thread(self._not_removed, f"{_name(feed)} is not in feeds.yaml.")
        else:
            self.call_from_thread(self._removed, feed)

    def _unsubscribe_account(self, feed: FeedInfo) -> None:
        source = self.config.source
        try:
            if source is None:  # feeds.yaml changed meanwhile
                raise GReaderError("feeds.yaml has no source: any more")
            gone = remove_from_account(self.db_path, source, self.config.settings, feed.url)
        except GReaderError as exc:
            said = clean(hide_passwords(str(exc)))
            self.call_from_thread(self._not_removed, f"Not unsubscribed from {_name(feed)}: {said}")
            return
        self.call_from_thread(self._account_removed, feed, gone)

    # -- back on the event loop -----------------------------------------------------------
    def _not_removed(self, message: str) -> None:
        self._removing = None
        if message:
            self.set_status(message)

    @work(
        exclusive=True, group="remove_feed_show", exit_on_error=False, description="hiding the feed"
    )
    async def _removed(self, feed: FeedInfo) -> None:
        key = feed_key(feed.url)
        self.reread_config(force=True, how=QUIET)  # R: not it
        if any(feed_key(s.url) == key for s in self.config.feeds):
            # the file does not load (mistakes of its own): the config patched by hand
            self.config.feeds = [s for s in self.config.feeds if feed_key(s.url) != key]
            hide = lambda s: s.hide_feed(feed.url)  # noqa: E731
        else:  # the store's feeds follow the file: it hides this one
            specs = list(self.config.feeds)
            hide = lambda s: s.sync_feeds(specs)  # noqa: E731
        try:
            await self.pool.call(hide)
        finally:
            self._removing = None
        self.set_status(
            f"Removed {_name(feed)} from feeds.yaml; its {_stay(feed)} in the database."
        )
        await self._leave_pane(feed)

    @work(
        exclusive=True, group="remove_feed_show", exit_on_error=False, description="hiding the feed"
    )
    async def _account_removed(self, feed: FeedInfo, gone: AccountFeed) -> None:
        """The server has it no more; the store hid it (core.source_feeds)."""
        self._removing = None
        if gone.already:
            text = f"{_name(feed)} was no longer in your account: taken out of the list."
        else:
            text = f"Unsubscribed from {_name(feed)}; its {_stay(feed)} in the database."
        self.set_status(text + (f" ({clean(gone.note)})" if gone.note else ""))
        await self._leave_pane(feed)

    async def _leave_pane(self, feed: FeedInfo) -> None:
        """The feed, hidden in the store, leaves the pane: the cursor on the place that
        came next when it was on it."""
        tree = self.tree
        place = tree.current
        if place is None or place.view.feed_id != feed.id or not place.key.startswith("feed:"):
            self.reload()  # its articles leave the lists of All, its category…
            return
        # the feed that came next, else the one before (its category may go with it)
        around = self.places_around_cursor()
        await self.load_feeds().wait()
        tree.select_key(next((k for k in around if tree.place_of(k) is not None), "all"))
        if self._focused_pane() is not tree:
            self.reload()


def _name(feed: FeedInfo) -> str:
    return clean(feed.title) or clean(feed.url)


def _stay(feed: FeedInfo) -> str:
    return f"{feed.total:,} articles stay" if feed.total != 1 else "1 article stays"
