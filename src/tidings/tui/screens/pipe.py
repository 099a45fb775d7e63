"""The prompt on `|`: a command to pipe the article to (newsboat's pipe-to). Enter
runs it (the app checks it first: a mistake is said in the status line and the
prompt stays, holding it); Esc, or Enter on nothing, cancels. Up and Down go back through the commands of
this session, as in a shell."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Self

from textual.binding import Binding
from textual.widgets import Input, Static

from tidings.tui.screens.prompt import PromptScreen


class PipeScreen(PromptScreen):
    """Asks for a command; the app dismisses the screen once it is to run."""

    BINDINGS = [
        *PromptScreen.BINDINGS,
        Binding("up", "earlier(-1)", "Earlier command", show=False),
        Binding("down", "earlier(1)", "Later command", show=False),
    ]

    DEFAULT_CSS = "PipeScreen > Static.wrong { color: $text-error; text-style: bold; }"

    hint = "Pipe the article to: less, wl-copy… (no shell). ↑ earlier ones. Esc cancels"
    input_id = "pipe-input"
    # dim, after the cursor (a space under it): it read as "less" typed in
    placeholder = " a command, e.g. less (Enter on nothing closes)"

    def __init__(self, commands: Sequence[str], submit: Callable[[Self, str], None]) -> None:
        super().__init__("", submit)
        self.commands = list(commands)  # this session's, oldest first
        self._at = len(self.commands)  # len(): the line being typed
        self._typed = ""

    def action_earlier(self, step: int) -> None:
        field = self.query_one(Input)
        at = max(0, min(len(self.commands), self._at + step))
        if at == self._at:
            return
        if self._at == len(self.commands):
            self._typed = field.value  # kept, for Down to come back to
        self._at = at
        field.value = self.commands[at] if at < len(self.commands) else self._typed
        field.cursor_position = len(field.value)

    def say(self, problem: str) -> None:
        """What is wrong with the command, in place of the hint until it is edited."""
        hint = self.query_one(Static)
        hint.update(problem)
        hint.add_class("wrong")

    def on_input_changed(self, event: Input.Changed) -> None:
        hint = self.query_one(Static)
        if hint.has_class("wrong"):  # being mended: the hint again
            hint.update(self.hint)
            hint.remove_class("wrong")
