"""The status line: the last message, the view's counts and, while an article is shown,
where the reader stands in it. Composed as it is drawn, after the panes are laid out, so
the reader's position is the one the same frame shows (not a frame late). A message too
long to stand beside the counts takes a line or two more above them (the panes above
give them rows); "? help" stays beside the counts."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget


class StatusLine(Widget):
    """One line whose text comes from `compose_text(width)` each time it is drawn;
    `refresh()` it when what it says may have changed."""

    DEFAULT_CSS = """
    StatusLine { height: auto; max-height: 3; }
    """

    def __init__(self, compose_text: Callable[[int], Text], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.compose_text = compose_text

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.compose_text(width).plain.splitlines()) or 1

    def render(self) -> Text:
        text = self.compose_text(self.content_region.width)
        if (len(text.plain.splitlines()) or 1) != self.content_region.height:
            self.call_after_refresh(self.refresh, layout=True)  # one line more, or less
        return text
