"""Plain data objects shared by the core modules, the CLI and the TUI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FeedSpec:
    """One feed as listed in feeds.yaml (or imported from OPML / urls)."""

    url: str
    title: str | None = None
    category: str | None = None
    tags: tuple[str, ...] = ()
    full_text: bool = False
    line: int | None = None  # line in feeds.yaml, for error messages
    keep_days: int | None = None  # None: settings.keep_days
    max_items: int | None = None  # None: settings.max_items
    # The ignore rules for this feed's entries (tidings.core.ignore): feeds.yaml's
    # top-level `ignore:` list, then the feed's own.
    ignore: tuple[str, ...] = ()
    download: bool | None = None  # `tidings download` takes its episodes (None: settings.download)


@dataclass(frozen=True)
class Enclosure:
    url: str
    type: str | None = None
    length: int | None = None
    title: str | None = None
    # Where `e` / `tidings download` put it (the store's downloads table), when it did;
    # `partial`: only the `.part` file of a download that stopped, to go on with;
    # `deleted`: its file deleted in the downloads view (D), `downloaded` where it was.
    downloaded: str | None = None
    partial: bool = False
    deleted: bool = False


@dataclass
class ParsedEntry:
    """One entry of a feed, as the parser read it. Text fields are raw (not sanitised);
    `summary` and `content` keep their HTML for the renderer."""

    id: str | None = None
    link: str | None = None
    title: str | None = None
    author: str | None = None
    published: datetime | None = None  # timezone-aware, UTC
    updated: datetime | None = None  # timezone-aware, UTC
    summary: str | None = None
    content: str | None = None
    categories: list[str] = field(default_factory=list)
    enclosures: list[Enclosure] = field(default_factory=list)
    # the id as the feed gave it, when tidings took tracking parameters out of it
    # (tidings.core.link_identity): a copy stored before that is known by it
    given_id: str | None = None


@dataclass
class ParsedFeed:
    title: str | None = None
    link: str | None = None
    format: str = ""  # "rss20", "rss10", "rss09x", "atom10", "atom03", "json10", "json11"
    entries: list[ParsedEntry] = field(default_factory=list)
    encoding: str | None = None  # the encoding the bytes were decoded with


@dataclass(frozen=True)
class SiteLink:
    """A link the article's own web page offers: previous / next / related."""

    kind: str  # "prev", "next", "related"
    url: str
    title: str = ""


@dataclass(frozen=True)
class FeedInfo:
    """A feed as the store knows it, with counts, for the feed pane and `tidings list`."""

    id: int
    url: str
    title: str
    category: str | None
    tags: tuple[str, ...]
    full_text: bool
    total: int
    unread: int
    last_fetched: datetime | None
    last_error: str | None
    newest: datetime | None = None  # its newest article's date (for feed_order: updated)
    # while the site's "come back later" lasts: when a refresh of all feeds asks again
    # (last_error then says so too; tidings.core.fetch_wait)
    retry_at: datetime | None = None


@dataclass(frozen=True)
class ArticleSummary:
    """One row of an article list: cheap to load a page of."""

    id: int
    feed_id: int
    feed_title: str
    title: str
    link: str | None
    published: datetime | None
    read: bool
    starred: bool
    # Which of feeds.yaml's `highlight:` conditions on articles its row meets, fetched
    # with the page (a bit per condition; tidings.core.highlight_rows)
    marks: int = 0


@dataclass
class Article:
    """A whole article for the reading pane."""

    id: int
    feed_id: int
    feed_title: str
    feed_url: str
    category: str | None
    guid: str | None
    link: str | None
    title: str
    author: str | None
    published: datetime | None
    updated: datetime | None
    summary: str | None
    content: str | None
    categories: list[str] = field(default_factory=list)
    enclosures: list[Enclosure] = field(default_factory=list)
    read: bool = False
    starred: bool = False
    full_text: str | None = None  # HTML extracted from the web page, when fetched
    full_text_error: str | None = None
    site_links: list[SiteLink] = field(default_factory=list)

    @property
    def body_html(self) -> str:
        """The best body we have: extracted page, then content, then summary."""
        return self.full_text or self.content or self.summary or ""


