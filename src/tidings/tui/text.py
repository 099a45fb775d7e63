"""Feed text made safe to show (core.sanitize), article bodies rendered (core.render),
dates formatted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from tidings.core.models import Article
from tidings.core.render import render_article
from tidings.core.sanitize import clean_line
from tidings.core.sanitize import safe_url as _safe_url
from tidings.core.search_highlight import mark_found


@dataclass
class Rendered:
    """An article as styled text (header, body, numbered links) plus the link targets
    and what each link said (for the links list on U)."""

    text: Text
    links: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def clean(s: str | None) -> str:
    """One line of feed text, safe for the terminal."""
    return clean_line(s) if s else ""


def safe_url(url: str | None) -> str | None:
    """The URL if it is safe to open or copy, else None."""
    return _safe_url(url) if url else None


def render_body(article: Article, width: int | None = None, found: str | None = None) -> Rendered:
    """The article as styled text with links numbered [n], laid out for `width` cells
    when given (core.render, cached there per width), with what the search `found`
    looks for marked."""
    result = render_article(article, width=width)
    mark_found(result.text, found)
    return Rendered(result.text, list(result.links), list(result.labels))


def format_date(when: datetime | None, *, with_time: bool = True) -> str:
    """An absolute local date ("2026-11-28 14:05"), never "2 hours ago"."""
    if when is None:
        return ""
    local = when.astimezone()
    return local.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def _cut(plain: str, width: int) -> int:
    """How many characters of `plain` fit in `width` cells (a wide one is never halved)."""
    used = 0
    for n, char in enumerate(plain):
        used += cell_len(char)
        if used > width:
            return n
    return len(plain)


def fit(s: str, width: int) -> str:
    """`s` in exactly `width` cells: padded, or cut with "…" right after the last character
    that fits (spaces before it dropped). (Rich's ellipsis, after a wide character that does not fit, stood one cell
    away: "寰宇 …".)"""
    if cell_len(s) <= width:
        return set_cell_size(s, width)
    if width <= 0:
        return ""
    return set_cell_size(s[: _cut(s, width - 1)].rstrip() + "…", width)


def ellipsize(text: Text, width: int) -> Text:
    """`text` cut to at most `width` cells with "…" as fit() does, its styles kept (the
    "…" has those of the characters it stands for)."""
    if text.cell_len <= width:
        return text
    cut = text.copy()
    kept = text.plain[: _cut(text.plain, width - 1)].rstrip()  # "landfall on…", not "on …"
    cut.plain = kept + "…" if width > 0 else ""
    return cut


def ellipsize_middle(text: Text, width: int) -> Text:
    """`text` cut to at most `width` cells with "…" in the middle, for an address: its
    start and its end stay ("127.0.0.1:8765/…/missing.xml"), the end from its last "/"
    where it fits, wide characters never halved, styles kept."""
    if text.cell_len <= width or width < 4:
        return ellipsize(text, width)
    plain = text.plain
    slash = plain.rfind("/", 1)
    end = cell_len(plain[slash:]) if slash > 0 else width // 2
    head = max(min(4, width // 3), width - 1 - end)  # cells kept of the start
    start = _cut(plain, head)
    stop = len(plain) - _cut(plain[::-1], width - 1 - head)
    cut = text[:start]
    cut.append("…")
    cut.append_text(text[stop:])
    return cut


def cut_middle(text: str, cells: int) -> str:
    """`text` in at most `cells` cells, "…" for its middle: the start (what it is about)
    and the end (the question, what to do) kept, wide characters never halved."""
    if cell_len(text) <= cells:
        return text
    tail_cells = min(48, (cells - 1) // 2)
    head_cells = cells - 1 - tail_cells
    head = tail = ""
    for char in text:
        if cell_len(head + char) > head_cells:
            break
        head += char
    for char in reversed(text):
        if cell_len(char + tail) > tail_cells:
            break
        tail = char + tail
    return f"{head.rstrip()}…{tail.lstrip()}"
