"""Numbered link targets: only http(s) and mailto, resolved against the page's URL."""

from __future__ import annotations

from urllib.parse import urljoin

from tidings.core.sanitize import clean, safe_url


class Links:
    """Numbered link targets; the same target keeps its number."""

    def __init__(self, base_url: str | None) -> None:
        self.base = safe_url(base_url)
        self.urls: list[str] = []
        self._numbers: dict[str, int] = {}

    def number(self, href: str | None) -> int | None:
        """The number of `href` (resolved against the base), or None if it is not a
        link we would open."""
        if not href:
            return None
        href = clean(href).strip()
        if not href or href.startswith("#"):
            return None
        if self.base:
            try:
                href = urljoin(self.base, href)
            except ValueError:
                return None
        url = safe_url(href)
        if url is None:
            return None
        if url not in self._numbers:
            self.urls.append(url)
            self._numbers[url] = len(self.urls)
        return self._numbers[url]
