"""Several downloads at once (`e` in the reader, `tidings download`): a thread of their
own running an asyncio loop, at most `settings.max_downloads` at a time (newsboat's
max-downloads), the others waiting their turn, each one remembered in the store as it
goes (core.download_records): its `.part` file when it starts, its file when whole.

Events (core.downloads' Progress and Outcome) go to `on_event`, called on the
downloads' thread: the reader posts them as messages, the CLI prints them. `close()`
stops everything within a moment (the reader's Q): downloads under way keep their
`.part` files, which the next `e` or `tidings download` goes on from.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from tidings.core import download_records, paths
from tidings.core.database import StoreError
from tidings.core.downloads import DownloadJob, Outcome, Progress, download, make_client
from tidings.core.models import Article, Enclosure, Settings
from tidings.core.store import Store

Event = Progress | Outcome
CLOSE_WAIT = 3.0  # seconds close() waits for the downloads to stop


def job_for(article: Article, enclosure: Enclosure, settings: Settings) -> DownloadJob:
    """The download of `enclosure`: on from its `.part` file when one was kept."""
    part = Path(enclosure.downloaded) if enclosure.partial and enclosure.downloaded else None
    return DownloadJob(
        article_id=article.id,
        url=enclosure.url,
        directory=part.parent if part is not None else paths.download_dir(settings.download_dir),
        part=part,
        type=enclosure.type,
    )


@dataclass(frozen=True)
class Snapshot:
    """What the queue is doing: the running downloads' progress (None: not started
    yet) and how many wait."""

    running: tuple[Progress | None, ...]
    waiting: int


Key = tuple[int, str]  # (article id, enclosure URL)


@dataclass(frozen=True)
class Live:
    """Each download's place in the queue, by Key (the downloads view): those waiting
    their turn (in the order queued), and those running with their progress (None:
    connecting)."""

    waiting: tuple[Key, ...]
    running: dict[Key, Progress | None]


class DownloadQueue:
    """Downloads on a thread of their own; see the module's doc."""

    def __init__(
        self, db_path: str | Path, settings: Settings, on_event: Callable[[Event], None]
    ) -> None:
        self.db_path = db_path
        self.settings = settings
        self.on_event = on_event
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._waiting: dict[Key, None] = {}  # in the order queued
        self._running: dict[Key, Progress | None] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._tasks: dict[Key, asyncio.Task[None]] = {}
        self._closed = False
        # made on the downloads' thread, used only there
        self._client: httpx.AsyncClient | None = None
        self._store: Store | None = None
        self._slots: asyncio.Semaphore | None = None

    # -- from any thread -------------------------------------------------------------
    def submit(self, job: DownloadJob) -> bool:
        """Queue `job`; False when that enclosure is queued or downloading already (or
        the queue is closed)."""
        key = (job.article_id, job.url)
        with self._lock:
            if self._closed or key in self._waiting or key in self._running:
                return False
            self._waiting[key] = None
            loop = self._start()
        asyncio.run_coroutine_threadsafe(self._spawn(job), loop)
        return True

    def busy_with(self, article_id: int, url: str) -> bool:
        with self._lock:
            key = (article_id, url)
            return key in self._waiting or key in self._running

    def snapshot(self) -> Snapshot:
        with self._lock:
            return Snapshot(tuple(self._running.values()), len(self._waiting))

    def live(self) -> Live:
        with self._lock:
            return Live(tuple(self._waiting), dict(self._running))

    def cancel(self, article_id: int, url: str) -> bool:
        """Stop that download, waiting or running (its .part file kept, to go on from
        later); False when it is neither. Returns once it has stopped (CLOSE_WAIT at
        most)."""
        key = (article_id, url)
        with self._lock:
            loop = self._loop
            if loop is None or not (key in self._waiting or key in self._running):
                return False
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._cancel(key), loop).result(CLOSE_WAIT)
        return True

    def pending(self) -> int:
        with self._lock:
            return len(self._waiting) + len(self._running)

    def join(self) -> None:
        """Wait until every download queued has ended (Ctrl+C still gets through)."""
        with self._idle:
            while self._waiting or self._running:
                self._idle.wait(0.2)

    def close(self) -> None:
        """Stop: downloads under way end now, their .part files kept; those waiting are
        dropped. Waits CLOSE_WAIT seconds at most."""
        with self._lock:
            self._closed = True
            loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(CLOSE_WAIT)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(CLOSE_WAIT)

    # -- the downloads' thread ---------------------------------------------------------
    def _start(self) -> asyncio.AbstractEventLoop:
        """The loop, started at the first download (under the lock)."""
        if self._loop is None:
            loop = asyncio.new_event_loop()
            thread = threading.Thread(
                target=self._run, args=(loop,), name="tidings-downloads", daemon=True
            )
            self._loop, self._thread = loop, thread
            thread.start()
        return self._loop

    def _run(self, loop: asyncio.AbstractEventLoop) -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
        finally:
            loop.close()

    async def _spawn(self, job: DownloadJob) -> None:
        key = (job.article_id, job.url)
        task = asyncio.ensure_future(self._one(job))
        self._tasks[key] = task
        task.add_done_callback(
            lambda _: self._tasks.pop(key) if self._tasks.get(key) is task else None
        )

    async def _cancel(self, key: Key) -> None:
        task = self._tasks.get(key)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        with self._idle:  # a task cancelled before it began never ran its `finally`
            self._waiting.pop(key, None)
            self._running.pop(key, None)
            self._idle.notify_all()

    async def _one(self, job: DownloadJob) -> None:
        key = (job.article_id, job.url)
        if self._slots is None:
            self._slots = asyncio.Semaphore(max(1, self.settings.max_downloads))
        ended: Outcome | None = None
        parts: list[Path] = [job.part] if job.part is not None else []
        try:
            async with self._slots:
                with self._lock:
                    self._waiting.pop(key, None)
                    if self._closed:
                        return
                    self._running[key] = None
                if self._client is None:
                    self._client = make_client(self.settings)

                def started(part: Path) -> None:
                    parts[:] = [part]
                    self._remember(lambda s: download_records.record_part(s, *key, str(part)))

                ended = await download(
                    self._client,
                    job,
                    self.settings,
                    on_progress=lambda p: self._progress(key, p),
                    on_part=started,
                )
                self._record(job, ended)
        except asyncio.CancelledError:
            part = parts[0] if parts else None
            ended = Outcome(job, "stopped", path=part, size=_size(part))
            raise
        finally:
            with self._idle:
                self._waiting.pop(key, None)
                self._running.pop(key, None)
                self._idle.notify_all()
            if ended is not None:  # told once it no longer counts as running
                self._emit(ended)

    def _progress(self, key: Key, progress: Progress) -> None:
        with self._lock:
            if key in self._running:
                self._running[key] = progress
        self._emit(progress)

    def _record(self, job: DownloadJob, outcome: Outcome) -> None:
        key = (job.article_id, job.url)
        path = str(outcome.path) if outcome.path is not None else None
        if outcome.state == "done" and path is not None:
            size = outcome.size
            self._remember(lambda s: download_records.record_done(s, *key, path, size))
        elif outcome.state == "failed":  # the .part file kept, or nothing ('')
            error = outcome.error or "failed"
            self._remember(lambda s: download_records.record_failed(s, *key, path or "", error))

    def _remember(self, write: Callable[[Store], None]) -> None:
        """Write to the store; a store that cannot be written is said, not raised."""
        try:
            if self._store is None:
                self._store = Store.open(self.db_path)
            write(self._store)
        except StoreError as exc:
            self._emit(Outcome(_NO_JOB, "failed", error=f"not remembered: {exc}"))

    def _emit(self, event: Event) -> None:
        with contextlib.suppress(Exception):  # the reader may be gone
            self.on_event(event)

    async def _shutdown(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
        if self._store is not None:
            self._store.close()
            self._store = None


_NO_JOB = DownloadJob(article_id=0, url="", directory=Path("."))


def _size(path: Path | None) -> int:
    try:
        return path.stat().st_size if path is not None else 0
    except OSError:
        return 0
