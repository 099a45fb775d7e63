"""The search prompt's history kept across sessions (core/search_history.py): read in a
thread worker when the reader starts, each search merged into the file in another.

Until the file is read, Up has this session's searches; after, the file's entries come
before them. The history offered is the file's (as last read or written) followed by
this session's searches, each once, at most `search_history` of them (settings; with 0
no file is read or written and Up has this session's last SESSION_LIMIT).

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from tidings.core.search_history import (
    SearchHistoryError,
    clean_query,
    history_path,
    load_history,
    merge,
    save_queries,
)
from tidings.tui.messages import SearchHistoryRead

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

SESSION_LIMIT = 100  # searches Up goes back through when none are kept in a file


class SearchHistoryActions(_Base):
    """load_search_history (at start) and remember_search (after each search)."""

    def init_search_history(self) -> None:
        self.search_history: list[str] = []  # what Up offers, oldest first
        self._saved_searches: list[str] = []  # the file's, as last read or written
        self._session_searches: list[str] = []  # this session's, oldest first
        self._unsaved_searches: deque[str] = deque()  # waiting for the save worker
        self._history_lock = threading.Lock()  # one save at a time, in order
        self._history_problem: str | None = None  # what was wrong with the file, told once

    @property
    def _history_limit(self) -> int:
        return self.config.settings.search_history

    def load_search_history(self) -> None:
        """Read the history file in a thread worker (nothing with search_history: 0)."""
        if self._history_limit <= 0:
            return
        self._history_worker(self._load_search_history, "reading the search history")

    def _load_search_history(self) -> None:
        entries, problem = load_history(history_path(self.db_path), self._history_limit)
        self.post_message(SearchHistoryRead(entries, problem))

    def remember_search(self, query: str) -> None:
        """`query` was searched: Up offers it at once; a thread worker adds it to the
        file, merged with what another reader may have added."""
        query = clean_query(query)
        if not query:
            return
        self._session_searches = merge(self._session_searches, [query], self._offer_limit)
        self._offer_searches()
        if self._history_limit <= 0:
            return
        self._unsaved_searches.append(query)
        self._history_worker(self._save_searches, "saving the search history")

    def _history_worker(self, work: Callable[[], None], description: str) -> None:
        self.run_worker(
            work, thread=True, group="search-history", description=description, exit_on_error=False
        )

    def _save_searches(self) -> None:
        path = history_path(self.db_path)
        with self._history_lock:  # queries reach the file in the order they were made
            queries: list[str] = []
            while self._unsaved_searches:
                queries.append(self._unsaved_searches.popleft())
            if not queries:
                return  # an earlier worker took them
            try:
                saved = save_queries(path, queries, self._history_limit)
            except SearchHistoryError as e:
                self.post_message(SearchHistoryRead(None, str(e)))
            else:
                self.post_message(SearchHistoryRead(saved))

    def on_search_history_read(self, message: SearchHistoryRead) -> None:
        if message.problem is None:
            if self._history_problem is not None and self.status_message == self._history_problem:
                self.set_status("")  # the file has been rewritten since, as it said
        elif self._history_problem is None:
            self._history_problem = message.problem  # told once a session
            self.set_status(message.problem)
        if message.entries is not None:
            self._saved_searches = message.entries
            self._offer_searches()

    @property
    def _offer_limit(self) -> int:
        return self._history_limit if self._history_limit > 0 else SESSION_LIMIT

    def _offer_searches(self) -> None:
        self.search_history = merge(self._saved_searches, self._session_searches, self._offer_limit)
