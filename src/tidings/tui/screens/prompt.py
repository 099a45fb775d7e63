"""A one-line prompt that stays open while the app works on what was typed: the save
prompt on `S` (screens/save.py) and the add-a-feed prompt on `a` (screens/add_feed.py).
A hint above, the input below; Enter hands the text to `submit(screen, typed)`, Esc
dismisses with False. The prompt leaves the status line uncovered (where the app tells
how it went, a failure too), and holds what was typed until the app dismisses it, so a
mistake is there to correct."""

from __future__ import annotations

from collections.abc import Callable
from typing import Self

from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tidings.tui.screens.status_rows import follow_status


class PromptScreen(ModalScreen[bool]):
    """Asks for a line; `submit(screen, typed)` is called on Enter unless `busy` (the
    app is still at work on the last one). The app dismisses the screen with True once
    done; Esc dismisses it with False."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel", show=True)]

    DEFAULT_CSS = """
    PromptScreen { background: transparent; align: center bottom; }
    PromptScreen > Static { width: 100%; height: auto; max-height: 3; background: $panel; padding: 0 1; }
    /* Above the status line (where the outcome is told) and the key bar (see
       _stand_above_status: the status line may take two rows). */
    PromptScreen > Input { width: 100%; margin: 0 0 2 0; }
    """

    hint = ""  # at most 78 cells: one line at 80 columns (narrower, it wraps)
    input_id = "prompt-input"
    placeholder = ""

    def __init__(self, value: str, submit: Callable[[Self, str], None]) -> None:
        super().__init__()
        self.initial = value
        self.submit = submit
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Static(self.hint)
        # The cursor at the end, nothing selected: typing edits the text, as in newsboat.
        yield Input(
            value=self.initial,
            placeholder=self.placeholder,
            id=self.input_id,
            select_on_focus=False,
        )

    def on_mount(self) -> None:
        self.call_after_refresh(self._show_the_end)
        # Above the status line however tall it is: a message too long for one row
        # (a failure, with its address) takes two, and the prompt hid the first.
        follow_status(self, self._stand_above_status)

    def _stand_above_status(self, status: Region, height: int) -> None:
        rows = max(2, height - status.y)
        field = self.query_one(Input)
        if field.styles.margin.bottom != rows:
            field.styles.margin = (0, 0, rows, 0)

    def _show_the_end(self) -> None:
        """The cursor at the end and the end in view: a long text is edited there (Input
        scrolls only when its cursor moves)."""
        field = self.query_one(Input)
        field.cursor_position = 0
        field.cursor_position = len(field.value)

    @property
    def value(self) -> str:
        return self.query_one(Input).value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.busy:
            self.submit(self, event.value)
