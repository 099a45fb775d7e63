"""Find the feed of a web address: the address itself when it is a feed, else the feeds
its page offers (``<link rel="alternate" type="application/rss+xml" href=…>`` and the
Atom and JSON Feed kinds), else the usual places on its host (/feed, /rss.xml…).

Everything goes through the fetch layer (tidings.core.fetch: its size and time caps, its
redirects); what a page says is hostile: the page is decoded as tidings.core.encoding
reads any page (a GBK page comes out right), parsed with lxml.html and no network
(tidings.core.extract.parse_page), and only http(s) links are taken, their titles
cleaned. Nothing here raises for a network or a parse problem: a Discovery says what
happened. Used by `tidings add` and the reader's `a` (through tidings.core.subscribe).
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tidings.core.encoding import decode_html
from tidings.core.extract import ExtractError, parse_page
from tidings.core.feed_location import feed_key, from_feed_scheme
from tidings.core.fetch import Fetcher, FetchResult
from tidings.core.models import ParsedFeed, Settings
from tidings.core.opml import check_import_url
from tidings.core.page_text import abs_url
from tidings.core.parse import ParseError, parse_feed
from tidings.core.sanitize import clean_line, safe_url
from tidings.core.stoppable import until_stopped

__all__ = [
    "GUESSES",
    "guess_dirs",
    "Discovery",
    "FeedLink",
    "FoundFeed",
    "discover",
    "feed_links",
    "fetch_choice",
    "typed_bare",
    "web_address",
]

# <link type="…"> of the feeds a page offers, and how a person calls each
FEED_TYPES = {
    "application/rss+xml": "RSS",
    "application/atom+xml": "Atom",
    "application/feed+json": "JSON Feed",
    "application/json": "JSON",
}
# Where feeds usually live, tried on the page's host when it offers none
GUESSES = ("/feed", "/rss", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml")
MAX_LINKS = 20  # feeds offered by one page, at most
MAX_TITLE = 200  # characters of a link's title kept
# application/json links that are never feeds: WordPress's REST API, on every page of it
_NOT_FEEDS_RE = re.compile(r"/wp-json/|oembed", re.IGNORECASE)
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_BARE_HOST_RE = re.compile(r"^([\w.-]+)(?::\d+)?(?:[/?#]|$)")  # example.com:8080/blog


@dataclass(frozen=True)
class FeedLink:
    """A feed a page offers: where, its title on the page ("" if none), its kind."""

    url: str
    title: str = ""
    kind: str = ""


@dataclass
class FoundFeed:
    """A feed fetched and parsed: where it lives (after a permanent redirect), what it
    holds, and the fetch (ETag, Last-Modified) for the store."""

    url: str
    feed: ParsedFeed
    result: FetchResult

    @property
    def title(self) -> str:
        """The feed's own title, cleaned for the screen; its URL when it has none."""
        return clean_line(self.feed.title)[:MAX_TITLE] or self.url

    @property
    def entries(self) -> int:
        return len(self.feed.entries)


@dataclass
class Discovery:
    """What looking at an address found: one feed, several to choose from, or an error
    (a short reason: "HTTP 404 Not Found", "timed out after 60 s"…)."""

    url: str
    feed: FoundFeed | None = None
    choices: list[FeedLink] = field(default_factory=list)
    error: str | None = None


def web_address(text: str) -> tuple[str | None, str | None]:
    """(URL, None) for what a person typed as a site's or a feed's address, https://
    put before a bare host ("example.com/blog": see typed_bare); (None, reason) when it
    is none."""
    text = from_feed_scheme(text.strip())  # a browser's feed://host/x
    if not text:
        return None, "type a web address"
    if not _SCHEME_RE.match(text):
        host = _BARE_HOST_RE.match(text)
        if host is None or ("." not in host.group(1) and host.group(1).lower() != "localhost"):
            return None, f"{clean_line(text)[:60]!r} is not a web address (https://…)"
        text = "https://" + text
    reason = check_import_url(text)
    return (None, reason) if reason else (text, None)


def typed_bare(text: str) -> bool:
    """Whether `text` was typed without its http:// or https:// (web_address added it)."""
    return _SCHEME_RE.match(from_feed_scheme(text.strip())) is None


def feed_links(body: bytes, content_type: str | None, page_url: str) -> list[FeedLink]:
    """The feeds a page offers in its <link rel="alternate"> elements, in the page's
    order (plain application/json ones last), relative hrefs resolved against <base>
    or `page_url`, each URL once."""
    text, _encoding = decode_html(body, content_type)
    try:
        root = parse_page(text)
    except ExtractError:
        return []
    base_el = root.find(".//base[@href]")
    base = (abs_url(page_url, base_el.get("href")) if base_el is not None else None) or page_url
    found: list[FeedLink] = []
    plain_json: list[FeedLink] = []
    seen: set[str] = set()
    for el in root.iter("link"):
        rel = (el.get("rel") or "").lower().split()
        kind = FEED_TYPES.get((el.get("type") or "").split(";")[0].strip().lower())
        if "alternate" not in rel or kind is None:
            continue
        url = safe_url(abs_url(base, el.get("href")))
        if url is None or check_import_url(url) or feed_key(url) in seen:
            continue
        if kind == "JSON" and _NOT_FEEDS_RE.search(url):
            continue
        seen.add(feed_key(url))
        link = FeedLink(url, clean_line(el.get("title"))[:MAX_TITLE], kind)
        (plain_json if kind == "JSON" else found).append(link)
    return (found + plain_json)[:MAX_LINKS]


