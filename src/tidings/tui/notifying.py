"""After a refresh of all feeds (R, refresh_on_startup, refresh_every; r on All) that
brought new articles, or after any with notify_always: the notifications feeds.yaml
asks for (newsboat's notify-*). The bell (notify_beep), the window title and a desktop
notice through the terminal (notify_terminal: core.notify_message.terminal_notice),
and the notify_program, run on a thread worker with a timeout (core.notify), its
failure told once a session in the status line. A refresh of some feeds (r on a feed)
notifies nothing, as in newsboat.

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.core.models import FeedSpec
from tidings.core.notify import run_program, tally, wanted
from tidings.core.notify_message import Tally, message, terminal_notice
from tidings.core.refresh import RefreshSummary
from tidings.core.store import StoreError

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class NotifyActions(_Base):
    """refresh_tally (on the refresh's thread), notify_refreshed (once it is done)."""

    notify_failed = False  # the notify_program's failure has been told this session

    def refresh_tally(self, specs: list[FeedSpec], summary: RefreshSummary) -> Tally | None:
        """On the refresh's thread: what to notify of, or None (no notification is set
        up, the refresh was not of all feeds, or the store could not say)."""
        settings = self.config.settings
        if not (settings.notify_program or settings.notify_beep or settings.notify_terminal):
            return None
        if not {s.url for s in self.config.feeds} <= {s.url for s in specs}:
            return None
        try:
            return tally(self.db_path, summary)
        except StoreError:
            return None

    def notify_refreshed(self, counts: Tally | None) -> None:
        settings = self.config.settings
        if counts is None or not wanted(settings, counts):
            return
        text = message(settings.notify_format, counts)
        if settings.notify_beep:
            self.bell()
        if settings.notify_terminal:
            self.write_to_terminal(terminal_notice(text))
        if command := settings.notify_program:
            self.run_worker(
                lambda: self._notify_thread(command, text),
                thread=True,
                group="notify",
                description="notify_program",
                exit_on_error=False,
            )

    def write_to_terminal(self, sequence: str) -> None:
        """Straight to the terminal, past the screen (a title, a notice)."""
        if not self.is_headless and self._driver is not None:
            self._driver.write(sequence)

    def _notify_thread(self, command: str, text: str) -> None:
        problem = run_program(command, text, stop=self.closing)
        if problem is not None and not self.closing.is_set():
            self.call_from_thread(self._notify_problem, problem)

    def _notify_problem(self, problem: str) -> None:
        if not self.notify_failed:
            self.notify_failed = True
            self.set_status(f"notify_program failed: {problem}")
