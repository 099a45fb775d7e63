"""The reader's actions, their default keys, and the user's `keys:` map from feeds.yaml.

Each action is a Textual binding id; a user keymap ({action: "key[,key...]"}) is checked
here and handed to `App.set_keymap`.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import Keys, _character_to_key

from tidings.core.models import Macro
from tidings.core.newsboat_keys import OPERATIONS


class KeymapError(ValueError):
    """A bad `keys:` entry in feeds.yaml (unknown action or unknown key)."""


@dataclass(frozen=True)
class Action:
    """One rebindable action: binding id, default keys, app action, help text."""

    id: str
    keys: str
    action: str
    description: str
    footer: str = ""  # short label shown in the footer ("" = not shown)
    priority: bool = False


ACTIONS: tuple[Action, ...] = (
    Action("down", "j,down", "cursor('down')", "Move down"),
    Action("up", "k,up", "cursor('up')", "Move up"),
    Action("first", "g,home", "cursor('first')", "Go to the first line"),
    Action("last", "G,end", "cursor('last')", "Go to the last line"),
    Action("page_down", "pagedown", "cursor('page_down')", "Page down"),
    Action("page_up", "pageup", "cursor('page_up')", "Page up"),
    Action("open", "enter", "open", "Open the feed or article", footer="Open"),
    Action("next_pane", "tab", "pane(1)", "Next pane", priority=True),
    Action("prev_pane", "shift+tab", "pane(-1)", "Previous pane", priority=True),
    Action("back", "escape,q", "back", "Back out one level", footer="Back"),
    Action("quit", "Q", "quit", "Quit", footer="Quit"),
    Action("next_article", "n", "step(1)", "Next article", footer="Next"),
    Action("prev_article", "p", "step(-1)", "Previous article", footer="Prev"),
    Action("next_unread", "N", "next_unread", "Next unread (crosses feeds)"),
    Action("prev_unread", "P", "prev_unread", "Previous unread (crosses feeds)"),
    Action("next_feed", "ctrl+n", "step_feed(1)", "Next feed, in the feed pane's order"),
    Action("prev_feed", "ctrl+p", "step_feed(-1)", "Previous feed, in the feed pane's order"),
    Action(
        "next_unread_feed", "right_curly_bracket", "step_feed(1, True)", "Next feed with unread"
    ),
    Action(
        "prev_unread_feed", "left_curly_bracket", "step_feed(-1, True)", "Previous feed with unread"
    ),
    Action(
        "random_unread", "ctrl+k", "random_unread", "A random unread article (else from all feeds)"
    ),
    Action("space", "space", "space", "Page down; next unread at the end"),
    Action("refresh", "r", "refresh", "Refresh this feed", footer="Refresh"),
    Action("refresh_all", "R", "refresh_all", "Refresh all feeds"),
    Action("add_feed", "a", "add_feed", "Add a feed: its address or its site's"),
    Action("remove_feed", "D", "remove_feed", "Remove the feed from feeds.yaml (articles stay)"),
    Action(
        "edit_config",
        "E",
        "edit_config",
        "Edit feeds.yaml in $VISUAL / $EDITOR; read again on exit",
    ),
    Action("toggle_read", "m", "toggle_read", "Toggle read"),
    Action("mark_all_read", "A", "mark_all_read", "Mark all in the view read"),
    Action("mark_above_read", "M", "mark_above_read", "Mark the articles above the cursor read"),
    Action("star", "s", "star", "Star / unstar", footer="Star"),
    Action("delete_article", "d", "delete_article", "Delete the article (it does not come back)"),
    Action("bookmark", "ctrl+b", "bookmark", "Bookmark the article (settings.bookmark_cmd)"),
    Action("save", "S", "save", "Save the article to a text file"),
    Action("pipe", "vertical_line", "pipe", "Pipe the article to a command (less, wl-copy…)"),
    Action(
        "download", "e", "download", "Download the episode (audio / video); once there, play it"
    ),
    Action(
        "downloads",
        "ctrl+e",
        "downloads",
        "The downloads (podboat): play, download again, cancel, delete episodes",
    ),
    Action("unread_only", "u", "unread_only", "Unread only (articles and feeds)"),
    Action("article_order", "O", "article_order", "Order: newest / oldest first (A-Z / Z-A)"),
    Action("sort", "ctrl+g", "sort", "Sort the lists: by date, title, feed or author"),
    Action("set_tag", "T", "set_tag", "Show only the feeds with a tag (chosen from a list)"),
    Action("clear_tag", "ctrl+t", "clear_tag", "Show all the feeds again (after T)"),
    Action("search", "slash", "search", "Search all articles", footer="Search"),
    Action("limit", "F", "limit", "Limit this view to a search (empty: all)"),
    Action("open_link", "o", "open_link", "Open the link in the browser"),
    Action(
        "open_all_unread", "ctrl+o", "open_all_unread", "Open every unread article in the browser"
    ),
    Action(
        "open_all_unread_read",
        "ctrl+w",
        "open_all_unread(True)",
        "Open every unread article in the browser, marked read",
    ),
    Action("copy_link", "y", "copy_link", "Copy the link (OSC 52)"),
    Action("links", "U", "links", "All the article's links: open or copy one"),
    Action(
        "history_back", "backspace,h", "history_back", "Back (after a related article or site page)"
    ),
    Action("full_text", "f", "full_text", "Full text from the web page"),
    Action(
        "toggle_source_view", "ctrl+u", "toggle_source_view", "The article's HTML as text, and back"
    ),
    Action(
        "site_prev", "left_square_bracket", "site_step('prev')", "The site's previous page (上一篇)"
    ),
    Action(
        "site_next", "right_square_bracket", "site_step('next')", "The site's next page (下一篇)"
    ),
    Action("toggle_panels", "t", "toggle_panels", "Show / hide the side panels"),
    Action("focus_panels", "l", "focus_panels", "Go to the side panels"),
    Action("toggle_feeds", "b", "toggle_feeds", "Show / hide the feed pane"),
    Action("help", "question_mark", "help", "Help: all keys", footer="Help"),
    Action("macro", "comma", "macro", "Run a macro: {key} then its key (macros: in feeds.yaml)"),
    *(Action(f"link_{n}", str(n), f"link({n})", f"Open link [{n}]") for n in range(1, 10)),
)

ACTION_IDS: frozenset[str] = frozenset(a.id for a in ACTIONS)
MACRO_ACTIONS: frozenset[str] = ACTION_IDS - {"macro"}  # a macro runs no macro
ACTION_OF: dict[str, str] = {a.id: a.action for a in ACTIONS}  # id -> the app's action

_MODIFIERS = {"ctrl", "alt", "shift", "meta", "super", "hyper"}
_KEY_NAMES = {k.value for k in Keys} | {"space", "enter", "tab", "escape", "backspace"}


def bindings() -> list[Binding]:
    """The app's bindings, each with its id, so a keymap can rebind it."""
    return [
        Binding(
            a.keys,
            a.action,
            a.footer or a.description,
            show=bool(a.footer),
            id=a.id,
            priority=a.priority,
            tooltip=describe(a, {}),
        )
        for a in ACTIONS
    ]


