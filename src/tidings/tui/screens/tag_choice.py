"""T: the feeds' tags, each with its unread count, to show only the feeds with one
(newsboat's set-tag). Enter or a click takes one; Esc or `q` keeps the pane as it is."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tidings.tui.screens.list_screen import ListScreen
from tidings.tui.text import clean


class TagChoiceScreen(ListScreen[str | None]):
    """Dismisses with the chosen tag, or None."""

    LIST_ID = "tag-choice-list"

    def __init__(self, tags: list[tuple[str, int]], current: str | None = None) -> None:
        super().__init__()
        self.tags = tags  # (tag, unread), in the feed pane's order
        self.current = current

    def heading(self) -> str:
        return "Show only the feeds tagged: Enter chooses, Esc keeps all"

    def options(self) -> list[Option]:
        options = []
        for n, (tag, unread) in enumerate(self.tags):
            line = Text(f"#{clean(tag)}", "bold")
            line.append(f" ({unread:,} unread)" if unread else " (none unread)", "dim")
            if tag == self.current:
                line.append("  shown now", "italic")
            options.append(Option(line, id=str(n)))
        return options

    def on_mount(self) -> None:
        names = [tag for tag, _ in self.tags]
        if self.current in names:
            self.query_one(OptionList).highlighted = names.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.tags[event.option_index][0])
