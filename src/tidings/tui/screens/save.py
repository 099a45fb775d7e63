"""The save prompt on `S`: one line prefilled with where the article would go (the
`save_dir` setting and a name made from its title). Enter saves, Esc cancels. It stays
open until the file is written, so a path that failed (it exists, no such directory,
permission denied) is there to correct; the reason shows in the status line, which the
prompt leaves uncovered, as does the article above it (screens/prompt.py)."""

from __future__ import annotations

from tidings.tui.screens.prompt import PromptScreen


class SaveScreen(PromptScreen):
    """Asks for a path; the app saves and dismisses the screen with True once the file
    is there."""

    hint = "Save the article as a text file: Enter saves, Esc cancels"
    input_id = "save-input"
