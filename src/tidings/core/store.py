"""SQLite store: feeds, articles, read/starred state, fetch metadata, FTS search.

API CONTRACT (stub written by the lead; the store helper implements it; the TUI, CLI
and refresh code program against exactly these signatures).

One Store holds one connection, for one thread (WAL lets several Stores, in threads
or processes, share a file). Every write runs in one `BEGIN IMMEDIATE` transaction.
Dates are unix seconds in the database and timezone-aware UTC datetimes outside.

Store keeps the writes of a refresh here; it inherits its read queries from
tidings.core.article_queries, its read/starred changes from tidings.core.read_state,
retention (prune, vacuum) from tidings.core.prune, deleting by hand from
tidings.core.article_delete and articles brought over from
another reader from tidings.core.article_imports.
Opening the file is tidings.core.database, row conversion tidings.core.rows, view
conditions tidings.core.views and search SQL tidings.core.search_query.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tidings.core.article_delete import ArticleDeletion
from tidings.core.article_imports import ArticleImports
from tidings.core.article_queries import ArticleQueries
from tidings.core.database import StoreError, connect, describe, translated
from tidings.core.entry_rows import Prepared, cap, index_columns, prepare_index
from tidings.core.feed_writes import FeedWrites
from tidings.core.fetch_wait import with_wait
from tidings.core.models import FeedInfo, FeedSpec, SiteLink
from tidings.core.prune import PruneCount, Pruning
from tidings.core.read_state import ReadState
from tidings.core.rows import json_list, to_dt
from tidings.core.search_query import QueryError, fts_match
from tidings.core.source_state import SourceState

__all__ = [
    "FetchState",
    "Prepared",
    "PruneCount",
    "QueryError",
    "Store",
    "StoreError",
    "fts_match",
    "index_columns",
    "prepare_index",
]


# A feed's URL is another listed feed's alias: it moved there (tidings.core.feed_fold).
_TWIN = (
    "SELECT 1 FROM feed_aliases a JOIN feeds t ON t.id = a.feed_id"
    " WHERE a.url = {feed}.url AND t.id != {feed}.id AND t.active = 1"
)


@dataclass(frozen=True)
class FetchState:
    """What conditional GET needs for one feed, and the wait a site asked for
    (tidings.core.fetch_wait): not before `retry_at` (unix seconds; None: no wait)."""

    feed_id: int
    url: str
    etag: str | None
    last_modified: str | None
    retry_at: int | None = None
    backoff: int = 0  # the wait tidings chose itself at the last 429 / 503 (seconds)
    error: str | None = None  # the last fetch's error
    # where a permanent redirect sent it, when another feed of the config is there: the
    # same feed listed twice (fetched once, as that one)
    duplicate_of: str | None = None


class Store(
    FeedWrites, ArticleImports, ArticleQueries, ReadState, ArticleDeletion, Pruning, SourceState
):
    """One connection, for one thread. Open one Store per thread (WAL allows that)."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open or create the database at `path` (':memory:' allowed), migrating the
        schema. Raises StoreError with a clear message for a corrupt or foreign file
        (which is left untouched) or an unwritable directory."""
        conn, name = connect(path)
        return cls(conn, name)

    def close(self) -> None:
        try:
            self.conn.execute("PRAGMA optimize")  # cheap; keeps the planner's statistics fresh
        except sqlite3.Error:
            pass
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _explain(self, exc: sqlite3.Error) -> str:
        return describe(self.path, exc)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any error. Inside batch() it only
        joins the batch's transaction: an error then ends the whole batch, rolled back.
        (Not a savepoint per write: FTS5 writes its pending index out at every
        savepoint, which costs most of what batching saves.)"""
        conn = self.conn
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    @contextmanager
    def batch(self, *, busy: str | None = None) -> Iterator[None]:
        """Commit the writes made inside together (one COMMIT for several feeds of a
        refresh: each commit rewrites the index pages it touched, so fewer commits write
        far less). All or nothing: an error inside rolls the whole batch back and is
        raised (sqlite3 errors as StoreError); so does a failed commit. A crash loses
        the uncommitted batch whole, never part of a feed. `busy`: the message when
        another writer keeps the database past the busy timeout."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            low = str(exc).lower()
            if busy is not None and ("locked" in low or "busy" in low):
                raise StoreError(busy) from None
            raise StoreError(self._explain(exc)) from None
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise StoreError(self._explain(exc)) from None

    # -- feeds -------------------------------------------------------------------
    def _feed_row(self, url: str) -> sqlite3.Row | None:
        row = self.conn.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone()
        if row is None:
            row = self.conn.execute(
                "SELECT f.* FROM feed_aliases a JOIN feeds f ON f.id = a.feed_id WHERE a.url = ?",
                (url,),
            ).fetchone()
        return row

    @translated
    def sync_feeds(self, specs: Sequence[FeedSpec]) -> None:
        """Make the feeds table follow the config: add new feeds, update title override,
        category, tags and full_text of known ones. Feeds no longer listed are kept
        (their articles are not lost) but hidden from feeds()."""
        self._upsert_feeds(specs, deactivate_others=True)

    @translated
    def hide_feed(self, url: str) -> None:
        """Hide the feed at `url` from feeds() and the views, as sync_feeds does once
        the config no longer lists it (it was unsubscribed); its articles stay."""
        row = self._feed_row(url)
        if row is not None:
            with self._transaction() as conn:
                conn.execute("UPDATE feeds SET active = 0 WHERE id = ?", (row["id"],))

    @translated
    def add_feeds(self, specs: Sequence[FeedSpec]) -> None:
        """Like sync_feeds for the given feeds only: others stay as they are (for
        refreshing a subset of the config)."""
        self._upsert_feeds(specs, deactivate_others=False)

    def _upsert_feeds(self, specs: Sequence[FeedSpec], *, deactivate_others: bool) -> None:
        with self._transaction() as conn:
            if deactivate_others:
                self._hide_config_feeds()
            seen: set[int] = set()
            next_free = conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM feeds"
            ).fetchone()[0]
            for index, spec in enumerate(specs):
                row = self._feed_row(spec.url)
                if deactivate_others:
                    position = index
                elif row is not None:
                    position = row["position"]
                else:
                    position, next_free = next_free, next_free + 1
                values = (
                    spec.title or None,
                    spec.category or None,
                    json.dumps(list(spec.tags), ensure_ascii=False),
                    int(bool(spec.full_text)),
                    position,
                )
                if row is None:
                    conn.execute(
                        "INSERT INTO feeds(url, title_override, category, tags, full_text,"
                        " position, active) VALUES (?, ?, ?, ?, ?, ?, 1)",
                        (spec.url, *values),
                    )
                elif row["id"] not in seen:
                    seen.add(row["id"])
                    conn.execute(
                        "UPDATE feeds SET title_override = ?, category = ?, tags = ?,"
                        " full_text = ?, position = ?, active = 1 WHERE id = ?",
                        (*values, row["id"]),
                    )

    @translated
    def feeds(self, *, twins: bool = False) -> list[FeedInfo]:
        """Feeds listed in the config, in config order, with total/unread counts. A
        feed that moved onto another feed of the config (tidings.core.feed_fold) is
        that feed: left out, unless `twins`."""
        alone = "" if twins else f" AND NOT EXISTS ({_TWIN.format(feed='f')})"
        rows = self.conn.execute(
            "SELECT f.*, COALESCE(s.total, 0) AS total, COALESCE(s.unread, 0) AS unread,"
            " (SELECT MAX(a.published) FROM articles a WHERE a.feed_id = f.id) AS newest"
            " FROM feeds f LEFT JOIN feed_stats s ON s.feed_id = f.id"
            f" WHERE f.active = 1{alone} ORDER BY f.position, f.id"
        ).fetchall()
        now = time.time()
        return [
            FeedInfo(
                id=r["id"],
                url=r["url"],
                title=r["title_override"] or r["title"] or r["url"],
                category=r["category"],
                tags=tuple(json_list(r["tags"])),
                full_text=bool(r["full_text"]),
                total=r["total"],
                unread=r["unread"],
                last_fetched=to_dt(r["last_fetched"]),
                last_error=with_wait(r["last_error"], r["retry_at"], now, r["backoff"] or 0),
                newest=to_dt(r["newest"]),
                retry_at=to_dt(r["retry_at"]) if (r["retry_at"] or 0) > now else None,
            )
            for r in rows
        ]

    @translated
    def data_version(self) -> int:
        """A number that changes when another connection (another thread, or another
        process such as `tidings fetch` from cron) has committed since this one last
        asked (SQLite's PRAGMA data_version)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    @translated
    def fetch_state(self, url: str) -> FetchState | None:
        """Conditional-GET state of the feed at `url` (or at a URL it moved from); `url`
        of the result is where to fetch it now."""
        row = self._feed_row(url)
        if row is None:
            return None
        twin = self.conn.execute(
            "SELECT f.url FROM feed_aliases a JOIN feeds f ON f.id = a.feed_id"
            " WHERE a.url = ? AND f.id != ? AND f.active = 1",
            (row["url"], row["id"]),
        ).fetchone()
        return FetchState(
            row["id"],
            row["url"],
            row["etag"],
            row["last_modified"],
            row["retry_at"],
            row["backoff"] or 0,
            row["last_error"],
            twin[0] if twin is not None else None,
        )

    # articles_fts is contentless: its rows are written, and deleted, with the index
    # text worked out from the articles row (the 'delete' command needs the very
    # values that were indexed). Call _unindex before changing an article's title or
    # body, and _index after.
    def _index_of(self, article_id: int) -> tuple[str, str] | None:
        row = self.conn.execute(
            "SELECT title, COALESCE(full_text, content, summary) AS body FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        return None if row is None else index_columns(row["title"], row["body"])

    def _unindex(self, article_id: int) -> None:
        old = self._index_of(article_id)
        if old is not None:
            self.conn.execute(
                "INSERT INTO articles_fts(articles_fts, rowid, title, body)"
                " VALUES ('delete', ?, ?, ?)",
                (article_id, *old),
            )

    def _index(self, article_id: int) -> None:
        new = self._index_of(article_id)
        if new is not None:
            self.conn.execute(
                "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", (article_id, *new)
            )

    # -- full text -----------------------------------------------------------------
    @translated
    def set_full_text(
        self,
        article_id: int,
        html: str | None,
        *,
        error: str | None = None,
        site_links: Sequence[SiteLink] = (),
    ) -> None:
        """Store the article body extracted from its web page (searchable), or the
        reason extraction failed. html=None keeps a text extracted earlier."""
        links = json.dumps(
            [{"kind": s.kind, "url": s.url, "title": s.title} for s in site_links],
            ensure_ascii=False,
        )
        with self._transaction() as conn:
            if html is not None:
                self._unindex(article_id)
                conn.execute(
                    "UPDATE articles SET full_text = ?, full_text_error = ?, site_links = ?"
                    " WHERE id = ?",
                    (cap(html), error, links, article_id),
                )
                self._index(article_id)
            else:
                conn.execute(
                    "UPDATE articles SET full_text_error = ?,"
                    " site_links = CASE WHEN ? = '[]' THEN site_links ELSE ? END WHERE id = ?",
                    (error, links, links, article_id),
                )
