"""feeds.yaml followed while the reader runs: how a change on disk is noticed (a stamp
of mtime, size and inode, cheap enough to take every couple of seconds), the file read
again with the loader the CLI uses, what changed between two configs (a pure diff, told
in one line: "feeds.yaml: 2 feeds added, 1 removed"), and the editor `E` opens it in.

A file that does not load is a Reading with problems and no config: the caller keeps
the config it has. Nothing here knows of Textual.
"""

from __future__ import annotations

import dataclasses
import os
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from tidings.core.config import ConfigError, KeyCheck, load_config
from tidings.core.models import Config, FeedSpec, HighlightRule, SavedSearch, Settings, SourceSpec

DEFAULT_EDITOR = "vi"  # as git and crontab -e fall back to
_Placed = TypeVar(
    "_Placed", FeedSpec, SavedSearch, SourceSpec, HighlightRule
)  # items that know their line


@dataclass(frozen=True)
class Stamp:
    """What os.stat says of the file: any write changes it (an editor that saves by
    renaming a new file over the old changes the inode, one that writes in place the
    mtime and mostly the size)."""

    mtime_ns: int
    size: int
    inode: int
    device: int


def stamp_of(path: str | Path) -> Stamp | None:
    """The file's stamp, None when it is not there (or cannot be looked at)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return Stamp(st.st_mtime_ns, st.st_size, st.st_ino, st.st_dev)


@dataclass(frozen=True)
class Reading:
    """feeds.yaml as read once: its stamp (taken before reading, so a write during the
    read is seen by the next look) and the config, or the problems that kept it out."""

    stamp: Stamp | None
    config: Config | None = None
    problems: tuple[str, ...] = ()


def read_config(path: str | Path, *, check_keys: KeyCheck | None = None) -> Reading:
    stamp = stamp_of(path)
    try:
        config = load_config(path, check_keys=check_keys)
    except ConfigError as exc:
        return Reading(stamp, problems=tuple(exc.problems) or (f"{path}: cannot be read",))
    return Reading(stamp, config)


def problem_line(reading: Reading, path: str | Path) -> str:
    """The first problem on one line, as the CLI prints it ("feeds.yaml:12: feeds[3].url:
    …") but with the file's name alone (the status line is short), and how many more."""
    name = Path(path).name
    if reading.stamp is None:
        return f"{name}: no such file"
    first = reading.problems[0].splitlines()[0] if reading.problems else f"{path}: cannot be read"
    if first.startswith(f"{path}:"):
        first = name + first[len(str(path)) :]
    more = len(reading.problems) - 1
    return f"{first} (and {more} more)" if more > 0 else first


# -- what changed -------------------------------------------------------------------------
@dataclass(frozen=True)
class ConfigChange:
    """What a new feeds.yaml changes. Feeds are matched by URL as written: another URL is
    another feed (the store keeps each feed's articles under its URL)."""

    added: tuple[FeedSpec, ...] = ()
    removed: tuple[FeedSpec, ...] = ()
    changed: tuple[FeedSpec, ...] = ()  # as now listed: title, category, tags, retention…
    reordered: bool = False  # the feeds kept are listed in another order
    searches: bool = False
    ignore: bool = False  # the top-level rules (each feed's own show in `changed`)
    settings: tuple[str, ...] = ()  # the names of those that changed
    keys: bool = False
    colors: bool = False
    highlights: bool = False
    source: bool = False  # the account (source:) changed, came or went

    @property
    def feeds(self) -> bool:
        """Whether the store's feeds must follow (added, removed, renamed, moved…)."""
        return bool(self.added or self.removed or self.changed or self.reordered)

    @property
    def empty(self) -> bool:
        return self == ConfigChange()

    def summary(self, name: str = "feeds.yaml") -> str:
        """One line: "feeds.yaml: 2 feeds added, 1 removed, settings changed (theme)"."""
        parts: list[str] = []
        for count, done in (
            (len(self.added), "added"),
            (len(self.removed), "removed"),
            (len(self.changed), "changed"),
        ):
            if count:
                noun = "" if parts else (" feed" if count == 1 else " feeds")
                parts.append(f"{count}{noun} {done}")
        if self.reordered:
            parts.append("feeds reordered")
        if self.searches:
            parts.append("saved searches changed")
        if self.ignore:
            parts.append("ignore rules changed")
        if self.settings:
            parts.append(f"settings changed ({', '.join(self.settings)})")
        if self.keys:
            parts.append("keys changed")
        if self.colors:
            parts.append("colors changed")
        if self.highlights:
            parts.append("highlight rules changed")
        if self.source:
            parts.append("source changed (R syncs it)")
        return f"{name}: {', '.join(parts) if parts else 'no changes'}"


def diff_configs(old: Config, new: Config) -> ConfigChange:
    """What changes from `old` to `new`; where an item sits in the file (`line`) is no
    change."""
    old_feeds = {spec.url: _unplaced(spec) for spec in old.feeds}
    new_feeds = {spec.url: _unplaced(spec) for spec in new.feeds}
    kept_old = [url for url in old_feeds if url in new_feeds]
    kept_new = [url for url in new_feeds if url in old_feeds]
    return ConfigChange(
        added=tuple(spec for spec in new.feeds if spec.url not in old_feeds),
        removed=tuple(spec for spec in old.feeds if spec.url not in new_feeds),
        changed=tuple(
            spec
            for spec in new.feeds
            if spec.url in old_feeds and old_feeds[spec.url] != new_feeds[spec.url]
        ),
        reordered=kept_old != kept_new,
        searches=_unplaced_all(old.searches) != _unplaced_all(new.searches),
        ignore=old.ignore != new.ignore,
        settings=changed_settings(old.settings, new.settings),
        keys=old.keys != new.keys,
        colors=old.colors != new.colors,
        highlights=_unplaced_all(old.highlights) != _unplaced_all(new.highlights),
        source=_account(old) != _account(new),
    )


def changed_settings(old: Settings, new: Settings) -> tuple[str, ...]:
    return tuple(
        f.name for f in dataclasses.fields(Settings) if getattr(old, f.name) != getattr(new, f.name)
    )


def _unplaced(item: _Placed) -> _Placed:
    return dataclasses.replace(item, line=None)


def _account(config: Config) -> SourceSpec | None:
    return _unplaced(config.source) if config.source is not None else None


def _unplaced_all(items: Sequence[_Placed]) -> list[_Placed]:
    return [_unplaced(item) for item in items]


# -- the editor ---------------------------------------------------------------------------
def editor_command(path: str | Path, env: Mapping[str, str] = os.environ) -> list[str]:
    """The words to run to edit `path`: $VISUAL, else $EDITOR, else vi, split as a shell
    would split them (`code --wait`, `emacsclient -t`) and the path appended; never run
    through a shell. Raises ValueError for a command a shell could not split either."""
    command = (env.get("VISUAL") or "").strip() or (env.get("EDITOR") or "").strip()
    try:
        words = shlex.split(command) if command else [DEFAULT_EDITOR]
    except ValueError as exc:  # No closing quotation
        raise ValueError(f"{exc} in {command!r}") from None
    return [*(words or [DEFAULT_EDITOR]), str(path)]
