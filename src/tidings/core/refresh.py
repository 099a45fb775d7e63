"""The refresh engine behind `tidings fetch` and the reader's r / R.

Feeds are fetched concurrently on an asyncio loop (one Fetcher); one writer thread owns
its own Store and stores each feed all-or-nothing (a savepoint), committing the feeds
that are waiting together (one commit per batch: far less written than a commit per
feed; a kill loses the uncommitted batch whole, and the next fetch gets it again). Parsing a body and working out
its search-index text (the CPU-heavy part) happens, for a refresh of many feeds on a
machine with more than one core, in a helper process while the writer thread runs the
SQL of earlier feeds; otherwise in the writer thread. A bounded number of
fetched-but-not-yet-stored bodies are held at any time, so memory stays flat however
many feeds there are.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tidings.core.fetch import Fetcher, FetchResult
from tidings.core.models import FeedSpec, ParsedFeed, Settings
from tidings.core.parse import ParseError, parse_feed
from tidings.core.store import Prepared, Store, StoreError, prepare_index

_STOP_POLL = 0.1  # seconds between looks at the stop event
_PARENT_POLL = 0.5  # seconds between a helper's looks at whether its parent still runs
# The helper process starts with the POOL_START_BODIES-th body fetched (starting one
# takes ~0.3 s of CPU, more than parsing a few feeds in the writer thread costs).
POOL_START_BODIES = 16
POOL_MAX_WORKERS = 2
# At most this many feeds already fetched share one commit of the writer thread.
BATCH_FEEDS = 16

_Prepared = tuple[ParsedFeed, list[Prepared]] | str  # or why it failed


def _prepare(body: bytes, content_type: str | None, url: str) -> _Prepared:
    """Parse a fetched body and work out its FTS rows (in the helper process or the
    writer thread): the parsed feed and prepare_index() of it, or the error text."""
    try:
        parsed = parse_feed(body, content_type=content_type, url=url)
    except ParseError as exc:
        return str(exc) or "not a feed"
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the rest
        return f"parser failed: {type(exc).__name__}"
    return parsed, prepare_index(parsed)


def _helper_init(parent: int) -> None:
    """In a helper: Ctrl+C is for the refresh itself, which then shuts the helpers down;
    and a helper ends when its parent is gone (killed with -9, say: the pool's pipes
    would otherwise keep it waiting for work forever)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(
        target=_watch_parent, args=(parent,), name="tidings-parent-watch", daemon=True
    ).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL)
    os._exit(0)


def _pool_workers(jobs: int) -> int:
    """How many helper processes to parse in: none for a few feeds or a single core."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if jobs < POOL_START_BODIES or (cpus or 1) < 2:
        return 0
    return max(1, min(POOL_MAX_WORKERS, (cpus or 1) - 1))


class _Helpers:
    """The helper processes, started once enough bodies came in to be worth it."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.bodies = 0
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, job: _Job, result: FetchResult) -> Future[_Prepared] | None:
        """Parse and prepare `result` in a helper, or None: the writer thread will."""
        self.bodies += 1
        if not self.workers or self.bodies < POOL_START_BODIES:
            return None
        try:
            if self.pool is None:
                # spawn, not fork: refresh() often runs in a thread of a threaded program
                context = multiprocessing.get_context("spawn")
                self.pool = ProcessPoolExecutor(
                    self.workers,
                    mp_context=context,
                    initializer=_helper_init,
                    initargs=(os.getpid(),),
                )
            return self.pool.submit(
                _prepare, result.body, result.content_type, result.final_url or job.url
            )
        except (RuntimeError, OSError):  # cannot start one, or it broke: the writer parses
            self.workers = 0
            return None

    def shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


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
class _Outcome:
    """What storing one feed came to, counted once its batch has committed."""

    url: str
    status: str  # "ok", "not_modified" or "error"
    error: str | None = None
    new: int = 0
    updated: int = 0


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


_Item = tuple[_Job, FetchResult, "Future[_Prepared] | None"]


