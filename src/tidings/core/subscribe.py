"""Subscribing to a feed found by tidings.core.discover: it goes at the end of
feeds.yaml's `feeds:` list (config_edit.append_feeds: the file as it is now, its
comments and order kept) and into the store with the articles of the fetch discovery
made, so nothing is fetched twice. Shared by `tidings add` and the reader's `a`; the
other way, unsubscribe (`tidings remove`, the reader's `D`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from tidings.core.config import ConfigError, load_config
from tidings.core.config_edit import append_feeds, listed_url, remove_feed
from tidings.core.discover import FoundFeed
from tidings.core.feed_location import feed_key
from tidings.core.models import Config, FeedSpec, Retention, Settings, UpdateCounts
from tidings.core.store import Store, StoreError, prepare_index

__all__ = [
    "NotStored",
    "SubscribeError",
    "Subscribed",
    "already_listed",
    "subscribe",
    "unsubscribe",
]


class SubscribeError(Exception):
    """feeds.yaml could not be read or written; str() says why."""


class NotStored(SubscribeError):
    """The feed is in feeds.yaml now (`spec`), but the store could not take its
    articles (busy, disk full…): the next refresh gets them."""

    def __init__(self, message: str, spec: FeedSpec) -> None:
        super().__init__(message)
        self.spec = spec


@dataclass
class Subscribed:
    """A feed added: its spec (as feeds.yaml now reads), its id in the store, what was
    stored, and the whole file as loaded after the change (None when the file has
    mistakes of its own, told in `problem`)."""

    spec: FeedSpec
    feed_id: int
    counts: UpdateCounts
    config: Config | None
    problem: str | None = None


def already_listed(config_path: str | Path, url: str) -> str | None:
    """The URL as feeds.yaml lists it when it holds the feed at `url` already."""
    try:
        return listed_url(config_path, url)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SubscribeError(f"cannot read {config_path}: {_reason(exc)}") from None


def subscribe(
    config_path: str | Path,
    db_path: str | Path,
    found: FoundFeed,
    *,
    title: str | None = None,
    category: str | None = None,
    tags: Sequence[str] = (),
    settings: Settings | None = None,
) -> Subscribed | str:
    """Add `found` to feeds.yaml and the store. Returns what was added, or the URL under
    which feeds.yaml lists the feed already (nothing is then changed). Raises
    SubscribeError when feeds.yaml cannot be written, NotStored when the store cannot."""
    listed = already_listed(config_path, found.url)
    if listed is not None:
        return listed
    spec = FeedSpec(found.url, title or None, category or None, tuple(t for t in tags if t))
    try:
        append_feeds(config_path, [spec])
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise SubscribeError(f"cannot add the feed to {config_path}: {_reason(exc)}") from None
    config: Config | None = None
    problem = None
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        problem = str(exc)
    if config is not None:
        key = feed_key(spec.url)
        # as the file reads now: the top-level ignore rules are the new feed's too
        spec = next((s for s in config.feeds if feed_key(s.url) == key), spec)
        settings = config.settings
    retention = Retention.of(spec, settings or Settings())
    try:
        with Store.open(db_path) as store:
            store.add_feeds([spec])
            parsed = found.feed
            counts = store.record_fetch(
                spec.url,
                parsed=parsed,
                etag=found.result.etag,
                last_modified=found.result.last_modified,
                prepared=prepare_index(parsed),
                retention=retention,
            )
            state = store.fetch_state(spec.url)
    except StoreError as exc:
        raise NotStored(
            f"added to {config_path}, but its articles could not be stored ({exc});"
            " the next refresh gets them",
            spec,
        ) from None
    assert state is not None
    return Subscribed(spec, state.feed_id, counts, config, problem)


def unsubscribe(config_path: str | Path, url: str) -> str | None:
    """Take the feed at `url` out of feeds.yaml (config_edit.remove_feed: the file as it
    is now, all else kept). Returns the URL as the file listed it, None when it does not
    list the feed. The store keeps its articles, hidden while the feed is not listed.
    Raises SubscribeError when the file cannot be read or written, or lists its feeds
    inline (nothing is then changed)."""
    try:
        return remove_feed(config_path, url)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SubscribeError(f"cannot remove the feed from {config_path}: {_reason(exc)}") from None
    except ValueError as exc:  # an inline list
        raise SubscribeError(str(exc)) from None


def _reason(exc: BaseException) -> str:
    """An OS error's words, else the first line of the message."""
    text = getattr(exc, "strerror", None) or str(exc)
    return text.splitlines()[0] if text else type(exc).__name__
