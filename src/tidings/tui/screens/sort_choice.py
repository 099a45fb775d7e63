"""Ctrl+G: the article lists' order, chosen from a list (newsboat's sort): by date
either way, by title, by author or by feed, A to Z or Z to A. Enter or a click takes
one; Esc or `q` keeps the order."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tidings.tui.screens.list_screen import ListScreen

# (settings.article_order's word, what the list says)
ORDERS = (
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("title", "Title, A to Z"),
    ("title-desc", "Title, Z to A"),
    ("feed", "Feed, A to Z (newest first in each)"),
    ("feed-desc", "Feed, Z to A (oldest first in each)"),
    ("author", "Author, A to Z (newest first in each)"),
    ("author-desc", "Author, Z to A (oldest first in each)"),
)


class SortChoiceScreen(ListScreen[str | None]):
    """Dismisses with the chosen order's word, or None."""

    LIST_ID = "sort-choice-list"

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def heading(self) -> str:
        return "Sort the article lists: Enter chooses, Esc keeps the order"

    def options(self) -> list[Option]:
        return [
            Option(Text(label + ("  (now)" if word == self.current else "")), id=word)
            for word, label in ORDERS
        ]

    def on_mount(self) -> None:
        words = [word for word, _ in ORDERS]
        if self.current in words:
            self.query_one(OptionList).highlighted = words.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
