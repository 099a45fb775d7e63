"""`d`: delete the article (newsboat's delete-article). It leaves the store at once, with
a tombstone, so the next fetch does not bring it back (tidings.core.article_delete);
the list closes over it, the cursor on the one that came next, and the counts follow.
A starred article is deleted only after a yes in the status line. The article open in
the reader goes from it too (the reader shows nothing; the list has the focus).

newsboat's D is the reader's remove-feed, so delete has `d`: the key mutt, aerc and
alpine delete a message with. A mixin of TidingsApp (tidings.tui.app).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.core.models import Article, ArticleSummary
from tidings.tui.row_waiting import waits_for_row
from tidings.tui.screens.confirm import ConfirmScreen
from tidings.tui.text import clean

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class DeleteActions(_Base):
    """d (see tidings.tui.keymap)."""

    @waits_for_row
    async def action_delete_article(self) -> None:
        item = self._stored()
        if item is None:
            if self._selected() is None:
                self.set_status("No article here to delete.")
            return
        if not item.starred:
            await self._delete_article(item)
            return
        question = f"{_title(item)} is starred: delete it all the same?"

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(
                    self._delete_article(item, starred=True),
                    group="delete",
                    description="deleting the article",
                    exit_on_error=False,
                )
            else:
                self.set_status("Nothing deleted.")

        self.push_screen(ConfirmScreen(question), answered)

    async def _delete_article(
        self, item: ArticleSummary | Article, *, starred: bool = False
    ) -> None:
        """Delete it from the store, then show the lists without it. Awaited by the key's
        action, so a `d` typed ahead acts on the row that came next, not this one again."""
        deleted = await self.pool.call(lambda s: s.delete_articles([item.id], starred=starred))
        if not deleted:
            self.set_status(f"Not deleted: {_title(item)} is no longer in the database.")
        if self.article is not None and self.article.id == item.id:
            self.article = None
            self.reader.clear()
            self.related_list.show_message("")  # its panels go with it
            if self._focused_pane() in (self.reader, self.related_list):
                self.reading = False
                self.articles.focus()
            self._apply_layout()
        self.forget_related()  # panels that named it
        self.load_feeds()  # its unread and total counts
        # Kept on it, it is not found: the cursor stays where it is, on the next row.
        await self.load_view(item.id).wait()
        if deleted:
            self.set_status(f"Deleted: {_title(item)}")


def _title(item: ArticleSummary | Article) -> str:
    return clean(item.title) or "(untitled)"
