"""App-wide messages, posted from worker threads to the UI (post_message is thread-safe)."""

from __future__ import annotations

from textual.message import Message

from tidings.core.downloads import Outcome
from tidings.core.downloads import Progress as DownloadProgress
from tidings.core.fulltext import FullTextSummary
from tidings.core.notify_message import Tally
from tidings.core.refresh import Progress, RefreshSummary


class RefreshProgress(Message):
    """One feed of a running refresh is done."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgress)


class FullTextProgress(Message):
    """After a refresh, `done` of `total` pages of full_text feeds are fetched."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FullTextProgress)


class RefreshDone(Message):
    """A refresh finished (or failed: summary is None and error says why); `full_text`
    tells how fetching the pages of full_text feeds went, when there are such feeds;
    `tally`, what to notify of (tui/notifying.py), when there is something to."""

    def __init__(
        self,
        summary: RefreshSummary | None,
        error: str | None = None,
        full_text: FullTextSummary | None = None,
        tally: Tally | None = None,
    ) -> None:
        super().__init__()
        self.summary = summary
        self.error = error
        self.full_text = full_text
        self.tally = tally


class SearchHistoryRead(Message):
    """The search history file was read or written: it holds `entries` (oldest first);
    or it could not be, and `problem` says why (for the status line)."""

    def __init__(self, entries: list[str] | None, problem: str | None = None) -> None:
        super().__init__()
        self.entries = entries
        self.problem = problem


class DownloadEvent(Message):
    """A download (`e`) went on (core.downloads.Progress) or ended (Outcome)."""

    def __init__(self, event: DownloadProgress | Outcome) -> None:
        super().__init__()
        self.event = event

    def can_replace(self, message: Message) -> bool:
        """A newer progress report of the same download replaces one not shown yet."""
        mine, theirs = self.event, getattr(message, "event", None)
        return (
            isinstance(mine, DownloadProgress)
            and isinstance(theirs, DownloadProgress)
            and (mine.job.article_id, mine.job.url) == (theirs.job.article_id, theirs.job.url)
        )
