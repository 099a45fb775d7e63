"""Where a feed lives, as feeds.yaml may write it: an http(s) URL, a bundled demo feed
(``demo:NAME``), a ``file:`` URL, a path, or a command whose output is the feed, as
newsboat writes them (``exec:COMMAND ARGS``, ``filter:COMMAND ARGS:URL``: the URL's
body piped through the command). check_feed_url() normalises one or says, in words a
user can act on, what is wrong with it. The commands are run by
tidings.core.feed_commands."""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from tidings.core.command_line import shell_syntax

_DEMO_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_WINDOWS_DRIVE_RE = re.compile(r"^[A-Za-z]:[\\/]")
_HOSTLIKE_RE = re.compile(r"^(www\.|[\w-]+(\.[\w-]+)*\.[A-Za-z]{2,}/)")
_BAD_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f\"<>\\^`{|}]")


def demo_names() -> list[str]:
    """The bundled demo feeds (names usable as ``demo:NAME``)."""
    try:
        root = resources.files("tidings.demo")
        return sorted(
            p.name
            for p in root.iterdir()
            if p.is_file() and not p.name.endswith((".py", ".pyc")) and _DEMO_NAME_RE.match(p.name)
        )
    except (ModuleNotFoundError, OSError):  # pragma: no cover - broken install
        return []


COMMAND_PREFIXES = ("exec:", "filter:")


def from_feed_scheme(url: str) -> str:
    """A feed: link (the "subscribe" scheme of browsers and older readers' OPML) as the
    URL it stands for: feed://host/x is http://host/x, feed:https://host/x is
    https://host/x; any other text as it is."""
    head = url[:13].lower()
    if head.startswith(("feed:http://", "feed:https://")):
        return url[5:]
    if head.startswith("feed://"):
        return "http://" + url[7:]
    return url


@dataclass(frozen=True)
class CommandSource:
    """A feed made by a command: `kind` "exec" (its output is the feed) or "filter"
    (the body fetched from `url` is piped through it). `command` is as written."""

    kind: str
    command: str
    url: str | None = None

    @property
    def program(self) -> str:
        """The program as written, for messages: the command's first word (of the
        script, for `sh -c "script"`)."""
        try:
            words = shlex.split(self.command)
        except ValueError:
            words = self.command.split()
        if len(words) == 3 and words[:2] == ["sh", "-c"] and words[2].split():
            return f"sh -c {words[2].split()[0]}…"
        return words[0] if words else ""


def command_source(url: str) -> CommandSource | None:
    """The command of an ``exec:`` / ``filter:`` feed URL (split as newsboat does: a
    filter's command ends at the first colon), else None."""
    lower = url[:7].lower()
    if lower.startswith("exec:"):
        return CommandSource("exec", url[5:].strip())
    if lower.startswith("filter:"):
        command, colon, rest = url[7:].partition(":")
        return CommandSource("filter", command.strip(), rest.strip() if colon else None)
    return None


def shell_free(url: str) -> str:
    """A newsboat urls line's exec: / filter: URL as tidings runs it: newsboat hands
    the command to /bin/sh, so one that needs a shell (a pipe, `$HOME`…) is written
    ``sh -c '…'`` here; any other is kept as it is (newsboat_form undoes this)."""
    source = command_source(url)
    if source is None or shell_syntax(source.command) is None:
        return url
    text = source.command
    # in double quotes when that needs no escapes (easier to read), else shlex.quote's
    plain = not any(c in text for c in '"\\$`')
    wrapped = "sh -c " + (f'"{text}"' if plain else shlex.quote(text))
    return f"exec:{wrapped}" if source.kind == "exec" else f"filter:{wrapped}:{source.url}"


def newsboat_form(url: str) -> str:
    """The URL as newsboat's urls file and cache have it: shell_free undone."""
    source = command_source(url)
    if source is None:
        return url
    try:
        words = shlex.split(source.command)
    except ValueError:
        return url
    if len(words) != 3 or words[:2] != ["sh", "-c"]:
        return url
    if source.kind == "exec":
        return f"exec:{words[2]}"
    return f"filter:{words[2]}:{source.url}"


