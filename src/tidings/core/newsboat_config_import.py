"""`tidings import ~/.newsboat/config`: newsboat's settings, key bindings, macros,
`ignore-article` rules, `color` and `highlight` lines into feeds.yaml.

The config is read as newsboat reads it (newsboat_config), said in feeds.yaml's terms
(newsboat_settings, newsboat_keys, newsboat_filter, newsboat_colors,
newsboat_highlight), and written into feeds.yaml as it
is now, every other line and comment kept (config_edit). What feeds.yaml already sets
is kept as it is and said so; every value is checked by the loader feeds.yaml is read
with, and one it refuses is left out with its reason; the whole new file is loaded
before it replaces the old one, so a feeds.yaml is never left broken.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tidings.core.config import ConfigError, KeyCheck, load_config
from tidings.core.config_edit import add_entries, add_list_items, new_feeds_yaml, replace_checked
from tidings.core.newsboat_colors import ColorEntry, translate_colors
from tidings.core.newsboat_config import Command, LeftOut, logical_lines, read_config, split_line
from tidings.core.newsboat_highlight import HighlightEntry, translate_highlights
from tidings.core.newsboat_keys import KeyChange, KeyTable, translate_keys
from tidings.core.newsboat_macros import MacroEntry, translate_macros
from tidings.core.newsboat_settings import Setting, is_newsboat_option, translate_settings
from tidings.core.newsboat_source import SourceImport, translate_source

_PROBLEM = re.compile(r"^.*?:(\d+)(?::\d+)?: (\S+): (.*)$", re.DOTALL)


@dataclass(frozen=True)
class KeyEntry:
    """One `keys:` entry to write: an action, all its keys, and the bindings behind it."""

    action: str
    keys: str
    changes: tuple[KeyChange, ...]


@dataclass(frozen=True)
class Kept:
    """A setting or key feeds.yaml has already: its value there, and newsboat's lines."""

    field: str
    value: str
    sources: tuple[Command, ...]
    note: str = ""


@dataclass
class ConfigImport:
    source: Path
    files: list[Path] = field(default_factory=list)
    settings: list[Setting] = field(default_factory=list)
    keys: list[KeyEntry] = field(default_factory=list)
    ignore: list[Setting] = field(default_factory=list)
    macros: list[MacroEntry] = field(default_factory=list)
    colors: list[ColorEntry] = field(default_factory=list)
    highlights: list[HighlightEntry] = field(default_factory=list)
    account: SourceImport | None = None  # urls-source "freshrss" / "miniflux": source:
    kept: list[Kept] = field(default_factory=list)
    already: list[KeyChange] = field(default_factory=list)  # bindings tidings has already
    left_out: list[LeftOut] = field(default_factory=list)
    before: str = ""  # feeds.yaml as it is ("" when there is none)
    text: str = ""  # feeds.yaml as it will be

    @property
    def changed(self) -> bool:
        return self.text != self.before

    @property
    def brings(self) -> bool:
        """Whether anything comes over into feeds.yaml."""
        account = self.account is not None and bool(self.account.entries)
        entries = (self.settings, self.keys, self.ignore, self.macros, self.colors, self.highlights)
        return any(entries) or account

    @property
    def bindings(self) -> int:
        """The newsboat lines whose bindings are brought over."""
        return len({(c.command.file, c.command.line) for e in self.keys for c in e.changes})


class ConfigImportError(ValueError):
    """feeds.yaml cannot take the import (written inline, or the result would not
    load); str() says why."""


