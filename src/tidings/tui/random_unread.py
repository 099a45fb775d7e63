"""ctrl+k: open an unread article chosen at random (newsboat's random-unread), from the
list shown, else from all feeds (the list then becomes All's, as N crossing into
another feed changes the list). A mixin of TidingsApp (tidings.tui.app).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.core.models import ArticleSummary, View

if TYPE_CHECKING:
    from tidings.core.store import Store
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class RandomUnreadActions(_Base):
    """ctrl+k (see tidings.tui.keymap)."""

    async def action_random_unread(self) -> None:
        view = self.articles.view

        def query(store: Store) -> tuple[ArticleSummary | None, bool]:
            found = store.random_unread(view)
            if found is not None:
                return found, False
            return store.random_unread(View()), True

        found, elsewhere = await self.pool.call(query)
        if found is None:
            self.set_status("No unread articles left.")
            return
        if elsewhere:
            place = self.tree.place_of("all")
            if place is not None:
                self.place = place
                self.tree.select_key("all")
            await self.load_view(found.id).wait()
            self.set_status("None unread here: a random unread article from all feeds.")
        self.open_article(found.id, keep_status=elsewhere)
