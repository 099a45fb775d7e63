"""ctrl+b: bookmark the article (newsboat's bookmark): `bookmark_cmd` runs with its URL,
title, description and feed title (core.bookmark), on a worker thread, so the reader
goes on meanwhile; the status line says how it went ("Bookmarked: TITLE", or the exit
status and the first line the program wrote to stderr). With `bookmark_interactive`
the program has the terminal until it exits, as `|` hands it over. Without a
`bookmark_cmd` the status line says how to set one.

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

from tidings.core.bookmark import NOT_SET, Bookmark, NoLink, bookmark_words, outcome, run_bookmark
from tidings.core.command_line import CommandError, program_name
from tidings.tui.row_waiting import waits_for_row

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class BookmarkActions(_Base):
    """ctrl+b (see tidings.tui.keymap)."""

    @waits_for_row
    def action_bookmark(self) -> None:
        settings = self.config.settings
        if not settings.bookmark_cmd:
            self.set_status(NOT_SET)
            return
        item = self._selected()
        if item is None:
            self.set_status("No article to bookmark.")
            return
        try:
            bookmark = Bookmark.of(item.link, item.title, item.feed_title)
            words = bookmark_words(settings.bookmark_cmd, bookmark)
        except NoLink as exc:
            self.set_status(str(exc))
            return
        except CommandError as exc:
            self.set_status(f"bookmark_cmd: {exc}")
            return
        if settings.bookmark_interactive:
            self._bookmark_here(words, bookmark)
            return
        self.set_status(f"Bookmarking {bookmark.title or bookmark.url}…")
        self.run_worker(
            lambda: self._bookmark_thread(words, bookmark),
            thread=True,
            group="bookmark",
            description="bookmarking",
            exit_on_error=False,
        )

    def _bookmark_thread(self, words: list[str], bookmark: Bookmark) -> None:
        ran = run_bookmark(words, stop=self.closing)
        if not self.closing.is_set():
            self.call_from_thread(self.set_status, outcome(words, bookmark, ran))

    def _bookmark_here(self, words: list[str], bookmark: Bookmark) -> None:
        """bookmark_interactive: the program has the terminal until it exits."""
        try:
            with self.suspend():
                ran = run_bookmark(words, terminal=True)
        except SuspendNotSupported:  # a terminal Textual cannot hand over
            self.set_status(f"Cannot hand the terminal to {program_name(words)}.")
            return
        self.set_status(outcome(words, bookmark, ran))
