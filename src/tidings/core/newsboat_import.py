"""Bringing newsboat's reading history over: the feeds of its cache matched to the
feeds of feeds.yaml (by URL, by a URL a feed moved from, or by a URL differing only in
the case of its scheme and host), and their articles merged into the store
(Store.merge_articles) in ONE transaction: a crash or an error leaves the store as it
was. Running it again changes nothing. Feeds the cache has and feeds.yaml does not are
reported, not added: `tidings import` of newsboat's urls file adds them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tidings.core.article_imports import Incoming, MergeCounts
from tidings.core.feed_location import newsboat_form, url_key
from tidings.core.models import Retention
from tidings.core.newsboat_cache import CacheFeed, NewsboatCache, is_starred
from tidings.core.store import Store


@dataclass
class CacheImport:
    """What importing a cache did (or, for a dry run, would do)."""

    path: Path
    dry_run: bool
    feeds: int = 0  # feeds in the cache
    matched: list[tuple[CacheFeed, int]] = field(default_factory=list)  # and the feed id
    unknown: list[CacheFeed] = field(default_factory=list)  # not in feeds.yaml
    newsboat_only: list[CacheFeed] = field(default_factory=list)  # query: feeds
    counts: MergeCounts = field(default_factory=MergeCounts)


def match_feeds(
    feeds: list[CacheFeed], by_url: Mapping[str, int]
) -> tuple[list[tuple[CacheFeed, int]], list[CacheFeed], list[CacheFeed]]:
    """The cache's feeds that are feeds of the store (and their ids), those that are
    not, and newsboat-only ones. An exec: / filter: feed that `tidings import` wrote
    `sh -c '…'` matches the line newsboat has (newsboat_form)."""
    by_key = {url_key(url): feed_id for url, feed_id in by_url.items()}
    by_key.update((newsboat_form(url), feed_id) for url, feed_id in by_url.items())
    matched, unknown, only = [], [], []
    for feed in feeds:
        url = feed.url.strip()
        feed_id = by_url.get(url)
        if feed_id is None:
            feed_id = by_key.get(url_key(url))
        if feed_id is not None:
            matched.append((feed, feed_id))
        elif feed.newsboat_only:
            only.append(feed)
        else:
            unknown.append(feed)
    return matched, unknown, only


def import_cache(
    store: Store,
    cache: NewsboatCache,
    *,
    retentions: Mapping[int, Retention] | None = None,
    star_flags: str | None = None,
    dry_run: bool = False,
    on_feed: Callable[[int, int, CacheFeed], None] | None = None,
) -> CacheImport:
    """Merge the cache's articles into the store's feeds (see the module's doc).
    `retentions`: each feed's keep_days and ignore rules, by feed id. `star_flags`: the
    newsboat flags that star an article (None: any). `on_feed(done, total, feed)` is
    called as each matched feed starts."""
    report = CacheImport(cache.path, dry_run)
    feeds = cache.feeds()
    report.feeds = len(feeds)
    report.matched, report.unknown, report.newsboat_only = match_feeds(
        feeds, store.feed_ids_by_url()
    )
    busy = (
        f"the database {store.path} is busy: a refresh (tidings fetch, or the open reader)"
        " is writing to it. Nothing was imported; run this again when it is done."
    )
    retentions = retentions or {}

    def merge() -> None:
        for done, (feed, feed_id) in enumerate(report.matched):
            if on_feed is not None:
                on_feed(done, len(report.matched), feed)
            incoming = (
                Incoming(
                    item.entry(feed.site),
                    not item.unread,
                    is_starred(item.flags, star_flags),
                    deleted=item.deleted,
                )
                for item in cache.items(feed.url)
            )
            report.counts += store.merge_articles(
                feed_id,
                incoming,
                retention=retentions.get(feed_id),
                title=feed.title,
                site=feed.site,
                dry_run=dry_run,
            )

    if dry_run:
        merge()
    else:
        with store.batch(busy=busy):
            merge()
    return report
