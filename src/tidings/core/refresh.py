"""The refresh engine behind `tidings fetch` and the reader's r / R.

Feeds are fetched concurrently on an asyncio loop (one Fetcher); one writer thread owns
its own Store and parses and stores each feed in one transaction. A bounded number of
fetched-but-not-yet-stored bodies are held at any time, so memory stays flat however
many feeds there are.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tidings.core.fetch import Fetcher, FetchResult
from tidings.core.models import FeedSpec, Settings
from tidings.core.parse import ParseError, parse_feed
from tidings.core.store import Store, StoreError

_STOP_POLL = 0.1  # seconds between looks at the stop event


@dataclass(frozen=True)
class Progress:
    """One feed done. `status` is "ok", "not_modified" or "error"."""

    done: int
    total: int
    url: str
    status: str


@dataclass
class RefreshSummary:
    ok: int = 0
    not_modified: int = 0
    failed: int = 0
    new: int = 0
    updated: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    seconds: float = 0.0


@dataclass(frozen=True)
class _Job:
    url: str  # where the feed lives now (after permanent redirects)
    etag: str | None
    last_modified: str | None


def _jobs(store: Store, specs: Sequence[FeedSpec]) -> list[_Job]:
    """One job per distinct feed, with its conditional-GET state."""
    jobs: list[_Job] = []
    seen: set[str] = set()
    for spec in specs:
        state = store.fetch_state(spec.url)
        url = state.url if state is not None else spec.url
        if url in seen:
            continue
        seen.add(url)
        if state is None:
            jobs.append(_Job(url, None, None))
        else:
            jobs.append(_Job(url, state.etag, state.last_modified))
    return jobs


class _Writer(threading.Thread):
    """Parses and stores fetched feeds, one transaction per feed, in its own thread."""

    def __init__(
        self,
        db_path: str | Path,
        total: int,
        summary: RefreshSummary,
        on_progress: Callable[[Progress], None] | None,
    ) -> None:
        super().__init__(name="tidings-refresh-writer", daemon=True)
        self.db_path = db_path
        self.total = total
        self.summary = summary
        self.on_progress = on_progress
        self.inbox: queue.SimpleQueue[tuple[_Job, FetchResult] | None] = queue.SimpleQueue()
        self.release: Callable[[], None] = lambda: None
        self.fatal: BaseException | None = None
        self.done = 0

    def run(self) -> None:
        store: Store | None = None
        try:
            store = Store.open(self.db_path)
        except BaseException as exc:  # reported by refresh(); keep draining the queue
            self.fatal = exc
        try:
            while (item := self.inbox.get()) is not None:
                try:
                    if store is not None and self.fatal is None:
                        self._store(store, *item)
                except BaseException as exc:  # noqa: BLE001 - reported by refresh()
                    self.fatal = exc
                finally:
                    self.release()
        finally:
            if store is not None:
                store.close()

    def _store(self, store: Store, job: _Job, result: FetchResult) -> None:
        s = self.summary
        status = result.status
        new_url = result.permanent_url
        try:
            if status == "error":
                store.record_fetch(job.url, error=result.error or "failed", new_url=new_url)
            elif status == "not_modified":
                store.record_fetch(
                    job.url,
                    not_modified=True,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    new_url=new_url,
                )
                s.not_modified += 1
            else:
                try:
                    parsed = parse_feed(
                        result.body,
                        content_type=result.content_type,
                        url=result.final_url or job.url,
                    )
                except ParseError as exc:
                    status, result.error = "error", str(exc) or "not a feed"
                except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the rest
                    status, result.error = "error", f"parser failed: {type(exc).__name__}"
                if status == "error":
                    store.record_fetch(job.url, error=result.error, new_url=new_url)
                else:
                    counts = store.record_fetch(
                        job.url,
                        parsed=parsed,
                        etag=result.etag,
                        last_modified=result.last_modified,
                        new_url=new_url,
                    )
                    s.ok += 1
                    s.new += counts.new
                    s.updated += counts.updated
        except StoreError as exc:
            status, result.error = "error", str(exc)
        if status == "error":
            s.failed += 1
            s.errors.append((job.url, result.error or "failed"))
        self.done += 1
        if self.on_progress is not None:
            self.on_progress(Progress(self.done, self.total, job.url, status))


async def _fetch_all(
    jobs: list[_Job], settings: Settings, writer: _Writer, stop: threading.Event | None
) -> None:
    loop = asyncio.get_running_loop()
    concurrency = max(1, settings.concurrency)
    # fetched bodies not yet stored, plus those being fetched, never exceed this
    slots = asyncio.Semaphore(concurrency * 2)

    def release() -> None:
        try:
            loop.call_soon_threadsafe(slots.release)
        except RuntimeError:  # the loop has finished
            pass

    writer.release = release
    pending = iter(jobs)

    async with Fetcher(settings) as fetcher:

        async def worker() -> None:
            for job in pending:
                if stop is not None and stop.is_set():
                    return
                await slots.acquire()
                try:
                    result = await fetcher.fetch(
                        job.url, etag=job.etag, last_modified=job.last_modified
                    )
                except Exception as exc:  # noqa: BLE001 - one feed's bug must not stop others
                    result = FetchResult(
                        job.url, "error", error=f"fetch failed: {type(exc).__name__}"
                    )
                writer.inbox.put((job, result))

        workers = [asyncio.create_task(worker()) for _ in range(min(concurrency, len(jobs)))]
        everything = asyncio.gather(*workers)
        if stop is None:
            await everything
            return
        while not everything.done():
            if stop.is_set():
                everything.cancel()
                break
            await asyncio.wait({everything}, timeout=_STOP_POLL)
        try:
            await everything
        except asyncio.CancelledError:
            pass


def refresh(
    db_path: str | Path,
    specs: Sequence[FeedSpec],
    settings: Settings,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    stop: threading.Event | None = None,
) -> RefreshSummary:
    """Fetch, parse and store `specs`; return what happened. Safe to call from a worker
    thread (it runs its own event loop). `on_progress` is called from the writer thread
    after each feed is stored. Setting `stop` abandons the feeds not yet fetched.
    Raises StoreError when the database cannot be opened or written."""
    started = time.perf_counter()
    with Store.open(db_path) as store:
        store.add_feeds(specs)
        jobs = _jobs(store, specs)
    summary = RefreshSummary()
    if jobs:
        writer = _Writer(db_path, len(jobs), summary, on_progress)
        writer.start()
        try:
            asyncio.run(_fetch_all(jobs, settings, writer, stop))
        finally:
            writer.inbox.put(None)
            writer.join()
        if writer.fatal is not None:
            raise writer.fatal
    summary.seconds = time.perf_counter() - started
    return summary
