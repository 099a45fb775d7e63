"""Naming a feed on the command line, one way for every command (fetch, download,
prune, remove, and --feed of unread / mark / search): by URL (as feeds.yaml writes it,
with its password hidden as `tidings list` shows it, or where a permanent redirect
moved it), by title (feeds.yaml's `title:`, else the title the feed gives itself, as
`tidings list` shows it), whole and case-insensitive first, else in part. A name that
fits several feeds lists them with their URLs where one feed is wanted."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from tidings.commands.context import EXIT_USAGE, CommandError, shown

T = TypeVar("T")


def matching(
    name: str, items: Sequence[T], urls: Callable[[T], Iterable[str]], title: Callable[[T], str]
) -> list[T]:
    """The items `name` names: by whole URL or title if any, else by a part of either."""
    from tidings.core.sanitize import hide_passwords

    low = name.casefold()
    whole = [
        i
        for i in items
        if any(name in (u, hide_passwords(u)) for u in urls(i)) or title(i).casefold() == low
    ]
    if whole:
        return whole
    return [
        i for i in items if low in title(i).casefold() or any(low in u.casefold() for u in urls(i))
    ]


def too_many(name: str, feeds: Iterable[tuple[str, str]]) -> CommandError:
    """Lists (title, url) on stdout; the error to raise for a name that fits them all."""
    feeds = list(feeds)
    for title, url in feeds:
        print(f"{shown(title) or shown(url)}  <{shown(url)}>")
    sys.stdout.flush()
    return CommandError(
        f"{name!r} matches {len(feeds)} feeds (listed above): give one's URL or whole title",
        EXIT_USAGE,
    )


def nothing_named(names: Iterable[str]) -> CommandError:
    return CommandError(
        "no feed in the config matches "
        + ", ".join(repr(m) for m in names)
        + " (give a feed's URL or title; `tidings list` shows them)",
        EXIT_USAGE,
    )


def known_names(store, specs) -> tuple[dict[str, str], dict[str, str]]:
    """({feeds.yaml's URL: where a permanent redirect moved it}, {feeds.yaml's URL: the
    feed's own title}) from the store, for select_feeds."""
    from tidings.core.feed_location import feed_key

    stored = {feed_key(f.url): f for f in store.feeds()}
    moved, titles = {}, {}
    for spec in specs:
        state = store.fetch_state(spec.url)
        now = state.url if state is not None else spec.url
        if now != spec.url:
            moved[spec.url] = now
        info = stored.get(feed_key(now))
        if info is not None and info.title and info.title != info.url:
            titles[spec.url] = info.title
    return moved, titles


def select_feeds(specs, names, moved=None, titles=None, *, single=False):
    """The specs `names` name (see the module); all when no names. `moved` and `titles`
    come from known_names. With `single`, a name that fits several feeds is an error
    that lists them; else it takes them all (`tidings fetch blog`)."""
    if not names:
        return list(specs)
    moved, titles = moved or {}, titles or {}

    def urls(spec):
        now = moved.get(spec.url)
        return (spec.url, now) if now else (spec.url,)

    def title(spec):
        return spec.title or titles.get(spec.url) or ""

    chosen, missing = [], []
    for name in names:
        hits = matching(name, specs, urls, title)
        if not hits:
            missing.append(name)
        elif single and len(hits) > 1:
            raise too_many(name, ((title(s), s.url) for s in hits))
        chosen.extend(h for h in hits if h not in chosen)
    if missing:
        raise nothing_named(missing)
    return chosen
