"""HTML -> plain text, for the search index, snippets and fallback titles.

Feed HTML is hostile: the parser never touches the network, comments, scripts and
styles are dropped, and input and output sizes are capped.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

MAX_INPUT = 2_000_000  # characters of HTML we look at
MAX_TEXT = 200_000  # characters of text we return

_PARSER = lxml.html.HTMLParser(
    no_network=True, remove_comments=True, remove_pis=True, huge_tree=False, recover=True
)
_DROP = ("script", "style", "noscript", "template", "head", "title", "iframe", "object")
_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5"
    " h6 header hr li main nav ol p pre section table td th tr ul".split()
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_ODD_SPACES = ("  ", "\t", "\r", "\f", "\v", "\u00a0")  # what _SPACES.sub can change
_BLANK_LINES = re.compile(r"\n\s*\n+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)


def html_to_text(html: str | None, max_chars: int = MAX_TEXT) -> str:
    """The readable text of an HTML fragment or page: tags stripped, entities decoded,
    blocks on their own lines, runs of spaces collapsed. Never raises on bad markup."""
    return _tidy(_raw_text(html))[:max_chars]


def text_for_index(html: str | None) -> str:
    """The words of html_to_text(html) for tokenize.index_text(), which ignores how
    they are spaced: the same text without its whitespace tidied (the costly part)
    when that cannot change which characters are kept."""
    raw = _raw_text(html)
    return raw if len(raw) <= MAX_TEXT else _tidy(raw)[:MAX_TEXT]


def _raw_text(html: str | None) -> str:
    """The text content of `html`, block ends as newlines, its whitespace untidied."""
    if not html:
        return ""
    html = html[:MAX_INPUT]
    if "<" not in html and "&" not in html:
        return html
    decl = _XML_DECL.match(html)
    if decl is not None:
        html = html[decl.end() :]
    try:
        root = lxml.html.fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError, TypeError):
        return ""
    if root is None:
        return ""
    etree.strip_elements(root, *_DROP, with_tail=False)
    try:
        for el in root.iter():
            if isinstance(el.tag, str) and el.tag.lower() in _BLOCK:
                el.tail = "\n" + (el.tail or "")
    except ValueError:  # lxml refuses to write a tail holding control characters
        return ""
    return root.text_content()


def _tidy(text: str) -> str:
    if any(s in text for s in _ODD_SPACES):  # scanning with a regex is the slow part
        text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def first_line(html: str | None, max_chars: int = 120) -> str:
    """The first non-empty line of the text, shortened to `max_chars` (with an ellipsis)."""
    for line in html_to_text(html, max_chars * 4).split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= max_chars else line[: max_chars - 1].rstrip() + "…"
    return ""
