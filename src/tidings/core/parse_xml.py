"""Reading hostile feed XML safely, and what RSS and Atom share.

The DOCTYPE is removed so no entity is ever expanded, characters XML forbids are
dropped, and lxml parses with entities, DTDs and the network off and recovery on. A
document that parsed with errors gets a second pass with bare ``&`` escaped and HTML
entities (``&nbsp;``) turned into characters. Also here: the namespaces, the text and
inner markup of an element, and Media RSS enclosures."""

from __future__ import annotations

import html
import mimetypes
import re
from html.entities import html5 as _HTML5

from lxml import etree

from tidings.core.models import Enclosure, ParsedEntry
from tidings.core.parse_common import ParseError, add_enclosure, join_url, to_int
from tidings.core.sanitize import clean

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


_START_TAG_RE = re.compile(r"<[A-Za-z][^<>]*>")
_XMLNS_ATTR_RE = re.compile(r"""\sxmlns(?::[\w.-]+)?=(?:"[^"]*"|'[^']*')""")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        recover=True,
        load_dtd=False,
        encoding="utf-8",
    )


def all_text(el: etree._Element) -> str:
    """All the text inside `el`, markup dropped."""
    if len(el) == 0:
        return el.text or ""
    return "".join(t for t in el.itertext() if isinstance(t, str))


def inner_xml(el: etree._Element) -> str:
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


def add_media(entry: ParsedEntry, el: etree._Element, local: str, base: str | None) -> None:
    """media:content, media:thumbnail and media:group as enclosures."""
    if local == "group":
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                add_media(entry, child, tag.rpartition("}")[2], base)
        return
    if local not in ("content", "thumbnail"):
        return
    url = join_url(base, el.get("url"))
    if not url:
        return
    mime = el.get("type") or mimetypes.guess_type(url.split("?", 1)[0])[0]
    if not mime and (local == "thumbnail" or el.get("medium") == "image"):
        mime = "image/*"
    add_enclosure(entry, Enclosure(url=url, type=mime, length=to_int(el.get("fileSize"))))


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


def read_xml(text: str) -> etree._Element:
    dropped: set[str] = set()
    at = text[:4096].upper().find("<!DOCTYPE")
    if at >= 0:
        m = _DOCTYPE_RE.match(text, at)
        if m:
            dropped = set(_ENTITY_DECL_RE.findall(m.group(0)))
            text = text[: m.start()] + text[m.end() :]
    data = text.encode("utf-8", errors="replace")
    if data.translate(None, _KEEP_BYTES) or "\ufffe" in text or "\uffff" in text:
        # Characters XML forbids: whole terminal escape sequences first, so no
        # "[31m" is left behind, then any other stray control character.
        text = _BAD_CHARS_RE.sub("", clean(text))
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


def feed_start(text: str) -> int | None:
    """Where a feed begins after junk a server printed first (PHP warnings, blank
    lines, a stray word), or None if it begins at the start or nowhere near it."""
    m = _FEED_START_RE.search(text, 1, 65536)
    return m.start() if m else None
