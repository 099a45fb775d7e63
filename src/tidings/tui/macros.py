"""Macros (feeds.yaml's `macros:`, newsboat's `macro`): `,` then a key runs its steps.

Each action step runs as its key would, and the next step waits until the work it
started is done (the article it opened is shown, the browser it started has returned):
`[next_unread, open_link]` opens the link of the article N reached, not of the one
before. `browser:` sets the browser for the rest of the macro only (newsboat's macros
set it and set it back; here it goes back by itself). `pipe:` pipes the article to a
command as `|` does, without the prompt. A step that asks something (a prompt, a
question) ends the macro there, its answer left to the reader; so does a refresh, which
is left running.

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import TYPE_CHECKING

from textual import events, work
from textual.worker import WorkerCancelled, WorkerFailed

from tidings.core.command_line import CommandError, split_command
from tidings.core.models import Macro, MacroStep
from tidings.tui.keymap import ACTION_OF, key_display, macro_keys
from tidings.tui.screens.macro import MacroScreen

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

_NOT_WAITED = frozenset({"macro", "refresh", "config", "saved", "notify"})  # long or unrelated


class MacroActions(_Base):
    """, (see tidings.tui.keymap)."""

    _macro_turn: asyncio.Lock | None = None  # one macro at a time, in the order started

    def action_macro(self) -> None:
        macros = macro_keys(self.config.macros)
        if not macros:
            self.set_status("No macros yet: add them under macros: in feeds.yaml (E edits it).")
            return

        def chosen(key: str | None) -> None:
            if key is None:
                self.set_status("")
            elif key in macros:
                self.run_macro(macros[key])
            else:
                self.set_status(f"No macro on {key_display(key)}.")

        self.push_screen(MacroScreen(macros), chosen)

    def on_key(self, event: events.Key) -> None:
        """Keys typed ahead (`, x` sent at once, a paste, a slow link) were on their way
        to the list when `,` opened the macro line; they come up to the reader only now,
        after it. The first picks the macro, as if typed at the line; the line closes at
        once, so the keys after it are the reader's again, in the order typed."""
        if isinstance(self.screen, MacroScreen) and event.is_forwarded:
            self.screen.take(event)

    @work(group="macro", exit_on_error=False, description="running a macro")
    async def run_macro(self, macro: Macro) -> None:
        """Run `macro`'s steps; a macro started while another runs waits its turn (it
        cancelled the first partway: in [down, star] the star was lost)."""
        if self._macro_turn is None:
            self._macro_turn = asyncio.Lock()
        async with self._macro_turn:
            config = self.config
            before = config.settings
            try:
                for step in macro.steps:
                    if step.kind == "browser":
                        config.settings = dataclasses.replace(config.settings, browser=step.value)
                    elif not await self._macro_step(macro, step):
                        return
            finally:
                if self.config is config:  # feeds.yaml read again meanwhile: its settings stay
                    config.settings = dataclasses.replace(config.settings, browser=before.browser)

    async def _macro_step(self, macro: Macro, step: MacroStep) -> bool:
        """Run one step and wait for what it started; False: the macro stops here."""
        screen = self.screen
        running = set(self.workers)
        if step.kind == "pipe":
            if not self._macro_pipe(step.value):
                return False
        else:
            await self.run_action(ACTION_OF[step.value])
        seen = set(running)
        while started := [w for w in self.workers if w not in seen and w.group not in _NOT_WAITED]:
            seen.update(started)  # what they start in turn is waited for too (N opens one)
            for worker in started:
                try:
                    await worker.wait()
                except WorkerCancelled:  # taken over by the one it started, or by a key
                    pass
                except WorkerFailed:  # told in the status line by on_worker_state_changed
                    return False
        if self.screen is not screen:  # it asks something: the rest would not wait for it
            name = step.value if step.kind == "action" else step.kind
            self.set_status(f"Macro {key_display(macro.key)} stopped at {name}: it waits for you.")
            return False
        if any(w.group == "refresh" for w in self.workers if w not in running):
            return False  # a refresh takes its time; the rest would act on old lists
        return True

    def _macro_pipe(self, command: str) -> bool:
        item = self._selected()
        if item is None and not self.row_coming():
            self.set_status("No article to pipe.")
            return False
        try:
            words = split_command(command)
        except CommandError as exc:
            self.set_status(str(exc))
            return False
        self.pipe_article(item, words)
        return True
