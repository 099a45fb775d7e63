"""T: show only the feeds with a tag, chosen from a list of the tags with their unread
counts (newsboat's set-tag); Ctrl+T shows all the feeds again (clear-tag). All, Unread
and Starred then hold the tag's articles, and say so ("All #tech"); Ctrl+N / Ctrl+P and
N / P step through the tag's feeds.

A mixin of TidingsApp (tidings.tui.app).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.tui.screens.tag_choice import TagChoiceScreen
from tidings.tui.text import clean

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class TagFilterActions(_Base):
    """set_tag / clear_tag (see tidings.tui.keymap)."""

    def feed_tags(self) -> list[tuple[str, int]]:
        """Every tag of the feeds, in the feed pane's order, with its unread count."""
        tags: dict[str, int] = {}
        for feed in self.feeds:
            for tag in feed.tags:
                tags[tag] = tags.get(tag, 0) + feed.unread
        return list(tags.items())

    def action_set_tag(self) -> None:
        tags = self.feed_tags()
        if not tags:
            self.set_status("No feed has a tag (tags: in feeds.yaml).")
            return

        def chosen(tag: str | None) -> None:
            if tag is not None:
                self.show_tag(tag)

        self.push_screen(TagChoiceScreen(tags, self.tree.tag), chosen)

    def action_clear_tag(self) -> None:
        if self.tree.tag is None:
            self.set_status("All feeds are shown already.")
            return
        self.show_tag(None)

    def show_tag(self, tag: str | None) -> None:
        """The feed pane with only `tag`'s feeds (None: all), the cursor kept on its place
        when that is still there, else on All."""
        self.tree.tag = tag
        self.tree.stale = True
        self.show_tree(self.search_query)
        current = self.tree.current
        place = self.tree.place_of(current.key if current is not None else "all")
        if place is not None:
            self.place = place
        self.load_view()
        if tag is None:
            self.set_status("All feeds shown.")
        else:
            self.set_status(f"Feeds tagged #{clean(tag)} (Ctrl+T shows all).")
