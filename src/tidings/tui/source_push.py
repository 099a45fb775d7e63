"""Sending the read / starred changes of an account's articles (feeds.yaml's
`source:`) soon after they are made: every PUSH_CHECK seconds, when changes wait
(the store queues them, whatever marked them: m, s, A, opening an article), a thread
worker sends them (core.source_sync with pull=False), never holding up the keys.
Sent changes are forgotten; ones the server could not take wait for the next try
(PUSH_RETRY later, or the next r / R, whose sync sends them first).

A mixin of TidingsApp (tidings.tui.app).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from tidings.core.source_sync import sync

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

PUSH_CHECK = 2.0  # seconds between looks for changes to send
PUSH_RETRY = 60.0  # seconds after a failed send before the next try


class SourcePushActions(_Base):
    _pushing = False
    _push_failed_at = 0.0

    def follow_source(self) -> None:
        """Look for changes to send from now on (when feeds.yaml has a source:)."""
        self.set_interval(PUSH_CHECK, self.push_changes)

    async def push_changes(self) -> None:
        if self.config.source is None or self._pushing or self.refreshing:
            return  # a refresh's sync sends them first
        if time.monotonic() - self._push_failed_at < PUSH_RETRY:
            return
        if not await self.pool.call(lambda s: bool(s.pending_changes())):
            return
        self._pushing = True
        source, settings = self.config.source, self.config.settings
        self.run_worker(
            lambda: self._push_thread(source, settings),
            thread=True,
            group="push",
            description="sending read / starred changes",
            exit_on_error=False,
        )

    def _push_thread(self, source, settings) -> None:
        try:
            error = sync(self.db_path, source, settings, pull=False).error
        except Exception as exc:  # the store: said in the status line, tried again later
            error = str(exc) or type(exc).__name__
        self.call_from_thread(self._pushed, error)

    def _pushed(self, error: str | None) -> None:
        self._pushing = False
        if error is None:
            return
        self._push_failed_at = time.monotonic()
        self.set_status(f"Sending read / starred changes failed (kept for later): {error}")
