"""Which enclosure of an article is the episode, and the name its file gets.

`e` and `tidings download` take one enclosure per article: the first audio or video
one (newsboat keeps one enclosure per item too). Feeds often offer an episode twice
(an MP3 and an M4A, a low and a high bitrate) beside a cover image (Media RSS's
thumbnails are enclosures here): all of them would double what goes over the wire and
onto the disk for nothing.

A file name comes from the server's Content-Disposition header, else the last part
of the enclosure's URL path, and is made safe: only what follows the last `/` or `\\`
(`../../etc/passwd` is `passwd`), no control or invisible characters, no leading `.`
or `-`, no character unsafe on some file system, at most MAX_NAME_BYTES of UTF-8 with
its extension kept. It never takes the name of a file already there: `episode (2).mp3`.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from tidings.core.models import Enclosure
from tidings.core.save_file import file_name

MAX_NAME_BYTES = 180  # of a file name: room for " (99)" and ".part" within 255
PART = ".part"  # a file being downloaded; renamed to its name once whole
FALLBACK = "episode"
MEDIA_EXTENSIONS = frozenset(
    {
        ".mp3", ".m4a", ".m4b", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wav", ".mka",
        ".mp4", ".m4v", ".mkv", ".webm", ".mov", ".ogv", ".avi",
    }
)  # fmt: skip
_EXTENSION = re.compile(r"^\.[A-Za-z0-9]{1,10}$")


def is_media(enclosure: Enclosure) -> bool:
    """An audio or video file: by its type, else (no type given) by its URL's extension."""
    kind = (enclosure.type or "").split(";")[0].strip().lower()
    if kind:
        return kind.startswith(("audio/", "video/")) or kind in ("application/ogg",)
    suffix = PurePosixPath(urlsplit(enclosure.url).path).suffix.lower()
    return suffix in MEDIA_EXTENSIONS


def pick_enclosure(enclosures: Sequence[Enclosure]) -> Enclosure | None:
    """The episode of an article: the first audio or video enclosure, else None."""
    return next((e for e in enclosures if is_media(e)), None)


def name_from_url(url: str) -> str:
    """The last part of the URL's path, percent-decoded ('' when it has none)."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    return unquote(path.rstrip("/").rsplit("/", 1)[-1], errors="replace")


_DISPOSITION_EXT = re.compile(r"""filename\*\s*=\s*([^;]+)""", re.IGNORECASE)
_DISPOSITION = re.compile(r"""filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))""", re.IGNORECASE)


def name_from_disposition(header: str | None) -> str:
    """The file name a Content-Disposition header gives ('' when none): RFC 6266's
    `filename*=UTF-8''…` first, else `filename="…"`."""
    if not header:
        return ""
    extended = _DISPOSITION_EXT.search(header)
    if extended:
        value = extended.group(1).strip().strip('"')
        charset, _, rest = value.partition("'")
        _language, _, encoded = rest.partition("'")
        if encoded:
            try:
                return unquote(encoded, encoding=charset or "utf-8", errors="replace")
            except LookupError:  # a charset Python does not know
                return unquote(encoded, errors="replace")
    plain = _DISPOSITION.search(header)
    if plain:
        quoted, bare = plain.group(1), plain.group(2)
        return re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else bare.strip()
    return ""


def safe_name(raw: str, content_type: str | None = None) -> str:
    """`raw` (from a URL or a server) as a file name that is safe to create: see the
    module's doc. Without an extension, one from `content_type` is added when known
    (`audio/mpeg`: `.mp3`)."""
    raw = unicodedata.normalize("NFC", raw)
    raw = re.split(r"[/\\]", raw)[-1]  # a path: only its last part
    stem, dot, ext = raw.rpartition(".")
    extension = f".{ext}" if dot and stem.strip(". ") else ""
    if not _EXTENSION.match(extension):
        stem, extension = raw, ""
    if not extension and content_type:
        guessed = mimetypes.guess_extension(content_type.split(";")[0].strip().lower()) or ""
        extension = guessed if _EXTENSION.match(guessed) else ""
    name = file_name(stem, max_bytes=MAX_NAME_BYTES, extension=extension.lower())
    if name == "article" + extension.lower():  # nothing usable in it
        name = FALLBACK + extension.lower()
    return name


def free_name(directory: Path, name: str) -> str:
    """`name`, or `stem (2).ext`, `stem (3).ext`… : the first with no file of that name
    nor its `.part` in `directory` (may stat the file system)."""
    stem, ext = _split(name)
    candidate = name
    number = 1
    while (directory / candidate).exists() or (directory / (candidate + PART)).exists():
        number += 1
        candidate = f"{stem} ({number}){ext}"
    return candidate


def _split(name: str) -> tuple[str, str]:
    stem, dot, ext = name.rpartition(".")
    if dot and stem and _EXTENSION.match("." + ext):
        return stem, "." + ext
    return name, ""
