"""Noticing that the terminal has gone (the SSH connection dropped, tmux killed) when no
SIGHUP says so, as when the reader runs under `make run`: its input then reads as
endless end-of-file, and Textual's input thread spins on it at 100% CPU for ever. Once a
second the reader asks whether its terminal is still a terminal, and quits if not.
"""

from __future__ import annotations

import os
import sys

CHECK_EVERY = 1.0  # seconds


def input_fd() -> int | None:
    try:
        return sys.__stdin__.fileno() if sys.__stdin__ is not None else None
    except (OSError, ValueError):
        return None


def watchable(fd: int | None) -> bool:
    """The reader reads a terminal: worth watching (not under tests or a pipe)."""
    return fd is not None and os.isatty(fd)


def gone(fd: int | None) -> bool:
    """The terminal behind `fd` has hung up (a hung-up tty is no longer a tty)."""
    return fd is None or not os.isatty(fd)
