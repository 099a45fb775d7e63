"""Telling the user that a refresh brought new articles: newsboat's notify-program and
notify-always (the message: core.notify_message; the reader's bell and terminal
notice: tui/notifying.py).

`notify_program` is a command (core.command_line: split as a shell would, run without
one); the message replaces `%m` in its words, or is added as the last word. It runs
with no terminal and in a session of its own, its output thrown away, and is killed
after NOTIFY_TIMEOUT seconds.
"""

from __future__ import annotations

import threading
from pathlib import Path

from tidings.core.command_line import CommandError, program_name, run_command, split_command
from tidings.core.models import Settings
from tidings.core.notify_message import Tally, message
from tidings.core.refresh_writer import RefreshSummary
from tidings.core.store import Store, StoreError

NOTIFY_TIMEOUT = 10.0  # seconds a notify_program may take


def tally(db_path: Path, summary: RefreshSummary) -> Tally:
    """The tally of `summary` with the store's unread counts (StoreError if it fails)."""
    with Store.open(db_path) as store:
        return Tally.of(summary, store.feeds())


def wanted(settings: Settings, counts: Tally) -> bool:
    """Is there anything to tell: new articles, or notify_always."""
    return counts.new > 0 or settings.notify_always


def program_words(command: str, text: str) -> list[str]:
    """The notify_program's words with the message: in place of %m, else last."""
    words = split_command(command)
    if any("%m" in w for w in words):
        return [w.replace("%m", text) for w in words]
    return [*words, text]


def run_program(command: str, text: str, stop: threading.Event | None = None) -> str | None:
    """Run the notify_program with `text`: None when it went well, else what went wrong
    ("notify-send: exit 1: Cannot autolaunch D-Bus…")."""
    try:
        words = program_words(command, text)
    except CommandError as exc:
        return str(exc)
    ran = run_command(words, terminal=False, timeout=NOTIFY_TIMEOUT, stop=stop)
    return None if ran.ok else f"{program_name(words)}: {ran.describe()}"


def notify_after_fetch(db_path: Path, summary: RefreshSummary, settings: Settings) -> str | None:
    """`tidings fetch --notify`: the notify_program, if the fetch brought new articles
    (or notify_always); what went wrong, or None."""
    if not settings.notify_program:
        return None
    try:
        counts = tally(db_path, summary)
    except StoreError as exc:
        return f"cannot count the unread articles: {exc}"
    if not wanted(settings, counts):
        return None
    return run_program(settings.notify_program, message(settings.notify_format, counts))
