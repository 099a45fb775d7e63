"""An article page's metadata: title (<h1> / og:title / <title>), publication date
(meta, itemprop, <time>; a time without an offset in the page's zone, as for feeds:
Beijing time on a Chinese page) and author."""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

from lxml import etree

from tidings.core.dates import parse_date
from tidings.core.page_text import class_words, el_text, norm

_TITLE_SEP_RE = re.compile(r"\s+[-|–—·]\s+|_|\s*[|｜]\s*|\s+--\s+")


def meta_content(root: etree._Element, *names: str) -> str | None:
    for name in names:
        for el in root.iter("meta"):
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
            if key == name and norm(el.get("content")):
                return norm(el.get("content"))
    return None


def find_title(root: etree._Element) -> str | None:
    doc_title = norm(root.findtext(".//title"))
    h1s = [el_text(h) for h in root.iter("h1")]
    h1s = [h for h in h1s if h]
    for h in h1s:  # the <h1> that the <title> starts with is the article's title
        if doc_title and (doc_title.startswith(h) or h in doc_title):
            return h
    og = meta_content(root, "og:title", "twitter:title")
    if og:
        return _TITLE_SEP_RE.split(og)[0].strip() or og
    if doc_title:
        parts = [p.strip() for p in _TITLE_SEP_RE.split(doc_title) if p.strip()]
        return parts[0] if parts else doc_title
    return h1s[0] if h1s else None


_CN_DATE_RE = re.compile(
    r"(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
)


def _parse_date(value: str | None, zone: tzinfo | None) -> datetime | None:
    """A page's date as aware UTC; a time without an offset is taken in `zone` (the
    page's, see dates.feed_zone: Beijing time on a Chinese page), else UTC."""
    value = norm(value)
    if not value:
        return None
    dt = parse_date(value, zone)  # ISO 8601, RFC 822, 2024年5月1日 ...
    if dt is not None:
        return dt
    m = _CN_DATE_RE.search(value)  # "发布时间：2024-05-01 08:30", "2024/5/1"
    if m is None:
        return None
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    try:
        return datetime(y, mo, d, h, mi, s, tzinfo=zone or UTC).astimezone(UTC)
    except ValueError:
        return None


def find_published(root: etree._Element, zone: tzinfo | None) -> datetime | None:
    value = meta_content(
        root, "article:published_time", "og:published_time", "datepublished", "pubdate",
        "publishdate", "publish_date", "dc.date", "dc.date.issued", "date", "sailthru.date",
    )  # fmt: skip
    if value is None:
        for el in root.iter():
            if (el.get("itemprop") or "").lower() == "datepublished":
                value = el.get("content") or el.get("datetime") or el_text(el)
                break
    if value is None:
        t = next((t for t in root.iter("time") if t.get("datetime")), None)
        value = t.get("datetime") if t is not None else None
    if value is None:
        for el in root.iter("span", "div", "p", "em"):
            if class_words(el) & {"date", "time", "pubtime", "pubdate", "publish", "info"}:
                text = el_text(el)
                if m := _CN_DATE_RE.search(text):
                    # the whole text where it is a date ("2024-05-01T08:30+02:00"), else
                    # the date in it ("发布时间：2024-05-01 08:30 来源：…")
                    value = text if parse_date(norm(text)) else m.group(0)
                    break
    return _parse_date(value, zone)


_BY_RE = re.compile(r"^(?:by|作者[:：]?|文[/:：]|记者[:：]?)\s*", re.IGNORECASE)


def find_author(root: etree._Element) -> str | None:
    value = meta_content(root, "author", "article:author", "byl", "dc.creator", "twitter:creator")
    if value and not value.startswith(("http://", "https://")):
        return _BY_RE.sub("", value).strip() or None
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if (el.get("itemprop") or "").lower() == "author" or (el.get("rel") or "") == "author":
            text = el_text(el)
        elif class_words(el) & {"byline", "author"}:
            text = el_text(el)
        else:
            continue
        if 0 < len(text) <= 60:
            return _BY_RE.sub("", text).strip() or None
    return None
