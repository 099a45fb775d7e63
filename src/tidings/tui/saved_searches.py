"""Saved searches (feeds.yaml's `searches:`) and Starred in the feed pane: their unread counts,
counted on a lane of their own (a search over 100,000 articles may take a while, and
neither page loads nor the Related panel must wait behind it) after the feeds load,
and again once reading pauses.

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from tidings.core.models import View
from tidings.core.store import Store

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

RECOUNT_AFTER = 2.0  # seconds after the last article read


class SavedSearchActions(_Base):
    """Counting the saved searches' unread articles."""

    @work(exclusive=True, group="saved", exit_on_error=False, description="counting searches")
    async def count_searches(self) -> None:
        searches = list(self.config.searches)

        def count(store: Store) -> tuple[dict[str, int], int]:
            starred = store.count_articles(View(starred_only=True, unread_only=True))
            return {
                s.title: store.count_articles(View(search=s.query, unread_only=True))
                for s in searches
            }, starred

        counts, starred = await self.pool.call(count, lane="counts")
        self.tree.show_search_counts(counts, starred)
        self._show_status()

    def recount_searches_soon(self) -> None:
        """Count again once reading pauses (each article read or starred may change a
        count)."""
        if self._recount_timer is not None:
            self._recount_timer.stop()
        self._recount_timer = self.set_timer(RECOUNT_AFTER, self.count_searches)
