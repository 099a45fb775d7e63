"""Articles brought over from another reader (newsboat's cache): those tidings lacks
are added through the rows and the full-text index fetched entries get (so search and
Related find them), and the read and starred state of those it has carries over.
Store (tidings.core.store) inherits it.

An incoming article is the stored one with its id (guid); else with its link, where
the link names one article on each side (feeds that link every entry to their home
page would otherwise merge them); an article with neither, by its title (as a fetch
knows it), else by its content. Nothing is ever marked unread or unstarred. An article the other reader deleted is not added but
tombstoned, as tidings' own deletions are, so that a fetch of a feed still carrying it
does not bring it back as new (one tidings has already is left as it is). Like a fetch, an unstarred article that tidings
deleted before (tombstoned), that an ignore rule matches, or older than keep_days is
not added; a starred one always is, since retention never deletes those.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from tidings.core import tombstones
from tidings.core.database import translated
from tidings.core.entry_rows import (
    MAX_TITLE,
    cap,
    content_hash,
    entry_title,
    prepare_entry,
    title_key,
)
from tidings.core.feed_writes import DAY, MAX_LINK, NEXT_ID, article_fields
from tidings.core.ignore import compile_rules
from tidings.core.models import ParsedEntry, Retention
from tidings.core.rows import to_ts


@dataclass(frozen=True)
class Incoming:
    """An article from another reader, with its state there."""

    entry: ParsedEntry
    read: bool = False
    starred: bool = False
    deleted: bool = False  # deleted there: kept out, now and at later fetches


@dataclass
class MergeCounts:
    """What merging articles into a feed did (or, dry, would do)."""

    added: int = 0
    added_read: int = 0  # of those added, read
    added_starred: int = 0  # of those added, starred
    marked_read: int = 0  # articles tidings had, now read
    starred: int = 0  # articles tidings had, now starred
    unchanged: int = 0  # incoming articles tidings had in the same state already
    buried: int = 0  # deleted by tidings' retention before: not added again
    ignored: int = 0  # matched by the feed's ignore rules: not added
    too_old: int = 0  # older than the feed's keep_days: not added
    deleted: int = 0  # deleted in the other reader: not added, and tombstoned

    def __iadd__(self, other: MergeCounts) -> MergeCounts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


class _Target:
    """An article of the feed, stored (id) or to be added (entry), as matched."""

    __slots__ = ("id", "read", "starred", "entry")

    def __init__(
        self, id: int | None, read: bool, starred: bool, entry: ParsedEntry | None = None
    ) -> None:
        self.id = id
        self.read = read
        self.starred = starred
        self.entry = entry


class ArticleImports:
    """merge_articles and what it needs; mixed into Store."""

    conn: sqlite3.Connection

    if TYPE_CHECKING:

        def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def _explain(self, exc: sqlite3.Error) -> str: ...
        def _set_flag(self, column: str, ids: Iterable[int], value: bool) -> None: ...
        def _insert_rows(
            self, rows: list[dict[str, object]], fts_rows: list[tuple[int, str, str]]
        ) -> None: ...

    @translated
    def feed_ids_by_url(self) -> dict[str, int]:
        """The feeds of the config (active) by their URL and by the URLs they moved
        from (permanent redirects)."""
        rows = self.conn.execute(
            "SELECT url, id FROM feeds WHERE active = 1"
            " UNION ALL SELECT a.url, a.feed_id FROM feed_aliases a"
            " JOIN feeds f ON f.id = a.feed_id WHERE f.active = 1"
        ).fetchall()
        return {url: feed_id for url, feed_id in rows}

    @translated
    def merge_articles(
        self,
        feed_id: int,
        incoming: Iterable[Incoming],
        *,
        retention: Retention | None = None,
        title: str | None = None,
        site: str | None = None,
        dry_run: bool = False,
        now: int | None = None,
    ) -> MergeCounts:
        """Merge `incoming` into the feed (see the module's doc): add the articles it
        lacks, with their read and starred state; mark read / starred those it has.
        `title` / `site` fill the feed's own when it has none yet (never fetched).
        Joins the caller's transaction (Store.batch) if there is one. `dry_run` only
        counts, writing nothing."""
        now = int(time.time()) if now is None else now
        items = list(incoming)
        counts = MergeCounts()
        conn = self.conn
        by_guid: dict[str, _Target] = {}
        by_link: dict[str, list[_Target]] = {}
        by_hash: dict[str, _Target] = {}
        by_title: dict[str, _Target] = {}
        for row in conn.execute(
            "SELECT id, guid, link, content_hash, title, read, starred FROM articles"
            " WHERE feed_id = ?",
            (feed_id,),
        ):
            target = _Target(row["id"], bool(row["read"]), bool(row["starred"]))
            if row["guid"]:
                by_guid.setdefault(row["guid"], target)
            if row["link"]:
                by_link.setdefault(row["link"], []).append(target)
            elif not row["guid"]:
                if row["content_hash"]:
                    by_hash.setdefault(row["content_hash"], target)
                known = by_title.get(row["title"])
                if row["title"] and (known is None or (known.id or 0) < row["id"]):
                    by_title[row["title"]] = target  # the newest, as a fetch finds it
        keys = [(cap(i.entry.id, MAX_TITLE), cap(i.entry.link, MAX_LINK)) for i in items]
        links = Counter(link for _, link in keys if link)
        dead = tombstones.keys_of_feed(conn, feed_id)
        rules = compile_rules(retention.ignore) if retention is not None else None
        keep_days = retention.keep_days if retention is not None else 0
        cutoff = now - keep_days * DAY if keep_days > 0 else None
        to_read: set[int] = set()
        to_star: set[int] = set()
        added: list[_Target] = []
        bury: list[str] = []
        for item, (guid, link) in zip(items, keys, strict=True):
            entry = item.entry
            target = by_guid.get(guid) if guid else None
            if target is None and link and links[link] == 1 and len(by_link.get(link, ())) == 1:
                target = by_link[link][0]
            chash = named = None
            if not guid and not link:  # by its title (as a fetch), else by its content
                chash = content_hash(entry.title, entry.content or entry.summary)
                named = title_key(entry)
                target = by_hash.get(chash) if named is None else by_title.get(named)
            if item.deleted:
                counts.deleted += 1
                if target is None:
                    keys = tombstones.lookup_keys(guid, link, chash, named)
                    bury.extend(key for key in keys if key not in dead)
                continue
            if target is not None:
                if target.id is None:  # added by this merge: the two are one article
                    target.read |= item.read
                    target.starred |= item.starred
                    continue
                changed = False
                if item.read and not target.read and target.id not in to_read:
                    to_read.add(target.id)
                    changed = True
                if item.starred and not target.starred and target.id not in to_star:
                    to_star.add(target.id)
                    changed = True
                counts.unchanged += not changed
                continue
            if not item.starred:
                keys = tombstones.lookup_keys(guid, link, chash, named)
                if dead and any(k in dead for k in keys):
                    counts.buried += 1
                    continue
                if rules is not None and rules.matches(entry_title(entry), entry.author, link):
                    counts.ignored += 1
                    continue
                published = to_ts(entry.published) or now
                if cutoff is not None and published < cutoff:
                    counts.too_old += 1
                    continue
            target = _Target(None, item.read, item.starred, entry)
            added.append(target)
            if guid:
                by_guid[guid] = target
            if chash:
                by_hash[chash] = target
            if named:
                by_title[named] = target
        counts.added = len(added)
        counts.added_read = sum(t.read for t in added)
        counts.added_starred = sum(t.starred for t in added)
        counts.marked_read = len(to_read)
        counts.starred = len(to_star)
        if not dry_run:
            with self._transaction():
                self._add(feed_id, added, now)
                self._set_flag("read", to_read, True)
                self._set_flag("starred", to_star, True)
                tombstones.bury(conn, ((feed_id, key) for key in bury), now)
                if title or site:
                    conn.execute(
                        "UPDATE feeds SET title = COALESCE(title, ?),"
                        " site_link = COALESCE(site_link, ?) WHERE id = ?",
                        (cap(title, MAX_TITLE), cap(site, MAX_TITLE), feed_id),
                    )
        return counts

    def _add(self, feed_id: int, added: list[_Target], now: int) -> None:
        """Insert the new articles, as a fetch inserts a feed's first entries."""
        if not added:
            return
        first = self.conn.execute(NEXT_ID).fetchone()[0]
        rows: list[dict[str, object]] = []
        fts_rows: list[tuple[int, str, str]] = []
        for target in added:
            entry = target.entry
            assert entry is not None
            ready = prepare_entry(entry)
            row = article_fields(entry, ready)
            article_id = first + len(rows)
            row.update(
                id=article_id,
                feed_id=feed_id,
                published=to_ts(entry.published) or row["updated"] or now,
                first_seen=now,
                read=int(target.read),
                starred=int(target.starred),
            )
            rows.append(row)
            fts_rows.append((article_id, ready[1], ready[2]))
        self._insert_rows(rows, fts_rows)
