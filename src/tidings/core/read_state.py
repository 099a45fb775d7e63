"""Read and starred state of articles: set by id, for a whole view, or by age.
Store (tidings.core.store) inherits it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from tidings.core.database import translated
from tidings.core.models import View
from tidings.core.rows import to_ts
from tidings.core.views import below, replace_view, sort_key

_CHUNK = 500  # ids per statement in bulk updates


class ReadState:
    """State changes, each in one transaction (Store's `_transaction`)."""

    conn: sqlite3.Connection

    def _set_flag(self, column: str, ids: Iterable[int], value: bool) -> None:
        id_list = [int(i) for i in ids]
        with self._transaction() as conn:
            for start in range(0, len(id_list), _CHUNK):
                chunk = id_list[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                conn.execute(
                    f"UPDATE articles SET {column} = ? WHERE id IN ({marks}) AND {column} != ?",
                    (int(value), *chunk, int(value)),
                )

    @translated
    def set_read(self, ids: Iterable[int], read: bool = True) -> None:
        self._set_flag("read", ids, read)

    @translated
    def set_starred(self, ids: Iterable[int], starred: bool = True) -> None:
        self._set_flag("starred", ids, starred)

    @translated
    def mark_view_read(self, view: View) -> int:
        """Mark every unread article of the view read; how many were marked."""
        where, params = self._view_where(replace_view(view, unread_only=True))
        with self._transaction() as conn:
            cur = conn.execute(
                "UPDATE articles SET read = 1 WHERE read = 0 AND id IN"
                f" (SELECT a.id FROM articles a WHERE {where})",
                params,
            )
            return cur.rowcount

    @translated
    def mark_above_read(self, view: View, article_id: int) -> int:
        """Mark the unread articles above `article_id` in the view's list read
        (newsboat's mark-all-above-as-read); how many were marked."""
        key = sort_key(self.conn, view, article_id)
        if key is None:
            return 0
        where, params = self._view_where(replace_view(view, unread_only=True))
        above, p = below(view, key, reverse=True)
        with self._transaction() as conn:
            cur = conn.execute(
                "UPDATE articles SET read = 1 WHERE read = 0 AND id IN"
                f" (SELECT a.id FROM articles a WHERE {where} AND {above})",
                [*params, *p],
            )
            return cur.rowcount

    @translated
    def mark_older_than(self, when: datetime, feed_id: int | None = None) -> int:
        """Mark unread articles published before `when` read; how many were marked."""
        cutoff = to_ts(when)
        if cutoff is None:
            return 0
        where, params = self._view_where(View(feed_id=feed_id, unread_only=True))
        with self._transaction() as conn:
            cur = conn.execute(
                "UPDATE articles SET read = 1 WHERE read = 0 AND id IN"
                f" (SELECT a.id FROM articles a WHERE {where} AND a.published < ?)",
                [*params, cutoff],
            )
            return cur.rowcount
