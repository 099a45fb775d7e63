"""The chooser when a page offers several feeds (posts, comments, a category…): each
with its title and kind, the address under it. Enter or a click takes one; Esc or `q`
adds none."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tidings.core.discover import FeedLink
from tidings.core.sanitize import hide_passwords


class FeedChoiceScreen(ModalScreen[int | None]):
    """Dismisses with the index of the chosen feed, or None."""

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", show=True),
        Binding("j", "cursor('down')", show=False),
        Binding("k", "cursor('up')", show=False),
    ]

    DEFAULT_CSS = """
    FeedChoiceScreen { align: center middle; }
    FeedChoiceScreen > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface;
    }
    FeedChoiceScreen #feed-choice-title { padding: 0 1; text-style: bold; }
    FeedChoiceScreen OptionList { height: auto; max-height: 100%; border: none; }
    """

    def __init__(self, links: list[FeedLink]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        options = []
        for n, link in enumerate(self.links):
            line = Text(link.title or "(no title)", "bold")  # cleaned by core.discover
            line.append(f" ({link.kind})\n  ")
            line.append(hide_passwords(link.url), "dim")
            options.append(Option(line, id=str(n)))
        with Vertical():
            yield Static(
                f"The page offers {len(self.links)} feeds: Enter adds one, Esc none",
                id="feed-choice-title",
            )
            yield OptionList(*options, id="feed-choice-list")

    def action_cursor(self, where: str) -> None:
        listing = self.query_one(OptionList)
        (listing.action_cursor_down if where == "down" else listing.action_cursor_up)()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)
