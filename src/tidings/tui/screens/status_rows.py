"""Where the reader's status line stands, for a prompt or a question drawn over it: a
message too long for one row (a failure with its address, a refresh with failures at 80
columns) takes two or three, and what stood over one row hid the rest of it."""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Region
from textual.screen import Screen


def follow_status(screen: Screen, place: Callable[[Region, int], None]) -> None:
    """Call `place(status region, screen height)` now and whenever the screen below
    `screen` lays out again (the status line grew or shrank), while `screen` lives."""
    stack = screen.app.screen_stack
    below = stack[-2] if len(stack) > 1 else None
    if below is None or not below.query("#status"):
        return

    def placed(_: Screen) -> None:
        region = below.query_one("#status").region
        if region.height:
            place(region, below.size.height)

    below.screen_layout_refresh_signal.subscribe(screen, placed)
    placed(below)
