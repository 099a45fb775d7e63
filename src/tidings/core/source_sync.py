"""Sync with the account of feeds.yaml's `source:` (the Google Reader API: FreshRSS,
Miniflux, The Old Reader): push the read / starred changes made here, then pull
the subscriptions (feeds, their categories) and the items (articles, guid = the
item's id) with their read / starred state.

Everything goes through the store's normal write path (record_fetch), one
transaction per page of items, so search, counts and the reader treat the
account's articles as any other; a crash mid-sync loses at most the page being
written, which the next sync asks for again (the time of the last pull is saved
only at the end). A failure is reported as a feed's error: the source's URL and
what to do.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from tidings.core.greader import (
    MAX_PAGES,
    READ,
    READING_LIST,
    STARRED,
    GReaderClient,
    GReaderError,
    LoginRefused,
    Subscription,
    item_number,
)
from tidings.core.models import ParsedEntry, ParsedFeed, Retention, Settings, SourceSpec
from tidings.core.parse_common import author_name, html_title, join_url
from tidings.core.sanitize import clean_line, hide_passwords
from tidings.core.source_state import ACCOUNT, account_name
from tidings.core.store import Store, prepare_index

SOURCE = ACCOUNT  # feeds.source of the account's feeds
LAST_PULL = "last_pull"  # source_meta: unix seconds the last full pull began
OVERLAP = 600  # seconds asked again before the last pull (items crawled meanwhile)
PASSWORD_SECONDS = 60  # for password_command (it may ask for a passphrase)


class PasswordError(GReaderError):
    """password_command failed."""


def is_source_feed(url: str) -> bool:
    """Whether a feed (FeedInfo.url) is an account's: a stream id, "feed/..." (a feed
    of feeds.yaml is an absolute URL)."""
    return url.startswith("feed/")


@dataclass
class SyncSummary:
    feeds: int = 0  # the account's feeds
    new: int = 0
    updated: int = 0
    sent: int = 0  # changes pushed
    error: str | None = None  # why the sync failed
    new_feeds: list[str] = field(default_factory=list)  # feeds with new articles
    ignored: int = 0  # items the ignore rules kept out
    retention: Retention = Retention()  # what the account's feeds keep (retention_of)
    note: str | None = None  # feeds.yaml names another account now (AccountSwitch.note)


# password_command's answers, by command: asked once a process (a reader sends changes
# every few seconds), forgotten when the server refuses them.
_PASSWORDS: dict[tuple[str, ...], str] = {}


def password_of(source: SourceSpec) -> str:
    """The password: `password:`, or the first line `password_command` prints."""
    if not source.password_command:
        return source.password or ""
    if (known := _PASSWORDS.get(source.password_command)) is not None:
        return known
    name = source.password_command[0]
    try:
        done = subprocess.run(
            list(source.password_command),
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=PASSWORD_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise PasswordError(
            f"source.password_command: {name!r} not found (is it installed?)"
        ) from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PasswordError(f"source.password_command: {name!r} failed: {exc}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        said = clean_line(said[-1]) if said else ""
        raise PasswordError(
            f"source.password_command: {name!r} exited with {done.returncode}"
            + (f": {said[:200]}" if said else "")
        )
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    if not lines or not lines[0]:
        raise PasswordError(f"source.password_command: {name!r} printed no password")
    _PASSWORDS[source.password_command] = lines[0]
    return lines[0]


def retention_of(source: SourceSpec, settings: Settings) -> Retention:
    """What the account's feeds keep: the settings' keep_days / max_items, feeds.yaml's
    top-level ignore rules."""
    return Retention(settings.keep_days, settings.max_items, source.ignore)


def sync(
    db_path: str | Path,
    source: SourceSpec,
    settings: Settings,
    *,
    pull: bool = True,
    transport: httpx.AsyncBaseTransport | None = None,
) -> SyncSummary:
    """Push the queued changes and (with `pull`) pull the account; never raises for
    the server's or the password's sake (summary.error says). Safe in a worker thread
    (runs its own event loop). Raises StoreError when the database cannot be used."""
    summary = SyncSummary(retention=retention_of(source, settings))
    with Store.open(db_path) as store:
        summary.note = follow_account(store, source)
        try:
            asyncio.run(_sync(store, source, settings, summary, pull, transport))
        except GReaderError as exc:
            summary.error = hide_passwords(str(exc))
            if pull:
                for url in store.source_feed_urls(SOURCE):
                    store.record_fetch(url, error=summary.error)
    return summary


async def _sync(
    store: Store,
    source: SourceSpec,
    settings: Settings,
    summary: SyncSummary,
    pull: bool,
    transport: httpx.AsyncBaseTransport | None,
) -> None:
    changes = store.pending_changes()
    if not changes and not pull:
        return
    async with logged_in(source, settings, transport) as client:
        summary.sent = await push(client, store, changes)
        if pull:
            await _pull(client, store, summary)


def follow_account(store: Store, source: SourceSpec) -> str | None:
    """The store follows the account feeds.yaml names (Store.switch_account): what
    was put away when it is another than before, for the user."""
    switched = store.switch_account(account_name(source.user, hide_passwords(source.url)))
    return switched.note() if switched is not None else None


@asynccontextmanager
async def logged_in(
    source: SourceSpec, settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> AsyncIterator[GReaderClient]:
    """A client of the account, logged in (the password asked for again after a
    refusal)."""
    password = password_of(source)
    async with GReaderClient(source.url, settings, transport=transport) as client:
        try:
            await client.login(source.user, password)
        except LoginRefused:
            _PASSWORDS.pop(source.password_command, None)  # asked again next time
            raise
        yield client


async def push(client: GReaderClient, store: Store, changes: list) -> int:
    """Send the queued changes, grouped by what they do; each group forgotten once sent."""
    groups: dict[tuple[str, int], list[str]] = defaultdict(list)
    for item, tag, value in changes:
        groups[(tag, value)].append(item)
    sent = 0
    for (tag, value), items in groups.items():
        state = READ if tag == "read" else STARRED
        if value:
            await client.edit_tag(items, add=state)
        else:
            await client.edit_tag(items, remove=state)
        store.forget_changes((item, tag, value) for item in items)
        sent += len(items)
    return sent


async def _pull(client: GReaderClient, store: Store, summary: SyncSummary) -> None:
    """Subscriptions, then the items since the last pull (the first: all of them, or
    those of the last keep_days), then everyone's read / starred state."""
    began = int(time.time())
    known = await pull_subscriptions(client, store)
    summary.feeds = len(known)
    await pull_items(client, store, summary, known, since=since_last_pull(store, summary, began))
    await pull_states(client, store)
    store.set_source_meta(LAST_PULL, str(began))


