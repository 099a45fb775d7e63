"""The downloads view's list (tidings.tui.screens.downloads): a row per episode, its
state, progress, title and feed, file name. A line widget: only the rows in sight are
drawn, and a change redraws only the rows it touches (the cursor's two; a download's
progress, its own), so a list of a thousand episodes with downloads going on costs a
line or two on the wire a few times a second, not a screen."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tidings.core.download_list import Episode
from tidings.core.download_queue import Key
from tidings.tui.text import fit

EMPTY_HINT = (
    "No downloads yet. e on an article downloads its episode; `tidings download` those of"
    " the feeds with download: true."
)
STATE_W = 11
PROGRESS_W = 20  # "100% 48.3 MB/48.3 MB"


class EpisodeList(ScrollView, can_focus=True):
    """Rows of Episodes; `cursor` is the index of the chosen one."""

    COMPONENT_CLASSES = {
        "episode-list--cursor",
        "episode-list--state",
        "episode-list--active",
        "episode-list--failed",
        "episode-list--done",
        "episode-list--feed",
        "episode-list--file",
        "episode-list--placeholder",
    }

    DEFAULT_CSS = """
    EpisodeList { background: $surface; overflow-x: hidden; }
    EpisodeList > .episode-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    EpisodeList > .episode-list--state { color: $text-muted; }
    EpisodeList > .episode-list--active { color: $text-accent; text-style: bold; }
    EpisodeList > .episode-list--failed { color: $text-error; text-style: bold; }
    EpisodeList > .episode-list--done { color: $text-success; }
    EpisodeList > .episode-list--feed { color: $text-secondary; }
    EpisodeList > .episode-list--file { color: $text-muted; }
    EpisodeList > .episode-list--placeholder { color: $text-disabled; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.rows: list[Episode] = []
        self.cursor = 0
        self._index: dict[Key, int] = {}

    # -- data -------------------------------------------------------------------------
    @property
    def current(self) -> Episode | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def set_rows(self, rows: list[Episode]) -> None:
        """Show `rows`, the cursor kept on the episode it was on; when the order is the
        same, only the rows that changed are drawn again."""
        chosen = self.current.key if self.current is not None else None
        old = self.rows
        self.rows = rows
        self._index = {row.key: i for i, row in enumerate(rows)}
        cursor = self._index.get(chosen, min(self.cursor, len(rows) - 1)) if chosen else 0
        self.cursor = max(0, cursor)
        if [r.key for r in old] == [r.key for r in rows]:
            for i, (before, now) in enumerate(zip(old, rows, strict=True)):
                if before != now:
                    self.refresh_line(i)
            return
        self.virtual_size = Size(self.size.width, len(rows))
        self.scroll_to(y=self._scroll_for(self.cursor), animate=False, immediate=True)
        self.refresh()

    def row_of(self, key: Key) -> Episode | None:
        index = self._index.get(key)
        return self.rows[index] if index is not None else None

    def update_row(self, row: Episode) -> None:
        """One episode changed (a download's progress): its line alone is drawn again."""
        index = self._index.get(row.key)
        if index is not None and self.rows[index] != row:
            self.rows[index] = row
            self.refresh_line(index)

    # -- cursor -----------------------------------------------------------------------
    def _scroll_for(self, index: int) -> float:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if height <= 0 or top <= index < top + height:
            return top
        return index if index < top else index - height + 1

    def move_to(self, index: int) -> None:
        if not self.rows:
            return
        index = min(max(0, index), len(self.rows) - 1)
        old, self.cursor = self.cursor, index
        target = self._scroll_for(index)
        if target != self.scroll_offset.y:
            self.scroll_to(y=target, animate=False, immediate=True)
            self.refresh()
        elif old != index:
            self.refresh_line(old)
            self.refresh_line(index)

    def move(self, where: str) -> None:
        """The cursor `down`, `up`, a page (`page_down`, `page_up`), to the `first` or
        the `last` row."""
        page = max(1, self.scrollable_content_region.height - 1)
        steps = {"down": 1, "up": -1, "page_down": page, "page_up": -page}
        ends = {"first": 0, "last": len(self.rows) - 1}
        self.move_to(ends[where] if where in ends else self.cursor + steps[where])

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self.move_to(int(self.scroll_offset.y) + offset.y)

    # -- rendering --------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        full = self.get_component_rich_style(f"episode-list--{name}")
        return Style(color=full.color, bold=full.bold)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = int(self.scroll_offset.y) + y
        if not self.rows:
            text = set_cell_size(" " + EMPTY_HINT if y == 0 else "", width)
            return Strip([Segment(text, base + self._style("placeholder"))], width)
        if index >= len(self.rows) or width <= 0:
            return Strip.blank(width, base)
        row = self.rows[index]
        bar = index == self.cursor
        if bar:
            base = base + self.get_component_rich_style("episode-list--cursor")
        return Strip(self._segments(row, width, base, bar=bar), width)

    def _segments(self, row: Episode, width: int, base: Style, *, bar: bool) -> list[Segment]:
        kind = (
            "active"
            if row.state in ("downloading", "queued")
            else "failed"
            if row.state == "failed"
            else "done"
            if row.state == "finished"
            else "state"
        )
        part = (lambda name: base) if bar else (lambda name: base + self._style(name))
        detail = row.error if row.state == "failed" else row.progress()
        file_w = min(30, max(0, width // 4)) if width >= 60 else 0
        title_w = max(0, width - 1 - STATE_W - 1 - PROGRESS_W - 1 - (file_w + 1 if file_w else 0))
        title = row.title or "(untitled)"
        feed = f" — {row.feed_title}" if row.feed_title else ""
        shown = fit(title + feed, title_w)
        cut = min(len(title), len(shown))  # the feed's name in its own colour
        segments = [
            Segment(" ", base),
            Segment(set_cell_size(row.state, STATE_W), part(kind)),
            Segment(" ", base),
            Segment(fit(detail, PROGRESS_W), part(kind)),
            Segment(" ", base),
            Segment(shown[:cut], base),
            Segment(shown[cut:], part("feed")),
        ]
        if file_w:
            segments.append(Segment(" ", base))
            segments.append(Segment(fit(row.file_name, file_w), part("file")))
        used = sum(cell_len(s.text) for s in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return segments
