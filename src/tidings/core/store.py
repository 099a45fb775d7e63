"""SQLite store: feeds, articles, read/starred state, fetch metadata, FTS search.

API CONTRACT (stub written by the lead; the store helper implements it; the TUI, CLI
and refresh code program against exactly these signatures).

One Store holds one connection, for one thread (WAL lets several Stores, in threads
or processes, share a file). Every write runs in one `BEGIN IMMEDIATE` transaction.
Dates are unix seconds in the database and timezone-aware UTC datetimes outside.

Store keeps the writes of a refresh here; it inherits its read queries from
tidings.core.article_queries and its read/starred changes from tidings.core.read_state.
Opening the file is tidings.core.database, row conversion tidings.core.rows, view
conditions tidings.core.views and search SQL tidings.core.search_query.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tidings.core.article_queries import ArticleQueries
from tidings.core.database import StoreError, connect, describe, translated
from tidings.core.htmltext import first_line, html_to_text, text_for_index
from tidings.core.models import FeedInfo, FeedSpec, ParsedEntry, ParsedFeed, SiteLink, UpdateCounts
from tidings.core.read_state import ReadState
from tidings.core.rows import json_list, to_dt, to_ts
from tidings.core.search_query import fts_match, like_terms
from tidings.core.tokenize import index_text

__all__ = ["FetchState", "Prepared", "Store", "StoreError", "fts_match", "like_terms"]

_MAX_TITLE = 1_000
_MAX_FIELD = 2_000_000  # characters kept of one summary / content / full text


@dataclass(frozen=True)
class FetchState:
    """What conditional GET needs for one feed."""

    feed_id: int
    url: str
    etag: str | None
    last_modified: str | None


def _cap(text: str | None, limit: int = _MAX_FIELD) -> str | None:
    return text[:limit] if text else text or None


def _content_hash(title: str | None, body: str | None) -> str:
    data = f"{title or ''}\x00{body or ''}".encode("utf-8", "surrogatepass")
    return hashlib.sha1(data).hexdigest()


def _index_columns(title: str | None, body_html: str | None) -> tuple[str, str]:
    """The FTS columns of an article: index_text() of its title and of its body's text."""
    title = title or ""
    if "<" in title or "&" in title:  # some feeds escape their titles twice
        title = html_to_text(title) or title
    return index_text(title), index_text(text_for_index(body_html))


def index_columns(title: str | None, body_html: str | None) -> tuple[str, str]:
    """The text articles_fts indexes for an article's stored title and body (its
    full_text, else content, else summary): tidings.core.related reads it back this way."""
    return _index_columns(title, body_html)


def _entry_title(entry: ParsedEntry, body: str | None) -> str:
    return _cap((entry.title or "").strip(), _MAX_TITLE) or first_line(body) or ""


# What record_fetch works out per entry before it touches the database: (title, FTS
# title, FTS body, content hash, categories JSON, enclosures JSON).
Prepared = tuple[str, str, str, str, str, str]


def _prepare_entry(entry: ParsedEntry, index: bool = True) -> Prepared:
    body = entry.content or entry.summary
    title = _entry_title(entry, body)
    fts = _index_columns(title, body) if index else ("", "")
    return (
        title,
        *fts,
        _content_hash(entry.title, body),
        json.dumps([str(c) for c in entry.categories], ensure_ascii=False),
        json.dumps(
            [
                {"url": e.url, "type": e.type, "length": e.length, "title": e.title}
                for e in entry.enclosures
            ],
            ensure_ascii=False,
        ),
    )


def prepare_index(parsed: ParsedFeed) -> list[Prepared]:
    """Per entry of `parsed`: what record_fetch works out before it writes (title, FTS
    columns, content hash, JSON columns). Pure and picklable, so refresh can do it in
    another process and pass the result to record_fetch(prepared=...)."""
    return [_prepare_entry(entry) for entry in parsed.entries]


