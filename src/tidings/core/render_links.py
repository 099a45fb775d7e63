"""Numbered link targets: only http(s) and mailto, resolved against the page's URL."""

from __future__ import annotations

from urllib.parse import urljoin

from tidings.core.sanitize import clean, clean_line, safe_url

MAX_LABEL = 200  # characters of a link's words kept for the links list (U)


class Links:
    """Numbered link targets; the same target keeps its number."""

    def __init__(self, base_url: str | None) -> None:
        self.base = safe_url(base_url)
        self.urls: list[str] = []
        self.labels: list[str] = []  # what each link said where it first stood
        self._numbers: dict[str, int] = {}

    def number(self, href: str | None, label: str = "") -> int | None:
        """The number of `href` (resolved against the base), or None if it is not a
        link we would open. `label`: the link's words (or "image: alt"), kept for the
        first place the target stands."""
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
            self.labels.append(clean_line(label)[:MAX_LABEL])
            self._numbers[url] = len(self.urls)
        return self._numbers[url]
