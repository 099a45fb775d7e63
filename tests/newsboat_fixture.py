"""Builds newsboat cache.db files for tests, with no newsboat installed.

SCHEMA is the DDL a real newsboat 2.21 wrote (`newsboat -u urls -c cache.db -x reload`,
then `sqlite3 cache.db .schema`; its metadata table said schema 2.11), copied as it
was, double-quoted defaults included.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

SCHEMA = [
    "CREATE TABLE rss_feed (  rssurl VARCHAR(1024) PRIMARY KEY NOT NULL,  url VARCHAR(1024) NOT NULL,"
    "  title VARCHAR(1024) NOT NULL , lastmodified INTEGER(11) NOT NULL DEFAULT 0,"
    ' is_rtl INTEGER(1) NOT NULL DEFAULT 0, etag VARCHAR(128) NOT NULL DEFAULT "")',
    "CREATE TABLE rss_item (  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
    "  guid VARCHAR(64) NOT NULL,  title VARCHAR(1024) NOT NULL,  author VARCHAR(1024) NOT NULL,"
    "  url VARCHAR(1024) NOT NULL,  feedurl VARCHAR(1024) NOT NULL,  pubDate INTEGER NOT NULL,"
    "  content VARCHAR(65535) NOT NULL, unread INTEGER(1) NOT NULL , enclosure_url VARCHAR(1024),"
    " enclosure_type VARCHAR(1024), enqueued INTEGER(1) NOT NULL DEFAULT 0, flags VARCHAR(52),"
    ' deleted INTEGER(1) NOT NULL DEFAULT 0, base VARCHAR(128) NOT NULL DEFAULT "")',
    "CREATE TABLE google_replay (  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
    "  guid VARCHAR(64) NOT NULL,  state INTEGER NOT NULL,  ts INTEGER NOT NULL )",
    "CREATE INDEX idx_rssurl ON rss_feed(rssurl)",
    "CREATE INDEX idx_guid ON rss_item(guid)",
    "CREATE INDEX idx_feedurl ON rss_item(feedurl)",
    "CREATE INDEX idx_lastmodified ON rss_feed(lastmodified)",
    "CREATE INDEX idx_deleted ON rss_item(deleted)",
    "CREATE TABLE metadata (  db_schema_version_major INTEGER NOT NULL,"
    "  db_schema_version_minor INTEGER NOT NULL )",
    "INSERT INTO metadata VALUES (2, 11)",
]


@dataclass
class Item:
    """One rss_item row. `guid` as newsboat stores it (made up when the feed has none:
    link + pubDate text, else link, else title)."""

    feedurl: str
    guid: str
    title: str
    url: str = ""
    pubDate: int = 1_700_000_000  # noqa: N815 - newsboat's column name
    content: str = ""
    author: str = ""
    unread: int = 1
    flags: str | None = None
    deleted: int = 0
    enclosure_url: str | None = None
    enclosure_type: str | None = None


def make_cache(
    path: Path, feeds: list[tuple[str, str, str]], items: list[Item], *, schema=SCHEMA
) -> Path:
    """Write a newsboat cache at `path`: feeds as (rssurl, site url, title)."""
    conn = sqlite3.connect(path)
    try:
        for statement in schema:
            conn.execute(statement)
        if feeds:
            conn.executemany("INSERT INTO rss_feed(rssurl, url, title) VALUES (?, ?, ?)", feeds)
        if items:
            conn.executemany(
                "INSERT INTO rss_item(guid, title, author, url, feedurl, pubDate, content,"
                " unread, enclosure_url, enclosure_type, flags, deleted)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        i.guid,
                        i.title,
                        i.author,
                        i.url,
                        i.feedurl,
                        i.pubDate,
                        i.content,
                        i.unread,
                        i.enclosure_url,
                        i.enclosure_type,
                        i.flags,
                        i.deleted,
                    )
                    for i in items
                ],
            )
        conn.commit()
    finally:
        conn.close()
    return path
