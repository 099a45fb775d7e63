"""`|`: pipe the article to a command (newsboat's pipe-to).

The command is typed in a prompt (screens/pipe.py; Up goes back through this session's
commands) and split as a shell would, but run without one (core.command_line): a `|`
or `>` in it is refused with a word on `sh -c`. The article goes to the program's
standard input as `S` saves it (core.article_text: header, body, links). A pager
(`less`, `vim -`) needs the terminal and a program in the background (`wl-copy`,
`tee ~/notes.txt`) does not mind having it, so, as newsboat does, the reader always
hands the terminal over (App.suspend, as for a text browser) and takes it back when
the program exits; the status line then says how it went ("| less: exit 0", or the
error and the first line the program wrote to stderr).

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

from tidings.core.article_text import article_text
from tidings.core.command_line import CommandError, program_name, run_command, split_command
from tidings.core.models import Article, ArticleSummary
from tidings.tui.screens.pipe import PipeScreen

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

HISTORY = 100  # commands Up goes back through


class PipeActions(_Base):
    """| (see tidings.tui.keymap)."""

    def action_pipe(self) -> None:
        """The prompt opens at once, the row under the cursor still coming or not (the
        command typed after | goes to it); the article is the one there when it comes."""
        chosen = self._selected()
        if chosen is None and not self.row_coming():
            self.set_status("No article to pipe.")
            return

        def typed(screen: PipeScreen, command: str) -> None:
            if not command.strip():  # nothing typed: closed, as Esc
                screen.dismiss(False)
                return
            try:
                words = split_command(command)
            except CommandError as exc:
                screen.say(str(exc))  # the prompt stays, to mend the command
                self.set_status(str(exc))
                return
            command = command.strip()
            self.pipe_commands[:] = [c for c in self.pipe_commands if c != command][-HISTORY + 1 :]
            self.pipe_commands.append(command)
            screen.dismiss(True)
            self.pipe_article(chosen, words)

        self.set_status("")  # the line below the prompt tells only of this command
        self.push_screen(PipeScreen(self.pipe_commands, typed))

    def pipe_article(self, item: ArticleSummary | Article | None, words: list[str]) -> None:
        """Pipe `item` to the command `words`, on a worker; None: the list's row under
        the cursor, once its page has come (it was still coming when | was typed)."""

        def pipe() -> None:
            chosen = item or self.articles.current
            if chosen is not None:
                self.run_worker(
                    self._pipe(chosen if isinstance(chosen, Article) else None, chosen.id, words),
                    group="pipe",
                    description="piping the article",
                    exit_on_error=False,
                )

        if item is not None or not self.articles.when_loaded(pipe):
            pipe()

    async def _pipe(self, article: Article | None, article_id: int, words: list[str]) -> None:
        if article is None:
            article = await self.pool.call(lambda s: s.get_article(article_id))
            if article is None:
                self.set_status("That article is no longer in the database.")
                return
        text = await asyncio.to_thread(article_text, article)
        name = program_name(words)
        try:
            with self.suspend(), _interrupts_left_to_the_program():
                ran = run_command(words, stdin_text=text)
        except SuspendNotSupported:  # a terminal Textual cannot hand over
            self.set_status(f"Cannot hand the terminal to {name}.")
            return
        self.set_status(f"| {name}: {ran.describe()}")


@contextlib.contextmanager
def _interrupts_left_to_the_program() -> Iterator[None]:
    """Ctrl+C while the program has the terminal is the program's (less stops a search
    with it): the reader, in the same process group, lets it pass. A handler that does
    nothing, not SIG_IGN, which the program would inherit."""
    try:
        before = signal.signal(signal.SIGINT, lambda _signum, _frame: None)
    except ValueError:  # not the main thread: nothing to change
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)
