"""The chooser when a page offers several feeds (posts, comments, a category…): each
with its title and kind, the address under it. Enter or a click takes one; Esc or `q`
adds none."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tidings.core.discover import FeedLink
from tidings.core.sanitize import hide_passwords
from tidings.tui.screens.list_screen import ListScreen


class FeedChoiceScreen(ListScreen[int | None]):
    """Dismisses with the index of the chosen feed, or None."""

    LIST_ID = "feed-choice-list"

    def __init__(self, links: list[FeedLink]) -> None:
        super().__init__()
        self.links = links

    def heading(self) -> str:
        return f"The page offers {len(self.links)} feeds: Enter adds one, Esc none"

    def options(self) -> list[Option]:
        options = []
        for n, link in enumerate(self.links):
            line = Text(link.title or "(no title)", "bold")  # cleaned by core.discover
            line.append(f" ({link.kind})\n  ")
            line.append(hide_passwords(link.url), "dim")
            options.append(Option(line, id=str(n)))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)
