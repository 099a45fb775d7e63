"""The order of the feed pane (settings.feed_order, newsboat's feed-sort-order).

Feeds stay grouped under their category; the categories are ordered by the same rule as
their feeds (by name, by their unread articles together, by their newest article), and
feeds with no category come after them, as the pane shows them. Ties keep the config
order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tidings.core.models import FeedInfo

FEED_ORDERS = ("config", "title", "unread", "updated")

_OLDEST = float("-inf")  # a feed with no dated article: last


def _newest(feed: FeedInfo) -> float:
    return feed.newest.timestamp() if feed.newest is not None else _OLDEST


def _feed_key(how: str) -> Callable[[FeedInfo], object]:
    if how == "title":
        return lambda f: f.title.casefold()
    if how == "unread":
        return lambda f: -f.unread  # the most unread first
    return lambda f: -_newest(f)  # updated: the newest article first


def _group_key(how: str, category: str, members: list[FeedInfo]) -> object:
    if how == "title":
        return category.casefold()
    if how == "unread":
        return -sum(f.unread for f in members)
    return -max(_newest(f) for f in members)


def sort_feeds(feeds: Sequence[FeedInfo], how: str) -> list[FeedInfo]:
    """The feeds in the pane's order for `how` (one of FEED_ORDERS)."""
    if how == "config":
        return list(feeds)
    if how not in FEED_ORDERS:
        raise ValueError(f"unknown feed order {how!r}")
    key = _feed_key(how)
    groups: dict[str, list[FeedInfo]] = {}
    loose: list[FeedInfo] = []
    for feed in feeds:  # sorted() is stable: equal keys keep the config order
        if feed.category:
            groups.setdefault(feed.category, []).append(feed)
        else:
            loose.append(feed)
    ordered = sorted(groups.items(), key=lambda item: _group_key(how, *item))
    return [
        *(f for _, members in ordered for f in sorted(members, key=key)),
        *sorted(loose, key=key),
    ]
