"""M: mark the articles above the cursor read (newsboat's mark-all-above-as-read): those
before it in the list shown, in its order; the cursor's own stays as it is. The rows
shown and the counts follow at once. A mixin of TidingsApp (tidings.tui.app).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class MarkAboveActions(_Base):
    """M (see tidings.tui.keymap)."""

    async def action_mark_above_read(self) -> None:
        articles = self.articles
        row = articles.current
        if row is None or articles.cursor == 0:
            self.set_status("Nothing above the cursor to mark read.")
            return
        view, above = articles.view, articles.cursor
        marked = await self.pool.call(lambda s: s.mark_above_read(view, row.id))
        if articles.view == view:
            for index in range(above):
                shown = articles.row(index)
                if shown is not None:
                    articles.update_row(shown.id, read=True)
        noun = "article" if marked == 1 else "articles"
        self.set_status(f"Marked {marked:,} {noun} above read.")
        if marked:
            self.reload()  # the counts; an unread-only list closes up, its cursor kept
