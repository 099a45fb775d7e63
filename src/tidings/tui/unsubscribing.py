"""`D`: unsubscribe, from the reader: the feed under the cursor in the feed pane (in the
list or the reader, the current article's) leaves feeds.yaml once the status line's
question is answered yes. The file is edited on a thread worker (core.subscribe.
unsubscribe: the file as it is now, every other line kept) and read again, as after an
edit by hand (tui/config_watch.py); the store hides the feed and keeps its articles
(`tidings remove --purge URL` deletes them); the feed pane drops it, its cursor on the
place that came next. What failed goes to the status line, the file as it was.

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from tidings.core.feed_location import feed_key
from tidings.core.models import FeedInfo
from tidings.core.source_sync import is_source_feed
from tidings.core.subscribe import SubscribeError, unsubscribe
from tidings.tui.config_watch import QUIET
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

    def action_remove_feed(self) -> None:
        if self._removing is not None:
            self.set_status(f"Still removing {_name(self._removing)}…")
            return
        feed = self._feed_here()
        if feed is None:
            self.set_status("No feed here to remove: go to a feed in the feed pane.")
            return
        if is_source_feed(feed.url):
            self.set_status(
                f"{_name(feed)} is your account's (feeds.yaml's source:): unsubscribe on"
                " the server; the next R follows."
            )
            return
        if not self.config.path:
            self.set_status("No feeds.yaml to remove a feed from.")
            return
        question = f"Remove {_name(feed)} from feeds.yaml? Its {_stay(feed)} in the database"

        def answered(yes: bool | None) -> None:
            if not yes:
                self.set_status("Nothing removed.")
                return
            self._removing = feed
            self.set_status(f"Removing {_name(feed)}…")
            self.run_worker(
                lambda: self._remove_thread(feed),
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
    def _remove_thread(self, feed: FeedInfo) -> None:
        try:
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
