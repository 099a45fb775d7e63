"""The status line's text: the last message, the view's counts and where the reader
stands in the open article (drawn by widgets.status_line.StatusLine).

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from tidings.core.sanitize import hide_passwords
from tidings.tui.text import clean, cut_middle
from tidings.tui.widgets.status_line import StatusLine

MESSAGE_ROWS = 2  # whole rows a long message takes above the counts' row

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class StatusActions(_Base):
    """set_status (a message), _show_status (counts or position may have changed)."""

    def set_status(self, message: str) -> None:
        self.status_message = hide_passwords(message)  # a private feed's URL in a message
        self._show_status()

    def _show_status(self) -> None:
        self.main_screen.query_one("#status", StatusLine).refresh()

    def _status_text(self, width: int) -> Text:
        """The message, then at the right edge the counts and a slot of four cells for
        where the reader stands ("Top", "42%", "Bot"; blank when the article fits or none
        is shown), kept so that the counts do not move when it changes."""
        # The view's own counts: "Channel 0: 100 · 97 unread", as newsboat's "(97 unread,
        # 100 total)" (the unread of all feeds beside a feed's total read as its own).
        # The view's name gives way first: a long search, or one past half the line,
        # is cut ("Search: typhoon ty…"), so the counts and position always show.
        name = Text(self.place.name)
        name.truncate(max(1, width // 2), overflow="ellipsis")
        counts = f"{name.plain}: {self.articles.count:,}"
        unread = self.tree.unread_of(self.place.key)
        if self.limit is not None and self.limit[0] == self.place.key:
            counts += " limited"  # F: the count is of those that match
        elif self.unread_only:
            counts += " unread only"  # the count is the unread count
        elif unread is not None:
            counts += f" · {unread:,} unread"
        position = self.reader.position if self.article is not None else ""
        if not (self.reading or self.wide):
            position = ""
        text = Text(no_wrap=True, overflow="ellipsis")
        message = clean(self.status_message)
        # "? help" always stands beside the counts, as newsboat always shows its help line
        counts += f"  ? help {position:>3}"
        room = max(0, width - cell_len(counts) - 1)  # a space before the counts
        if cell_len(message) > room and width > 0:
            # Too long beside the counts: whole lines above them, as few as hold it
            # (a refresh with failures at 80 columns), the rest beside them. A message
            # as wide as the line but no wider has the first line to itself (cut beside
            # the counts, "HTTP 404 File not …" lost what went wrong).
            # Too long even for them: its middle goes, so that its end stays (what to do:
            # "(old config kept; E to edit)" after a long mistake).
            lines, message = self._message_rows(message, width, room)
            text.append("\n".join(line.rstrip() for line in lines) + "\n")
        tail = Text(message, no_wrap=True, overflow="ellipsis")
        tail.truncate(room, pad=True)  # 台风 is 4 cells
        text.append_text(tail)
        text.append(" ")
        text.append(counts, style="bold")
        return text

    def _message_rows(self, message: str, width: int, room: int) -> tuple[list[str], str]:
        """A message too long beside the counts: the whole rows above them, as few as
        hold it (at most MESSAGE_ROWS), and what stands beside them; cut in its middle
        when even that is too little."""
        cut = MESSAGE_ROWS * width + room
        whole = message
        while True:
            lines = [line.plain for line in Text(message).wrap(self.console, width)]
            above = 1
            while above < MESSAGE_ROWS and cell_len("".join(lines[above:]).strip()) > room:
                above += 1
            rest = "".join(lines[above:]).strip()
            if cell_len(rest) <= room or cut <= width:
                return lines[:above], rest
            cut -= max(2, cell_len(rest) - room)
            message = cut_middle(whole, cut)
