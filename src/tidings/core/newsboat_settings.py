"""newsboat's settings as feeds.yaml's `settings:`, and its `ignore-article` as `ignore:`.

Each newsboat option that tidings has a setting for becomes that setting (a later line
wins, as in newsboat); the others are left out with the reason (tidings takes a proxy
from the environment…). Key bindings are newsboat_keys', macros newsboat_macros',
`color` lines newsboat_colors'.

Two directions work as newsboat does, not as its option names say (newsboat 2.x, tried
with 2.21 and read in its source): `article-sort-order date-asc` (and no option at all)
lists the newest first and `date` / `date-desc` the oldest first; in `feed-sort-order`,
`title` / `title-desc` is A to Z, `unreadarticlecount-asc` the most unread first and
`lastupdated` / `lastupdated-desc` the newest first.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from tidings.core.command_line import shell_syntax
from tidings.core.ignore import RuleError, parse_rule
from tidings.core.newsboat_config import Command, LeftOut, set_again
from tidings.core.newsboat_filter import Untranslatable, ignore_rules
from tidings.core.newsboat_options import UNKNOWN, left_out_reason

HIGHLIGHTS = ("highlight", "highlight-article", "highlight-feed")  # newsboat_highlight's

KEY_COMMANDS = frozenset({"bind-key", "bind", "unbind-key"})


@dataclass(frozen=True)
class Setting:
    """One entry for feeds.yaml: `settings.NAME` (or `ignore` and a rule) with its value,
    the newsboat lines it comes from, and what to say of it."""

    field: str
    value: object
    sources: tuple[Command, ...]
    note: str = ""

    @property
    def name(self) -> str:
        return self.field.removeprefix("settings.")


@dataclass
class SettingsTranslation:
    settings: list[Setting] = field(default_factory=list)
    ignore: list[Setting] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


class _LeftOut(ValueError):
    """This line cannot be said in feeds.yaml; str() is why."""


def translate_settings(commands: list[Command]) -> SettingsTranslation:
    """The settings and ignore rules of a newsboat config's commands (key bindings and
    what tidings has no setting for go to `left_out`)."""
    out = SettingsTranslation()
    last: dict[str, Command] = {}
    for command in commands:
        if command.name in KEY_COMMANDS or command.name in ("macro", "color", *HIGHLIGHTS):
            continue  # newsboat_keys, newsboat_macros, newsboat_colors, newsboat_highlight
        if command.name == "ignore-article":
            _ignore_article(command, out)
        elif command.name in _SIMPLE or command.name in _JOINED:
            if command.name in last:
                earlier = last[command.name]
                out.left_out.append(
                    LeftOut.of(earlier, set_again(earlier, command), _value(earlier))
                )
            last[command.name] = command
        else:
            out.left_out.append(LeftOut.of(command, left_out_reason(command.name)))
    for name, command in last.items():
        if name not in _SIMPLE:
            continue
        setting, convert = _SIMPLE[name]
        try:
            value, note = convert(command)
        except _LeftOut as exc:
            out.left_out.append(LeftOut.of(command, str(exc), _value(command)))
            continue
        if value is not None:
            out.settings.append(Setting(f"settings.{setting}", value, (command,), note))
    for joined in (_show_read, _confirm_mark_all, _refresh):
        joined(last, out)
    order = {name: i for i, name in enumerate(_ORDER)}
    out.settings.sort(key=lambda s: order.get(s.name, len(order)))
    return out


def is_newsboat_option(name: str) -> bool:
    """Whether `name` is a command of newsboat's config file (to tell one from a urls
    file)."""
    handled = name in _SIMPLE or name in _JOINED or name in KEY_COMMANDS
    known = name in ("include", "ignore-article", "color", *HIGHLIGHTS)
    return handled or known or left_out_reason(name) != UNKNOWN


def _value(command: Command) -> str:
    return " ".join(command.args)


# -- one value ---------------------------------------------------------------------------
def _one(command: Command) -> tuple[str, str]:
    """The value (newsboat reads the first word only) and a note when more were given."""
    if not command.args:
        raise _LeftOut("gives no value")
    extra = command.args[1:]
    note = f"newsboat reads the first word only; {' '.join(extra)!r} left off" if extra else ""
    return command.args[0], note


def _yes_no(command: Command) -> bool:
    word = _one(command)[0]
    if word in ("yes", "true"):
        return True
    if word in ("no", "false"):
        return False
    raise _LeftOut(f"expects yes or no, not {word!r}")


def _number(command: Command) -> int:
    word = _one(command)[0]
    if not word.isdigit():
        raise _LeftOut(f"expects a whole number, not {word!r}")
    return int(word)


def _integer(command: Command) -> tuple[object, str]:
    return _number(command), ""


def _boolean(command: Command) -> tuple[object, str]:
    return _yes_no(command), ""


def _text(command: Command) -> tuple[object, str]:
    return _one(command)


def _timeout(command: Command) -> tuple[object, str]:
    seconds = _number(command)
    if seconds == 0:
        raise _LeftOut("0 (no time limit): tidings always has one, total_timeout 60 s unless set")
    return seconds, "the time one whole download may take"


def _browser(command: Command) -> tuple[object, str]:
    value, note = _one(command)
    notes = [note] if note else []
    stripped = value.strip()
    silenced = re.sub(r"\s+(?:[12&]?>\s*/dev/null|2>&1)(?=\s|$)", "", stripped)
    if silenced != stripped:
        notes.append("its output is thrown away already, the redirection dropped")
        stripped = silenced.strip()
    if stripped.endswith("&") and not stripped.endswith("&&"):
        stripped = stripped[:-1].rstrip()
        notes.append(
            "the trailing & dropped: tidings starts a desktop browser beside the reader itself"
        )
    return _program(stripped, "browser"), "; ".join(notes)


def _program(command: str, what: str) -> str:
    """A command to run without a shell (a leading `~` expanded), or _LeftOut."""
    if not command:
        raise _LeftOut("names no program")
    if shell_syntax(command):
        raise _LeftOut(
            f"needs a shell (a variable, a pipe, ; or &&); tidings runs the {what} without one:"
            " write it as sh -c '…' in feeds.yaml"
        )
    words = _split(command)
    if words[0].startswith("~"):
        words[0] = os.path.expanduser(words[0])
        command = shlex.join(words)
    return command


def _notify_program(command: Command) -> tuple[object, str]:
    value, note = _one(command)
    path = value.strip()
    if not path:
        raise _LeftOut("names no program")
    # newsboat runs it as one program, the message its first argument: quoted here as
    # one word (a path with a space stays one path); tidings puts the message last.
    return re.sub(r"([^\w@%+=:,./~-])", r"\\\1", path), note


def _notify_format(command: Command) -> tuple[object, str]:
    from tidings.core.notify_message import format_problem

    value, note = _one(command)
    problem = format_problem(value)
    if problem is not None:
        raise _LeftOut(problem)
    return value, note


def _save_path(command: Command) -> tuple[object, str]:
    value, note = _one(command)
    if not value.startswith("~") and not os.path.isabs(value):
        value = f"~/{value}"
        relative = "a relative path, taken from the home directory (newsboat: from where it runs)"
        note = "; ".join(n for n in (note, relative) if n)
    return value, note


def _player(command: Command) -> tuple[object, str]:
    value, note = _one(command)
    return _program(value.strip(), "player"), note


def _bookmark_cmd(command: Command) -> tuple[object, str]:
    value, note = _one(command)
    return _program(value.strip(), "bookmark command"), note


def _bookmark_autopilot(command: Command) -> tuple[object, str]:
    if _yes_no(command):
        raise _LeftOut("nothing to set: tidings bookmarks without asking, as autopilot does")
    raise _LeftOut(
        "tidings asks nothing before it bookmarks (as autopilot does): the article's URL and"
        " title, an empty description"
    )


def _auto_enqueue(command: Command) -> tuple[object, str]:
    return _yes_no(command), "`tidings download` (from cron) downloads what newsboat enqueued"


def _article_order(command: Command) -> tuple[object, str]:
    value, _ = _one(command)
    if value in ("date-asc",):
        return "newest", "newsboat's date-asc lists the newest first"
    if value in ("date", "date-desc"):
        return "oldest", f"newsboat's {value} lists the oldest first"
    field, _, way = str(value).partition("-")
    if field in ("title", "author") and way in ("", "asc", "desc"):
        # No direction is newsboat's desc, as for the date; title and author run as named.
        return (field if way == "asc" else f"{field}-desc"), ""
    raise _LeftOut(
        "tidings sorts articles by date, title, author or feed only"
        " (settings.article_order; Ctrl+G in the reader)"
    )


def _feed_order(command: Command) -> tuple[object, str]:
    value, _ = _one(command)
    orders = {
        "none": ("config", ""),
        "title": ("title", "A to Z"),
        "title-desc": ("title", "newsboat's title-desc is A to Z"),
        "unreadarticlecount-asc": ("unread", "newsboat's -asc puts the most unread first"),
        "lastupdated": ("updated", "the newest first"),
        "lastupdated-desc": ("updated", "the newest first"),
    }
    if value in orders:
        return orders[value]
    reverse = {
        "title-asc": "Z to A",
        "unreadarticlecount": "the fewest unread first",
        "unreadarticlecount-desc": "the fewest unread first",
        "lastupdated-asc": "the oldest first",
    }
    if value in reverse:
        raise _LeftOut(f"in newsboat {value} is {reverse[value]}, which the feed pane has not")
    raise _LeftOut("tidings orders feeds as in feeds.yaml, by title, unread or updated")


def _split(command: str) -> list[str]:
    try:
        words = shlex.split(command)
    except ValueError as exc:
        raise _LeftOut(f"{exc}") from None
    if not words:
        raise _LeftOut("names no program")
    return words


_Convert = Callable[[Command], tuple[object, str]]
_SIMPLE: dict[str, tuple[str, _Convert]] = {
    "browser": ("browser", _browser),
    "max-items": ("max_items", _integer),
    "keep-articles-days": ("keep_days", _integer),
    "article-sort-order": ("article_order", _article_order),
    "feed-sort-order": ("feed_order", _feed_order),
    "text-width": ("text_width", _integer),
    "save-path": ("save_dir", _save_path),
    "download-path": ("download_dir", _save_path),
    "player": ("player", _player),
    "max-downloads": ("max_downloads", _integer),
    "podcast-auto-enqueue": ("download", _auto_enqueue),
    "history-limit": ("search_history", _integer),
    "user-agent": ("user_agent", _text),
    "download-timeout": ("total_timeout", _timeout),
    "notify-program": ("notify_program", _notify_program),
    "notify-format": ("notify_format", _notify_format),
    "notify-always": ("notify_always", _boolean),
    "notify-beep": ("notify_beep", _boolean),
    "notify-xterm": ("notify_terminal", _boolean),
    "bookmark-cmd": ("bookmark_cmd", _bookmark_cmd),
    "bookmark-interactive": ("bookmark_interactive", _boolean),
    "bookmark-autopilot": ("", _bookmark_autopilot),
}
# Options that make one setting together (read by _show_read, _confirm_mark_all, _refresh).
_JOINED = frozenset(
    {
        "show-read-articles",
        "show-read-feeds",
        "confirm-mark-all-feeds-read",
        "confirm-mark-feed-read",
        "auto-reload",
        "reload-time",
        "refresh-on-startup",
        "suppress-first-reload",
    }
)
# The order settings are written in: as docs/feeds-yaml.md lists them.
_ORDER = (
    "refresh_on_startup", "refresh_every", "confirm_mark_all", "user_agent", "total_timeout",
    "keep_days", "max_items", "article_order", "feed_order", "browser", "show_read",
    "show_read_feeds",
    "text_width", "search_history", "save_dir", "download_dir", "player", "max_downloads",
    "download", "notify_program", "notify_format",
    "notify_beep", "notify_terminal", "notify_always", "bookmark_cmd", "bookmark_interactive",
)  # fmt: skip


# -- options that make one setting together ----------------------------------------------
def _pair(
    last: dict[str, Command],
    out: SettingsTranslation,
    first: str,
    second: str,
    setting: str,
    why: str,
) -> None:
    """One boolean setting from two newsboat options: the first, else the second; when
    both are given and differ, the first wins and the second is left out."""
    values: dict[str, tuple[Command, bool]] = {}
    for name in (first, second):
        command = last.get(name)
        if command is None:
            continue
        try:
            values[name] = (command, _yes_no(command))
        except _LeftOut as exc:
            out.left_out.append(LeftOut.of(command, str(exc), _value(command)))
    if not values:
        return
    if len(values) == 2 and values[first][1] != values[second][1]:
        command = values[second][0]
        out.left_out.append(
            LeftOut.of(command, f"{why}; {first} {_value(values[first][0])} taken", _value(command))
        )
        del values[second]
    chosen = next(iter(values.values()))[1]
    sources = tuple(command for command, _ in values.values())
    out.settings.append(Setting(f"settings.{setting}", chosen, sources))


def _show_read(last: dict[str, Command], out: SettingsTranslation) -> None:
    """show-read-articles -> show_read, show-read-feeds -> show_read_feeds. tidings'
    show_read: false hides read feeds too, so show-read-articles no beside
    show-read-feeds yes cannot be said: the articles' option is taken."""
    articles, feeds = last.get("show-read-articles"), last.get("show-read-feeds")
    values: dict[str, bool] = {}
    for command in (articles, feeds):
        if command is None:
            continue
        try:
            values[command.name] = _yes_no(command)
        except _LeftOut as exc:
            out.left_out.append(LeftOut.of(command, str(exc), _value(command)))
    shown = values.get("show-read-articles")
    if articles is not None and shown is not None:
        same = feeds is not None and shown is False and values.get("show-read-feeds") is False
        out.settings.append(
            Setting("settings.show_read", shown, (articles, feeds) if same else (articles,))
        )
        if same:
            return
    if feeds is None or "show-read-feeds" not in values:
        return
    if shown is False:
        why = "tidings' show_read: false hides read feeds too; show-read-articles no taken"
        out.left_out.append(LeftOut.of(feeds, why, _value(feeds)))
        return
    out.settings.append(Setting("settings.show_read_feeds", values["show-read-feeds"], (feeds,)))


