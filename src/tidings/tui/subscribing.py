"""`a`: subscribe to a feed by its address or its site's, from the reader.

The prompt (screens/add_feed.py) takes the address; the feed is looked for
(core.discover) on a thread worker, the status line saying so, while the reader stays
usable (Esc closes the prompt, the lookup goes on). A page offering several feeds gets
a chooser (screens/feed_choice.py). The feed found is appended to feeds.yaml as the
file is now, comments and other edits kept, and stored with the articles of that fetch
(core.subscribe); the reader then reads feeds.yaml again, as after an edit by hand
(tui/config_watch.py), and the feed pane shows the feed, the cursor on it. What failed
goes to the status line; the prompt keeps the address.

With an account in feeds.yaml (`source:`) the prompt adds to the account by default
(Ctrl+T: to feeds.yaml): the server subscribes (and finds a site's feed), then the feed's
items are pulled and the pane shows it (core.source_feeds); feeds.yaml is untouched.

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import work

from tidings.core.discover import (
    Discovery,
    FeedLink,
    discover,
    fetch_choice,
    typed_bare,
    web_address,
)
from tidings.core.feed_location import feed_key
from tidings.core.greader import GReaderError
from tidings.core.models import FeedSpec
from tidings.core.plural import counted
from tidings.core.sanitize import hide_passwords
from tidings.core.source_feeds import AccountFeed, add_to_account
from tidings.core.subscribe import (
    NotStored,
    Subscribed,
    SubscribeError,
    already_listed,
    subscribe,
)
from tidings.tui.config_watch import QUIET
from tidings.tui.screens.add_feed import AddFeedScreen
from tidings.tui.screens.feed_choice import FeedChoiceScreen
from tidings.tui.text import clean

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


@dataclass
class _AddJob:
    """One address being subscribed to."""

    typed: str
    url: str
    screen: AddFeedScreen | None = field(default=None)
    stop: threading.Event = field(default_factory=threading.Event)  # the reader quits


class SubscribeActions(_Base):
    """a (see tidings.tui.keymap)."""

    _add_typed = ""  # what the prompt held when its lookup failed: shown again on `a`
    _adding: _AddJob | None = None  # the lookup under way

    def action_add_feed(self) -> None:
        if self._adding is not None:
            self.set_status(f"Still looking for a feed at {clean(self._adding.url)}…")
            return
        account = self.config.source is not None
        if not self.config.path and not account:
            self.set_status("No feeds.yaml to add a feed to.")
            return
        self.set_status("")  # the line below the prompt tells only of this lookup
        self.push_screen(AddFeedScreen(self._add_typed, self._add_typed_address, account=account))

    def _add_typed_address(self, screen: AddFeedScreen, typed: str) -> None:
        """Enter in the prompt."""
        self._add_typed = typed
        url, reason = web_address(typed)
        if url is None:
            self.set_status(f"Cannot add a feed: {reason}")
            return
        to_account = screen.to_account and self.config.source is not None
        if not to_account and not self.config.path:
            self.set_status("No feeds.yaml to add a feed to: Ctrl+T adds it to your account.")
            return
        job = _AddJob(typed, url, screen)
        screen.busy = True
        self._adding = job
        if to_account:
            self.set_status(f"Adding {clean(url)} to your account…")
            self._run_add(job, lambda: self._account_thread(job), "adding to your account")
            return
        self.set_status(f"Looking for a feed at {clean(url)}…")
        self._run_add(job, lambda: self._lookup_thread(job), "looking for a feed")

    def _run_add(self, job: _AddJob, work: Callable[[], None], description: str) -> None:
        def guarded() -> None:
            try:
                work()
            except BaseException:
                self.call_from_thread(self._add_failed, job, "")
                raise  # told in the status line by on_worker_state_changed

        self.run_worker(
            guarded, thread=True, group="add_feed", description=description, exit_on_error=False
        )

    def stop_adding(self) -> None:
        """The reader is closing: a lookup under way is abandoned (a slow site would
        otherwise hold the exit up until its timeouts)."""
        if self._adding is not None:
            self._adding.stop.set()

    # -- on the worker thread ----------------------------------------------------------
    def _lookup_thread(self, job: _AddJob) -> None:
        if self._told_listed(job, job.url):
            return
        settings = self.config.settings
        found = discover(job.url, settings, http_fallback=typed_bare(job.typed), stop=job.stop)
        if job.stop.is_set():
            return
        if found.choices:
            self.call_from_thread(self._choose_feed, job, found.choices)
            return
        self._subscribe_thread(job, found)

    def _chosen_thread(self, job: _AddJob, link: FeedLink) -> None:
        found = fetch_choice(link, self.config.settings, stop=job.stop)
        if not job.stop.is_set():
            self._subscribe_thread(job, found)

    def _subscribe_thread(self, job: _AddJob, found: Discovery) -> None:
        if found.feed is None:
            # the reason first: the address is in the prompt, and is what a narrow line cuts
            failed = f"No feed: {clean(found.error)} ({clean(found.url)})"
            self.call_from_thread(self._add_failed, job, failed)
            return
        path = self.config.path or ""
        try:
            added = subscribe(path, self.db_path, found.feed, settings=self.config.settings)
        except NotStored as exc:  # in feeds.yaml: R gets its articles
            self.call_from_thread(self._not_stored, job, exc)
            return
        except SubscribeError as exc:
            self.call_from_thread(self._add_failed, job, f"Cannot add the feed: {exc}")
            return
        if isinstance(added, str):
            self.call_from_thread(self._add_listed, job, added)
        else:
            self.call_from_thread(self._added, job, added, found.feed.title)

    def _account_thread(self, job: _AddJob) -> None:
        source = self.config.source
        if source is None:  # feeds.yaml changed meanwhile
            self.call_from_thread(self._add_failed, job, "feeds.yaml has no account any more.")
            return
        try:
            added = add_to_account(self.db_path, source, self.config.settings, job.url)
        except GReaderError as exc:
            failed = f"Not added to your account: {clean(hide_passwords(str(exc)))}"
            self.call_from_thread(self._add_failed, job, failed)
            return
        self.call_from_thread(self._account_added, job, added)

    def _told_listed(self, job: _AddJob, url: str) -> bool:
        """Whether feeds.yaml lists `url` already, or cannot be read: then told."""
        try:
            listed = already_listed(self.config.path or "", url)
        except SubscribeError as exc:
            self.call_from_thread(self._add_failed, job, str(exc))
            return True
        if listed is not None:
            self.call_from_thread(self._add_listed, job, listed)
        return listed is not None

    # -- back on the event loop -----------------------------------------------------------
    def _close_prompt(self, job: _AddJob) -> None:
        screen = job.screen
        if screen is not None and screen in self.screen_stack:  # not if Esc closed it
            screen.dismiss(True)
        job.screen = None

    def _choose_feed(self, job: _AddJob, choices: list[FeedLink]) -> None:
        self._close_prompt(job)
        self.set_status(f"{clean(job.url)} offers {len(choices)} feeds.")

        def chosen(index: int | None) -> None:
            if index is None:
                self._add_failed(job, "No feed added.")
                return
            link = choices[index]
            self.set_status(f"Fetching {clean(link.title) or clean(link.url)}…")
            self._run_add(job, lambda: self._chosen_thread(job, link), "fetching the feed")

        self.push_screen(FeedChoiceScreen(choices), chosen)

    def _add_failed(self, job: _AddJob, message: str) -> None:
        """The prompt, if still open, stays with what was typed, to be corrected."""
        if job.screen is not None:
            job.screen.busy = False
        self._add_typed = job.typed
        if self._adding is job:
            self._adding = None
        if message:
            self.set_status(message)

    def _add_listed(self, job: _AddJob, url: str) -> None:
        self._finish_add(job)
        self.set_status(f"Already in feeds.yaml: {clean(url)}")
        key = feed_key(url)
        feed = next((f for f in self.feeds if feed_key(f.url) == key), None)
        if feed is not None:
            self.show_added_feed(feed.id)

    def _added(self, job: _AddJob, added: Subscribed, title: str) -> None:
        self._finish_add(job)
        others = self._take_written_feed(added.spec)  # R refreshes it too
        counts = added.counts
        text = f"Added {clean(title)}: {counted(counts.new, 'article')}"
        if counts.ignored:
            text += f", {counts.ignored} ignored"
        if added.problem:
            text += f"; feeds.yaml has other problems: {clean(added.problem.splitlines()[0])}"
        self.set_status(text)
        self.show_added_feed(added.feed_id, sync=others)

    def _account_added(self, job: _AddJob, added: AccountFeed) -> None:
        self._finish_add(job)
        title = clean(added.title)
        if added.already:
            text = f"Already in your account: {title}"
        else:
            text = f"Added {title} to your account: {counted(added.new, 'article')}"
        if added.note:
            text += f" ({clean(added.note)})"
        self.set_status(text)
        if added.feed_id is not None:
            self.show_added_feed(added.feed_id)

    def _not_stored(self, job: _AddJob, exc: NotStored) -> None:
        self._finish_add(job)
        self._take_written_feed(exc.spec)
        self.set_status(f"Feed {clean(str(exc))}")

    def _take_written_feed(self, spec: FeedSpec) -> bool:
        """feeds.yaml read again now that it lists `spec`, as after any edit; when it
        does not load (mistakes of its own), the reader's config gets the feed by hand.
        True when the file brought other changes to the feeds (made meanwhile)."""
        change = self.reread_config(force=True, how=QUIET)
        key = feed_key(spec.url)
        if not any(feed_key(s.url) == key for s in self.config.feeds):
            self.config.feeds = [*self.config.feeds, spec]
        if change is None:
            return False
        return bool(change.removed or change.changed or change.reordered or len(change.added) > 1)

    def _finish_add(self, job: _AddJob) -> None:
        self._close_prompt(job)
        self._add_typed = ""
        if self._adding is job:
            self._adding = None

    @work(
        exclusive=True, group="add_feed_show", exit_on_error=False, description="showing the feed"
    )
    async def show_added_feed(self, feed_id: int, sync: bool = False) -> None:
        """The feeds reloaded, the cursor on this one in the feed pane (shown if hidden),
        its articles in the list. `sync`: the store's feeds follow the config first."""
        if sync:
            specs = list(self.config.feeds)
            await self.pool.call(lambda s: s.sync_feeds(specs))
        await self.load_feeds().wait()
        if self.feeds_hidden:
            self.action_toggle_feeds()
        self.tree.select_key(f"feed:{feed_id}")
        self.reading = False
        self._apply_layout()
        self.tree.focus()
