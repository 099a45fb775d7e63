"""HTML -> rich `Text`: the body of an article as the reader shows it.

Feed HTML is hostile: it is parsed without network or entity expansion, sizes and depth
are capped, every text node goes through `sanitize.clean`, and only http(s)/mailto links
are numbered. Given a width, lines are wrapped by terminal cells (`rich.cells.cell_len`)
with hanging indents, so CJK never overflows and no character is cut.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field

import lxml.html
from rich.text import Text

from tidings.core.render_links import Links
from tidings.core.render_walk import Builder, Full
from tidings.core.render_wrap import reflow
from tidings.core.sanitize import clean, clean_markup

MAX_HTML = 1_000_000  # characters of HTML we look at
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)


@dataclass
class RenderedArticle:
    """Styled text for the reader, and the targets of its numbered links ([1] is
    `links[0]`) with what each said (`labels[0]`: its words, "image: alt"; may be "")."""

    text: Text
    links: list[str]
    labels: list[str] = field(default_factory=list)


class _TooDeep(Exception):
    """libxml2 stopped at its depth limit and dropped the rest of the page."""


def _parse(html: str) -> lxml.html.HtmlElement | None:
    # A parser per call: its error log is ours alone, whatever thread we run on. The
    # HTML parser loads no DTDs or external entities; no network, no huge trees.
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False, recover=True
    )
    root = lxml.html.document_fromstring(_XML_DECL.sub("", html), parser=parser)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise _TooDeep
    body = root.find("body")
    return body if body is not None else root


_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_BLOCK_TAG = re.compile(r"<(?:/?p|br|/?div|/?li|/?h[1-6]|/?tr)\b[^>]*>", re.IGNORECASE)


def _strip_tags(html: str) -> str:
    """Markup removed by pattern, for pages the parser gave up on."""
    html = _BLOCK_TAG.sub("\n", _SCRIPTS.sub(" ", html))
    return _TAG.sub(" ", html)


def _plain_paragraphs(text: str) -> Text:
    """Text without markup: its line breaks kept, runs of spaces collapsed."""
    text = clean(htmllib.unescape(text))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return Text(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip())


def render_html(
    html: str, *, base_url: str | None = None, width: int | None = None
) -> RenderedArticle:
    """Styled text for an HTML fragment or page, links numbered. With `width`, blocks are
    laid out for that many cells: lines wrapped with hanging indents and quote bars,
    tables and rules fitted, preformatted lines cut hard. Never raises: on anything
    unexpected the text falls back to plain."""
    html = (html or "")[:MAX_HTML]
    if width is not None:
        width = max(width, 2)
    if "<" not in html:
        return RenderedArticle(_fitted(_plain_paragraphs(html), width), [])
    links = Links(base_url)
    builder = Builder(links, width)
    try:
        root = _parse(clean_markup(html))
        if root is not None:
            try:
                builder.walk(root, 0)
            except Full:
                builder.block(2)
                builder.emit("[… article truncated]", "dim")
        return RenderedArticle(builder.finish(), links.urls, links.labels)
    except Exception:  # hostile markup must never take the reader down
        return RenderedArticle(_fitted(_plain_paragraphs(_strip_tags(html)), width), [])


def _fitted(text: Text, width: int | None) -> Text:
    """Plain paragraphs wrapped at words to `width` (no indents to keep)."""
    if width is None:
        return text
    marks = {}
    offset = 0
    for line in text.plain.split("\n"):
        marks[offset] = (0, [], True)
        offset += len(line) + 1
    return reflow(text, marks, width)
