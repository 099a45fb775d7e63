"""`e`: download the article's episode (its first audio or video enclosure), or play it
once it is downloaded (newsboat's enqueue and podboat, in the reader).

The download runs on core.download_queue's own thread, a few at once (`max_downloads`),
never on the event loop; its progress comes back as DownloadEvent messages and stands
in the status line (`Downloading episode-12.mp3: 34% of 48 MB`), redrawn at most every
SHOW_EVERY seconds whatever the number of downloads: a cheap line over SSH. It does
not push away a message of the reader's own until that has stood MESSAGE_STANDS
seconds. Q stops the downloads at once; each keeps its `.part` file and the next `e`
goes on from it. The article shows where its episode went (core.render_article).

`e` on an episode that is downloaded plays it with the `player` setting, which has the
terminal until it exits (App.suspend, as for a text browser or `|`); with no player the
status line says where the file is.

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

from tidings.core.download_list import set_played
from tidings.core.download_names import name_from_url, pick_enclosure
from tidings.core.download_queue import DownloadQueue, job_for
from tidings.core.downloads import Outcome, Progress
from tidings.core.player import play, player_argv
from tidings.core.save_file import display_path
from tidings.tui.messages import DownloadEvent
from tidings.tui.piping import _interrupts_left_to_the_program
from tidings.tui.row_waiting import waits_for_row
from tidings.tui.text import clean

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

SHOW_EVERY = 0.3  # seconds between redraws of the progress in the status line
MESSAGE_STANDS = 2.0  # seconds another message stands before progress replaces it


class DownloadActions(_Base):
    """e (see tidings.tui.keymap)."""

    _downloads: DownloadQueue | None = None
    _download_said = ""  # the status line's last progress text
    _download_shown = 0.0  # time.monotonic() it was drawn
    _other_message = ("", 0.0)  # another message in the status line, and since when

    def download_queue(self) -> DownloadQueue:
        """The queue, made anew for settings changed in feeds.yaml when it is idle."""
        queue = self._downloads
        if queue is not None and queue.settings != self.config.settings and not queue.pending():
            queue.close()
            self._downloads = None
        if self._downloads is None:
            self._downloads = DownloadQueue(
                self.db_path, self.config.settings, lambda e: self.post_message(DownloadEvent(e))
            )
        return self._downloads

    def stop_downloads(self) -> None:
        """Q: downloads under way stop now (their .part files kept for the next `e`)."""
        if self._downloads is not None:
            self._downloads.close()

    @waits_for_row
    async def action_download(self) -> None:
        item = self._selected()
        if item is None:
            self.set_status("No article to download from.")
            return
        if item.id < 0:
            self.set_status("A page opened from the site is not stored: nothing to download.")
            return
        article_id = item.id  # as stored now: a download may have ended since it opened
        article = await self.pool.call(lambda s: s.get_article(article_id))
        if article is None:
            self.set_status("That article is no longer in the database.")
            return
        enclosure = pick_enclosure(article.enclosures)
        if enclosure is None:
            self.set_status("This article has no audio or video attachment to download.")
            return
        queue = self.download_queue()
        if queue.busy_with(article.id, enclosure.url):
            self.set_status(self._progress_text() or "Already downloading it.")
            return
        gone = ""
        if enclosure.downloaded and not enclosure.partial:
            path = Path(enclosure.downloaded)
            if await asyncio.to_thread(path.is_file):
                if self._play(path):  # the downloads view (Ctrl+E) says played
                    key = (article.id, enclosure.url)
                    await self.pool.call(lambda s: set_played(s, key, True))
                return
            gone = f" again (it was gone from {display_path(path)})"
            enclosure = replace(enclosure, downloaded=None)
        settings = self.config.settings
        job = await asyncio.to_thread(job_for, article, enclosure, settings)
        queue.submit(job)
        going_on = " (going on from where it stopped)" if job.part is not None else ""
        waiting = queue.snapshot()
        ahead = len(waiting.running) >= max(1, settings.max_downloads)
        what = "Queued" if ahead else "Downloading"
        self._say_download(f"{what} {clean(article.title) or 'the episode'}{going_on}{gone}…")

    def _play(self, path: Path) -> bool:
        said, played = self.play_file(path)
        self.set_status(said)
        return played

    def play_file(self, path: Path) -> tuple[str, bool]:
        """Play `path` with the player setting, which has the terminal until it exits
        (the downloads view's p too): what to say, and whether it played."""
        player = self.config.settings.player
        shown = display_path(path)
        if not player:
            return f"Downloaded: {shown} (a player: setting in feeds.yaml plays it)", False
        words = player_argv(player, path)
        name = clean(Path(words[0]).name)
        try:
            with self.suspend(), _interrupts_left_to_the_program():
                ran = play(words)
        except SuspendNotSupported:  # a terminal Textual cannot hand over
            return f"Cannot hand the terminal to {name}; the file is {shown}", False
        return f"{name} {shown}: {ran.describe()}", ran.returncode is not None

    # -- events from the downloads' thread -------------------------------------------------
    def on_download_event(self, message: DownloadEvent) -> None:
        event = message.event
        if isinstance(event, Progress):
            now = time.monotonic()
            if now - self._download_shown >= SHOW_EVERY and self._may_replace(now):
                self._say_download(self._progress_text())
            return
        self._ended(event)

    def _ended(self, outcome: Outcome) -> None:
        if outcome.job.article_id == 0:  # the store could not be written
            self.set_status(f"Download: {outcome.error}")
            return
        if outcome.state == "stopped":  # Q: the reader is going
            return
        shown = display_path(outcome.path) if outcome.path is not None else ""
        if outcome.state == "done":
            text = f"Downloaded {shown}"
        else:
            episode = clean(name_from_url(outcome.job.url)) or "the episode"
            text = f"Download of {episode} failed: {clean(outcome.error or '')}"
            if outcome.path is not None:
                text += "; e goes on from where it stopped"
        more = self._progress_text(lead=False)
        # Not progress: it stands MESSAGE_STANDS before another download's progress
        # replaces it (at once, a failure beside a download going on was never read).
        self.set_status(f"{text}; {more}" if more else text)
        self._other_message = (self.status_message, time.monotonic())
        article = self.article
        if article is not None and article.id == outcome.job.article_id:
            self.reshow_article(article.id, keep_scroll=True)

    def _progress_text(self, *, lead: bool = True) -> str:
        """`Downloading episode-12.mp3: 34% of 48 MB (+1 more, 2 queued)`, or ''."""
        if self._downloads is None:
            return ""
        snapshot = self._downloads.snapshot()
        started = [p for p in snapshot.running if p is not None]
        if not started and not snapshot.waiting:
            return ""
        extra = []
        if len(snapshot.running) > 1:
            extra.append(f"+{len(snapshot.running) - 1} more")
        if snapshot.waiting:
            extra.append(f"{snapshot.waiting} queued")
        head = clean(started[-1].describe()) if started else "(connecting…)"
        text = f"{'Downloading ' if lead else 'downloading '}{head}"
        return f"{text} ({', '.join(extra)})" if extra else text

    def _may_replace(self, now: float) -> bool:
        """Progress replaces nothing but itself, or a message that has stood a while."""
        current = self.status_message
        if not current or current == self._download_said:
            return True
        said, since = self._other_message
        if said != current:
            self._other_message = (current, now)
            return False
        return now - since >= MESSAGE_STANDS

    def _say_download(self, text: str) -> None:
        self.set_status(text)
        self._download_said = self.status_message
        self._download_shown = time.monotonic()
