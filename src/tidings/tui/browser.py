"""Which browser `o` opens a link in, and whether it needs the terminal.

Python's webbrowser picks the browser ($BROWSER first, then the desktop's, then the text
browsers it finds). A text browser (w3m, lynx, links…) runs in this very terminal, so
the reader steps aside while it runs, as newsboat does, and comes back when it quits:
run beside the reader, both would read the keys and draw over each other. Without a
display (over SSH) any browser named by $BROWSER is taken for a text browser too.
Nothing is ever run through a shell.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import webbrowser
from collections.abc import Mapping
from pathlib import PurePath

TEXT_BROWSERS = frozenset(
    {"w3m", "lynx", "links", "links2", "elinks", "www-browser", "browsh", "carbonyl"}
)
NO_BROWSER = "No browser here; y copies the link."  # BROWSER names one (README)


def find_browser(command: str | None = None) -> webbrowser.BaseBrowser | None:
    """The browser of `command` (the browser setting), else the one webbrowser would
    use, or None if there is none (it may run a program to ask the desktop: call it off
    the event loop)."""
    if command:
        return configured_browser(command)
    try:
        return webbrowser.get()
    except webbrowser.Error:
        return None


def configured_browser(command: str, env: Mapping[str, str] = os.environ) -> webbrowser.BaseBrowser:
    """feeds.yaml's `browser: firefox --new-tab %u` (newsboat's `browser`): the words of
    the command, %u standing for the link (added at the end when it is missing), run
    as they are, never through a shell. A text browser, or any browser with no display
    to draw on, has the terminal until it quits (a GenericBrowser waits); others are
    started in the background."""
    args = [a.replace("%u", "%s") for a in shlex.split(command)]  # webbrowser's mark
    if not any("%s" in a for a in args):
        args.append("%s")
    in_terminal = PurePath(args[0]).name in TEXT_BROWSERS or not has_display(env)
    kind = webbrowser.GenericBrowser if in_terminal else webbrowser.BackgroundBrowser
    return kind(args)


def not_opened(browser: webbrowser.BaseBrowser, url: str) -> str:
    """The status line when `browser` did not open `url`: why, when it can be told
    (webbrowser keeps it to itself), as the player's says it: `no such program`."""
    name = browser.name or "The browser"
    program = os.path.expanduser(name)
    if browser.name and shutil.which(program) is None:  # said first: a long link is cut
        why = "not executable" if os.path.isfile(program) else "no such program"
        return f"{name}: {why}, it did not open {url}; y copies the link."
    return f"{name} did not open {url}; y copies the link."


def has_display(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    return platform in ("darwin", "win32") or bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def runs_in_terminal(browser: webbrowser.BaseBrowser, env: Mapping[str, str] = os.environ) -> bool:
    """The browser draws in this terminal (and waits for it): a text browser."""
    if PurePath(browser.name or "").name in TEXT_BROWSERS:
        return True
    # A GenericBrowser (not a BackgroundBrowser) runs in the foreground: with no
    # display to draw on, it can only be a terminal program.
    return type(browser) is webbrowser.GenericBrowser and not has_display(env)
