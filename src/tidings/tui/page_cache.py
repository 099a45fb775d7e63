"""Rows of a long article list, held page by page: a plain object, no Textual.

The article list asks for rows by index; missing pages are loaded by the caller (from
the store, in a worker) and handed back with `put`. Only the most recently used pages
are kept, so a list of 100,000 articles costs a few pages of memory.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

from tidings.core.models import ArticleSummary


class PageCache:
    """Fixed-size pages of ArticleSummary rows, least recently used dropped first."""

    def __init__(self, page_size: int = 200, max_pages: int = 40) -> None:
        self.page_size = page_size
        self.max_pages = max_pages
        self._pages: OrderedDict[int, list[ArticleSummary]] = OrderedDict()
        self.pending: set[int] = set()

    def page_of(self, index: int) -> int:
        return index // self.page_size

    def get(self, index: int) -> ArticleSummary | None:
        """The row at `index`, or None when its page isn't loaded (or it is past the end)."""
        page = self._pages.get(index // self.page_size)
        if page is None:
            return None
        offset = index % self.page_size
        return page[offset] if offset < len(page) else None

    def has_page(self, page: int) -> bool:
        return page in self._pages

    def missing(self, first: int, last: int) -> list[int]:
        """Pages covering rows first..last that are neither loaded nor being loaded."""
        if last < first:
            return []
        pages = range(first // self.page_size, last // self.page_size + 1)
        return [p for p in pages if p not in self._pages and p not in self.pending]

    def put(self, page: int, rows: list[ArticleSummary]) -> None:
        self.pending.discard(page)
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)

    def touch(self, page: int) -> None:
        if page in self._pages:
            self._pages.move_to_end(page)

    def find(self, article_id: int) -> int | None:
        """Index of a loaded row with this article id."""
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == article_id:
                    return page * self.page_size + offset
        return None

    def update(self, article_id: int, **changes: bool) -> int | None:
        """Change flags (read, starred) of a loaded row; its index, if loaded."""
        index = self.find(article_id)
        if index is not None:
            rows = self._pages[index // self.page_size]
            offset = index % self.page_size
            rows[offset] = replace(rows[offset], **changes)
        return index

    def update_all(self, **changes: bool) -> None:
        for rows in self._pages.values():
            rows[:] = [replace(r, **changes) for r in rows]

    def clear(self) -> None:
        self._pages.clear()
        self.pending.clear()
