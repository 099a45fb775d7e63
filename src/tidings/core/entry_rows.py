"""What the store writes for one parsed entry, worked out without the database: the
stored title, the full-text index columns, the content hash and the JSON columns.

Pure and picklable, so a refresh can do it in a helper process (prepare_index) while
the writer runs the SQL of earlier feeds. The FTS index keeps no text of its own
(contentless), so index_columns() must give, for a stored row, exactly what was indexed.
"""

from __future__ import annotations

import hashlib
import json

from tidings.core.htmltext import first_line, html_to_text, text_for_index
from tidings.core.models import ParsedEntry, ParsedFeed
from tidings.core.tokenize import index_text

MAX_TITLE = 1_000
MAX_FIELD = 2_000_000  # characters kept of one summary / content / full text


def cap(text: str | None, limit: int = MAX_FIELD) -> str | None:
    return text[:limit] if text else text or None


def content_hash(title: str | None, body: str | None) -> str:
    data = f"{title or ''}\x00{body or ''}".encode("utf-8", "surrogatepass")
    return hashlib.sha1(data).hexdigest()


def _index_columns(
    title: str | None, body_html: str | None, *, fold: bool = True
) -> tuple[str, str]:
    """The FTS columns of an article: index_text() of its title and of its body's text."""
    title = title or ""
    if "<" in title or "&" in title:  # some feeds escape their titles twice
        title = html_to_text(title) or title
    return index_text(title, fold=fold), index_text(text_for_index(body_html), fold=fold)


def index_columns(
    title: str | None, body_html: str | None, *, fold: bool = True
) -> tuple[str, str]:
    """The text articles_fts indexes for an article's stored title and body (its
    full_text, else content, else summary): tidings.core.related reads it back this way.
    fold=False: as indexed before schema 5 (see reindex.py)."""
    return _index_columns(title, body_html, fold=fold)


def _entry_title(entry: ParsedEntry, body: str | None) -> str:
    return cap((entry.title or "").strip(), MAX_TITLE) or first_line(body) or ""


def title_key(entry: ParsedEntry) -> str | None:
    """The title an entry with neither id nor link is known by within its feed, as
    newsboat knows it (its text may be edited: it stays one article); None for an
    entry with an id or a link (known by those), or with no title of its own (known by
    its content hash). It is the title stored for the entry."""
    if entry.id or entry.link:
        return None
    return cap((entry.title or "").strip(), MAX_TITLE) or None


def entry_title(entry: ParsedEntry) -> str:
    """The title stored for an entry: its own, else its body's first line."""
    return _entry_title(entry, entry.content or entry.summary)


# What record_fetch works out per entry before it touches the database: (title, FTS
# title, FTS body, content hash, categories JSON, enclosures JSON).
Prepared = tuple[str, str, str, str, str, str]


def prepare_entry(entry: ParsedEntry, index: bool = True) -> Prepared:
    body = entry.content or entry.summary
    title = _entry_title(entry, body)
    fts = _index_columns(title, body) if index else ("", "")
    return (
        title,
        *fts,
        content_hash(entry.title, body),
        _json_list([str(c) for c in entry.categories]),
        _json_list(
            [
                {"url": e.url, "type": e.type, "length": e.length, "title": e.title}
                for e in entry.enclosures
            ]
        ),
    )


def _json_list(items: list[object]) -> str:
    return json.dumps(items, ensure_ascii=False) if items else "[]"  # most entries: none


def prepare_index(parsed: ParsedFeed) -> list[Prepared]:
    """Per entry of `parsed`: what record_fetch works out before it writes (title, FTS
    columns, content hash, JSON columns). Pure and picklable, so refresh can do it in
    another process and pass the result to record_fetch(prepared=...)."""
    return [prepare_entry(entry) for entry in parsed.entries]
