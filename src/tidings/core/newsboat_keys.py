"""newsboat's key bindings (`bind-key`, `unbind-key`, `bind`) as feeds.yaml's `keys:`.

newsboat binds a key to an operation; the operation keeps its other keys. feeds.yaml's
`keys:` gives an action all its keys (`back: escape,q,h`), so a binding becomes the
action's keys as they are (its defaults, or what feeds.yaml gives it) with the new key
added, and the key taken from the action that had it (`h` was history_back's:
`history_back: backspace`). An action left without a key is not written: the reader
gives the key to the action that now names it. `unbind-key K` takes K from the action
that has it.

The reader's actions and key names belong to the TUI, so the caller hands them in
(`KeyTable`): core knows no Textual.

newsboat binds per dialog (feed list, article list, article…); the reader has one key
map, so a binding for the feed list, the article list or the article holds everywhere
(and is said so); bindings for dialogs the reader does not have (the URL view, the file
browser, podboat…) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from tidings.core.newsboat_config import Command, LeftOut

# newsboat operation -> the reader's action
OPERATIONS: dict[str, str] = {
    "open": "open",
    "quit": "back",
    "hard-quit": "quit",
    "reload": "refresh",
    "reload-all": "refresh_all",
    "mark-feed-read": "mark_all_read",
    "mark-all-feeds-read": "mark_all_read",
    "save": "save",
    "next-unread": "next_unread",
    "prev-unread": "prev_unread",
    "next": "next_article",
    "prev": "prev_article",
    "open-in-browser": "open_link",
    "open-in-browser-and-mark-read": "open_link",
    "open-in-browser-noninteractively": "open_link",
    "help": "help",
    "toggle-article-read": "toggle_read",
    "toggle-show-read-feeds": "unread_only",
    "show-urls": "links",
    "open-search": "search",
    "set-filter": "limit",
    "pipe-to": "pipe",
    "edit-urls": "edit_config",
    "delete-article": "delete_article",
    "bookmark": "bookmark",
    "random-unread": "random_unread",
    "mark-all-above-as-read": "mark_above_read",
    "up": "up",
    "down": "down",
    "pageup": "page_up",
    "pagedown": "page_down",
    "home": "first",
    "end": "last",
    "switch-focus": "next_pane",
    "macro-prefix": "macro",
    "next-feed": "next_feed",
    "prev-feed": "prev_feed",
    "next-unread-feed": "next_unread_feed",
    "prev-unread-feed": "prev_unread_feed",
    "set-tag": "set_tag",
    "select-tag": "set_tag",
    "clear-tag": "clear_tag",
    "sort": "sort",
    "rev-sort": "article_order",
    "goto-url": "links",
    "toggle-source-view": "toggle_source_view",
    "open-all-unread-in-browser": "open_all_unread",
    "open-all-unread-in-browser-and-mark-read": "open_all_unread_read",
    **{
        word: f"link_{n}"
        for n, word in enumerate(
            ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"), 1
        )
    },
}
# Operations the reader does without a key of their own: why, for the report.
_NO_ACTION = {
    **dict.fromkeys(("select-filter", "clear-filter"), "F with an empty search shows all again"),
    "delete-all-articles": "d deletes one article; A marks them all read",
    "purge-deleted": "d deletes at once: nothing waits to be purged",
    "edit-flags": "s stars an article (the one flag tidings has)",
}
_READER_DIALOGS = {"all", "everywhere", "feedlist", "articlelist", "article", "searchresultslist"}
_NAMED_KEYS = {
    "ENTER": "enter",
    "BACKSPACE": "backspace",
    "LEFT": "left",
    "RIGHT": "right",
    "UP": "up",
    "DOWN": "down",
    "PPAGE": "pageup",
    "NPAGE": "pagedown",
    "HOME": "home",
    "END": "end",
    "ESC": "escape",
    "TAB": "tab",
    "SPACE": "space",
    "DEL": "delete",
    "INS": "insert",
    "LT": "<",
    "GT": ">",
    **{f"F{n}": f"f{n}" for n in range(1, 13)},
}


@dataclass(frozen=True)
class KeyTable:
    """The reader's actions with their default keys (`"j,down"`, as Textual names
    them), and its key-name check (a key as written -> Textual's name, or None)."""

    defaults: Mapping[str, str]
    normalize: Callable[[str], str | None]


@dataclass(frozen=True)
class KeyChange:
    """A binding taken: which action gets which key, from what line, and what to say."""

    command: Command
    action: str
    key: str
    note: str = ""
    taken_from: str = ""  # the action that had the key


@dataclass
class KeysTranslation:
    keys: dict[str, str] = field(default_factory=dict)  # action -> keys, to write
    taken: list[KeyChange] = field(default_factory=list)  # bindings brought over
    already: list[KeyChange] = field(default_factory=list)  # the reader does it so already
    kept: list[KeyChange] = field(default_factory=list)  # feeds.yaml's keys: say otherwise
    left_out: list[LeftOut] = field(default_factory=list)


def newsboat_key(key: str) -> str | None:
    """A key as newsboat writes it (`j`, `^R`, `ENTER`, `F5`, and `bind`'s `<C-r>`,
    `<S-a>`, `<ENTER>`) as tidings' keys: take it (`j`, `ctrl+r`, `enter`); None for
    one it cannot say."""
    if key.startswith("<") and key.endswith(">") and len(key) > 2:
        inner = key[1:-1]
        m = re.fullmatch(r"([CS])-(.)", inner)
        if m:
            mod, char = m.groups()
            if mod == "S":
                return char.upper()
            return f"ctrl+{char.lower()}" if char.isalpha() else None
        key = inner
    if len(key) == 1:
        return key
    if len(key) == 2 and key[0] == "^" and key[1].isalpha():
        return f"ctrl+{key[1].lower()}"
    return _NAMED_KEYS.get(key.upper() if key.upper() in _NAMED_KEYS else key)


def translate_keys(
    commands: list[Command], table: KeyTable, existing: Mapping[str, str] | None = None
) -> KeysTranslation:
    """The key commands of a newsboat config (others are passed over) as `keys:`
    entries, starting from the reader's defaults with feeds.yaml's `keys:` (`existing`,
    action -> keys) over them; an action feeds.yaml names is never changed."""
    binder = _Binder(table, existing or {})
    for command in commands:
        if command.name == "bind-key":
            binder.bind_key(command)
        elif command.name == "bind":
            binder.bind(command)
        elif command.name == "unbind-key":
            binder.unbind(command)
    out = binder.out
    for action, keys in binder.state.items():
        if keys and set(keys) != set(binder.start[action]):
            out.keys[action] = ", ".join(keys)
    return out


class _Binder:
    """The reader's key map as the bindings change it, and what became of each."""

    def __init__(self, table: KeyTable, existing: Mapping[str, str]) -> None:
        self.table = table
        self.fixed = set(existing)  # actions feeds.yaml gives keys to: never changed
        self.state: dict[str, list[str]] = {}
        for action, keys in table.defaults.items():
            written = existing.get(action)
            parts = str(written).split(",") if written is not None else keys.split(",")
            self.state[action] = [k for k in (table.normalize(p) for p in parts) if k]
        self.start = {action: list(keys) for action, keys in self.state.items()}
        self.out = KeysTranslation()

    def left_out(self, command: Command, reason: str, detail: str = "") -> None:
        self.out.left_out.append(LeftOut.of(command, reason, detail))

    def bind_key(self, command: Command) -> None:
        """`bind-key KEY OPERATION [DIALOG]`."""
        if len(command.args) < 2:
            self.left_out(command, "expects a key and an operation")
            return
        key, operation, *rest = command.args
        self.take(command, key, operation, rest[0] if rest else "all")

    def bind(self, command: Command) -> None:
        """newsboat 2.39's `bind KEYS DIALOG[,DIALOG] OPERATION[; OPERATION…] [-- "about"]`."""
        args = list(command.args)
        if "--" in args:
            args = args[: args.index("--")]
        if len(args) < 3:
            self.left_out(command, "expects keys, a dialog and an operation")
            return
        keys, dialogs, *operations = args
        detail = f"{keys} {' '.join(operations)}"
        steps = [w for w in " ".join(operations).replace(";", " ; ").split() if w != ";"]
        if len(steps) != 1:
            self.left_out(
                command, "several operations on one key; a key does one action here", detail
            )
        elif newsboat_key(keys) is None and len(re.findall(r"<[^>]+>|\^.|.", keys)) > 1:
            self.left_out(command, "a sequence of keys; the reader's keys are single keys", detail)
        else:
            self.take(command, keys, steps[0], dialogs)

    def take(self, command: Command, written: str, operation: str, dialogs: str) -> None:
        """Give the key `written` to the action of `operation`."""
        detail = f"{written} {operation}"
        action = OPERATIONS.get(operation)
        if action is None or action not in self.state:
            why = _NO_ACTION.get(operation)
            reason = f"no such action in tidings ({why})" if why else "no such action in tidings"
            if action is None and operation not in _KNOWN_OPERATIONS:
                reason = "not a newsboat operation"
            self.left_out(command, reason, detail)
            return
        places = [d for d in dialogs.split(",") if d]
        if self.elsewhere(command, places, detail):
            return
        key = self.key(command, written, detail)
        if key is None:
            return
        note = ""
        if any(d not in ("all", "everywhere") for d in places):
            note = f"newsboat: in the {', '.join(places)} only; the reader's keys hold everywhere"
        owner = self.owner(key)
        if owner == action:
            self.out.already.append(
                KeyChange(command, action, key, f"{key} is {action} in tidings already")
            )
        elif action in self.fixed:
            self.out.kept.append(
                KeyChange(command, action, key, f"feeds.yaml gives {action} its keys")
            )
        elif owner is not None and owner in self.fixed:
            self.out.kept.append(
                KeyChange(command, action, key, f"feeds.yaml gives {key} to {owner}")
            )
        else:
            if owner is not None:
                self.state[owner].remove(key)
                lost = f"{key} was {owner}'s" + (
                    "" if self.state[owner] else ", which is left without a key"
                )
                note = "; ".join(n for n in (note, lost) if n)
            self.state[action].append(key)
            self.out.taken.append(KeyChange(command, action, key, note, owner or ""))

    def unbind(self, command: Command) -> None:
        """`unbind-key KEY [DIALOG]`: the key taken from the action that has it."""
        if not command.args:
            self.left_out(command, "expects a key")
            return
        written = command.args[0]
        if written == "-a":
            self.left_out(
                command,
                "every action keeps a key in tidings; the bindings after it are brought over",
                "-a",
            )
            return
        if self.elsewhere(command, command.args[1:2], written):
            return
        key = self.key(command, written, written)
        if key is None:
            return
        owner = self.owner(key)
        if owner is None:
            self.out.already.append(KeyChange(command, "", key, f"tidings binds nothing to {key}"))
        elif owner in self.fixed:
            self.out.kept.append(
                KeyChange(command, owner, key, f"feeds.yaml gives {key} to {owner}")
            )
        elif self.state[owner] == [key]:
            self.left_out(
                command, f"it is tidings' only key for {owner}, which would have none", written
            )
        else:
            self.state[owner].remove(key)
            self.out.taken.append(KeyChange(command, owner, key, f"{key} taken from {owner}"))

    def elsewhere(self, command: Command, dialogs: Sequence[str], detail: str) -> bool:
        """Leave the binding out when it is for dialogs the reader has not."""
        other = [d for d in dialogs if d not in _READER_DIALOGS]
        if other:
            self.left_out(
                command, f"for newsboat's {', '.join(other)} only, which the reader has not", detail
            )
        return bool(other)

    def key(self, command: Command, written: str, detail: str) -> str | None:
        plain = newsboat_key(written)
        key = self.table.normalize(plain) if plain else None
        if key is None:
            self.left_out(command, f"no such key here: {written!r}", detail)
        return key

    def owner(self, key: str) -> str | None:
        return next((action for action, keys in self.state.items() if key in keys), None)


# Every newsboat operation (newsboat's doc/keycmds.dsv), to tell a typo from an
# operation tidings lacks.
_KNOWN_OPERATIONS = frozenset(
    {
        *OPERATIONS,
        *_NO_ACTION,
        "zero", "enqueue",
        "reload-urls", "redraw", "cmdline", "view-dialogs", "close-dialog",
        "next-dialog", "prev-dialog", "halfpageup", "halfpagedown",
        "goto-title", "prevsearchresults", "article-feed",
        "save-all",
        "toggle-show-read-articles", "set",
        *(f"cmd-{w}" for w in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")),
    }
)  # fmt: skip
