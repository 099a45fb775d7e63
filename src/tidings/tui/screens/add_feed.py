"""The prompt on `a`: a feed's address or its site's. Enter looks for the feed (the app
does, on a thread worker); the prompt stays, holding what was typed, until the feed is
added, so an address that failed is there to correct, the reason in the status line,
which the prompt leaves uncovered (screens/prompt.py). Esc closes it; a lookup under
way goes on.

With an account in feeds.yaml (`source:`), the feed goes to the account by default,
as newsboat's urls-source users expect; Ctrl+T switches between the account and
feeds.yaml, the hint saying which (Tab moves between the reader's panes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Self

from textual.binding import Binding
from textual.widgets import Static

from tidings.tui.screens.prompt import PromptScreen

_LOCAL = "Add a feed: its address or its site's (example.com). Esc cancels"
_TO_ACCOUNT = "Add to your account: a feed's address or its site's. Ctrl+T: to feeds.yaml"
_TO_FILE = "Add to feeds.yaml: a feed's address or its site's. Ctrl+T: to your account"


class AddFeedScreen(PromptScreen):
    """Asks for an address; the app dismisses the screen once the feed is added.
    `account`: feeds.yaml has a source:; `to_account`: where Enter sends the feed."""

    BINDINGS = [
        *PromptScreen.BINDINGS,
        Binding("ctrl+t", "switch_target", "Account / feeds.yaml", show=False, priority=True),
    ]
    input_id = "add-feed-input"
    placeholder = "https://…"

    def __init__(
        self, value: str, submit: Callable[[Self, str], None], *, account: bool = False
    ) -> None:
        super().__init__(value, submit)
        self.account = account
        self.to_account = account
        self.hint = self._hint()

    def _hint(self) -> str:
        if not self.account:
            return _LOCAL
        return _TO_ACCOUNT if self.to_account else _TO_FILE

    def action_switch_target(self) -> None:
        if not self.account:
            return
        self.to_account = not self.to_account
        self.hint = self._hint()
        self.query_one(Static).update(self.hint)
