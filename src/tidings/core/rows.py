"""Converting between database rows and models: unix seconds <-> UTC datetimes, JSON
columns, and the ArticleSummary / Article built from a row."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from tidings.core.models import Article, ArticleSummary, Enclosure, SiteLink

# The columns summary_from_row() reads, from `articles a JOIN feeds f`.
SUMMARY_COLS = (
    "a.id, a.feed_id, COALESCE(f.title_override, f.title, f.url) AS feed_title,"
    " a.title, a.link, a.published, a.read, a.starred"
)


def to_ts(dt: datetime | None) -> int | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        return int(dt.timestamp())
    except (OverflowError, OSError, ValueError):
        return None


def to_dt(ts: int | None) -> datetime | None:
    if ts is None:
        return None
    try:
        return datetime.fromtimestamp(ts, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def json_list(text: str | None) -> list[Any]:
    if not text:
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def article_from_row(row: sqlite3.Row) -> Article:
    enclosures = [
        Enclosure(
            url=str(e.get("url", "")),
            type=e.get("type"),
            length=e.get("length"),
            title=e.get("title"),
        )
        for e in json_list(row["enclosures"])
        if isinstance(e, dict) and e.get("url")
    ]
    site_links = [
        SiteLink(
            kind=str(s.get("kind", "")), url=str(s.get("url", "")), title=str(s.get("title") or "")
        )
        for s in json_list(row["site_links"])
        if isinstance(s, dict) and s.get("url")
    ]
    return Article(
        id=row["id"],
        feed_id=row["feed_id"],
        feed_title=row["feed_title"] or "",
        feed_url=row["feed_url"],
        category=row["feed_category"],
        guid=row["guid"],
        link=row["link"],
        title=row["title"] or "",
        author=row["author"],
        published=to_dt(row["published"]),
        updated=to_dt(row["updated"]),
        summary=row["summary"],
        content=row["content"],
        categories=[str(c) for c in json_list(row["categories"])],
        enclosures=enclosures,
        read=bool(row["read"]),
        starred=bool(row["starred"]),
        full_text=row["full_text"],
        full_text_error=row["full_text_error"],
        site_links=site_links,
    )


def summary_from_row(row: sqlite3.Row, *, marked: bool = False) -> ArticleSummary:
    """The row of SUMMARY_COLS (and, `marked`, a `marks` column after them)."""
    return ArticleSummary(
        id=row["id"],
        feed_id=row["feed_id"],
        feed_title=row["feed_title"] or "",
        title=row["title"] or "",
        link=row["link"],
        published=to_dt(row["published"]),
        read=bool(row["read"]),
        starred=bool(row["starred"]),
        marks=(row["marks"] or 0) if marked else 0,
    )
