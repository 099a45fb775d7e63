"""A yes / no question in the status line, as newsboat asks before marking a feed read:
"Mark 1,204 unread articles in World read? (y:Yes n:No)". y answers yes; n, Esc or q
answer no; a click on "y:Yes" or "n:No" does the same. The screen is transparent and
one line high, so asking costs the terminal one line, not a repaint."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widgets import Static

from tidings.tui.screens.status_rows import follow_status
from tidings.tui.text import cut_middle

YES, NO = "y:Yes", "n:No"
_ANSWERS = f" ({YES} {NO})"


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
    for the line takes a second row (a starred article's long title, then "delete it
    all the same?"); one too long for two is cut (with …) before the answers, which
    always show; cut in the middle, as the question itself comes last ("… is starred:
    delete it all the same?")."""

    ROWS = 2

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        self.answers_at = (0, 0)  # (row, cell after the left padding) of "y:Yes"; when drawn

    def render(self) -> Text:
        width = self.content_size.width
        question = Text(self.question)
        lines = self._lines(question, width) if width else [question + Text(_ANSWERS)]
        cut = self.ROWS * width - len(_ANSWERS)  # too long even for two rows: cut
        while len(lines) > self.ROWS and cut > 1:
            lines = self._lines(Text(cut_middle(self.question, cut)), width)
            cut -= 2
        last = lines[-1].plain
        self.answers_at = (len(lines) - 1, cell_len(last[: last.rindex(YES)]))
        text = Text("\n").join(lines)
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text

    def _lines(self, question: Text, width: int) -> list[Text]:
        """The question and its answers wrapped at `width`, the answers kept together."""
        full = question + Text(_ANSWERS)
        if full.cell_len <= width:
            return [full]
        lines = list(question.wrap(self.app.console, width))
        if lines and lines[-1].cell_len + len(_ANSWERS) <= width:
            lines[-1] = lines[-1] + Text(_ANSWERS)
        else:
            lines.append(Text(_ANSWERS.lstrip()))
        return lines

    def on_click(self, event: events.Click) -> None:
        event.stop()
        row, yes_at = self.answers_at
        x = event.x - 1  # the left padding
        if event.y != row:
            return
        if yes_at <= x < yes_at + len(YES):
            self.screen.dismiss(True)
        elif yes_at + len(YES) + 1 <= x < yes_at + len(YES) + 1 + len(NO):
            self.screen.dismiss(False)
