"""The refresh engine behind `tidings fetch` and the reader's r / R.

Feeds are fetched concurrently (tidings.core.refresh_fetch) and stored by one writer
thread with its own Store (tidings.core.refresh_writer), each feed all-or-nothing. For
a refresh of many feeds on a machine with more than one core, the fetching, parsing
and index preparation run in a helper process, so that the writer has this process
to itself; otherwise everything runs here. Then the refreshed feeds are pruned of
what their keep_days / max_items no longer keep (tidings.core.prune). A feed whose
site asked to wait (tidings.core.fetch_wait) is skipped, unless the user named it.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tidings.core.fetch_wait import with_wait
from tidings.core.models import FeedSpec, Retention, Settings, SourceSpec
from tidings.core.refresh_fetch import HelperFetch, fetch_here
from tidings.core.refresh_writer import Job, Progress, RefreshSummary, Writer
from tidings.core.sanitize import hide_passwords
from tidings.core.source_sync import SOURCE, retention_of, sync
from tidings.core.stoppable import STOP_POLL
from tidings.core.store import Store, StoreError

__all__ = ["HELPER_MIN_FEEDS", "Progress", "RefreshSummary", "refresh", "use_helper"]

# From this many feeds to parse on, a helper process fetches and parses (starting one
# costs ~0.3 s of CPU: more than a few feeds cost to parse here).
HELPER_MIN_FEEDS = 16


def use_helper(jobs: Sequence[Job]) -> bool:
    """Whether a refresh of `jobs` runs its fetching and parsing in a helper: when at
    least HELPER_MIN_FEEDS of them are likely to need parsing (no ETag / Last-Modified
    known: a first fetch, or a server without conditional GET) and there are two cores
    or more. A refresh that will mostly be told "not modified" stays here."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if (cpus or 1) < 2:
        return False
    bodies = sum(1 for job in jobs if not (job.etag or job.last_modified))
    return bodies >= HELPER_MIN_FEEDS


def _jobs(
    store: Store,
    specs: Sequence[FeedSpec],
    settings: Settings,
    skipped: list[tuple[str, str]] | None,
    duplicates: list[tuple[str, str]],
) -> list[Job]:
    """One job per distinct feed, with its conditional-GET state and retention. A feed
    whose site asked to wait (tidings.core.fetch_wait) is left out, and listed in
    `skipped` with the reason, unless `skipped` is None (the user named the feeds). A
    feed that moved onto another feed of the config is that feed (listed in
    `duplicates`, with its URL): fetched once, there."""
    jobs: list[Job] = []
    seen: set[str] = set()
    listed = {spec.url for spec in specs}
    now = time.time()
    for spec in specs:
        state = store.fetch_state(spec.url)
        if state is not None and state.duplicate_of is not None:  # listed twice
            duplicates.append((spec.url, state.duplicate_of))
            store.fold_twin(spec.url, state.duplicate_of)
            if state.duplicate_of in listed:
                continue  # fetched as itself, with its own settings
            state = store.fetch_state(state.duplicate_of)
        url = state.url if state is not None else spec.url
        if url in seen:
            continue
        seen.add(url)
        retention = Retention.of(spec, settings)
        interval = settings.refresh_every * 60
        if state is None:
            jobs.append(Job(url, None, None, retention, interval=interval))
        elif skipped is not None and state.retry_at is not None and state.retry_at > now:
            why = with_wait(state.error, state.retry_at, now, state.backoff)
            skipped.append((url, why or ""))
        else:
            jobs.append(
                Job(url, state.etag, state.last_modified, retention, state.backoff, interval)
            )
    return jobs


