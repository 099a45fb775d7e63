"""The prompt on `a`: a feed's address or its site's. Enter looks for the feed (the app
does, on a thread worker); the prompt stays, holding what was typed, until the feed is
added, so an address that failed is there to correct, the reason in the status line,
which the prompt leaves uncovered. Esc closes it; a lookup under way goes on."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class AddFeedScreen(ModalScreen[None]):
    """Asks for an address; `submit(screen, typed)` is called on Enter."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", show=True)]

    DEFAULT_CSS = """
    AddFeedScreen { background: transparent; align: center bottom; }
    AddFeedScreen > Static { width: 100%; height: 1; background: $panel; padding: 0 1; }
    /* Above the status line (where the lookup is told) and the key bar. */
    AddFeedScreen > Input { width: 100%; margin: 0 0 2 0; }
    """

    def __init__(self, typed: str, submit: Callable[[AddFeedScreen, str], None]) -> None:
        super().__init__()
        self.initial = typed
        self.submit = submit
        self.busy = False  # a lookup is under way: Enter waits for it

    def compose(self) -> ComposeResult:
        # at most 78 cells: one line at 80 columns
        yield Static("Add a feed: its address or its site's (example.com). Esc cancels")
        yield Input(
            value=self.initial, placeholder="https://…", id="add-feed-input", select_on_focus=False
        )

    def on_mount(self) -> None:
        field = self.query_one("#add-feed-input", Input)
        field.action_home()
        field.action_end()  # the end of a kept address in view, to correct it

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.busy:
            self.submit(self, event.value)
