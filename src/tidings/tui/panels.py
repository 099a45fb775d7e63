"""The "More from" / "Related" panels of the open article: computed in a worker (on the
store's bulk lane), shown when ready; `t` shows / hides them, `l` (or Tab) moves there,
Enter opens an entry (recorded in History, so Backspace / h comes back).

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from tidings.core.store import Store
from tidings.tui.widgets.related_panel import PanelItem, RelatedList

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

PANEL_ITEMS = 6  # entries per section


def panel_sections(store: Store, article_id: int) -> list[tuple[str, list[PanelItem]]]:
    """The panels' sections for `article_id` (runs on a store lane thread)."""
    from tidings.core.related import more_from, related

    heading, more = more_from(store, article_id, limit=PANEL_ITEMS)
    items = related(store, article_id, limit=PANEL_ITEMS)
    # Related first: an article in both shows there, with the feeds that also ran it.
    return [
        ("Related", [PanelItem(r.article, list(r.also_in), list(r.also_in_ids)) for r in items]),
        (heading, [PanelItem(a) for a in more]),
    ]


class PanelActions(_Base):
    """The side panels: load, show / hide (t), focus (l), open an entry (Enter)."""

    panels_hidden = False

    @work(exclusive=True, group="related", exit_on_error=False, description="related articles")
    async def load_related(self, article_id: int) -> None:
        if article_id < 0:  # a page from the site: not in the store
            self.related_list.show_message("Pages opened from the site have no related articles.")
            return
        self.related_list.show_message("Finding related articles…")
        sections = await self.pool.call(lambda s: panel_sections(s, article_id), lane="bulk")
        if self.article is not None and self.article.id == article_id:
            self.related_list.show(sections)

    def on_related_list_chosen(self, event: RelatedList.Chosen) -> None:
        self.open_article(event.article_id, focus=True)

    def action_toggle_panels(self) -> None:
        self.panels_hidden = not self.panels_hidden
        if self.panels_hidden and self._focused_pane() is self.related_list:
            self.reader.focus()
        self._apply_layout()
        self.set_status("Panels hidden (t shows them)." if self.panels_hidden else "Panels shown.")

    def action_focus_panels(self) -> None:
        if self.article is None:
            self.set_status("Open an article first.")
            return
        self.panels_hidden = False
        self.reading = True
        self._apply_layout()
        self.related_list.focus()
