"""newsboat's cache.db, read into plain records: its feeds, and per feed its articles
with their read state and flags. Opened read-only (a ``mode=ro`` URI): nothing here
ever writes to it.

What newsboat 2.x keeps (observed on newsboat 2.21; tests/newsboat_fixture.py has the
DDL): ``rss_feed(rssurl, url, title, ...)`` and ``rss_item(guid, title, author, url,
feedurl, pubDate, content, unread, enclosure_url, enclosure_type, flags, deleted,
...)``. pubDate is unix seconds; flags are letters A-Z and a-z, sorted (newsboat's
"Flagging Articles"); deleted = 1 is an article deleted in newsboat and not yet purged.
An entry without a guid gets one made up by newsboat: its link followed by its
pubDate as the feed wrote it, else its link, else its title. tidings uses the link for
such an entry (the parsers' id), so a made-up guid is turned back into that.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tidings.core.database import SQLITE_HEADER
from tidings.core.dates import parse_date
from tidings.core.encoding import decode_html
from tidings.core.models import Enclosure, ParsedEntry
from tidings.core.parse_common import author_name, join_url, plain

# The columns read, and those without which a file is not newsboat's cache.
_FEED_COLUMNS = ("rssurl", "url", "title")
_ITEM_COLUMNS = ("guid", "title", "author", "url", "feedurl", "pubDate", "content", "unread")
# Added by later newsbeuter / newsboat versions: read as NULL where missing.
_ITEM_OPTIONAL = ("enclosure_url", "enclosure_type", "flags", "deleted")
_FLAG_RE = re.compile(r"^[A-Za-z]+$")
# Feeds only newsboat can have: its query feeds (tidings import makes them saved
# searches, which hold no articles of their own). exec: and filter: feeds are feeds.
NEWSBOAT_ONLY = ("query:",)


class CacheError(Exception):
    """The file is not a newsboat cache tidings can read; the message names the file
    and says what is wrong."""


@dataclass(frozen=True)
class CacheFeed:
    """One feed newsboat has articles of (or had: a feed row with none left)."""

    url: str  # rss_feed.rssurl / rss_item.feedurl: the URL of newsboat's urls file
    title: str | None
    site: str | None  # the feed's web site (rss_feed.url)
    articles: int  # not deleted in newsboat

    @property
    def newsboat_only(self) -> bool:
        """A query: feed, which is a saved search in tidings, not a feed."""
        return self.url.lower().startswith(NEWSBOAT_ONLY)


@dataclass(frozen=True)
class CacheItem:
    """One article of newsboat's cache, as tidings will store it."""

    guid: str | None  # the entry's id as tidings has it: its own, else its link
    link: str | None
    title: str | None
    author: str | None
    published: int | None  # unix seconds
    content: str | None  # HTML
    enclosure_url: str | None
    enclosure_type: str | None
    unread: bool
    flags: str  # newsboat's flags, letters; "" for none
    deleted: bool = False  # deleted in newsboat (its row kept so the feed can't bring it back)

    def entry(self, base: str | None = None) -> ParsedEntry:
        """The article as the feed parsers would have given it: a plain title, a safe
        absolute link (resolved against `base`, the feed's site), its enclosure."""
        enclosures = []
        enclosure = join_url(base, self.enclosure_url)
        if enclosure:
            enclosures.append(Enclosure(url=enclosure, type=self.enclosure_type or None))
        published = None
        if self.published:
            try:
                published = datetime.fromtimestamp(self.published, UTC)
            except (OverflowError, OSError, ValueError):
                published = None
        return ParsedEntry(
            id=self.guid,
            link=join_url(base, self.link),
            title=plain(self.title),
            author=author_name(self.author),
            published=published,
            content=self.content or None,
            enclosures=enclosures,
        )


def star_rule(letters: str | None) -> str | None:
    """Check --star-flags: the flag letters that star an article (None: any flag)."""
    if letters is None:
        return None
    letters = letters.strip()
    if not _FLAG_RE.match(letters):
        raise ValueError(
            f"{letters!r}: newsboat's flags are letters A-Z and a-z, e.g. --star-flags s"
        )
    return letters


def is_starred(flags: str, letters: str | None) -> bool:
    """Whether newsboat's `flags` star the article: any flag, or one of `letters`."""
    if not flags:
        return False
    if letters is None:
        return True
    return any(flag in letters for flag in flags)


def default_cache_paths() -> list[Path]:
    """Where newsboat keeps its cache: ~/.newsboat when that exists, else the XDG
    data directory."""
    home = Path.home()
    data = os.environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    return [home / ".newsboat" / "cache.db", Path(data) / "newsboat" / "cache.db"]


def find_default_cache() -> Path:
    paths = default_cache_paths()
    for path in paths:
        if path.is_file():
            return path
    raise CacheError(
        "no newsboat cache found at "
        + " or ".join(str(p) for p in paths)
        + "; give its path: tidings import-cache PATH/TO/cache.db"
    )


def newsboat_running(path: Path) -> int | None:
    """The pid of a newsboat that holds `path` (its PATH.lock names a live process)."""
    try:
        pid = int((path.parent / (path.name + ".lock")).read_text().strip() or 0)
    except (OSError, ValueError):
        return None
    if pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except OSError:  # alive, someone else's
        return pid
    return pid


def _text(value: bytes) -> str:
    """Text of the cache: UTF-8, as newsboat writes it; bytes an old newsbeuter left
    in another charset are guessed rather than refused."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return decode_html(value)[0]


def _entry_id(guid: str | None, link: str | None, title: str | None) -> str | None:
    """The id tidings gives the entry: its own guid, else its link (as the feed parsers
    do), else none. newsboat's made-up guids (link and date, link, title) are undone."""
    if not guid:
        return link or None
    if link and guid.startswith(link):
        rest = guid[len(link) :]
        if not rest or parse_date(rest) is not None:
            return link
    if not link and guid == title:
        return None
    return guid


