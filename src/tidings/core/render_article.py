"""A whole article for the reading pane: header (title; feed · author · local date;
link), a blank line, the rendered body, attachments and the numbered "Links:" list, cached."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import UTC, datetime

from rich.text import Text

from tidings.core import models
from tidings.core.render_body import RenderedArticle, render_html
from tidings.core.render_style import STYLE_IMAGE, STYLE_LINK, STYLE_NUMBER
from tidings.core.render_wrap import wrap_line
from tidings.core.sanitize import clean_line, safe_url
from tidings.core.save_file import display_path

CACHE_SIZE = 64


def _local_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _size(length: int | None) -> str:
    if not length or length <= 0:
        return ""
    size = float(length)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def _download_note(enclosure: models.Enclosure) -> str:
    """Where `e` put the enclosure: `[downloaded: ~/Downloads/tidings/ep.mp3]`, or that
    a download stopped halfway and `e` goes on with it."""
    if not enclosure.downloaded:
        return ""
    if enclosure.partial:
        return "[partly downloaded: e goes on]"
    if enclosure.deleted:
        return "[downloaded, then deleted: e downloads it again]"
    return f"[downloaded: {clean_line(display_path(enclosure.downloaded))}]"


def _render_article(article: models.Article, width: int | None) -> RenderedArticle:
    text = Text()
    text.append(clean_line(article.title) or "(untitled)", "bold")
    moment = article.published or article.updated
    meta = [
        clean_line(article.feed_title),
        clean_line(article.author),
        _local_time(moment) if moment else "",
    ]
    meta_line = " · ".join(part for part in meta if part)
    if meta_line:
        text.append("\n" + meta_line, "dim")
    link = safe_url(article.link)
    if link:
        text.append("\n")
        text.append(link, STYLE_LINK)
    # A blank line, as newsboat and mail readers have, not a rule: the bold title and dim
    # meta set the header off, and a rule cost every cell of a row on each article opened.
    text.append("\n\n")
    contents = render_contents(article, width)
    text.append_text(contents.text)
    if not contents.text.plain.strip():  # a blank pane read as a reader that failed
        text.append("No text in the feed for this article", "dim")
        text.append(": f fetches it from its web page." if link else ".", "dim")
    return RenderedArticle(text, contents.links, contents.labels)


def render_contents(
    article: models.Article, width: int | None = None, *, wrap_links: bool = True
) -> RenderedArticle:
    """What follows the header: the full-text note, the body, attachments and the
    numbered "Links:" list, laid out for `width` cells when given. With `wrap_links`
    false the links list keeps each URL whole on its line (a saved file: a URL cut in two
    cannot be copied). Not cached: the reading pane goes through `render_article`."""
    text = Text()
    link = safe_url(article.link)
    if article.full_text:
        text.append("Full text from the web page\n\n", "dim")
    elif article.full_text_error:
        reason = clean_line(article.full_text_error)
        text.append(f"Full text unavailable: {reason}; showing the feed's text\n\n", "dim")
    body = render_html(article.body_html, base_url=link, width=width)
    text.append_text(body.text)
    links = list(body.links)
    labels = list(body.labels) + [""] * (len(links) - len(body.labels))
    numbers = {url: n for n, url in enumerate(links, 1)}
    attachments = []
    for enclosure in article.enclosures:
        url = safe_url(enclosure.url)
        if url is None:
            continue
        label = ", ".join(
            part
            for part in (
                clean_line(enclosure.title),
                clean_line(enclosure.type),
                _size(enclosure.length),
            )
            if part
        )
        if url not in numbers:
            links.append(url)
            labels.append(f"attachment: {label}" if label else "attachment")
            numbers[url] = len(links)
        attachments.append((label, numbers[url], _download_note(enclosure)))
    if attachments:
        text.append("\n\n")
        for label, number, note in attachments:
            text.append(f"[attachment{': ' + label if label else ''}]", STYLE_IMAGE)
            text.append(f" [{number}]", STYLE_NUMBER)
            if note:
                text.append(f" {note}", "bold")
            text.append("\n")
        text.rstrip()
    if links:
        text.append("\n\nLinks:", "bold")
        for number, url in enumerate(links, 1):
            text.append("\n")
            text.append_text(_link_line(number, url, width if wrap_links else None))
    return RenderedArticle(text, links, labels)


def _link_line(number: int, url: str, width: int | None) -> Text:
    """`[n] URL`; with `width`, a URL too long for the line is cut hard and goes on
    under itself, so the number never stands alone above it."""
    head = f"[{number}] "
    line = Text()
    line.append(head, STYLE_NUMBER)
    line.append(url, STYLE_LINK)
    if width is None or line.cell_len <= width:
        return line
    parts = wrap_line(line, width, len(head), [(" " * len(head), "")], words=False)
    return Text("\n").join(parts)


_cache: OrderedDict[tuple[int, int | None, int], RenderedArticle] = OrderedDict()
_cache_lock = threading.Lock()


def _cache_key(article: models.Article, width: int | None) -> tuple[int, int | None, int]:
    inputs = (
        article.body_html,
        article.title,
        article.feed_title,
        article.author,
        article.published,
        article.updated,
        article.link,
        article.full_text is not None,
        article.full_text_error,
        tuple(article.enclosures),
    )
    return article.id, width, hash(inputs)


def render_article(article: models.Article, width: int | None = None) -> RenderedArticle:
    """The reading pane's text for `article`: header (title; feed · author · local date;
    link), a blank line, the body, attachments and the numbered "Links:" list; laid out for
    `width` cells when given (see `render_html`). Cached (LRU) by article id, width and
    a hash of what is shown; callers get their own copy."""
    key = _cache_key(article, width)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
    if hit is None:
        hit = _render_article(article, width)
        with _cache_lock:
            _cache[key] = hit
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return RenderedArticle(hit.text.copy(), list(hit.links), list(hit.labels))
