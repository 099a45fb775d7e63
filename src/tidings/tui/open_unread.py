"""Ctrl+O: open every unread article of the list in the browser (newsboat's
open-all-unread-in-browser); Ctrl+W does so and marks them read (its -and-mark-read).
Past ASK_ABOVE articles it asks first (y / n). Each link is opened as `o` opens one
(settings.browser, never through a shell; a text browser has the terminal in turn).

A mixin of TidingsApp (tidings.tui.app).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tidings.core.plural import counted
from tidings.tui.screens.confirm import ConfirmScreen
from tidings.tui.text import clean, safe_url

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

ASK_ABOVE = 10  # more unread articles than this: asked first
MOST = 1_000  # never more at once


class OpenUnreadActions(_Base):
    """open_all_unread (see tidings.tui.keymap)."""

    async def action_open_all_unread(self, mark_read: bool = False) -> None:
        view = replace(self.articles.view, unread_only=True)
        rows = await self.pool.call(lambda s: s.list_articles(view, 0, MOST))
        links = [(row.id, url) for row in rows if (url := safe_url(row.link)) is not None]
        if not links:
            self.set_status("No unread article with a link here.")
            return
        if len(links) <= ASK_ABOVE:
            self._open_all(links, mark_read)
            return
        what = "open and mark read" if mark_read else "open"
        question = f"{what.capitalize()} {counted(len(links), 'unread article')} in the browser?"

        def answered(yes: bool | None) -> None:
            if yes:
                self._open_all(links, mark_read)
            else:
                self.set_status("Nothing opened.")

        self.push_screen(ConfirmScreen(question), answered)

    def _open_all(self, links: list[tuple[int, str]], mark_read: bool) -> None:
        urls = [url for _, url in links]
        done = f"Opened {counted(len(urls), 'article')} in the browser"
        done += ", marked read." if mark_read else "."

        def browse_all() -> None:
            for url in urls:
                self._browse(url)
            if len(urls) > 1:  # each said "Back from URL" (a text browser): say them all
                self.call_from_thread(self.set_status, done)

        self.run_worker(
            browse_all,
            thread=True,
            group="browser",
            description="opening the browser",
            exit_on_error=False,
        )
        said = f"Opening {counted(len(urls), 'article')} in the browser"
        if mark_read:
            self.run_worker(self._mark_opened([i for i, _ in links]), group="mark")
            said += ", marked read"
        self.set_status(f"{said}: {clean(urls[0])}…" if len(urls) > 1 else f"{said}.")

    async def _mark_opened(self, ids: list[int]) -> None:
        await self.pool.call(lambda s: s.set_read(ids, True))
        for article_id in ids:
            self.articles.update_row(article_id, read=True)
        self.load_feeds()
