"""An output layer under Textual that sends the terminal only the cells that changed,
as curses does (see layer.py)."""

from tidings.tui.wire.layer import Wire

__all__ = ["Wire"]
