"""Store access for the reader: a few long-lived threads ("lanes"), each with its own Store.

sqlite connections must not cross threads, so each lane opens its Store on its own
thread, runs the functions queued to it in order, and closes the Store when the pool
closes. The Textual layer awaits `call(...)` from its workers: the query runs on a lane
thread and the event loop never waits on the database. Quick queries (pages, one
article) go to the "ui" lane; searches and bulk updates to "bulk", so a slow search
never holds up scrolling; the saved searches' counts to "counts", so that they never
hold up the Related panel either.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from tidings.core.store import Store

T = TypeVar("T")
LANES = ("ui", "bulk", "counts")


class _Lane(threading.Thread):
    def __init__(self, name: str, db_path: Path) -> None:
        super().__init__(name=f"tidings-db-{name}", daemon=True)
        self.db_path = db_path
        self.inbox: queue.SimpleQueue[tuple[Callable[[Store], Any], Future[Any]] | None] = (
            queue.SimpleQueue()
        )

    def run(self) -> None:
        store: Store | None = None
        try:
            while (job := self.inbox.get()) is not None:
                fn, future = job
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    if store is None:
                        store = Store.open(self.db_path)
                    future.set_result(fn(store))
                except BaseException as exc:  # handed to the awaiting worker
                    future.set_exception(exc)
        finally:
            if store is not None:
                store.close()


class StorePool:
    """Runs `fn(store)` on lane threads, each lane with its own Store."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = Path(db_path)
        self._lanes: dict[str, _Lane] = {}
        self._closed = False

    def _lane(self, lane: str) -> _Lane:
        if self._closed:
            raise RuntimeError("the store pool is closed")
        found = self._lanes.get(lane)
        if found is None:
            if lane not in LANES:
                raise ValueError(f"unknown lane {lane!r}")
            found = self._lanes[lane] = _Lane(lane, self.db_path)
            found.start()
        return found

    def submit(self, fn: Callable[[Store], T], lane: str = "ui") -> Future[T]:
        future: Future[T] = Future()
        self._lane(lane).inbox.put((fn, future))
        return future

    async def call(self, fn: Callable[[Store], T], lane: str = "ui") -> T:
        """Run `fn(store)` on a lane thread and return its result."""
        return await asyncio.wrap_future(self.submit(fn, lane))

    def close(self) -> None:
        """Finish queued work, close every lane's Store and end the threads."""
        self._closed = True
        for lane in self._lanes.values():
            lane.inbox.put(None)
        for lane in self._lanes.values():
            lane.join(timeout=10)
        self._lanes.clear()
