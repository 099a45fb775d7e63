"""`S`: save the article to a text file, as newsboat's save-article.

The prompt (screens/save.py) is prefilled with `save_dir` and a name from the title
(core.save_file); the text is core.article_text's, the same `tidings save` writes. The
text is built and written on a thread worker, never on the event loop: into a temporary
file beside the target, then linked into place, so a crash leaves no half file and an
existing file is never replaced unless the reader says yes. A directory that does not
exist is created only once the reader says yes too (a typo in a typed path should not
make a new directory tree silently; newsboat just fails there).

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tidings.core import paths
from tidings.core.article_text import article_text
from tidings.core.models import Article
from tidings.core.save_file import (
    NoDirectory,
    SaveError,
    TargetExists,
    display_path,
    file_name,
    resolve_target,
    write_file,
)
from tidings.tui.row_waiting import waits_for_row
from tidings.tui.screens.confirm import ConfirmScreen
from tidings.tui.screens.save import SaveScreen

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


@dataclass
class _SaveJob:
    """One article being saved: what the prompt and its answers need."""

    article: Article
    save_dir: Path
    name: str  # the file name from the title
    screen: SaveScreen = field(init=False)


class SaveActions(_Base):
    """S (see tidings.tui.keymap)."""

    @waits_for_row
    async def action_save(self) -> None:
        item = self._selected()
        if item is None:
            self.set_status("No article to save.")
            return
        article: Article | None
        if isinstance(item, Article):
            article = item
        else:
            article_id = item.id
            article = await self.pool.call(lambda s: s.get_article(article_id))
        if article is None:
            self.set_status("That article is no longer in the database.")
            return
        save_dir = await asyncio.to_thread(paths.save_dir, self.config.settings.save_dir)
        name = file_name(article.title, article.id)
        job = _SaveJob(article, save_dir, name)
        job.screen = SaveScreen(
            display_path(save_dir / name), lambda _screen, typed: self._save_typed(job, typed)
        )

        def closed(saved: bool | None) -> None:
            if not saved:
                self.set_status("Not saved.")

        self.set_status("")  # the line below the prompt tells only of this save
        self.push_screen(job.screen, closed)

    def _save_typed(self, job: _SaveJob, typed: str) -> None:
        """Enter in the prompt."""
        if not typed.strip():
            self.set_status("Type a file name to save to, or Esc.")
            return
        self._start_save(job, typed=typed)

    def _start_save(
        self,
        job: _SaveJob,
        *,
        typed: str | None = None,
        path: Path | None = None,
        overwrite: bool = False,
        make_dirs: bool = False,
    ) -> None:
        job.screen.busy = True
        self.run_worker(
            lambda: self._save_thread(job, typed, path, overwrite, make_dirs),
            thread=True,
            group="save",
            description="saving the article",
            exit_on_error=False,
        )

    def _save_thread(
        self,
        job: _SaveJob,
        typed: str | None,
        path: Path | None,
        overwrite: bool,
        make_dirs: bool,
    ) -> None:
        """On a worker thread: where the typed path points, the text, the write; the
        outcome goes back to the event loop."""
        try:
            if path is None:
                path = resolve_target(typed or "", job.save_dir, job.name)
            write_file(path, article_text(job.article), overwrite=overwrite, make_dirs=make_dirs)
        except TargetExists as exc:
            shown = display_path(exc.path)  # the path last: a long one is cut, not the question
            question, refused = f"File exists. Overwrite {shown}?", f"Not overwritten: {shown}"
            self.call_from_thread(self._ask, job, question, refused, path=exc.path, overwrite=True)
        except NoDirectory as exc:
            shown = display_path(exc.directory)
            question = f"No such directory. Create {shown}?"
            refused = f"Not saved (no such directory): {shown}"
            self.call_from_thread(self._ask, job, question, refused, path=exc.path, make_dirs=True)
        except SaveError as exc:
            # The reason first: a long path is what the status line cuts.
            failed = f"Cannot save ({exc.reason}): {display_path(exc.path)}"
            self.call_from_thread(self._save_failed, job, failed)
        except BaseException:
            self.call_from_thread(self._save_failed, job, "")
            raise  # told in the status line by on_worker_state_changed
        else:
            self.call_from_thread(self._saved, job, path)

    def _saved(self, job: _SaveJob, path: Path) -> None:
        job.screen.busy = False
        if job.screen in self.screen_stack:  # not if Esc came while it was written
            job.screen.dismiss(True)
        self.set_status(f"Saved to {display_path(path)}")

    def _save_failed(self, job: _SaveJob, message: str) -> None:
        """The prompt stays, holding what was typed, to be corrected."""
        job.screen.busy = False
        if message:
            self.set_status(message)

    def _ask(self, job: _SaveJob, question: str, refused: str, **again: object) -> None:
        """A yes / no question in the status line; yes saves again with `again`
        (overwrite, make_dirs), no leaves the prompt as it was and says `refused`."""

        def answered(yes: bool | None) -> None:
            if yes:
                self._start_save(job, **again)  # type: ignore[arg-type]
            else:
                job.screen.busy = False
                self.set_status(refused)

        self.push_screen(ConfirmScreen(question), answered)
