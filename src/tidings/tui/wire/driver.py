"""Textual's Linux driver with the wire layer between the app and the terminal.

Every write the app and the driver make (frames, mode switches, clipboard...) goes through
one Wire, which sends only what changed on the screen. TIDINGS_WIRE=raw turns it off;
TIDINGS_WIRE=rep lets it use REP (repeat a character: a rule of "─" goes out as one
"─" and a count) where the terminal's terminfo entry has `rep` (see terminal_has_rep:
off by default); lines are drawn from the alternate character set where terminfo
says the terminal has it (see terminal_acs); TIDINGS_WIRE_LOG=FILE also appends
what the app wrote, before the layer, to FILE (to compare screens in tests and when
debugging).
"""

from __future__ import annotations

import os
import sys
import termios
import threading
from functools import cache
from typing import Any

from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

from tidings.tui.wire.acs import RMACS, SMACS, acs_map
from tidings.tui.wire.layer import Wire


def terminal_has_bce(env: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """Do erases fill with the current background? Not in GNU screen (its `bce` is off by
    default); tmux and the usual terminals do."""
    return not (env.get("TERM", "").startswith("screen") and not env.get("TMUX"))


def terminal_has_rep(
    env: dict[str, str] | os._Environ[str] = os.environ, fd: int | None = None
) -> bool:
    """May the output use REP (CSI n b, repeat the last character n times)? Only when
    asked for with TIDINGS_WIRE=rep, the terminfo entry of TERM has `rep`, and no
    multiplexer is in between (TMUX, STY set). Off by default: ncurses itself sends REP
    only for ASCII on a UTF-8 screen, and terminals that call themselves xterm-256color
    without having REP (mosh, tmux before 3.5 after a non-ASCII character, JetBrains'
    terminal) would draw a rule as one character and leave stale text after it."""
    wanted = env.get("TIDINGS_WIRE", "").lower() == "rep"
    if not wanted or env.get("TMUX") or env.get("STY"):
        return False
    return _terminfo_rep(env.get("TERM", ""), fd)


def terminal_acs(
    env: dict[str, str] | os._Environ[str] = os.environ, fd: int | None = None
) -> dict[str, str]:
    """The line characters the output may draw from the alternate character set (see
    acs.py), as ncurses decides on a UTF-8 screen: when TERM's terminfo entry switches
    with ESC ( 0 / ESC ( B and maps the VT100 lines to themselves. Not on the Linux
    console (it ignores the switch in UTF-8 mode), nor where terminfo's U8 says so, nor
    with NCURSES_NO_UTF8_ACS set (its users' terminals draw "qqqq" for a rule)."""
    term = env.get("TERM", "")
    if "linux" in term or env.get("NCURSES_NO_UTF8_ACS"):
        return {}
    caps = _terminfo(term, fd)
    if caps.get("smacs") != SMACS.encode() or caps.get("rmacs") != RMACS.encode():
        return {}
    if isinstance(caps.get("U8"), int) and caps["U8"] > 0:
        return {}
    acsc = caps.get("acsc")
    return acs_map(acsc.decode("latin-1")) if isinstance(acsc, bytes) else {}


@cache
def _terminfo(term: str, fd: int | None) -> dict[str, bytes | int | None]:
    """The terminfo capabilities the layer asks about ({} without terminfo or curses).
    Python's curses.setupterm sets up one terminal per process: the first TERM asked
    about is the one answered for."""
    if not term:
        return {}
    try:
        import curses
    except ImportError:
        return {}
    try:
        curses.setupterm(term, sys.__stdout__.fileno() if fd is None else fd)
        caps: dict[str, bytes | int | None] = {
            name: curses.tigetstr(name) for name in ("rep", "acsc", "smacs", "rmacs")
        }
        caps["U8"] = curses.tigetnum("U8")
    except (curses.error, OSError, AttributeError, ValueError):
        return {}
    return caps


def _terminfo_rep(term: str, fd: int | None) -> bool:
    """Does terminfo give `term` the ECMA-48 REP (`rep=%p1%c\\E[%p2%{1}%-%db`)?"""
    rep = _terminfo(term, fd).get("rep")
    # The character, then CSI count b: what the emitter writes (other forms are not used).
    return isinstance(rep, bytes) and rep.startswith(b"%p1%c\x1b[") and rep.endswith(b"b")


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
            wire = self._wire = Wire(
                width,
                height,
                bce=terminal_has_bce(),
                onlcr=_onlcr(fd),
                rep=terminal_has_rep(fd=fd),
                acs=terminal_acs(fd=fd),
            )
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
