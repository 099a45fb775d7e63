"""Bookmarking an article (newsboat's bookmark, bookmark-cmd): `bookmark_cmd` runs with
four arguments, as newsboat passes them to its bookmark plugins: the article's URL, its
title, a description (empty: newsboat's is what its prompt was given, and tidings asks
nothing, as newsboat's bookmark-autopilot) and the feed's title.

The command is split as a shell would split it and run without one
(tidings.core.command_line); the four arguments are added as words of their own, so no
text from a feed is ever read as shell syntax. They are cleaned first (one line, no
control characters or escape sequences). Without a terminal the program runs in a
session of its own, its output thrown away, and is killed after BOOKMARK_TIMEOUT
seconds; with `bookmark_interactive` (newsboat's bookmark-interactive) it has the
terminal, to ask for tags and the like.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from tidings.core.command_line import Ran, program_name, run_command, split_command
from tidings.core.sanitize import clean_line, safe_url

BOOKMARK_TIMEOUT = 30.0  # seconds a bookmark_cmd without the terminal may take
NOT_SET = (
    "Set bookmark_cmd in feeds.yaml (E edits it): a program given the URL, title,"
    " description and feed title"
)


class NoLink(ValueError):
    """The article has no link a bookmark could keep."""


@dataclass(frozen=True)
class Bookmark:
    """What a bookmark_cmd is given, cleaned."""

    url: str
    title: str
    description: str
    feed_title: str

    @classmethod
    def of(cls, link: str | None, title: str | None, feed_title: str | None) -> Bookmark:
        """The bookmark of an article; NoLink when it has no web address."""
        url = safe_url(link)
        if url is None:
            raise NoLink("This article has no link to bookmark.")
        return cls(url, clean_line(title), "", clean_line(feed_title))


def bookmark_words(command: str, bookmark: Bookmark) -> list[str]:
    """The command's words, then URL, title, description and feed title (CommandError
    for a command that cannot run as written)."""
    words = split_command(command)
    return [*words, bookmark.url, bookmark.title, bookmark.description, bookmark.feed_title]


def run_bookmark(
    words: list[str], *, terminal: bool = False, stop: threading.Event | None = None
) -> Ran:
    """Run the bookmark command's words and wait for it (no time limit with the terminal:
    the user is answering it)."""
    return run_command(
        words, terminal=terminal, timeout=None if terminal else BOOKMARK_TIMEOUT, stop=stop
    )


def outcome(words: list[str], bookmark: Bookmark, ran: Ran) -> str:
    """What the status line says of it: "Bookmarked: TITLE", or what went wrong
    ("Bookmark failed: bm: exit 1: no such list")."""
    if ran.ok:
        return f"Bookmarked: {bookmark.title or bookmark.url}"
    return f"Bookmark failed: {program_name(words)}: {ran.describe()}"
