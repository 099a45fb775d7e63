"""Playing a downloaded episode: feeds.yaml's `player` (newsboat's `player`), e.g.
`mpv --no-video`. The command is split as a shell would split it and run without one
(core.command_line); `%f` stands for the file, which goes last when there is no `%f`.
The player has the terminal (its keys, its output) until it exits, as a text browser
has it: the reader steps aside meanwhile (App.suspend)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tidings.core.command_line import Ran, command_argv, not_started


def player_argv(command: str, path: Path) -> list[str]:
    """The words to run: `command`'s, `%f` replaced by `path` (else `path` last)."""
    words = command_argv(command)
    if any("%f" in word for word in words):
        return [word.replace("%f", str(path)) for word in words]
    return [*words, str(path)]


def play(words: list[str]) -> Ran:
    """Run the player with this terminal (stdin, stdout and stderr its own) and wait."""
    try:
        return Ran(returncode=subprocess.run(words, check=False).returncode)
    except OSError as exc:
        return not_started(exc)
