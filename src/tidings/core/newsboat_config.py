"""Reading newsboat's `config` file (settings and key bindings) as newsboat reads it.

One command a line, its words split on spaces and tabs:

    browser "firefox --new-tab %u"     # a comment
    bind-key ^R reload-all
    ignore-article "*" "title =~ \\"Sponsored\\""
    include ~/.newsboat/colours

- `#` starts a comment, unless it is inside double quotes or backticks, or written
  `\\#`;
- a word in double quotes may hold spaces; inside the quotes `\\"` is a quote, `\\\\` a
  backslash, `\\n` `\\r` `\\t` what they are in C, and a backslash before any other
  character is that character (outside quotes a backslash is itself, but for `\\#` and
  `` \\` ``); a quote left open runs to the end of the line; single quotes are plain
  characters;
- a line ending with a backslash goes on on the next line (the backslash and the line
  break are taken out, nothing else: a comment line can swallow the next one);
- `include PATH` reads another file there (`~` is the home directory; a relative path
  is taken from the including file's directory). A file that includes itself, directly
  or not, is not read again (newsboat does the same); a missing one is said.

Text between backticks is a shell command whose output newsboat puts in its place;
tidings runs no command from a file it imports, so such a line is left out and said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 2_000_000  # of one file
MAX_DEPTH = 16  # includes within includes
_DELIMITERS = " \t\r\n"
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}


@dataclass(frozen=True)
class Command:
    """One command of a newsboat config: its name, its words, and where it stands."""

    name: str
    args: tuple[str, ...]
    file: Path
    line: int  # the first line of it, counting from 1

    def where(self, main: Path) -> str:
        """`config:12`, or the included file's path (as from the main file's directory)."""
        return f"{shown_path(self.file, main)}:{self.line}"


@dataclass(frozen=True)
class LeftOut:
    """A command (or an include) of the config that tidings does not take: why, and
    where."""

    name: str  # the command: "color", "bind-key", "include"…
    reason: str
    file: Path
    line: int
    detail: str = ""  # what of it, when the name alone does not say ("^T clear-tag")

    @classmethod
    def of(cls, command: Command, reason: str, detail: str = "") -> LeftOut:
        return cls(command.name, reason, command.file, command.line, detail)


@dataclass
class NewsboatConfig:
    commands: list[Command] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # the files read, the main one first


class ConfigFileError(OSError):
    """The main config file cannot be read; str() says why."""


def set_again(earlier: Command, later: Command) -> str:
    """Why `earlier` is left out: `set again on line 12`, or, when `later` stands in
    another file (an include), `set again in extra:2`."""
    if later.file == earlier.file:
        return f"set again on line {later.line}"
    return f"set again in {shown_path(later.file, earlier.file)}:{later.line}"


def shown_path(path: Path, main: Path) -> str:
    """A config file's name as the report shows it: relative to the main file's
    directory when it lies under it."""
    try:
        return str(path.relative_to(main.parent))
    except ValueError:
        return str(path)


def read_config(path: str | Path) -> NewsboatConfig:
    """The commands of the newsboat config at `path` and of the files it includes, in
    the order newsboat runs them. ConfigFileError when `path` itself cannot be read."""
    path = Path(path).expanduser().absolute()
    out = NewsboatConfig()
    text = _read(path)
    if text is None:
        raise ConfigFileError(f"cannot read {path}")
    _parse(text, path, out, stack=[path.resolve()])
    return out


def _read(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_BYTES:
        return None
    return data.decode("utf-8", errors="replace")


def parse_text(text: str, path: Path) -> NewsboatConfig:
    """The commands of config text as if read from `path` (its includes are read)."""
    out = NewsboatConfig()
    _parse(text, path, out, stack=[path.resolve()])
    return out


def _parse(text: str, path: Path, out: NewsboatConfig, stack: list[Path]) -> None:
    out.files.append(path)
    for number, line in logical_lines(text):
        words = split_line(line)
        if words is None:
            out.left_out.append(
                LeftOut(
                    line.split(None, 1)[0] if line.split() else "line",
                    "runs a shell command between backticks; tidings runs no command from"
                    " an imported file",
                    path,
                    number,
                )
            )
            continue
        if not words:
            continue
        name, args = words[0], tuple(words[1:])
        if name == "include":
            _include(args, path, number, out, stack)
            continue
        out.commands.append(Command(name, args, path, number))


def _include(
    args: tuple[str, ...], path: Path, number: int, out: NewsboatConfig, stack: list[Path]
) -> None:
    if not args:
        out.left_out.append(LeftOut("include", "names no file", path, number))
        return
    target = Path(args[0]).expanduser()
    if not target.is_absolute():
        target = path.parent / target
    resolved = target.resolve()
    if resolved in stack:
        out.left_out.append(
            LeftOut(
                "include", f"{args[0]} is being read already (a loop); not read again", path, number
            )
        )
        return
    if len(stack) >= MAX_DEPTH:
        out.left_out.append(
            LeftOut("include", f"more than {MAX_DEPTH} includes deep", path, number)
        )
        return
    text = _read(target) if target.is_file() else None
    if text is None:
        problem = "no such file" if not target.exists() else "cannot be read"
        out.left_out.append(LeftOut("include", f"{args[0]}: {problem}", path, number))
        return
    _parse(text, target, out, [*stack, resolved])


def logical_lines(text: str) -> list[tuple[int, str]]:
    """The lines of `text` with continuations joined (a line ending in a backslash goes
    on on the next), each with the number of its first line."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if not pending:
            start = number
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        out.append((start, "".join(pending)))
        pending = []
    if pending:
        out.append((start, "".join(pending)))
    return out


def strip_comment(line: str) -> str:
    """`line` up to its first `#` outside double quotes and backticks and not written
    `\\#` (as newsboat, any backslash escapes the next character here, one after
    another backslash too)."""
    in_quotes = in_backticks = escaped = False
    for i, char in enumerate(line):
        if char == "\\":
            escaped = True
            continue
        if char == '"' and not escaped and not in_backticks:
            in_quotes = not in_quotes
        elif char == "`" and not escaped:
            in_backticks = not in_backticks
        elif char == "#" and not escaped and not in_quotes and not in_backticks:
            return line[:i]
        escaped = False
    return line


def has_backticks(line: str) -> bool:
    """Whether `line` (comment stripped) holds a command between backticks."""
    return len(re.findall(r"(?<!\\)`", line)) >= 2


def split_line(line: str) -> list[str] | None:
    """The words of one (joined) line, comment stripped; None when it holds a command
    between backticks."""
    line = strip_comment(line)
    if has_backticks(line):
        return None
    words: list[str] = []
    i, n = 0, len(line)
    while i < n:
        if line[i] in _DELIMITERS:
            i += 1
            continue
        if line[i] == '"':
            i += 1
            buf: list[str] = []
            while i < n and line[i] != '"':
                if line[i] == "\\" and i + 1 < n:
                    i += 1
                    buf.append(_ESCAPES.get(line[i], line[i]))
                else:
                    buf.append(line[i])
                i += 1
            i += 1  # the closing quote, if any
            words.append("".join(buf))
            continue
        j = i
        while j < n and line[j] not in _DELIMITERS:
            j += 1
        words.append(re.sub(r"\\([#`])", r"\1", line[i:j]))
        i = j
    return words