async def pull_subscriptions(client: GReaderClient, store: Store) -> dict[str, Subscription]:
    """The account's feeds follow its subscriptions now; those, by stream id."""
    subs = await client.subscriptions()
    store.set_source_feeds(SOURCE, [(s.id, s.category) for s in subs])
    return {s.id: s for s in subs}


def since_last_pull(store: Store, summary: SyncSummary, now: int) -> int | None:
    """Items since the last pull (a little before), the first time: those of the
    last keep_days, or all."""
    last = store.source_meta(LAST_PULL)
    if last and last.isdigit():
        return max(0, int(last) - OVERLAP)
    if summary.retention.keep_days > 0:
        return now - summary.retention.keep_days * 86_400
    return None


async def pull_items(
    client: GReaderClient,
    store: Store,
    summary: SyncSummary,
    known: dict[str, Subscription],
    *,
    since: int | None,
    stream: str = READING_LIST,
) -> None:
    """The items of the reading list (or of one feed, `stream`), page by page; every
    feed of `known` recorded as fetched (title, site), with items or none."""
    first = True
    continuation: str | None = None
    for _ in range(MAX_PAGES):
        page = await client.items(since=since, continuation=continuation, stream=stream)
        _store_page(store, page.items, known, summary, everyone=first)
        first = False
        continuation = page.continuation
        if continuation is None:
            break


