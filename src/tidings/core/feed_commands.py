"""Feeds made by commands, as newsboat's ``exec:`` and ``filter:`` (the syntax is
tidings.core.feed_location's): the command's standard output is the feed.

A command is split as a shell splits words and run WITHOUT a shell, as the user (the
environment is the user's, so scripts find their tools), in a session of its own so
that it and whatever it starts can be killed together. Its standard input is closed
for ``exec:``; for ``filter:`` it is the body of the feed's URL, fetched as any feed
is (conditional GET, caps: a "not modified" means nothing to run). Its output is kept
up to ``settings.max_bytes`` and the whole run takes at most
``settings.total_timeout``: past either, the process group is killed. A non-zero exit,
a missing program or a timeout is that feed's error, with the first line the command
wrote to stderr, sanitised. A refresh that is stopped or cancelled kills the commands
it started (and kill_running() kills any left, for a helper process ending or the
program exiting).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import signal
import subprocess
from dataclasses import dataclass

from tidings.core.command_line import command_argv
from tidings.core.feed_location import CommandSource, command_source
from tidings.core.fetch import Fetcher, FetchResult, human_size
from tidings.core.fetch_errors import secs
from tidings.core.sanitize import clean_line

__all__ = ["fetch_feed", "kill_running", "run_command"]

STDERR_KEPT = 4096  # bytes of a command's stderr kept for its error message
MAX_MESSAGE = 200  # characters of that message shown
_CHUNK = 65536
_REAP_WAIT = 5.0  # seconds to wait for a killed command to be reaped
_POSIX = os.name == "posix"

_running: set[int] = set()  # process ids (= process group ids) of commands running


@dataclass(frozen=True)
class CommandOutput:
    """What a command gave: its standard output, or why there is none."""

    stdout: bytes = b""
    error: str | None = None  # "exited with status 2: …", "was not found"…


async def fetch_feed(
    fetcher: Fetcher, url: str, *, etag: str | None = None, last_modified: str | None = None
) -> FetchResult:
    """The body of the feed at `url`: fetched (Fetcher.fetch), or made by its command
    for an ``exec:`` / ``filter:`` URL. Never raises for a feed's own failure."""
    source = command_source(url)
    if source is None:
        return await fetcher.fetch(url, etag=etag, last_modified=last_modified)
    program = clean_line(source.program)
    if len(program) > 160:  # the end of a long path names the script: keep it
        program = "…" + program[-159:]
    label = f"{source.kind}: {program}"
    stdin: bytes | None = None
    fetched: FetchResult | None = None
    if source.kind == "filter":
        assert source.url is not None
        fetched = await fetcher.fetch(source.url, etag=etag, last_modified=last_modified)
        if fetched.status != "ok":
            return _as_filter(url, source, fetched)
        stdin = fetched.body
    try:
        argv = command_argv(source.command)
    except ValueError as exc:
        return FetchResult(url, "error", error=f"{label}: cannot split the command: {exc}")
    if not argv:
        return FetchResult(url, "error", error=f"{label}: no command")
    settings = fetcher.settings
    output = await run_command(
        argv, stdin, max_bytes=settings.max_bytes, timeout=settings.total_timeout
    )
    if output.error is not None:
        return FetchResult(url, "error", error=f"{label} {output.error}")
    if fetched is None:
        return FetchResult(url, "ok", body=output.stdout)
    fetched.body = output.stdout
    fetched.content_type = None  # the filter's output may be another format: sniffed
    return _as_filter(url, source, fetched)


def _as_filter(url: str, source: CommandSource, fetched: FetchResult) -> FetchResult:
    """The fetch of a filter's URL as the result of the filter: feed URL: its
    conditional-GET state kept, its final URL (the base of relative links) kept, a
    permanent redirect made a filter: URL of the new address."""
    fetched.url = url
    if fetched.permanent_url:
        fetched.permanent_url = f"filter:{source.command}:{fetched.permanent_url}"
    return fetched


