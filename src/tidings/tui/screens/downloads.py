"""The downloads view (Ctrl+E; newsboat's podboat, in the reader): every episode tidings
knows of, as core.download_list makes the rows, with keys to play one, download it
(again), cancel it, delete its file, mark it played, purge the finished from the list.

The progress of the downloads going on is read from the queue every SHOW_EVERY seconds
while the view is open, and only the rows that changed are drawn again (a line each on
the wire); when a download starts or ends the rows are read again from the store.

Thin: what it does is core.download_list's and core.download_queue's; the store is
reached through the app's StorePool, the player through the app (it hands over the
terminal).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from tidings.core import download_list
from tidings.core.download_list import Episode
from tidings.core.download_names import PART
from tidings.core.download_queue import DownloadQueue, Live
from tidings.core.models import Settings
from tidings.tui.screens.confirm import ConfirmScreen
from tidings.tui.store_pool import StorePool
from tidings.tui.widgets.episode_list import EpisodeList
from tidings.tui.widgets.key_bar import KeyBar

SHOW_EVERY = 0.3  # seconds between looks at the downloads' progress
KEYS = [
    ("⏎/p", "Play", "screen.play"),
    ("d", "Download", "screen.download"),
    ("c", "Cancel", "screen.cancel"),
    ("D", "Delete file", "screen.delete"),
    ("m", "Played", "screen.played"),
    ("P", "Purge", "screen.purge"),
    ("esc", "Back", "screen.back"),
]


class DownloadsScreen(ModalScreen[None]):
    """Handed its sources: the store pool, the app's download queue, the settings and
    a player (`play(path)` -> what to say, whether it played)."""

    BINDINGS = [
        Binding("escape,q", "back", "Back"),
        Binding("Q", "app.quit", "Quit"),
        Binding("enter,p", "play", "Play"),
        Binding("d", "download", "Download / retry"),
        Binding("a", "download_all", "Download all stopped / failed"),
        Binding("c", "cancel", "Cancel"),
        Binding("D", "delete", "Delete the file"),
        Binding("m", "played", "Mark played / unplayed"),
        Binding("P", "purge", "Purge the finished from the list"),
        Binding("j,down", "list('down')", show=False),
        Binding("k,up", "list('up')", show=False),
        Binding("g,home", "list('first')", show=False),
        Binding("G,end", "list('last')", show=False),
        Binding("pagedown,space", "list('page_down')", show=False),
        Binding("pageup", "list('page_up')", show=False),
    ]

    DEFAULT_CSS = """
    DownloadsScreen { background: $surface; }
    DownloadsScreen > #downloads-title { height: 1; padding: 0 1; text-style: bold; }
    DownloadsScreen > EpisodeList { height: 1fr; }
    DownloadsScreen > #status { height: 1; padding: 0 1; }
    """

    def __init__(
        self,
        pool: StorePool,
        queue: Callable[[], DownloadQueue],
        settings: Callable[[], Settings],
        play: Callable[[Path], tuple[str, bool]],
    ) -> None:
        super().__init__()
        self.pool = pool
        self.queue = queue
        self.settings = settings
        self.play = play
        self._live = Live((), {})
        self._title = ""

    def compose(self) -> ComposeResult:
        yield Static("Downloads", id="downloads-title")
        yield EpisodeList(id="episodes")
        yield Static("", id="status")
        yield KeyBar(KEYS)

    @property
    def episodes(self) -> EpisodeList:
        return self.query_one(EpisodeList)

    def on_mount(self) -> None:
        self.episodes.focus()
        self.reload()
        self.set_interval(SHOW_EVERY, self._look)

    # -- rows -------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the rows again (the store, and the queue's state now)."""
        self.run_worker(self._load(), group="downloads-view", exclusive=True, exit_on_error=False)

    async def _load(self) -> None:
        before, live = self._live, self.queue().live()
        self._live = live
        rows = await self.pool.call(lambda s: download_list.episodes(s, live))
        self.episodes.set_rows(rows)
        self._show_title(rows)
        going = {*live.running, *live.waiting}
        for key in {*before.running, *before.waiting} - going:  # ended meanwhile: how
            row = self.episodes.row_of(key)
            if row is not None and row.state == "failed":
                self.say(f"Download of {row.file_name} failed: {row.error}; d tries again.")
            elif row is not None and row.state == "finished":
                self.say(f"Downloaded {row.path}")

    def _look(self) -> None:
        """The downloads' progress, into their rows; a download started or ended: the
        rows again."""
        live = self.queue().live()
        before = self._live
        if live.waiting != before.waiting or live.running.keys() != before.running.keys():
            self.reload()
            return
        self._live = live
        listing = self.episodes
        for key, progress in live.running.items():
            row = listing.row_of(key)
            if progress is None or row is None:
                continue
            path = row.path or progress.name + PART
            listing.update_row(replace(row, path=path, done=progress.done, total=progress.total))

    def _show_title(self, rows: list[Episode]) -> None:
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.state] = counts.get(row.state, 0) + 1
        noun = "episode" if len(rows) == 1 else "episodes"
        parts = [f"{n} {state}" for state, n in counts.items()]
        at_once = max(1, self.settings().max_downloads)
        title = f"Downloads: {len(rows)} {noun}" + (f" ({', '.join(parts)})" if parts else "")
        title += f"; {at_once} at once"
        if title != self._title:
            self._title = title
            self.query_one("#downloads-title", Static).update(title)

    def say(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    # -- keys -------------------------------------------------------------------------
    def action_list(self, where: str) -> None:
        self.episodes.move(where)

    def action_back(self) -> None:
        self.dismiss(None)

    def _chosen(self) -> Episode | None:
        row = self.episodes.current
        if row is None:
            self.say("No episode here: e on an article downloads its episode.")
        return row

    async def action_play(self) -> None:
        row = self._chosen()
        if row is None:
            return
        if not await asyncio.to_thread(download_list.file_there, row):
            self.say(f"{row.file_name} is not downloaded ({row.state}): d downloads it.")
            return
        said, played = self.play(Path(row.path))
        if played:
            await self.pool.call(lambda s: download_list.set_played(s, row.key, True))
        self.say(said)
        self.reload()

    async def action_download(self) -> None:
        row = self._chosen()
        if row is not None:
            self.say(await self._download(row))
            self.reload()

    async def action_download_all(self) -> None:
        rows = [r for r in self.episodes.rows if r.state in ("stopped", "failed")]
        if not rows:
            self.say("Nothing stopped or failed to download again.")
            return
        said = [await self._download(row) for row in rows]
        self.say(said[0] if len(said) == 1 else f"Downloading {len(said)} episodes again…")
        self.reload()

    async def _download(self, row: Episode) -> str:
        if row.state in ("queued", "downloading"):
            return f"{row.file_name} is {row.state} already (c cancels it)."
        if row.state in ("finished", "played"):
            return f"{row.file_name} is downloaded: p plays it, D deletes the file."
        settings = self.settings()
        job = await self.pool.call(lambda s: download_list.job_again(s, row.key, settings))
        if job is None:
            return "That episode's article is no longer in the database."
        self.queue().submit(job)
        going_on = " from where it stopped" if job.part is not None else ""
        return f"Downloading {row.title or row.file_name}{going_on}…"

    async def action_cancel(self) -> None:
        row = self._chosen()
        if row is None:
            return
        if row.state not in ("queued", "downloading"):
            self.say(f"{row.file_name} is not downloading ({row.state}).")
            return
        queue = self.queue()
        await asyncio.to_thread(queue.cancel, row.article_id, row.url)
        going_on = "; d goes on from where it stopped" if row.state == "downloading" else ""
        self.say(f"Cancelled {row.file_name}{going_on}.")
        self.reload()

    def action_delete(self) -> None:
        row = self._chosen()
        if row is None:
            return
        if row.state in ("queued", "downloading"):
            self.say(f"{row.file_name} is {row.state}: c cancels it first.")
            return
        if not row.path or row.state in ("deleted", "missing"):
            self.say(f"{row.file_name} has no file to delete ({row.state}).")
            return

        async def delete() -> None:
            problem = await self.pool.call(lambda s: download_list.delete_file(s, row))
            self.say(problem or f"Deleted {row.path}; the article stays.")
            self.reload()

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(delete(), group="downloads-delete", exit_on_error=False)
            else:
                self.say("Nothing deleted.")

        self.app.push_screen(ConfirmScreen(f"Delete {row.path}?"), answered)

    async def action_played(self) -> None:
        row = self._chosen()
        if row is None:
            return
        if row.state not in ("finished", "played"):
            self.say(f"{row.file_name} is not downloaded ({row.state}).")
            return
        played = row.state != "played"
        await self.pool.call(lambda s: download_list.set_played(s, row.key, played))
        self.say(f"{row.file_name}: {'played' if played else 'not played'}.")
        self.reload()

    async def action_purge(self) -> None:
        gone = await self.pool.call(download_list.purge_finished)
        noun = "episode" if gone == 1 else "episodes"
        self.say(f"Purged {gone} downloaded {noun} from the list; their files stay.")
        self.reload()
