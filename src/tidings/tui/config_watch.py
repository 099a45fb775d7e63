"""The reader follows feeds.yaml as it changes, and `E` edits it (newsboat's edit-urls).

Every couple of seconds, and right before a refresh starts (r, R, refresh_every), the
file's stamp (core.config_reload: mtime, size, inode) is looked at; when it changed the
file is read again with the CLI's loader (on a thread, from the timer) and what changed
is applied: the store's feeds follow (added, hidden as D hides them, renamed, moved),
the feed pane is rebuilt with its cursor on the same place, saved searches, ignore
rules, settings (theme, text_width, article_order, feed_order, show_read,
refresh_every…), the colors: map, the highlight: rules and the keys take effect at
once, and the status line says what changed in one line. Feeds added that were never fetched are fetched at once
(only they): newsboat leaves them empty until a reload, but the first thing done after
adding a feed is looking at it, `a` and `tidings add` show a new feed with its articles
too, and a mistyped URL shows its error while the file is still in mind.

A file that does not load keeps the config running as it was; the status line shows the
first mistake with its line (as the CLI prints it) until the file is fixed or Esc
dismisses it: clearing the status line (opening an article does) brings it back.

`E` hands the terminal to $VISUAL / $EDITOR / vi (App.suspend, as a text browser gets
it) and reads the file again when the editor exits.

A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays small; it
stands first among the app's bases, as it wraps r / R, Esc and set_status.
"""

from __future__ import annotations

import asyncio
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import SuspendNotSupported
from textual.worker import WorkerCancelled

from tidings.core.config_reload import (
    ConfigChange,
    Reading,
    Stamp,
    diff_configs,
    editor_command,
    problem_line,
    read_config,
    stamp_of,
)
from tidings.core.models import Config
from tidings.core.sanitize import hide_passwords
from tidings.tui.colors import row_kinds, set_colors, theme_for
from tidings.tui.highlights import Highlights
from tidings.tui.keymap import KeymapError, keymap_problems, parse_keymap
from tidings.tui.text import clean
from tidings.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object

CONFIG_CHECK = 2.0  # s between looks at feeds.yaml's stamp


@dataclass(frozen=True)
class Apply:
    """How a new feeds.yaml is applied. announce: the status line says what changed;
    show: the store's feeds and the panes follow (else the caller sees to them); fetch:
    the feeds added are fetched; edited: read after E."""

    announce: bool = True
    show: bool = True
    fetch: bool = True
    edited: bool = False


BEFORE_REFRESH = Apply(fetch=False)  # the refresh about to start fetches them
QUIET = Apply(announce=False, show=False, fetch=False)  # a / D: read after their write


