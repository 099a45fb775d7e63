"""What the store keeps of an account (feeds.yaml's `source:`, core.source_sync): its
feeds (feeds.source), the read / starred changes waiting to be sent (source_changes,
filled by schema 11's triggers whenever one of its articles is marked), and the
sync's own state (source_meta). Store inherits it.

The account is the one feeds.yaml names now (source_meta "account": user and URL).
When feeds.yaml names another (switch_account), the old one's feeds, queued changes
and time of the last pull are put away under its name (feeds.source = PARKED, its
name after each feed's stream id, its changes in source_meta), and the new one's
taken out if it was here before: nothing made for one account is sent to another,
nor one server's feed 3 or item 7 taken for another's."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings.core.database import translated

# A change waiting to be sent: (item id, "read" or "starred", 1 or 0).
Change = tuple[str, str, int]
_CHUNK = 500
SOURCE_SCHEMA = 11  # the schema that made feeds.source
ACCOUNT = "greader"  # feeds.source of the feeds of the account feeds.yaml names
PARKED = "parked"  # feeds.source of another account's (put away by switch_account)
_ACCOUNT_KEY = "account"  # source_meta: the account the store follows ("user at URL")
_PULL_KEY = "last_pull"  # source_meta: put away with its account


def account_name(user: str, url: str) -> str:
    """How an account is known: "alice at https://rss.example.org/api/greader.php"."""
    return f"{user} at {url.rstrip('/')}"


def _parked_url(url: str, account: str) -> str:
    return f"{url} ({account})"


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
        """The item ids of the articles of the account's feeds."""
        rows = self.conn.execute(
            "SELECT guid FROM articles WHERE guid IS NOT NULL AND feed_id IN"
            " (SELECT id FROM feeds WHERE source = ?)",
            (ACCOUNT,),
        ).fetchall()
        return [r[0] for r in rows]

    @translated
    def pending_changes(self) -> list[Change]:
        """The read / starred changes not yet sent, oldest item first; not those of
        articles of an account put away only (switch_account): never sent to this one."""
        held = (
            "EXISTS (SELECT 1 FROM feeds f JOIN articles a ON a.feed_id = f.id"
            " WHERE f.source = ? AND a.guid = c.item)"
        )
        rows = self.conn.execute(
            f"SELECT item, tag, value FROM source_changes AS c WHERE NOT ({held} AND NOT {held})",
            (PARKED, ACCOUNT),
        ).fetchall()
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
                            " (SELECT id FROM feeds WHERE source = ?)",
                            (value, value, *guids, ACCOUNT),
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

    @translated
    def switch_account(self, account: str) -> AccountSwitch | None:
        """The store follows the account `account` (account_name) from now on: None
        when it did already (or followed none), else what was put away and taken out."""
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT value FROM source_meta WHERE key = ?", (_ACCOUNT_KEY,)
            ).fetchone()
            conn.execute(
                "INSERT OR REPLACE INTO source_meta(key, value) VALUES (?, ?)",
                (_ACCOUNT_KEY, account),
            )
            if row is None or row[0] == account:
                return None
            old = row[0]
            # put away: the old account's feeds, changes and last pull
            feeds = conn.execute(
                "UPDATE feeds SET source = ?, active = 0, url = url || ?  WHERE source = ?",
                (PARKED, _parked_url("", old), ACCOUNT),
            ).rowcount
            changes = conn.execute("SELECT item, tag, value FROM source_changes").fetchall()
            conn.execute("DELETE FROM source_changes")
            kept = _meta_list(conn, f"changes {old}") + [list(c) for c in changes]
            _set_meta(conn, f"changes {old}", json.dumps(kept) if kept else None)
            pull = conn.execute(
                "SELECT value FROM source_meta WHERE key = ?", (_PULL_KEY,)
            ).fetchone()
            _set_meta(conn, f"{_PULL_KEY} {old}", pull[0] if pull else None)
            # taken out: the new one's, if it was here before
            suffix = _parked_url("", account)
            back = conn.execute(
                "UPDATE feeds SET source = ?, url = substr(url, 1, length(url) - ?)"
                " WHERE source = ? AND substr(url, -?) = ?",
                (ACCOUNT, len(suffix), PARKED, len(suffix), suffix),
            ).rowcount
            again = _meta_list(conn, f"changes {account}")
            conn.executemany(
                "INSERT OR REPLACE INTO source_changes(item, tag, value) VALUES (?, ?, ?)",
                [tuple(c) for c in again],
            )
            _set_meta(conn, f"changes {account}", None)
            pull = conn.execute(
                "SELECT value FROM source_meta WHERE key = ?", (f"{_PULL_KEY} {account}",)
            ).fetchone()
            _set_meta(conn, _PULL_KEY, pull[0] if pull else None)
            _set_meta(conn, f"{_PULL_KEY} {account}", None)
        return AccountSwitch(old, feeds, len(changes), back, len(again))


@dataclass(frozen=True)
class AccountSwitch:
    """feeds.yaml names another account than the store followed (switch_account)."""

    old: str  # the account put away (account_name)
    feeds: int  # its feeds, put away (their articles kept, hidden)
    changes: int  # its read / starred changes not sent yet: kept for it, not sent
    back: int  # the new account's feeds, taken out (it was here before)
    resent: int  # its changes not sent before, queued again

    def note(self) -> str:
        """One line for the user."""
        text = f"source: switched from {self.old}"
        if self.changes:
            what = _changes(self.changes, "is", "are")
            text += f"; its {what} kept for it (sent if it comes back), not sent to this account"
        if self.feeds:
            text += "; its feeds are put away (their articles kept, hidden)"
        if self.resent:
            text += f"; {_changes(self.resent, 'is', 'are', kept=True)} sent now"
        return text


def _changes(count: int, one: str, many: str, *, kept: bool = False) -> str:
    """ "1 read / starred change not sent yet is", "2 changes kept for this account are"."""
    noun = "change" if count == 1 else "changes"
    verb = one if count == 1 else many
    if kept:
        return f"{count} {noun} kept for this account {verb}"
    return f"{count} read / starred {noun} not sent yet {verb}"


def _meta_list(conn: sqlite3.Connection, key: str) -> list[list]:
    row = conn.execute("SELECT value FROM source_meta WHERE key = ?", (key,)).fetchone()
    try:
        value = json.loads(row[0]) if row else []
    except ValueError:
        return []
    return (
        [c for c in value if isinstance(c, list) and len(c) == 3] if isinstance(value, list) else []
    )


def _set_meta(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    if value is None:
        conn.execute("DELETE FROM source_meta WHERE key = ?", (key,))
    else:
        conn.execute("INSERT OR REPLACE INTO source_meta(key, value) VALUES (?, ?)", (key, value))
