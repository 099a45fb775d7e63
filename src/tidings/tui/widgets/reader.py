"""The reading pane: header, rendered body, and the previous / next article at the end;
beside or below it, the related-article panel."""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tidings.core.models import Article, ArticleSummary
from tidings.tui.text import Rendered, clean
from tidings.tui.widgets.quiet_focus import QuietFocus


class ReaderPane(QuietFocus, ScrollView, can_focus=True):
    """One article as lines of styled text (rendered once per width), ending with the
    previous / next article ("上一篇 / 下一篇"), which a click opens. Only visible lines
    are drawn, and a new article is drawn in one pass."""

    DEFAULT_CSS = """
    ReaderPane { background: $surface; padding: 0 1; scrollbar-gutter: stable; }
    ReaderPane > .reader--nav { text-style: bold; }
    ReaderPane > .reader--nav-empty { color: $text-disabled; }
    ReaderPane > .reader--rule { color: $primary; }
    ReaderPane > .reader--starred { color: $text-warning; text-style: bold; }
    """

    COMPONENT_CLASSES = {"reader--nav", "reader--nav-empty", "reader--rule", "reader--starred"}

    class NavChosen(Message):
        """A click on the previous (-1) or next (1) article line."""

        def __init__(self, direction: int) -> None:
            super().__init__()
            self.direction = direction

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.article: Article | None = None
        self.rendered: Rendered | None = None
        self.prev: ArticleSummary | None = None
        self.next: ArticleSummary | None = None
        self._lines: list[Strip] = []
        self._width = -1
        self._nav_at: dict[int, int] = {}  # line index -> direction of its nav entry

    def show(
        self,
        article: Article,
        rendered: Rendered,
        prev: ArticleSummary | None,
        next_: ArticleSummary | None,
    ) -> None:
        """Show an article from its top."""
        self.article, self.rendered, self.prev, self.next = article, rendered, prev, next_
        self._width = -1
        self._layout_lines()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def set_starred(self, starred: bool) -> None:
        if self.article is not None:
            self.article.starred = starred
            self._width = -1
            self._layout_lines()
            self.refresh()

    def _content(self) -> Text:
        assert self.article is not None and self.rendered is not None
        text = Text()
        if self.article.starred:
            text.append("★ Starred\n", self.get_component_rich_style("reader--starred"))
        text.append_text(self.rendered.text)
        return text

    def nav_line(self, direction: int) -> int | None:
        """The first line of the previous (-1) / next (1) article entry."""
        for line, d in self._nav_at.items():
            if d == direction:
                return line
        return None

    def _nav_text(self, direction: int, summary: ArticleSummary | None) -> Text:
        label = "↑ 上一篇 Previous (p): " if direction < 0 else "↓ 下一篇 Next (n): "
        if summary is None:
            return Text(label + "none", self.get_component_rich_style("reader--nav-empty"))
        text = Text(label, self.get_component_rich_style("reader--nav"))
        text.append(clean(summary.title) or "(untitled)")
        text.append(f"  · {clean(summary.feed_title)}", "dim")
        return text

    def _layout_lines(self) -> None:
        """Render the article to lines at the current width (once per width)."""
        width = self.scrollable_content_region.width
        if width == self._width:
            return
        self._width = width
        if self.article is None or width <= 0:
            self._lines = []
            self.virtual_size = Size(max(0, width), 0)
            return
        console = self.app.console
        options = console.options.update(width=width, no_wrap=False, highlight=False)
        body = self._content()
        body.overflow = "fold"
        lines = [Strip(line, width) for line in console.render_lines(body, options, pad=True)]
        lines.append(Strip.blank(width))
        rule = self.get_component_rich_style("reader--rule")
        lines.append(Strip([Segment("─" * width, rule)], width))
        self._nav_at = {}
        for direction, summary in ((-1, self.prev), (1, self.next)):
            nav = self._nav_text(direction, summary)
            nav.overflow = "fold"
            for line in console.render_lines(nav, options, pad=True):
                self._nav_at[len(lines)] = direction
                lines.append(Strip(line, width))
        self._lines = lines
        self.virtual_size = Size(width, len(lines))

    def on_resize(self, event: events.Resize) -> None:
        self._layout_lines()

    def render_line(self, y: int) -> Strip:
        if self._width != self.scrollable_content_region.width:
            self.call_after_refresh(self._layout_lines)  # not while rendering
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        return self._lines[index].apply_style(self.rich_style)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = int(self.scroll_offset.y) + offset.y
        direction = self._nav_at.get(index)
        if direction is not None and (self.prev if direction < 0 else self.next) is not None:
            event.stop()
            self.post_message(self.NavChosen(direction))

    @property
    def at_end(self) -> bool:
        return self.scroll_y >= self.max_scroll_y


class RelatedList(OptionList):
    """"More from …" and "Related" articles; Enter or a click opens one."""

    DEFAULT_CSS = """
    RelatedList { height: auto; }
    """

    class Chosen(Message):
        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    def show(self, sections: list[tuple[str, list[ArticleSummary]]]) -> None:
        """Replace the panel's items (duplicates across sections shown once)."""
        options: list[Option] = []
        seen: set[int] = set()
        for heading, all_items in sections:
            items = [i for i in all_items if i.id not in seen]
            seen.update(i.id for i in items)
            if not items:
                continue
            options.append(Option(Text(clean(heading), style="bold"), disabled=True))
            for item in items:
                label = Text("  " + (clean(item.title) or "(untitled)"))
                label.append(f"  · {clean(item.feed_title)}", style="dim")
                options.append(Option(label, id=f"a{item.id}"))
        if not options:
            options.append(Option(Text("Nothing related found.", style="dim"), disabled=True))
        self.set_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(int(event.option.id[1:])))
