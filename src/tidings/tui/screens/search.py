"""The search prompt on `/`: one line of input; Enter searches, Esc cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class SearchScreen(ModalScreen[str | None]):
    """Asks for a search query (see core/search_query.py for its syntax)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", show=True)]

    DEFAULT_CSS = """
    SearchScreen { align: center bottom; }
    SearchScreen > Static { width: 100%; height: 1; background: $panel; padding: 0 1; }
    SearchScreen > Input { width: 100%; margin: 0 0 1 0; }
    """

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query

    def compose(self) -> ComposeResult:
        # at most 78 cells: one line at 80 columns
        yield Static('Search all articles: words, "a phrase", -word, a OR b; 中文 too. Esc cancels')
        yield Input(value=self.initial, placeholder="search…", id="search-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)
