"""Tombstones: what remains of an article deleted by retention (keep_days, max_items)
or kept out by an ignore rule, so that the next fetch of a feed still carrying the
entry does not store it again as a new unread article (newsboat's old bug).

A tombstone is the entry's dedup key, as record_fetch dedups (by id, then link, then,
as newsboat does, title; with none of the three, content hash): 'g:' + id, else 'l:'
+ link, else 't:' + title and 'h:' + content hash (a stored article does not tell
whether its title was the entry's own or its body's first line: both are kept). An
incoming entry with an id is also matched by its link against tombstones of entries
stored without an id, as _find_existing matches it against such articles; one with
neither id nor link by its title and by its content hash (the only key before schema 9).

Each fetch that still carries a tombstoned entry sets its `seen_at`; a tombstone goes
GRACE_SECONDS after the feed last carried it (a feed that leaves an entry out for a
fetch or two does not bring it back), and any tombstone not seen for EXPIRE_SECONDS
goes in `tidings prune` and after a refresh (feeds no longer fetched).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

GRACE_SECONDS = 7 * 86_400
EXPIRE_SECONDS = 180 * 86_400

_UPSERT = (
    "INSERT INTO tombstones(feed_id, key, deleted_at, seen_at) VALUES (?, ?, ?, ?)"
    " ON CONFLICT(feed_id, key) DO UPDATE SET seen_at = max(seen_at, excluded.seen_at)"
)


def keys_of(guid: str | None, link: str | None, chash: str | None, title: str | None) -> list[str]:
    """The tombstones an article (as stored: capped guid, link and title) leaves."""
    if guid:
        return ["g:" + guid]
    if link:
        return ["l:" + link]
    return ["t:" + title, "h:" + (chash or "")] if title else ["h:" + (chash or "")]


def lookup_keys(
    guid: str | None, link: str | None, chash: str | None, title: str | None = None
) -> list[str]:
    """The tombstones that mark an incoming entry as deleted; `title`: its title_key
    (tidings.core.entry_rows), for one with neither id nor link."""
    if guid:
        return ["g:" + guid, "l:" + link] if link else ["g:" + guid]
    if link:
        return ["l:" + link]
    return ["t:" + title, "h:" + (chash or "")] if title else ["h:" + (chash or "")]


def keys_of_feed(conn: sqlite3.Connection, feed_id: int) -> set[str]:
    return {r[0] for r in conn.execute("SELECT key FROM tombstones WHERE feed_id = ?", (feed_id,))}


def bury(conn: sqlite3.Connection, rows: Iterable[tuple[int, str]], now: int) -> None:
    """Add tombstones (feed_id, key), or mark known ones seen now."""
    conn.executemany(_UPSERT, [(feed_id, key, now, now) for feed_id, key in rows])


def seen(conn: sqlite3.Connection, feed_id: int, keys: Iterable[str], now: int) -> None:
    conn.executemany(
        "UPDATE tombstones SET seen_at = ? WHERE feed_id = ? AND key = ?",
        [(now, feed_id, key) for key in keys],
    )


def forget_unseen(conn: sqlite3.Connection, feed_id: int, now: int) -> None:
    """After a fetch of the feed: drop the tombstones it has not carried for
    GRACE_SECONDS."""
    conn.execute(
        "DELETE FROM tombstones WHERE feed_id = ? AND seen_at < ?", (feed_id, now - GRACE_SECONDS)
    )


def expire(conn: sqlite3.Connection, now: int) -> int:
    """Drop every tombstone no fetch has seen for EXPIRE_SECONDS; how many."""
    return conn.execute(
        "DELETE FROM tombstones WHERE seen_at < ?", (now - EXPIRE_SECONDS,)
    ).rowcount
