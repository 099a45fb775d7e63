"""The save prompt on `S`: one line prefilled with where the article would go (the
`save_dir` setting and a name made from its title). Enter saves, Esc cancels. It stays
open until the file is written, so a path that failed (it exists, no such directory,
permission denied) is there to correct; the reason shows in the status line, which the
prompt leaves uncovered, as does the article above it."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class SaveScreen(ModalScreen[bool]):
    """Asks for a path; `submit(screen, typed)` is called on Enter (the app saves and
    dismisses the screen with True once the file is there). Esc dismisses with False."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel", show=True)]

    DEFAULT_CSS = """
    SaveScreen { background: transparent; align: center bottom; }
    SaveScreen > Static { width: 100%; height: 1; background: $panel; padding: 0 1; }
    /* Above the status line (where a failure is told) and the key bar. */
    SaveScreen > Input { width: 100%; margin: 0 0 2 0; }
    """

    def __init__(self, path: str, submit: Callable[[SaveScreen, str], None]) -> None:
        super().__init__()
        self.initial = path
        self.submit = submit
        self.busy = False  # a save is under way: Enter waits for it

    def compose(self) -> ComposeResult:
        yield Static("Save the article as a text file: Enter saves, Esc cancels")
        # The cursor at the end, nothing selected: typing edits the path, as in newsboat.
        yield Input(value=self.initial, id="save-input", select_on_focus=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self._show_the_end)

    def _show_the_end(self) -> None:
        """The cursor at the end and the end in view: the file name, where a path too
        long for the line is edited (Input scrolls only when its cursor moves)."""
        field = self.query_one("#save-input", Input)
        field.cursor_position = 0
        field.cursor_position = len(field.value)

    @property
    def value(self) -> str:
        return self.query_one("#save-input", Input).value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.busy:
            self.submit(self, event.value)