async def run_command(
    argv: list[str], stdin: bytes | None, *, max_bytes: int, timeout: float
) -> CommandOutput:
    """Run `argv` (no shell), `stdin` on its standard input (None: closed); its output
    up to `max_bytes`, within `timeout` seconds. Cancelling this kills the command."""
    try:
        proc = await asyncio.create_subprocess_exec(
            *argv,
            stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=_POSIX,
        )
    except FileNotFoundError:
        return CommandOutput(error="was not found" + ("" if "/" in argv[0] else " on PATH"))
    except PermissionError:
        return CommandOutput(error="is not executable")
    except OSError as exc:
        return CommandOutput(error=f"could not start: {exc.strerror or exc}")
    _running.add(proc.pid)
    assert proc.stdout is not None and proc.stderr is not None
    errors = asyncio.ensure_future(_read(proc.stderr, STDERR_KEPT, drain=True))
    feeding = asyncio.ensure_future(_feed(proc, stdin))
    try:
        async with asyncio.timeout(timeout):
            out = await _read(proc.stdout, max_bytes + 1)
            if len(out) > max_bytes:
                _kill(proc)
                return CommandOutput(error=f"printed more than {human_size(max_bytes)} (stopped)")
            code = await proc.wait()
            stderr = await errors
    except TimeoutError:
        _kill(proc)
        return CommandOutput(error=f"timed out after {secs(timeout)} (stopped)")
    finally:
        if proc.returncode is None:
            _kill(proc)
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(proc.wait(), _REAP_WAIT)
        for task in (errors, feeding):
            task.cancel()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.gather(errors, feeding, return_exceptions=True)
        _running.discard(proc.pid)
    if code != 0:
        said = _first_line(stderr)
        if code < 0:
            return CommandOutput(error=f"was killed by signal {-code}{said}")
        return CommandOutput(error=f"exited with status {code}{said}")
    if not out.strip():
        return CommandOutput(error="printed nothing" + _first_line(stderr))
    return CommandOutput(stdout=out)


async def _read(stream: asyncio.StreamReader, keep: int, *, drain: bool = False) -> bytes:
    """The first `keep` bytes of `stream` (a chunk more, at most, to tell it was more);
    with `drain`, the rest is read and dropped, so the command never blocks on a full
    pipe."""
    buf = bytearray()
    while chunk := await stream.read(_CHUNK):
        if not drain:
            buf += chunk
            if len(buf) >= keep:
                break
        elif len(buf) < keep:
            buf += chunk[: keep - len(buf)]
    return bytes(buf)


async def _feed(proc: asyncio.subprocess.Process, data: bytes | None) -> None:
    """Write a filter's input and close its standard input (it may stop reading early)."""
    if data is None or proc.stdin is None:
        return
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        proc.stdin.write(data)
        await proc.stdin.drain()
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        proc.stdin.close()


def _first_line(stderr: bytes) -> str:
    """ ": " and the first line the command wrote to stderr, sanitised; "" if none."""
    text = stderr.decode("utf-8", errors="replace")
    for line in text.splitlines():
        line = clean_line(line)
        if line:
            return ": " + (line if len(line) <= MAX_MESSAGE else line[: MAX_MESSAGE - 1] + "…")
    return ""


def _kill(proc: asyncio.subprocess.Process) -> None:
    """Kill the command and what it started (its process group), before it is reaped."""
    _kill_group(proc.pid)
    with contextlib.suppress(ProcessLookupError, OSError):
        proc.kill()


def _kill_group(pid: int) -> None:
    if _POSIX:
        with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
            os.killpg(pid, signal.SIGKILL)


def kill_running() -> None:
    """Kill every command still running (a helper process ending, the program exiting):
    none outlives the refresh that started it."""
    for pid in list(_running):
        _kill_group(pid)


atexit.register(kill_running)
