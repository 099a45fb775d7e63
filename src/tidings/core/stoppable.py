"""Waiting for network work that the reader may abandon: when it quits, a slow site's
timeouts (up to a minute) must not hold the exit up. The work runs as an asyncio task;
a `threading.Event` set from another thread cancels it within STOP_POLL seconds."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable

STOP_POLL = 0.1  # seconds between looks at a stop event


async def until_stopped(work: Awaitable[object], stop: threading.Event | None) -> bool:
    """Await `work` (a task or future), cancelling it if `stop` is set first. True when
    it was stopped (its result is then not to be used); its exception, if it raised one,
    is left for the caller to take from it."""
    task = asyncio.ensure_future(work)
    # Ctrl+C ends the loop with the work cancelled under it: asyncio would print "exception
    # was never retrieved" and a traceback. Looking at it here keeps it for the caller.
    task.add_done_callback(_looked_at)
    while stop is not None and not task.done():
        if stop.is_set():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task  # cancelled, or failed on its way out
            return True
        await asyncio.wait({task}, timeout=STOP_POLL)
    if stop is None:
        await asyncio.wait({task})
    return False


def _looked_at(future: asyncio.Future[object]) -> None:
    if not future.cancelled():
        future.exception()
