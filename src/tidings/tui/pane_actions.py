"""Moving in and between the panes: j / k / g / G / page keys in the focused pane, Enter,
Tab / Shift+Tab, Esc / q back out one level, b shows / hides the feed pane.

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget

from tidings.tui.widgets.article_list import ArticleList
from tidings.tui.widgets.feed_tree import FeedTree
from tidings.tui.widgets.related_panel import RelatedList

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class PaneActions(_Base):
    """The cursor and pane keys (see tidings.tui.keymap)."""

    def action_cursor(self, how: str) -> None:
        """Move in the focused pane: down, up, first, last, page_down, page_up."""
        pane = self._focused_pane()
        if isinstance(pane, ArticleList):
            names = {
                "down": "cursor_down",
                "up": "cursor_up",
                "first": "scroll_home",
                "last": "scroll_end",
                "page_down": "page_down",
                "page_up": "page_up",
            }
            getattr(pane, f"action_{names[how]}")()
            self.prefetch_row_soon()
        elif isinstance(pane, FeedTree):
            names = {"down": "cursor_down", "up": "cursor_up"}
            names |= {"first": "scroll_home", "last": "scroll_end"}
            getattr(pane, f"action_{names.get(how, how)}")()
        elif isinstance(pane, RelatedList):
            names = {"down": "cursor_down", "up": "cursor_up", "first": "first", "last": "last"}
            getattr(pane, f"action_{names.get(how, how)}")()
        elif pane is not None:
            if how in ("down", "up") and self.reader.move_selection(1 if how == "down" else -1):
                return
            names = {
                "down": "scroll_down",
                "up": "scroll_up",
                "first": "scroll_home",
                "last": "scroll_end",
                "page_down": "page_down",
                "page_up": "page_up",
            }
            getattr(pane, f"action_{names[how]}")()

    def action_open(self) -> None:
        pane = self._focused_pane()
        if isinstance(pane, ArticleList):
            pane.open_cursor(self.open_row)
        elif isinstance(pane, FeedTree):
            pane.action_select_cursor()
        elif pane is self.reader and not self.reader.choose():
            self.set_status("Move past the end with j to choose an entry, then Enter.")

    def _panes(self) -> list[Widget]:
        panes: list[Widget] = []
        if not self.feeds_hidden or not self.wide:
            panes.append(self.tree)
        panes.append(self.articles)
        if self.article is not None:
            panes.append(self.reader)
            if not self.panels_hidden:
                panes.append(self.related_list)
        return panes

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Tab and Shift+Tab are priority keys (they move between panes whatever has
        focus), so they fired behind an open prompt or question: not then, the key
        goes to the prompt."""
        if action == "pane" and self.screen is not self.main_screen:
            return False
        return super().check_action(action, parameters)

    def action_pane(self, step: int) -> None:
        """Tab / Shift+Tab: the next / previous pane (the reader shows when reached)."""
        panes = self._panes()
        pane = self._focused_pane()
        here = panes.index(pane) if pane in panes else 0
        target = panes[(here + step) % len(panes)]
        self.reading = target in (self.reader, self.related_list)
        if target is self.tree:
            self.feeds_hidden = False
        self._apply_layout()
        target.focus()

    def action_back(self) -> None:
        """Esc / q: back out one level (related -> reader -> list -> feed pane)."""
        pane = self._focused_pane()
        if pane is self.related_list:
            self.reader.focus()
        elif pane is self.reader:
            self.reading = False
            self._apply_layout()
            self.articles.focus()
        elif pane is self.articles:
            self.feeds_hidden = False
            self._apply_layout()
            self.tree.focus()
        else:
            self.set_status("Press Q to quit.")

    def action_toggle_feeds(self) -> None:
        self.feeds_hidden = not self.feeds_hidden
        if self.feeds_hidden and self._focused_pane() is self.tree:
            self.articles.focus()
        self._apply_layout()
        if self.reading and not self.feeds_hidden:
            # reading with the list put away: the pane comes back with the list
            self.set_status("Feed pane shown with the list (b hides it).")
        else:
            self.set_status("Feed pane hidden (b shows it)." if self.feeds_hidden else "")
