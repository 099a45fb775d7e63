"""The status line: the last message, the view's counts and, while an article is shown,
where the reader stands in it. Composed as it is drawn, after the panes are laid out, so
the reader's position is the one the same frame shows (not a frame late)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widget import Widget


class StatusLine(Widget):
    """One line whose text comes from `compose_text(width)` each time it is drawn;
    `refresh()` it when what it says may have changed."""

    DEFAULT_CSS = """
    StatusLine { height: 1; }
    """

    def __init__(self, compose_text: Callable[[int], Text], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.compose_text = compose_text

    def render(self) -> Text:
        return self.compose_text(self.content_region.width)
