"""newsboat's `urls-source "freshrss"` / `"miniflux"` and their `freshrss-*` /
`miniflux-*` lines, said as feeds.yaml's `source:` (core.config_source), for
`tidings import ~/.newsboat/config` (core.newsboat_config_import).

    urls-source "freshrss"
    freshrss-url "https://rss.example.org/api/greader.php"
    freshrss-login "alice"
    freshrss-passwordeval "pass show freshrss"

becomes `source: {type: greader, url: ..., user: alice, password_command: pass show
freshrss}`. newsboat runs a passwordeval through a shell: one that needs one (a pipe,
`$VAR`) becomes `[sh, -c, COMMAND]`. Other services (ttrss, newsblur, inoreader...)
are left out as before (newsboat_options).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from tidings.core.newsboat_config import Command, LeftOut, set_again

SERVICES = ("freshrss", "miniflux")
_SHELL = re.compile(r"[|&;<>$`()*?\\\[\]{}~'\"]")
_NOT_NEEDED = {
    "min-items": "tidings asks the server for every item since the last sync",
    "flag-star": "the server's starred state is s (starred) in tidings",
    "flag-share": "tidings has no shared flag",
    "show-special-feeds": "tidings shows the starred articles under Starred",
    "token": "tidings uses Miniflux's Google Reader API: turn its integration on and give"
    " its user name and password (miniflux-login, miniflux-password)",
}


@dataclass
class SourceImport:
    """The `source:` entries to write (name, value), the lines they come from, a note
    for the user, and the lines left out."""

    entries: list[tuple[str, object]] = field(default_factory=list)
    sources: list[Command] = field(default_factory=list)
    lines: dict[str, Command] = field(default_factory=dict)  # entry name -> its line
    note: str = ""
    left_out: list[LeftOut] = field(default_factory=list)


def translate_source(commands: list[Command]) -> tuple[SourceImport | None, list[Command]]:
    """The source: of the config's commands, or None when its urls-source is none of
    SERVICES (the commands then go on untouched); and the commands left for the
    settings (those of the source taken out)."""
    chosen = [c for c in commands if c.name == "urls-source"]
    service = chosen[-1].args[0].lower() if chosen and chosen[-1].args else ""
    if service not in SERVICES:
        return None, commands
    prefix = f"{service}-"
    mine = [c for c in commands if c.name == "urls-source" or c.name.startswith(prefix)]
    rest = [c for c in commands if c not in mine]
    out = SourceImport()
    last: dict[str, Command] = {}
    for command in mine:
        key = command.name.removeprefix(prefix)
        if command.name != "urls-source" and key in _NOT_NEEDED:
            out.left_out.append(LeftOut.of(command, _NOT_NEEDED[key], _value(command)))
            continue
        if key in last:
            earlier = last[key]
            out.left_out.append(LeftOut.of(earlier, set_again(earlier, command)))
        last[key] = command
    for key, command in last.items():
        if key not in ("urls-source", "url", "login", "password", "passwordfile", "passwordeval"):
            out.left_out.append(LeftOut.of(command, "not a setting tidings knows"))
    url, login = _arg(last.get("url")), _arg(last.get("login"))
    if not url or not login:
        missing = " and ".join(f"{prefix}{k}" for k, v in (("url", url), ("login", login)) if not v)
        out.left_out.append(LeftOut.of(chosen[-1], f"no {missing}: no source: to write"))
        out.entries = []
        return out, rest
    out.entries = [("type", "greader"), ("url", url), ("user", login)]
    out.lines = {"type": chosen[-1], "url": last["url"], "user": last["login"]}
    if command := last.get("passwordeval"):
        out.entries.append(("password_command", _shell_free(_arg(command))))
        out.lines["password_command"] = command
    elif command := last.get("passwordfile"):
        path = os.path.expanduser(_arg(command))
        out.entries.append(("password_command", ["head", "-n", "1", path]))
        out.lines["password_command"] = command
    elif command := last.get("password"):
        out.entries.append(("password", _arg(command)))
        out.lines["password"] = command
    else:
        out.entries.append(("password_command", "pass show " + service))
        out.note = "no password in the config: set password_command"
    taken = ("urls-source", "url", "login", "password", "passwordfile", "passwordeval")
    out.sources = [last[k] for k in taken if k in last]
    if service == "miniflux":
        out.note = (
            "Miniflux: turn its Google Reader integration on, with this user name and"
            " password, and give its address (https://HOST/) as source.url"
        )
    return out, rest


def _arg(command: Command | None) -> str:
    return command.args[0].strip() if command is not None and command.args else ""


def _value(command: Command) -> str:
    return " ".join(command.args)


def _shell_free(command: str) -> object:
    """A passwordeval newsboat ran through a shell: as it is, or [sh, -c, it] when it
    needs the shell."""
    return ["sh", "-c", command] if _SHELL.search(command) else command
