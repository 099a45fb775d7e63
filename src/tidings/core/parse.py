"""Parse RSS 0.9x / 1.0 / 2.0, Atom 0.3 / 1.0 and JSON Feed 1.0 / 1.1 into ParsedFeed.

Feed bytes are hostile. They are decoded with `decode_feed` (so GBK, Big5 and Shift_JIS
come out right), characters XML forbids are dropped, the DOCTYPE is removed so no entity
is ever expanded, and lxml parses with entities, DTDs and the network off and recovery
on. A document that parsed with errors gets a second pass with bare ``&`` escaped and
HTML entities (``&nbsp;``) turned into characters. Summary and content stay HTML.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
from collections.abc import Callable
from html.entities import html5 as _HTML5
from urllib.parse import urljoin

from lxml import etree

from tidings.core.dates import parse_date
from tidings.core.encoding import decode_feed
from tidings.core.models import Enclosure, ParsedEntry, ParsedFeed

__all__ = ["ParseError", "parse_feed", "MAX_FEED_BYTES"]

MAX_FEED_BYTES = 32_000_000


class ParseError(Exception):
    """The bytes are not a feed we can read; the message says why."""


ATOM = "http://www.w3.org/2005/Atom"
ATOM03 = "http://purl.org/atom/ns#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RSS10 = "http://purl.org/rss/1.0/"
RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
MEDIA = ("http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss")
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
XHTML = "http://www.w3.org/1999/xhtml"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

_BAD_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FEED_START_RE = re.compile(r"<\?xml\s|<rss[\s>]|<feed[\s>]|<rdf:RDF[\s>]")
_KEEP_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in (0x09, 0x0A, 0x0D))
_DOCTYPE_RE = re.compile(r"<!DOCTYPE\s[^\[>]*(?:\[.*?\]\s*)?>", re.S | re.I)
_ENTITY_DECL_RE = re.compile(r"<!ENTITY\s+(?:%\s+)?([^\s%]+)")
_CDATA_SPLIT_RE = re.compile(r"(<!\[CDATA\[.*?\]\]>)", re.S)
_AMP_RE = re.compile(r"&(?:(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};)|([A-Za-z][A-Za-z0-9]{0,31});)?")
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_HEAD_SKIP_RE = re.compile(r"^(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_LOOKS_HTML_RE = re.compile(
    r"<(?:p|br|a|div|img|b|i|em|strong|span|ul|ol|li|h[1-6]|blockquote|pre|code|table)\b", re.I
)
_START_TAG_RE = re.compile(r"<[A-Za-z][^<>]*>")
_XMLNS_ATTR_RE = re.compile(r"""\sxmlns(?::[\w.-]+)?=(?:"[^"]*"|'[^']*')""")
_AUTHOR_EMAIL_RE = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        recover=True,
        load_dtd=False,
        encoding="utf-8",
    )


# -- small helpers -----------------------------------------------------------


def _join(base: str | None, href: str | None) -> str | None:
    """Resolve `href` against `base`; unsafe schemes give None."""
    if not href:
        return None
    href = href.strip()
    if href.startswith(("https://", "http://")):
        return href
    if not href or href.lower().startswith(_UNSAFE_SCHEMES):
        return None
    if base:
        try:
            return urljoin(base, href)
        except ValueError:
            return href
    return href


def _text(el: etree._Element) -> str:
    """All the text inside `el`, markup dropped."""
    if len(el) == 0:
        return el.text or ""
    return "".join(t for t in el.itertext() if isinstance(t, str))


def _inner_xml(el: etree._Element) -> str:
    """The markup inside `el`, serialised, namespaces removed (for XHTML and raw HTML)."""
    if len(el) == 0:
        return html.escape(el.text or "", quote=False)
    for sub in el.iter():
        tag = sub.tag
        if isinstance(tag, str) and tag[0] == "{":
            sub.tag = tag.rpartition("}")[2]
    etree.cleanup_namespaces(el)
    parts = [html.escape(el.text or "", quote=False)]
    parts.extend(etree.tostring(c, encoding="unicode", with_tail=True) for c in el)
    out = "".join(parts)
    if "xmlns" in out:  # declarations lxml keeps to undo the feed's default namespace
        out = _START_TAG_RE.sub(lambda m: _XMLNS_ATTR_RE.sub("", m.group(0)), out)
    return out


