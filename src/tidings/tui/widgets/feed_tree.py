"""The feed pane: All, Unread, Starred, categories with their feeds, and tags, each
with its unread count. Counts update in place; the cursor stays where it is."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tidings.core.feed_order import sort_feeds
from tidings.core.models import FeedInfo, SavedSearch, View
from tidings.core.sanitize import hide_passwords
from tidings.tui.highlights import NONE, Highlights
from tidings.tui.text import clean, ellipsize, ellipsize_middle


@dataclass(frozen=True)
class Place:
    """What a node of the feed pane stands for: a view and its label."""

    key: str  # stable across reloads: "all", "feed:12", "cat:News", "tag:tech", "search",
    # "saved:NAME" (a saved search)
    view: View
    name: str
    address: bool = False  # the name is the feed's address (no title): cut in the middle


def _label(name: str, unread: int | None) -> Text:
    label = Text(name, no_wrap=True, overflow="ellipsis")
    if unread:
        label.append(f" ({unread:,})", style="bold")  # as the status line: "All (29,975)"
    return label


class FeedTree(Tree[Place]):
    """A tree of places; Enter (or a click) selects one."""

    DEFAULT_CSS = """
    FeedTree { background: $surface; overflow-x: hidden; }
    FeedTree > .feed-tree--unread { }
    """
    COMPONENT_CLASSES = Tree.COMPONENT_CLASSES | {"feed-tree--unread"}

    def __init__(self, **kwargs: object) -> None:
        super().__init__("Feeds", **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.guide_depth = 2
        self._place_nodes: dict[str, TreeNode[Place]] = {}
        self._shown: dict[str, tuple[str, int | None]] = {}  # label shown per key
        self.feeds: list[FeedInfo] = []
        self.searches: list[SavedSearch] = []  # feeds.yaml's searches:
        self.search_counts: dict[str, int] = {}  # their unread counts, by title
        self.starred_unread: int | None = None  # Starred's unread count, once counted
        self.order = "config"  # settings.feed_order
        self._ranks: dict[int, int] | None = None  # each feed's place, kept until resort()
        self.feed_ids: list[int] = []  # the feeds as shown, top to bottom (N / P cross them)
        self.tag: str | None = None  # T: only the feeds with this tag (All, Unread: theirs)
        self.stale = False  # set: the next show() builds the tree anew
        # Places with unread articles in feed-tree--unread (feeds.yaml's colors:
        # listnormal_unread, as newsboat's feed list; tui.colors)
        self.color_unread = False
        self.highlights: Highlights = NONE  # feeds.yaml's highlight: (tui.highlights)
        self._by_id: dict[int, FeedInfo] = {}

    def resort(self) -> None:
        """Sort the feeds anew at the next show() (after a refresh, on u): between, counts
        change in place and the feeds stay where they are, as the reader reads."""
        self._ranks = None

    def _arranged(self, feeds: list[FeedInfo]) -> list[FeedInfo]:
        if self.order == "config":
            return feeds
        if self._ranks is None or any(f.id not in self._ranks for f in feeds):
            self._ranks = {f.id: i for i, f in enumerate(sort_feeds(feeds, self.order))}
        ranks = self._ranks
        return sorted(feeds, key=lambda f: ranks[f.id])

    def place_of(self, key: str) -> Place | None:
        node = self._place_nodes.get(key)
        return node.data if node is not None else None

    def unread_of(self, key: str) -> int | None:
        """The unread count shown beside a place; None for places without one (a
        search, Starred until counted)."""
        shown = self._shown.get(key)
        return shown[1] if shown is not None else None

    @property
    def current(self) -> Place | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def select_key(self, key: str) -> None:
        """Move the cursor to a place (expanding its parent)."""
        node = self._place_nodes.get(key)
        if node is None:
            return
        if node.parent is not None:
            node.parent.expand()
        # Lay the lines out first: a node added since (the pane rebuilt) has no line
        # until then, and the cursor went to the first line (All) instead.
        _ = self.last_line
        self.move_cursor(node, animate=False)

    def _add(
        self, parent: TreeNode[Place], place: Place, unread: int | None, leaf: bool, mark: str = ""
    ) -> None:
        """A node for `place`, labelled with its name, `mark` (" !": failed) and count."""
        label = _label(place.name + mark, unread)
        node = self._place_nodes.get(place.key)
        if node is None:
            if leaf:
                node = parent.add_leaf(label, data=place)
            else:
                node = parent.add(label, data=place, expand=True)
            self._place_nodes[place.key] = node
        elif self._shown.get(place.key) != (place.name + mark, unread):
            node.set_label(label)
            node.data = place
        self._shown[place.key] = (place.name + mark, unread)

    def show(
        self, feeds: list[FeedInfo], search: str | None = None, *, hide_read: bool = False
    ) -> bool:
        """Build the tree, or update its counts in place when the feeds are the same.
        True when it was built anew. `hide_read`: only feeds with unread articles (and
        the place under the cursor), as newsboat's show-read-feeds = no."""
        feeds = self._arranged(feeds)
        if self.tag is not None:
            feeds = [f for f in feeds if self.tag in f.tags]
        if hide_read:
            feeds = self._unread_feeds(feeds)
        shape = [(f.id, f.category, f.tags) for f in feeds]
        old_shape = [(f.id, f.category, f.tags) for f in self.feeds]
        had_search = "search" in self._place_nodes
        had_saved = {k for k in self._place_nodes if k.startswith("saved:")}
        saved = {f"saved:{s.title}" for s in self.searches}
        rebuild = shape != old_shape or had_search != (search is not None) or had_saved != saved
        rebuild, self.stale = rebuild or self.stale, False
        # In place, only the feeds that changed are relabelled: opening an article
        # changes one feed's count, and cleaning 1,000 names took 5 ms of the keypress.
        changed = None
        if not rebuild:  # the same feeds in the same order
            changed = {f.id for f, o in zip(feeds, self.feeds, strict=True) if f != o}
        self.feeds = feeds
        self._by_id = {f.id: f for f in feeds}
        cursor_key = self.current.key if self.current is not None else "all"
        if rebuild:
            self.clear()
            self._place_nodes.clear()
            self._shown.clear()
        root = self.root
        total_unread = sum(f.unread for f in feeds)
        tag, mark = self.tag, self._tag_mark()
        self._add(root, Place("all", View(tag=tag), "All" + mark), total_unread, True)
        unread = Place("unread", View(tag=tag, unread_only=True), "Unread" + mark)
        self._add(root, unread, total_unread, True)
        self._add_starred()
        if search is not None:
            # Over all feeds, as newsboat's search from the feed list, under a tag too
            # (F limits the list shown, All #tag, to words): the name says so then.
            name = f"Search: {clean(search)}" + (" (all feeds)" if tag is not None else "")
            self._add(root, Place("search", View(search=search), name), None, True)
        categories: dict[str, list[FeedInfo]] = {}
        loose: list[FeedInfo] = []
        for feed in feeds:
            if feed.category:
                categories.setdefault(feed.category, []).append(feed)
            else:
                loose.append(feed)
        for category, members in categories.items():
            unread = sum(f.unread for f in members)
            place = Place(f"cat:{category}", View(category=category), clean(category))
            self._add(root, place, unread, False)
            parent = self._place_nodes[place.key]
            for feed in members:
                if changed is None or feed.id in changed:
                    self._add_feed(parent, feed)
        for feed in loose:
            if changed is None or feed.id in changed:
                self._add_feed(root, feed)
        self.feed_ids = [f.id for members in categories.values() for f in members]
        self.feed_ids += [f.id for f in loose]
        self._add_searches()
        tags: dict[str, int] = {}
        for feed in feeds:
            for tag in feed.tags:
                tags[tag] = tags.get(tag, 0) + feed.unread
        if tags:
            self._add(root, Place("tags", View(), "Tags"), None, False)
            parent = self._place_nodes["tags"]
            for tag, unread in tags.items():
                self._add(
                    parent, Place(f"tag:{tag}", View(tag=tag), f"#{clean(tag)}"), unread, True
                )
        if rebuild:
            self.select_key(cursor_key if cursor_key in self._place_nodes else "all")
        return rebuild

    def _unread_feeds(self, feeds: list[FeedInfo]) -> list[FeedInfo]:
        here = self.current.key if self.current is not None else ""
        return [
            f
            for f in feeds
            if f.unread
            or here == self.key_for_feed(f.id)
            or (f.category and here == f"cat:{f.category}")
            or any(here == f"tag:{t}" for t in f.tags)
        ]

    def _tag_mark(self) -> str:
        return f" #{clean(self.tag)}" if self.tag is not None else ""

    def _add_starred(self) -> None:
        """Starred, with its unread count (counted over all feeds: none while a tag is
        in force, T)."""
        place = Place(
            "starred", View(tag=self.tag, starred_only=True), "Starred" + self._tag_mark()
        )
        count = self.starred_unread if self.tag is None else None
        self._add(self.root, place, count, True)

    def _add_searches(self) -> None:
        """The saved searches, with their unread counts once they are known."""
        if not self.searches:
            return
        self._add(self.root, Place("searches", View(), "Searches"), None, False)
        parent = self._place_nodes["searches"]
        for saved in self.searches:
            place = Place(f"saved:{saved.title}", View(search=saved.query), clean(saved.title))
            self._add(parent, place, self.search_counts.get(saved.title), True)

    def show_search_counts(self, counts: dict[str, int], starred: int) -> None:
        """New unread counts for the saved searches and Starred, relabelled in place."""
        self.search_counts, self.starred_unread = counts, starred
        if "starred" in self._place_nodes:
            self._add_starred()
        if "searches" in self._place_nodes:
            self._add_searches()

    def _add_feed(self, parent: TreeNode[Place], feed: FeedInfo) -> None:
        untitled = not feed.title or feed.title == feed.url  # the store gives it the address
        name = hide_passwords(clean(feed.title) or clean(feed.url))
        place = Place(f"feed:{feed.id}", View(feed_id=feed.id), name, address=untitled)
        self._add(parent, place, feed.unread, True, " !" if feed.last_error else "")

    # The cursor keys move the cursor and scroll it into view at once, never animated:
    # Tree's own home / end / page keys animate the scroll, and g / G (setting the cursor
    # line) did not scroll at all, leaving the cursor off-screen.
    def _go(self, line: int) -> None:
        self.cursor_line = line  # Tree keeps it within the lines
        self.scroll_to_line(self.cursor_line, animate=False)

    def action_scroll_home(self) -> None:
        self._go(0)

    def action_scroll_end(self) -> None:
        self._go(self.last_line)

    def action_page_down(self) -> None:
        self._go(max(0, self.cursor_line) + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._go(self.cursor_line - max(1, self.scrollable_content_region.height - 1))

    def render_label(self, node: TreeNode[Place], base_style: Style, style: Style) -> Text:
        """The label, its name cut with "…" where the line is too narrow for it, so that
        the unread count and the failed mark stay in sight, one column short of the pane's edge (a count
        against the border read as part of it). With colors: listnormal_unread, a place
        with unread articles is drawn in it, but under the cursor."""
        place = node.data
        if self.color_unread and node.line != self.cursor_line and place is not None:
            if self.unread_of(place.key):
                style = self.get_component_rich_style("feed-tree--unread", partial=True) + style
        if self.highlights.feeds and node.line != self.cursor_line and place is not None:
            feed = self._by_id.get(place.view.feed_id or 0) if place.key[:5] == "feed:" else None
            marked = self.highlights.feed_style(feed) if feed is not None else None
            style = style + marked if marked is not None else style  # a highlight: rule's row
        text = super().render_label(node, base_style, style)
        if place is not None:  # its name's matches of highlight: text rules
            start = len(text.plain) - len(node.label.plain)
            self.highlights.mark(text, "feedlist", start, start + len(place.name))
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth - 1
        if room <= 0 or text.cell_len <= room:
            return text
        shorten = ellipsize
        if node.data is not None and node.data.address:
            # untitled feeds told apart by what differs: the host and the path's end
            shorten = ellipsize_middle
            scheme = text.plain.find("://")
            text = text[scheme + 3 :] if 0 < scheme < 10 else text
        plain = text.plain
        cut = len(plain)  # where the tail kept in sight starts: " !" (failed), " (12)"
        if plain.endswith(")") and plain.rfind(" (") > 0:
            cut = plain.rfind(" (")
        if plain[:cut].endswith(" !") and cut > 2:
            cut -= 2
        if cut == len(plain):
            return shorten(text, room)
        head = shorten(text[:cut], max(1, room - text[cut:].cell_len))
        head.append_text(text[cut:])
        return head

    def get_label_width(self, node: TreeNode[Place]) -> int:
        """The width render_label gives, without rendering the label: the tree measures
        every line each time it is resized (shown or hidden), 1,000 feeds took ~10 ms."""
        prefix = 0
        if node.allow_expand:
            prefix = cell_len(self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE)
        return prefix + node.label.cell_len

    def _refresh_node(self, node: TreeNode[Place]) -> None:
        """Repaint just the node's own line (Tree repaints its children too, and a count
        changing on a category of 500 feeds must not redraw the whole pane)."""
        line = node.line
        if line >= 0:
            self._refresh_line(line)

    def feeds_beyond(self, key: str, step: int) -> list[int]:
        """The feeds of the rows below the place `key` (step 1), nearest first, or of the
        rows above it (step -1), in the pane's order: from All, the first feed row; from a
        category, its feeds' rows; from Tags, the feeds above it."""
        keys: list[str] = []
        stack = list(reversed(self.root.children))
        while stack:
            node = stack.pop()
            if node.data is not None:
                keys.append(node.data.key)
            stack.extend(reversed(node.children))
        if key not in keys:
            return list(self.feed_ids) if step > 0 else self.feed_ids[::-1]
        at = keys.index(key)
        beyond = keys[at + 1 :] if step > 0 else keys[:at][::-1]
        return [int(k[5:]) for k in beyond if k.startswith("feed:")]

    def key_for_feed(self, feed_id: int) -> str:
        return f"feed:{feed_id}"
