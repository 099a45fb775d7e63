"""Saving an article to a file (`S` in the reader, `tidings save`): the file name made
from its title, where a typed path points, and a write that never leaves half a file
and never replaces one unasked.

Everything here touches the file system and may block (a slow or network disk): the
reader calls it from a thread worker, never on its event loop.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import unicodedata
from pathlib import Path

from tidings.core.sanitize import clean_line

MAX_NAME_BYTES = 200  # of a file name, UTF-8 (file systems allow 255; room for edits)
EXTENSION = ".txt"

# Not safe in a file name on some system: path separators, Windows' reserved characters,
# control characters (clean_line has dropped most; these are the rest of C0 and C1).
_UNSAFE = r'/\\:*?"<>|\x00-\x1f\x7f-\x9f'
# A run of them, with the spaces around: `_` inside a word (AC/DC -> AC_DC), else a
# space ("Q&A: live" -> "Q&A live", not "Q&A_ live").
_UNSAFE_RUN = re.compile(f" *[{_UNSAFE}][ {_UNSAFE}]*")
_SPACES = re.compile(r"\s+")
_TRIM = " ._-"  # not at either end: no hidden file, no option-like name, no "name."
# Not at the end of a name cut short: they join or modify the character that was cut.
_DANGLING = "\u200d\u200c\ufe0e\ufe0f"


def file_name(
    title: str | None,
    article_id: int | None = None,
    *,
    max_bytes: int = MAX_NAME_BYTES,
    extension: str = EXTENSION,
) -> str:
    """A file name for an article titled `title`: its characters kept as they are (a
    Chinese title makes a Chinese name), those unsafe in a file name replaced by `_`,
    whitespace collapsed, at most `max_bytes` bytes of UTF-8 with the extension (cut
    between characters, never inside one). A title with nothing usable gives
    `article-ID.txt`."""
    name = unicodedata.normalize("NFC", clean_line(title))
    name = _UNSAFE_RUN.sub(lambda m: " " if " " in m.group(0) else "_", name)
    name = _SPACES.sub(" ", name).strip(_TRIM)
    budget = max_bytes - len(extension.encode("utf-8"))
    if len(name.encode("utf-8")) > budget:
        used = 0
        for end, ch in enumerate(name):
            used += len(ch.encode("utf-8"))
            if used > budget:
                name = name[:end]
                break
        name = name.rstrip(_TRIM + _DANGLING)
        while name and unicodedata.combining(name[-1]):  # an accent without its letter
            name = name[:-1]
        name = name.rstrip(_TRIM + _DANGLING)
    if not name:
        name = f"article-{article_id}" if article_id is not None and article_id > 0 else "article"
    return name + extension


def display_path(path: Path | str) -> str:
    """`path` as the reader shows it: under the home dir as `~/...`."""
    path = Path(path)
    try:
        home = Path.home()
        rest = path.relative_to(home)
    except (ValueError, RuntimeError):
        return str(path)
    return "~" if str(rest) == "." else f"~{os.sep}{rest}"


class SaveError(Exception):
    """The article could not be saved to `path`; `reason` says why, as the system does
    ("Permission denied", "File name too long")."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"Cannot save to {display_path(path)}: {reason}")


class TargetExists(SaveError):
    """A file (or anything else) is already there: replaced only when asked to."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "it exists")


class NoDirectory(SaveError):
    """The directory to save in does not exist: created only when asked to."""

    def __init__(self, path: Path) -> None:
        self.directory = path.parent
        super().__init__(path, f"no directory {display_path(path.parent)}")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def resolve_target(typed: str, save_dir: Path, default_name: str) -> Path:
    """Where a typed path points: `~` expanded, a relative path taken inside `save_dir`
    (newsboat joins its save-path the same way), and a directory (or a path ending in
    `/`) given the default file name. Stats the file system."""
    typed = typed.strip()
    path = Path(typed).expanduser()
    if not path.is_absolute():
        path = save_dir.expanduser() / path
    try:
        is_dir = typed.endswith(("/", os.sep)) or path.is_dir()
    except OSError:
        is_dir = False
    return path / default_name if is_dir else path


# Errors of os.link where the file system has no hard links (FAT, some network and FUSE
# file systems): the write falls back to looking before it renames.
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS, errno.EXDEV}


def write_file(path: Path, text: str, *, overwrite: bool = False, make_dirs: bool = False) -> Path:
    """Writes `text` (UTF-8) to `path` whole or not at all: into a temporary file in the
    same directory, flushed to disk, then renamed over (`overwrite`) or hard-linked to
    `path` (which fails if anything is there, however late it came). Raises
    TargetExists, NoDirectory (unless `make_dirs`) or SaveError; leaves no temporary
    file behind."""
    path = Path(path)
    parent = path.parent
    try:
        if not parent.is_dir():
            if os.path.lexists(parent):
                raise SaveError(path, f"{display_path(parent)} is not a directory")
            if not make_dirs:
                raise NoDirectory(path)
            parent.mkdir(parents=True, exist_ok=True)
        if not overwrite and os.path.lexists(path):
            raise TargetExists(path)
        data = text.encode("utf-8")
        temp = _write_temp(parent, data)
    except OSError as exc:
        raise SaveError(path, _reason(exc)) from None
    try:
        if overwrite:
            os.replace(temp, path)
        else:
            _link_new(temp, path)
    except FileExistsError:
        raise TargetExists(path) from None
    except OSError as exc:
        raise SaveError(path, _reason(exc)) from None
    finally:
        try:
            os.unlink(temp)
        except FileNotFoundError:  # renamed into place
            pass
        except OSError:
            pass
    _sync_dir(parent)
    return path


def _write_temp(parent: Path, data: bytes) -> Path:
    """A new file in `parent` holding `data`, on disk. A short name of its own, so a
    name near the length limit still has room; created with the umask's permissions."""
    while True:
        temp = parent / f".tidings-save-{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    return temp


def _link_new(temp: Path, path: Path) -> None:
    """`temp` becomes `path`, which must not exist (FileExistsError if it does)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(path):  # no hard links here: look, then rename
            raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
        os.replace(temp, path)


def _sync_dir(parent: Path) -> None:
    """The rename on disk too (best effort: not every system can sync a directory)."""
    try:
        fd = os.open(parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