def _plain(s: str | None) -> str | None:
    """A title: tags stripped, entities decoded, whitespace collapsed."""
    if not s:
        return None
    if "<" in s:
        s = _TAG_RE.sub("", s)
    if "&" in s:
        s = html.unescape(s)
        if "<" in s:
            s = _TAG_RE.sub("", s)
    s = " ".join(s.split())
    return s or None


def _html_body(el: etree._Element) -> str | None:
    """An RSS description / content:encoded: HTML, escaped or (sloppily) as markup."""
    s = _inner_xml(el) if len(el) else el.text
    return s.strip() if s and s.strip() else None


def _text_to_html(s: str) -> str:
    if _LOOKS_HTML_RE.search(s):
        return s
    paras = [p.strip() for p in re.split(r"\n\s*\n", s) if p.strip()]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paras)


def _int(s: str | None) -> int | None:
    try:
        n = int(str(s).strip())
    except (TypeError, ValueError):
        return None
    return n if n >= 0 else None


def _author_name(s: str | None) -> str | None:
    s = _plain(s)
    if not s:
        return None
    m = _AUTHOR_EMAIL_RE.match(s)
    return m.group(1).strip() if m else s


def _add_enclosure(entry: ParsedEntry, enc: Enclosure) -> None:
    if all(e.url != enc.url for e in entry.enclosures):
        entry.enclosures.append(enc)


def _add_category(entry: ParsedEntry, name: str | None) -> None:
    name = _plain(name)
    if name and name not in entry.categories:
        entry.categories.append(name)


def _media(entry: ParsedEntry, el: etree._Element, local: str, base: str | None) -> None:
    """media:content, media:thumbnail and media:group as enclosures."""
    if local == "group":
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                _media(entry, child, tag.rpartition("}")[2], base)
        return
    if local not in ("content", "thumbnail"):
        return
    url = _join(base, el.get("url"))
    if not url:
        return
    mime = el.get("type") or mimetypes.guess_type(url.split("?", 1)[0])[0]
    if not mime and (local == "thumbnail" or el.get("medium") == "image"):
        mime = "image/*"
    _add_enclosure(entry, Enclosure(url=url, type=mime, length=_int(el.get("fileSize"))))


# -- RSS ------------------------------------------------------------------------

_RSS_NS = ("", RSS10, RSS090)


def _rss_item(item: etree._Element, base: str | None) -> ParsedEntry:
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
                e.title = _plain(_text(el))
            elif local == "link":
                link = link or _text(el).strip() or None
            elif local == "description":
                e.summary = _html_body(el)
            elif local == "guid":
                guid = _text(el).strip() or None
                guid_is_link = (el.get("isPermaLink") or "true").lower() != "false"
            elif local == "pubDate":
                e.published = parse_date(el.text)
            elif local == "author":
                e.author = _author_name(_text(el))
            elif local == "category":
                _add_category(entry=e, name=_text(el))
            elif local == "enclosure":
                url = _join(base, el.get("url"))
                if url:
                    _add_enclosure(
                        e, Enclosure(url=url, type=el.get("type"), length=_int(el.get("length")))
                    )
        elif ns == DC:
            if local == "creator":
                e.author = e.author or _author_name(_text(el))
            elif local == "date":
                e.published = e.published or parse_date(el.text)
            elif local == "subject":
                _add_category(e, _text(el))
            elif local == "description":
                dc_desc = _html_body(el)
            elif local == "title":
                dc_title = _plain(_text(el))
        elif ns == CONTENT and local == "encoded":
            e.content = _html_body(el)
        elif ns == DCTERMS:
            if local == "modified":
                e.updated = parse_date(el.text)
            elif local in ("issued", "created"):
                e.published = e.published or parse_date(el.text)
        elif ns == ATOM:
            if local == "link" and (el.get("rel") or "alternate") == "alternate":
                alt_link = alt_link or el.get("href")
            elif local == "updated":
                e.updated = parse_date(el.text)
            elif local == "published":
                e.published = e.published or parse_date(el.text)
        elif ns in MEDIA:
            _media(e, el, local, base)
        elif ns == ITUNES and local == "author":
            fallback_author = _plain(_text(el))
    if link is None and guid and guid_is_link and guid.startswith(("http://", "https://")):
        link = guid
    e.link = _join(base, link or alt_link)
    e.id = guid or item.get(f"{{{RDF}}}about") or e.link
    e.title = e.title or dc_title
    e.summary = e.summary or dc_desc
    e.author = e.author or fallback_author
    return e


