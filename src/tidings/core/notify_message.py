"""The words of a notification after a refresh (core.notify sends them): newsboat's
notify-format, with its letters, so that a newsboat `notify-format` means the same here:

    %d  new articles this refresh         %n  unread articles, all feeds
    %D  feeds that brought new articles   %f  feeds with unread articles
    %%  a percent sign

The message holds numbers and the user's own format only, no text from a feed, and is
cleaned once more before it goes into a command line or a window title. Kept light
(no store, no network): the config check uses format_problem.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings.core.sanitize import clean_line

if TYPE_CHECKING:
    from tidings.core.models import FeedInfo
    from tidings.core.refresh_writer import RefreshSummary

MAX_MESSAGE = 300  # characters of a message
LETTERS = {
    "d": "new articles",
    "D": "feeds with new articles",
    "n": "unread articles",
    "f": "feeds with unread articles",
    "%": "a percent sign",
}
_PLACEHOLDER = re.compile(r"%(.?)", re.S)


@dataclass(frozen=True)
class Tally:
    """What a refresh brought, and what is unread after it."""

    new: int = 0  # articles stored by this refresh
    new_feeds: int = 0  # feeds that brought them
    unread: int = 0  # unread articles in all feeds
    unread_feeds: int = 0  # feeds with something unread

    @classmethod
    def of(cls, summary: RefreshSummary, feeds: Sequence[FeedInfo]) -> Tally:
        return cls(
            new=summary.new,
            new_feeds=summary.new_feeds,
            unread=sum(f.unread for f in feeds),
            unread_feeds=sum(1 for f in feeds if f.unread),
        )


def format_problem(fmt: str) -> str | None:
    """What is wrong with a notify_format (for the config check), or None."""
    for match in _PLACEHOLDER.finditer(fmt):
        letter = match.group(1)
        if not letter:
            return "a % at the end; write %% for a percent sign"
        if letter not in LETTERS:
            *most, last = (f"%{k} ({v})" for k, v in LETTERS.items())
            known = f"{', '.join(most)} or {last}"
            return f"unknown %{letter}; use {known}"
    return None


def message(fmt: str, counts: Tally) -> str:
    """`fmt` with its letters replaced (an unknown one is kept as written), on one line."""
    values = {
        "d": str(counts.new),
        "D": str(counts.new_feeds),
        "n": str(counts.unread),
        "f": str(counts.unread_feeds),
        "%": "%",
    }

    def one(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group())

    return clean_line(_PLACEHOLDER.sub(one, fmt))[:MAX_MESSAGE]


def terminal_notice(text: str) -> str:
    """What the terminal gets for notify_terminal: the window title (OSC 2, newsboat's
    notify-xterm) and a desktop notification (OSC 777, from urxvt; foot, Ghostty and
    WezTerm show it; others ignore an OSC they do not know). Not
    OSC 9: ConEmu and Windows Terminal read `9;<digit>` as commands of their own, and
    a message may start with a number."""
    shown = clean_line(text).replace(";", ",")[:MAX_MESSAGE]
    return f"\x1b]2;{shown}\x1b\\\x1b]777;notify;tidings;{shown}\x1b\\"
