"""Full articles from the web page: fetch an article's page, extract it, store it.

Used by `tidings fetch` for feeds with `full_text: true`, by the reader's `f` key, and
for opening a page's own previous / next / related links as articles. An article split
over several pages ("1 2 3 下一页") is fetched page by page and stored whole (see
pagination.py).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path

from tidings.core.extract import Extracted, ExtractError, extract_from_bytes
from tidings.core.fetch import Fetcher
from tidings.core.models import Settings, SiteLink
from tidings.core.pagination import MAX_PAGES, same_article_title
from tidings.core.sanitize import safe_url
from tidings.core.stoppable import until_stopped
from tidings.core.store import Store

STOPPED = "stopped"  # the error of a fetch abandoned because the reader quits

MAX_PENDING = 500  # at most this many pages per `tidings fetch` run


@dataclass
class PageResult:
    url: str
    extracted: Extracted | None = None
    error: str | None = None


@dataclass
class FullTextSummary:
    ok: int = 0
    failed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


def pending(store: Store, limit: int = MAX_PENDING) -> list[tuple[int, str]]:
    """(article id, link) of articles of `full_text: true` feeds not fetched yet, newest first."""
    rows = store.conn.execute(
        "SELECT a.id, a.link FROM articles a JOIN feeds f ON f.id = a.feed_id"
        " WHERE f.full_text = 1 AND f.active = 1 AND a.full_text IS NULL"
        " AND a.full_text_error IS NULL AND a.link IS NOT NULL"
        " ORDER BY a.published DESC, a.id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


async def fetch_page(fetcher: Fetcher, url: str) -> PageResult:
    """Fetch one page and extract its article, with its later pages; never raises."""
    if not safe_url(url) or not url.startswith(("http://", "https://")):
        return PageResult(url, error="not an http(s) link")
    seen = {url}
    extracted, error = await _extract_page(fetcher, url, seen)
    if extracted is None:
        return PageResult(url, error=error or "fetch failed")
    if extracted.next_page:
        extracted = await _stitch(fetcher, extracted, seen)
    return PageResult(url, extracted=extracted)


async def _extract_page(
    fetcher: Fetcher, url: str, seen: set[str]
) -> tuple[Extracted | None, str | None]:
    """A page's article, or why not; None, None where a redirect led back to a page
    already taken (`seen`, which gets the page's final URL). Never raises."""
    result = await fetcher.fetch_page(url)
    if result.status != "ok":
        return None, result.error or "fetch failed"
    if result.final_url and result.final_url != url:
        if result.final_url in seen:
            return None, None
        seen.add(result.final_url)
    try:
        extracted = await asyncio.to_thread(
            extract_from_bytes,
            result.body,
            content_type=result.content_type,
            url=result.final_url or url,
        )
    except ExtractError as exc:
        return None, str(exc)
    except Exception as exc:  # a bug in extraction must not stop the others
        return None, f"extraction failed: {exc.__class__.__name__}"
    return extracted, None


async def _stitch(fetcher: Fetcher, first: Extracted, seen: set[str]) -> Extracted:
    """`first` with the article's later pages (下一页, "Next page") appended, up to
    MAX_PAGES in all; a page that fails ends the article with a note saying so."""
    pages = [first]
    note = None
    url = first.next_page
    while url and url not in seen and len(pages) < MAX_PAGES:
        seen.add(url)
        page, error = await _extract_page(fetcher, url, seen)
        if page is None:
            if error is not None:
                note = f"Page {len(pages) + 1} of the article could not be fetched: {error}"
            break
        if not same_article_title(first.title, page.title):
            break  # the link led to another article after all
        pages.append(page)
        url = page.next_page
    if len(pages) == 1 and note is None:
        return first
    html = "".join(p.html for p in pages)
    text = "\n".join(p.text for p in pages)
    if note:
        html += f"<p><em>[{escape(note)}]</em></p>"
        text += f"\n[{note}]"
    links: dict[str, SiteLink] = {}
    for p in pages:  # "下一篇" often stands on the last page only
        for link in p.site_links:
            links.setdefault(link.url, link)
    return replace(first, html=html, text=text, site_links=list(links.values()), next_page=None)


async def fetch_pages(urls: Sequence[str], settings: Settings) -> list[PageResult]:
    """Fetch and extract pages, `settings.full_text_concurrency` at a time."""
    limit = asyncio.Semaphore(max(1, settings.full_text_concurrency))

    async with Fetcher(settings) as fetcher:

        async def one(url: str) -> PageResult:
            async with limit:
                return await fetch_page(fetcher, url)

        return list(await asyncio.gather(*(one(u) for u in urls)))


def store_result(store: Store, article_id: int, result: PageResult) -> None:
    if result.extracted is not None:
        store.set_full_text(
            article_id, result.extracted.html, site_links=result.extracted.site_links
        )
    else:
        store.set_full_text(article_id, None, error=result.error)


def fetch_full_texts(
    db_path: str | Path,
    settings: Settings,
    *,
    items: Sequence[tuple[int, str]] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> FullTextSummary:
    """Fetch the pages of `items` (default: all pending articles of full_text feeds),
    store what was extracted or why not. Synchronous: call it from a worker thread."""
    summary = FullTextSummary()
    with Store.open(db_path) as store:
        todo = list(items) if items is not None else pending(store)
        if not todo:
            return summary
        results = asyncio.run(fetch_pages([link for _, link in todo], settings))
        for n, ((article_id, _), result) in enumerate(zip(todo, results, strict=True), 1):
            store_result(store, article_id, result)
            if result.error:
                summary.failed += 1
                summary.errors.append((result.url, result.error))
            else:
                summary.ok += 1
            if on_progress:
                on_progress(n, len(todo))
    return summary


def fetch_article_full_text(
    db_path: str | Path, article_id: int, settings: Settings, *, stop: threading.Event | None = None
) -> PageResult:
    """The reader's `f` key: fetch and store one article's page. Setting `stop` (the
    reader quits) abandons it: nothing is stored, the error is "stopped"."""
    with Store.open(db_path) as store:
        article = store.get_article(article_id)
        if article is None or not article.link:
            return PageResult("", error="the article has no link")
        result = _fetch_one(article.link, settings, stop)
        if result.error != STOPPED:
            store_result(store, article_id, result)
        return result


def fetch_site_page(
    url: str, settings: Settings, *, stop: threading.Event | None = None
) -> PageResult:
    """A page's own previous / next / related link, fetched and extracted to show as an
    article; abandoned ("stopped") when `stop` is set."""
    return _fetch_one(url, settings, stop)


def _fetch_one(url: str, settings: Settings, stop: threading.Event | None) -> PageResult:
    async def go() -> PageResult:
        task = asyncio.ensure_future(fetch_pages([url], settings))
        if await until_stopped(task, stop):
            return PageResult(url, error=STOPPED)
        return (await task)[0]

    return asyncio.run(go())
