"""SQLite store: feeds, articles, read/starred state, fetch metadata, FTS search.

API CONTRACT (stub written by the lead; the store helper implements it; the TUI, CLI
and refresh code program against exactly these signatures).

One Store holds one connection, for one thread (WAL lets several Stores, in threads
or processes, share a file). Every write runs in one `BEGIN IMMEDIATE` transaction.
Dates are unix seconds in the database and timezone-aware UTC datetimes outside.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from tidings.core import schema
from tidings.core.htmltext import first_line, html_to_text
from tidings.core.models import (
    Article,
    ArticleSummary,
    Enclosure,
    FeedInfo,
    FeedSpec,
    ParsedEntry,
    ParsedFeed,
    SiteLink,
    UpdateCounts,
    View,
)
from tidings.core.tokenize import index_text, is_cjk, tokens

_SQLITE_HEADER = b"SQLite format 3\x00"
_MAX_TITLE = 1_000
_MAX_FIELD = 2_000_000  # characters kept of one summary / content / full text
_CHUNK = 500  # ids per statement in bulk updates

_T = TypeVar("_T")


class StoreError(Exception):
    """A clear, user-facing problem with the database (corrupt, foreign, read-only...)."""


@dataclass(frozen=True)
class FetchState:
    """What conditional GET needs for one feed."""

    feed_id: int
    url: str
    etag: str | None
    last_modified: str | None


def _translated(method: Callable[..., _T]) -> Callable[..., _T]:
    """Turn sqlite3 errors (disk full, read-only, corrupt, locked) into StoreError."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> _T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(self._explain(exc)) from None

    return wrapper


def _ts(dt: datetime | None) -> int | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        return int(dt.timestamp())
    except (OverflowError, OSError, ValueError):
        return None


def _dt(ts: int | None) -> datetime | None:
    if ts is None:
        return None
    try:
        return datetime.fromtimestamp(ts, UTC)
    except (OverflowError, OSError, ValueError):
        return None


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
    return index_text(title), index_text(html_to_text(body_html))


_SUMMARY_COLS = (
    "a.id, a.feed_id, COALESCE(f.title_override, f.title, f.url) AS feed_title,"
    " a.title, a.link, a.published, a.read, a.starred"
)
_ORDER = "a.published DESC, a.id DESC"


def _summary(row: sqlite3.Row) -> ArticleSummary:
    return ArticleSummary(
        id=row["id"],
        feed_id=row["feed_id"],
        feed_title=row["feed_title"] or "",
        title=row["title"] or "",
        link=row["link"],
        published=_dt(row["published"]),
        read=bool(row["read"]),
        starred=bool(row["starred"]),
    )


