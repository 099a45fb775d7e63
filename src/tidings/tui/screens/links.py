"""The links list on `U`: every numbered link of the article, as newsboat's URL view
(its `u`) and mutt's urlview. `1`..`9` in the reading pane reach only the first nine;
here Enter opens the highlighted link, `y` copies it, and typing its number (`1`, `2`
for [12]) moves to it. Esc or `q` closes."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tidings.tui.screens.list_screen import ListScreen


class LinksScreen(ListScreen[tuple[str, int] | None]):
    """Dismisses with ("open", n) or ("copy", n) for link [n], or None."""

    LIST_ID = "links-list"
    BINDINGS = [Binding("y", "choose('copy')", "Copy", show=True)]  # and ListScreen's

    def __init__(self, links: list[str], labels: list[str]) -> None:
        super().__init__()
        self.links = links
        self.labels = labels
        self._typed = ""  # the digits typed so far

    def heading(self) -> str:
        return "Links: Enter opens, y copies, typing 12 goes to [12], Esc closes"

    def options(self) -> list[Option]:
        width = len(str(len(self.links)))
        options = []
        indent = " " * (width + 3)
        for number, url in enumerate(self.links, 1):
            # "[n] what it said", the address under it (as urlview); or "[n] address"
            line = Text(f"[{number}]".rjust(width + 2) + " ", "bold")
            label = self.labels[number - 1] if number <= len(self.labels) else ""
            if label:
                line.append(label + "\n" + indent)
            line.append(url, "dim")
            options.append(Option(line, id=str(number)))
        return options

    def on_key(self, event) -> None:
        """Digits pick a link by its number: `1` then `2` is [12] when there is one."""
        if event.character is None or not event.character.isdigit():
            return
        event.stop()
        typed = self._typed + event.character
        if not typed.strip("0") or int(typed) > len(self.links):
            typed = event.character
        self._typed = typed
        if 1 <= int(typed) <= len(self.links):
            self.query_one(OptionList).highlighted = int(typed) - 1

    def action_choose(self, what: str) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None:
            self.dismiss((what, highlighted + 1))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(("open", event.option_index + 1))
