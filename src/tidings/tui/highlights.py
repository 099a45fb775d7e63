"""feeds.yaml's `highlight:` rules (tidings.core.config_highlight) made ready to draw:
each rule's colours as a Rich style (its colour words as `colors:` takes them,
tidings.tui.colors), its pattern compiled once, its condition read once. The lists and
the reading pane ask this for a row's colours as they draw it: a pattern's matches in
a title (highlight_text.runs), the rule a row meets (highlight_rows), the article's
text marked once per layout (highlight_text.mark_laid_out).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from tidings.core.highlight_rows import ArticleRules, FeedTest, feed_condition
from tidings.core.highlight_text import compile_pattern, mark_laid_out, runs
from tidings.core.models import ArticleSummary, ColorSpec, FeedInfo, HighlightRule
from tidings.tui.colors import css_color

_ATTRS = {"bold": "bold", "underline": "underline", "reverse": "reverse", "standout": "reverse"}
_ATTRS |= {"blink": "blink", "dim": "dim"}


def rich_style(spec: ColorSpec, ansi: bool = False) -> Style:
    """A rule's colours as a style laid over the text's own: a colour left at default
    keeps the text's, the attributes add to its own."""

    def color(word: str | None) -> str | None:
        return css_color(word, ansi).removeprefix("ansi_") if word else None

    attrs = {_ATTRS[a]: True for a in spec.attrs if a in _ATTRS}
    return Style(color=color(spec.fg), bgcolor=color(spec.bg), **attrs)


class Highlights:
    """The rules of one feeds.yaml, for one theme (ansi: the terminal's own colours)."""

    def __init__(self, rules: Sequence[HighlightRule] = (), ansi: bool = False) -> None:
        self.rules = tuple(rules)
        texts = [
            (r, compile_pattern(r.value), rich_style(r.color, ansi))
            for r in rules
            if r.kind == "text"
        ]
        self.text: dict[str, list[tuple[re.Pattern[str], Style]]] = {
            place: [(p, s) for r, p, s in texts if place in r.where or "all" in r.where]
            for place in ("feedlist", "articlelist", "article")
        }
        articles = [r for r in rules if r.kind == "articles"]
        self.articles = ArticleRules([r.value for r in articles])
        self._article_styles = [rich_style(r.color, ansi) for r in articles]
        self.feeds: list[tuple[FeedTest, Style]] = [
            (feed_condition(r.value), rich_style(r.color, ansi)) for r in rules if r.kind == "feeds"
        ]

    def __bool__(self) -> bool:
        return bool(self.rules)

    def row_style(self, row: ArticleSummary) -> Style | None:
        """The colours of the first articles: rule the row meets, None for none."""
        if not self.articles:
            return None
        n = self.articles.first(row)
        return None if n is None else self._article_styles[n]

    def feed_style(self, feed: FeedInfo) -> Style | None:
        """The colours of the first feeds: rule the feed meets, None for none."""
        return next((style for test, style in self.feeds if test(feed)), None)

    def segments(self, text: str, style: Style, place: str = "articlelist") -> list[Segment]:
        """`text` as segments in `style`, the matches of the text rules for `place` in
        theirs over it."""
        rules = self.text[place]
        if not rules:
            return [Segment(text, style)]
        return [Segment(t, style + s if s else style) for t, s in runs(text, rules)]

    def mark(self, text: Text, place: str, start: int = 0, end: int | None = None) -> None:
        """Style the matches of the text rules for `place` in `text[start:end]` (a
        list's label: its name, after the icon, before the count) in place."""
        if not self.text[place]:
            return
        for piece, style in runs(text.plain[start:end], self.text[place]):
            if style is not None:
                text.stylize(style, start, start + len(piece))
            start += len(piece)

    def mark_article(self, text: Text) -> None:
        """The matches in an article laid out for the screen, in place."""
        if self.text["article"]:
            mark_laid_out(text, self.text["article"])


NONE = Highlights()