def _parse_rss(root: etree._Element, url: str | None, fmt: str) -> ParsedFeed:
    feed = ParsedFeed(format=fmt)
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
    base = _join(url, root.get(XML_BASE)) or url
    if channel is not None:
        for el in channel:
            tag = el.tag
            if not isinstance(tag, str):
                continue
            ns, _, local = tag[1:].rpartition("}") if tag[0] == "{" else ("", "", tag)
            if ns not in _RSS_NS:
                continue
            if local == "title" and feed.title is None:
                feed.title = _plain(_text(el))
            elif local == "link" and feed.link is None:
                feed.link = _join(base, _text(el))
            elif local == "item":
                items.append(el)
    base = base or feed.link
    feed.entries = [_rss_item(item, _join(base, item.get(XML_BASE)) or base) for item in items]
    return feed


# -- Atom -----------------------------------------------------------------------


def _atom_text(el: etree._Element, as_html: bool) -> str | None:
    """An Atom text construct: HTML when `as_html`, else plain text."""
    kind = (el.get("type") or "text").lower()
    mode = (el.get("mode") or "").lower()  # Atom 0.3
    if kind in ("xhtml", "application/xhtml+xml") or mode == "xml":
        div = next((c for c in el if isinstance(c.tag, str)), None)
        if div is not None and div.tag.rpartition("}")[2] == "div" and not (el.text or "").strip():
            el = div
        s = _inner_xml(el) if as_html else _text(el)
    elif kind in ("html", "text/html") or mode == "escaped":
        s = _inner_xml(el) if len(el) else (el.text or "")
        if not as_html:
            return _plain(s)
    else:  # text
        s = _text(el)
        if not as_html:
            return _plain(s) if "<" in s or "&" in s else (" ".join(s.split()) or None)
        s = _text_to_html(s)
    return s.strip() or None


def _atom_link(el: etree._Element, base: str | None) -> str | None:
    return _join(_join(base, el.get(XML_BASE)) or base, el.get("href"))


def _atom_entry(entry: etree._Element, base: str | None) -> ParsedEntry:
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
                e.id = _text(el).strip() or None
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
                            length=_int(el.get("length")),
                            title=el.get("title"),
                        )
                        _add_enclosure(e, enc)
                elif other_link is None and rel not in ("self", "edit", "replies", "license"):
                    other_link = _atom_link(el, base)
            elif local == "author":
                for sub in el:
                    if isinstance(sub.tag, str) and sub.tag.rpartition("}")[2] == "name":
                        e.author = e.author or _plain(_text(sub))
            elif local in ("published", "issued", "created"):
                e.published = e.published or parse_date(el.text)
            elif local in ("updated", "modified"):
                e.updated = e.updated or parse_date(el.text)
            elif local == "summary":
                e.summary = _atom_text(el, as_html=True)
            elif local == "content":
                e.content = _atom_text(el, as_html=True)
            elif local == "category":
                _add_category(e, el.get("label") or el.get("term") or _text(el))
        elif ns in MEDIA:
            _media(e, el, local, base)
        elif ns == DC:
            if local == "creator":
                e.author = e.author or _plain(_text(el))
            elif local == "date":
                e.published = e.published or parse_date(el.text)
            elif local == "subject":
                _add_category(e, _text(el))
    e.link = alternate or other_link
    e.id = e.id or e.link
    return e


def _parse_atom(root: etree._Element, url: str | None, fmt: str) -> ParsedFeed:
    feed = ParsedFeed(format=fmt)
    base = _join(url, root.get(XML_BASE)) or url
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
    feed.entries = [_atom_entry(en, _join(base, en.get(XML_BASE)) or base) for en in entries]
    return feed


# -- JSON Feed --------------------------------------------------------------------


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


def _parse_json(text: str, url: str | None) -> ParsedFeed:
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
    feed = ParsedFeed(title=_plain(_str(doc.get("title"))), link=_join(base, link), format=fmt)
    feed_author = _json_author(doc)
    for item in doc["items"]:
        if not isinstance(item, dict):
            continue
        e = ParsedEntry()
        e.link = _join(base, _str(item.get("url")) or _str(item.get("external_url")))
        e.id = _str(item.get("id")) or e.link
        e.title = _plain(_str(item.get("title")))
        e.author = _json_author(item) or feed_author
        e.published = parse_date(_str(item.get("date_published")))
        e.updated = parse_date(_str(item.get("date_modified")))
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
                _add_category(e, _str(t))
        attachments = item.get("attachments")
        if isinstance(attachments, list):
            for a in attachments:
                if isinstance(a, dict) and (a_url := _join(base, _str(a.get("url")))):
                    enc = Enclosure(
                        url=a_url,
                        type=_str(a.get("mime_type")),
                        length=_int(a.get("size_in_bytes")),
                        title=_str(a.get("title")),
                    )
                    _add_enclosure(e, enc)
        feed.entries.append(e)
    return feed


