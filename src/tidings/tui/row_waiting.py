"""Keys that act on the list's row under the cursor, typed while its page is still
being read from the store (G then o typed at once on a 100,000-article list, or
PageDown five times fast): each waits for the row and then does what it does on a
loaded row, as Enter opens it. One mechanism for all of them, ArticleList.when_loaded:
the key's action runs again when the page comes, in the order the keys were typed,
if the cursor is still there; the screen goes on answering keys meanwhile. A page
that could not be read is said in the status line.

A mixin of TidingsApp (tidings.tui.app), and `waits_for_row`, the decorator that
puts a key's action on it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from tidings.tui.text import clean
from tidings.tui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

Action = TypeVar("Action", bound=Callable[..., Any])


def waits_for_row(action: Action) -> Action:
    """An action on the selected article (m, s, o, d…): pressed while the list's row
    under the cursor is still coming, it runs when the row comes (RowWaitActions.later)."""
    if inspect.iscoroutinefunction(action):

        @functools.wraps(action)
        async def run_async(self: RowWaitActions, *args: object) -> None:
            if not self.later(lambda: action(self, *args)):
                await action(self, *args)

        return run_async  # type: ignore[return-value]

    @functools.wraps(action)
    def run(self: RowWaitActions, *args: object) -> None:
        if not self.later(lambda: action(self, *args)):
            action(self, *args)

    return run  # type: ignore[return-value]


class RowWaitActions(_Base):
    """later (an action deferred to its row's coming), load_view_keeping_row."""

    def row_coming(self) -> bool:
        """The selected article is the list's row under the cursor, and its page is
        still coming (the open article, in the reader focused, is there already)."""
        if self._focused_pane() in (self.reader, self.related_list) and self.article is not None:
            return False
        return self.articles.count > 0 and self.articles.current is None

    _after_open: list[Callable[[], object]] | None = None  # acts waiting for an opening

    def later(self, act: Callable[[], object]) -> bool:
        """True if the selected article is still coming: an article being opened (n
        then o typed at once: o opened the link of the article read before), or the
        list's row under the cursor. `act` then runs when it comes."""
        if self._open_token is not None:
            if self._after_open is None:
                self._after_open = []
            self._after_open.append(act)
            return True
        return self.row_coming() and self.articles.when_loaded(act)

    def after_open(self) -> None:
        """The article being opened is shown (or is gone): the keys that waited for it
        act, in the order typed."""
        acts, self._after_open = self._after_open or [], None
        if acts:
            self.run_worker(
                _act_in_turn(acts),
                group="after-open",
                description="acting on the article just opened",
                exit_on_error=False,
            )
        self.resend_keys_held_for_the_article()

    def load_view_keeping_row(self) -> None:
        """Show the current view again (u, O, F, a reload), the cursor kept on its
        article; if that row is still coming, once it comes (else the cursor would stay
        at its index, on another article)."""

        def keep() -> None:
            current = self.articles.current
            self.load_view(current.id if current is not None else None)

        if not self.articles.when_loaded(keep, always=True):
            keep()

    def on_article_list_load_failed(self, event: ArticleList.LoadFailed) -> None:
        error = clean(str(event.error)) or type(event.error).__name__
        rows = f"{event.first + 1:,}–{event.last + 1:,}" if event.last > event.first else ""
        rows = f"Rows {rows}" if rows else f"Row {event.first + 1:,}"
        self.set_status(f"{rows} of the list could not be read from the database: {error}")


async def _act_in_turn(acts: list[Callable[[], object]]) -> None:
    for act in acts:
        done = act()
        if inspect.isawaitable(done):
            await done
