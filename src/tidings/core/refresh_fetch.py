"""The fetching side of a refresh: feeds fetched concurrently on an asyncio loop (one
Fetcher), handed to the writer thread (tidings.core.refresh_writer).

Two ways to run it. Here, in the calling process (fetch_here): the writer parses what
it stores. Or, for a refresh of many feeds on a machine with more than one core, in a
helper process (HelperFetch) that also parses each feed and works out its index rows,
while the writer thread, alone in this process, runs the SQL: the two heavy halves of
a refresh then use a core each. Each time the writer runs out of work it raises a
shared flag, and the helper, lowering it, sends its next feed unparsed for the writer
to parse, so that neither side waits on the other for long.

Either way a bounded number of fetched-but-not-yet-stored feeds are held at any time,
so memory stays flat however many feeds there are.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Any

from tidings.core.feed_commands import fetch_feed, kill_running
from tidings.core.fetch import Fetcher, FetchResult

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
from tidings.core.models import Settings
from tidings.core.refresh_writer import NOTHING, Item, Job, PreparedFeed, Writer, prepare
from tidings.core.stoppable import until_stopped

_PARENT_POLL = 0.5  # seconds between a helper's looks at whether its parent still runs
_OUTBOX = 8  # parsed feeds a helper holds for the pipe at most
_PIPE_SIZE = 1 << 20  # bytes the pipe from a helper buffers, where Linux allows it


async def fetch_jobs(
    jobs: Sequence[Job],
    settings: Settings,
    deliver: Callable[[int, Job, FetchResult], Awaitable[None]],
    stop: threading.Event | None = None,
) -> None:
    """Fetch `jobs` concurrently; await deliver(index, job, result) for each (it may
    wait, to hold fetching back). Setting `stop` abandons the jobs not yet fetched."""
    concurrency = max(1, settings.concurrency)
    pending = iter(enumerate(jobs))

    async with Fetcher(settings) as fetcher:

        async def worker() -> None:
            for index, job in pending:
                if stop is not None and stop.is_set():
                    return
                try:
                    result = await fetch_feed(
                        fetcher, job.url, etag=job.etag, last_modified=job.last_modified
                    )
                except Exception as exc:  # noqa: BLE001 - one feed's bug must not stop others
                    result = FetchResult(
                        job.url, "error", error=f"fetch failed: {type(exc).__name__}"
                    )
                await deliver(index, job, result)

        workers = [asyncio.create_task(worker()) for _ in range(min(concurrency, len(jobs)))]
        everything = asyncio.gather(*workers)
        if not await until_stopped(everything, stop):
            await everything


async def fetch_here(
    jobs: Sequence[Job], settings: Settings, writer: Writer, stop: threading.Event | None
) -> None:
    """Fetch `jobs` on this process's loop; the writer parses and stores them."""
    loop = asyncio.get_running_loop()
    # fetched bodies not yet stored, plus those being fetched, never exceed this
    slots = asyncio.Semaphore(max(1, settings.concurrency) * 2)

    def release() -> None:
        try:
            loop.call_soon_threadsafe(slots.release)
        except RuntimeError:  # the loop has finished
            pass

    writer.release = release

    async def deliver(index: int, job: Job, result: FetchResult) -> None:
        await slots.acquire()
        writer.inbox.put((job, result, None))

    await fetch_jobs(jobs, settings, deliver, stop)


