"""Ctrl+G: sort the article lists by date, title, feed or author (newsboat's sort),
chosen from a list; O turns the order round (newsboat's rev-sort). Every list follows
it, n / p and N / P too, until the reader quits (settings.article_order sets the
order it opens with).

A mixin of TidingsApp (tidings.tui.app).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.core.views import ARTICLE_ORDERS, order_setting
from tidings.tui.screens.sort_choice import ORDERS, SortChoiceScreen

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

SAID = dict(ORDERS)  # what the status line says of each order


class SortActions(_Base):
    """sort (see tidings.tui.keymap); the order is self.article_sort and
    self.oldest_first (turned round), read by current_view."""

    article_sort = "date"

    def set_article_order(self, word: str) -> None:
        """The order settings.article_order names (core.views.ARTICLE_ORDERS)."""
        self.article_sort, self.oldest_first = ARTICLE_ORDERS.get(word, ("date", False))

    @property
    def article_order_word(self) -> str:
        return order_setting(self.article_sort, self.oldest_first)

    def action_sort(self) -> None:
        def chosen(word: str | None) -> None:
            if word is None or word == self.article_order_word:
                return
            self.set_article_order(word)
            self.show_order()

        self.push_screen(SortChoiceScreen(self.article_order_word), chosen)

    def show_order(self) -> None:
        """Every list in the order now set, the cursor kept on its article."""
        self.load_view_keeping_row()
        self.renew_neighbours()
        self.set_status(f"Sorted: {SAID[self.article_order_word].split(' (')[0]}.")
