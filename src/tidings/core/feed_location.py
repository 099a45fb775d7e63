"""Where a feed lives, as feeds.yaml may write it: an http(s) URL, a bundled demo feed
(``demo:NAME``), a ``file:`` URL or a path. check_feed_url() normalises one or says,
in words a user can act on, what is wrong with it."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

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


def url_key(url: str) -> str:
    """URLs that differ only in the case of scheme and host are the same feed."""
    m = re.match(r"^(https?://)([^/?#]*)(.*)$", url, re.IGNORECASE | re.DOTALL)
    if m:
        return m.group(1).lower() + m.group(2).lower() + m.group(3)
    return url


def feed_key(url: str) -> str:
    """url_key, and blind to a trailing slash on the path too: feeds.yaml already holds
    the feed at `url` when it lists a URL with the same key (adding, importing)."""
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
        if scheme == "file":
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return None, f"{shown} names another host; file: URLs must be local"
            path = Path(unquote(parts.path)).expanduser()
            if not path.is_absolute() and base_dir is not None:
                path = (base_dir / path).resolve()
                return "file://" + quote(path.as_posix()), None
            return url, None
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