class Store(ArticleQueries, ReadState):
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
        """BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

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
    def add_feeds(self, specs: Sequence[FeedSpec]) -> None:
        """Like sync_feeds for the given feeds only: others stay as they are (for
        refreshing a subset of the config)."""
        self._upsert_feeds(specs, deactivate_others=False)

    def _upsert_feeds(self, specs: Sequence[FeedSpec], *, deactivate_others: bool) -> None:
        with self._transaction() as conn:
            if deactivate_others:
                conn.execute("UPDATE feeds SET active = 0")
            seen: set[int] = set()
            next_free = conn.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM feeds").fetchone()[0]
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
    def feeds(self) -> list[FeedInfo]:
        """Feeds listed in the config, in config order, with total/unread counts."""
        rows = self.conn.execute(
            "SELECT f.*, COALESCE(s.total, 0) AS total, COALESCE(s.unread, 0) AS unread"
            " FROM feeds f LEFT JOIN feed_stats s ON s.feed_id = f.id"
            " WHERE f.active = 1 ORDER BY f.position, f.id"
        ).fetchall()
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
                last_error=r["last_error"],
            )
            for r in rows
        ]

    @translated
    def fetch_state(self, url: str) -> FetchState | None:
        """Conditional-GET state of the feed at `url` (or at a URL it moved from); `url`
        of the result is where to fetch it now."""
        row = self._feed_row(url)
        if row is None:
            return None
        return FetchState(row["id"], row["url"], row["etag"], row["last_modified"])

    @translated
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
        prepared: Sequence[Prepared] | None = None,
    ) -> UpdateCounts:
        """Store one feed's refresh in ONE transaction: its entries (dedup by id, then
        link, then content hash; an updated entry updates in place and keeps read state),
        etag / last_modified, fetch time, and error (None clears it). `new_url` records a
        permanent redirect. Returns how many articles were new / updated. `prepared` is
        prepare_index(parsed), when the caller worked it out already."""
        now = int(time.time())
        new = updated = 0
        with self._transaction() as conn:
            row = self._feed_row(url)
            if row is None:
                position = conn.execute(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM feeds"
                ).fetchone()[0]
                cur = conn.execute(
                    "INSERT INTO feeds(url, tags, full_text, position, active)"
                    " VALUES (?, '[]', 0, ?, 1)",
                    (url, position),
                )
                feed_id = cur.lastrowid
            else:
                feed_id = row["id"]
            assert feed_id is not None
            if parsed is not None and not not_modified:
                # FTS rows of new articles, inserted together after the articles: much
                # cheaper for SQLite than interleaving them with the article inserts.
                fts_rows: list[tuple[int, str, str]] = []
                if prepared is None or len(prepared) != len(parsed.entries):
                    prepared = [None] * len(parsed.entries)  # type: ignore[list-item]
                for entry, ready in zip(parsed.entries, prepared, strict=True):
                    outcome = self._store_entry(feed_id, entry, now, fts_rows, ready)
                    new += outcome == "new"
                    updated += outcome == "updated"
                self._flush_fts(fts_rows)
                conn.execute(
                    "UPDATE feeds SET title = COALESCE(?, title), site_link = COALESCE(?, site_link),"
                    " etag = ?, last_modified = ? WHERE id = ?",
                    (
                        _cap(parsed.title, _MAX_TITLE),
                        _cap(parsed.link, _MAX_TITLE),
                        etag,
                        last_modified,
                        feed_id,
                    ),
                )
            elif not_modified and (etag or last_modified):
                conn.execute(
                    "UPDATE feeds SET etag = COALESCE(?, etag),"
                    " last_modified = COALESCE(?, last_modified) WHERE id = ?",
                    (etag, last_modified, feed_id),
                )
            conn.execute(
                "UPDATE feeds SET last_fetched = ?, last_error = ? WHERE id = ?",
                (now, error, feed_id),
            )
            if new_url and new_url != url:
                self._move_feed(feed_id, new_url)
        return UpdateCounts(new=new, updated=updated)

    def _move_feed(self, feed_id: int, new_url: str) -> None:
        """A permanent redirect: the feed lives at `new_url`; its old URL stays an alias."""
        conn = self.conn
        taken = conn.execute("SELECT id FROM feeds WHERE url = ?", (new_url,)).fetchone()
        if taken is not None:
            return  # the config lists the new URL as a feed of its own
        old = conn.execute("SELECT url FROM feeds WHERE id = ?", (feed_id,)).fetchone()["url"]
        conn.execute("DELETE FROM feed_aliases WHERE url = ?", (new_url,))
        conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (new_url, feed_id))
        conn.execute(
            "INSERT OR REPLACE INTO feed_aliases(url, feed_id) VALUES (?, ?)", (old, feed_id)
        )

    def _find_existing(self, feed_id: int, entry: ParsedEntry, chash: str) -> sqlite3.Row | None:
        conn = self.conn
        cols = "id, guid, title, published, updated, content_hash"
        guid, link = entry.id or None, entry.link or None
        if guid:
            row = conn.execute(
                f"SELECT {cols} FROM articles WHERE feed_id = ? AND guid = ? LIMIT 1",
                (feed_id, guid),
            ).fetchone()
            if row is not None:
                return row
        if link:
            # An entry with an id only matches an older copy stored without one.
            extra = " AND guid IS NULL" if guid else ""
            row = conn.execute(
                f"SELECT {cols} FROM articles WHERE link = ? AND feed_id = ?{extra}"
                " ORDER BY id DESC LIMIT 1",
                (link, feed_id),
            ).fetchone()
            if row is not None:
                return row
        if not guid and not link:
            return conn.execute(
                f"SELECT {cols} FROM articles WHERE feed_id = ? AND content_hash = ? LIMIT 1",
                (feed_id, chash),
            ).fetchone()
        return None

    def _flush_fts(self, fts_rows: list[tuple[int, str, str]]) -> None:
        if fts_rows:
            self.conn.executemany(
                "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", fts_rows
            )
            fts_rows.clear()

    def _store_entry(
        self,
        feed_id: int,
        entry: ParsedEntry,
        now: int,
        fts_rows: list[tuple[int, str, str]],
        ready: Prepared | None = None,
    ) -> str:
        """Insert or update one entry (inside the caller's transaction): 'new',
        'updated' or 'same'. A new article's FTS row is appended to `fts_rows` for the
        caller to insert (_flush_fts)."""
        body = entry.content or entry.summary
        lazy = ready is None  # FTS columns worked out only for a new article
        if ready is None:
            ready = _prepare_entry(entry, index=False)
        title, chash = ready[0], ready[3]
        published = to_ts(entry.published)
        upd = to_ts(entry.updated)
        fields = {
            "guid": _cap(entry.id, _MAX_TITLE),
            "link": _cap(entry.link, 8_000),
            "title": title,
            "author": _cap(entry.author, _MAX_TITLE),
            "updated": upd,
            "summary": _cap(entry.summary),
            "content": _cap(entry.content),
            "categories": ready[4],
            "enclosures": ready[5],
            "content_hash": chash,
        }
        existing = self._find_existing(feed_id, entry, chash)
        conn = self.conn
        if existing is None:
            fields.update(feed_id=feed_id, published=published or upd or now, first_seen=now)
            names = ", ".join(fields)
            marks = ", ".join("?" * len(fields))
            cur = conn.execute(
                f"INSERT INTO articles({names}) VALUES ({marks})", tuple(fields.values())
            )
            assert cur.lastrowid is not None
            columns = _index_columns(title, body) if lazy else ready[1:3]
            fts_rows.append((cur.lastrowid, *columns))
            return "new"
        changed = existing["content_hash"] != chash or (
            upd is not None and upd != existing["updated"]
        )
        if not changed:
            return "same"
        if published is not None:
            fields["published"] = published
        if not fields["guid"]:
            fields["guid"] = existing["guid"]
        assigns = ", ".join(f"{k} = ?" for k in fields)
        self._flush_fts(fts_rows)  # the article may be one inserted just before
        self._unindex(existing["id"])
        conn.execute(
            f"UPDATE articles SET {assigns} WHERE id = ?", (*fields.values(), existing["id"])
        )
        self._index(existing["id"])
        return "updated"

    # articles_fts is contentless: its rows are written, and deleted, with the index
    # text worked out from the articles row (the 'delete' command needs the very
    # values that were indexed). Call _unindex before changing an article's title or
    # body, and _index after.
    def _index_of(self, article_id: int) -> tuple[str, str] | None:
        row = self.conn.execute(
            "SELECT title, COALESCE(full_text, content, summary) AS body FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        return None if row is None else _index_columns(row["title"], row["body"])

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
                    (_cap(html), error, links, article_id),
                )
                self._index(article_id)
            else:
                conn.execute(
                    "UPDATE articles SET full_text_error = ?,"
                    " site_links = CASE WHEN ? = '[]' THEN site_links ELSE ? END WHERE id = ?",
                    (error, links, links, article_id),
                )
