"""The article list: a virtualised line widget fed page by page from the store.

Only visible lines are rendered; rows come from a PageCache whose missing pages are
loaded by an async `loader` (the app runs it against the store on a lane thread).
Moving the cursor refreshes just the two lines involved, so a keypress costs a few
hundred bytes on the wire, whatever the list's length.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from inspect import isawaitable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tidings.core.models import ArticleSummary, View
from tidings.tui.highlights import NONE, Highlights
from tidings.tui.page_cache import PageCache
from tidings.tui.text import clean, fit, format_date
from tidings.tui.widgets.quiet_focus import QuietFocus

EMPTY_HINT = "No articles here. R refreshes all feeds; ? shows the keys."
NOTHING_FOUND = "Nothing found. / searches again; ? shows the keys."
NO_FEEDS = "No feeds yet. a adds one (a feed's or a site's address); ? shows the keys."
NO_UNREAD = "No unread articles here. R refreshes all feeds; ? shows the keys."
Loader = Callable[[View, int, int], Awaitable[list[ArticleSummary]]]


class ArticleList(QuietFocus, ScrollView, can_focus=True):
    """Rows of a View: unread / starred marks, date, title, feed."""

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--cursor-unread",
        "article-list--cursor-blurred",
        "article-list--unread",
        "article-list--read",
        "article-list--date",
        "article-list--feed",
        "article-list--mark",
        "article-list--placeholder",
    }

    DEFAULT_CSS = """
    ArticleList { background: $surface; overflow-x: hidden; }
    ArticleList > .article-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    ArticleList > .article-list--cursor-unread {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    ArticleList > .article-list--cursor-blurred { background: $block-cursor-blurred-background; }
    ArticleList > .article-list--unread { text-style: bold; }
    ArticleList > .article-list--read { color: $text-muted; }
    ArticleList > .article-list--date { color: $text-muted; }
    ArticleList > .article-list--feed { color: $text-secondary; }
    ArticleList > .article-list--mark { color: $text-accent; text-style: bold; }
    ArticleList > .article-list--placeholder { color: $text-disabled; }
    """

    class Opened(Message):
        """Enter or a click on a row: open this article."""

        def __init__(self, index: int, summary: ArticleSummary) -> None:
            super().__init__()
            self.index = index
            self.summary = summary

    class Loaded(Message):
        """A page arrived (tests and the app wait for rows through this)."""

        def __init__(self, page: int) -> None:
            super().__init__()
            self.page = page

    class LoadFailed(Message):
        """Rows first..last (from 0) could not be read; keys waiting for them did nothing."""

        def __init__(self, first: int, last: int, error: BaseException) -> None:
            super().__init__()
            self.first = first
            self.last = last
            self.error = error

    def __init__(self, loader: Loader, *, page_size: int = 200, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.loader = loader
        self.cache = PageCache(page_size=page_size)
        self.view = View()
        self.count = 0
        self.cursor = 0
        self._parts: dict[Style, Style] = {}  # a part's full style -> without background
        # Rows drawn in one colour across, "read" / "unread" (feeds.yaml's colors:
        # listnormal / listnormal_unread, as newsboat draws its lines; tui.colors)
        self.row_kinds: frozenset[str] = frozenset()
        self.highlights: Highlights = NONE  # feeds.yaml's highlight: (tui.highlights)
        self._generation = 0  # bumped by set_view, so late pages of an old view are dropped
        self._arrivals: dict[int, asyncio.Future[None]] = {}  # pages a key waits for
        self._turn = asyncio.Lock()  # keys waiting for their rows act in the order typed
        self._hint: list[str] = []
        self._hint_for = ("", 0)  # the hint and width _hint was wrapped for

    # -- data -------------------------------------------------------------------------
    def set_view(
        self,
        view: View,
        count: int,
        first_rows: list[ArticleSummary] | None = None,
        cursor: int = 0,
        first_page: int = 0,
    ) -> None:
        """Show another view (or the same one reloaded): `count` rows, optionally the
        rows of page `first_page` already loaded, the cursor at `cursor`."""
        self._generation += 1
        self._settle_arrivals()  # their waits end; the view they were for is gone
        self.view = view
        self.count = max(0, count)
        self.cache.clear()
        if first_rows is not None:
            self.cache.put(first_page, first_rows)
        self.cursor = min(max(0, cursor), max(0, self.count - 1))
        self.virtual_size = Size(self.size.width, self.count)
        self.scroll_to(y=self._scroll_for(self.cursor), animate=False, immediate=True)
        self.refresh()
        self._want_visible()

    @property
    def current(self) -> ArticleSummary | None:
        """The row under the cursor, if loaded."""
        return self.cache.get(self.cursor) if self.count else None

    def row(self, index: int) -> ArticleSummary | None:
        return self.cache.get(index) if 0 <= index < self.count else None

    async def ensure_row(self, index: int) -> ArticleSummary | None:
        """The row at `index`, once its page has come (the load already under way, else
        one started now); None if the view changed meanwhile. Raises the load's error."""
        generation = self._generation
        while 0 <= index < self.count and generation == self._generation:
            found = self.cache.get(index)
            page = self.cache.page_of(index)
            if found is not None or self.cache.has_page(page):
                return found  # None: past the rows the store has now
            if page in self.cache.pending:
                await self._arrival(page)
            else:
                self.cache.pending.add(page)  # not loaded twice: others wait for this one
                await self._load_page(page, generation)
        return None

    def _arrival(self, page: int) -> asyncio.Future[None]:
        """Done when the load of `page` under way ends (its error, if it failed)."""
        arrival = self._arrivals.get(page)
        if arrival is None:
            arrival = self._arrivals[page] = asyncio.get_running_loop().create_future()
            # the error is told by the waiter; a waiter gone (the reader quit) minds not
            arrival.add_done_callback(lambda done: done.cancelled() or done.exception())
        return arrival

    def _settle_arrivals(self, page: int | None = None, error: BaseException | None = None) -> None:
        """The load of `page` ended (with `error`); page None: the view changed."""
        pages = list(self._arrivals) if page is None else [page]
        for done in pages:
            arrival = self._arrivals.pop(done, None)
            if arrival is None or arrival.done():
                continue
            if isinstance(error, asyncio.CancelledError):
                arrival.cancel()
            elif error is not None:
                arrival.set_exception(error)
            else:
                arrival.set_result(None)

    def when_loaded(self, act: Callable[[], object], *, always: bool = False) -> bool:
        """How every key that acts on the row under the cursor waits for it: False if it
        is here (or the list is empty), to act now. Else its page is still coming (G then
        a key typed at once on a long list): `act` runs when it comes, after the keys
        that waited before it, and True. Only if the cursor is still on that row of the
        same view, unless `always`; a page that could not be read: LoadFailed, and
        `act` runs only if `always`. The screen goes on answering keys meanwhile."""
        if not self.count or self.current is not None:
            return False
        self.app.run_worker(
            self._act_when_loaded(act, self.cursor, self._generation, always=always),
            group="article-rows",
            description="acting on a row when its page comes",
            exit_on_error=False,
        )
        return True

    async def _act_when_loaded(
        self, act: Callable[[], object], index: int, generation: int, *, always: bool
    ) -> None:
        async with self._turn:
            try:
                await self.ensure_row(index)
            except Exception:  # told by _load_page
                if not always:
                    return
            here = generation == self._generation and self.cursor == index
            if always or (here and self.current is not None):
                done = act()
                if isawaitable(done):
                    await done

    def update_row(self, article_id: int, **changes: bool) -> None:
        """Change flags of a shown row in place (after m, s, opening...)."""
        index = self.cache.update(article_id, **changes)
        if index is not None:
            self.refresh_line(index)

    def reload_rows(self) -> None:
        """Load the rows in sight again (feeds.yaml's highlight: rules changed, and with
        them what the page query marks); pages of the rows before are dropped."""
        self._generation += 1
        self.cache.clear()
        self.refresh()
        self._want_visible()

    def mark_all(self, **changes: bool) -> None:
        self.cache.update_all(**changes)
        self.refresh()

    def _want_visible(self) -> None:
        """Start loading the pages of the visible rows (and one page ahead)."""
        if not self.count:
            return
        top = int(self.scroll_offset.y)
        height = max(1, self.scrollable_content_region.height)
        last = min(self.count - 1, top + height + self.cache.page_size // 2)
        first = max(0, top - self.cache.page_size // 2)
        for page in self.cache.missing(first, last):
            self.cache.pending.add(page)
            self.app.run_worker(
                self._load_page(page, self._generation, quiet=True),
                group="article-pages",
                description=f"load page {page}",
                exit_on_error=False,
            )

    async def _load_page(self, page: int, generation: int, *, quiet: bool = False) -> None:
        """Read `page` into the cache. An error is told (LoadFailed) and raised to the
        keys waiting for its rows, and to the caller unless `quiet`."""
        size = self.cache.page_size
        try:
            rows = await self.loader(self.view, page * size, size)
        except BaseException as exc:
            if generation == self._generation:
                self.cache.pending.discard(page)
                self._settle_arrivals(page, exc)
                if isinstance(exc, Exception):
                    last = min(self.count, (page + 1) * size) - 1
                    self.post_message(self.LoadFailed(page * size, last, exc))
            if quiet and isinstance(exc, Exception):
                return
            raise
        if generation != self._generation:
            return  # the view changed meanwhile
        self.cache.put(page, rows)
        self._settle_arrivals(page)
        top = int(self.scroll_offset.y)
        start, end = page * size, page * size + len(rows)
        height = self.scrollable_content_region.height
        if start < top + height and end > top:
            self.refresh()
        self.post_message(self.Loaded(page))

    # -- cursor -----------------------------------------------------------------------
    def _scroll_for(self, index: int) -> float:
        """scroll_y that keeps row `index` visible with the least movement."""
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if height <= 0:
            # Hidden (the reader has the screen): the list scrolls when shown again, so
            # the cursor is not put on its top row (the rows before it out of sight).
            return top
        if index < top:
            return index
        if index >= top + height:
            return index - height + 1
        return top

    def move_to(self, index: int) -> None:
        """Put the cursor on row `index` (clamped), scrolling only when needed."""
        if not self.count:
            return
        index = min(max(0, index), self.count - 1)
        old = self.cursor
        self.cursor = index
        target = self._scroll_for(index)
        if target != self.scroll_offset.y:
            self.scroll_to(y=target, animate=False, immediate=True)
            self.refresh()
            self._want_visible()
        elif old != index:
            self.refresh_line(old)
            self.refresh_line(index)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_scroll_home(self) -> None:
        self.move_to(0)

    def action_scroll_end(self) -> None:
        self.move_to(self.count - 1)

    def open_cursor(self, opened: Callable[[int, ArticleSummary], object] | None = None) -> None:
        """Open the row under the cursor: `opened(index, row)` at once (Enter: before
        the keys typed after it, n n n, which a message would let overtake it), else an
        Opened message (a click)."""
        if self.when_loaded(lambda: self.open_cursor(opened)):  # G then Enter at once
            return
        summary = self.current
        if summary is None:
            return
        if opened is not None:
            opened(self.cursor, summary)
        else:
            self.post_message(self.Opened(self.cursor, summary))

    # -- events -----------------------------------------------------------------------
    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._want_visible()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.count)
        if self.count and self.scrollable_content_region.height > 0:
            target = self._scroll_for(self.cursor)  # moved while hidden: in sight again
            if target != self.scroll_offset.y:
                self.scroll_to(y=target, animate=False, immediate=True)
        self._want_visible()

    def focus_changed(self) -> None:
        self.refresh_line(self.cursor)

    async def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = int(self.scroll_offset.y) + offset.y
        if 0 <= index < self.count:
            self.move_to(index)
            self.open_cursor()

    # -- rendering --------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        """A part's colour and text style, with no background of its own (the row's
        stays: the cursor's, or the list's). Not Textual's partial style: in it a
        colour with an alpha, such as $text-muted, came out pure white, so read rows and
        dates were white on textual-light's light grey."""
        full = self.get_component_rich_style(f"article-list--{name}")
        part = self._parts.get(full)
        if part is None:
            part = self._parts[full] = Style(
                color=full.color, bold=full.bold, italic=full.italic, underline=full.underline
            )
        return part

    def _hint_lines(self, width: int) -> list[str]:
        """The empty list's hint, wrapped to `width` cells (a space at the left). A search
        that found nothing says so (refreshing was no answer to it)."""
        config = getattr(self.app, "config", None)
        hint = (
            NOTHING_FOUND
            if self.view.search
            else NO_FEEDS
            if config is not None and not config.feeds
            else NO_UNREAD
            if self.view.unread_only
            else EMPTY_HINT
        )
        if self._hint_for != (hint, width):
            text = Text(hint)
            self._hint = [
                " " + line.plain.rstrip() for line in text.wrap(self.app.console, width - 1)
            ]
            self._hint_for = (hint, width)
        return self._hint

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        base = self.rich_style
        if self.count == 0 and width > 0:
            # Wrapped: beside the feed pane at 80 columns it was cut ("? shows the").
            hint = self._hint_lines(width)
            line = set_cell_size(hint[y] if y < len(hint) else "", width)
            return Strip([Segment(line, base + self._style("placeholder"))], width)
        if index >= self.count or width <= 0:
            return Strip.blank(width, base)
        row = self.cache.get(index)
        if index == self.cursor:
            # Chosen here, not with a :focus rule, so focus changes repaint one line.
            cursor = "article-list--cursor-blurred"
            if self.has_focus:
                unread = row is not None and not row.read
                cursor = "article-list--cursor-unread" if unread else "article-list--cursor"
            base = base + self.get_component_rich_style(cursor)
        if row is None:
            text = set_cell_size(" …", width)
            return Strip([Segment(text, base + self._style("placeholder"))], width)
        return Strip(self._row_segments(row, width, base, bar=index == self.cursor), width)

    def _row_segments(
        self, row: ArticleSummary, width: int, base: Style, *, bar: bool = False
    ) -> list[Segment]:
        """A row's columns; bar: the cursor's row, one colour across (as in newsboat or
        mutt: easy to follow, and moving it repaints two rows in a few bytes)."""
        date = format_date(row.published, with_time=False) or " " * 10
        # The feed's name, unless every row is of the same feed (a feed's own list) or
        # the list is narrow: beside the feed pane at 80 columns (~54 cells) the titles
        # keep the room (b hides the pane, and the list then names the feeds).
        one_feed = self.view.feed_id is not None
        feed_w = min(20, width // 5) if width >= 60 and not one_feed else 0
        marks = ("N" if not row.read else " ") + ("*" if row.starred else " ")
        title_w = max(0, width - 1 - 2 - 1 - 10 - 2 - (feed_w + 2 if feed_w else 0))
        kind = "read" if row.read else "unread"
        if bar:
            mark_style = date_style = text_style = feed_style = base
        elif kind in self.row_kinds:  # the row's own colours across, its background too
            background = self.get_component_styles(f"article-list--{kind}").background
            if background.a:
                base = base + Style(bgcolor=background.rich_color)
            mark_style = date_style = text_style = feed_style = base + self._style(kind)
        else:
            mark_style, date_style = base + self._style("mark"), base + self._style("date")
            text_style = base + self._style("read" if row.read else "unread")
            feed_style = base + self._style("feed")
        if not bar and (marked := self.highlights.row_style(row)) is not None:
            base = base + marked  # a highlight: rule's row: its colours across
            mark_style = date_style = text_style = feed_style = base
        segments = [
            Segment(" ", base),
            Segment(marks, mark_style),
            Segment(" ", base),
            Segment(set_cell_size(date, 10), date_style),
            Segment("  ", base),
            *self.highlights.segments(fit(clean(row.title) or "(untitled)", title_w), text_style),
        ]
        if feed_w:
            segments.append(Segment("  ", base))
            segments += self.highlights.segments(fit(clean(row.feed_title), feed_w), feed_style)
        used = sum(cell_len(s.text) for s in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return segments
