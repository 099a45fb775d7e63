"""Indexing stored articles again: schema migration 5 (the search index in hanzi_fold's
one spelling) and a whole new index after a change of Unicode version (migration 6).

Articles indexed before it hold traditional and shinjitai characters as written (颱風);
searches now look for their simplified form (台风). The index keeps no text of its own
(contentless), so each affected row is deleted with the text it was indexed with and
indexed again, folded. Only articles with a character to fold are touched: a regular
expression finds them, and most stores (English, simplified Chinese) have few.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from tidings.core.entry_rows import index_columns
from tidings.core.tokenize import fold_table

_BATCH = 500
# The sha1 of hanzi_fold.tsv that the index is in (schema 5). A new table needs a new
# migration that re-indexes from the old one; tests/test_hanzi_fold.py checks this.
FOLD_TABLE_SHA1 = "b331164c4b8670c0f5829f60c1456f650396ecfd"


def fold_index(conn: sqlite3.Connection) -> None:
    """Re-index, folded, the articles whose index text has a character to fold. Runs
    inside the migration's transaction."""
    table = fold_table()
    # NFKC first, as the tokenizer does: a compatibility form may become a foldable one
    pattern = re.compile("[" + "".join(re.escape(chr(k)) for k in table) + "]")
    rows = conn.execute(
        "SELECT id, title, COALESCE(full_text, content, summary) FROM articles"
        " WHERE length(title || COALESCE(full_text, content, summary, ''))"
        " != length(CAST(title || COALESCE(full_text, content, summary, '') AS BLOB))"
    )  # only articles with non-ASCII text
    deletes: list[tuple[int, str, str]] = []
    inserts: list[tuple[int, str, str]] = []
    for article_id, title, body in rows:
        raw = f"{title or ''}\n{body or ''}"
        if not pattern.search(raw) and not pattern.search(unicodedata.normalize("NFKC", raw)):
            continue
        old_title, old_body = index_columns(title, body, fold=False)
        new_title, new_body = old_title.translate(table), old_body.translate(table)
        if (new_title, new_body) == (old_title, old_body):
            continue
        deletes.append((article_id, old_title, old_body))
        inserts.append((article_id, new_title, new_body))
        if len(deletes) >= _BATCH:
            _write(conn, deletes, inserts)
    _write(conn, deletes, inserts)


def _write(
    conn: sqlite3.Connection,
    deletes: list[tuple[int, str, str]],
    inserts: list[tuple[int, str, str]],
) -> None:
    conn.executemany(
        "INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
        deletes,
    )
    conn.executemany("INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", inserts)
    deletes.clear()
    inserts.clear()


def rebuild_index(conn: sqlite3.Connection) -> None:
    """The whole search index made anew from the articles (inside the caller's
    transaction): for an index whose tokens can no longer be worked out again."""
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
    rows = conn.execute("SELECT id, title, COALESCE(full_text, content, summary) FROM articles")
    batch: list[tuple[int, str, str]] = []
    for article_id, title, body in rows:
        batch.append((article_id, *index_columns(title, body)))
        if len(batch) >= _BATCH:
            conn.executemany("INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", batch)
            batch.clear()
    conn.executemany("INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", batch)