def _prune(
    db_path: str | Path,
    jobs: Sequence[Job],
    summary: RefreshSummary,
    source: SourceSpec | None = None,
    settings: Settings | None = None,
) -> None:
    """Delete what the refreshed feeds' keep_days / max_items no longer keep (ignore
    rules on stored articles are left to `tidings prune`), and the account's feeds'
    (`source`). A failure here is reported in the summary; the refresh itself is
    stored."""
    policies = {job.url: job.retention for job in jobs if job.retention.limits}
    kept = retention_of(source, settings) if source and settings else Retention()
    if kept.limits:
        try:
            with Store.open(db_path) as store:
                policies.update((url, kept) for url in store.source_feed_urls(SOURCE))
        except StoreError as exc:
            summary.prune_error = str(exc)
            return
    if not policies:
        return
    try:
        with Store.open(db_path) as store:
            summary.pruned = sum(c.total for c in store.prune(policies, rules=False))
    except StoreError as exc:
        summary.prune_error = str(exc)


def _sync_source(
    db_path: str | Path, source: SourceSpec, settings: Settings, summary: RefreshSummary
) -> str:
    """The account's sync, counted into the summary as its feeds (or, failed, as one
    feed's error under the source's URL): "ok" or "error"."""
    synced = sync(db_path, source, settings)
    if synced.note:
        summary.notes.append(synced.note)
    if synced.error is not None:
        summary.failed += 1
        summary.errors.append((hide_passwords(source.url), synced.error))
        return "error"
    summary.ok += synced.feeds
    summary.new += synced.new
    summary.new_feeds += len(synced.new_feeds)
    summary.updated += synced.updated
    summary.ignored += synced.ignored
    return "ok"


def refresh(
    db_path: str | Path,
    specs: Sequence[FeedSpec],
    settings: Settings,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    stop: threading.Event | None = None,
    named: bool | None = None,
    source: SourceSpec | None = None,
) -> RefreshSummary:
    """Fetch, parse and store `specs`; return what happened. Safe to call from a worker
    thread (it runs its own event loop). `on_progress` is called from the writer thread
    after each feed is stored. Setting `stop` abandons the feeds not yet fetched.
    A feed whose site asked to wait (429 / 503, tidings.core.fetch_wait) is not asked
    before then (summary.skipped), unless `named`: the user named the feeds, which are
    asked anyway. named=None: named when `specs` is one feed (r on a feed).
    `source`: the account whose changes are sent and whose feeds are pulled after
    (core.source_sync); its failure is one feed's error, under the source's URL.
    Raises StoreError when the database cannot be opened or written."""
    started = time.perf_counter()
    if named is None:
        named = len(specs) == 1
    summary = RefreshSummary()
    with Store.open(db_path) as store:
        store.add_feeds(specs)
        skipped = None if named else summary.skipped
        jobs = _jobs(store, specs, settings, skipped, summary.duplicates)
    rest, done = jobs, 0
    helper = None
    if use_helper(jobs):
        try:
            helper = HelperFetch(jobs, settings)
        except (OSError, RuntimeError, ValueError):  # no helper could start: do it here
            helper = None
    if helper is not None:
        writer = Writer(
            db_path, len(jobs), summary, on_progress, source=helper.source, hungry=helper.hungry
        )
        try:
            writer.start()
            while writer.is_alive():
                writer.join(STOP_POLL)
                if stop is not None and stop.is_set():
                    helper.stop()
        finally:
            rest = helper.close()
            writer.join()
        if writer.fatal is not None:
            raise writer.fatal
        done = writer.done
    if rest and not (stop is not None and stop.is_set()):
        writer = Writer(db_path, len(jobs), summary, on_progress, done=done)
        writer.start()
        try:
            asyncio.run(fetch_here(rest, settings, writer, stop))
        finally:
            writer.inbox.put(None)
            writer.join()
        if writer.fatal is not None:
            raise writer.fatal
    if source is not None and not (stop is not None and stop.is_set()):
        status = _sync_source(db_path, source, settings, summary)
        if on_progress is not None:  # the account: one more "feed"
            on_progress(Progress(len(jobs) + 1, len(jobs) + 1, source.url, status))
    if not (stop is not None and stop.is_set()):
        _prune(db_path, jobs, summary, source, settings)
    summary.seconds = time.perf_counter() - started
    return summary