class _Writer(threading.Thread):
    """Parses and stores fetched feeds in its own thread, each feed all-or-nothing, the
    feeds waiting in its inbox committed together."""

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
        self.inbox: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
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
                # whatever else is already waiting joins this batch (one commit for them)
                batch, last = [item], False
                while len(batch) < BATCH_FEEDS:
                    try:
                        more = self.inbox.get_nowait()
                    except queue.Empty:
                        break
                    if more is None:
                        last = True
                        break
                    batch.append(more)
                try:
                    if store is not None and self.fatal is None:
                        self._store_batch(store, batch)
                except BaseException as exc:  # noqa: BLE001 - reported by refresh()
                    self.fatal = exc
                finally:
                    for _ in batch:
                        self.release()
                if last:
                    break
        finally:
            if store is not None:
                store.close()

    def _store_batch(self, store: Store, batch: list[_Item]) -> None:
        """Store the feeds of `batch` in one transaction, then count them (a feed counts
        as stored once its commit is done). If one feed's write fails, the batch is
        rolled back and its feeds are stored again one transaction each, so the failure
        stays that feed's alone."""
        outcomes: list[_Outcome] = []
        if len(batch) > 1:
            try:
                with store.batch():
                    outcomes = [self._store(store, *item, alone=False) for item in batch]
            except StoreError:
                outcomes = []
        if not outcomes:
            outcomes = [self._store(store, *item) for item in batch]
        s = self.summary
        for outcome in outcomes:
            if outcome.status == "error":
                s.failed += 1
                s.errors.append((outcome.url, outcome.error or "failed"))
            elif outcome.status == "not_modified":
                s.not_modified += 1
            else:
                s.ok += 1
                s.new += outcome.new
                s.updated += outcome.updated
            self.done += 1
            if self.on_progress is not None:
                self.on_progress(Progress(self.done, self.total, outcome.url, outcome.status))

    def _store(
        self,
        store: Store,
        job: _Job,
        result: FetchResult,
        ready: Future[_Prepared] | None,
        *,
        alone: bool = True,
    ) -> _Outcome:
        """Store one feed (its own transaction when `alone`; else a StoreError is
        raised, for _store_batch to roll the batch back)."""
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
            else:
                prepared = self._prepared(job, result, ready)
                if isinstance(prepared, str):
                    store.record_fetch(job.url, error=prepared, new_url=new_url)
                    return _Outcome(job.url, "error", prepared)
                counts = store.record_fetch(
                    job.url,
                    parsed=prepared[0],
                    etag=result.etag,
                    last_modified=result.last_modified,
                    new_url=new_url,
                    prepared=prepared[1],
                )
                return _Outcome(job.url, "ok", new=counts.new, updated=counts.updated)
        except StoreError as exc:
            if not alone:
                raise
            return _Outcome(job.url, "error", str(exc))
        return _Outcome(job.url, status, result.error if status == "error" else None)

    @staticmethod
    def _prepared(job: _Job, result: FetchResult, ready: Future[_Prepared] | None) -> _Prepared:
        if ready is not None:
            try:
                return ready.result()
            except Exception:  # noqa: BLE001 - the helper died: do it here instead
                pass
        return _prepare(result.body, result.content_type, result.final_url or job.url)


async def _fetch_all(
    jobs: list[_Job],
    settings: Settings,
    writer: _Writer,
    stop: threading.Event | None,
    helpers: _Helpers | None = None,
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
                ready = None
                if helpers is not None and result.status == "ok":
                    ready = helpers.submit(job, result)
                writer.inbox.put((job, result, ready))

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
        helpers = _Helpers(_pool_workers(len(jobs)))
        writer.start()
        try:
            asyncio.run(_fetch_all(jobs, settings, writer, stop, helpers))
        finally:
            writer.inbox.put(None)
            writer.join()
            helpers.shutdown()
        if writer.fatal is not None:
            raise writer.fatal
    summary.seconds = time.perf_counter() - started
    return summary
