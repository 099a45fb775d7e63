"""A modal list to pick from: a heading line over an OptionList, in a box at the middle of
the screen; j / k or the arrows move, Enter or a click picks, Esc or `q` closes. The
links list (U) and the feed chooser (a) are such lists."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

T = TypeVar("T")


class ListScreen(ModalScreen[T], Generic[T]):
    """Subclasses give heading() and options(), and handle OptionList.OptionSelected."""

    LIST_ID = "list"  # the OptionList's id (tests find it by it)

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", show=True),
        Binding("j", "cursor('down')", show=False),
        Binding("k", "cursor('up')", show=False),
    ]

    DEFAULT_CSS = """
    ListScreen { align: center middle; }
    ListScreen > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface;
    }
    ListScreen .list-heading { padding: 0 1; text-style: bold; }
    ListScreen OptionList { height: auto; max-height: 100%; border: none; }
    """

    def heading(self) -> str:
        raise NotImplementedError

    def options(self) -> list[Option]:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading(), classes="list-heading")
            yield OptionList(*self.options(), id=self.LIST_ID)

    def action_cursor(self, where: str) -> None:
        listing = self.query_one(OptionList)
        (listing.action_cursor_down if where == "down" else listing.action_cursor_up)()