class ConfigWatchActions(_Base):
    """E, and feeds.yaml read again when it changes."""

    config_problem = ""  # the status line's text while feeds.yaml does not load
    _config_stamp: Stamp | None = None  # the version of the file last read
    _config_reading = False  # a read on a thread under way

    def follow_config(self) -> None:
        """From start(): look at the file every CONFIG_CHECK seconds."""
        if self.config.path:
            self._config_stamp = stamp_of(self.config.path)
            self.set_interval(CONFIG_CHECK, self.check_config)

    # -- noticing ---------------------------------------------------------------------------
    def check_config(self) -> None:
        """The timer's look: a changed file is read on a thread, applied back here. Not
        while `a` or `D` edit the file: they read it again themselves once done."""
        path = self.config.path
        busy = self._adding is not None or self._removing is not None
        if not path or busy or self._config_reading:
            return
        if stamp_of(path) != self._config_stamp:
            self._read_changed_config(path)

    @work(group="config", exit_on_error=False, description="reading feeds.yaml")
    async def _read_changed_config(self, path: str) -> None:
        self._config_reading = True
        try:
            reading = await asyncio.to_thread(read_config, path, check_keys=keymap_problems)
        finally:
            self._config_reading = False
        if reading.stamp == stamp_of(path):  # else written again meanwhile: the next look
            self._config_read(reading)

    def reread_config(self, *, force: bool = False, how: Apply = Apply()) -> ConfigChange | None:
        """Read feeds.yaml now, here, if it changed (or `force`), and apply it. Returns
        what changed, None when the file did not change or does not load."""
        path = self.config.path
        if not path or (not force and stamp_of(path) == self._config_stamp):
            return None
        return self._config_read(read_config(path, check_keys=keymap_problems), force, how)

    def _config_read(
        self, reading: Reading, force: bool = False, how: Apply = Apply()
    ) -> ConfigChange | None:
        path = self.config.path or ""
        if reading.stamp == self._config_stamp and not force:
            return None  # read already (a refresh read it meanwhile)
        self._config_stamp = reading.stamp
        if reading.config is None:
            hint = "E to edit again" if how.edited else "E to edit"
            self.config_problem = f"{problem_line(reading, path)} (old config kept; {hint})"
            self.set_status(self.config_problem)
            return None
        mended = bool(self.config_problem)
        self.config_problem = ""
        change = diff_configs(self.config, reading.config)
        self._take_config(reading.config, change)
        if how.announce:
            name = Path(path).name
            said = change.summary(name)
            if mended:  # not "no changes" alone, as if the mistake were still there
                said = f"{name} loads again{said[len(name) :]}"
            self.set_status(said)
        if how.show and not change.empty:
            self._show_config_change(change, how.fetch)
        return change

    # -- applying -----------------------------------------------------------------------------
    def _take_config(self, new: Config, change: ConfigChange) -> None:
        """The new config in place of the old, and what it sets that shows at once."""
        self.config = new
        settings = new.settings
        changed = set(change.settings)
        if "theme" in changed:
            self.theme = theme_for(self, settings.theme)
        if change.colors or "theme" in changed:  # the names are the terminal's in ansi-*
            set_colors(self, new.colors)
        if change.colors:
            self.articles.row_kinds = row_kinds(new.colors)
            self.tree.color_unread = "listnormal_unread" in new.colors
            if "theme" not in changed:  # else the theme's restyle does it
                self.refresh_css(animate=False)
        if change.highlights or "theme" in changed:  # as colors: the names are the theme's
            self.set_highlights(Highlights(new.highlights, self.theme.startswith("ansi-")))
        if "show_read" in changed or "show_read_feeds" in changed:
            self.unread_only = not settings.show_read
            self.hide_read_feeds = self.unread_only or not settings.show_read_feeds
        if "article_order" in changed:
            self.set_article_order(settings.article_order)
        if "feed_order" in changed:
            self.tree.order = settings.feed_order
            self.tree.resort()
            self.tree.stale = True
        if "wide_layout" in changed:
            self._apply_layout()
        if "text_width" in changed:
            self.reader.max_width = settings.text_width
            width = self.reader.text_width
            if self.article is not None and width > 0:
                self.relayout_article(width)
        if "refresh_every" in changed:
            if self.refresh_timer is not None:
                self.refresh_timer.stop()
                self.refresh_timer = None
            if minutes := settings.refresh_every:
                self.refresh_timer = self.set_interval(minutes * 60, self.refresh_on_schedule)
        if change.keys:
            try:  # read_config checked them already, with the file's other mistakes
                keymap = parse_keymap(new.keys, new.path or "feeds.yaml", new.key_lines)
            except KeymapError:  # pragma: no cover - the file would not have loaded
                keymap = self.user_keymap
            self.user_keymap = keymap
            self.set_keymap(keymap)
            self.keys_changed()
        if change.searches:
            self.tree.searches = list(new.searches)
            self.tree.stale = True  # a search whose query alone changed: its node too

    def keys_changed(self) -> None:
        """The key bar shows the keys as now bound."""
        self.main_screen.query_one("#keys", KeyBar).set_items(self._key_bar_items())

    @work(group="config_show", exit_on_error=False, description="showing feeds.yaml's changes")
    async def _show_config_change(self, change: ConfigChange, fetch: bool) -> None:
        """The store's feeds follow the config; the panes are loaded again, the cursor
        kept on its place (a feed removed: the one that came next); new feeds fetched."""
        specs = list(self.config.feeds)
        if change.feeds:
            await self.pool.call(lambda s: s.sync_feeds(specs))
        if change.source and self.config.source is None:  # gone: so are its feeds
            await self.pool.call(lambda s: s.hide_source_feeds())
        removed = {spec.url for spec in change.removed}
        here = next((f for f in self.feeds if self.place.key == f"feed:{f.id}"), None)
        around = self.places_around_cursor() if here is not None and here.url in removed else []
        current = self.articles.current
        self.forget_related()
        try:
            await self.load_feeds().wait()
        except WorkerCancelled:  # a newer load (a refresh's) shows the same
            pass
        if around:
            self.tree.select_key(next((k for k in around if self.tree.place_of(k)), "all"))
        fresh = self.tree.place_of(self.place.key)
        if fresh is not None and fresh != self.place:
            self.place = fresh  # a new name, or a saved search's new query
        self.load_view(current.id if current is not None else None)
        if fetch:
            self._fetch_added(change)

    def _fetch_added(self, change: ConfigChange) -> None:
        fetched = {f.url for f in self.feeds if f.last_fetched is not None}
        new = [spec for spec in change.added if spec.url not in fetched]
        if not new:
            return
        said = change.summary(Path(self.config.path or "feeds.yaml").name)
        if self.refreshing:
            self.set_status(f"{said}; R fetches the new {_feeds(len(new))}")
            return
        self.start_refresh(new, f"the new {_feeds(len(new))}")
        self.set_status(f"{said}; fetching the new {_feeds(len(new))}…")

    def places_around_cursor(self) -> list[str]:
        """The feed pane's places from the cursor on, then those before it, feeds first:
        where the cursor goes when its feed leaves."""
        tree = self.tree
        line = tree.cursor_line
        nodes = [tree.get_node_at_line(y) for y in range(tree.last_line + 1)]
        keys = [n.data.key if n is not None and n.data is not None else "" for n in nodes]
        return sorted(keys[line + 1 :] + keys[:line][::-1], key=lambda k: k[:5] != "feed:")

    # -- E ---------------------------------------------------------------------------------
    def action_edit_config(self) -> None:
        path = self.config.path
        if not path:
            self.set_status("No feeds.yaml to edit: the reader was started without one.")
            return
        try:
            args = editor_command(path)
        except ValueError as exc:
            self.set_status(f"Cannot run the editor: {clean(str(exc))}")
            return
        name = Path(args[0]).name
        failed: OSError | None = None
        code = 0
        try:
            with self.suspend():  # the editor has the terminal until it exits
                try:
                    code = subprocess.run(args, check=False).returncode
                except OSError as exc:  # inside: suspend() must see the block end
                    failed = exc
        except SuspendNotSupported:
            self.set_status(f"Cannot hand the terminal to {clean(name)} here.")
            return
        if failed is not None:
            self.set_status(f"Cannot run {clean(name)}: {clean(failed.strerror or str(failed))}")
            return
        change = self.reread_config(force=True, how=Apply(edited=True))
        if code and change is not None:
            self.set_status(f"{clean(name)} exited with status {code}; {self.status_message}")

    # -- the status line -------------------------------------------------------------------
    def set_status(self, message: str) -> None:
        """A message clears what the status line said, but not a broken feeds.yaml: that
        comes back once the message is cleared."""
        super().set_status(message or self.config_problem)

    def action_back(self) -> None:
        """Esc: dismisses a broken feeds.yaml's message first (until the file changes)."""
        if self.config_problem and self.status_message == hide_passwords(self.config_problem):
            self.config_problem = ""
            self.set_status("")
            return
        super().action_back()

    # -- before a refresh: the feeds as the file lists them now --------------------------------
    def action_refresh(self) -> None:
        self.reread_config(how=BEFORE_REFRESH)
        super().action_refresh()

    def action_refresh_all(self) -> None:
        self.reread_config(how=BEFORE_REFRESH)
        super().action_refresh_all()

    def refresh_on_schedule(self) -> None:
        self.reread_config(how=BEFORE_REFRESH)
        super().refresh_on_schedule()


def _feeds(count: int) -> str:
    return "feed" if count == 1 else f"{count} feeds"
