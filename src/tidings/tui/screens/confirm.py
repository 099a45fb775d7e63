"""A yes / no question in the status line, as newsboat asks before marking a feed read:
"Mark 1,204 unread articles in World read? (y:Yes n:No)". y answers yes; n, Esc or q
answer no; a click on "y:Yes" or "n:No" does the same. The screen is transparent and
one line high, so asking costs the terminal one line, not a repaint."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widgets import Static

from tidings.tui.screens.status_rows import follow_status

YES, NO = "y:Yes", "n:No"


class ConfirmScreen(ModalScreen[bool]):
    """Asks `question`; dismisses with True for yes."""

    BINDINGS = [
        Binding("y", "dismiss(True)", "Yes", show=False),
        Binding("n,escape,q", "dismiss(False)", "No", show=False),
    ]

    DEFAULT_CSS = """
    ConfirmScreen { background: transparent; align: left bottom; }
    /* Over the status line: the key bar below stays as it is. */
    ConfirmScreen > Static {
        width: 100%; height: auto; max-height: 3; margin: 0 0 1 0; padding: 0 1;
        background: $panel; color: $text; text-style: bold;
    }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        yield _Prompt(self.question)

    def on_mount(self) -> None:
        # Over the whole status line: a message too long for one row (a refresh with
        # failures, at 80 columns) takes two, and the question covered only the first,
        # its tail showing under the question as if part of it.
        follow_status(self, self._cover_status)

    def _cover_status(self, status: Region, height: int) -> None:
        prompt = self.query_one(_Prompt)
        rows_below = max(1, height - status.bottom)
        if (prompt.styles.min_height, prompt.styles.margin.bottom) != (status.height, rows_below):
            prompt.styles.min_height = status.height
            prompt.styles.margin = (0, 0, rows_below, 0)


class _Prompt(Static):
    """The question and its answers; a click on an answer gives it. A question too long
    for the line is cut (with …) before the answers, which always show."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        self.yes_at = self.no_at = 0  # cells, after the left padding; set when drawn

    def render(self) -> Text:
        answers = f" ({YES} {NO})"
        question = Text(self.question)
        room = self.content_size.width - len(answers)
        if self.content_size.width and question.cell_len > room:
            question.truncate(max(room, 1), overflow="ellipsis")
        self.yes_at = 1 + question.cell_len + 2
        self.no_at = self.yes_at + len(YES) + 1
        question.append(answers)
        question.no_wrap = True
        question.overflow = "ellipsis"
        return question

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if self.yes_at <= event.x < self.yes_at + len(YES):
            self.screen.dismiss(True)
        elif self.no_at <= event.x < self.no_at + len(NO):
            self.screen.dismiss(False)
