"""Import feeds from OPML and newsboat `urls` files; export feeds as OPML 2.0.

Imported files are hostile: XML is parsed without entity expansion or network
access, and only http(s) URLs are accepted. Rejected entries are reported with a
reason through the optional `skipped` list, never executed or fetched. The one
exception is the user's own newsboat `urls` file, whose exec: and filter: feeds (a
command whose output is the feed) come over as newsboat runs them; an OPML file's
never do (newsboat's export leaves them out, so one that has them is someone else's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol
from urllib.parse import urlsplit

from lxml import etree

from tidings.core.feed_location import (
    COMMAND_PREFIXES,
    check_feed_url,
    feed_key,
    from_feed_scheme,
    shell_free,
)
from tidings.core.models import FeedSpec, SavedSearch
from tidings.core.newsboat_query import Untranslatable, parse_query_line, translate

__all__ = [
    "HIDDEN_TAG",
    "OpmlError",
    "check_import_url",
    "export_opml",
    "parse_newsboat_queries",
    "parse_newsboat_urls",
    "parse_opml",
]

MAX_OPML_BYTES = 20_000_000
MAX_FEEDS = 100_000
MAX_URL = 2048
MAX_TEXT = 500
# Whitespace, controls and characters that are never valid unescaped in a URL
# (and that a shell would treat specially).
_BAD_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f\"'<>\\^`{|}]|\$\(")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NO_COMMANDS = (
    "only your own newsboat urls file brings commands over (tidings import ~/.newsboat/urls)"
)


class OpmlError(Exception):
    """The file is not a usable OPML (or urls) file; str() says why."""


class _FeedLike(Protocol):
    url: str
    title: str | None
    category: str | None


FULL_TEXT_ATTR = "fullText"  # an outline's full_text: true, kept through export / import


def check_import_url(url: str) -> str | None:
    """None when `url` is an acceptable http(s) feed URL, else the reason it is not."""
    shown = repr(url if len(url) <= 60 else url[:57] + "...")
    if not url:
        return "empty URL"
    if len(url) > MAX_URL:
        return f"URL longer than {MAX_URL} characters: {shown}"
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        return f"not an http(s) URL: {shown}"
    if _BAD_URL_CHARS.search(url):
        return f"URL contains spaces, quotes or shell characters: {shown}"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return f"malformed URL: {shown}"
    if not host or not parts.netloc:
        return f"URL has no host: {shown}"
    if parts.password == "***":  # as `tidings export` writes a password, hidden
        return (
            f"the password in {shown} is hidden (***), as `tidings export` writes it: export"
            " again with --with-passwords, or add the feed with its password"
        )
    return None


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(_XML_INVALID.sub(" ", text).split())[:MAX_TEXT]
    return text or None


# -- OPML ------------------------------------------------------------------------------
def _attr(el: etree._Element, name: str) -> str | None:
    """An attribute, matched without regard to case (exporters write xmlUrl, xmlurl...)."""
    value = el.get(name)
    if value is None:
        for key, val in el.attrib.items():
            if isinstance(key, str) and key.lower() == name.lower():
                return val
    return value


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def parse_opml(data: bytes, skipped: list[str] | None = None) -> list[FeedSpec]:
    """The feeds of an OPML 1.0/2.0 file. A feed's category is the title of the folder
    outline holding it; an outline's `category` attribute becomes tags. Non-http(s)
    URLs go to `skipped` with a reason. Raises OpmlError for a file that is not OPML."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"file larger than {MAX_OPML_BYTES // 1_000_000} MB")
    if not data.strip():
        raise OpmlError("the file is empty")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise OpmlError(f"not well-formed XML: {exc.msg or exc}") from None
    if root is None:
        raise OpmlError("not well-formed XML: no root element")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise OpmlError("the file declares XML entities; refusing it (OPML never needs them)")
    if _local(root.tag) != "opml":
        raise OpmlError(f"not an OPML file: the root element is <{_local(root.tag) or '?'}>")
    body = next((el for el in root if _local(el.tag) == "body"), None)
    if body is None:
        raise OpmlError("not an OPML file: it has no <body>")
    out: list[FeedSpec] = []
    seen: set[str] = set()

    def walk(parent: etree._Element, category: str | None) -> None:
        for el in parent:
            if _local(el.tag) != "outline":
                continue
            url = from_feed_scheme((_attr(el, "xmlUrl") or "").strip())  # feed://host/x
            name = _clean(_attr(el, "title")) or _clean(_attr(el, "text"))
            if not url:
                # A folder: its feeds take its name as category (the innermost folder wins).
                if _attr(el, "type") in ("link", "include"):
                    continue
                walk(el, name or category)
                continue
            reason = _command_in(el, url) or check_import_url(url)
            if reason:
                if skipped is not None:
                    skipped.append(f"line {el.sourceline}: {reason}")
                continue
            if url in seen:
                continue
            if len(out) >= MAX_FEEDS:
                raise OpmlError(f"more than {MAX_FEEDS} feeds")
            seen.add(url)
            tags = tuple(
                dict.fromkeys(
                    t
                    for t in (
                        _clean(c.strip().strip("/"))
                        for c in (_attr(el, "category") or "").split(",")
                    )
                    if t
                )
            )
            full_text = (_attr(el, FULL_TEXT_ATTR) or "").lower() in ("true", "1", "yes")
            title = name if name != url else None
            out.append(
                FeedSpec(url=url, title=title, category=category, tags=tags, full_text=full_text)
            )
            walk(el, category)  # some exporters nest outlines under a feed; keep them too

    walk(body, None)
    return out


def _command_in(el: etree._Element, url: str) -> str | None:
    """Why an outline is left out when it would run a command on this machine: an
    exec: / filter: xmlUrl, Liferea's "|command", newsboat's filtercmd attribute."""
    shown = repr(url if len(url) <= 60 else url[:57] + "...")
    if url.lower().startswith(COMMAND_PREFIXES) or url.startswith("|"):
        return f"{shown} is a command, not taken from an OPML file: {_NO_COMMANDS}"
    if _attr(el, "filtercmd") is not None:
        return f"{shown} asks for a filter command (filtercmd), not taken: {_NO_COMMANDS}"
    return None


def export_opml(
    feeds: Sequence[_FeedLike], title: str = "tidings feeds", skipped: list[str] | None = None
) -> str:
    """OPML 2.0 of `feeds` (FeedSpec, FeedInfo or alike), a folder outline per category
    (in order of first appearance) and uncategorised feeds at the top level. exec: and
    filter: feeds are left out, as newsboat's export leaves them (another program, or
    another machine, would not run them), and so are the bundled demo: feeds (no other
    reader has them); each is named in `skipped`."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = _clean(title) or "tidings feeds"
    body = etree.SubElement(root, "body")
    folders: dict[str, etree._Element] = {}
    for feed in feeds:
        if feed.url.lower().startswith(COMMAND_PREFIXES):
            if skipped is not None:
                skipped.append(
                    f"{feed.url}: runs a command; OPML does not carry those (nor does newsboat's)"
                )
            continue
        if feed.url.lower().startswith("demo:"):
            if skipped is not None:
                skipped.append(
                    f"{feed.url}: a demo feed bundled with tidings; no other reader has it"
                )
            continue
        url = _XML_INVALID.sub("", feed.url)
        category = _clean(getattr(feed, "category", None))
        name = _clean(getattr(feed, "title", None))
        parent = body
        if category:
            if category not in folders:
                folders[category] = etree.SubElement(body, "outline", text=category, title=category)
            parent = folders[category]
        attrs = {"type": "rss", "text": name or url}
        if name:
            attrs["title"] = name
        attrs["xmlUrl"] = url
        tags = [t for t in (_clean(t) for t in getattr(feed, "tags", ()) or ()) if t]
        if tags:
            attrs["category"] = ",".join(t.replace(",", " ") for t in tags)
        if getattr(feed, "full_text", False):
            attrs[FULL_TEXT_ATTR] = "true"  # OPML allows any attribute; tidings reads it back
        etree.SubElement(parent, "outline", attrs)
    etree.indent(root, space="  ")
    text = etree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


# -- newsboat urls -----------------------------------------------------------------------
def _split_newsboat(line: str) -> list[str]:
    """Split a urls line into tokens: spaces separate, "double quotes" group,
    backslash escapes inside quotes."""
    tokens: list[str] = []
    i, n = 0, len(line)
    while i < n:
        if line[i].isspace():
            i += 1
            continue
        if line[i] == '"':
            i += 1
            buf = []
            while i < n and line[i] != '"':
                if line[i] == "\\" and i + 1 < n:
                    i += 1
                buf.append(line[i])
                i += 1
            i += 1  # the closing quote (or the end of an unterminated one)
            tokens.append("".join(buf))
        else:
            j = i
            while j < n and not line[j].isspace():
                j += 1
            tokens.append(line[i:j])
            i = j
    return tokens


# The tag a feed hidden in newsboat (`!` in its urls file) comes with.
HIDDEN_TAG = "hidden"


def parse_newsboat_urls(
    text: str, skipped: list[str] | None = None, hidden: list[str] | None = None
) -> list[FeedSpec]:
    """The feeds of a newsboat `urls` file: URL, then tags; a `"~Title"` tag sets the
    title, the first other tag is the category. `!` hides a feed in newsboat (its
    articles show only in query feeds): tidings has no hidden feeds, so such a feed
    comes tagged HIDDEN_TAG (never its category), and its URL goes in `hidden`. exec: and
    filter: feeds come as they are, but for a command that needs a shell (newsboat
    runs them with /bin/sh): that one is written `sh -c '…'` (shell_free). Comments,
    blank lines and query: feeds (parse_newsboat_queries) are left out; URLs that are
    not http(s) or file:, and commands tidings cannot take, are reported in `skipped`,
    and so is a feed listed twice: it comes once, with the tags of both lines."""
    out: list[FeedSpec] = []
    seen: dict[str, tuple[int, int]] = {}  # feed_key: (index in out, line)
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        tokens = _split_newsboat(stripped)
        if not tokens:
            continue
        url = tokens[0]
        if url.lower().startswith("query:"):
            continue  # a saved search: parse_newsboat_queries
        if url.startswith(COMMAND_PREFIXES):
            url = shell_free(url)
            reason = check_feed_url(url)[1]
        elif url.lower().startswith("file:"):  # newsboat reads local files too
            reason = check_feed_url(url)[1]
        else:
            reason = check_import_url(url)
        if reason:
            if skipped is not None:
                skipped.append(f"line {number}: {reason}")
            continue
        title: str | None = None
        tags: list[str] = []
        hide = False
        for tok in tokens[1:]:
            if tok.startswith("~"):
                title = _clean(tok[1:]) or title
            elif tok == "!":
                hide = True
            else:
                tag = _clean(tok)
                if tag and tag not in tags:
                    tags.append(tag)
        category = tags[0] if tags else None
        if hide:
            if HIDDEN_TAG not in tags:
                tags.append(HIDDEN_TAG)
            if hidden is not None:
                hidden.append(url)
        if (twin := seen.get(feed_key(url))) is not None:  # the same feed twice: one, tags merged
            index, first = twin
            spec = out[index]
            more = [t for t in tags if t not in spec.tags]
            out[index] = replace(spec, title=spec.title or title, tags=(*spec.tags, *more))
            if skipped is not None:
                added = f"its tags {', '.join(more)} added there" if more else "no tags to add"
                skipped.append(f"line {number}: the same feed as line {first} ({added})")
            continue
        if len(out) >= MAX_FEEDS:
            raise OpmlError(f"more than {MAX_FEEDS} feeds")
        seen[feed_key(url)] = (len(out), number)
        out.append(FeedSpec(url=url, title=title, category=category, tags=tuple(tags)))
    return out


def parse_newsboat_queries(text: str, skipped: list[str] | None = None) -> list[SavedSearch]:
    """The query feeds of a newsboat `urls` file (`"query:NAME:EXPRESSION"`) as saved
    searches, their filter expressions said in tidings' search syntax
    (tidings.core.newsboat_query); those it cannot say are left out and reported in
    `skipped`, with the reason."""
    out: list[SavedSearch] = []
    names: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped.lower().lstrip('"').startswith("query:"):
            continue
        # quoted as newsboat writes it; unquoted, the whole line is the query
        token = _split_newsboat(stripped)[0] if stripped.startswith('"') else stripped
        query = parse_query_line(token)
        if query is None:
            if skipped is not None:
                skipped.append(f"line {number}: query: expected query:NAME:EXPRESSION")
            continue
        title = _clean(query.title)
        try:
            translated = translate(query.expression)
        except Untranslatable as exc:
            if skipped is not None:
                skipped.append(f"line {number}: query {title!r} left out: cannot say {exc}")
            continue
        if title and title not in names and len(out) < MAX_FEEDS:
            names.add(title)
            out.append(SavedSearch(title, translated))
    return out
