"""Atom 0.3 / 1.0 (text constructs in text, HTML or XHTML) into ParsedFeed."""

from __future__ import annotations

import html
import re
from datetime import tzinfo

from lxml import etree

from tidings.core.dates import feed_zone, parse_date
from tidings.core.models import Enclosure, ParsedEntry, ParsedFeed
from tidings.core.parse_common import (
    absolute_links,
    add_category,
    add_enclosure,
    html_title,
    join_url,
    plain,
    text_title,
    to_int,
)
from tidings.core.parse_xml import ATOM, ATOM03, DC, MEDIA, XML_BASE, add_media, all_text, inner_xml

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LOOKS_HTML_RE = re.compile(
    r"<(?:p|br|a|div|img|b|i|em|strong|span|ul|ol|li|h[1-6]|blockquote|pre|code|table)\b", re.I
)


def _text_to_html(s: str) -> str:
    if _LOOKS_HTML_RE.search(s):
        return s
    paras = [p.strip() for p in re.split(r"\n\s*\n", s) if p.strip()]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paras)


def _atom_text(el: etree._Element, as_html: bool) -> str | None:
    """An Atom text construct: HTML when `as_html`, else plain text."""
    kind = (el.get("type") or "text").lower()
    mode = (el.get("mode") or "").lower()  # Atom 0.3
    if kind in ("xhtml", "application/xhtml+xml") or mode == "xml":
        div = next((c for c in el if isinstance(c.tag, str)), None)
        if div is not None and div.tag.rpartition("}")[2] == "div" and not (el.text or "").strip():
            el = div
        s = inner_xml(el) if as_html else all_text(el)
    elif kind in ("html", "text/html") or mode == "escaped":
        s = inner_xml(el) if len(el) else (el.text or "")
        if not as_html:
            return html_title(s)
    else:  # text: a `<` in it is text (`The <dialog> element`), not a tag
        s = all_text(el)
        if not as_html:
            return text_title(s)
        s = _text_to_html(s)
    return s.strip() or None


def _atom_link(el: etree._Element, base: str | None) -> str | None:
    return join_url(join_url(base, el.get(XML_BASE)) or base, el.get("href"))


def _atom_entry(
    entry: etree._Element, base: str | None, zone: tzinfo | None, declared: bool = False
) -> ParsedEntry:
    """One entry; `declared`: an xml:base holds for it (the feed's or its own), against
    which its content's relative links are made absolute."""
    e = ParsedEntry()
    alternate: str | None = None
    other_link: str | None = None
    for el in entry:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        ns, _, local = tag[1:].rpartition("}") if tag[0] == "{" else ("", "", tag)
        if ns in (ATOM, ATOM03, ""):
            if local == "id":
                e.id = all_text(el).strip() or None
            elif local == "title":
                e.title = _atom_text(el, as_html=False)
            elif local == "link":
                rel = el.get("rel") or "alternate"
                if rel == "alternate" and (alternate is None or el.get("type") == "text/html"):
                    alternate = _atom_link(el, base)
                elif rel == "enclosure":
                    href = _atom_link(el, base)
                    if href:
                        enc = Enclosure(
                            url=href,
                            type=el.get("type"),
                            length=to_int(el.get("length")),
                            title=el.get("title"),
                        )
                        add_enclosure(e, enc)
                elif other_link is None and rel not in ("self", "edit", "replies", "license"):
                    other_link = _atom_link(el, base)
            elif local == "author":
                for sub in el:
                    if isinstance(sub.tag, str) and sub.tag.rpartition("}")[2] == "name":
                        e.author = e.author or plain(all_text(sub))
            elif local in ("published", "issued", "created"):
                e.published = e.published or parse_date(el.text, zone)
            elif local in ("updated", "modified"):
                e.updated = e.updated or parse_date(el.text, zone)
            elif local in ("summary", "content"):
                body = _atom_text(el, as_html=True)
                if body and (declared or el.get(XML_BASE) is not None):  # xml:base, said
                    body = absolute_links(body, join_url(base, el.get(XML_BASE)) or base or "")
                setattr(e, local, body)
            elif local == "category":
                add_category(e, el.get("label") or el.get("term") or all_text(el))
        elif ns in MEDIA:
            add_media(e, el, local, base)
        elif ns == DC:
            if local == "creator":
                e.author = e.author or plain(all_text(el))
            elif local == "date":
                e.published = e.published or parse_date(el.text, zone)
            elif local == "subject":
                add_category(e, all_text(el))
    e.link = alternate or other_link
    e.id = e.id or e.link
    return e


def _entry_zone(entry: etree._Element, zone: tzinfo | None) -> tzinfo | None:
    """An entry's own xml:lang overrides the feed's (a feed mixing Japanese and Korean
    entries with English ones)."""
    lang = entry.get(_XML_LANG)
    return feed_zone(lang) if lang and lang.strip() else zone


def parse_atom(root: etree._Element, url: str | None, fmt: str, sample: str = "") -> ParsedFeed:
    """An Atom document; `sample`, the start of its text, tells its script (see feed_zone)."""
    feed = ParsedFeed(format=fmt)
    zone = feed_zone(root.get(_XML_LANG), sample)
    base = join_url(url, root.get(XML_BASE)) or url
    entries: list[etree._Element] = []
    for el in root:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        local = tag.rpartition("}")[2]
        if local == "entry":
            entries.append(el)
        elif local == "title" and feed.title is None:
            feed.title = _atom_text(el, as_html=False)
        elif local == "link" and (el.get("rel") or "alternate") == "alternate":
            feed.link = feed.link or _atom_link(el, base)
    declared = root.get(XML_BASE) is not None
    feed.entries = [
        _atom_entry(
            en,
            join_url(base, en.get(XML_BASE)) or base,
            _entry_zone(en, zone),
            declared or en.get(XML_BASE) is not None,
        )
        for en in entries
    ]
    return feed