def plan_config_import(
    source: str | Path,
    feeds_path: str | Path,
    table: KeyTable,
    check_keys: KeyCheck | None = None,
) -> ConfigImport:
    """What importing the newsboat config at `source` does to the feeds.yaml at
    `feeds_path` (nothing is written: write_config_import does). Raises
    newsboat_config.ConfigFileError when `source` cannot be read, ConfigImportError when
    feeds.yaml cannot take it."""
    feeds_path = Path(feeds_path)
    parsed = read_config(source)
    plan = ConfigImport(Path(source), files=parsed.files, left_out=list(parsed.left_out))
    plan.before = feeds_path.read_bytes().decode("utf-8") if feeds_path.exists() else ""
    data = yaml.safe_load(plan.before) if plan.before.strip() else None
    data = data if isinstance(data, dict) else {}
    have_settings = data.get("settings") if isinstance(data.get("settings"), dict) else {}
    have_keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    have_ignore = data.get("ignore")
    have_ignore = [have_ignore] if isinstance(have_ignore, str) else have_ignore or []
    have_macros = data.get("macros") if isinstance(data.get("macros"), dict) else {}
    have_colors = data.get("colors") if isinstance(data.get("colors"), dict) else {}
    have_highlights = data.get("highlight") if isinstance(data.get("highlight"), list) else []

    plan.account, commands = translate_source(parsed.commands)
    if plan.account is not None:
        plan.left_out += plan.account.left_out
        if plan.account.entries and "source" in data:
            plan.kept.append(Kept("source", "…", tuple(plan.account.sources), "feeds.yaml has one"))
            plan.account.entries = []
    found = translate_settings(commands)
    plan.left_out += found.left_out
    for setting in found.settings:
        if setting.name in have_settings:
            shown = _shown(have_settings[setting.name])
            plan.kept.append(
                Kept(setting.field, shown, setting.sources, f"newsboat: {setting.value}")
            )
        else:
            plan.settings.append(setting)
    for rule in found.ignore:
        if rule.value in have_ignore or any(r.value == rule.value for r in plan.ignore):
            plan.kept.append(Kept("ignore", str(rule.value), rule.sources, "the same rule"))
        else:
            plan.ignore.append(rule)

    keys = translate_keys(parsed.commands, table, {str(k): str(v) for k, v in have_keys.items()})
    plan.left_out += keys.left_out
    plan.already = keys.already
    for change in keys.kept:
        value = _shown(have_keys.get(change.action, ""))
        plan.kept.append(Kept(f"keys.{change.action}", value, (change.command,), change.note))
    for action, value in keys.keys.items():
        changes = tuple(c for c in keys.taken if action in (c.action, c.taken_from))
        plan.keys.append(KeyEntry(action, value, changes))
    for change in keys.taken:  # undone by a later line (unbind-key j, then bind-key j down)
        if change.action not in keys.keys and change.taken_from not in keys.keys:
            undone = "undone by a later line: the reader's keys stay as they were"
            plan.already.append(KeyChange(change.command, change.action, change.key, undone))
    plan.already.sort(key=lambda c: (plan.files.index(c.command.file), c.command.line))

    macros, left_out = translate_macros(parsed.commands, table.normalize)
    plan.left_out += left_out
    for entry in macros:
        if entry.key in have_macros:
            plan.kept.append(
                Kept(f"macros.{entry.key}", "…", (entry.source,), "feeds.yaml has one")
            )
        else:
            plan.macros.append(entry)

    colors, left_out = translate_colors(parsed.commands)
    plan.left_out += left_out
    for color in colors:
        if color.element in have_colors:
            shown = _shown(have_colors[color.element])
            plan.kept.append(
                Kept(f"colors.{color.element}", shown, (color.source,), f"newsboat: {color.value}")
            )
        else:
            plan.colors.append(color)

    highlights, left_out = translate_highlights(parsed.commands)
    plan.left_out += left_out
    for entry in highlights:
        if entry.value in have_highlights:
            said = ", ".join(f"{k}: {v}" for k, v in entry.value.items())
            plan.kept.append(Kept("highlight", said, (entry.source,), "the same rule"))
        else:
            plan.highlights.append(entry)

    _drop_refused(plan, check_keys)
    plan.left_out.sort(
        key=lambda o: (plan.files.index(o.file) if o.file in plan.files else 0, o.line)
    )
    text = plan.before if plan.before.strip() else new_feeds_yaml()
    try:
        text = add_entries(text, "settings", [(s.name, s.value) for s in plan.settings], feeds_path)
        text = add_entries(text, "keys", [(k.action, k.keys) for k in plan.keys], feeds_path)
        text = add_list_items(text, "ignore", [str(r.value) for r in plan.ignore], feeds_path)
        text = add_entries(text, "macros", [(m.key, m.value) for m in plan.macros], feeds_path)
        text = add_entries(text, "colors", _color_entries(plan), feeds_path)
        text = add_list_items(text, "highlight", [h.value for h in plan.highlights], feeds_path)
        text = add_entries(text, "source", _source_entries(plan), feeds_path)
    except ValueError as exc:
        raise ConfigImportError(str(exc)) from None
    plan.text = text if plan.brings else plan.before
    return plan


def is_newsboat_config(path: Path, text: str) -> bool:
    """Whether the file at `path` holding `text` is a newsboat config: named `config` in
    a `.newsboat` / `newsboat` directory, or most of its lines newsboat commands (a urls
    file's lines start with URLs)."""
    if path.name == "config" and path.parent.name in (".newsboat", "newsboat"):
        return True
    firsts = [w[0] for _, line in logical_lines(text) if (w := split_line(line))]
    known = sum(1 for word in firsts if is_newsboat_option(word))
    return known > 0 and known * 2 >= len(firsts)


