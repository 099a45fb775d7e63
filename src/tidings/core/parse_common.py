"""What the feed parsers of every format share: ParseError, and the cleaning of feed
values into entry fields (safe absolute URLs, plain titles, sizes, author names,
categories and enclosures without duplicates)."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from tidings.core.models import Enclosure, ParsedEntry


class ParseError(Exception):
    """The bytes are not a feed we can read; the message says why."""


_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_AUTHOR_EMAIL_RE = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


def join_url(base: str | None, href: str | None) -> str | None:
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


def plain(s: str | None) -> str | None:
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


_LINK_ATTR_RE = re.compile(r"""(\s(?:href|src)\s*=\s*)(["'])([^"'<>]*)\2""", re.I)
_ABSOLUTE_RE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|#)")


def absolute_links(html_text: str, base: str) -> str:
    """`html_text` with its relative href / src made absolute against `base`: the
    xml:base a feed declares for it, which the article's own link may not share."""

    def fix(m: re.Match[str]) -> str:
        value = m.group(3).strip()
        if not value or _ABSOLUTE_RE.match(value):
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}{join_url(base, value) or value}{m.group(2)}"

    return _LINK_ATTR_RE.sub(fix, html_text)


def html_title(s: str | None) -> str | None:
    """A title given as HTML (Atom's type="html"): its tags stripped and its entities
    decoded once, so that an escaped tag it names (`The &lt;dialog&gt; element`) stays."""
    if not s:
        return None
    if "<" in s:
        s = _TAG_RE.sub("", s)
    return " ".join(html.unescape(s).split()) or None


def text_title(s: str | None) -> str | None:
    """A title given as text (Atom's type="text"): as written, `<` and all, entities of a
    feed that escaped it twice (`Tom &amp;amp; Jerry`) decoded."""
    if not s:
        return None
    return " ".join((html.unescape(s) if "&" in s else s).split()) or None


def to_int(s: str | None) -> int | None:
    try:
        n = int(str(s).strip())
    except (TypeError, ValueError):
        return None
    return n if n >= 0 else None


def author_name(s: str | None) -> str | None:
    s = plain(s)
    if not s:
        return None
    m = _AUTHOR_EMAIL_RE.match(s)
    return m.group(1).strip() if m else s


def add_enclosure(entry: ParsedEntry, enc: Enclosure) -> None:
    if all(e.url != enc.url for e in entry.enclosures):
        entry.enclosures.append(enc)


def add_category(entry: ParsedEntry, name: str | None) -> None:
    name = plain(name)
    if name and name not in entry.categories:
        entry.categories.append(name)
