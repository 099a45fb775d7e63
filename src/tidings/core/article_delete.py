"""Deleting articles by hand (newsboat's delete-article): the article goes from the
store with its full-text index rows and leaves a tombstone (tidings.core.tombstones),
so the next fetch of a feed that still carries it does not bring it back as a new
unread article. Deletion is immediate: nothing waits for a purge (newsboat's
purge-deleted). Store (tidings.core.store) inherits it, with retention
(tidings.core.prune), whose deletion it shares.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from tidings.core.database import translated

if TYPE_CHECKING:
    import sqlite3


class ArticleDeletion:
    """delete_articles; mixed into Store after Pruning (whose _delete it uses)."""

    if TYPE_CHECKING:
        conn: sqlite3.Connection

        def _delete(
            self, ids: list[int], now: int, bury: set[int], *, starred: bool = False
        ) -> Iterator[int]: ...

    @translated
    def delete_articles(
        self, ids: Iterable[int], *, starred: bool = False, now: int | None = None
    ) -> list[int]:
        """Delete the articles `ids`, each leaving a tombstone; starred ones only when
        `starred` (else they stay). The ids deleted (one gone already is not)."""
        wanted = sorted({int(i) for i in ids})
        now = int(time.time()) if now is None else now
        return list(self._delete(wanted, now, set(wanted), starred=starred))
