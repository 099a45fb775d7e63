"""The reader: feed pane | article list | reading pane, keyboard first.

A thin layer: every store query runs on a StorePool lane thread (awaited from Textual
workers), refreshes run core.refresh in a thread worker, and worker errors are shown in
one place (the status line) by on_worker_state_changed.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Tree
from textual.worker import Worker, WorkerState

from tidings.core.history import History
from tidings.core.models import Article, ArticleSummary, Config, FeedInfo, View
from tidings.core.store import Store
from tidings.tui import hangup, memory
from tidings.tui.article_actions import ArticleActions
from tidings.tui.bookmarking import BookmarkActions
from tidings.tui.colors import row_kinds, set_colors, theme_for
from tidings.tui.config_watch import ConfigWatchActions
from tidings.tui.deleting import DeleteActions
from tidings.tui.downloading import DownloadActions
from tidings.tui.downloads_view import DownloadsViewActions
from tidings.tui.feed_stepping import FeedSteppingActions
from tidings.tui.highlights import Highlights
from tidings.tui.keymap import ACTIONS, bindings, effective_keys, key_display, parse_keymap
from tidings.tui.macros import MacroActions
from tidings.tui.mark_above import MarkAboveActions
from tidings.tui.notifying import NotifyActions
from tidings.tui.open_unread import OpenUnreadActions
from tidings.tui.pane_actions import PaneActions
from tidings.tui.panels import PanelActions
from tidings.tui.piping import PipeActions
from tidings.tui.random_unread import RandomUnreadActions
from tidings.tui.reading import ReadingActions
from tidings.tui.refreshing import RefreshActions
from tidings.tui.row_waiting import RowWaitActions
from tidings.tui.saved_searches import SavedSearchActions
from tidings.tui.saving import SaveActions
from tidings.tui.search_history import SearchHistoryActions
from tidings.tui.site_pages import SitePageActions
from tidings.tui.sorting import SortActions
from tidings.tui.source_push import SourcePushActions
from tidings.tui.source_view import SourceViewActions
from tidings.tui.status import StatusActions
from tidings.tui.store_pool import StorePool
from tidings.tui.subscribing import SubscribeActions
from tidings.tui.tag_filter import TagFilterActions
from tidings.tui.text import clean, format_date
from tidings.tui.type_ahead import TypeAheadActions
from tidings.tui.unsubscribing import UnsubscribeActions
from tidings.tui.widgets.article_list import ArticleList
from tidings.tui.widgets.feed_tree import FeedTree, Place
from tidings.tui.widgets.key_bar import KeyBar
from tidings.tui.widgets.reader import ReaderPane
from tidings.tui.widgets.related_panel import RelatedList
from tidings.tui.widgets.status_line import StatusLine
from tidings.tui.wire.driver import wire_driver_class

WIDE = 160  # at this width and more, the three panes stand side by side
XWIDE = 200  # and at this width the related panel stands beside the article
PAGE = 200  # rows per page loaded from the store
STORE_CHECK = 2.0  # s between looks for changes other programs made to the store
_BAR_KEYS = {"enter": "⏎", "escape": "esc"}  # short forms for the key bar


class MainScreen(Screen[None]):
    """The one main screen; it tells the app when the terminal is resized."""

    # Screen repaints itself whole when focus moves; the widgets that gain and lose focus
    # repaint themselves anyway, so a pane switch need not resend the whole screen.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def compose(self) -> ComposeResult:
        app = self.app
        assert isinstance(app, TidingsApp)
        yield from app.compose_main()

    def on_mount(self) -> None:
        app = self.app
        if isinstance(app, TidingsApp):
            app.start()

    def on_resize(self) -> None:
        app = self.app
        if isinstance(app, TidingsApp):
            app.layout_changed()


class TidingsApp(
    ConfigWatchActions,  # first: it wraps r / R, Esc and set_status
    SavedSearchActions,
    SearchHistoryActions,
    SitePageActions,
    PanelActions,
    ReadingActions,
    FeedSteppingActions,
    TagFilterActions,
    SortActions,
    SourceViewActions,
    OpenUnreadActions,
    PaneActions,
    ArticleActions,
    DeleteActions,
    BookmarkActions,
    RandomUnreadActions,
    MarkAboveActions,
    SourcePushActions,
    SaveActions,
    PipeActions,
    DownloadActions,
    DownloadsViewActions,
    MacroActions,
    TypeAheadActions,
    RefreshActions,
    NotifyActions,
    SubscribeActions,
    UnsubscribeActions,
    StatusActions,
    RowWaitActions,
    App[None],
):
    """The tidings reader."""

    CSS_PATH = "tidings.tcss"
    TITLE = "tidings"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = bindings()

    def __init__(
        self,
        config: Config,
        db_path: Path,
        *,
        keymap: dict[str, str] | None = None,
        refresh_on_start: bool = False,
        page_size: int = PAGE,
    ) -> None:
        super().__init__(driver_class=wire_driver_class())  # only changed cells go out
        self.page_size = page_size
        self.config = config
        self.db_path = Path(db_path)
        self.user_keymap = keymap or {}
        self.refresh_on_start = refresh_on_start
        self.pool = StorePool(self.db_path)
        self.place = Place("all", View(), "All")
        self.unread_only = not config.settings.show_read  # u turns it round
        self.hide_read_feeds = self.unread_only or not config.settings.show_read_feeds
        if config.settings.theme:  # before any widget takes its colours
            self.theme = theme_for(self, config.settings.theme)
        set_colors(self, config.colors)  # feeds.yaml's colors:, over the theme
        self.highlights = Highlights(config.highlights, self.theme.startswith("ansi-"))
        self.limit: tuple[str, str] | None = None  # F: (place key, the search it is limited to)
        self.found: str | None = None  # the search whose words the open article shows marked
        self.set_article_order(config.settings.article_order)  # ^G sorts, O turns it round
        self.search_query: str | None = None
        self.pipe_commands: list[str] = []  # |: this session's commands, for Up
        self.init_search_history()  # Up in the search prompt; kept across sessions
        self.reading = False  # narrow layout: the reader is shown in place of the list
        self.feeds_hidden = False
        self.article: Article | None = None
        self.history: History[int | str] = History()  # article ids; URLs of site pages
        self.site_pages: OrderedDict[str, Article] = OrderedDict()  # kept for Back
        self._last_reader_width: int | None = None
        self.panels_hidden = False
        self.feeds: list[FeedInfo] = []
        self.status_message = ""
        self._why_failed = ""  # the status line's message about the failed feed under the cursor
        self.feed_text_of: int | None = None  # f: the article shown with its feed's own text
        self.stop_refresh = threading.Event()
        self.closing = threading.Event()  # set as the reader quits: network work gives up
        self.refreshing = False
        self._last_reload = 0.0
        self._memory_settled = False  # memory.settle ran (after the first screen)
        self._last_input = 0.0  # time.monotonic() of the last key, click or mouse move
        self._store_version: int | None = None  # the store's data_version the reader shows
        self.refresh_timer: Timer | None = None  # settings.refresh_every
        self._recount_timer: Timer | None = None  # saved searches' counts, after reading
        # No animations anywhere: scrolls jump as newsboat's, and nothing spends frames
        # (bytes over SSH) on motion; local terminals alike, not only under SSH_CONNECTION.
        self.animation_level = "none"

    # -- layout -------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        return MainScreen(id="_default")

    def compose_main(self) -> ComposeResult:
        with Horizontal(id="main"):
            tree = FeedTree(id="feeds")
            tree.color_unread = "listnormal_unread" in self.config.colors
            tree.highlights = self.highlights
            yield tree
            articles = ArticleList(self._load_rows, page_size=self.page_size, id="articles")
            articles.row_kinds = row_kinds(self.config.colors)
            articles.highlights = self.highlights
            yield articles
            with Vertical(id="reader-column"):
                reader = ReaderPane(id="reader")
                reader.max_width = self.config.settings.text_width
                reader.highlights = self.highlights
                yield reader
                yield RelatedList(id="related")
        yield StatusLine(self._status_text, id="status")
        yield KeyBar(self._key_bar_items(), id="keys")

    def _key_bar_items(self) -> list[tuple[str, str, str]]:
        """The footer's keys (as rebound by the user's keymap) and their actions."""
        keys = {a: k.split(",")[0] for a, k in effective_keys(self.user_keymap).items()}
        return [
            (_BAR_KEYS.get(keys[a.id], key_display(keys[a.id])), a.footer, a.action)
            for a in ACTIONS
            if a.footer and keys[a.id]
        ]

    @property
    def main_screen(self) -> Screen[None]:
        return self.screen_stack[0]

    @property
    def tree(self) -> FeedTree:
        return self.main_screen.query_one("#feeds", FeedTree)

    @property
    def articles(self) -> ArticleList:
        return self.main_screen.query_one("#articles", ArticleList)

    @property
    def reader(self) -> ReaderPane:
        return self.main_screen.query_one("#reader", ReaderPane)

    @property
    def related_list(self) -> RelatedList:
        return self.main_screen.query_one("#related", RelatedList)

    @property
    def wide(self) -> bool:
        """Three panes side by side: at WIDE columns and more, unless wide_layout: turns."""
        return self.size.width >= WIDE and self.config.settings.wide_layout == "panes"

    def _apply_layout(self) -> None:
        """Set the layout classes (one restyle, and only when they change). Those of the
        panel alone are on the panel: on the screen, the first article opened restyled
        and repainted every pane (10 ms at 200x50)."""
        related = self.related_list
        related.set_class(self.article is None, "-empty")
        related.set_class(self.panels_hidden, "-nopanels")
        screen = self.main_screen
        wanted = {
            "-wide": self.wide,
            "-xwide": self.size.width >= XWIDE,
            "-reading": self.reading and not self.wide,
            "-nofeeds": self.feeds_hidden,
        }
        classes = {c for c in screen.classes if c not in wanted} | {
            c for c, on in wanted.items() if on
        }
        if classes != set(screen.classes):
            screen.set_classes(classes)
            self._show_status()  # the reader's position shows only while it does

    def layout_changed(self) -> None:
        """The terminal was resized: the panes follow."""
        if not self.wide and self.article is not None:
            # Narrowing with the reader focused: the reader keeps the screen.
            self.reading = self._focused_pane() in (self.reader, self.related_list)
        self._apply_layout()
        self._show_status()  # its counts stand at the right edge, wherever that now is

    def start(self) -> None:
        """The main screen is up: load the feeds and the first screen of articles."""
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        self.tree.searches = list(self.config.searches)
        self.tree.order = self.config.settings.feed_order
        self._apply_layout()
        self.articles.focus()
        # Scrolling the reader: its position, in the status line, in the same frame.
        self.watch(self.reader, "scroll_y", self._show_status, init=False)
        self.load_feeds(first=True)
        self.load_search_history()
        memory.defer()  # full collections wait until no key comes (memory.py)
        self.set_interval(memory.IDLE, self._collect_when_idle)
        self.set_interval(STORE_CHECK, self.check_store)
        self.follow_config()  # feeds.yaml read again when it changes
        self.follow_source()  # read / starred changes sent to the account (source:)
        fd = hangup.input_fd()
        if hangup.watchable(fd):
            self.set_interval(hangup.CHECK_EVERY, lambda: self._quit_if_hung_up(fd))
        if minutes := self.config.settings.refresh_every:
            self.refresh_timer = self.set_interval(minutes * 60, self.refresh_on_schedule)

    def _quit_if_hung_up(self, fd: int | None) -> None:
        if hangup.gone(fd):
            self.exit()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _collect_when_idle(self) -> None:
        if time.monotonic() - self._last_input >= memory.IDLE:
            memory.collect_if_due()

    def on_unmount(self) -> None:
        self.stop_refresh.set()
        self.closing.set()
        self.stop_adding()
        self.stop_downloads()
        self.pool.close()
        memory.release()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """All worker errors end up here, shown in the status line (not while quitting:
        the store's pool closes under the workers still running, and the screen is gone)."""
        if event.state == WorkerState.ERROR and not self.closing.is_set() and self.screen_stack:
            error = event.worker.error
            self.set_status(f"Error ({event.worker.description}): {error}")

    # -- data loading -------------------------------------------------------------------
    async def _load_rows(self, view: View, offset: int, limit: int) -> list[ArticleSummary]:
        marks = self.highlights.articles.marks_sql()  # highlight: rules' marks, with the page
        return await self.pool.call(lambda s: s.list_articles(view, offset, limit, marks))

    def set_highlights(self, highlights: Highlights) -> None:
        """Draw with feeds.yaml's new highlight: rules: the rows in sight are loaded again
        when what the page query marks changed, the feed pane and the article redrawn."""
        old, self.highlights = self.highlights, highlights
        self.articles.highlights = self.tree.highlights = highlights
        if old.articles.queries != highlights.articles.queries:
            self.articles.reload_rows()
        else:
            self.articles.refresh()
        self.tree.notify_style_update()  # its lines are cached
        self.reader.set_highlights(highlights)

    def current_view(self) -> View:
        view = self.place.view
        if self.limit is not None:
            if self.limit[0] != self.place.key:
                self.limit = None  # another place: F's limit was that one's
                if " limited to: " in self.status_message:
                    self.set_status("")  # no longer so
            else:
                words = self.limit[1]
                view = replace(view, search=f"{view.search} {words}" if view.search else words)
        return self.as_shown(view)

    def as_shown(self, view: View) -> View:
        """A place's view as the list shows it: unread only (u) and in the order set."""
        if self.unread_only and not view.unread_only:
            view = replace(view, unread_only=True)
        if (self.oldest_first, self.article_sort) != (view.oldest_first, view.sort):
            view = replace(view, oldest_first=self.oldest_first, sort=self.article_sort)
        return view

    @work(exclusive=True, group="feeds", exit_on_error=False, description="loading feeds")
    async def load_feeds(self, first: bool = False) -> None:
        self.feeds, self._store_version = await self.pool.call(
            lambda s: (s.feeds(), s.data_version())
        )
        self.show_tree(self.search_query)
        self.count_searches()
        if first:
            self.tree.select_key("all")
            self.load_view()
            # Only now: the store is open (and created), so the refresh thread never
            # opens a database file that is still being set up.
            if self.refresh_on_start and (self.config.feeds or self.config.source):
                self.start_refresh(list(self.config.feeds), "all feeds")
        self._show_status()

    @work(exclusive=True, group="view", exit_on_error=False, description="loading articles")
    async def load_view(self, keep_id: int | None = None) -> None:
        """Show the current view in the list; keep the cursor on `keep_id` if given."""
        view = self.current_view()
        size = self.page_size
        fallback = self.articles.cursor  # read here: widgets are not touched from threads
        marks = self.highlights.articles.marks_sql()

        def query(store: Store) -> tuple[int, int, list[ArticleSummary]]:
            count = store.count_articles(view)
            cursor = 0
            if keep_id is not None:
                found = store.position_of(view, keep_id)
                cursor = found if found is not None else fallback
            cursor = min(cursor, max(0, count - 1))
            page = cursor // size
            return count, cursor, store.list_articles(view, page * size, size, marks)

        count, cursor, rows = await self.pool.call(query)
        self.articles.set_view(view, count, rows, cursor, cursor // size)
        self._show_status()
        if not self._memory_settled:  # the first screen: once it is drawn
            self._memory_settled = True
            self.call_after_refresh(memory.settle)
            # and the panels of the row under the cursor prepared, as when it moves
            # there: the first Enter then paints article and panels at once.
            self.call_after_refresh(self._prefetch_row)

    def show_tree(self, search: str | None) -> None:
        """The feed pane over self.feeds. A rebuild drops the old nodes, which were kept
        out of collections (see memory.py): collect them once the screen is drawn."""
        if (
            self.tree.show(self.feeds, search, hide_read=self.hide_read_feeds)
            and self._memory_settled
        ):
            self.call_after_refresh(memory.settle)

    def _count_read(self, feed_id: int, delta: int) -> None:
        """Change a feed's unread count locally (the store has it already)."""
        self.feeds = [
            replace(f, unread=max(0, f.unread + delta)) if f.id == feed_id else f
            for f in self.feeds
        ]
        self.show_tree(self.search_query)
        self._show_status()
        self.recount_searches_soon()

    @work(exclusive=True, group="check", exit_on_error=False, description="checking the store")
    async def check_store(self) -> None:
        """Another program changed the store (`tidings fetch` from cron, `tidings mark`
        from a script): show its changes in place, as after a refresh."""
        if self.refreshing or self._store_version is None:
            return  # a refresh reloads as it goes; the feeds are not loaded yet
        version = await self.pool.call(lambda s: s.data_version())
        if version != self._store_version:
            self._store_version = version
            self.reload()

    def reload(self) -> None:
        """Reload feeds and the list in place, keeping the cursor on its article."""
        self.forget_related()
        self.load_feeds()
        self.load_view_keeping_row()
        self.renew_neighbours(same_list=True)  # a new article may stand next to the open one

    # -- feed pane ------------------------------------------------------------------------
    @on(Tree.NodeHighlighted, "#feeds")
    def _feed_highlighted(self, event: Tree.NodeHighlighted[Place]) -> None:
        place = event.node.data
        if place is not None and place.key != self.place.key:
            self.place = place
            self.load_view()
            self._say_why_failed(place)

    def _say_why_failed(self, place: Place) -> None:
        """A feed marked ! in the pane: the status line says what went wrong."""
        feed_id = place.view.feed_id if place.key.startswith("feed:") else None
        feed = next((f for f in self.feeds if f.id == feed_id), None)
        if feed is not None and feed.last_error:
            name = clean(feed.title) or clean(feed.url)
            when = f" at {format_date(feed.last_fetched)}" if feed.last_fetched else ""
            self.set_status(f"{name} failed{when}: {clean(feed.last_error)}")
            self._why_failed = self.status_message
        elif self._why_failed and self.status_message == self._why_failed:
            # Gone with the cursor: beside another feed's counts it read as that feed's.
            self.set_status("")

    @on(Tree.NodeSelected, "#feeds")
    def _feed_selected(self, event: Tree.NodeSelected[Place]) -> None:
        place = event.node.data
        if place is not None and place.key != self.place.key:
            self.place = place
            self.load_view()
        self.reading = False
        self._apply_layout()
        self.articles.focus()

    # -- opening articles -----------------------------------------------------------------
    @on(ArticleList.Opened)
    def _row_opened(self, event: ArticleList.Opened) -> None:
        self.open_row(event.index, event.summary)

    def open_row(self, index: int, summary: ArticleSummary) -> None:
        """The list's row `index` opened (Enter, a click)."""
        self._step_pending = index  # n typed right after Enter steps from it
        self.open_article(summary.id, index, focus=True)

    @on(ReaderPane.NavChosen)
    async def _nav_chosen(self, event: ReaderPane.NavChosen) -> None:
        await self.action_step(event.direction)

    async def action_quit(self) -> None:
        self.stop_refresh.set()
        self.closing.set()
        self.stop_adding()
        self.exit()


def make_app(config: Config, db_path: Path, *, refresh_on_start: bool | None = None) -> TidingsApp:
    """The reader for `config` over the database at `db_path`. Raises KeymapError for a
    bad `keys:` map. refresh_on_start=None follows config.settings.refresh_on_startup."""
    keymap = parse_keymap(config.keys, config.path or "feeds.yaml", config.key_lines)
    if refresh_on_start is None:
        refresh_on_start = config.settings.refresh_on_startup
    return TidingsApp(config, Path(db_path), keymap=keymap, refresh_on_start=refresh_on_start)
