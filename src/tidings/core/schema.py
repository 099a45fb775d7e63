"""The store's SQLite schema as an ordered list of migrations.

`PRAGMA user_version` holds how many migrations a database has had; `PRAGMA
application_id` marks a database as ours (a SQLite file with tables but another
application id is someone else's and is never touched). Append new migrations to
MIGRATIONS; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable

APPLICATION_ID = 0x74696469  # "tidi"

# Each migration is a list of statements (or functions of the connection) run in one
# transaction.
MIGRATIONS: list[list[str | Callable[[sqlite3.Connection], None]]] = [
    # 1: feeds, articles, per-feed counts, full-text index.
    [
        """CREATE TABLE feeds(
            id INTEGER PRIMARY KEY,
            url TEXT UNIQUE NOT NULL,
            title TEXT,
            title_override TEXT,
            category TEXT,
            tags TEXT,
            full_text INTEGER,
            position INTEGER,
            active INTEGER,
            etag TEXT,
            last_modified TEXT,
            last_fetched INTEGER,
            last_error TEXT,
            site_link TEXT
        )""",
        "CREATE INDEX idx_feeds_position ON feeds(active, position)",
        # Old URLs of feeds that moved (permanent redirects), so the config's URL still maps.
        """CREATE TABLE feed_aliases(
            url TEXT PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE
        )""",
        """CREATE TABLE articles(
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id),
            guid TEXT,
            link TEXT,
            title TEXT,
            author TEXT,
            published INTEGER,
            updated INTEGER,
            summary TEXT,
            content TEXT,
            categories TEXT,
            enclosures TEXT,
            content_hash TEXT,
            read INTEGER NOT NULL DEFAULT 0,
            starred INTEGER NOT NULL DEFAULT 0,
            first_seen INTEGER,
            full_text TEXT,
            full_text_error TEXT,
            site_links TEXT
        )""",
        "CREATE INDEX idx_articles_published ON articles(published DESC, id DESC)",
        "CREATE INDEX idx_articles_feed ON articles(feed_id, published DESC, id DESC)",
        # Partial indexes: unread and starred views stay index-ordered.
        "CREATE INDEX idx_articles_unread ON articles(published DESC, id DESC) WHERE read = 0",
        "CREATE INDEX idx_articles_feed_unread ON articles(feed_id, published DESC, id DESC)"
        " WHERE read = 0",
        "CREATE INDEX idx_articles_starred ON articles(published DESC, id DESC) WHERE starred = 1",
        # Dedup look-ups and find_article by link.
        "CREATE INDEX idx_articles_guid ON articles(feed_id, guid)",
        "CREATE INDEX idx_articles_link ON articles(link)",
        "CREATE INDEX idx_articles_hash ON articles(feed_id, content_hash)",
        # Total / unread per feed, kept by triggers so feeds() costs O(feeds) (since schema
        # 7 the store counts new articles itself: see there).
        """CREATE TABLE feed_stats(
            feed_id INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
            total INTEGER NOT NULL DEFAULT 0,
            unread INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TRIGGER articles_stats_insert AFTER INSERT ON articles BEGIN
            INSERT INTO feed_stats(feed_id, total, unread) VALUES (new.feed_id, 1, new.read = 0)
            ON CONFLICT(feed_id) DO UPDATE SET total = total + 1, unread = unread + (new.read = 0);
        END""",
        """CREATE TRIGGER articles_stats_delete AFTER DELETE ON articles BEGIN
            UPDATE feed_stats SET total = total - 1, unread = unread - (old.read = 0)
            WHERE feed_id = old.feed_id;
        END""",
        """CREATE TRIGGER articles_stats_update AFTER UPDATE OF read, feed_id ON articles
        WHEN (old.read = 0) IS NOT (new.read = 0) OR old.feed_id IS NOT new.feed_id BEGIN
            UPDATE feed_stats SET total = total - 1, unread = unread - (old.read = 0)
            WHERE feed_id = old.feed_id;
            INSERT INTO feed_stats(feed_id, total, unread) VALUES (new.feed_id, 1, new.read = 0)
            ON CONFLICT(feed_id) DO UPDATE SET total = total + 1, unread = unread + (new.read = 0);
        END""",
        # rowid = articles.id; columns hold tokenize.index_text() of title and body text.
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, body, tokenize='unicode61 remove_diacritics 2')",
        "CREATE VIRTUAL TABLE articles_fts_vocab USING fts5vocab(articles_fts, 'row')",
    ],
    # 2: the full-text index keeps no copy of its text (contentless): the store writes
    # and deletes its rows with the index text worked out from the articles row
    # (Store._index_columns), which halves what a refresh writes per new article. It
    # merges its segments less eagerly (automerge 8, for 4): each feed's commit is
    # cheaper, for a few more segments to read in a search.
    [
        "DROP TABLE articles_fts_vocab",
        "CREATE VIRTUAL TABLE articles_fts_new USING fts5("
        "title, body, content='', tokenize='unicode61 remove_diacritics 2')",
        "INSERT INTO articles_fts_new(articles_fts_new, rank) VALUES ('automerge', 8)",
        "INSERT INTO articles_fts_new(rowid, title, body)"
        " SELECT rowid, title, body FROM articles_fts",
        "DROP TABLE articles_fts",
        "ALTER TABLE articles_fts_new RENAME TO articles_fts",
        "CREATE VIRTUAL TABLE articles_fts_vocab USING fts5vocab(articles_fts, 'row')",
    ],
    # 3: tombstones of articles deleted by retention (keep_days, max_items) or kept out
    # by ignore rules, so that a feed still carrying one does not bring it back as a new
    # unread article. `key` is the entry's dedup key (tidings.core.tombstones): 'g:'
    # and its id, else 'l:' and its link, else 'h:' and its content hash. `seen_at` is
    # the last fetch that still carried it: a tombstone goes some days after its feed
    # stops carrying the entry.
    [
        """CREATE TABLE tombstones(
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            deleted_at INTEGER NOT NULL,
            seen_at INTEGER NOT NULL,
            PRIMARY KEY (feed_id, key)
        ) WITHOUT ROWID""",
    ],
    # 4: article ids are never reused. SQLite gives a new row the highest id + 1, which
    # is a deleted article's id again once retention has deleted the newest row: a
    # script, or the open reader, holding that id would reach another article. This
    # keeps the highest id ever deleted; the store numbers new articles above it.
    [
        "CREATE TABLE article_id_floor(id INTEGER NOT NULL)",
        "INSERT INTO article_id_floor(id) VALUES (0)",
        """CREATE TRIGGER articles_id_floor AFTER DELETE ON articles
        WHEN old.id > (SELECT id FROM article_id_floor) BEGIN
            UPDATE article_id_floor SET id = old.id;
        END""",
    ],
    # 5: the index holds Chinese characters in one spelling, simplified (颱風 -> 台风,
    # 気 -> 气; tidings.core.hanzi_fold): articles indexed as written are indexed again.
    [lambda conn: _fold_index(conn)],
    # 6: the Unicode version (Python's) the index was tokenized with: tokenizing is NFKC,
    # lower-casing and \w, which a newer Unicode may do differently for characters it
    # adds, and the contentless index deletes a row only with the tokens it went in
    # with. A database opened by a Python with another Unicode is indexed again.
    [
        "CREATE TABLE index_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        lambda conn: conn.execute(
            "INSERT INTO index_meta(key, value) VALUES ('unicode', ?)",
            (unicodedata.unidata_version,),
        ),
    ],
    # 7: the cost of a refresh's writes. (a) No trigger counts new articles into
    # feed_stats: a trigger on INSERT makes SQLite keep a statement journal (a copy of
    # every page it touches) for each row inserted, a quarter of what storing a new
    # article cost; the store adds a feed's new articles to feed_stats itself, in one
    # statement (FeedWrites._insert_rows). Deleting and marking read keep their
    # triggers. (b) The full-text index gathers up to 8 MB of a transaction's new
    # rows before it writes a segment (1 MB before): a refresh's batch of feeds then
    # goes to disk as one segment at its commit, not several to merge again.
    # feed_stats is counted afresh on the way (from indexes only: cheap).
    [
        "DROP TRIGGER articles_stats_insert",
        lambda conn: _count_articles(conn),
        f"INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', {8 << 20})",
    ],
    # 8: a site's "come back later" (429 / 503), kept between runs (tidings.core.
    # fetch_wait): the feed is not asked before retry_at (unix seconds) by a refresh of
    # all feeds; backoff is the wait tidings chose itself when the site named none
    # (seconds), doubled at the next such answer. NULL: no wait.
    [
        "ALTER TABLE feeds ADD COLUMN retry_at INTEGER",
        "ALTER TABLE feeds ADD COLUMN backoff INTEGER",
    ],
    # 9: an entry with neither id nor link is known by its title within its feed, as
    # newsboat knows it (its text may be edited), no longer by its content hash
    # (FeedWrites._find_existing). Articles stored before are found by the title they
    # were stored with; only such articles are in this index.
    [
        "CREATE INDEX idx_articles_title ON articles(feed_id, title)"
        " WHERE guid IS NULL AND link IS NULL",
    ],
    # 10: enclosures downloaded (`e`, `tidings download`; core.download_records): where
    # each went, or (done = 0) the `.part` file of a download that stopped, to go on
    # with. Forgotten with the article (the file stays).
    [
        """CREATE TABLE downloads(
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            path TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            size INTEGER,
            at INTEGER NOT NULL,
            PRIMARY KEY (article_id, url)
        ) WITHOUT ROWID""",
    ],
    # 11: an account on a server keeps some feeds (feeds.yaml's source:, core.
    # source_sync): feeds.source names it (NULL: a feed of feeds.yaml). Marking one of
    # their articles read / unread / starred queues the change in source_changes (by
    # the triggers: every way of marking does it), which the next sync sends to the
    # server (the latest value per item and state); source_meta holds the sync's own
    # state (the time of the last pull).
    [
        "ALTER TABLE feeds ADD COLUMN source TEXT",
        """CREATE TABLE source_changes(
            item TEXT NOT NULL,
            tag TEXT NOT NULL,
            value INTEGER NOT NULL,
            PRIMARY KEY (item, tag)
        ) WITHOUT ROWID""",
        "CREATE TABLE source_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        *(
            f"""CREATE TRIGGER articles_source_{flag} AFTER UPDATE OF {flag} ON articles
            WHEN old.{flag} != new.{flag} AND new.guid IS NOT NULL
             AND (SELECT source FROM feeds WHERE id = new.feed_id) IS NOT NULL
            BEGIN
                INSERT OR REPLACE INTO source_changes(item, tag, value)
                VALUES (new.guid, '{flag}', new.{flag});
            END"""
            for flag in ("read", "starred")
        ),
    ],
    # 12: the article lists sorted by title or by author (settings.article_order, the
    # reader's sort key; core.views.SORTS): these indexes keep a page, its neighbours
    # and the next unread one index-ordered on 100,000 articles (a page deep in a list
    # sorted by title took 250 ms without).
    [
        "CREATE INDEX idx_articles_by_title ON articles(COALESCE(title, '') COLLATE NOCASE, id)",
        "CREATE INDEX idx_articles_by_author ON articles("
        "COALESCE(author, '') COLLATE NOCASE, -COALESCE(published, 0), -id)",
    ],
    # 13: the downloads view (the reader's Ctrl+E, core.download_list): why a download
    # failed (`error`; one that kept nothing has the path ''), an episode played, its
    # file deleted (D; done stays 1, so `tidings download` does not fetch it again), a
    # finished one purged from the list (P; the file stays).
    [
        "ALTER TABLE downloads ADD COLUMN error TEXT",
        "ALTER TABLE downloads ADD COLUMN played INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE downloads ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE downloads ADD COLUMN purged INTEGER NOT NULL DEFAULT 0",
    ],
]


def _fold_index(conn: sqlite3.Connection) -> None:
    from tidings.core.reindex import fold_index  # the tokenizer's imports, only if needed

    fold_index(conn)


def _count_articles(conn: sqlite3.Connection) -> None:
    """feed_stats counted from the articles (index-only scans)."""
    conn.execute("DELETE FROM feed_stats")
    conn.execute(
        "INSERT INTO feed_stats(feed_id, total, unread)"
        " SELECT feed_id, COUNT(*), 0 FROM articles GROUP BY feed_id"
    )
    conn.execute(
        "UPDATE feed_stats SET unread ="
        " (SELECT COUNT(*) FROM articles INDEXED BY idx_articles_feed_unread"
        " WHERE feed_id = feed_stats.feed_id AND read = 0)"
    )


SCHEMA_VERSION = len(MIGRATIONS)
_UNICODE_MIGRATION = 6  # the one that made index_meta


class SchemaError(Exception):
    """The database is not ours, or is newer than this program."""


def user_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [r[0] for r in rows]


def check_ours(conn: sqlite3.Connection) -> int:
    """Return the database's schema version; raise SchemaError if it is not ours."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID:
        if user_tables(conn) or version:
            # Outside a transaction each PRAGMA reads its own snapshot: another tidings
            # may have created the schema (and its application_id, in the same commit)
            # between our reads. Read the id again before calling the file foreign.
            if conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
                return check_ours(conn)
            raise SchemaError("it is a SQLite database of another program")
        return 0
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"it was written by a newer tidings (schema {version}, this one knows {SCHEMA_VERSION})"
        )
    return version


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to date, one transaction per migration, and the index to
    this Python's Unicode. `conn` must be in autocommit mode (isolation_level=None)."""
    _migrate(conn)
    _same_unicode(conn)


def _same_unicode(conn: sqlite3.Connection) -> None:
    """Index the articles again when the index was tokenized under another Unicode
    version (see migration 6); one read when it was not."""
    if SCHEMA_VERSION < _UNICODE_MIGRATION:  # (tests that stop at an older schema)
        return
    ours = unicodedata.unidata_version
    row = conn.execute("SELECT value FROM index_meta WHERE key = 'unicode'").fetchone()
    if row is not None and row[0] == ours:
        return
    from tidings.core.reindex import rebuild_index  # the tokenizer's imports: only now

    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT value FROM index_meta WHERE key = 'unicode'").fetchone()
        if row is None or row[0] != ours:  # another process may have done it meanwhile
            rebuild_index(conn)
            conn.execute(
                "INSERT OR REPLACE INTO index_meta(key, value) VALUES ('unicode', ?)", (ours,)
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _migrate(conn: sqlite3.Connection) -> None:
    while True:
        if check_ours(conn) >= SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = check_ours(conn)  # another process may have migrated meanwhile
            if version >= SCHEMA_VERSION:
                conn.execute("COMMIT")
                return
            for statement in MIGRATIONS[version]:
                if callable(statement):  # a step SQL alone cannot take
                    statement(conn)
                else:
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
