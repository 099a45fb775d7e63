"""Focus changes that don't resend a whole pane to the terminal.

Textual repaints a widget whole when it gains or loses focus. For the article list only
the cursor line looks different, and the reading pane looks the same either way, so
these widgets repaint just what changes: a pane switch over SSH costs a few lines.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.css.query import NoMatches
from textual.widget import Widget


class QuietFocus:
    """Mixin for a Widget (put it first in the bases): focus() and focus / blur events
    without a full repaint. A plain class, so it brings no CSS of its own."""

    def focus(self: Any, scroll_visible: bool = True) -> Any:
        def set_focus(widget: Widget) -> None:
            try:
                widget.screen.set_focus(self, scroll_visible=scroll_visible)
            except (NoMatches, Exception):  # no screen (being removed): nothing to focus
                pass

        self.app.call_later(set_focus, self)
        return self

    def focus_changed(self) -> None:
        """Repaint what shows focus (nothing by default)."""

    def _on_focus(self: Any, event: events.Focus) -> None:
        event.prevent_default()
        self.has_focus = True
        self.focus_changed()
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self: Any, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        self.focus_changed()
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))
