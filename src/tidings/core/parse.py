"""Parse RSS 0.9x / 1.0 / 2.0, Atom 0.3 / 1.0 and JSON Feed 1.0 / 1.1 into ParsedFeed.

Feed bytes are hostile. They are decoded with `decode_feed` (so GBK, Big5 and Shift_JIS
come out right), characters XML forbids are dropped, the DOCTYPE is removed so no entity
is ever expanded, and lxml parses with entities, DTDs and the network off and recovery
on. A document that parsed with errors gets a second pass with bare ``&`` escaped and
HTML entities (``&nbsp;``) turned into characters. Summary and content stay HTML.

The formats live in their own modules: tidings.core.parse_xml (safe XML reading),
tidings.core.parse_rss, tidings.core.parse_atom and tidings.core.parse_json, with
tidings.core.parse_common for what they share.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from lxml import etree

from tidings.core.encoding import decode_feed
from tidings.core.link_identity import identity_link, is_url
from tidings.core.models import ParsedFeed
from tidings.core.parse_atom import parse_atom
from tidings.core.parse_common import ParseError
from tidings.core.parse_json import parse_json
from tidings.core.parse_rss import parse_rss
from tidings.core.parse_xml import ATOM03, RSS090, feed_start, read_xml

__all__ = ["ParseError", "parse_feed", "MAX_FEED_BYTES"]

MAX_FEED_BYTES = 32_000_000

_HEAD_SKIP_RE = re.compile(r"^(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_SAMPLE_CHARS = 8000  # of the text, for a feed that declares no language to show its script


_HTML_TITLE_RE = re.compile(r"<title[^>]*>([^<]{1,300})</title", re.I)


def html_page(text: str) -> str:
    """Why an HTML page is not a feed, with its title: a login page, a bot check
    ("Just a moment..."), or the site's home page say what went wrong."""
    m = _HTML_TITLE_RE.search(text[:_SAMPLE_CHARS])
    title = " ".join(html.unescape(m.group(1)).split())[:80] if m else ""
    named = f' titled "{title}"' if title else ""
    return (
        f"not a feed: got an HTML page{named} (a login or bot-check page, or the site's page"
        " rather than its feed)"
    )


def _dispatch(root: etree._Element, url: str | None, sample: str) -> ParsedFeed:
    tag = root.tag if isinstance(root.tag, str) else ""
    ns, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    parse: Callable[[etree._Element, str | None, str, str], ParsedFeed]
    if local.lower() == "rss":
        version = (root.get("version") or "2.0").strip()
        fmt = "rss09x" if version.startswith("0.9") else "rss20"
        parse = parse_rss
    elif local == "RDF":
        inner = {c.tag.rpartition("}")[0][1:] for c in root if isinstance(c.tag, str)}
        fmt, parse = ("rss09x" if RSS090 in inner else "rss10"), parse_rss
    elif local == "feed":
        fmt, parse = ("atom03" if ns == ATOM03 else "atom10"), parse_atom
    elif local.lower() == "html":
        raise ParseError(html_page(sample))
    else:
        raise ParseError(f"not a feed: the document is <{local or '?'}>, not RSS or Atom")
    return parse(root, url, fmt, sample)


def parse_feed(
    data: bytes, *, content_type: str | None = None, url: str | None = None
) -> ParsedFeed:
    """Parse feed bytes. Raises ParseError, with the reason, for anything not a feed."""
    if not data or not data.strip():
        raise ParseError("empty response")
    if len(data) > MAX_FEED_BYTES:
        raise ParseError(f"feed too large ({len(data)} bytes)")
    text, encoding = decode_feed(data, content_type)
    start = text.lstrip("\ufeff \t\r\n")
    if not start:
        raise ParseError("empty response")
    sample = start[:_SAMPLE_CHARS]
    is_json_type = bool(content_type) and "json" in content_type.lower()
    if start[0] == "{" or (is_json_type and start[0] != "<"):
        feed = parse_json(start, url, sample)
    else:
        head = start[len(_HEAD_SKIP_RE.match(start[:4096]).group(0)) :][:64].lower()
        if head.startswith(("<!doctype html", "<html")):
            raise ParseError(html_page(start))
        salvage = feed_start(start)
        if not head.startswith("<") and salvage is None:
            raise ParseError("not a feed: the response is neither XML nor JSON")
        try:
            feed = _dispatch(read_xml(start), url, sample)
        except ParseError:
            if salvage is None:
                raise
            feed = _dispatch(read_xml(start[salvage:]), url, sample)
    feed.encoding = encoding
    for entry in feed.entries:  # an item known by a URL (its link, a guid): untracked
        if entry.id and is_url(entry.id):
            untracked = identity_link(entry.id)
            if untracked != entry.id:
                entry.given_id, entry.id = entry.id, untracked
    return feed
