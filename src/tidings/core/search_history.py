"""The search prompt's history, kept across sessions as newsboat keeps history.search.

A UTF-8 text file beside the database (`tidings.db.search-history`), one query a line,
oldest first, at most `limit` lines (feeds.yaml's `search_history`). Beside the database
rather than once in the data directory: a reader opened on `--db /tmp/x.db` to try
something keeps its searches with those articles, and neither offers them to nor takes
them from the everyday database; the file is copied, moved and deleted with its database.

Two readers open at once each save by merging into what is on disk (read again, the new
query appended, a repeat moved to the end, the oldest dropped past the limit), never by
writing their own copy over it. Writes go to a temporary file renamed over the old one,
so a reader killed mid-write leaves the old history whole.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from tidings.core.sanitize import clean_line

SUFFIX = ".search-history"


class SearchHistoryError(Exception):
    """The history file could not be read (or written); the message says which and why,
    for the status line: the reason before the path, which may be long and cut off."""

    def __init__(self, what: str, reason: str, path: Path) -> None:
        super().__init__(f"{what}: {reason} ({path})")
        self.what, self.reason, self.path = what, reason, path


def history_path(db_path: Path) -> Path:
    """The history file of the database at `db_path`: `<db path>.search-history`."""
    return db_path.with_name(db_path.name + SUFFIX)


def clean_query(query: str) -> str:
    """`query` as one line of the file: control characters removed, newlines and other
    runs of whitespace made one space, ends stripped ("" for nothing left)."""
    return clean_line(query)


def merge(entries: Iterable[str], queries: Iterable[str], limit: int) -> list[str]:
    """`entries` then `queries`, oldest first, cleaned; a query met again moves to its
    latest place; empty ones are dropped; only the newest `limit` are kept."""
    latest: dict[str, None] = {}
    for query in (*entries, *queries):
        query = clean_query(query)
        if query:
            latest.pop(query, None)  # a repeat goes to the end
            latest[query] = None
    kept = list(latest)
    return kept[max(0, len(kept) - limit) :] if limit > 0 else []


def read_history(path: Path, limit: int) -> list[str]:
    """The queries kept in `path`, oldest first, at most `limit`; [] for a missing file.
    Raises SearchHistoryError for a file that cannot be read or is not UTF-8."""
    if limit <= 0:
        return []
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as e:
        raise SearchHistoryError("search history", _reason(e), path) from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        reason = f"not UTF-8 text (byte {e.object[e.start]:#04x} at {e.start})"
        raise SearchHistoryError("search history", reason, path) from e
    return merge(text.split("\n"), (), limit)


def load_history(path: Path, limit: int) -> tuple[list[str], str | None]:
    """read_history without raising: the queries and None, or [] and what is wrong
    with the file (which the next save rewrites), for the status line."""
    try:
        return read_history(path, limit), None
    except SearchHistoryError as e:
        return [], f"{e.what}: {e.reason}; it will be rewritten ({e.path})"


def write_history(path: Path, entries: Iterable[str]) -> None:
    """Write `entries` (one line each) to `path` atomically: to a temporary file in the
    same directory, flushed to disk, then renamed over `path`. On any failure the old
    file is left as it was and the temporary file removed. Raises SearchHistoryError."""
    text = "".join(f"{entry}\n" for entry in entries)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise SearchHistoryError("search history not saved", _reason(e), path) from e
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise SearchHistoryError("search history not saved", _reason(e), path) from e
        raise


def save_queries(path: Path, queries: Sequence[str], limit: int) -> list[str]:
    """Add `queries` (oldest first) to the history in `path`, merging with what is there
    now (another reader may have added to it): the file read again (an unreadable or
    undecodable one counts as empty and is replaced), each query appended or moved to
    the end, the oldest dropped past `limit`. Returns the history as written. With
    limit 0 nothing is read or written. Raises SearchHistoryError when the file cannot
    be written."""
    if limit <= 0:
        return []
    try:
        entries = read_history(path, limit)
    except SearchHistoryError:
        entries = []
    merged = merge(entries, queries, limit)
    write_history(path, merged)
    return merged


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
