"""Full-article extraction from a web page: body, metadata and the site's own links.

The page is parsed with lxml.html (no network, no huge trees), obvious boilerplate is
dropped by tag, role and class/id words (nav, footer, share, comment, related, ad...),
and the article container is chosen by a CJK-aware text-density score (characters and
sentence punctuation, not words), preferring <article>, itemprop=articleBody and common
content classes when they hold the text. The container is rebuilt with a small tag
whitelist, so scripts, styles and event handlers never reach the output.

The steps live in their own modules: tidings.core.page_meta (title, date, author),
tidings.core.sitelinks (previous / next / related links), tidings.core.boilerplate (what
to drop), tidings.core.scoring (which container is the article) and
tidings.core.rebuild (the whitelisted body and its text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import lxml.html
from lxml import etree

from tidings.core.boilerplate import clean_container, strip_boilerplate
from tidings.core.dates import feed_zone
from tidings.core.models import SiteLink
from tidings.core.page_meta import find_author, find_published, find_title, meta_content
from tidings.core.page_text import PUNCT_RE, abs_url, el_text
from tidings.core.pagination import find_pages
from tidings.core.rebuild import plain_text, rebuild
from tidings.core.sanitize import clean_markup
from tidings.core.scoring import choose_container
from tidings.core.sitelinks import MAX_RELATED, find_site_links

__all__ = [
    "MAX_CHARS",
    "MAX_RELATED",
    "ExtractError",
    "Extracted",
    "extract_article",
    "extract_from_bytes",
    "parse_page",
]

MAX_CHARS = 4_000_000  # pages above this are cut before parsing


class ExtractError(Exception):
    """The page holds nothing that looks like an article."""


@dataclass
class Extracted:
    title: str | None
    author: str | None
    published: datetime | None
    lead_image: str | None
    html: str  # clean body: headings, paragraphs, lists, tables, quotes, pre, links, images
    text: str  # plain text of the body
    site_links: list[SiteLink] = field(default_factory=list)
    next_page: str | None = None  # the article goes on on this page (see pagination.py)


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def parse_page(html: str) -> etree._Element:
    """A web page parsed with lxml.html: no network, no huge trees, no comments or PIs,
    control characters dropped. Raises ExtractError when nothing parses."""
    html = _CONTROL_RE.sub("", clean_markup(html[:MAX_CHARS]))  # sequences, then controls
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=False
    )
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError("no article found on the page") from exc
    return root


# -- entry points --------------------------------------------------------------------------


def extract_article(html: str, url: str | None = None) -> Extracted:
    """The article on a page: metadata, clean body HTML and text, the site's own links."""
    root = parse_page(html)
    base_el = root.find(".//base[@href]")
    base = abs_url(url, base_el.get("href")) if base_el is not None else None
    base = base or url
    body = root.find("body")
    if body is None:
        raise ExtractError("no article found on the page")
    title = find_title(root)
    page_text = el_text(body)
    # the page's zone for a local time: its lang, else (templates often keep lang="en")
    # the script of its text
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    zone = feed_zone(lang) or feed_zone(None, page_text[:5000])
    published = find_published(root, zone)
    author = find_author(root)
    lead_image = abs_url(base, meta_content(root, "og:image", "og:image:url", "twitter:image"))
    site_links = find_site_links(root, base)
    next_page, pages = find_pages(root, base)
    # "下一页" and the page numbers lead to this article's pages, not to other articles
    site_links = [link for link in site_links if link.url not in pages]

    strip_boilerplate(body, len(page_text))
    container = choose_container(body)
    if container is None:
        raise ExtractError("no article found on the page")
    clean_container(container, title)
    out = rebuild(container, base)
    text = plain_text(out)
    if len(text.replace(" ", "")) < 40 or len(PUNCT_RE.findall(text)) < 2:
        raise ExtractError("no article found on the page")
    if lead_image is None:
        first = out.find(".//img")
        lead_image = first.get("src") if first is not None else None
    body_html = "".join(etree.tostring(c, encoding="unicode", method="html") for c in out)
    return Extracted(title, author, published, lead_image, body_html, text, site_links, next_page)


def extract_from_bytes(
    data: bytes, *, content_type: str | None = None, url: str | None = None
) -> Extracted:
    """Decode the page's bytes (HTTP charset, then <meta>), then extract the article."""
    from tidings.core.encoding import decode_html

    text, _encoding = decode_html(data, content_type)
    return extract_article(text, url)
