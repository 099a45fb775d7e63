"""The prompt on `a`: a feed's address or its site's. Enter looks for the feed (the app
does, on a thread worker); the prompt stays, holding what was typed, until the feed is
added, so an address that failed is there to correct, the reason in the status line,
which the prompt leaves uncovered (screens/prompt.py). Esc closes it; a lookup under
way goes on."""

from __future__ import annotations

from tidings.tui.screens.prompt import PromptScreen


class AddFeedScreen(PromptScreen):
    """Asks for an address; the app dismisses the screen once the feed is added."""

    hint = "Add a feed: its address or its site's (example.com). Esc cancels"
    input_id = "add-feed-input"
    placeholder = "https://…"
