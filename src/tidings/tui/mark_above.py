"""M: mark the articles above the cursor read (newsboat's mark-all-above-as-read): those
before it in the list shown, in its order; the cursor's own stays as it is. The rows
shown and the counts follow at once. A mixin of TidingsApp (tidings.tui.app).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.tui.row_waiting import waits_for_row

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class MarkAboveActions(_Base):
    """M (see tidings.tui.keymap)."""

    @waits_for_row  # its page may be still coming (G then M)
    async def action_mark_above_read(self) -> None:
        articles = self.articles
        view, above = articles.view, articles.cursor
        row = articles.current
        if row is None or above == 0 or articles.view != view:
            self.set_status("Nothing above the cursor to mark read.")
            return
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