async def pull_states(client: GReaderClient, store: Store) -> None:
    """The read / starred state of every item kept here, as the server has it now
    (the items pulled bring theirs; older ones were marked elsewhere since)."""
    unread = await client.item_ids(READING_LIST, exclude=READ)
    starred = await client.item_ids(STARRED)
    if unread is None or starred is None:  # too many to list: left as they are
        return
    states = {}
    for guid in store.source_guids():
        number = item_number(guid)
        if number is not None:
            states[guid] = (number not in unread, number in starred)
    store.apply_source_state(states)


def _store_page(
    store: Store,
    items: list[dict[str, Any]],
    known: dict[str, Subscription],
    summary: SyncSummary,
    *,
    everyone: bool,
) -> None:
    """One page of items, in one transaction: each feed's through record_fetch, then
    the server's read / starred state. `everyone`: every subscription is recorded as
    fetched (title, site), with items or none."""
    by_feed: dict[str, list[ParsedEntry]] = defaultdict(list)
    states: dict[str, tuple[bool, bool]] = {}
    titles: dict[str, str] = {}
    for item in items:
        entry, stream, tags = _entry(item)
        if entry is None:
            continue
        by_feed[stream].append(entry)
        states[entry.id or ""] = (READ in tags, STARRED in tags)
        origin = item.get("origin")
        if isinstance(origin, dict) and isinstance(origin.get("title"), str):
            titles.setdefault(stream, origin["title"])
    streams = list(known) if everyone else []
    streams += [s for s in by_feed if s not in streams]
    unknown = [s for s in by_feed if s not in known]
    with store.batch():
        if unknown:  # an item of a feed the list did not give: a feed of its own
            urls = store.source_feed_urls(SOURCE)
            store.set_source_feeds(SOURCE, [(u, _category(known, u)) for u in urls + unknown])
        for stream in streams:
            sub = known.get(stream)
            parsed = ParsedFeed(
                title=sub.title if sub else clean_line(titles.get(stream, "")) or stream,
                link=sub.site if sub else None,
                format="greader",
                entries=by_feed.get(stream, []),
            )
            counts = store.record_fetch(
                stream, parsed=parsed, prepared=prepare_index(parsed), retention=summary.retention
            )
            summary.new += counts.new
            summary.updated += counts.updated
            summary.ignored += counts.ignored
            if counts.new:
                summary.new_feeds.append(stream)
        store.apply_source_state(states)


def _category(known: dict[str, Subscription], url: str) -> str | None:
    sub = known.get(url)
    return sub.category if sub else None


def _entry(item: dict[str, Any]) -> tuple[ParsedEntry | None, str, set[str]]:
    """An item as a feed entry, the id of its feed, and its tags (categories)."""
    item_id = item.get("id")
    origin = item.get("origin")
    stream = origin.get("streamId") if isinstance(origin, dict) else None
    if not isinstance(item_id, str) or not item_id or not isinstance(stream, str) or not stream:
        return None, "", set()
    tags = {c for c in item.get("categories") or [] if isinstance(c, str)}
    labels = [t.rsplit("/label/", 1)[1] for t in tags if "/label/" in t]
    link = None
    for alt in item.get("alternate") or item.get("canonical") or []:
        if isinstance(alt, dict) and isinstance(alt.get("href"), str):
            link = join_url(None, alt["href"])  # javascript: and the like: none
            break
    entry = ParsedEntry(
        id=item_id,
        link=link,
        title=html_title(_text(item.get("title"))),  # as a feed's title, HTML-escaped
        author=author_name(_text(item.get("author"))),
        published=_date(item.get("published")),
        updated=_date(item.get("updated")),
        summary=_content(item.get("summary")),
        content=_content(item.get("content")),
        categories=sorted(labels),
    )
    return entry, stream, tags


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _content(value: object) -> str | None:
    return _text(value.get("content")) if isinstance(value, dict) else None


def _date(value: object) -> datetime | None:
    try:
        seconds = int(value)  # type: ignore[call-overload]
        return datetime.fromtimestamp(seconds, UTC) if seconds > 0 else None
    except (TypeError, ValueError, OverflowError, OSError):
        return None