def describe(action: Action, keymap: dict[str, str]) -> str:
    """The action's description, "{key}" in it as the keymap binds it (macro: "Space then
    its key" once rebound to Space)."""
    key = key_display(keymap.get(action.id, action.keys)).split(" / ")[0]
    return action.description.replace("{key}", key)


def normalize_key(key: str) -> str | None:
    """A Textual key name for `key` ("?" -> "question_mark", "Ctrl+X" -> "ctrl+x"), or
    None when it is no key Textual knows."""
    key = key.strip()
    if not key:
        return None
    if len(key) == 1:
        return _character_to_key(key) if key.isprintable() else None
    *mods, base = key.split("+")
    mods = [m.strip().lower() for m in mods]
    if any(m not in _MODIFIERS for m in mods) or not base:
        return None
    if len(base) == 1:
        # With a modifier Textual reports the letter in lower case ("ctrl+x").
        base = _character_to_key(base.lower()) if base.isprintable() else ""
        if not base:
            return None
    elif base.lower() in _KEY_NAMES:
        base = base.lower()
    else:
        try:
            unicodedata.lookup(base.replace("_", " "))
        except KeyError:
            return None
        base = base.lower()
    return "+".join([*mods, base])


def parse_keymap(
    keys: Mapping[str, object],
    source: str = "feeds.yaml",
    lines: Mapping[str, int] | None = None,
) -> dict[str, str]:
    """Check a `keys:` map (action -> key or comma-separated keys) and return it with
    Textual key names. Raises KeymapError with every bad entry, a line each, as
    "FILE:LINE: keys.ACTION: PROBLEM" like the other mistakes in feeds.yaml (`lines`:
    the line of each action in `source`)."""
    out, problems = _checked(keys, source, lines)
    if problems:
        raise KeymapError("\n".join(problems))
    return out


def keymap_problems(
    keys: Mapping[str, object],
    source: str,
    lines: Mapping[str, int] | None = None,
    macros: Sequence[Macro] = (),
) -> list[str]:
    """What parse_keymap would complain of, and what is wrong with the macros' keys and
    actions, as lines (for load_config's check_keys, so a file's bad keys are reported
    with its other mistakes)."""
    return _checked(keys, source, lines)[1] + macro_problems(macros, source)