# -- in a helper process ------------------------------------------------------------------
def _helper_main(
    conn: Connection, jobs: list[Job], settings: Settings, parent: int, hungry: Any
) -> None:
    """A helper process: fetch `jobs`, parse each body (but one each time the writer
    has been hungry), send (index, result, parsed or None) for each, then None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the parent, which ends us
    signal.signal(signal.SIGTERM, _end_helper)  # how the parent ends us (HelperFetch.stop)
    _silence()
    threading.Thread(
        target=_watch_parent, args=(parent,), name="tidings-parent-watch", daemon=True
    ).start()

    # The pipe is sent to from a thread of its own, through a bounded outbox: parsing
    # goes on while the writer is busy, and memory stays bounded while it is behind.
    outbox: queue.Queue[tuple[int, FetchResult, PreparedFeed | None] | None] = queue.Queue(_OUTBOX)

    def send_all() -> None:
        while (message := outbox.get()) is not None:
            conn.send(message)
        conn.send(None)
        conn.close()

    sender = threading.Thread(target=send_all, name="tidings-helper-send", daemon=True)
    sender.start()

    async def deliver(index: int, job: Job, result: FetchResult) -> None:
        parsed = None
        if result.status == "ok":
            if hungry.value:  # the writer had to wait for work: it parses this one
                hungry.value = 0
            else:
                parsed = prepare(result.body, result.content_type, result.final_url or job.url)
                result = replace(result, body=b"")
        outbox.put((index, result, parsed))  # waits while the outbox is full

    asyncio.run(fetch_jobs(jobs, settings, deliver))
    outbox.put(None)
    sender.join()


def _end_helper(signum: int, frame: object) -> None:
    """SIGTERM in a helper: the commands of exec: / filter: feeds it started end too."""
    kill_running()
    os._exit(0)


def _silence() -> None:
    """Point this helper's stdout / stderr at /dev/null: they may be the reader's
    terminal, where a stray warning or traceback would land in the middle of the screen.
    (A helper that dies is noticed by its parent, which fetches what it left.)"""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    for fd in (1, 2):
        try:
            os.dup2(null, fd)
        except OSError:
            pass
    os.close(null)


def _watch_parent(parent: int) -> None:
    """End this helper once its parent is gone (killed with -9, say), rather than wait
    forever on a pipe nobody reads."""
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL)
    kill_running()
    os._exit(0)


@contextmanager
def _stderr_with_a_file() -> Iterator[None]:
    """multiprocessing starts its resource tracker with sys.stderr's file descriptor;
    in the reader, Textual has put an object without one there ("bad value(s) in
    fds_to_keep"). Meanwhile sys.stderr is /dev/null (the tracker keeps it)."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        yield
        return
    saved = sys.stderr
    with open(os.devnull, "w") as null:
        sys.stderr = null
        try:
            yield
        finally:
            sys.stderr = saved


class HelperFetch:
    """A helper process that fetches, parses and prepares `jobs`; `source` hands its
    feeds to a Writer, in the writer's own thread (nothing else in this process then
    competes with the writer for the GIL). The pipe holds the helper back while the
    writer is behind. Raises OSError / RuntimeError when no process can be started."""

    def __init__(self, jobs: list[Job], settings: Settings) -> None:
        # spawn, not fork: refresh() often runs in a thread of a threaded program
        context = multiprocessing.get_context("spawn")
        self.jobs = jobs
        self.reported: set[int] = set()
        self.hungry = context.RawValue("b", 0)
        self._receive, send = context.Pipe(duplex=False)
        try:  # room for a few feeds in the pipe (64 KB by default: about one tenth)
            fcntl.fcntl(send.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
        except (AttributeError, OSError):  # not Linux, or not allowed: the default then
            pass
        self._process = context.Process(
            target=_helper_main,
            args=(send, jobs, settings, os.getpid(), self.hungry),
            name="tidings-refresh-helper",
            daemon=True,
        )
        try:
            with _stderr_with_a_file():
                self._process.start()
        finally:
            send.close()

    def source(self, timeout: float | None) -> Item | None | object:
        """For Writer: the next feed, None at the end (or if the helper died), or
        NOTHING if none arrived within `timeout` seconds (None: no limit)."""
        try:
            if timeout is not None and not self._receive.poll(timeout):
                return NOTHING
            message = self._receive.recv()
        except (EOFError, OSError):
            return None
        if message is None:
            return None
        index, result, parsed = message
        self.reported.add(index)
        return (self.jobs[index], result, parsed)

    def stop(self) -> None:
        """End the helper now: the feeds it has not sent are abandoned."""
        if self._process.exitcode is None:
            self._process.terminate()

    def close(self) -> list[Job]:
        """Wait for the helper to end (ending it if it still runs): the jobs it never
        reported (it died), for the caller to do itself."""
        if self._process.exitcode is None and len(self.reported) < len(self.jobs):
            self._process.terminate()
        self._process.join(timeout=10)
        self._receive.close()
        return [job for index, job in enumerate(self.jobs) if index not in self.reported]
