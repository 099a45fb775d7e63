"""What the store remembers of downloaded enclosures (schema 10's `downloads` table):
where each went, or the `.part` file of one that stopped, to go on with. The article
shows it (core.render_article), `e` plays what is there, `tidings download` skips it.

Functions of a store's connection, kept apart from the Store class (one connection per
thread, as everywhere).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tidings.core.database import translated
from tidings.core.models import Article
from tidings.core.rows import to_dt

if TYPE_CHECKING:
    from tidings.core.store import Store


@dataclass(frozen=True)
class DownloadRecord:
    article_id: int
    url: str
    path: str
    done: bool  # False: `path` is the .part file of a download that stopped
    size: int | None
    at: datetime | None
    title: str = ""  # the article's, for `tidings download --list`
    feed_title: str = ""
    error: str | None = None  # why the last try failed (path '' when it kept nothing)
    played: bool = False
    deleted: bool = False  # its file deleted in the downloads view (D)


def _write(store: Store, sql: str, params: tuple[Any, ...]) -> None:
    with store._transaction() as conn:
        conn.execute(sql, params)


@translated
def record_part(store: Store, article_id: int, url: str, path: str) -> None:
    """A download of the enclosure at `url` is under way into the `.part` file `path`."""
    _write(
        store,
        "INSERT OR REPLACE INTO downloads(article_id, url, path, done, size, at)"
        " VALUES (?, ?, ?, 0, NULL, ?)",
        (article_id, url, path, int(time.time())),
    )


@translated
def record_done(store: Store, article_id: int, url: str, path: str, size: int) -> None:
    """The enclosure at `url` is downloaded, whole, to `path`."""
    _write(
        store,
        "INSERT OR REPLACE INTO downloads(article_id, url, path, done, size, at)"
        " VALUES (?, ?, ?, 1, ?, ?)",
        (article_id, url, path, size, int(time.time())),
    )


@translated
def record_failed(store: Store, article_id: int, url: str, path: str, error: str) -> None:
    """The download failed for `error`, keeping the `.part` file `path` ('': nothing)."""
    _write(
        store,
        "INSERT OR REPLACE INTO downloads(article_id, url, path, done, size, at, error)"
        " VALUES (?, ?, ?, 0, NULL, ?, ?)",
        (article_id, url, path, int(time.time()), error),
    )


def _record(row: sqlite3.Row) -> DownloadRecord:
    keys = row.keys()
    return DownloadRecord(
        article_id=row["article_id"],
        url=row["url"],
        path=row["path"],
        done=bool(row["done"]),
        size=row["size"],
        at=to_dt(row["at"]),
        title=row["title"] or "" if "title" in keys else "",
        feed_title=row["feed_title"] or "" if "feed_title" in keys else "",
        error=row["error"],
        played=bool(row["played"]),
        deleted=bool(row["deleted"]),
    )


def with_downloads(conn: sqlite3.Connection, article: Article) -> Article:
    """`article` with its enclosures' download state (Enclosure.downloaded / partial)."""
    if not article.enclosures:
        return article
    rows = conn.execute("SELECT * FROM downloads WHERE article_id = ?", (article.id,)).fetchall()
    if not rows:
        return article
    # a failure that kept nothing, or a .part file deleted: nothing to go on from
    found = {r["url"]: _record(r) for r in rows if r["path"] and (r["done"] or not r["deleted"])}
    article.enclosures = [
        replace(
            e,
            downloaded=found[e.url].path,
            partial=not found[e.url].done,
            deleted=found[e.url].deleted,
        )
        if e.url in found
        else e
        for e in article.enclosures
    ]
    return article


@translated
def all_records(store: Store, *, purged: bool = True) -> list[DownloadRecord]:
    """Every download, whole, stopped or failed, newest first, with its article's
    titles; purged=False leaves out those purged from the downloads view (P)."""
    rows = store.conn.execute(
        "SELECT d.*, a.title AS title, COALESCE(f.title_override, f.title, f.url) AS feed_title"
        " FROM downloads d JOIN articles a ON a.id = d.article_id"
        " JOIN feeds f ON f.id = a.feed_id"
        + ("" if purged else " WHERE d.purged = 0")
        + " ORDER BY d.at DESC, d.article_id DESC"
    ).fetchall()
    return [_record(r) for r in rows]


@translated
def with_enclosures(store: Store, feed_ids: Iterable[int], newest: int) -> list[int]:
    """Ids of each feed's newest `newest` articles (0: all) that have enclosures,
    newest first."""
    ids: list[int] = []
    for feed_id in feed_ids:
        rows = store.conn.execute(
            "SELECT id FROM articles WHERE feed_id = ? AND enclosures IS NOT NULL"
            " AND enclosures NOT IN ('', '[]') ORDER BY published DESC, id DESC"
            + (" LIMIT ?" if newest > 0 else ""),
            (feed_id, newest) if newest > 0 else (feed_id,),
        ).fetchall()
        ids.extend(r[0] for r in rows)
    return ids
