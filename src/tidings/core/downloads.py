"""Downloading one enclosure (a podcast episode) to a file: `e` in the reader and
`tidings download` (core.download_queue runs several).

The network rules are the feeds' (core.fetch): the user agent, the connect and read
timeouts, the proxy and CA certificates from the environment, certificates checked,
`max_redirects`. There is no size cap (an episode is often 100 MB) and no time limit
for the whole file, only for each wait for data; the free space of the disk is looked
at first, and a full disk stops the download with a message that says so.

The bytes go to `NAME.part` beside the final file and the file takes its name only
once whole, never over a file that is there. A download that stops halfway (Q, Ctrl+C,
a dropped connection, a server that sent less than it announced) keeps its `.part`
file: the next try asks for the rest (an HTTP Range request) and starts again only when
the server does not serve ranges. Progress is reported at most every PROGRESS_EVERY
seconds, so a fast download does not flood a terminal over SSH with updates.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx

from tidings.core.download_names import (
    PART,
    free_name,
    name_from_disposition,
    name_from_url,
    safe_name,
)
from tidings.core.fetch_errors import human_size, network_reason
from tidings.core.models import Settings

PROGRESS_EVERY = 0.25  # seconds between progress reports of one download
SPARE_BYTES = 50_000_000  # left free on the disk beyond the file itself

State = Literal["downloading", "done", "failed", "stopped"]


@dataclass(frozen=True)
class DownloadJob:
    """One enclosure to download: of article `article_id`, from `url`, into `directory`;
    `part`: the `.part` file of an earlier try, to go on with."""

    article_id: int
    url: str
    directory: Path
    part: Path | None = None
    type: str | None = None  # the enclosure's type, for an extension the name lacks


@dataclass(frozen=True)
class Progress:
    """How far a download is: `done` bytes of `total` (None: the server did not say)."""

    job: DownloadJob
    name: str
    done: int
    total: int | None

    def describe(self) -> str:
        """`episode-12.mp3: 34% of 48 MB`, or `episode-12.mp3: 3.2 MB` with no total."""
        if self.total:
            percent = min(100, self.done * 100 // self.total)
            return f"{self.name}: {percent}% of {human_size(self.total)}"
        return f"{self.name}: {human_size(self.done)}"


@dataclass(frozen=True)
class Outcome:
    """How a download ended: `done` (at `path`), `stopped` or `failed` (the `.part` file
    at `path` kept to go on from, when there is one), with the reason."""

    job: DownloadJob
    state: State
    path: Path | None = None
    size: int = 0
    error: str | None = None


class _Failed(Exception):
    def __init__(self, reason: str, keep: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.keep = keep  # keep the .part file, to go on from later


def make_client(settings: Settings) -> httpx.AsyncClient:
    """A client with the feeds' network settings (core.fetch), minus the size cap and
    the time limit of a whole request; redirects followed up to max_redirects."""

    def client(trust_env: bool) -> httpx.AsyncClient:
        s = settings
        return httpx.AsyncClient(
            timeout=httpx.Timeout(
                connect=s.connect_timeout, read=s.read_timeout, write=s.connect_timeout, pool=None
            ),
            # Bytes as they are on the server: a Range counts them, the file is them.
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "identity"},
            follow_redirects=True,
            max_redirects=s.max_redirects,
            trust_env=trust_env,
        )

    try:
        return client(True)
    except ImportError:  # a SOCKS proxy in the environment and no socksio: as core.fetch
        return client(False)


class _Reporter:
    """Calls `report` at most every PROGRESS_EVERY seconds (and always when forced)."""

    def __init__(self, report: Callable[[Progress], None] | None) -> None:
        self.report = report
        self.last = 0.0

    def __call__(self, progress: Progress, *, force: bool = False) -> None:
        now = time.monotonic()
        if self.report is not None and (force or now - self.last >= PROGRESS_EVERY):
            self.last = now
            self.report(progress)


async def download(
    client: httpx.AsyncClient,
    job: DownloadJob,
    settings: Settings,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    on_part: Callable[[Path], None] | None = None,
) -> Outcome:
    """Download `job` to a file; never raises for network or disk problems (an Outcome
    says what happened). `on_part(path)` is told the `.part` file as soon as it exists,
    to remember it. Cancelled (the reader quits), the `.part` file stays and the
    cancellation goes on up."""
    parts: list[Path] = [job.part] if job.part is not None and job.part.exists() else []

    def new_part(path: Path) -> None:
        parts[:] = [path]
        if on_part is not None:
            on_part(path)

    report = _Reporter(on_progress)
    try:
        job.directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return Outcome(job, "failed", error=f"cannot create {job.directory}: {_os_reason(exc)}")
    try:
        part, size = await _fetch(
            client, job, settings, parts[0] if parts else None, report, new_part
        )
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # noqa: BLE001 - transports raise many kinds; none may escape
        keep = not isinstance(exc, _Failed) or exc.keep
        reason = (
            exc.reason
            if isinstance(exc, _Failed)
            else network_reason(exc, _host(job.url), settings)
        )
        if not parts:
            return Outcome(job, "failed", error=reason)
        if not keep:
            with contextlib.suppress(OSError):
                parts[0].unlink()
            return Outcome(job, "failed", error=reason)
        return Outcome(job, "failed", path=parts[0], size=_size_of(parts[0]), error=reason)
    try:
        final = _finish(part)
    except OSError as exc:
        return Outcome(job, "failed", path=part, size=size, error=_os_reason(exc))
    return Outcome(job, "done", path=final, size=size)


async def _fetch(
    client: httpx.AsyncClient,
    job: DownloadJob,
    settings: Settings,
    part: Path | None,
    report: _Reporter,
    on_part: Callable[[Path], None],
) -> tuple[Path, int]:
    """The request and the body written to the `.part` file: its path and size."""
    have = _size_of(part) if part is not None else 0
    headers = {"Range": f"bytes={have}-"} if part is not None and have else {}
    async with client.stream("GET", job.url, headers=headers) as response:
        code = response.status_code
        if code == 416 and part is not None:  # nothing past what we have: it is whole
            total = _range_total(response.headers.get("content-range", ""))
            if total == have:
                return part, have
            raise _Failed("the server refused to go on from the partial file", keep=False)
        if not 200 <= code < 300:
            raise _Failed(f"HTTP {code} {response.reason_phrase or ''}".strip())
        resuming = part is not None and code == 206 and _range_start(response) == have
        if part is None:
            name = safe_name(
                name_from_disposition(response.headers.get("content-disposition"))
                or name_from_url(job.url)
                or name_from_url(str(response.url)),
                response.headers.get("content-type") or job.type,
            )
            part = _new_part(job.directory, name)
            on_part(part)
        elif code == 206 and not resuming:
            raise _Failed("the server sent another part of the file than asked", keep=False)
        elif not resuming:
            have = 0  # the server sends the whole file: start it again
        total = _total(response, have)
        try:
            _check_space(part.parent, total - have if total is not None else None)
        except _Failed as f:
            f.keep = resuming  # an empty new .part file is not worth keeping
            raise
        name = part.name.removesuffix(PART)
        report(Progress(job, name, have, total), force=True)
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        chunks = response.aiter_raw() if encoding in ("", "identity") else response.aiter_bytes()
        written = have
        with _open_part(part, append=resuming) as out:
            async for chunk in chunks:
                _write(out, chunk, part)
                written += len(chunk)
                report(Progress(job, name, written, total))
        report(Progress(job, name, written, total), force=True)
        if total is not None and written != total:
            got, of = human_size(written), human_size(total)
            raise _Failed(f"the server sent {got} of the {of} it announced")
        return part, written


def _new_part(directory: Path, name: str) -> Path:
    """A new, empty `.part` file for `name` (or `name (2)`…), made here so no other
    download takes the same name."""
    for _ in range(100):
        part = directory / (free_name(directory, name) + PART)
        try:
            part.open("xb").close()
        except FileExistsError:  # taken meanwhile: the next name
            continue
        except OSError as exc:
            raise _Failed(f"cannot create {part}: {_os_reason(exc)}") from None
        return part
    raise _Failed(f"cannot find a free name for {name} in {directory}")


@contextlib.contextmanager
def _open_part(part: Path, *, append: bool):
    try:
        out = part.open("ab" if append else "wb")
    except OSError as exc:
        raise _Failed(f"cannot write {part}: {_os_reason(exc)}") from None
    with out:
        yield out


def _write(out, chunk: bytes, part: Path) -> None:
    try:
        out.write(chunk)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            out.close()
            with contextlib.suppress(OSError):
                part.unlink()  # a full disk gets its space back
            raise _Failed(
                f"the disk holding {part.parent} is full; the partial file was deleted",
                keep=False,
            ) from None
        raise _Failed(f"cannot write {part}: {_os_reason(exc)}") from None


def _check_space(directory: Path, needed: int | None) -> None:
    """Refuse a file the disk has no room for (and a little to spare)."""
    if needed is None:
        return
    try:
        free = shutil.disk_usage(directory).free
    except OSError:
        return
    if needed + SPARE_BYTES > free:
        raise _Failed(
            f"not enough space in {directory}: the file needs {human_size(needed)},"
            f" {human_size(free)} free"
        )


def _finish(part: Path) -> Path:
    """The whole file takes its name (never over a file there: `name (2)` then)."""
    directory = part.parent
    name = part.name.removesuffix(PART)
    for _ in range(100):
        final = directory / name
        if final.exists():
            name = free_name(directory, name)
            continue
        try:
            os.link(part, final)  # fails if the name was taken meanwhile
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: a rename, just checked
            os.replace(part, final)
            return final
        part.unlink()
        return final
    raise OSError(errno.EEXIST, f"no free name for {name} in {directory}")


def _total(response: httpx.Response, have: int) -> int | None:
    """The size of the whole file, when the server says it."""
    if response.status_code == 206:
        total = _range_total(response.headers.get("content-range", ""))
        if total is not None:
            return total
    length = response.headers.get("content-length", "")
    if not length.isdigit() or response.headers.get("content-encoding", "identity") not in (
        "",
        "identity",
    ):
        return None
    return int(length) + (have if response.status_code == 206 else 0)


_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(?:(\d+)-\d+|\*)/(\d+)\s*$", re.IGNORECASE)


def _range_total(header: str) -> int | None:
    m = _CONTENT_RANGE.match(header)
    return int(m.group(2)) if m else None


def _range_start(response: httpx.Response) -> int | None:
    m = _CONTENT_RANGE.match(response.headers.get("content-range", ""))
    return int(m.group(1)) if m and m.group(1) is not None else None


def _size_of(path: Path | None) -> int:
    if path is None:
        return 0
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _host(url: str) -> str:
    try:
        return httpx.URL(url).host
    except Exception:  # noqa: BLE001
        return ""


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
