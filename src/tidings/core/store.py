"""SQLite store: feeds, articles, read/starred state, fetch metadata, FTS search.

API CONTRACT (stub written by the lead; the store helper implements it; the TUI, CLI
and refresh code program against exactly these signatures).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tidings.core.models import (
    Article,
    ArticleSummary,
    FeedInfo,
    FeedSpec,
    ParsedFeed,
    SiteLink,
    UpdateCounts,
    View,
)


class StoreError(Exception):
    """A clear, user-facing problem with the database (corrupt, foreign, read-only...)."""


@dataclass(frozen=True)
class FetchState:
    """What conditional GET needs for one feed."""

    feed_id: int
    url: str
    etag: str | None
    last_modified: str | None


class Store:
    """One connection, for one thread. Open one Store per thread (WAL allows that)."""

    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open or create the database at `path` (':memory:' allowed), migrating the
        schema. Raises StoreError with a clear message for a corrupt or foreign file
        (which is left untouched) or an unwritable directory."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- feeds ---------------------------------------------------------------
    def sync_feeds(self, specs: Sequence[FeedSpec]) -> None:
        """Make the feeds table follow the config: add new feeds, update title override,
        category, tags and full_text of known ones. Feeds no longer listed are kept
        (their articles are not lost) but hidden from feeds()."""
        raise NotImplementedError

    def feeds(self) -> list[FeedInfo]:
        """Feeds listed in the config, in config order, with total/unread counts."""
        raise NotImplementedError

    def fetch_state(self, url: str) -> FetchState | None:
        raise NotImplementedError

    def record_fetch(
        self,
        url: str,
        *,
        parsed: ParsedFeed | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        new_url: str | None = None,
        not_modified: bool = False,
        error: str | None = None,
    ) -> UpdateCounts:
        """Store one feed's refresh in ONE transaction: its entries (dedup by id, then
        link, then content hash; an updated entry updates in place and keeps read state),
        etag / last_modified, fetch time, and error (None clears it). `new_url` records a
        permanent redirect. Returns how many articles were new / updated."""
        raise NotImplementedError

    # -- article lists ---------------------------------------------------------
    def list_articles(self, view: View, offset: int = 0, limit: int = 100) -> list[ArticleSummary]:
        """A page of the view, newest first (published desc, then id desc)."""
        raise NotImplementedError

    def count_articles(self, view: View) -> int:
        raise NotImplementedError

    def position_of(self, view: View, article_id: int) -> int | None:
        """Index of the article in the view's order, or None if not in it."""
        raise NotImplementedError

    def neighbours(
        self, view: View, article_id: int
    ) -> tuple[ArticleSummary | None, ArticleSummary | None]:
        """(previous, next) in the view's order: previous is the one above (newer)."""
        raise NotImplementedError

    def next_unread(self, view: View, after_id: int | None) -> ArticleSummary | None:
        """The next unread article after `after_id` in the view, else the first unread
        article of the following feeds (config order), else None."""
        raise NotImplementedError

    def get_article(self, article_id: int) -> Article | None:
        raise NotImplementedError

    def find_article(self, ref: str) -> Article | None:
        """By numeric id or by link."""
        raise NotImplementedError

    def search(
        self, query: str, limit: int = 200, *, feed_id: int | None = None, unread_only: bool = False
    ) -> list[ArticleSummary]:
        """FTS over title and text, CJK-aware (tidings.core.tokenize), best first."""
        raise NotImplementedError

    # -- state -----------------------------------------------------------------
    def set_read(self, ids: Iterable[int], read: bool = True) -> None:
        raise NotImplementedError

    def set_starred(self, ids: Iterable[int], starred: bool = True) -> None:
        raise NotImplementedError

    def mark_view_read(self, view: View) -> int:
        raise NotImplementedError

    def mark_older_than(self, when: datetime, feed_id: int | None = None) -> int:
        raise NotImplementedError

    # -- full text -------------------------------------------------------------
    def set_full_text(
        self,
        article_id: int,
        html: str | None,
        *,
        error: str | None = None,
        site_links: Sequence[SiteLink] = (),
    ) -> None:
        """Store the article body extracted from its web page (searchable), or the
        reason extraction failed."""
        raise NotImplementedError
