"""One feed of the account of feeds.yaml's `source:` at a time: subscribe to a feed
on the server (`a`, `tidings add`), unsubscribe from one (`D`, `tidings remove`), pull
one feed's items (`tidings fetch NAME`). core.source_sync syncs the whole account.

Each logs in, does its one thing on the server, then makes the store follow: the
subscriptions as the server has them now, the feed's items stored as a sync stores
them. What the server refused or could not do raises GReaderError (its str() says
what and what to do), the store left as it was.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tidings.core.feed_location import feed_key
from tidings.core.greader import GReaderClient, GReaderError, Subscription
from tidings.core.models import Settings, SourceSpec
from tidings.core.source_sync import (
    SOURCE,
    SyncSummary,
    follow_account,
    logged_in,
    pull_items,
    pull_states,
    pull_subscriptions,
    push,
    retention_of,
    since_last_pull,
)
from tidings.core.store import Store


@dataclass
class AccountFeed:
    """A feed of the account, as the store has it after the operation."""

    stream: str  # its stream id ("feed/...")
    title: str
    feed_id: int | None  # the store's id (None: not stored, e.g. once unsubscribed)
    new: int = 0  # articles stored with it
    already: bool = False  # subscribed before (nothing sent)
    note: str | None = None  # feeds.yaml names another account now (AccountSwitch.note)


def add_to_account(
    db_path: str | Path,
    source: SourceSpec,
    settings: Settings,
    url: str,
    *,
    title: str | None = None,
    category: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> AccountFeed:
    """Subscribe to the feed at `url` (or the feed of the site at `url`: the server
    finds it) on the account: subscription/quickadd, or subscription/edit when a
    `title` or a `category` (a label) is given; then its items are pulled. Nothing is
    sent when the account has it already (AccountFeed.already)."""
    summary = SyncSummary(retention=retention_of(source, settings))

    async def work(store: Store, client: GReaderClient) -> AccountFeed:
        return await _add(store, client, summary, url, title, category)

    return _run(db_path, source, work, settings, transport)


def remove_from_account(
    db_path: str | Path,
    source: SourceSpec,
    settings: Settings,
    stream: str,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> AccountFeed:
    """Unsubscribe from the feed `stream` on the account (subscription/edit
    ac=unsubscribe); the store hides it, its articles kept (as a feed taken out of
    feeds.yaml). One the server no longer has is only hidden."""
    return _run(db_path, source, lambda s, c: _remove(s, c, stream), settings, transport)


def pull_feed(
    db_path: str | Path,
    source: SourceSpec,
    settings: Settings,
    stream: str,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[AccountFeed, SyncSummary]:
    """The read / starred changes made here sent, then the items of the feed `stream`
    since the last sync (the stream's contents), and everyone's read / starred state."""
    summary = SyncSummary(retention=retention_of(source, settings))

    async def work(store: Store, client: GReaderClient) -> AccountFeed:
        summary.sent = await push(client, store, store.pending_changes())
        sub = await _listed(client, store, stream)
        since = since_last_pull(store, summary, int(time.time()))
        await pull_items(client, store, summary, {stream: sub}, since=since, stream=stream)
        await pull_states(client, store)
        return _stored(store, sub, new=summary.new)

    return _run(db_path, source, work, settings, transport), summary


def _run(db_path, source, work, settings, transport) -> AccountFeed:
    with Store.open(db_path) as store:
        note = follow_account(store, source)

        async def go() -> AccountFeed:
            async with logged_in(source, settings, transport) as client:
                return await work(store, client)

        done = asyncio.run(go())
    done.note = note
    return done


async def _add(
    store: Store,
    client: GReaderClient,
    summary: SyncSummary,
    url: str,
    title: str | None,
    category: str | None,
) -> AccountFeed:
    before = await client.subscriptions()
    key = feed_key(url)
    if (had := next((s for s in before if s.url and feed_key(s.url) == key), None)) is not None:
        store.set_source_feeds(SOURCE, [(s.id, s.category) for s in before])
        return _stored(store, had, already=True)
    if title or category:
        await client.subscribe(url, title=title, label=category)
        stream = None
    else:
        stream = await client.quickadd(url)
    known = await pull_subscriptions(client, store)
    old = {s.id for s in before}
    sub = known.get(stream or "") or next(
        (s for s in known.values() if s.url and feed_key(s.url) == key), None
    )
    if sub is None:  # the server found the site's feed: the one that is new
        sub = next((s for s in known.values() if s.id not in old), None)
    if sub is None:
        raise GReaderError(
            f"the server said yes, but its subscriptions have no feed of {url}: R syncs"
        )
    since = _keep_since(summary)
    await pull_items(client, store, summary, {sub.id: sub}, since=since, stream=sub.id)
    return _stored(store, sub, new=summary.new)


async def _remove(store: Store, client: GReaderClient, stream: str) -> AccountFeed:
    subs = await client.subscriptions()
    sub = next((s for s in subs if s.id == stream), None)
    if sub is not None:
        await client.unsubscribe(stream)
    gone = [(s.id, s.category) for s in subs if s.id != stream]
    store.set_source_feeds(SOURCE, gone)  # it leaves: hidden, its articles kept
    return AccountFeed(stream, sub.title if sub else stream, None, already=sub is None)


async def _listed(client: GReaderClient, store: Store, stream: str) -> Subscription:
    known = await pull_subscriptions(client, store)
    if stream not in known:
        raise GReaderError(f"the account no longer has {stream} (R syncs its feeds)")
    return known[stream]


def _keep_since(summary: SyncSummary) -> int | None:
    days = summary.retention.keep_days
    return int(time.time()) - days * 86_400 if days > 0 else None


def _stored(store: Store, sub: Subscription, *, new: int = 0, already: bool = False):
    feed = next((f for f in store.feeds() if f.url == sub.id), None)
    title = feed.title if feed is not None and feed.title else sub.title
    return AccountFeed(sub.id, title, feed.id if feed else None, new=new, already=already)
