"""r / R: refresh feeds in a thread worker (core.refresh), progress in the status line,
lists updated in place keeping the cursor on its article; then, when some feed has
`full_text: true`, the pages of its new articles are fetched in the same worker
(core.fulltext) and the open article is shown again if its full text came.

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from tidings.core.fulltext import FullTextSummary, fetch_full_texts
from tidings.core.models import FeedInfo, FeedSpec, SourceSpec
from tidings.core.plural import counted
from tidings.core.refresh import Progress, RefreshSummary, refresh
from tidings.core.source_sync import is_source_feed
from tidings.core.store import Store, StoreError
from tidings.tui.messages import FullTextProgress, RefreshDone, RefreshProgress
from tidings.tui.text import clean
from tidings.tui.widgets.feed_tree import Place

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class RefreshActions(_Base):
    """Refreshing from the reader; one refresh at a time."""

    def _feeds_of(self, place: Place) -> list[FeedInfo]:
        view = place.view
        feeds = self.feeds
        if view.feed_id is not None:
            feeds = [f for f in feeds if f.id == view.feed_id]
        elif view.category is not None:
            feeds = [f for f in feeds if f.category == view.category]
        elif view.tag is not None:
            feeds = [f for f in feeds if view.tag in f.tags]
        return feeds

    def _specs_for(self, place: Place) -> list[FeedSpec]:
        feeds = self._feeds_of(place)
        urls = {f.url for f in feeds}
        titles = {f.title for f in feeds}
        specs = [s for s in self.config.feeds if s.url in urls]
        if len(specs) < len(feeds):  # a feed that moved (permanent redirect): match by title
            specs += [s for s in self.config.feeds if s.title in titles and s not in specs]
        if self.config.source is not None and any(is_source_feed(f.url) for f in feeds):
            return specs  # the account's feeds come with its sync (start_refresh)
        return specs or list(self.config.feeds)

    def action_refresh(self) -> None:
        # r on one feed names it: asked even when its site asked to wait (core.fetch_wait)
        named = self.place.view.feed_id is not None
        self.start_refresh(self._specs_for(self.place), self.place.name, named=named)

    def action_refresh_all(self) -> None:
        self.start_refresh(list(self.config.feeds), "all feeds")

    def refresh_on_schedule(self) -> None:
        """settings.refresh_every: all feeds, as R does, unless a refresh is running."""
        if not self.refreshing and (self.config.feeds or self.config.source):
            self.start_refresh(list(self.config.feeds), "all feeds")

    def start_refresh(self, specs: list[FeedSpec], what: str, *, named: bool = False) -> None:
        """Refresh `specs`, and the account of feeds.yaml's source: (core.source_sync)
        unless only some of feeds.yaml's feeds are asked for."""
        if self.refreshing:
            self.set_status("A refresh is already running.")
            return
        source = self.config.source
        if source is not None and specs and len(specs) < len(self.config.feeds):
            if not any(is_source_feed(f.url) for f in self._feeds_of(self.place)):
                source = None
        if not specs and source is None:
            self.set_status(
                "No feeds yet: a adds one by its address or its site's; E edits feeds.yaml."
            )
            return
        self.refreshing = True
        self.stop_refresh.clear()
        if specs:
            self.set_status(f"Refreshing {clean(what)} (0/{len(specs)})…")
        else:
            self.set_status("Syncing your account (feeds.yaml's source:)…")
        self.run_worker(
            lambda: self._refresh_thread(specs, named, source),
            thread=True,
            group="refresh",
            description="refresh",
            exit_on_error=False,
        )

    def _refresh_thread(
        self, specs: list[FeedSpec], named: bool = False, source: SourceSpec | None = None
    ) -> None:
        """Runs in a worker thread: fetch and store, reporting through messages."""
        try:
            summary = refresh(
                self.db_path,
                specs,
                self.config.settings,
                named=named,
                source=source,
                on_progress=lambda p: self.post_message(RefreshProgress(p)),
                stop=self.stop_refresh,
            )
        except Exception as exc:  # shown in the status line
            self.post_message(RefreshDone(None, str(exc) or type(exc).__name__))
            return
        self._hide_removed(specs)
        full: FullTextSummary | None = None
        if any(s.full_text for s in self.config.feeds) and not self.stop_refresh.is_set():
            try:
                full = fetch_full_texts(
                    self.db_path,
                    self.config.settings,
                    on_progress=lambda done, total: self.post_message(
                        FullTextProgress(done, total)
                    ),
                )
            except Exception as exc:  # the feeds are in; say why the pages are not
                full = FullTextSummary(failed=1, errors=[("", str(exc) or type(exc).__name__)])
        tally = self.refresh_tally(specs, summary)  # what to notify of (tui/notifying.py)
        self.post_message(RefreshDone(summary, full_text=full, tally=tally))

    def on_full_text_progress(self, message: FullTextProgress) -> None:
        self.set_status(f"Fetching full text {message.done}/{message.total}…")

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        p: Progress = message.progress
        self.set_status(f"Refreshing {p.done}/{p.total}: {p.said} {p.url}")
        now = time.monotonic()
        if p.status == "ok" and now - self._last_reload > 1.0:
            self._last_reload = now
            self.reload()

    def _hide_removed(self, specs: list[FeedSpec]) -> None:
        """On the refresh's thread: feeds removed (D) while it ran were stored by it as
        listed; hidden again, as the config no longer lists them."""
        listed = {spec.url for spec in self.config.feeds}
        gone = [spec.url for spec in specs if spec.url not in listed]
        if gone:
            try:
                with Store.open(self.db_path) as store:
                    for url in gone:
                        store.hide_feed(url)
            except StoreError:  # busy: shown until the next start syncs the config
                pass

    def on_refresh_done(self, message: RefreshDone) -> None:
        self.refreshing = False
        summary: RefreshSummary | None = message.summary
        if summary is None:
            self.set_status(f"Refresh failed: {message.error}")
            return
        text = (
            f"Refreshed {counted(summary.ok + summary.not_modified + summary.failed, 'feed')}:"
            f" {summary.new} new, {summary.updated} updated"
        )
        if summary.ignored:
            text += f", {summary.ignored} ignored"
        if summary.failed:
            url, reason = summary.errors[0] if summary.errors else ("", "")
            if summary.failed == 1:
                text += f", 1 failed ({url}: {reason})"
            else:  # the first reason only: "2 failed (url: reason)" read as one reason
                text += f", {summary.failed} failed, marked ! in the feed pane ({url}: {reason}; …)"
        if summary.skipped:  # their sites asked to wait (429 / 503): r on one asks anyway
            text += f", {len(summary.skipped)} waiting (the site asked)"
        if summary.pruned:
            text += f"; {counted(summary.pruned, 'old article')} deleted"
        if summary.prune_error:
            text += f"; deleting old articles failed: {summary.prune_error}"
        for note in summary.notes:  # another account now (core.source_state)
            text += f"; {note}"
        full = message.full_text
        if full is not None and (full.ok or full.failed):
            text += f"; full text for {counted(full.ok, 'article')}"
            if full.failed:
                text += f", {counted(full.failed, 'page')} failed"
        self.set_status(text)
        self.tree.resort()  # feed_order: the feeds take their new places now
        self.reload()
        self.notify_refreshed(message.tally)
        article = self.article
        if full is not None and full.ok and article is not None and article.id >= 0:
            if article.full_text is None and article.full_text_error is None:
                self.reshow_article(article.id)
