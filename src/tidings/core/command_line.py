"""Commands the user names (`|` in the reader, `notify_program`), run without a shell.

A command line is split as a shell would split it (shlex: quotes and backslashes), a
leading `~` of a word is the home directory, and nothing else a shell does happens:
no `$VARIABLES`, no globs, no pipelines. A `|`, `>`, `;` or `&` outside quotes is
refused with a message rather than handed to the program as a word (it would be
surprised by it, and the user by what it did): `sh -c '…'` is there for a pipeline,
written out by the user. Text from a feed never goes into a command line; an article
goes to the program's standard input.

stdin and stderr are temporary files, not pipes: a program that forks a child to stay
in the background (xclip, wl-copy keep the clipboard that way) holds a pipe open after
it has exited, and the reader would wait for it. stderr is kept to tell the first line
of what went wrong.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from tidings.core.sanitize import clean_line

# What a shell would give a meaning to: with no shell, it would reach the program as
# an argument (`$` and backquotes mean something inside double quotes too).
_SHELL_CHARS = "|&;<>()$`"
STOP_POLL = 0.1  # seconds between looks at a stop event while a program runs
_ERR_BYTES = 4096  # of stderr read for its first line


class CommandError(ValueError):
    """A command line that cannot be run as it is written: the message says why."""


def split_command(command: str) -> list[str]:
    """The words of `command` (a leading `~` expanded); CommandError for an empty one,
    an unclosed quote, or shell syntax outside quotes."""
    try:
        words = command_argv(command)
    except ValueError as exc:  # No closing quotation
        raise CommandError(f"{exc} in {command}") from None
    if not words or not words[0]:
        raise CommandError("No command: type a program and its arguments, e.g. less")
    operator = shell_syntax(command)
    if operator is not None:
        raise CommandError(
            f"No shell runs it: {operator!r} is no operator here; sh -c '…' runs one"
        )
    return words


def command_argv(command: str) -> list[str]:
    """The words of `command`, split as a shell splits them (quotes, backslashes), a
    word that starts with ``~`` expanded to the home directory. Raises ValueError on
    an unclosed quote."""
    return [os.path.expanduser(w) if w.startswith("~") else w for w in shlex.split(command)]


def shell_syntax(command: str) -> str | None:
    """The first character of `command` that a shell would act on (a pipe, a
    redirection, `$`, `;`…), outside the quotes that make it plain; else None."""
    quote = ""
    escaped = False
    for ch in command:
        if escaped:
            escaped = False
        elif quote == "'":
            quote = "" if ch == "'" else quote
        elif ch == "\\":
            escaped = True
        elif quote == '"':
            if ch == '"':
                quote = ""
            elif ch in "$`":
                return ch
        elif ch in "'\"":
            quote = ch
        elif ch in _SHELL_CHARS:
            return ch
    return None


def program_name(words: list[str]) -> str:
    """The program's own name, for messages: /usr/bin/less -> less."""
    return clean_line(PurePath(words[0]).name) or "?"


@dataclass(frozen=True)
class Ran:
    """How a program went: its exit status (negative: killed by that signal), or why
    it did not run (`error`); the first line it wrote to stderr."""

    returncode: int | None = None
    error: str | None = None
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def describe(self) -> str:
        """How it went, for a status line: `exit 0`, `exit 1: its first stderr line`,
        `no such program`, `killed by SIGTERM`."""
        if self.error is not None:
            return self.error
        code = self.returncode or 0
        if code < 0:
            try:
                said = f"killed by {signal.Signals(-code).name}"
            except ValueError:
                said = f"killed by signal {-code}"
        else:
            said = f"exit {code}"
        return f"{said}: {self.stderr}" if self.stderr and code else said


def run_command(
    words: list[str],
    *,
    stdin_text: str | None = None,
    terminal: bool = True,
    timeout: float | None = None,
    stop: threading.Event | None = None,
) -> Ran:
    """Run `words` and wait for it. stdin: `stdin_text` (UTF-8), else nothing. With
    `terminal` the program has this process's terminal for its output (a pager draws
    there); without it its output is thrown away and it runs in a session of its own
    (no terminal to draw on or to take signals from). `timeout` (seconds) or `stop`
    being set kills it (and, without a terminal, what it started)."""
    with tempfile.TemporaryFile() as stdin, tempfile.TemporaryFile() as stderr:
        if stdin_text is not None:
            stdin.write(stdin_text.encode("utf-8", "replace"))
            stdin.seek(0)
        try:
            proc = subprocess.Popen(
                words,
                stdin=stdin if stdin_text is not None else subprocess.DEVNULL,
                stdout=None if terminal else subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=not terminal,
            )
        except OSError as exc:
            return not_started(exc)
        with proc:
            if not _wait(proc, timeout, stop, group=not terminal):
                return Ran(error=f"stopped after {timeout:g} s" if timeout else "stopped")
        return Ran(returncode=proc.returncode, stderr=_first_line(stderr))


def not_started(exc: OSError) -> Ran:
    """Why a program could not be started: `no such program`, `permission denied`…"""
    if isinstance(exc, FileNotFoundError):
        return Ran(error="no such program")
    if isinstance(exc, PermissionError):
        return Ran(error="permission denied")
    return Ran(error=clean_line(exc.strerror or str(exc)) or type(exc).__name__)


def _wait(
    proc: subprocess.Popen[bytes], timeout: float | None, stop: threading.Event | None, group: bool
) -> bool:
    """Wait for `proc`; False when it was killed for its timeout or `stop`."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while stop is None or not stop.is_set():
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            break
        if stop is not None:
            left = STOP_POLL if left is None else min(STOP_POLL, left)
        try:
            proc.wait(left)
            return True
        except subprocess.TimeoutExpired:
            continue
    try:
        if group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except OSError:  # gone meanwhile
        pass
    proc.wait()
    return False


def _first_line(stderr: IO[bytes]) -> str:
    """The first line with something on it that the program wrote to stderr, cleaned."""
    stderr.seek(0)
    text = stderr.read(_ERR_BYTES).decode("utf-8", "replace")
    line = next((clean_line(x) for x in text.splitlines() if clean_line(x)), "")
    return line[:200]