class Store:
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
        name = str(path)
        if name != ":memory:":
            p = Path(path)
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the directory for the database {p}: {exc.strerror or exc}"
                ) from None
            _check_header(p)
        try:
            conn = sqlite3.connect(name, isolation_level=None, timeout=5.0)
        except sqlite3.Error as exc:
            raise StoreError(_describe(name, exc)) from None
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA foreign_keys = ON")
            schema.check_ours(conn)  # before any write, so a foreign file is never touched
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            schema.migrate(conn)
        except schema.SchemaError as exc:
            conn.close()
            raise StoreError(
                f"{name} is not a tidings database: {exc}. It was left untouched; "
                "move it away or choose another path (--db or TIDINGS_DB)."
            ) from None
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(_describe(name, exc)) from None
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
        return _describe(self.path, exc)

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

    @_translated
    def sync_feeds(self, specs: Sequence[FeedSpec]) -> None:
        """Make the feeds table follow the config: add new feeds, update title override,
        category, tags and full_text of known ones. Feeds no longer listed are kept
        (their articles are not lost) but hidden from feeds()."""
        with self._transaction() as conn:
            conn.execute("UPDATE feeds SET active = 0")
            seen: set[int] = set()
            for position, spec in enumerate(specs):
                values = (
                    spec.title or None,
                    spec.category or None,
                    json.dumps(list(spec.tags), ensure_ascii=False),
                    int(bool(spec.full_text)),
                    position,
                )
                row = self._feed_row(spec.url)
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

    @_translated
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
                tags=tuple(_json_list(r["tags"])),
                full_text=bool(r["full_text"]),
                total=r["total"],
                unread=r["unread"],
                last_fetched=_dt(r["last_fetched"]),
                last_error=r["last_error"],
            )
            for r in rows
        ]

    @_translated
    def fetch_state(self, url: str) -> FetchState | None:
        """Conditional-GET state of the feed at `url` (or at a URL it moved from); `url`
        of the result is where to fetch it now."""
        row = self._feed_row(url)
        if row is None:
            return None
        return FetchState(row["id"], row["url"], row["etag"], row["last_modified"])

    @_translated
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
                for entry in parsed.entries:
                    outcome = self._store_entry(feed_id, entry, now)
                    new += outcome == "new"
                    updated += outcome == "updated"
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

    def _store_entry(self, feed_id: int, entry: ParsedEntry, now: int) -> str:
        """Insert or update one entry (inside the caller's transaction): 'new',
        'updated' or 'same'."""
        body = entry.content or entry.summary
        chash = _content_hash(entry.title, body)
        published = _ts(entry.published)
        upd = _ts(entry.updated)
        title = _cap((entry.title or "").strip(), _MAX_TITLE) or first_line(body) or ""
        fields = {
            "guid": _cap(entry.id, _MAX_TITLE),
            "link": _cap(entry.link, 8_000),
            "title": title,
            "author": _cap(entry.author, _MAX_TITLE),
            "updated": upd,
            "summary": _cap(entry.summary),
            "content": _cap(entry.content),
            "categories": json.dumps([str(c) for c in entry.categories], ensure_ascii=False),
            "enclosures": json.dumps(
                [
                    {"url": e.url, "type": e.type, "length": e.length, "title": e.title}
                    for e in entry.enclosures
                ],
                ensure_ascii=False,
            ),
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
            t, b = _index_columns(title, body)
            conn.execute(
                "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)",
                (cur.lastrowid, t, b),
            )
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
        conn.execute(
            f"UPDATE articles SET {assigns} WHERE id = ?", (*fields.values(), existing["id"])
        )
        self._reindex(existing["id"])
        return "updated"

    def _reindex(self, article_id: int) -> None:
        row = self.conn.execute(
            "SELECT title, COALESCE(full_text, content, summary) AS body FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        self.conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
        if row is not None:
            t, b = _index_columns(row["title"], row["body"])
            self.conn.execute(
                "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", (article_id, t, b)
            )

    # -- views ---------------------------------------------------------------------
    def _view_where(self, view: View) -> tuple[str, list[Any]]:
        """SQL condition on `articles a` for a view, and its parameters."""
        conds: list[str] = []
        params: list[Any] = []
        if view.feed_id is not None:
            conds.append("a.feed_id = ?")
            params.append(view.feed_id)
        else:
            hidden = self.conn.execute("SELECT EXISTS(SELECT 1 FROM feeds WHERE active = 0)")
            if hidden.fetchone()[0]:
                conds.append("a.feed_id NOT IN (SELECT id FROM feeds WHERE active = 0)")
        if view.category is not None:
            conds.append("a.feed_id IN (SELECT id FROM feeds WHERE category = ?)")
            params.append(view.category)
        if view.tag is not None:
            conds.append(
                "a.feed_id IN (SELECT f2.id FROM feeds f2, json_each(f2.tags) t"
                " WHERE json_valid(f2.tags) AND t.value = ?)"
            )
            params.append(view.tag)
        if view.unread_only:
            conds.append("a.read = 0")  # literal, so the partial indexes apply
        if view.starred_only:
            conds.append("a.starred = 1")
        if view.search is not None and view.search.strip():
            cond, p = _search_condition(view.search)
            conds.append(cond)
            params.extend(p)
        return (" AND ".join(conds) or "1"), params

    def _key(self, article_id: int) -> tuple[int, int] | None:
        row = self.conn.execute(
            "SELECT published, id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return None if row is None else (row[0] or 0, row[1])

    def _summaries(self, where: str, params: Sequence[Any], tail: str) -> list[ArticleSummary]:
        sql = (
            f"SELECT {_SUMMARY_COLS} FROM articles a JOIN feeds f ON f.id = a.feed_id"
            f" WHERE {where} {tail}"
        )
        return [_summary(r) for r in self.conn.execute(sql, params)]

    @_translated
    def list_articles(self, view: View, offset: int = 0, limit: int = 100) -> list[ArticleSummary]:
        """A page of the view, newest first (published desc, then id desc)."""
        if limit <= 0:
            return []
        where, params = self._view_where(view)
        # Page over the (covering) index first, then fetch the rows of that page only.
        inner = f"SELECT a.id FROM articles a WHERE {where} ORDER BY {_ORDER} LIMIT ? OFFSET ?"
        return self._summaries(
            f"a.id IN ({inner})", [*params, limit, max(0, offset)], f"ORDER BY {_ORDER}"
        )

    @_translated
    def count_articles(self, view: View) -> int:
        if not (view.search and view.search.strip()) and not view.starred_only:
            fast = self._count_from_stats(view)
            if fast is not None:
                return fast
        where, params = self._view_where(view)
        return self.conn.execute(
            f"SELECT count(*) FROM articles a WHERE {where}", params
        ).fetchone()[0]

    def _count_from_stats(self, view: View) -> int | None:
        column = "unread" if view.unread_only else "total"
        conds, params = [], []
        if view.feed_id is not None:
            conds.append("f.id = ?")
            params.append(view.feed_id)
        else:
            conds.append("f.active = 1")
        if view.category is not None:
            conds.append("f.category = ?")
            params.append(view.category)
        if view.tag is not None:
            conds.append(
                "json_valid(f.tags) AND EXISTS(SELECT 1 FROM json_each(f.tags) t WHERE t.value = ?)"
            )
            params.append(view.tag)
        row = self.conn.execute(
            f"SELECT COALESCE(SUM(s.{column}), 0) FROM feeds f JOIN feed_stats s"
            f" ON s.feed_id = f.id WHERE {' AND '.join(conds)}",
            params,
        ).fetchone()
        return int(row[0])

    @_translated
    def position_of(self, view: View, article_id: int) -> int | None:
        """Index of the article in the view's order, or None if not in it."""
        where, params = self._view_where(view)
        row = self.conn.execute(
            f"SELECT a.published, a.id FROM articles a WHERE a.id = ? AND {where}",
            [article_id, *params],
        ).fetchone()
        if row is None:
            return None
        return self.conn.execute(
            f"SELECT count(*) FROM articles a WHERE {where} AND (a.published, a.id) > (?, ?)",
            [*params, row[0] or 0, row[1]],
        ).fetchone()[0]

    @_translated
    def neighbours(
        self, view: View, article_id: int
    ) -> tuple[ArticleSummary | None, ArticleSummary | None]:
        """(previous, next) in the view's order: previous is the one above (newer).
        Works from the article's place even when it has left the view (e.g. read in an
        unread-only view)."""
        key = self._key(article_id)
        if key is None:
            return None, None
        where, params = self._view_where(view)
        prev = self._summaries(
            f"{where} AND (a.published, a.id) > (?, ?)",
            [*params, *key],
            "ORDER BY a.published ASC, a.id ASC LIMIT 1",
        )
        nxt = self._summaries(
            f"{where} AND (a.published, a.id) < (?, ?)",
            [*params, *key],
            f"ORDER BY {_ORDER} LIMIT 1",
        )
        return (prev[0] if prev else None), (nxt[0] if nxt else None)

    @_translated
    def next_unread(self, view: View, after_id: int | None) -> ArticleSummary | None:
        """The next unread article after `after_id` in the view, else the first unread
        article of the following feeds (config order), else None."""
        unread_view = _replace_view(view, unread_only=True)
        where, params = self._view_where(unread_view)
        key = self._key(after_id) if after_id is not None else None
        if key is not None:
            where += " AND (a.published, a.id) < (?, ?)"
            params = [*params, *key]
        found = self._summaries(where, params, f"ORDER BY {_ORDER} LIMIT 1")
        if found:
            return found[0]
        if view.feed_id is None:
            return None
        here = self.conn.execute(
            "SELECT position FROM feeds WHERE id = ?", (view.feed_id,)
        ).fetchone()
        if here is None or here[0] is None:
            return None
        following = self.conn.execute(
            "SELECT f.id FROM feeds f JOIN feed_stats s ON s.feed_id = f.id"
            " WHERE f.active = 1 AND s.unread > 0 AND (f.position, f.id) > (?, ?)"
            " ORDER BY f.position, f.id",
            (here[0], view.feed_id),
        ).fetchall()
        for (feed_id,) in following:
            where, params = self._view_where(_replace_view(unread_view, feed_id=feed_id))
            found = self._summaries(where, params, f"ORDER BY {_ORDER} LIMIT 1")
            if found:
                return found[0]
        return None

    # -- articles ------------------------------------------------------------------
    @_translated
    def get_article(self, article_id: int) -> Article | None:
        row = self.conn.execute(
            "SELECT a.*, COALESCE(f.title_override, f.title, f.url) AS feed_title,"
            " f.url AS feed_url, f.category AS feed_category"
            " FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return None if row is None else _article(row)

    @_translated
    def find_article(self, ref: str) -> Article | None:
        """By numeric id or by link."""
        ref = ref.strip()
        if ref.isdigit():
            try:
                found = self.get_article(int(ref))
            except OverflowError:
                found = None
            if found is not None:
                return found
        row = self.conn.execute(
            "SELECT id FROM articles WHERE link = ? ORDER BY id DESC LIMIT 1", (ref,)
        ).fetchone()
        return None if row is None else self.get_article(row[0])

    @_translated
    def search(
        self, query: str, limit: int = 200, *, feed_id: int | None = None, unread_only: bool = False
    ) -> list[ArticleSummary]:
        """FTS over title and text, CJK-aware (tidings.core.tokenize), best first."""
        if limit <= 0 or not query or not query.strip():
            return []
        match = fts_match(query)
        likes = like_terms(query)
        if match is None and not likes:
            return []
        where, params = self._view_where(View(feed_id=feed_id, unread_only=unread_only))
        if match is None:  # only single CJK characters: no bigram to match, scan
            cond, p = _search_condition(query)
            return self._summaries(
                f"{where} AND {cond}", [*params, *p], f"ORDER BY {_ORDER} LIMIT {int(limit)}"
            )
        conds = ["articles_fts MATCH ?"]
        args: list[Any] = [match]
        for term in likes:
            conds.append("(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')")
            args += [term, term]
        if where != "1":  # view filters; "+" keeps FTS5 from a rowid look-up per id
            conds.append(f"+rowid IN (SELECT a.id FROM articles a WHERE {where})")
            args += params
        # Rank inside the index first; only the best `limit` rows are joined.
        sql = (
            f"SELECT {_SUMMARY_COLS} FROM"
            f" (SELECT rowid AS id, bm25(articles_fts, 10.0, 1.0) AS rank FROM articles_fts"
            f" WHERE {' AND '.join(conds)} ORDER BY rank, rowid DESC LIMIT ?) AS top"
            f" JOIN articles a ON a.id = top.id JOIN feeds f ON f.id = a.feed_id"
            f" ORDER BY top.rank, a.id DESC"
        )
        rows = self.conn.execute(sql, [*args, int(limit)])
        return [_summary(r) for r in rows]

    # -- state ---------------------------------------------------------------------
    def _set_flag(self, column: str, ids: Iterable[int], value: bool) -> None:
        id_list = [int(i) for i in ids]
        with self._transaction() as conn:
            for start in range(0, len(id_list), _CHUNK):
                chunk = id_list[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                conn.execute(
                    f"UPDATE articles SET {column} = ? WHERE id IN ({marks}) AND {column} != ?",
                    (int(value), *chunk, int(value)),
                )

    @_translated
    def set_read(self, ids: Iterable[int], read: bool = True) -> None:
        self._set_flag("read", ids, read)

    @_translated
    def set_starred(self, ids: Iterable[int], starred: bool = True) -> None:
        self._set_flag("starred", ids, starred)

    @_translated
    def mark_view_read(self, view: View) -> int:
        """Mark every unread article of the view read; how many were marked."""
        where, params = self._view_where(_replace_view(view, unread_only=True))
        with self._transaction() as conn:
            cur = conn.execute(
                "UPDATE articles SET read = 1 WHERE read = 0 AND id IN"
                f" (SELECT a.id FROM articles a WHERE {where})",
                params,
            )
            return cur.rowcount

    @_translated
    def mark_older_than(self, when: datetime, feed_id: int | None = None) -> int:
        """Mark unread articles published before `when` read; how many were marked."""
        cutoff = _ts(when)
        if cutoff is None:
            return 0
        where, params = self._view_where(View(feed_id=feed_id, unread_only=True))
        with self._transaction() as conn:
            cur = conn.execute(
                "UPDATE articles SET read = 1 WHERE read = 0 AND id IN"
                f" (SELECT a.id FROM articles a WHERE {where} AND a.published < ?)",
                [*params, cutoff],
            )
            return cur.rowcount

    # -- full text -----------------------------------------------------------------
    @_translated
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
                conn.execute(
                    "UPDATE articles SET full_text = ?, full_text_error = ?, site_links = ?"
                    " WHERE id = ?",
                    (_cap(html), error, links, article_id),
                )
                self._reindex(article_id)
            else:
                conn.execute(
                    "UPDATE articles SET full_text_error = ?,"
                    " site_links = CASE WHEN ? = '[]' THEN site_links ELSE ? END WHERE id = ?",
                    (error, links, links, article_id),
                )


# -- helpers ---------------------------------------------------------------------


def _check_header(path: Path) -> None:
    """Refuse a file that exists and is not SQLite, before SQLite touches it."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise StoreError(f"{path} is a directory, not a database file") from None
    except OSError as exc:
        raise StoreError(f"cannot read the database {path}: {exc.strerror or exc}") from None
    if head and head != _SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a tidings database (not a SQLite file). It was left untouched; "
            "move it away or choose another path (--db or TIDINGS_DB)."
        )


def _describe(path: str, exc: sqlite3.Error) -> str:
    text = str(exc)
    low = text.lower()
    if "malformed" in low or "not a database" in low or "corrupt" in low:
        return (
            f"the database {path} is corrupt ({text}). It was left untouched; restore a backup, "
            "or move it away and tidings will start a new one."
        )
    if "readonly" in low or "read-only" in low or "unable to open" in low:
        return (
            f"cannot write the database {path} ({text}): check that its directory is "
            "writable, or choose another path (--db or TIDINGS_DB)."
        )
    if "full" in low:
        return f"the disk holding the database {path} is full ({text}): free some space."
    if "locked" in low or "busy" in low:
        return f"the database {path} is busy ({text}): another tidings may be writing; retry."
    return f"database error on {path}: {text}"


def _json_list(text: str | None) -> list[Any]:
    if not text:
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _article(row: sqlite3.Row) -> Article:
    enclosures = [
        Enclosure(
            url=str(e.get("url", "")),
            type=e.get("type"),
            length=e.get("length"),
            title=e.get("title"),
        )
        for e in _json_list(row["enclosures"])
        if isinstance(e, dict) and e.get("url")
    ]
    site_links = [
        SiteLink(
            kind=str(s.get("kind", "")), url=str(s.get("url", "")), title=str(s.get("title") or "")
        )
        for s in _json_list(row["site_links"])
        if isinstance(s, dict) and s.get("url")
    ]
    return Article(
        id=row["id"],
        feed_id=row["feed_id"],
        feed_title=row["feed_title"] or "",
        feed_url=row["feed_url"],
        category=row["feed_category"],
        guid=row["guid"],
        link=row["link"],
        title=row["title"] or "",
        author=row["author"],
        published=_dt(row["published"]),
        updated=_dt(row["updated"]),
        summary=row["summary"],
        content=row["content"],
        categories=[str(c) for c in _json_list(row["categories"])],
        enclosures=enclosures,
        read=bool(row["read"]),
        starred=bool(row["starred"]),
        full_text=row["full_text"],
        full_text_error=row["full_text_error"],
        site_links=site_links,
    )


def _replace_view(view: View, **changes: Any) -> View:
    from dataclasses import replace

    return replace(view, **changes)


_MAX_QUERY_TOKENS = 32


def _query_tokens(query: str) -> list[str]:
    seen: dict[str, None] = {}
    for tok in tokens(query[:2_000]):
        seen.setdefault(tok, None)
    return list(seen)[:_MAX_QUERY_TOKENS]


def fts_match(query: str) -> str | None:
    """A safe FTS5 MATCH expression for a user's search text: every token quoted, AND-ed.
    Single CJK characters are left out (the index holds bigrams; see like_terms).
    None when nothing is left to match."""
    quoted = [
        '"' + tok.replace('"', '""') + '"'
        for tok in _query_tokens(query)
        if not (len(tok) == 1 and is_cjk(tok))
    ]
    return " AND ".join(quoted) or None


def like_terms(query: str) -> list[str]:
    """LIKE patterns for the single CJK characters of a query (matched as substrings)."""
    out = []
    for tok in _query_tokens(query):
        if len(tok) == 1 and is_cjk(tok):
            escaped = tok.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            out.append(f"%{escaped}%")
    return out


def _search_condition(query: str) -> tuple[str, list[Any]]:
    """SQL condition on `a.id` matching a user's search text (never raises)."""
    match = fts_match(query)
    conds: list[str] = []
    params: list[Any] = []
    if match is not None:
        conds.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(match)
    for term in like_terms(query):
        # Correlated, so a page stops scanning once it is full.
        conds.append(
            "EXISTS(SELECT 1 FROM articles_fts WHERE rowid = a.id AND"
            " (title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\'))"
        )
        params += [term, term]
    if not conds:
        return "0", []
    return " AND ".join(conds), params