def _check_command(url: str, base_dir: Path | None) -> tuple[str | None, str | None]:
    """check_feed_url for ``exec:`` / ``filter:``: the command split and its program
    resolved as a path is (relative to `base_dir`); the filter's URL checked."""
    source = command_source(url)
    assert source is not None
    kind = source.kind
    if not source.command:
        form = "exec:COMMAND ARGS" if kind == "exec" else "filter:COMMAND ARGS:URL"
        return None, f"{kind}: has no command; write {form}"
    feed_url = None
    if kind == "filter":
        if not source.url:
            return None, "filter: has no URL after the command; write filter:COMMAND ARGS:URL"
        if command_source(source.url) is not None:
            return None, "filter: its URL must be a feed's address, not another command"
        feed_url, reason = check_feed_url(source.url, base_dir)
        if reason:
            return None, f"filter: {reason}"
    if re.search(r"[\x00-\x08\x0a-\x1f\x7f]", source.command):
        return None, f"{kind}: the command contains control characters"
    char = shell_syntax(source.command)
    if char:
        return None, (
            f"{kind}: the command runs without a shell, so {char!r} would reach the"
            f" program as an argument; put it in a script, or write sh -c '…' yourself"
        )
    try:
        words = shlex.split(source.command)
    except ValueError as exc:
        return None, f"{kind}: cannot split the command: {str(exc).lower()}"
    if not words:
        return None, f"{kind}: has no command"
    program = words[0]
    if program.startswith("~") and os.path.expanduser(program) == program:
        return None, f"{kind}: cannot expand '~' in {program!r}"
    if "/" in program and not program.startswith(("/", "~")) and base_dir is not None:
        words[0] = str((base_dir / program).resolve())
        command = shlex.join(words)
    else:
        command = source.command
    if kind == "exec":
        return f"exec:{command}", None
    return f"filter:{command}:{feed_url}", None


def url_key(url: str) -> str:
    """URLs that differ only in the case of scheme and host are the same feed."""
    m = re.match(r"^(https?://)([^/?#]*)(.*)$", url, re.IGNORECASE | re.DOTALL)
    if m:
        return m.group(1).lower() + m.group(2).lower() + m.group(3)
    return url


def feed_key(url: str) -> str:
    """url_key, and blind to a trailing slash on the path too: feeds.yaml already holds
    the feed at `url` when it lists a URL with the same key (adding, importing)."""
    if command_source(url.strip()) is not None:
        return url.strip()
    key = url_key(url.strip())
    cut = min((i for i in (key.find("?"), key.find("#")) if i >= 0), default=len(key))
    path = key[:cut]
    if path.rstrip("/") and not path.endswith("://"):
        path = path.rstrip("/")
    return path + key[cut:]


def check_feed_url(url: str, base_dir: Path | None = None) -> tuple[str | None, str | None]:
    """Validate one feed location from feeds.yaml.

    Returns (normalised url, None) or (None, reason). http(s) URLs are kept as written;
    relative paths and relative ``file:`` URLs are resolved against `base_dir`."""
    url = url.strip()
    if not url:
        return None, "is empty"
    if len(url) > 4096:
        return None, "is longer than 4096 characters"
    shown = repr(url if len(url) <= 80 else url[:77] + "...")
    m = _SCHEME_RE.match(url)
    if m and not _WINDOWS_DRIVE_RE.match(url):
        scheme = m.group(1).lower()
        if scheme in ("http", "https"):
            if _BAD_URL_CHARS.search(url):
                return None, f"{shown} contains spaces or characters not allowed in a URL"
            try:
                parts = urlsplit(url)
                host = parts.hostname
                parts.port  # noqa: B018 - raises ValueError on a bad port
            except ValueError as exc:
                return None, f"{shown} is not a valid URL ({exc})"
            if not host:
                return None, f"{shown} has no host name"
            return url, None
        if scheme == "demo":
            name = url[5:]
            names = demo_names()
            if not _DEMO_NAME_RE.match(name) or name not in names:
                return (
                    None,
                    f"no demo feed named {name!r}; demo feeds: {', '.join(names) or 'none'}",
                )
            return f"demo:{name}", None
        if scheme in ("exec", "filter"):
            return _check_command(url, base_dir)
        if scheme == "file":
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return None, f"{shown} names another host; file: URLs must be local"
            path = Path(unquote(parts.path)).expanduser()
            if not path.is_absolute() and base_dir is not None:
                path = (base_dir / path).resolve()
                return "file://" + quote(path.as_posix()), None
            return url, None
        if (web := from_feed_scheme(url)) != url:
            return None, f"{shown} is a feed: link; write the URL it stands for, {web!r}"
        return None, f"{shown} is not an http(s) URL or a file path"
    if re.search(r"[\x00-\x1f\x7f]", url):
        return None, f"{shown} contains control characters"
    try:
        path = Path(url).expanduser()
    except RuntimeError:  # "~user" with no such user, or no home directory
        return None, f"{shown}: cannot expand '~' in this path"
    if not path.is_absolute():
        full = (base_dir / path) if base_dir is not None else path
        if _HOSTLIKE_RE.match(url) and not full.exists():
            return (
                None,
                f"{shown} is not an http(s) URL or a file path (did you mean 'https://{url}'?)",
            )
        path = full.resolve() if base_dir is not None else full
    return str(path), None
