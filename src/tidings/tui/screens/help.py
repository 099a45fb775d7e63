"""The help screen on `?`: every action with its keys; choosing one runs it (so every
action is reachable with the mouse too)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tidings.core.models import Macro
from tidings.tui.keymap import ACTIONS, describe, key_display
from tidings.tui.screens.macro import summary

MACRO_ID = "macro:"  # an option's id for the macro on the key after it


class HelpScreen(ModalScreen[str | None]):
    """Lists actions and their current keys; Enter / click runs one, Esc / q closes."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss(None)", "Close", show=True),
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        Binding("g", "cursor_first", show=False),  # as in the panes (Home / End work too)
        Binding("G", "cursor_last", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 72; max-width: 100%; height: 90%; border: round $primary; background: $surface;
    }
    HelpScreen #help-title { padding: 0 1; text-style: bold; }
    HelpScreen OptionList { height: 1fr; border: none; }
    """

    def __init__(self, keymap: dict[str, str], macros: dict[str, Macro] | None = None) -> None:
        super().__init__()
        self.keymap = keymap
        self.macros = macros or {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                "tidings: keys (Enter or click runs an action; Esc closes)", id="help-title"
            )
            options = []
            for action in ACTIONS:
                keys = key_display(self.keymap.get(action.id, action.keys)) or "(no key)"
                described = describe(action, self.keymap)
                options.append(Option(_row(keys, described, action.id), id=action.id))
            prefix = key_display(self.keymap.get("macro", "comma")).split(" / ")[0]
            for key, macro in self.macros.items():  # feeds.yaml's macros, after their prefix
                label = _row(f"{prefix} {key_display(key)}", summary(macro), "macro")
                options.append(Option(label, id=MACRO_ID + key))
            yield OptionList(*options, id="help-list")

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cursor_first(self) -> None:
        self.query_one(OptionList).action_first()

    def action_cursor_last(self) -> None:
        self.query_one(OptionList).action_last()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


def _row(keys: str, description: str, name: str) -> Table:
    """One line of the list. A grid: a description too long for the line wraps under
    itself, not under the keys ("(add_feed)" stood alone at the left at 80 columns)."""
    label = Table.grid(padding=(0, 2))
    label.add_column(justify="right", width=16, no_wrap=True, style="bold")
    label.add_column(ratio=1)
    what = Text(description)
    what.append(f"  ({name})", style="dim")
    label.add_row(keys, what)
    return label
