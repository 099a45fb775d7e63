"""Back / forward through visited items, like a browser: a plain object, no Textual.

Used for "Back" after following a related article. Items are opaque (article ids,
URLs...). Visiting a new item after going back drops the forward entries; the
length is bounded, the oldest entries fall off first.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class History(Generic[T]):
    """A bounded back/forward list with a current position."""

    def __init__(self, limit: int = 100) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._limit = limit
        self._items: list[T] = []
        self._pos = -1  # index of the current item; -1 when empty

    def __len__(self) -> int:
        return len(self._items)

    @property
    def current(self) -> T | None:
        """The item shown now, or None before the first visit."""
        return self._items[self._pos] if self._pos >= 0 else None

    @property
    def can_go_back(self) -> bool:
        return self._pos > 0

    @property
    def can_go_forward(self) -> bool:
        return 0 <= self._pos < len(self._items) - 1

    def visit(self, item: T) -> None:
        """Go to `item`: it becomes current and the forward entries are dropped.
        Visiting the current item again changes nothing."""
        if self.current == item and self._pos >= 0:
            del self._items[self._pos + 1 :]
            return
        del self._items[self._pos + 1 :]
        self._items.append(item)
        if len(self._items) > self._limit:
            del self._items[: len(self._items) - self._limit]
        self._pos = len(self._items) - 1

    def back(self) -> T | None:
        """Step back and return the item now current, or None (and stay) at the start."""
        if not self.can_go_back:
            return None
        self._pos -= 1
        return self._items[self._pos]

    def forward(self) -> T | None:
        """Step forward and return the item now current, or None (and stay) at the end."""
        if not self.can_go_forward:
            return None
        self._pos += 1
        return self._items[self._pos]

    def clear(self) -> None:
        self._items.clear()
        self._pos = -1