# -- XML preparation and dispatch ---------------------------------------------------


def _fix_entities(text: str, dropped: set[str]) -> str:
    """Escape bare '&' and turn HTML entities into character references, outside CDATA."""

    def repl(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(0)
        name = m.group(2)
        if name is None:
            return "&amp;"
        if name in _XML_ENTITIES:
            return m.group(0)
        if name in dropped:
            return ""
        chars = _HTML5.get(name + ";")
        if chars:
            return "".join(f"&#{ord(c)};" for c in chars)
        return f"&amp;{name};"

    parts = _CDATA_SPLIT_RE.split(text)
    for i in range(0, len(parts), 2):
        if "&" in parts[i]:
            parts[i] = _AMP_RE.sub(repl, parts[i])
    return "".join(parts)


def _parse_xml(text: str) -> etree._Element:
    dropped: set[str] = set()
    at = text[:4096].upper().find("<!DOCTYPE")
    if at >= 0:
        m = _DOCTYPE_RE.match(text, at)
        if m:
            dropped = set(_ENTITY_DECL_RE.findall(m.group(0)))
            text = text[: m.start()] + text[m.end() :]
    data = text.encode("utf-8", errors="replace")
    if data.translate(None, _KEEP_BYTES) or "\ufffe" in text or "\uffff" in text:
        text = _BAD_CHARS_RE.sub("", text)  # characters XML forbids (ESC among them)
        data = text.encode("utf-8", errors="replace")
    parser = _parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None or len(parser.error_log):
        try:
            fixed = _fix_entities(text, dropped).encode("utf-8", "replace")
            again = etree.fromstring(fixed, _parser())
            root = again if again is not None else root
        except etree.XMLSyntaxError:
            pass
    if root is None:
        raise ParseError("not a feed: the XML could not be read")
    return root


def _feed_start(text: str) -> int | None:
    """Where a feed begins after junk a server printed first (PHP warnings, blank
    lines, a stray word), or None if it begins at the start or nowhere near it."""
    m = _FEED_START_RE.search(text, 1, 65536)
    return m.start() if m else None


def _dispatch(root: etree._Element, url: str | None) -> ParsedFeed:
    tag = root.tag if isinstance(root.tag, str) else ""
    ns, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    parse: Callable[[etree._Element, str | None, str], ParsedFeed]
    if local.lower() == "rss":
        version = (root.get("version") or "2.0").strip()
        fmt = "rss09x" if version.startswith("0.9") else "rss20"
        parse = _parse_rss
    elif local == "RDF":
        inner = {c.tag.rpartition("}")[0][1:] for c in root if isinstance(c.tag, str)}
        fmt, parse = ("rss09x" if RSS090 in inner else "rss10"), _parse_rss
    elif local == "feed":
        fmt, parse = ("atom03" if ns == ATOM03 else "atom10"), _parse_atom
    elif local.lower() == "html":
        raise ParseError("not a feed: got an HTML page")
    else:
        raise ParseError(f"not a feed: the document is <{local or '?'}>, not RSS or Atom")
    return parse(root, url, fmt)


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
    is_json_type = bool(content_type) and "json" in content_type.lower()
    if start[0] == "{" or (is_json_type and start[0] != "<"):
        feed = _parse_json(start, url)
    else:
        head = start[len(_HEAD_SKIP_RE.match(start[:4096]).group(0)) :][:64].lower()
        if head.startswith(("<!doctype html", "<html")):
            raise ParseError("not a feed: got an HTML page")
        salvage = _feed_start(start)
        if not head.startswith("<") and salvage is None:
            raise ParseError("not a feed: the response is neither XML nor JSON")
        try:
            feed = _dispatch(_parse_xml(start), url)
        except ParseError:
            if salvage is None:
                raise
            feed = _dispatch(_parse_xml(start[salvage:]), url)
    feed.encoding = encoding
    return feed
