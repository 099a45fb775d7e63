"""The reading pane: header, rendered body, then the previous / next article of the list
("上一篇 / 下一篇") and the page's own links ("On the site"), each openable by click or
by moving onto it with j / k at the end of the article and pressing Enter."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from tidings.core.models import Article, ArticleSummary, SiteLink
from tidings.tui.highlights import NONE, Highlights
from tidings.tui.text import Rendered, clean, ellipsize
from tidings.tui.widgets.quiet_focus import QuietFocus

RERENDER_DELAY = 0.15  # seconds of quiet after a resize before the body is laid out again
_SITE_LABELS = {"prev": "上一篇", "next": "下一篇"}


@dataclass(frozen=True)
class Entry:
    """One openable line group at the end: a list neighbour (direction) or a site link."""

    direction: int = 0  # -1 / 1 for the list's previous / next article
    link: SiteLink | None = None


class ReaderPane(QuietFocus, ScrollView, can_focus=True):
    """One article as lines of styled text (rendered once per width), ending with the
    previous / next article and the site's links. Only visible lines are drawn."""

    DEFAULT_CSS = """
    ReaderPane { background: $surface; padding: 0 1; scrollbar-size-vertical: 0; overflow-x: hidden; }
    ReaderPane > .reader--nav { text-style: bold; }
    ReaderPane > .reader--nav-empty { color: $text-disabled; }
    ReaderPane > .reader--starred { color: $text-warning; text-style: bold; }
    ReaderPane > .reader--selected { background: $block-cursor-background; color: $block-cursor-foreground; }
    """

    COMPONENT_CLASSES = {
        "reader--nav",
        "reader--nav-empty",
        "reader--starred",
        "reader--selected",
    }

    class NavChosen(Message):
        """The previous (-1) or next (1) article line was chosen."""

        def __init__(self, direction: int) -> None:
            super().__init__()
            self.direction = direction

    class SiteChosen(Message):
        """A link of the page's own ("On the site") was chosen."""

        def __init__(self, link: SiteLink) -> None:
            super().__init__()
            self.link = link

    class WidthChanged(Message):
        """The text width settled on a value the body was not laid out for."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.article: Article | None = None
        self.rendered: Rendered | None = None
        self.rendered_width: int | None = None  # the width the body was laid out for
        self.max_width = 0  # text_width from the settings (0: the pane's width)
        self.highlights: Highlights = NONE  # feeds.yaml's highlight: (tui.highlights)
        self.prev: ArticleSummary | None = None
        self.next: ArticleSummary | None = None
        self.entries: list[Entry] = []
        self.selected: int | None = None  # index into entries
        self._body: list[Strip] = []
        self._lines: list[Strip] = []
        self._width = -1
        self._entry_at: dict[int, int] = {}  # line index -> entry index
        self._rerender: Timer | None = None
        self._just_shown = False  # no resize since show(): a new width is the layout's, not a drag
        # Where the reader stood (a share of the lines) when the pane's width left the
        # one the body was laid out for: the old layout folded at the new width has far
        # more lines, and a place taken from it lost ground at each resize.
        self._place: float | None = None

    # -- position -------------------------------------------------------------------------
    @property
    def position(self) -> str:
        """Where the pane stands, as newsboat and less say it: "Top", "42%" (of the text
        seen so far) or "Bot"; "" when the article fits. The pane has no scrollbar: this
        stands in the status line instead (the app's), which costs the wire a few bytes a
        move where a scrollbar's thumb cost a column on every row."""
        height = self.scrollable_content_region.height
        total = self.virtual_size.height
        if self.article is None or height <= 0 or total <= height:
            return ""
        y = round(self.scroll_y)
        if y <= 0:
            return "Top"
        if y >= total - height:
            return "Bot"
        return f"{min(99, (y + height) * 100 // total):2d}%"

    # -- content --------------------------------------------------------------------------
    def show(
        self,
        article: Article,
        rendered: Rendered,
        prev: ArticleSummary | None,
        next_: ArticleSummary | None,
        *,
        width: int | None = None,
        keep_scroll: bool = False,
    ) -> None:
        """Show an article (from its top unless keep_scroll); `width` is the width the
        body was rendered for."""
        self.article, self.rendered, self.prev, self.next = article, rendered, prev, next_
        self.rendered_width = width
        self.entries = [Entry(direction=-1), Entry(direction=1)]
        self.entries += [Entry(link=link) for link in article.site_links if link.url]
        self.selected = None
        self._place = None
        # A resize to come is the layout's (the pane appearing, the panels beside it), not
        # a drag, unless the pane already has the width the body was rendered for.
        self._just_shown = width is None or self.text_width != width
        y = self.scroll_y
        self._width = -1
        self._layout_lines()
        self.scroll_to(0, y if keep_scroll else 0, animate=False, immediate=True)
        self.refresh()
        self._check_width(at_once=True)

    # Every scroll jumps at once, as newsboat's: an animated one takes most of a second on
    # a long article, costs bytes over SSH in every frame, and the status line's position
    # trailed it. As Widget's own actions, a pane that can't scroll lets the key pass.
    def _jump(self, y: float) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_to(y=max(0, min(y, self.max_scroll_y)), animate=False, immediate=True)

    def action_scroll_home(self) -> None:
        self._jump(0)

    def action_scroll_end(self) -> None:
        self._jump(self.max_scroll_y)

    def action_scroll_up(self) -> None:
        self._jump(self.scroll_y - 1)

    def action_scroll_down(self) -> None:
        self._jump(self.scroll_y + 1)

    def action_page_up(self) -> None:
        self._jump(self.scroll_y - self.scrollable_content_region.height)

    def action_page_down(self) -> None:
        self._jump(self.scroll_y + self.scrollable_content_region.height)

    def clear(self) -> None:
        """Show nothing (the article shown was deleted)."""
        self.article, self.rendered, self.prev, self.next = None, None, None, None
        self.entries, self.selected = [], None
        self._width = -1
        self._layout_lines()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def set_rendered(self, rendered: Rendered, width: int) -> None:
        """The same article laid out again for `width`; keeps the reading position."""
        if self.article is None:
            return
        share = self.scroll_y / max(1, len(self._lines)) if self._place is None else self._place
        self._place = None
        self.rendered, self.rendered_width = rendered, width
        self._width = -1
        self._layout_lines()
        self.scroll_to(0, round(share * self.virtual_size.height), animate=False, immediate=True)
        self.refresh()

    def set_neighbours(self, prev: ArticleSummary | None, next_: ArticleSummary | None) -> None:
        """The previous / next articles of the list as it is now (another order, unread
        only): the lines after the body say so, and n / p go there."""
        if self.article is not None:
            self.prev, self.next = prev, next_
            self._layout_tail()
            self.refresh()

    def set_starred(self, starred: bool) -> None:
        if self.article is not None:
            self.article.starred = starred
            self._width = -1
            self._layout_lines()
            self.refresh()

    @property
    def text_width(self) -> int:
        """The width articles are laid out for: the pane's, or at most `max_width` (the
        text_width setting, as newsboat's text-width: long lines are hard to read)."""
        width = self.scrollable_content_region.width
        return min(width, self.max_width) if self.max_width > 0 else width

    def _content(self) -> Text:
        assert self.article is not None and self.rendered is not None
        text = Text()
        if self.article.starred:
            text.append("★ Starred\n", self.get_component_rich_style("reader--starred"))
        text.append_text(self.rendered.text)
        self.highlights.mark_article(text)  # laid out already: a break in 台风 is looked through
        return text

    def set_highlights(self, highlights: Highlights) -> None:
        """feeds.yaml's highlight: rules changed: the article is drawn with the new ones."""
        self.highlights = highlights
        self._width = -1
        self._layout_lines()
        self.refresh()

    def nav_line(self, direction: int) -> int | None:
        """The first line of the previous (-1) / next (1) article entry."""
        return self.entry_line(self.entries.index(Entry(direction=direction)))

    def entry_line(self, index: int) -> int | None:
        for line, i in self._entry_at.items():
            if i == index:
                return self._shown_line(line)
        return None

    def _entry_text(self, entry: Entry) -> Text:
        if entry.link is not None:
            link = entry.link
            label = _SITE_LABELS.get(link.kind)
            text = Text("  ")
            if label:
                text.append(label + " ", self.get_component_rich_style("reader--nav"))
            text.append(clean(link.title) or clean(link.url))
            return text
        summary = self.prev if entry.direction < 0 else self.next
        # No arrows: "↑" / "↓" are two cells wide where ambiguous width is wide (CJK).
        label = "上一篇 Previous (p): " if entry.direction < 0 else "下一篇 Next (n): "
        if summary is None:
            return Text(label + "none", self.get_component_rich_style("reader--nav-empty"))
        text = Text(label, self.get_component_rich_style("reader--nav"))
        text.append(clean(summary.title) or "(untitled)")
        if self.article is None or summary.feed_id != self.article.feed_id:
            text.append(f"  · {clean(summary.feed_title)}", "dim")  # from another feed
        return text

    def _layout_lines(self, *, sized: bool = True) -> None:
        """Lay the article out at the current width (the body once per width); with
        sized=False the virtual size is left for later (as while rendering)."""
        # Hidden (about to be shown): the width the body was rendered for.
        width = self.text_width or self.rendered_width or 0
        if width != self._width:
            if width == self.rendered_width:
                self._place = None  # back to the body's own width
            elif self._width == self.rendered_width and self._place is None and self._lines:
                self._place = self.scroll_y / len(self._lines)
            self._width = width
            self._body = []
            if self.article is not None and width > 0:
                options = self.app.console.options.update(
                    width=width, no_wrap=False, highlight=False
                )
                body = self._content()
                body.overflow = "fold"
                self._body = [
                    Strip(line, width)
                    for line in self.app.console.render_lines(body, options, pad=True)
                ]
        self._layout_tail(sized=sized)

    def _layout_tail(self, *, sized: bool = True) -> None:
        """The entries after the body (cheap: redone when the selection moves)."""
        width = self._width
        if self.article is None or width <= 0:
            self._lines, self._entry_at = [], {}
            if sized:
                self.virtual_size = Size(max(0, width), 0)
            return
        console = self.app.console
        options = console.options.update(width=width, no_wrap=False, highlight=False)
        tail = [Strip.blank(width)]
        entry_at: dict[int, int] = {}  # line of the tail -> entry index
        selected = self.get_component_rich_style("reader--selected")
        for index, entry in enumerate(self.entries):
            if entry.link is not None and (index == 0 or self.entries[index - 1].link is None):
                tail += [Strip.blank(width)]
                heading = Text("On the site", "bold")
                tail += [
                    Strip(line, width) for line in console.render_lines(heading, options, pad=True)
                ]
            text = self._entry_text(entry)
            if entry.link is None:  # previous / next: one line, so the rule stays put
                text = ellipsize(text, width)
                text.no_wrap = True
            else:
                text.overflow = "fold"
            if index == self.selected:
                text.stylize(selected)
            for line in console.render_lines(text, options, pad=True):
                entry_at[len(tail)] = index
                strip = Strip(line, width)
                tail.append(strip.apply_style(selected) if index == self.selected else strip)
        start = len(self._body)
        self._lines = lines = [*self._body, *tail]
        self._entry_at = {start + line: index for line, index in entry_at.items()}
        if sized:
            self.virtual_size = Size(width, len(lines))

    def _pad(self) -> int:
        """Blank lines shown between the body and the entries after it. A short article
        has them at the foot of the pane, as a page's footer: they stand in the same
        place from one article to the next (and n / p send the terminal only the titles
        that changed). Worked out as the pane is drawn, at its height then."""
        return max(0, self.scrollable_content_region.height - len(self._lines))

    def _shown_line(self, line: int) -> int:
        """Where line `line` of the layout is shown (below the padding, after the body)."""
        return line + self._pad() if line >= len(self._body) else line

    def _layout_line(self, shown: int) -> int | None:
        """The line of the layout shown at `shown`; None in the padding."""
        body, pad = len(self._body), self._pad()
        if shown < body:
            return shown
        return shown - pad if shown >= body + pad else None

    # -- choosing entries from the keyboard -------------------------------------------------
    def _openable(self, index: int) -> bool:
        entry = self.entries[index]
        if entry.link is not None:
            return True
        return (self.prev if entry.direction < 0 else self.next) is not None

    def move_selection(self, step: int) -> bool:
        """j / k: past the end of the article, move onto the next / previous entry.
        Returns False when the key should scroll instead."""
        if self.article is None:
            return False
        openable = [i for i in range(len(self.entries)) if self._openable(i)]
        if self.selected is None:
            if step < 0 or not self.at_end or not openable:
                return False
            target: int | None = openable[0]
        else:
            here = openable.index(self.selected) if self.selected in openable else -1
            there = here + step
            if there >= len(openable):
                return True  # stay on the last entry
            target = openable[there] if there >= 0 else None
        self.selected = target
        self._layout_tail()
        if target is not None:
            line = self.entry_line(target)
            if line is not None:
                self.scroll_to_region_line(line)
        self.refresh()
        return True

    def scroll_to_region_line(self, line: int) -> None:
        height = self.scrollable_content_region.height
        if line >= self.scroll_y + height:
            self.scroll_to(0, line - height + 1, animate=False, immediate=True)
        elif line < self.scroll_y:
            self.scroll_to(0, line, animate=False, immediate=True)

    def choose(self, index: int | None = None) -> bool:
        """Open the selected entry (or `index`); False when there is none."""
        index = self.selected if index is None else index
        if index is None or not 0 <= index < len(self.entries) or not self._openable(index):
            return False
        entry = self.entries[index]
        if entry.link is not None:
            self.post_message(self.SiteChosen(entry.link))
        else:
            self.post_message(self.NavChosen(entry.direction))
        return True

    def site_link(self, kind: str) -> SiteLink | None:
        return next(
            (e.link for e in self.entries if e.link is not None and e.link.kind == kind), None
        )

    # -- events ---------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self._layout_lines()
        self._check_width(at_once=self._just_shown)
        self._just_shown = False

    def _check_width(self, *, at_once: bool = False) -> None:
        """Ask for a new layout of the body when the width settles on a new value: at
        once when the panes were just laid out for a new article, else after a quiet
        moment (a terminal being resized sends many sizes)."""
        if self.article is None or self.text_width <= 0 or self.text_width == self.rendered_width:
            return
        if self._rerender is not None:
            self._rerender.stop()
            self._rerender = None
        if at_once:
            self._width_settled()
        else:
            self._rerender = self.set_timer(RERENDER_DELAY, self._width_settled)

    def _width_settled(self) -> None:
        self._rerender = None
        width = self.text_width
        if self.article is not None and width > 0 and width != self.rendered_width:
            self.post_message(self.WidthChanged(width))

    def render_line(self, y: int) -> Strip:
        if self._width != self.text_width:
            # Lay out now, so this frame shows the text; the virtual size (which asks
            # for a new layout) is set once rendering is over.
            self._layout_lines(sized=False)
            self.call_after_refresh(self._layout_lines)
        index = self._layout_line(int(self.scroll_offset.y) + y)
        width = self.text_width
        if index is None or index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        return self._lines[index].apply_style(self.rich_style)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = self._layout_line(int(self.scroll_offset.y) + offset.y)
        index = None if line is None else self._entry_at.get(line)
        if index is not None and self.choose(index):
            event.stop()

    @property
    def at_end(self) -> bool:
        return self.scroll_y >= self.max_scroll_y
