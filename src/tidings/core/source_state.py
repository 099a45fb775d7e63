"""What the store keeps of an account (feeds.yaml's `source:`, core.source_sync): its
feeds (feeds.source), the read / starred changes waiting to be sent (source_changes,
filled by schema 11's triggers whenever one of its articles is marked), and the
sync's own state (source_meta). Store inherits it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from tidings.core.database import translated

# A change waiting to be sent: (item id, "read" or "starred", 1 or 0).
Change = tuple[str, str, int]
_CHUNK = 500
SOURCE_SCHEMA = 11  # the schema that made feeds.source


class SourceState:
    conn: sqlite3.Connection

    if TYPE_CHECKING:

        def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def _hide_config_feeds(self) -> None:
        """Hide every feed but the account's (which follow the account, not feeds.yaml),
        for sync_feeds to show those the config lists. (A store written at an older
        schema, as the migration tests make, has no account feeds.)"""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        where = " WHERE source IS NULL" if version >= SOURCE_SCHEMA else ""
        self.conn.execute("UPDATE feeds SET active = 0" + where)

    @translated
    def set_source_feeds(self, source: str, feeds: Sequence[tuple[str, str | None]]) -> None:
        """The account's feeds are these (url, category), in this order, after the
        other feeds; its feeds no longer listed are hidden (their articles kept)."""
        with self._transaction() as conn:
            conn.execute("UPDATE feeds SET active = 0 WHERE source = ?", (source,))
            first = conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM feeds WHERE source IS NULL"
            ).fetchone()[0]
            for index, (url, category) in enumerate(feeds):
                values = (category, first + index, source)
                cur = conn.execute(
                    "UPDATE feeds SET category = ?, position = ?, source = ?, active = 1"
                    " WHERE url = ?",
                    (*values, url),
                )
                if cur.rowcount == 0:
                    conn.execute(
                        "INSERT INTO feeds(url, category, position, source, tags, full_text,"
                        " active) VALUES (?, ?, ?, ?, '[]', 0, 1)",
                        (url, *values),
                    )

    @translated
    def hide_source_feeds(self) -> None:
        """feeds.yaml has no source: any more: the account's feeds are hidden (their
        articles kept, shown again by the next sync of an account)."""
        with self._transaction() as conn:
            conn.execute("UPDATE feeds SET active = 0 WHERE source IS NOT NULL")

    @translated
    def source_feed_urls(self, source: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT url FROM feeds WHERE source = ? AND active = 1 ORDER BY position", (source,)
        ).fetchall()
        return [r[0] for r in rows]

    @translated
    def source_guids(self) -> list[str]:
        """The item ids of the articles of an account's feeds."""
        rows = self.conn.execute(
            "SELECT guid FROM articles WHERE guid IS NOT NULL AND feed_id IN"
            " (SELECT id FROM feeds WHERE source IS NOT NULL)"
        ).fetchall()
        return [r[0] for r in rows]

    @translated
    def pending_changes(self) -> list[Change]:
        """The read / starred changes not yet sent, oldest item first."""
        rows = self.conn.execute("SELECT item, tag, value FROM source_changes").fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    @translated
    def forget_changes(self, changes: Iterable[Change]) -> None:
        """The server has these: forgotten (unless changed again since)."""
        with self._transaction() as conn:
            conn.executemany(
                "DELETE FROM source_changes WHERE item = ? AND tag = ? AND value = ?",
                list(changes),
            )

    @translated
    def apply_source_state(self, states: Mapping[str, tuple[bool, bool]]) -> None:
        """The server's read / starred state of its items (guid -> (read, starred)),
        on the articles of the account's feeds, except those with a change of the
        user's not sent yet (the user's is newer). Not queued to be sent back."""
        with self._transaction() as conn:
            pending = {r[0] for r in conn.execute("SELECT DISTINCT item FROM source_changes")}
            todo = [(g, s) for g, s in states.items() if g not in pending]
            for start in range(0, len(todo), _CHUNK):
                chunk = todo[start : start + _CHUNK]
                for flag, index in (("read", 0), ("starred", 1)):
                    for value in (1, 0):
                        guids = [g for g, s in chunk if bool(s[index]) == bool(value)]
                        if not guids:
                            continue
                        marks = ",".join("?" * len(guids))
                        conn.execute(
                            f"UPDATE articles SET {flag} = ? WHERE {flag} != ? AND guid IN"
                            f" ({marks}) AND feed_id IN"
                            " (SELECT id FROM feeds WHERE source IS NOT NULL)",
                            (value, value, *guids),
                        )
                marks = ",".join("?" * len(chunk))
                conn.execute(
                    f"DELETE FROM source_changes WHERE item IN ({marks})", [g for g, _ in chunk]
                )

    @translated
    def source_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM source_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    @translated
    def set_source_meta(self, key: str, value: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO source_meta(key, value) VALUES (?, ?)", (key, value)
            )
