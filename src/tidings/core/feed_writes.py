"""The writes of a refresh: one feed's fetch outcome and entries into the store.

Store inherits these (FeedWrites is a mixin over Store's connection, transaction and
index helpers). Entries are deduplicated by id, then link; an entry with neither is
known by its title within the feed, as newsboat knows it (its text may be edited),
and one with no title either by its content hash. An updated entry is updated in
place and keeps its read state; a feed's first entries go in with three bulk
statements (the articles, their count in feed_stats, their index rows). Given a feed's Retention, entries its ignore rules match are kept out, entries
deleted before (tombstoned) are not stored again, and new entries older than its
keep_days are not stored.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from tidings.core import tombstones
from tidings.core.database import translated
from tidings.core.entry_rows import (
    MAX_TITLE,
    Prepared,
    cap,
    content_hash,
    entry_title,
    index_columns,
    prepare_entry,
    title_key,
)
from tidings.core.feed_fold import fold_articles, twin_of
from tidings.core.fetch_wait import Wait
from tidings.core.ignore import compile_rules
from tidings.core.link_identity import identity_link
from tidings.core.models import ParsedEntry, ParsedFeed, Retention, UpdateCounts
from tidings.core.rows import to_ts

MAX_LINK = 8_000
DAY = 86_400
# A new article's id: above every article's, and above every deleted one's (schema 4),
# so that an id never names two articles.
NEXT_ID = (
    "SELECT max(COALESCE((SELECT MAX(id) FROM articles), 0), (SELECT id FROM article_id_floor)) + 1"
)
# New articles of a feed counted into its totals (feed_id, total, unread).
COUNT_NEW = (
    "INSERT INTO feed_stats(feed_id, total, unread) VALUES (?, ?, ?) ON CONFLICT(feed_id)"
    " DO UPDATE SET total = total + excluded.total, unread = unread + excluded.unread"
)


def article_fields(entry: ParsedEntry, ready: Prepared) -> dict[str, object]:
    """The articles columns an entry sets, new or updated (not feed_id, published,
    first_seen, which depend on which)."""
    return {
        "guid": cap(entry.id, MAX_TITLE),
        "link": cap(entry.link, MAX_LINK),
        "title": ready[0],
        "author": cap(entry.author, MAX_TITLE),
        "updated": to_ts(entry.updated),
        "summary": cap(entry.summary),
        "content": cap(entry.content),
        "categories": ready[4],
        "enclosures": ready[5],
        "content_hash": ready[3],
    }


def _ids(entry: ParsedEntry) -> tuple[str, ...]:
    """The ids an entry's stored copy may have: its own; for one known by a URL
    untracked (tidings.core.link_identity), the guid or link as the feed gave it too,
    which a copy stored before tidings stripped trackers has."""
    guid, link = entry.id, entry.link
    if not guid:
        return ()
    ids = [guid]
    if entry.given_id and entry.given_id != guid:
        ids.append(entry.given_id)
    if link and link not in ids and identity_link(link) == guid:
        ids.append(link)
    return tuple(ids)


class FeedWrites:
    """record_fetch and what it needs; mixed into Store."""

    conn: sqlite3.Connection

    if TYPE_CHECKING:

        def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def _feed_row(self, url: str) -> sqlite3.Row | None: ...
        def _unindex(self, article_id: int) -> None: ...
        def _index(self, article_id: int) -> None: ...
        def _explain(self, exc: sqlite3.Error) -> str: ...

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
        retention: Retention | None = None,
        wait: Wait | None = None,
    ) -> UpdateCounts:
        """Store one feed's refresh in ONE transaction: its entries (dedup by id, then
        link, then title, else content hash; an updated entry updates in place and
        keeps read state), etag / last_modified, fetch time, and error (None clears it). `new_url` records a
        permanent redirect. Returns how many articles were new / updated, and how many
        entries the ignore rules kept out. `prepared` is prepare_index(parsed), when the
        caller worked it out already. `retention`: the feed's ignore rules and keep_days
        (entries older are not stored); tombstoned entries are never stored again.
        `wait`: the site said "come back later" (tidings.core.fetch_wait); None ends
        any wait the feed had."""
        now = int(time.time())
        new = updated = ignored = 0
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
            store_id = feed_id  # where its entries go: the other feed, when it moved onto one
            if new_url and new_url != url:
                twin = twin_of(conn, feed_id, new_url)
                if twin is not None:
                    fold_articles(self, feed_id, twin)
                    store_id = twin
            if parsed is not None and not not_modified:
                # FTS rows of new articles, inserted together after the articles: much
                # cheaper for SQLite than interleaving them with the article inserts.
                fts_rows: list[tuple[int, str, str]] = []
                if prepared is None or len(prepared) != len(parsed.entries):
                    prepared = [None] * len(parsed.entries)  # type: ignore[list-item]
                entries, prepared, ignored = self._admit(
                    store_id, parsed.entries, prepared, retention, now
                )
                keep_days = retention.keep_days if retention is not None else 0
                cutoff = now - keep_days * DAY if keep_days > 0 else None
                first = self._insert_first(store_id, entries, prepared, now, cutoff)
                if first is not None:
                    new = first
                else:
                    for entry, ready in zip(entries, prepared, strict=True):
                        outcome = self._store_entry(store_id, entry, now, fts_rows, ready, cutoff)
                        new += outcome == "new"
                        updated += outcome == "updated"
                    self._flush_fts(fts_rows)
                conn.execute(
                    "UPDATE feeds SET title = COALESCE(?, title), site_link = COALESCE(?, site_link),"
                    " etag = ?, last_modified = ? WHERE id = ?",
                    (
                        cap(parsed.title, MAX_TITLE),
                        cap(parsed.link, MAX_TITLE),
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
            self._set_wait(feed_id, row, wait)
            if new_url and new_url != url:
                self._move_feed(feed_id, new_url)
        return UpdateCounts(new=new, updated=updated, ignored=ignored)

    @translated
    def fold_twin(self, url: str, twin_url: str) -> None:
        """The articles the feed at `url`, which moved onto the feed at `twin_url`, still
        holds (a store written before tidings folded them) folded into that feed's."""
        old, twin = self._feed_row(url), self._feed_row(twin_url)
        if old is None or twin is None or old["id"] == twin["id"]:
            return
        held = "SELECT 1 FROM articles WHERE feed_id = ? LIMIT 1"
        if self.conn.execute(held, (old["id"],)).fetchone() is None:
            return  # the usual case: folded when it moved
        with self._transaction():
            fold_articles(self, old["id"], twin["id"])

    def _set_wait(self, feed_id: int, row: sqlite3.Row | None, wait: Wait | None) -> None:
        """Keep the site's wait, or end the one the feed had (nothing to write when it
        had none: the usual case)."""
        if wait is None and (row is None or row["retry_at"] is None):
            return
        self.conn.execute(
            "UPDATE feeds SET retry_at = ?, backoff = ? WHERE id = ?",
            (None, None, feed_id) if wait is None else (wait.until, wait.backoff, feed_id),
        )

    def _admit(
        self,
        feed_id: int,
        entries: Sequence[ParsedEntry],
        prepared: Sequence[Prepared | None],
        retention: Retention | None,
        now: int,
    ) -> tuple[list[ParsedEntry], list[Prepared | None], int]:
        """The entries to store and their prepared rows, leaving out those tombstoned
        (marked seen again) and those the ignore rules match (counted: the third value;
        a rule is a filter, so they come in once it is gone, as in newsboat)."""
        conn = self.conn
        rules = compile_rules(retention.ignore) if retention is not None else None
        dead = tombstones.keys_of_feed(conn, feed_id)
        if rules is None and not dead:
            return list(entries), list(prepared), 0
        kept: list[ParsedEntry] = []
        kept_ready: list[Prepared | None] = []
        seen: set[str] = set()
        ignored = 0
        for entry, ready in zip(entries, prepared, strict=True):
            guid, link = cap(entry.id, MAX_TITLE), cap(entry.link, MAX_LINK)
            chash = ready[3] if ready is not None else None
            if chash is None and not guid and not link:
                chash = content_hash(entry.title, entry.content or entry.summary)
            if dead:
                keys = tombstones.lookup_keys(guid, link, chash, title_key(entry))
                hits = [k for k in keys if k in dead]
                if hits:
                    seen.update(hits)
                    continue
            if rules is not None:
                title = ready[0] if ready is not None else entry_title(entry)
                if rules.matches(title, entry.author, link):
                    ignored += 1  # not tombstoned: without the rule it comes in again
                    continue
            kept.append(entry)
            kept_ready.append(ready)
        if seen:
            tombstones.seen(conn, feed_id, seen, now)
        if dead:
            tombstones.forget_unseen(conn, feed_id, now)
        return kept, kept_ready, ignored

    def _move_feed(self, feed_id: int, new_url: str) -> None:
        """A permanent redirect: the feed lives at `new_url`; its old URL stays an alias.
        When another feed is at `new_url` (the config lists it too), the old URL becomes
        that feed's alias but keeps its own row, its articles folded into the other's
        (tidings.core.feed_fold): Store.fetch_state then calls it a duplicate, which a
        refresh fetches once, as the other feed."""
        conn = self.conn
        old = conn.execute("SELECT url FROM feeds WHERE id = ?", (feed_id,)).fetchone()["url"]
        taken = conn.execute("SELECT id FROM feeds WHERE url = ?", (new_url,)).fetchone()
        if taken is not None:
            conn.execute(
                "INSERT OR REPLACE INTO feed_aliases(url, feed_id) VALUES (?, ?)",
                (old, taken["id"]),
            )
            return
        conn.execute("DELETE FROM feed_aliases WHERE url = ?", (new_url,))
        conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (new_url, feed_id))
        conn.execute(
            "INSERT OR REPLACE INTO feed_aliases(url, feed_id) VALUES (?, ?)", (old, feed_id)
        )

    def _find_existing(self, feed_id: int, entry: ParsedEntry, chash: str) -> sqlite3.Row | None:
        conn = self.conn
        cols = "id, guid, title, published, updated, content_hash"
        guid, link = entry.id or None, entry.link or None
        for key in _ids(entry):
            row = conn.execute(
                f"SELECT {cols} FROM articles WHERE feed_id = ? AND guid = ? LIMIT 1",
                (feed_id, key),
            ).fetchone()
            if row is not None:
                if key != guid:  # from now on known by its URL untracked
                    conn.execute("UPDATE articles SET guid = ? WHERE id = ?", (guid, row["id"]))
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
        if guid or link:
            return None
        title = title_key(entry)
        if title is not None:  # newsboat's identity for it: its text may have been edited
            return conn.execute(
                f"SELECT {cols} FROM articles INDEXED BY idx_articles_title"
                " WHERE feed_id = ? AND title = ? AND guid IS NULL AND link IS NULL"
                " ORDER BY id DESC LIMIT 1",
                (feed_id, title),
            ).fetchone()
        return conn.execute(
            f"SELECT {cols} FROM articles WHERE feed_id = ? AND content_hash = ? LIMIT 1",
            (feed_id, chash),
        ).fetchone()

    def _insert_first(
        self,
        feed_id: int,
        entries: Sequence[ParsedEntry],
        prepared: Sequence[Prepared | None],
        now: int,
        cutoff: int | None = None,
    ) -> int | None:
        """A feed's first entries (it has no articles yet, the usual case of a first
        refresh): all inserted in three statements, with no look-ups; how many (those
        published before `cutoff` are left out). None, writing nothing, when the feed
        has articles already or two of its entries would match each other by
        record_fetch's dedup (id, link, title or content hash): the entry-by-entry path then
        handles them."""
        conn = self.conn
        if (
            not entries
            or conn.execute(
                "SELECT 1 FROM articles WHERE feed_id = ? LIMIT 1", (feed_id,)
            ).fetchone()
        ):
            return None
        ready = [
            r if r is not None else prepare_entry(e) for e, r in zip(entries, prepared, strict=True)
        ]
        first = conn.execute(NEXT_ID).fetchone()[0]
        seen: set[tuple[str, object]] = set()  # ("g", guid), ("l", link), ("t", title), ("h", hash)
        rows = []
        fts_rows = []
        for entry, row in zip(entries, ready, strict=True):
            fields = article_fields(entry, row)
            published = to_ts(entry.published) or fields["updated"] or now
            if cutoff is not None and published < cutoff:  # type: ignore[operator]
                continue
            keys = [("g", fields["guid"]), ("l", fields["link"])]
            if not fields["guid"] and not fields["link"]:
                title = title_key(entry)
                keys.append(("h", row[3]) if title is None else ("t", title))
            for key in keys:
                if key[1]:
                    if key in seen:
                        return None
                    seen.add(key)
            article_id = first + len(rows)
            fields.update(id=article_id, feed_id=feed_id, published=published, first_seen=now)
            rows.append(fields)
            fts_rows.append((article_id, row[1], row[2]))
        self._insert_rows(rows, fts_rows)
        return len(rows)

    def _insert_rows(
        self, rows: list[dict[str, object]], fts_rows: list[tuple[int, str, str]]
    ) -> None:
        """Insert new articles (rows of the same columns, ids set) and their FTS rows,
        and count them into feed_stats: every new article goes in here (since schema
        7 no trigger counts them)."""
        if not rows:
            return
        names = ", ".join(rows[0])
        marks = ", ".join(f":{name}" for name in rows[0])
        self.conn.executemany(f"INSERT INTO articles({names}) VALUES ({marks})", rows)
        counts: dict[object, list[int]] = {}
        for row in rows:
            count = counts.setdefault(row["feed_id"], [0, 0])
            count[0] += 1
            count[1] += not row.get("read")
        self.conn.executemany(
            COUNT_NEW, [(feed_id, total, unread) for feed_id, (total, unread) in counts.items()]
        )
        self._flush_fts(fts_rows)

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
        cutoff: int | None = None,
    ) -> str:
        """Insert or update one entry (inside the caller's transaction): 'new',
        'updated', 'same', or 'old' (new, published before `cutoff`: not stored). A new
        article's FTS row is appended to `fts_rows` for the caller to insert
        (_flush_fts)."""
        body = entry.content or entry.summary
        lazy = ready is None  # FTS columns worked out only for a new article
        if ready is None:
            ready = prepare_entry(entry, index=False)
        title, chash = ready[0], ready[3]
        published = to_ts(entry.published)
        fields = article_fields(entry, ready)
        upd = fields["updated"]
        existing = self._find_existing(feed_id, entry, chash)
        conn = self.conn
        if existing is None:
            published = published or upd or now
            if cutoff is not None and published < cutoff:  # type: ignore[operator]
                return "old"
            article_id = conn.execute(NEXT_ID).fetchone()[0]
            fields.update(id=article_id, feed_id=feed_id, published=published, first_seen=now)
            self._insert_rows([fields], [])
            columns = index_columns(title, body) if lazy else ready[1:3]
            fts_rows.append((article_id, *columns))
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
