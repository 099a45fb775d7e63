"""A feed that moved (301 / 308) onto another feed feeds.yaml lists: one feed, as
newsboat shows it. Its articles are folded into the other's: one the other has too
(the same article by the refresh's own dedup) gives it its read and starred marks and
goes; the rest move over. The old entry keeps its row (feeds.yaml still lists it, and
`tidings list` names the line to delete) but holds nothing, and Store.feeds leaves it
out of the feed pane."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from tidings.core.models import ParsedEntry

if TYPE_CHECKING:
    from tidings.core.feed_writes import FeedWrites


def twin_of(conn: sqlite3.Connection, feed_id: int, new_url: str) -> int | None:
    """The id of the other feed at `new_url`, where a permanent redirect sent feed
    `feed_id`; None when no other feed is there."""
    row = conn.execute(
        "SELECT id FROM feeds WHERE url = ? AND id != ?", (new_url, feed_id)
    ).fetchone()
    return row[0] if row is not None else None


def fold_articles(store: FeedWrites, from_id: int, into_id: int) -> int:
    """Inside the caller's transaction: feed `from_id`'s articles into feed `into_id`;
    how many were there."""
    conn = store.conn
    rows = conn.execute(
        "SELECT id, guid, link, title, content_hash, read, starred FROM articles"
        " WHERE feed_id = ? ORDER BY id",
        (from_id,),
    ).fetchall()
    for row in rows:
        entry = ParsedEntry(id=row["guid"] or "", link=row["link"] or "", title=row["title"])
        twin = store._find_existing(into_id, entry, row["content_hash"] or "")
        if twin is None:
            conn.execute("UPDATE articles SET feed_id = ? WHERE id = ?", (into_id, row["id"]))
            continue
        conn.execute(
            "UPDATE articles SET read = MAX(read, ?), starred = MAX(starred, ?) WHERE id = ?",
            (row["read"], row["starred"], twin["id"]),
        )
        conn.execute(
            "UPDATE OR IGNORE downloads SET article_id = ? WHERE article_id = ?",
            (twin["id"], row["id"]),
        )
        store._unindex(row["id"])
        conn.execute("DELETE FROM articles WHERE id = ?", (row["id"],))
    return len(rows)