@dataclass(frozen=True)
class View:
    """Which articles a list shows. All filters combine (AND)."""

    feed_id: int | None = None
    category: str | None = None
    tag: str | None = None
    unread_only: bool = False
    starred_only: bool = False
    search: str | None = None  # FTS query, CJK aware
    # The list's order: by date (newest first), title / author / feed (A to Z; by
    # author and feed, newest first in each), turned round when oldest_first is set.
    oldest_first: bool = False
    sort: str = "date"  # "date", "title", "author" or "feed" (core.views.SORTS)


@dataclass(frozen=True)
class UpdateCounts:
    new: int = 0
    updated: int = 0
    ignored: int = 0  # entries kept out by the ignore rules (first seen this fetch)


# The reader's colour themes (Textual's own; a test keeps this list equal to Textual's).
# ansi-dark and ansi-light take the terminal's own 16 colours.
THEMES = (
    "ansi-dark", "ansi-light", "atom-one-dark", "atom-one-light", "catppuccin-frappe",
    "catppuccin-latte", "catppuccin-macchiato", "catppuccin-mocha", "dracula", "flexoki",
    "gruvbox", "monokai", "nord", "rose-pine", "rose-pine-dawn", "rose-pine-moon",
    "solarized-dark", "solarized-light", "textual-dark", "textual-light", "tokyo-night",
)  # fmt: skip


@dataclass(frozen=True)
class Settings:
    """Global settings from feeds.yaml's `settings:` block (all optional)."""

    concurrency: int = 16  # feeds fetched at once, overall
    per_host: int = 4  # connections at once to one host
    connect_timeout: float = 10.0  # seconds
    read_timeout: float = 20.0  # seconds between bytes
    total_timeout: float = 60.0  # seconds for one whole request
    max_bytes: int = 10_000_000  # response size cap (after decompression)
    max_redirects: int = 5
    retries: int = 2  # on 429 / 503, honouring Retry-After
    full_text_concurrency: int = 3  # page fetches for full_text at once
    refresh_on_startup: bool = True  # the reader refreshes all feeds in the background on start
    refresh_every: int = 0  # minutes: the open reader refreshes all feeds this often (0: never)
    confirm_mark_all: bool = True  # A (mark all in the view read) asks first, as newsboat does
    user_agent: str = "tidings/0.1 (terminal news reader)"
    keep_days: int = 0  # articles older than this are deleted, starred ones excepted (0: never)
    max_items: int = 0  # articles kept per feed, newest first, starred ones besides (0: all)
    # the article lists: "newest" / "oldest" first, or "title", "author", "feed" (A to Z),
    # each with "-desc" (Z to A): core.views.ARTICLE_ORDERS
    article_order: str = "newest"
    feed_order: str = "config"  # the feed pane: one of core.feed_order.FEED_ORDERS
    search_history: int = 100  # searches the prompt keeps across sessions (0: none, no file)
    browser: str | None = (
        None  # o opens links with this command, %u the link (None: $BROWSER / the desktop's)
    )
    theme: str | None = None  # the reader's colours: one of THEMES (None: textual-dark)
    show_read: bool = True  # False: the reader starts as after u (unread articles and feeds only)
    # False: feeds with nothing unread are hidden even while read articles show (newsboat's
    # show-read-feeds no beside show-read-articles yes); u shows them
    show_read_feeds: bool = True
    # At 160 columns and more: "panes" (feeds, list and article side by side) or "turns"
    # (the list and the article take turns, as on a narrow terminal)
    wide_layout: str = "panes"
    text_width: int = 0  # articles are wrapped at most this wide (0: the reading pane's width)
    save_dir: str | None = None  # where S saves articles (None: downloads dir, else home)
    # After a refresh of all feeds that brought new articles (core.notify; newsboat's
    # notify-*): a program run with the message, a bell, a terminal notice; also when
    # nothing is new with notify_always.
    notify_program: str | None = None  # a command; %m is the message, else it goes last
    notify_format: str = "tidings: %d new articles in %D feeds"  # %d %D %n %f, as newsboat's
    notify_beep: bool = False
    notify_terminal: bool = False  # the window title (newsboat's notify-xterm) and OSC 777
    notify_always: bool = False
    # Podcasts (core.downloads; newsboat's download-path, player, max-downloads and
    # podcast-auto-enqueue): where `e` and `tidings download` put enclosures (None: the
    # downloads dir's `tidings` folder), what plays them, how many download at once, and
    # whether `tidings download` takes every feed's (a feed's own `download:` wins).
    download_dir: str | None = None
    player: str | None = None
    max_downloads: int = 2
    download: bool = False
    # ctrl+b (core.bookmark; newsboat's bookmark-cmd, bookmark-interactive): a command
    # run with the URL, title, description and feed title; with the terminal, or not.
    bookmark_cmd: str | None = None
    bookmark_interactive: bool = False


