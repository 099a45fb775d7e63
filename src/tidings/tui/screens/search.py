"""The search prompt on `/`: one line of input; Enter searches, Esc cancels, and Up /
Down go back through earlier searches (as newsboat's search history; the app keeps it,
across sessions: tui/search_history.py). A query with an operator it cannot take
(`newer:3x`) is not searched: the line above the input says what is wrong, the query
stays to be mended."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, Static

# at most 78 cells: one line at 80 columns
HINT = 'Search: words "a phrase" -word (a OR b) 中文 is:unread feed:bbc… Esc cancels'


class SearchScreen(ModalScreen[str | None]):
    """Asks for a search query (see core/search_query.py for its syntax)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", show=True),
        Binding("up", "history(-1)", "Earlier search", show=False),
        Binding("down", "history(1)", "Later search", show=False),
    ]

    DEFAULT_CSS = """
    SearchScreen { align: center bottom; }
    SearchScreen > Static { width: 100%; height: auto; max-height: 3; background: $panel; padding: 0 1; }
    SearchScreen > Static.wrong { color: $text-error; text-style: bold; }
    SearchScreen > Input { width: 100%; margin: 0 0 1 0; }
    """

    def __init__(
        self,
        query: str = "",
        history: Sequence[str] = (),
        check: Callable[[str], str | None] | None = None,
        *,
        hint: str = HINT,
        empty_ok: bool = False,
        placeholder: str = "search…",
    ) -> None:
        super().__init__()
        self.hint = hint  # the line above the input (at most 78 cells)
        self.empty_ok = empty_ok  # Enter on an empty line answers "" (else as Esc: None)
        self.initial = query
        self.placeholder = " " + placeholder  # dim, after the cursor (a space under it)
        self.check = check  # what is wrong with a query, or None
        self.history = list(history)  # earlier searches, oldest first
        self._at = len(self.history)  # where Up / Down stand: len() is the new query
        self._typed = query  # what was being typed before going back

    def compose(self) -> ComposeResult:
        yield Static(self.hint, id="search-hint")
        yield Input(value=self.initial, placeholder=self.placeholder, id="search-input")

    def action_history(self, step: int) -> None:
        field = self.query_one("#search-input", Input)
        if self._at == len(self.history):
            self._typed = field.value
        at = max(0, min(len(self.history), self._at + step))
        if at == self._at:
            return
        self._at = at
        field.value = self.history[at] if at < len(self.history) else self._typed
        # To the end, in view: the first value an Input is given puts its cursor at the
        # end without scrolling there, so a long query showed its start, cursor unseen.
        field.action_home()
        field.action_end()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        query = event.value.strip()
        wrong = self.check(query) if query and self.check is not None else None
        if wrong is not None:
            hint = self.query_one("#search-hint", Static)
            hint.update(wrong)
            hint.add_class("wrong")
            return
        self.dismiss(query if query or self.empty_ok else None)

    def on_input_changed(self, event: Input.Changed) -> None:
        hint = self.query_one("#search-hint", Static)
        if hint.has_class("wrong"):  # being mended: the syntax again
            hint.update(self.hint)
            hint.remove_class("wrong")