class NewsboatCache:
    """An open newsboat cache.db, read-only. Use as a context manager."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.conn = _open(self.path)
        try:
            self._columns = _check_schema(self.conn, self.path)
        except BaseException:
            self.conn.close()
            raise

    def __enter__(self) -> NewsboatCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def _fail(self, exc: sqlite3.Error) -> CacheError:
        return CacheError(f"cannot read the newsboat cache {self.path}: {exc}")

    def feeds(self) -> list[CacheFeed]:
        """newsboat's feeds, and feed URLs its articles name without a feed row, in
        the order of its feed table; with their article counts (deleted ones left out)."""
        deleted = "deleted" in self._columns
        alive = " WHERE deleted = 0" if deleted else ""
        try:
            counts = dict(
                self.conn.execute(
                    f"SELECT feedurl, count(*) FROM rss_item{alive} GROUP BY feedurl"
                ).fetchall()
            )
            rows = self.conn.execute("SELECT rssurl, title, url FROM rss_feed ORDER BY rowid")
            feeds = [
                CacheFeed(url, (_str(title) or "").strip() or None, _str(site), counts.pop(url, 0))
                for url, title, site in rows
                if isinstance(url, str) and url
            ]
            orphans = self.conn.execute("SELECT DISTINCT feedurl FROM rss_item ORDER BY feedurl")
            feeds += [
                CacheFeed(url, None, None, counts[url])
                for (url,) in orphans
                if isinstance(url, str) and url in counts
            ]
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        return feeds

    def items(self, feed_url: str) -> Iterator[CacheItem]:
        """The feed's articles, those deleted in newsboat too (marked so), oldest first."""
        cols = [c if c in self._columns else f"NULL AS {c}" for c in _ITEM_OPTIONAL]
        sql = (
            "SELECT guid, url, title, author, pubDate, content, unread, "
            + ", ".join(cols)
            + " FROM rss_item WHERE feedurl = ? ORDER BY pubDate, id"
        )
        try:
            cursor = self.conn.execute(sql, (feed_url,))
            for row in cursor:
                guid, link, title, author, _, content, _, enc_url, enc_type, flags, _ = map(
                    _str, row
                )
                yield CacheItem(
                    guid=_entry_id(guid, link, title),
                    link=link,
                    title=title,
                    author=author,
                    published=_int(row[4]),
                    content=content,
                    enclosure_url=enc_url,
                    enclosure_type=enc_type,
                    unread=_int(row[6]) != 0,
                    flags="".join(ch for ch in flags or "" if ch.isascii() and ch.isalpha()),
                    deleted=_int(row[10]) not in (None, 0),
                )
        except sqlite3.Error as exc:
            raise self._fail(exc) from None


def _str(value: object) -> str | None:
    """A text column's value: None for empty; bytes (stored as a blob) decoded."""
    if isinstance(value, bytes):
        value = _text(value)
    return str(value) if value not in (None, "") else None


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _open(path: Path) -> sqlite3.Connection:
    """Open `path` read-only, after checking it is there and is SQLite."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise CacheError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CacheError(f"{path} is a directory; give newsboat's cache.db file") from None
    except OSError as exc:
        raise CacheError(f"cannot read {path}: {exc.strerror or exc}") from None
    if head != SQLITE_HEADER:
        raise CacheError(
            f"{path} is not a newsboat cache: it is not a SQLite database"
            + (" (it is empty)" if not head else "")
            + ". newsboat keeps its cache in ~/.newsboat/cache.db or"
            " ~/.local/share/newsboat/cache.db"
        )
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5.0)
    except sqlite3.Error as exc:
        raise CacheError(f"cannot open {path}: {exc}") from None
    conn.text_factory = _text
    return conn


def _check_schema(conn: sqlite3.Connection, path: Path) -> set[str]:
    """rss_item's optional columns that the file has; CacheError if it lacks what a
    newsboat cache has."""
    from tidings.core.schema import APPLICATION_ID

    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
            raise CacheError(
                f"{path} is a tidings database, not newsboat's cache; give newsboat's"
                " cache.db (~/.newsboat/cache.db or ~/.local/share/newsboat/cache.db)"
            )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in ("rss_feed", "rss_item") if t not in tables]
        if missing:
            raise CacheError(
                f"{path} is not a newsboat cache: it has no {' or '.join(missing)} table"
                f" (a SQLite database with {_table_list(tables)})"
            )
        have: dict[str, set[str]] = {}
        for table in ("rss_feed", "rss_item"):
            have[table] = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
    except sqlite3.Error as exc:
        raise CacheError(
            f"{path} cannot be read as a newsboat cache: {exc} (is it damaged?)"
        ) from None
    for table, needed in (("rss_feed", _FEED_COLUMNS), ("rss_item", _ITEM_COLUMNS)):
        lacking = [c for c in needed if c not in have[table]]
        if lacking:
            raise CacheError(
                f"{path} is not a newsboat cache tidings can read: its {table} table has"
                f" no {', '.join(lacking)} column{'s' if len(lacking) > 1 else ''}"
            )
    return {c for c in _ITEM_OPTIONAL if c in have["rss_item"]}


def _table_list(tables: set[str]) -> str:
    names = sorted(t for t in tables if not t.startswith("sqlite_"))
    if not names:
        return "no tables"
    shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
    return f"the tables {shown}"
