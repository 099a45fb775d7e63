"""An article as a plain text file, as newsboat saves one (`S` in the reader, `tidings
save`): a header (Title, Feed, Author, Date, Link), a blank line, the body as the reading
pane shows it (headings, lists, quotes, tables, `[1]` link markers, `[image: alt]`)
wrapped at 72 cells (a CJK character is two), then the numbered links, each URL whole
on its line so that it can be copied.

The body is the reading pane's own rich `Text` (core.render_article), laid out for the
width there and taken as plain characters: no styles, so no escape sequences, and every
string from the feed has been through core.sanitize on the way in; the result is
cleaned once more before it is written.
"""

from __future__ import annotations

from datetime import UTC, datetime

from rich.cells import cell_len
from rich.text import Text

from tidings.core import models
from tidings.core.render_article import render_contents
from tidings.core.render_wrap import wrap_line
from tidings.core.sanitize import clean, clean_line, safe_url

SAVE_WIDTH = 72  # columns (terminal cells) of a saved article


def _date(moment: datetime) -> str:
    """Local time with its offset: a file outlives the session and may travel."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M %z")


def plain_text(text: Text) -> str:
    """`text` (already laid out) as plain lines: styles dropped, trailing spaces and
    blank lines at the end removed, any control character that got this far dropped."""
    lines = [line.rstrip() for line in clean(text.plain).expandtabs(4).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _field(label: str, value: str, width: int) -> list[str]:
    """`Label: value`, wrapped at words to `width` cells under the value."""
    head = f"{label}: "
    line = Text(head + value)
    if cell_len(line.plain) <= width:
        return [line.plain]
    parts = wrap_line(line, width, len(head), [(" " * len(head), "")], words=True)
    return [part.plain.rstrip() for part in parts]


def header_lines(article: models.Article, width: int = SAVE_WIDTH) -> list[str]:
    """Title, Feed, Author, Date and Link, those the article has (a title always)."""
    lines = _field("Title", clean_line(article.title) or "(untitled)", width)
    feed = clean_line(article.feed_title)
    if feed:
        lines += _field("Feed", feed, width)
    author = clean_line(article.author)
    if author:
        lines += _field("Author", author, width)
    moment = article.published or article.updated
    if moment:
        lines.append(f"Date: {_date(moment)}")
    link = safe_url(article.link)
    if link:
        lines.append(f"Link: {link}")  # whole, however long: it must stay usable
    return lines


def article_text(article: models.Article, width: int = SAVE_WIDTH) -> str:
    """The whole file: header, a blank line, the body wrapped to `width` cells and the
    links list; ends with a newline."""
    header = "\n".join(header_lines(article, width))
    body = plain_text(render_contents(article, max(width, 20), wrap_links=False).text)
    return f"{header}\n\n{body}\n" if body else f"{header}\n"
