"""Feed text made safe to show (core.sanitize), article bodies rendered (core.render),
dates formatted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

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