@dataclass(frozen=True)
class Retention:
    """What one feed keeps: newsboat's keep-articles-days, max-items and ignore-article.
    0 is no limit. Starred articles are always kept."""

    keep_days: int = 0
    max_items: int = 0
    ignore: tuple[str, ...] = ()  # rules, as written (tidings.core.ignore)

    @classmethod
    def of(cls, spec: FeedSpec, settings: Settings) -> Retention:
        """A feed's own keep_days / max_items, else the settings'; its ignore rules."""
        return cls(
            keep_days=settings.keep_days if spec.keep_days is None else spec.keep_days,
            max_items=settings.max_items if spec.max_items is None else spec.max_items,
            ignore=spec.ignore,
        )

    @property
    def limits(self) -> bool:
        """Whether anything is deleted for age or number."""
        return self.keep_days > 0 or self.max_items > 0


@dataclass(frozen=True)
class SavedSearch:
    """A search kept in feeds.yaml's `searches:`, shown in the feed pane with its unread
    count (newsboat's query feeds)."""

    title: str
    query: str
    line: int | None = None


@dataclass(frozen=True)
class MacroStep:
    """One step of a macro: `action` (a reader action, by its id in the `keys:` map),
    `browser` (the browser setting for the rest of the macro) or `pipe` (pipe the
    article to this command, as `|` does, without the prompt)."""

    kind: str
    value: str


@dataclass(frozen=True)
class Macro:
    """A macro of feeds.yaml's `macros:` (newsboat's `macro`): pressed as `,` then its
    key, it runs its steps in order."""

    key: str  # as written in feeds.yaml ("v"); the reader checks it
    steps: tuple[MacroStep, ...]
    description: str = ""
    line: int | None = None


@dataclass(frozen=True)
class ColorSpec:
    """One part's colours of feeds.yaml's `colors:` (newsboat's `color` line): as
    written, lower case ("yellow", "color208", "#ff8800"); None is newsboat's default,
    the theme's colour there. Attributes: bold underline reverse standout blink dim
    invis (tidings.core.config_colors)."""

    fg: str | None = None
    bg: str | None = None
    attrs: tuple[str, ...] = ()


@dataclass(frozen=True)
class HighlightRule:
    """One rule of feeds.yaml's `highlight:` (newsboat's highlight, highlight-article and
    highlight-feed): `kind` "text" (a regular expression, coloured where it matches, in
    the parts named by `where`), "articles" (a search: the article rows it finds) or
    "feeds" (a feed condition: the feed rows it holds for), and the colours to draw it in
    (tidings.core.config_highlight)."""

    kind: str
    value: str
    color: ColorSpec
    where: tuple[str, ...] = ("all",)  # text: all, feedlist, articlelist, article
    line: int | None = None


@dataclass(frozen=True)
class SourceSpec:
    """feeds.yaml's `source:`: an account on a server that keeps the subscriptions
    (FreshRSS, Miniflux, The Old Reader: the Google Reader API; core.source_sync).
    The password is `password`, or the first line of what `password_command` (its
    words, run without a shell) prints."""

    type: str
    url: str
    user: str
    password: str | None = None
    password_command: tuple[str, ...] = ()
    line: int | None = None
    ignore: tuple[str, ...] = ()  # feeds.yaml's top-level ignore rules: its feeds' too


@dataclass
class Config:
    """A loaded feeds.yaml."""

    feeds: list[FeedSpec] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    searches: list[SavedSearch] = field(default_factory=list)
    ignore: tuple[str, ...] = ()  # the top-level `ignore:` rules (also in each FeedSpec)
    keys: dict[str, str] = field(default_factory=dict)  # action -> key, validated by the TUI
    key_lines: dict[str, int] = field(default_factory=dict)  # action -> its line, for errors
    macros: tuple[Macro, ...] = ()  # their action steps and keys checked by the TUI
    colors: dict[str, ColorSpec] = field(default_factory=dict)  # part -> colours, over theme:
    highlights: tuple[HighlightRule, ...] = ()  # feeds.yaml's highlight: rules, in order
    source: SourceSpec | None = None  # an account whose feeds come too (core.source_sync)
    path: str | None = None
