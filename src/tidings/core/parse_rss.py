"""RSS 0.9x / 1.0 / 2.0 (with the Dublin Core, content, Atom, Media RSS and iTunes
elements feeds mix in) into ParsedFeed."""

from __future__ import annotations

from datetime import tzinfo

from lxml import etree

from tidings.core.dates import feed_zone, parse_date
from tidings.core.models import Enclosure, ParsedEntry, ParsedFeed
from tidings.core.parse_common import (
    add_category,
    add_enclosure,
    author_name,
    join_url,
    plain,
    to_int,
)
from tidings.core.parse_xml import (
    ATOM,
    CONTENT,
    DC,
    DCTERMS,
    ITUNES,
    MEDIA,
    RDF,
    RSS090,
    RSS10,
    XML_BASE,
    add_media,
    all_text,
    inner_xml,
)


def _html_body(el: etree._Element) -> str | None:
    """An RSS description / content:encoded: HTML, escaped or (sloppily) as markup."""
    s = inner_xml(el) if len(el) else el.text
    return s.strip() if s and s.strip() else None


_RSS_NS = ("", RSS10, RSS090)


def _rss_item(item: etree._Element, base: str | None, zone: tzinfo | None) -> ParsedEntry:
    e = ParsedEntry()
    guid: str | None = None
    guid_is_link = False
    link: str | None = None
    alt_link: str | None = None
    dc_desc: str | None = None
    dc_title: str | None = None
    fallback_author: str | None = None
    for el in item:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        ns, _, local = tag[1:].rpartition("}") if tag[0] == "{" else ("", "", tag)
        if ns in _RSS_NS:
            if local == "title":
                e.title = plain(all_text(el))
            elif local == "link":
                link = link or all_text(el).strip() or None
            elif local == "description":
                e.summary = _html_body(el)
            elif local == "guid":
                guid = all_text(el).strip() or None
                guid_is_link = (el.get("isPermaLink") or "true").lower() != "false"
            elif local == "pubDate":
                e.published = parse_date(el.text, zone)
            elif local == "author":
                e.author = author_name(all_text(el))
            elif local == "category":
                add_category(entry=e, name=all_text(el))
            elif local == "enclosure":
                url = join_url(base, el.get("url"))
                if url:
                    add_enclosure(
                        e, Enclosure(url=url, type=el.get("type"), length=to_int(el.get("length")))
                    )
        elif ns == DC:
            if local == "creator":
                e.author = e.author or author_name(all_text(el))
            elif local == "date":
                e.published = e.published or parse_date(el.text, zone)
            elif local == "subject":
                add_category(e, all_text(el))
            elif local == "description":
                dc_desc = _html_body(el)
            elif local == "title":
                dc_title = plain(all_text(el))
        elif ns == CONTENT and local == "encoded":
            e.content = _html_body(el)
        elif ns == DCTERMS:
            if local == "modified":
                e.updated = parse_date(el.text, zone)
            elif local in ("issued", "created"):
                e.published = e.published or parse_date(el.text, zone)
        elif ns == ATOM:
            if local == "link" and (el.get("rel") or "alternate") == "alternate":
                alt_link = alt_link or el.get("href")
            elif local == "updated":
                e.updated = parse_date(el.text, zone)
            elif local == "published":
                e.published = e.published or parse_date(el.text, zone)
        elif ns in MEDIA:
            add_media(e, el, local, base)
        elif ns == ITUNES and local == "author":
            fallback_author = plain(all_text(el))
    if link is None and guid and guid_is_link and guid.startswith(("http://", "https://")):
        link = guid
    e.link = join_url(base, link or alt_link)
    e.id = guid or item.get(f"{{{RDF}}}about") or e.link
    e.title = e.title or dc_title
    e.summary = e.summary or dc_desc
    e.author = e.author or fallback_author
    return e


def parse_rss(root: etree._Element, url: str | None, fmt: str, sample: str = "") -> ParsedFeed:
    """An RSS document; `sample`, the start of its text, tells its script (see feed_zone)."""
    feed = ParsedFeed(format=fmt)
    language: str | None = None
    channel: etree._Element | None = None
    items: list[etree._Element] = []
    for el in root:
        tag = el.tag
        if isinstance(tag, str):
            local = tag.rpartition("}")[2]
            if local == "channel":
                channel = el
            elif local == "item":  # RSS 1.0 / 0.90 keep items beside the channel
                items.append(el)
    base = join_url(url, root.get(XML_BASE)) or url
    if channel is not None:
        for el in channel:
            tag = el.tag
            if not isinstance(tag, str):
                continue
            ns, _, local = tag[1:].rpartition("}") if tag[0] == "{" else ("", "", tag)
            if ns == DC and local == "language":
                language = language or all_text(el)
            elif ns not in _RSS_NS:
                continue
            elif local == "title" and feed.title is None:
                feed.title = plain(all_text(el))
            elif local == "link" and feed.link is None:
                feed.link = join_url(base, all_text(el))
            elif local == "language":
                language = all_text(el)
            elif local == "item":
                items.append(el)
    base = base or feed.link
    zone = feed_zone(language, sample)  # known before the items, which come after the channel
    feed.entries = [
        _rss_item(item, join_url(base, item.get(XML_BASE)) or base, zone) for item in items
    ]
    return feed
