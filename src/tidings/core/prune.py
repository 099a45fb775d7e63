"""Retention: deleting the articles a feed no longer keeps (newsboat's
keep-articles-days and max-items), and those its ignore rules match. Store inherits it.

Starred articles are never deleted. Unread ones are, as in newsboat: keep_days is an
age, whatever the read state. Deletion runs in short transactions of CHUNK articles
(each whole: the articles, their full-text index rows and their tombstones), so the
reader and other writers get the database between them, and a kill mid-prune leaves a
consistent database with part of the work done. Every deleted article leaves a
tombstone (tidings.core.tombstones) so a feed that still carries it does not bring it
back.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings.core import tombstones
from tidings.core.database import translated
from tidings.core.entry_rows import index_columns
from tidings.core.ignore import compile_rules
from tidings.core.models import Retention

CHUNK = 250  # articles deleted per transaction
DAY = 86_400


@dataclass
class PruneCount:
    """What a prune deleted (or, dry, would delete) from one feed, by first reason."""

    feed_id: int
    url: str
    title: str
    retention: Retention
    old: int = 0  # older than keep_days
    over: int = 0  # beyond the newest max_items
    ignored: int = 0  # matched by an ignore rule

    @property
    def total(self) -> int:
        return self.old + self.over + self.ignored


class Pruning:
    """prune() and vacuum(); mixed into Store."""

    conn: sqlite3.Connection

    if TYPE_CHECKING:

        def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def _feed_row(self, url: str) -> sqlite3.Row | None: ...

    @translated
    def prune(
        self,
        policies: Mapping[str, Retention],
        *,
        rules: bool = True,
        dry_run: bool = False,
        now: int | None = None,
    ) -> list[PruneCount]:
        """Delete, from each feed named by URL in `policies`, the unstarred articles
        published more than keep_days ago, those beyond its newest max_items, and (when
        `rules`) those its ignore rules match; old and surplus ones leave a tombstone
        (a rule keeps its own out on every fetch). Also drops
        tombstones unseen for long. One PruneCount per feed found, in `policies` order.
        `dry_run` only counts."""
        now = int(time.time()) if now is None else now
        counts: list[PruneCount] = []
        done: set[int] = set()
        for url, retention in policies.items():
            row = self._feed_row(url)
            if row is None or row["id"] in done:
                continue
            done.add(row["id"])
            title = row["title_override"] or row["title"] or row["url"]
            count = PruneCount(row["id"], row["url"], title, retention)
            reasons = self._doomed(row["id"], retention, rules, now)
            doomed: dict[int, str] = {}
            for reason, ids in reasons:
                for article_id in ids:
                    doomed.setdefault(article_id, reason)
            if not dry_run and doomed:
                # a rule keeps its matches out on every fetch; no tombstone, so they
                # come back if the rule goes (old and surplus articles get one)
                bury = {i for i, reason in doomed.items() if reason != "ignored"}
                deleted = set(self._delete(sorted(doomed), now, bury))
                doomed = {i: r for i, r in doomed.items() if i in deleted}
            for reason in doomed.values():
                setattr(count, reason, getattr(count, reason) + 1)
            counts.append(count)
        if not dry_run:
            with self._transaction() as conn:
                tombstones.expire(conn, now)
            if any(c.total for c in counts) and self._auto_vacuum() == 2:  # incremental
                self.conn.execute("PRAGMA incremental_vacuum")
        return counts

    def _doomed(
        self, feed_id: int, retention: Retention, rules: bool, now: int
    ) -> Iterator[tuple[str, list[int]]]:
        """(reason, article ids) of one feed's unstarred articles to delete."""
        conn = self.conn
        if retention.keep_days > 0:
            cutoff = now - retention.keep_days * DAY
            yield (
                "old",
                [
                    r[0]
                    for r in conn.execute(
                        "SELECT id FROM articles WHERE feed_id = ? AND published < ? AND starred = 0",
                        (feed_id, cutoff),
                    )
                ],
            )
        if retention.max_items > 0:
            yield (
                "over",
                [
                    r[0]
                    for r in conn.execute(
                        "SELECT id, starred FROM articles WHERE feed_id = ?"
                        " ORDER BY published DESC, id DESC LIMIT -1 OFFSET ?",
                        (feed_id, retention.max_items),
                    )
                    if not r[1]
                ],
            )
        matcher = compile_rules(retention.ignore) if rules else None
        if matcher is not None:
            yield (
                "ignored",
                [
                    r[0]
                    for r in conn.execute(
                        "SELECT id, title, author, link FROM articles WHERE feed_id = ? AND starred = 0",
                        (feed_id,),
                    )
                    if matcher.matches(r[1], r[2], r[3])
                ],
            )

    def _delete(
        self, ids: list[int], now: int, bury: set[int], *, starred: bool = False
    ) -> Iterator[int]:
        """Delete the articles `ids` that are (still) unstarred (starred ones too when
        `starred`), CHUNK per transaction, with their index rows, leaving tombstones for
        those in `bury`; yields the ids deleted."""
        only = "" if starred else " AND starred = 0"
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            with self._transaction() as conn:
                rows = conn.execute(
                    "SELECT id, feed_id, guid, link, content_hash, title,"
                    " COALESCE(full_text, content, summary) AS body"
                    f" FROM articles WHERE id IN ({marks}){only}",
                    chunk,
                ).fetchall()
                if not rows:
                    continue
                # The contentless index deletes a row given the very text it indexed.
                conn.executemany(
                    "INSERT INTO articles_fts(articles_fts, rowid, title, body)"
                    " VALUES ('delete', ?, ?, ?)",
                    [(r["id"], *index_columns(r["title"], r["body"])) for r in rows],
                )
                tombstones.bury(
                    conn,
                    [
                        (r["feed_id"], key)
                        for r in rows
                        if r["id"] in bury
                        for key in tombstones.keys_of(
                            r["guid"], r["link"], r["content_hash"], r["title"]
                        )
                    ],
                    now,
                )
                gone = [r["id"] for r in rows]
                conn.execute(
                    f"DELETE FROM articles WHERE id IN ({','.join('?' * len(gone))})", gone
                )
            yield from gone

    @translated
    def purge_feed(self, url: str) -> tuple[int, int] | None:
        """Delete the unstarred articles of the feed at `url` (or at a URL it moved
        from), in one transaction, leaving no tombstones (subscribed again, the feed
        brings them back). The feed itself goes too when nothing of it is left; its
        starred articles stay, with the feed, hidden while feeds.yaml does not list it.
        (deleted, starred kept), or None when the store has no such feed."""
        row = self._feed_row(url)
        if row is None:
            return None
        feed_id = row["id"]
        with self._transaction() as conn:
            doomed = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM articles WHERE feed_id = ? AND starred = 0", (feed_id,)
                )
            ]
            deleted = sum(1 for _ in self._delete(doomed, int(time.time()), set()))
            kept = conn.execute(
                "SELECT COUNT(*) FROM articles WHERE feed_id = ?", (feed_id,)
            ).fetchone()[0]
            if not kept:
                conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return deleted, int(kept)

    @translated
    def purge_unlisted(self, url: str) -> tuple[str, int, int] | None:
        """purge_feed for a feed the config lists no more (hidden in the store, as
        `tidings remove` left it): (its title, deleted, starred kept), or None when
        the store holds no hidden feed at `url`."""
        row = self._feed_row(url)
        if row is None or row["active"]:
            return None
        deleted, kept = self.purge_feed(url) or (0, 0)
        return row["title_override"] or row["title"] or row["url"], deleted, kept

    def _auto_vacuum(self) -> int:
        return int(self.conn.execute("PRAGMA auto_vacuum").fetchone()[0])

    @translated
    def vacuum(self) -> tuple[int, int]:
        """Give the space of deleted articles back to the file system: merge the
        full-text index, VACUUM, and truncate the write-ahead log. (size before, size
        after) in bytes. Needs the database to itself for a moment."""
        before = self._size()
        with self._transaction() as conn:
            conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
        self.conn.execute("VACUUM")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return before, self._size()

    def _size(self) -> int:
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        return int(pages) * int(self.conn.execute("PRAGMA page_size").fetchone()[0])