def macro_problems(macros: Sequence[Macro], source: str) -> list[str]:
    """The macros' keys (one key each, pressed after `,`) and action steps checked."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    unknown = _UnknownActions(MACRO_ACTIONS)
    for macro in macros:
        where = f"{source}:{macro.line}" if macro.line else source
        key = normalize_key(macro.key)
        if key is None or "," in macro.key.strip()[1:]:
            problems.append(
                f"{where}: macros.{macro.key}: unknown key {macro.key!r}; use a character or a"
                " name such as f5, ctrl+x"
            )
        elif key in seen:
            problems.append(f"{where}: macros.{macro.key}: the same key as macros.{seen[key]}")
        else:
            seen[key] = macro.key
        for step in macro.steps:
            if step.kind != "action" or step.value in MACRO_ACTIONS:
                continue
            problems.append(
                f"{where}: macros.{macro.key}: unknown action {step.value!r}"
                + unknown.told(step.value, macro.line)
            )
    return problems


class _UnknownActions:
    """What follows "unknown action" in a problem: the closest action, and the list of
    them all on the first such problem only (three bad lines repeated it three times);
    the others point at its line."""

    def __init__(self, known: Collection[str]) -> None:
        self.known = known
        self.first_line: int | None = None
        self.listed = False

    def told(self, name: str, line: int | None) -> str:
        hint = _did_you_mean(name, self.known)
        if not self.listed:
            self.listed, self.first_line = True, line
            return f"{hint}; actions are: {', '.join(sorted(self.known))}"
        where = f" at line {self.first_line}" if self.first_line else " above"
        return f"{hint}; the actions are listed{where}"


def _did_you_mean(name: str, known: Collection[str]) -> str:
    """` (did you mean 'next_article'?)` for an unknown action, or '': newsboat's name
    for it first (`next`, `open-in-browser`), then an action its name ends with
    (`toggle_star`: `star`), then the closest spelling."""
    near = [OPERATIONS.get(name.strip().replace("_", "-"), "")]
    near.append(name.replace("-", "_").rsplit("_", 1)[-1])  # toggle_star: star
    near += difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    found = next((n for n in near if n in known and n != name), None)
    return f" (did you mean {found!r}?)" if found else ""


def macro_keys(macros: Sequence[Macro]) -> dict[str, Macro]:
    """The macros by the Textual name of their key (checked: see macro_problems)."""
    return {key: m for m in macros if (key := normalize_key(m.key)) is not None}


def _checked(
    keys: Mapping[str, object], source: str, lines: Mapping[str, int] | None
) -> tuple[dict[str, str], list[str]]:
    out: dict[str, str] = {}
    problems: list[str] = []

    def problem(action: str, message: str) -> None:
        line = (lines or {}).get(action)
        where = f"{source}:{line}" if line else source
        problems.append(f"{where}: keys.{action}: {message}")

    unknown = _UnknownActions(ACTION_IDS)
    for action, value in keys.items():
        if action not in ACTION_IDS:
            problem(action, "unknown action" + unknown.told(action, (lines or {}).get(action)))
            continue
        if not isinstance(value, str) or not value.strip():
            problem(action, "expected a key such as 'x' or 'ctrl+x'")
            continue
        parts = [value] if value.strip() == "," else value.split(",")
        names = [normalize_key(part) for part in parts]
        bad = [part.strip() for part, name in zip(parts, names, strict=True) if name is None]
        if bad:
            problem(
                action,
                f"unknown key {bad[0]!r}; use a character or a name such as enter, space,"
                " f5, ctrl+x",
            )
            continue
        out[action] = ",".join(n for n in names if n)
    owner: dict[str, str] = {}  # one key, two actions: Textual would keep one, silently
    for action, names in out.items():
        for key in names.split(","):
            if (first := owner.setdefault(key, action)) != action:
                line = (lines or {}).get(first)
                at = f" (line {line})" if line else ""
                problem(action, f"{key!r} is keys.{first}'s key too{at}: give it to one of them")
    return out, problems


def effective_keys(user: Mapping[str, str]) -> dict[str, str]:
    """Each action's keys as the reader has them: the user's, else its defaults less
    those the user gave to another action (Textual takes a key from the binding that
    had it). "" for an action left without a key."""
    taken = {key.strip() for keys in user.values() for key in keys.split(",")}
    return {
        a.id: user[a.id]
        if a.id in user
        else ",".join(k for k in a.keys.split(",") if k.strip() not in taken)
        for a in ACTIONS
    }


def key_display(keys: str) -> str:
    """Keys as a person reads them: "question_mark" -> "?", "j,down" -> "j / ↓"."""
    shown = []
    for key in keys.split(","):
        key = key.strip()
        if key.startswith("ctrl+") and len(key) > 5:  # ctrl+k -> Ctrl+K
            rest = key_display(key[5:])
            shown.append("Ctrl+" + (rest.upper() if len(rest) == 1 else rest))
            continue
        try:
            shown.append(_SYMBOLS.get(key) or unicodedata.lookup(key.replace("_", " ")))
        except KeyError:
            shown.append(key)
    return " / ".join(shown)


_SYMBOLS = {
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "backspace": "Backspace",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "comma": ",",
}
