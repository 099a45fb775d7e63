"""JSON Feed 1.0 / 1.1 into ParsedFeed."""

from __future__ import annotations

import html
import json
import re

from tidings.core.dates import feed_zone, parse_date
from tidings.core.models import Enclosure, ParsedEntry, ParsedFeed
from tidings.core.parse_common import (
    ParseError,
    add_category,
    add_enclosure,
    join_url,
    plain,
    to_int,
)


def _str(v: object) -> str | None:
    if isinstance(v, str):
        return v.strip() or None
    if isinstance(v, int | float) and not isinstance(v, bool):
        return str(v)
    return None


def _json_author(obj: dict) -> str | None:
    authors = obj.get("authors")
    if isinstance(authors, list):
        names = [_str(a.get("name")) for a in authors if isinstance(a, dict)]
        names = [n for n in names if n]
        if names:
            return ", ".join(names)
    author = obj.get("author")
    if isinstance(author, dict):
        return _str(author.get("name"))
    return None


def parse_json(text: str, url: str | None, sample: str = "") -> ParsedFeed:
    """A JSON Feed; `sample`, the start of its text, tells its script (see feed_zone)."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"not a feed: invalid JSON ({exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise ParseError("not a feed: JSON without an items list")
    version = str(doc.get("version") or "")
    fmt = "json11" if version.rstrip("/").endswith("1.1") else "json10"
    link = _str(doc.get("home_page_url"))
    base = url or _str(doc.get("feed_url")) or link
    feed = ParsedFeed(title=plain(_str(doc.get("title"))), link=join_url(base, link), format=fmt)
    feed_author = _json_author(doc)
    # The text may write CJK as \uXXXX escapes: judge the script by the titles too.
    titles = [_str(i.get("title")) or "" for i in doc["items"][:100] if isinstance(i, dict)]
    zone = feed_zone(_str(doc.get("language")), " ".join([sample, *titles]))
    for item in doc["items"]:
        if not isinstance(item, dict):
            continue
        e = ParsedEntry()
        e.link = join_url(base, _str(item.get("url")) or _str(item.get("external_url")))
        e.id = _str(item.get("id")) or e.link
        e.title = plain(_str(item.get("title")))
        e.author = _json_author(item) or feed_author
        e.published = parse_date(_str(item.get("date_published")), zone)
        e.updated = parse_date(_str(item.get("date_modified")), zone)
        summary = _str(item.get("summary"))
        e.summary = html.escape(summary, quote=False) if summary else None
        content_html = _str(item.get("content_html"))
        content_text = _str(item.get("content_text"))
        if content_html:
            e.content = content_html
        elif content_text:
            e.content = "".join(
                "<p>" + html.escape(p.strip()).replace("\n", "<br>") + "</p>"
                for p in re.split(r"\n\s*\n", content_text)
                if p.strip()
            )
        tags = item.get("tags")
        if isinstance(tags, list):
            for t in tags:
                add_category(e, _str(t))
        attachments = item.get("attachments")
        if isinstance(attachments, list):
            for a in attachments:
                if isinstance(a, dict) and (a_url := join_url(base, _str(a.get("url")))):
                    enc = Enclosure(
                        url=a_url,
                        type=_str(a.get("mime_type")),
                        length=to_int(a.get("size_in_bytes")),
                        title=_str(a.get("title")),
                    )
                    add_enclosure(e, enc)
        feed.entries.append(e)
    return feed