def _as_feed(result: FetchResult, url: str) -> FoundFeed | str:
    """The fetched feed, or why the response is not one."""
    if result.status != "ok":
        return result.error or "fetch failed"
    try:
        parsed = parse_feed(
            result.body, content_type=result.content_type, url=result.final_url or url
        )
    except ParseError as exc:
        return str(exc) or "not a feed"
    except Exception as exc:  # noqa: BLE001 - a parser bug is this address's failure only
        return f"parser failed: {type(exc).__name__}"
    return FoundFeed(result.permanent_url or url, parsed, result)


async def _fetch_feed(fetcher: Fetcher, url: str) -> FoundFeed | str:
    return _as_feed(await fetcher.fetch(url), url)


async def _look(fetcher: Fetcher, url: str, http_fallback: bool) -> Discovery:
    result = await fetcher.fetch(url)
    if result.status == "error" and result.http_status is None and http_fallback:
        plain = "http://" + url.removeprefix("https://")
        again = await fetcher.fetch(plain)  # no HTTPS there (a TLS error, refused…)
        if again.status == "ok":
            url, result = plain, again
    if result.status != "ok":
        return Discovery(url, error=result.error or "fetch failed")
    direct = _as_feed(result, url)
    if isinstance(direct, FoundFeed):
        return Discovery(url, feed=direct)
    page_url = result.final_url or url
    links = feed_links(result.body, result.content_type, page_url)
    if len(links) > 1:
        return Discovery(url, choices=links)
    if links:
        chosen = await _fetch_feed(fetcher, links[0].url)
        if isinstance(chosen, str):
            return Discovery(url, error=f"the page's feed link {links[0].url} failed: {chosen}")
        return Discovery(url, feed=chosen)
    parts = urlsplit(page_url)
    places = guess_dirs(parts.path)
    guesses = [f"{parts.scheme}://{parts.netloc}{d}{path}" for d in places for path in GUESSES]
    tried = await asyncio.gather(*(_fetch_feed(fetcher, guess) for guess in guesses))
    for found in tried:
        if isinstance(found, FoundFeed):
            return Discovery(url, feed=found)
    html = "HTML page" in direct or "html" in (result.content_type or "").lower()
    why = "" if html else f" ({direct})"
    where = "".join(f"under {d}/ and " for d in places if d)
    return Discovery(
        url,
        error=f"not a feed{why}, and no feed link found on the page"
        f" (tried {', '.join(GUESSES)} {where}on {parts.netloc})",
    )


def guess_dirs(path: str) -> list[str]:
    """Where to look for a feed beside a page: the page's own directory first (a blog
    at example.com/blog/ has its feed at /blog/feed), then the host's root ("")."""
    directory = path[: path.rfind("/")] if "/" in path else ""
    return [directory, ""] if directory.strip("/") else [""]


def _run(
    url: str,
    look: Callable[[Fetcher], Awaitable[Discovery]],
    settings: Settings | None,
    stop: threading.Event | None,
) -> Discovery:
    """Run `look` with a Fetcher on a loop of its own; setting `stop` abandons it (the
    reader quitting need not wait for a slow site's timeouts)."""

    async def go() -> Discovery:
        async with Fetcher(settings) as fetcher:
            task = asyncio.ensure_future(look(fetcher))
            if await until_stopped(task, stop):
                return Discovery(url, error="stopped")
            return await task

    return asyncio.run(go())


def discover(
    url: str,
    settings: Settings | None = None,
    *,
    http_fallback: bool = False,
    stop: threading.Event | None = None,
) -> Discovery:
    """Look for the feed at `url` (see the module's doc). `http_fallback`: the https://
    was put there by web_address, so http:// is tried when no HTTPS answers, as a
    browser does with a typed host. Blocks: call it from a worker thread (with `stop`)
    or the command line."""
    http_fallback = http_fallback and url.startswith("https://")
    return _run(url, lambda fetcher: _look(fetcher, url, http_fallback), settings, stop)


def fetch_choice(
    link: FeedLink, settings: Settings | None = None, *, stop: threading.Event | None = None
) -> Discovery:
    """Fetch the feed chosen among a page's (Discovery.choices). Blocks, as discover."""

    async def look(fetcher: Fetcher) -> Discovery:
        found = await _fetch_feed(fetcher, link.url)
        if isinstance(found, str):
            return Discovery(link.url, error=found)
        return Discovery(link.url, feed=found)

    return _run(link.url, look, settings, stop)
