"""The panels beside (wide) or below (narrow) the reading pane: "More from <feed or
category>" with unread articles marked, and "Related" (the same story elsewhere, with
the feeds of grouped near-duplicates as "also in: …"). Enter or a click opens one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tidings.core.models import ArticleSummary
from tidings.tui.text import clean, format_date


@dataclass
class PanelItem:
    """One entry: an article and, for Related, the feeds that ran the same story."""

    article: ArticleSummary
    also_in: list[str] = field(default_factory=list)
    also_in_ids: list[int] = field(default_factory=list)
    show_feed: bool = True  # False under "More from <this feed>", which names it already


class Hanging:
    """A two-cell mark and text wrapped beside it, its lines under one another (a
    hanging indent): what a two-column Table.grid drew, at a fraction of the cost (the
    panel makes, measures and draws every entry again for each article opened)."""

    GUTTER = 2

    def __init__(self, mark: Text, text: Text) -> None:
        self.mark = mark  # its styles as spans: Text.render leaves out the base style
        self.text = text
        self._made: tuple[int, list[Segment]] | None = None  # (width, segments)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Measured, then drawn, at the same width: wrapped once.
        width = options.max_width
        if self._made is None or self._made[0] != width:
            lines = self.text.wrap(console, max(1, width - self.GUTTER), overflow="fold")
            blank = Text(" " * self.GUTTER)
            segments: list[Segment] = []
            for n, line in enumerate(lines):
                segments.extend((self.mark if n == 0 else blank).render(console))
                segments.extend(line.render(console))
                segments.append(Segment.line())
            self._made = (width, segments)
        return self._made[1]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.GUTTER + 1, options.max_width)


class Heading:
    """A section's heading on one line, cut with "…" as the list cuts a title: wrapped,
    "More from Tidings Demo: World Desk" put "Desk" on a second line of the bar at
    200x50. (A Text as an option's prompt is wrapped by the OptionList whatever its
    no_wrap says; a renderable of its own keeps it.)"""

    def __init__(self, plain: str) -> None:
        self.plain = plain
        self.text = Text(plain, style="bold", no_wrap=True, overflow="ellipsis")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


class RelatedList(OptionList):
    """ "More from …" and "Related" articles; Enter or a click opens one. (The gutter is
    kept so wrapped entries are measured and drawn at the same width.)"""

    DEFAULT_CSS = """
    RelatedList { height: auto; scrollbar-gutter: stable; padding: 0; }
    RelatedList > .option-list--option { padding: 0 1; }
    /* Headings and messages: a bar across the panel, as a news site's "latest updates"
       box has (the terminal fills it with one erase, where a rule costs every cell). */
    RelatedList > .option-list--option-disabled { background: $panel; color: $text; }
    """

    class Chosen(Message):
        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._shown: object = None  # what the options were made from

    def _set(self, shown: object, options: Callable[[], list[Option]]) -> None:
        """Show the options made from `shown`. When they would be made from the same
        things as those on screen (the next article of a feed has the same "More
        from" as the last), only the scroll and highlight are reset: making, measuring
        and drawing every entry again took 6 ms of each n / p at 200x50."""
        if shown == self._shown:
            self.highlighted = None
            self.scroll_y = 0
            return
        self._shown = shown
        self.set_options(options())

    def show_message(self, message: str) -> None:
        self._set(message, lambda: [Option(Text(message, style="dim"), disabled=True)])

    def show(self, sections: list[tuple[str, list[PanelItem]]]) -> None:
        """Replace the panel's items (an article shown once, in its first section)."""
        shown: list[tuple[str, list[PanelItem]]] = []
        seen: set[int] = set()
        for heading, all_items in sections:
            items = [i for i in all_items if i.article.id not in seen]
            for item in items:
                seen.add(item.article.id)
                seen.update(item.also_in_ids)
            if items:
                shown.append((heading, items))
        if not shown:
            self.show_message("Nothing related found.")
            return

        def options() -> list[Option]:
            made: list[Option] = []
            for heading, items in shown:
                made.append(Option(Heading(clean(heading)), disabled=True))
                made.extend(Option(self._label(item), id=f"a{item.article.id}") for item in items)
            return made

        self._set(shown, options)

    @staticmethod
    def _label(item: PanelItem) -> Hanging:
        """The unread mark in its own column, so long titles wrap under the title: "N", as
        in the list (and newsboat); a dot ("●") is two cells wide in the terminals of many
        Chinese and Japanese readers (ambiguous width), and broke the column there."""
        article = item.article
        # The title's style on its span only: as the Text's base style, it made the
        # feed and date under an unread title bold too.
        text = Text()
        text.append(clean(article.title) or "(untitled)", style="" if article.read else "bold")
        when = format_date(article.published, with_time=False)
        under = [clean(article.feed_title)] if item.show_feed else []
        under += [when] if when else []
        if under:
            text.append("\n" + " · ".join(under), style="dim")
        if item.also_in:
            text.append(
                "\nalso in: " + ", ".join(clean(t) for t in item.also_in), style="dim italic"
            )
        return Hanging(Text.assemble(("N " if not article.read else "  ", "bold")), text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(int(event.option.id[1:])))
