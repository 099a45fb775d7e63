"""Opening the SQLite file behind a Store, and the errors a user can act on.

A file that exists and is not SQLite, or is SQLite but not ours, is refused before
anything writes to it. sqlite3 errors (corrupt, read-only, disk full, locked) become
StoreError with a message that says what to do.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from tidings.core import schema
from tidings.core.search_operators import FOLD_SQL, fold_value

SQLITE_HEADER = b"SQLite format 3\x00"

_T = TypeVar("_T")

PAGE_SIZE = 16_384  # bytes, for new databases
BUSY_SECONDS = 5.0  # how long an opener waits for another one (busy_timeout)


class StoreError(Exception):
    """A clear, user-facing problem with the database (corrupt, foreign, read-only...)."""


def translated(method: Callable[..., _T]) -> Callable[..., _T]:
    """Turn sqlite3 errors (disk full, read-only, corrupt, locked) into StoreError."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> _T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(self._explain(exc)) from None

    return wrapper


def connect(path: str | Path) -> tuple[sqlite3.Connection, str]:
    """Open or create the database at `path` (':memory:' allowed), migrating the
    schema: the connection and its name. Raises StoreError with a clear message for a
    corrupt or foreign file (which is left untouched) or an unwritable directory."""
    name = str(path)
    if name != ":memory:":
        p = Path(path)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the directory for the database {p}: {exc.strerror or exc}"
            ) from None
        check_header(p)
    try:
        conn = sqlite3.connect(name, isolation_level=None, timeout=5.0)
    except sqlite3.Error as exc:
        raise StoreError(describe(name, exc)) from None
    if name != ":memory:" and (opened := _identity(Path(name))) is not None:
        _SQLITE_OWNED.add(opened)  # never opened with open() again: see check_header
    conn.row_factory = sqlite3.Row
    # for the search operators feed:, author:... (tidings.core.search_operators)
    conn.create_function(FOLD_SQL, 1, fold_value, deterministic=True)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        # before any write, so a foreign file is never touched
        if schema.check_ours(conn) == 0 and name != ":memory:":
            # A new database: bigger pages than the default 4 KiB make a refresh's many
            # small writes cheaper (fewer pages to split and write). Only takes effect
            # before the first table exists, and before WAL mode.
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        _wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        schema.migrate(conn)
    except schema.SchemaError as exc:
        conn.close()
        raise StoreError(
            f"{name} is not a tidings database: {exc}. It was left untouched; "
            "move it away or choose another path (--db or TIDINGS_DB)."
        ) from None
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(describe(name, exc)) from None
    except UnicodeDecodeError:  # garbage where the schema's text should be
        conn.close()
        malformed = sqlite3.DatabaseError("database disk image is malformed")
        raise StoreError(describe(name, malformed)) from None
    return conn, name


def _wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. Two openers of a new database (the reader and a cron fetch) race
    here, and SQLite answers the loser "database is locked" at once, without waiting
    out busy_timeout: wait for the winner a little, up to BUSY_SECONDS."""
    deadline = time.monotonic() + BUSY_SECONDS
    delay = 0.001
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            low = str(exc).lower()
            if ("locked" not in low and "busy" not in low) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


# Files this process has opened with SQLite, as (device, inode). On POSIX, closing ANY
# descriptor of a file drops every lock the process holds on it, SQLite's too: reading
# the header of a database the process already has open would let another program's
# closing connection take this one's WAL and shared memory away from under it
# ("disk I/O error" at the reader's next refresh). SQLite itself keeps such descriptors
# open; check_header does not read a file twice.
_SQLITE_OWNED: set[tuple[int, int]] = set()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def check_header(path: Path) -> None:
    """Refuse a file that exists and is not SQLite, before SQLite touches it (once per
    file and process: see _SQLITE_OWNED)."""
    if _identity(path) in _SQLITE_OWNED:
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise StoreError(f"{path} is a directory, not a database file") from None
    except OSError as exc:
        raise StoreError(f"cannot read the database {path}: {exc.strerror or exc}") from None
    if head and head != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a tidings database (not a SQLite file). It was left untouched; "
            "move it away or choose another path (--db or TIDINGS_DB)."
        )


def describe(path: str, exc: sqlite3.Error) -> str:
    text = str(exc)
    low = text.lower()
    if "malformed" in low or "not a database" in low or "corrupt" in low:
        return (
            f"the database {path} is corrupt ({text}). It was left untouched; restore a backup, "
            "or move it away and tidings will start a new one."
        )
    if "readonly" in low or "read-only" in low or "unable to open" in low:
        return (
            f"cannot write the database {path} ({text}): check that its directory is "
            "writable, or choose another path (--db or TIDINGS_DB)."
        )
    if "full" in low:
        return f"the disk holding the database {path} is full ({text}): free some space."
    if "locked" in low or "busy" in low:
        return f"the database {path} is busy ({text}): another tidings may be writing; retry."
    return f"database error on {path}: {text}"
