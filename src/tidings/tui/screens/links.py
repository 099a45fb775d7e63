"""The links list on `U`: every numbered link of the article, as newsboat's URL view
(its `u`) and mutt's urlview. `1`..`9` in the reading pane reach only the first nine;
here Enter opens the highlighted link, `y` copies it, and typing its number (`1`, `2`
for [12]) moves to it. Esc or `q` closes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class LinksScreen(ModalScreen[tuple[str, int] | None]):
    """Dismisses with ("open", n) or ("copy", n) for link [n], or None."""

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", show=True),
        Binding("j", "cursor('down')", show=False),
        Binding("k", "cursor('up')", show=False),
        Binding("y", "choose('copy')", "Copy", show=True),
    ]

    DEFAULT_CSS = """
    LinksScreen { align: center middle; }
    LinksScreen > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface;
    }
    LinksScreen #links-title { padding: 0 1; text-style: bold; }
    LinksScreen OptionList { height: auto; max-height: 100%; border: none; }
    """

    def __init__(self, links: list[str], labels: list[str]) -> None:
        super().__init__()
        self.links = links
        self.labels = labels
        self._typed = ""  # the digits typed so far

    def compose(self) -> ComposeResult:
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
        with Vertical():
            yield Static(
                "Links: Enter opens, y copies, typing 12 goes to [12], Esc closes",
                id="links-title",
            )
            yield OptionList(*options, id="links-list")

    def action_cursor(self, where: str) -> None:
        listing = self.query_one(OptionList)
        (listing.action_cursor_down if where == "down" else listing.action_cursor_up)()

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