def write_config_import(
    plan: ConfigImport, feeds_path: str | Path, check_keys: KeyCheck | None
) -> None:
    """Write the planned feeds.yaml, once it loads as feeds.yaml (ConfigImportError with its
    problems when it does not; the file is then left as it was)."""
    feeds_path = Path(feeds_path)
    if not plan.changed:
        return

    def check(probe: Path) -> None:
        try:
            load_config(probe, check_keys=check_keys)
        except ConfigError as exc:
            problems = str(exc).replace(str(probe), str(feeds_path))
            raise ConfigImportError(
                f"the result would not load, so feeds.yaml is left as it was:\n{problems}"
            ) from None

    replace_checked(feeds_path, plan.text, check)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _drop_refused(plan: ConfigImport, check_keys: KeyCheck | None) -> None:
    """Check the entries to add with feeds.yaml's own loader, in a file of their own; an
    entry it refuses is left out with its message."""
    entries = len(plan.settings) + len(plan.keys) + len(plan.ignore) + len(plan.macros)
    for _ in range(entries + len(plan.colors) + len(plan.highlights) + 1):
        text = new_feeds_yaml()
        text = add_entries(text, "settings", [(s.name, s.value) for s in plan.settings], Path())
        text = add_entries(text, "keys", [(k.action, k.keys) for k in plan.keys], Path())
        text = add_list_items(text, "ignore", [str(r.value) for r in plan.ignore], Path())
        text = add_entries(text, "macros", [(m.key, m.value) for m in plan.macros], Path())
        text = add_entries(text, "colors", _color_entries(plan), Path())
        text = add_list_items(text, "highlight", [h.value for h in plan.highlights], Path())
        text = add_entries(text, "source", _source_entries(plan), Path())
        with tempfile.TemporaryDirectory(prefix="tidings-import-") as tmp:
            probe = Path(tmp) / "feeds.yaml"
            probe.write_text(text, encoding="utf-8")
            try:
                load_config(probe, check_keys=check_keys)
                return
            except ConfigError as exc:
                problems = exc.problems
        if not any(_drop(plan, problem) for problem in problems):
            raise ConfigImportError("\n".join(problems))


def _drop(plan: ConfigImport, problem: str) -> bool:
    """Leave out the entry `problem` names (`settings.text_width`, `keys.open`,
    `ignore[2]`); False when it names none of them."""
    m = _PROBLEM.match(problem)
    if m is None:
        return False
    where, message = m.group(2), m.group(3)
    name = where.split(".", 1)[1] if "." in where else ""
    for setting in plan.settings:
        if where == setting.field:
            plan.settings.remove(setting)
            plan.left_out.append(
                LeftOut.of(setting.sources[-1], message, _value(setting.sources[-1]))
            )
            return True
    for entry in plan.keys:
        if where.startswith("keys.") and name == entry.action:
            plan.keys.remove(entry)
            for change in entry.changes:
                plan.left_out.append(
                    LeftOut.of(change.command, message, " ".join(change.command.args))
                )
            return True
    for macro in plan.macros:
        if where.startswith("macros.") and re.split(r"[\[.]", name)[0] == macro.key:
            plan.macros.remove(macro)
            plan.left_out.append(LeftOut.of(macro.source, message, macro.key))
            return True
    for color in plan.colors:
        if where == f"colors.{color.element}":
            plan.colors.remove(color)
            plan.left_out.append(LeftOut.of(color.source, message, color.element))
            return True
    if where.startswith("source") and plan.account is not None and plan.account.entries:
        plan.account.entries = []
        for command in plan.account.sources[:1]:  # the urls-source line
            plan.left_out.append(LeftOut.of(command, f"{where}: {message}"))
        return True
    index = re.match(r"highlight\[(\d+)\]", where)
    if index and int(index.group(1)) < len(plan.highlights):
        entry = plan.highlights.pop(int(index.group(1)))
        plan.left_out.append(LeftOut.of(entry.source, message, _value(entry.source)))
        return True
    index = re.fullmatch(r"ignore\[(\d+)\]", where)
    if index and int(index.group(1)) < len(plan.ignore):
        rule = plan.ignore.pop(int(index.group(1)))
        plan.left_out.append(LeftOut.of(rule.sources[0], message, _value(rule.sources[0])))
        return True
    return False


def _value(command: Command) -> str:
    return " ".join(command.args)


def _source_entries(plan: ConfigImport) -> list[tuple[str, object]]:
    return plan.account.entries if plan.account is not None else []


def _color_entries(plan: ConfigImport) -> list[tuple[str, object]]:
    return [(c.element, c.value) for c in plan.colors]
