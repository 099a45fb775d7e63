"""App-wide messages, posted from worker threads to the UI (post_message is thread-safe)."""

from __future__ import annotations

from textual.message import Message

from tidings.core.refresh import Progress, RefreshSummary


class RefreshProgress(Message):
    """One feed of a running refresh is done."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgress)


class RefreshDone(Message):
    """A refresh finished (or failed: summary is None and error says why)."""

    def __init__(self, summary: RefreshSummary | None, error: str | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.error = error
