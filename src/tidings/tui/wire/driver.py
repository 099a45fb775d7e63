"""Textual's Linux driver with the wire layer between the app and the terminal.

Every write the app and the driver make (frames, mode switches, clipboard...) goes through
one Wire, which sends only what changed on the screen. TIDINGS_WIRE=raw turns it off;
TIDINGS_WIRE_LOG=FILE also appends what the app wrote, before the layer, to FILE (to
compare screens in tests and when debugging).
"""

from __future__ import annotations

import os
import sys
import termios
import threading
from typing import Any

from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

from tidings.tui.wire.layer import Wire


def terminal_has_bce(env: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """Do erases fill with the current background? Not in GNU screen (its `bce` is off by
    default); tmux and the usual terminals do."""
    return not (env.get("TERM", "").startswith("screen") and not env.get("TMUX"))


def _onlcr(fd: int) -> bool:
    """Does the tty turn "\\n" into "\\r\\n"?"""
    try:
        oflag = termios.tcgetattr(fd)[1]
    except (termios.error, OSError):
        return True
    return bool(oflag & termios.OPOST and oflag & termios.ONLCR)


class WireDriver(LinuxDriver):
    """LinuxDriver whose output goes through a Wire."""

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._wire: Wire | None = None
        self._wire_lock = threading.Lock()
        self._in_wire: int | None = None  # the thread inside the layer now
        self._wire_stale = False
        log = os.environ.get("TIDINGS_WIRE_LOG")
        # Kept open for the driver's life (it is closed and started again around Ctrl+Z).
        self._wire_log = open(log, "a", encoding="utf-8") if log else None  # noqa: SIM115

    def _terminal_size(self) -> tuple[int, int]:
        try:
            size = os.get_terminal_size(self._file.fileno())
        except (OSError, ValueError, AttributeError):
            return self._get_terminal_size()
        return size.columns or 80, size.lines or 25

    def _layer(self) -> Wire:
        width, height = self._terminal_size()
        wire = self._wire
        if wire is None:
            fd = self._file.fileno() if self._file is not None else sys.__stdout__.fileno()
            wire = self._wire = Wire(width, height, bce=terminal_has_bce(), onlcr=_onlcr(fd))
        elif wire.size != (width, height):
            wire.resize(width, height)
        if self._wire_stale:
            self._wire_stale = False
            wire.invalidate()
        return wire

    def write(self, data: str) -> None:
        me = threading.get_ident()
        if self._in_wire == me:
            # A signal handler (Ctrl+Z) writing while this thread is inside the layer:
            # send it as it is and forget what the terminal shows.
            self._wire_stale = True
            super().write(data)
            return
        with self._wire_lock:
            self._in_wire = me
            try:
                if self._wire_log is not None:
                    self._wire_log.write(data)
                    self._wire_log.flush()
                out = self._layer().feed(data)
                if out:
                    super().write(out)
            finally:
                self._in_wire = None


def wire_driver_class() -> type[Driver] | None:
    """The driver for the app: WireDriver on Linux and macOS unless TIDINGS_WIRE=raw or
    TEXTUAL_DRIVER picks one; None leaves the choice to Textual."""
    if os.environ.get("TIDINGS_WIRE", "").lower() == "raw" or os.environ.get("TEXTUAL_DRIVER"):
        return None
    if sys.platform == "win32":
        return None
    return WireDriver
