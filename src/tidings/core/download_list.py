"""The downloads view (the reader's Ctrl+E, newsboat's podboat; `tidings download
--list`): every episode tidings knows of, each in one state, and what may be done to
it: play it (marked played), download it again, delete its file, purge the finished
from the list.

The states, in the words the view shows:
  queued       waiting its turn (max_downloads run at once)
  downloading  under way: bytes so far, of the total when the server said it
  stopped      stopped halfway (Q, Ctrl+C, c): its .part file kept, d goes on from it
  failed       the last try failed (`error` says why); d tries again
  finished     downloaded, its file there
  played       played (p here, e in the reader), its file there
  deleted      its file deleted here (D); the article stays, d downloads it again
  missing      downloaded, but its file is gone (deleted outside tidings)

The store keeps the downloads (core.download_records); the queue (core.download_queue)
knows what waits and what runs, so a list is made of both: `episodes(store, live)`.
Functions of a store's connection, as core.download_records'.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tidings.core import download_records
from tidings.core.database import translated
from tidings.core.download_names import PART, name_from_url
from tidings.core.download_queue import Key, Live, job_for
from tidings.core.fetch_errors import human_size
from tidings.core.sanitize import clean_line

if TYPE_CHECKING:
    from tidings.core.downloads import DownloadJob
    from tidings.core.models import Settings
    from tidings.core.store import Store

State = Literal[
    "queued", "downloading", "stopped", "failed", "finished", "played", "deleted", "missing"
]
# Done with: P purges these from the list (their files stay).
FINISHED: frozenset[str] = frozenset({"finished", "played", "deleted", "missing"})


@dataclass(frozen=True)
class Episode:
    """One row of the downloads view."""

    article_id: int
    url: str
    title: str
    feed_title: str
    state: State
    path: str = ""  # the file, or the .part file; '' when nothing is kept
    done: int = 0  # bytes downloaded so far (downloading, stopped), or the file's size
    total: int | None = None  # the whole file's size, when known
    error: str = ""
    at: datetime | None = None

    @property
    def key(self) -> Key:
        return (self.article_id, self.url)

    @property
    def file_name(self) -> str:
        """The file's name (without .part), else the one the URL suggests."""
        if self.path:
            return clean_line(Path(self.path).name.removesuffix(PART))
        return clean_line(name_from_url(self.url) or self.url)

    @property
    def percent(self) -> int | None:
        if self.state in ("downloading", "stopped", "failed") and self.total:
            return min(100, self.done * 100 // self.total)
        return None

    def progress(self) -> str:
        """`34% 16.3 MB/48 MB` while it downloads, `3.2 MB` of one with no total or
        stopped, the size of a downloaded file; '' when there is nothing to say."""
        if self.state in ("downloading", "stopped", "failed") and self.total:
            return f"{self.percent}% {human_size(self.done)}/{human_size(self.total)}"
        if self.state in ("downloading", "stopped", "failed", "finished", "played"):
            return human_size(self.done) if self.done else ""
        return ""


@translated
def episodes(store: Store, live: Live | None = None) -> list[Episode]:
    """The downloads view's rows: those running, those waiting, then the others newest
    first (the list purged by P left out)."""
    live = live or Live((), {})
    rows = {
        (r.article_id, r.url): _episode(r)
        for r in download_records.all_records(store, purged=False)
    }
    unknown = [k for k in (*live.running, *live.waiting) if k not in rows]
    titles = _titles(store, {k[0] for k in unknown})
    for key in unknown:
        title, feed = titles.get(key[0], ("", ""))
        rows[key] = Episode(key[0], key[1], title, feed, "queued")
    running = []
    for key, progress in live.running.items():
        row = replace(rows.pop(key), state="downloading", error="")
        if progress is not None:
            path = row.path or progress.name + PART
            row = replace(row, path=path, done=progress.done, total=progress.total)
        running.append(row)
    waiting = [replace(rows.pop(k), state="queued", error="") for k in live.waiting if k in rows]
    return [*running, *waiting, *rows.values()]


def _episode(r: download_records.DownloadRecord) -> Episode:
    state: State
    done = r.size or 0
    if r.done:
        if r.deleted:
            state = "deleted"
        elif not os.path.isfile(r.path):
            state = "missing"
        else:
            state = "played" if r.played else "finished"
    else:
        state = "failed" if r.error else "stopped"
        done = _size(r.path)
        if state == "stopped" and r.deleted:
            state = "deleted"
    return Episode(
        article_id=r.article_id,
        url=r.url,
        title=clean_line(r.title),
        feed_title=clean_line(r.feed_title),
        state=state,
        path=r.path,
        done=done,
        total=r.size if r.done else None,
        error=clean_line(r.error or ""),
        at=r.at,
    )


def _titles(store: Store, ids: set[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.conn.execute(
        "SELECT a.id, a.title, COALESCE(f.title_override, f.title, f.url)"
        f" FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id IN ({marks})",
        tuple(ids),
    ).fetchall()
    return {r[0]: (clean_line(r[1] or ""), clean_line(r[2] or "")) for r in rows}


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size if path else 0
    except OSError:
        return 0


# -- what the view does --------------------------------------------------------------------
def _update(store: Store, sql: str, params: tuple[object, ...]) -> int:
    with store._transaction() as conn:
        return conn.execute(sql, params).rowcount


@translated
def set_played(store: Store, key: Key, played: bool) -> bool:
    """Mark the episode played (or not); False when it is not downloaded."""
    return bool(
        _update(
            store,
            "UPDATE downloads SET played = ? WHERE article_id = ? AND url = ? AND done = 1",
            (int(played), *key),
        )
    )


@translated
def delete_file(store: Store, episode: Episode) -> str | None:
    """Delete the episode's file (or its .part file) from the disk; the store says
    deleted, the article stays. Returns why it could not be deleted, or None."""
    if episode.path:
        try:
            os.unlink(episode.path)
        except FileNotFoundError:
            pass  # gone already: the record says so now
        except OSError as exc:
            return f"cannot delete {episode.path}: {exc.strerror or exc}"
    _update(
        store,
        "UPDATE downloads SET deleted = 1, played = 0 WHERE article_id = ? AND url = ?",
        episode.key,
    )
    return None


@translated
def purge_finished(store: Store) -> int:
    """Take the downloaded episodes (finished, played, deleted, missing) off the list;
    their files and records stay (e still plays one). How many went."""
    return _update(store, "UPDATE downloads SET purged = 1 WHERE done = 1 AND purged = 0", ())


@translated
def job_again(store: Store, key: Key, settings: Settings) -> DownloadJob | None:
    """The download of that episode again: on from its .part file when one is kept,
    anew when its file was deleted or is gone. None: its article or enclosure is gone
    from the store."""
    article = store.get_article(key[0])
    if article is None:
        return None
    enclosure = next((e for e in article.enclosures if e.url == key[1]), None)
    if enclosure is None:
        return None
    kept = enclosure.partial and os.path.isfile(enclosure.downloaded or "")
    if enclosure.downloaded and not kept:
        enclosure = replace(enclosure, downloaded=None, partial=False, deleted=False)
    return job_for(article, enclosure, settings)


def file_there(episode: Episode) -> bool:
    """The episode is downloaded and its file is on the disk (p plays it)."""
    return episode.state in ("finished", "played") and os.path.isfile(episode.path)