def _confirm_mark_all(last: dict[str, Command], out: SettingsTranslation) -> None:
    _pair(
        last,
        out,
        "confirm-mark-feed-read",
        "confirm-mark-all-feeds-read",
        "confirm_mark_all",
        "tidings' A marks the view it is in read, a feed or all, and asks (or not) the same",
    )


def _refresh(last: dict[str, Command], out: SettingsTranslation) -> None:
    """auto-reload + reload-time -> refresh_every; with refresh-on-startup and
    suppress-first-reload -> refresh_on_startup."""
    flags: dict[str, bool] = {}
    for name in ("auto-reload", "refresh-on-startup", "suppress-first-reload"):
        if name in last:
            try:
                flags[name] = _yes_no(last[name])
            except _LeftOut as exc:
                out.left_out.append(LeftOut.of(last[name], str(exc), _value(last[name])))
    auto = flags.get("auto-reload", False)
    reload_time = last.get("reload-time")
    minutes = 60
    if reload_time is not None:
        try:
            minutes = _number(reload_time)
        except _LeftOut as exc:
            out.left_out.append(LeftOut.of(reload_time, str(exc), _value(reload_time)))
            reload_time = None
        else:
            if not auto:
                out.left_out.append(
                    LeftOut.of(
                        reload_time,
                        "without auto-reload yes newsboat does not reload",
                        _value(reload_time),
                    )
                )
                reload_time = None
    if "auto-reload" in flags:
        sources = tuple(c for c in (last["auto-reload"], reload_time) if c is not None)
        note = "" if reload_time is not None or not auto else "newsboat's reload-time: 60 minutes"
        out.settings.append(
            Setting("settings.refresh_every", minutes if auto else 0, sources, note)
        )
    named = [
        n for n in ("auto-reload", "refresh-on-startup", "suppress-first-reload") if n in flags
    ]
    if named:
        startup = flags.get("refresh-on-startup", False) or (
            auto and not flags.get("suppress-first-reload", False)
        )
        out.settings.append(
            Setting("settings.refresh_on_startup", startup, tuple(last[n] for n in named))
        )


# -- ignore-article ------------------------------------------------------------------------
def _ignore_article(command: Command, out: SettingsTranslation) -> None:
    if len(command.args) < 2:
        out.left_out.append(LeftOut.of(command, "expects a feed and a filter expression"))
        return
    feed, expression = command.args[0], command.args[1]
    detail = f"{feed} {expression}"
    try:
        rules = ignore_rules(expression)
        for rule in rules:
            parse_rule(rule)
    except Untranslatable as exc:
        out.left_out.append(LeftOut.of(command, f"cannot say {exc}", detail))
        return
    except RuleError as exc:
        out.left_out.append(LeftOut.of(command, str(exc), detail))
        return
    if feed != "*":
        said = ", ".join(repr(r) for r in rules)
        out.left_out.append(
            LeftOut.of(
                command, f"for one feed: put {said} in that feed's ignore: in feeds.yaml", detail
            )
        )
        return
    for rule in rules:
        out.ignore.append(Setting("ignore", rule, (command,)))
