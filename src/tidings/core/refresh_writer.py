"""The writing side of a refresh: one thread that owns its own Store, takes fetched
feeds from its inbox, parses them if nobody has yet, and stores them.

Each feed is stored all-or-nothing. The feeds already waiting in the inbox (at most
BATCH_FEEDS) share one commit: each commit rewrites every index page it touched, so
fewer commits write far less. A kill loses the uncommitted batch whole, never part of
a feed, and the next fetch gets it again. A feed counts as stored (summary, progress)
once its commit is done.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tidings.core.feed_location import command_source
from tidings.core.fetch import FetchResult
from tidings.core.fetch_wait import wait_after, with_wait
from tidings.core.models import ParsedFeed, Retention
from tidings.core.parse import ParseError, parse_feed
from tidings.core.store import Prepared, Store, StoreError, prepare_index

# At most this many fetched feeds share one commit: those that arrive within
# GATHER_SECONDS of the first, each stored as it comes (a commit costs about as much
# as storing a feed).
BATCH_FEEDS = 16
GATHER_SECONDS = 0.02

# A parsed feed with prepare_index() of it, or why it could not be parsed.
PreparedFeed = tuple[ParsedFeed, list[Prepared]] | str


def prepare(body: bytes, content_type: str | None, url: str | None) -> PreparedFeed:
    """Parse a fetched body and work out what the store writes per entry (the CPU-heavy
    part of a refresh; pure, so a helper process can do it)."""
    if url and command_source(url) is not None:  # an exec: feed's output: its links are the base
        url = None
    try:
        parsed = parse_feed(body, content_type=content_type, url=url)
    except ParseError as exc:
        return str(exc) or "not a feed"
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the rest
        return f"parser failed: {type(exc).__name__}"
    return parsed, prepare_index(parsed)


@dataclass(frozen=True)
class Progress:
    """One feed done. `status` is "ok", "not_modified" or "error"."""

    done: int
    total: int
    url: str
    status: str

    @property
    def said(self) -> str:
        """The status as the user reads it: "ok", "not modified", "error"."""
        return self.status.replace("_", " ")


@dataclass
class RefreshSummary:
    ok: int = 0
    not_modified: int = 0
    failed: int = 0
    new: int = 0
    new_feeds: int = 0  # feeds that brought new articles
    updated: int = 0
    ignored: int = 0  # entries the ignore rules kept out
    errors: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    # (url, why): feeds not asked, their site having asked to wait (tidings.core.fetch_wait)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # (url, new url): feeds a permanent redirect (301 / 308) moved, fetched there from now on
    moved: list[tuple[str, str]] = field(default_factory=list)
    # (url, the url of the feed it is): feeds a permanent redirect took onto another feed
    # of the config, fetched once, as that one (Store.fetch_state's duplicate_of)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    pruned: int = 0  # articles deleted after the refresh for keep_days / max_items
    prune_error: str | None = None  # why that pruning failed (the refresh itself did not)
    notes: list[str] = field(default_factory=list)  # the account's (AccountSwitch.note)


@dataclass(frozen=True)
class Job:
    """One feed to refresh: where it lives now (after permanent redirects), its
    conditional-GET state, and what it keeps (ignore rules, keep_days, max_items);
    `backoff`: the wait tidings chose at its last 429 / 503, doubled at the next;
    `interval`: the refresh interval (refresh_every, seconds), which that wait is never
    shorter than."""

    url: str
    etag: str | None
    last_modified: str | None
    retention: Retention = Retention()
    backoff: int = 0
    interval: int = 0


@dataclass(frozen=True)
class _Outcome:
    """What storing one feed came to, counted once its batch has committed."""

    url: str
    status: str  # "ok", "not_modified" or "error"
    error: str | None = None
    new: int = 0
    updated: int = 0
    ignored: int = 0
    moved_to: str | None = None  # a permanent redirect's new URL


# "no item ready yet" from a Writer's source
NOTHING = object()

# (job, what the fetch gave, its parse if a helper did it: else the writer does)
Item = tuple[Job, FetchResult, "PreparedFeed | None"]


class Writer(threading.Thread):
    """Parses (when nobody has) and stores fetched feeds, in its own thread. Feeds come
    from `inbox` (put None to end), or from `source` when given: source(timeout) returns
    the next item, None at the end, or NOTHING if none came within `timeout` seconds
    (None: wait as long as it takes)."""

    def __init__(
        self,
        db_path: str | Path,
        total: int,
        summary: RefreshSummary,
        on_progress: Callable[[Progress], None] | None,
        *,
        source: Callable[[float | None], Item | None | object] | None = None,
        hungry: Any = None,
        done: int = 0,
    ) -> None:
        super().__init__(name="tidings-refresh-writer", daemon=True)
        self.db_path = db_path
        self.total = total
        self.summary = summary
        self.on_progress = on_progress
        self.inbox: queue.SimpleQueue[Item | None] = queue.SimpleQueue()
        self.source = source or self._from_inbox
        self.release: Callable[[], None] = lambda: None  # called once per item stored
        # set (to 1) when the writer has to wait for work: a helper that sees it sends
        # its next feed unparsed, for the writer to parse, and lowers it (shared memory
        # of a helper). Lowered only there: a wait as the helper finishes a feed still
        # gets the writer one to parse, which keeps the two busier than a flag lowered
        # once the wait is over.
        self.hungry = hungry
        self.fatal: BaseException | None = None
        self.done = done
        self._ended = False  # the source has said so

    def _from_inbox(self, timeout: float | None) -> Item | None | object:
        try:
            return self.inbox.get(timeout != 0, timeout)
        except queue.Empty:
            return NOTHING

    def _wait(self, timeout: float | None) -> Item | None | object:
        """source(timeout); when nothing is there yet, first tells a helper that the
        next feed it sends may come unparsed (see `hungry`)."""
        item = self.source(0)
        if item is not NOTHING or timeout == 0:
            return item
        if self.hungry is not None:
            self.hungry.value = 1
        return self.source(timeout)

    def _next(self) -> Item | None:
        return self._wait(None)  # type: ignore[return-value]

    def run(self) -> None:
        store: Store | None = None
        try:
            store = Store.open(self.db_path)
        except BaseException as exc:  # reported by refresh(); keep taking (not storing)
            self.fatal = exc
        try:
            while not self._ended and (item := self._next()) is not None:
                batch = [item]
                try:
                    if store is not None and self.fatal is None:
                        self._store_batch(store, batch)
                except BaseException as exc:  # noqa: BLE001 - reported by refresh()
                    self.fatal = exc
                finally:
                    for _ in batch:
                        self.release()
        finally:
            if store is not None:
                store.close()

    def _more(self, timeout: float) -> Item | None:
        """The next feed if one arrives within `timeout` seconds, else None (also at
        the end, which sets _ended)."""
        more = self._wait(timeout)
        if more is NOTHING:
            return None
        if more is None:
            self._ended = True
        return more  # type: ignore[return-value]

    def _store_batch(self, store: Store, batch: list[Item]) -> None:
        """Store `batch`, and the feeds that arrive within GATHER_SECONDS of its first
        (appended to it, up to BATCH_FEEDS), in one transaction; then count them. If one
        feed's write fails, the transaction is rolled back and the feeds are stored
        again one transaction each, so the failure stays that feed's alone."""
        outcomes: list[_Outcome] = []
        until = time.monotonic() + GATHER_SECONDS
        try:
            with store.batch():
                while True:
                    outcomes.append(self._store(store, *batch[len(outcomes)], alone=False))
                    if len(batch) >= BATCH_FEEDS:
                        break
                    more = self._more(max(0.0, until - time.monotonic()))
                    if more is None:
                        break
                    batch.append(more)
        except StoreError:
            outcomes = [self._store(store, *item) for item in batch]
        s = self.summary
        for outcome in outcomes:
            if outcome.moved_to:
                s.moved.append((outcome.url, outcome.moved_to))
            if outcome.status == "error":
                s.failed += 1
                s.errors.append((outcome.url, outcome.error or "failed"))
            elif outcome.status == "not_modified":
                s.not_modified += 1
            else:
                s.ok += 1
                s.new += outcome.new
                s.new_feeds += 1 if outcome.new else 0
                s.updated += outcome.updated
                s.ignored += outcome.ignored
            self.done += 1
            if self.on_progress is not None:
                self.on_progress(Progress(self.done, self.total, outcome.url, outcome.status))

    def _store(
        self,
        store: Store,
        job: Job,
        result: FetchResult,
        ready: PreparedFeed | None,
        *,
        alone: bool = True,
    ) -> _Outcome:
        """Store one feed (its own transaction when `alone`; else a StoreError is
        raised, for _store_batch to roll the batch back)."""
        try:
            outcome = self._store_feed(store, job, result, ready)
        except StoreError as exc:
            if not alone:
                raise
            return _Outcome(job.url, "error", str(exc))
        moved = result.permanent_url
        return replace(outcome, moved_to=moved) if moved and moved != job.url else outcome

    def _store_feed(
        self, store: Store, job: Job, result: FetchResult, ready: PreparedFeed | None
    ) -> _Outcome:
        status = result.status
        new_url = result.permanent_url
        if status == "error":
            error = result.error or "failed"
            wait = None
            if result.http_status in (429, 503):  # "come back later": kept for next time
                now = int(time.time())
                wait = wait_after(result.retry_after, job.backoff, now, job.interval)
            store.record_fetch(job.url, error=error, new_url=new_url, wait=wait)
            if wait is None:
                return _Outcome(job.url, "error", error)
            return _Outcome(job.url, "error", with_wait(error, wait.until, backoff=wait.backoff))
        elif status == "not_modified":
            store.record_fetch(
                job.url,
                not_modified=True,
                etag=result.etag,
                last_modified=result.last_modified,
                new_url=new_url,
            )
        else:
            prepared = ready
            if prepared is None:
                prepared = prepare(result.body, result.content_type, result.final_url or job.url)
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
                retention=job.retention,
            )
            return _Outcome(
                job.url, "ok", new=counts.new, updated=counts.updated, ignored=counts.ignored
            )
        return _Outcome(job.url, status)
