"""feeds.yaml's values: settings (numbers within their ranges, sizes such as "10 MB",
booleans, text) and the checks of one value that the rest of the file shares. A mixin
of config._Checker, kept apart so each module stays small."""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from tidings.core.command_line import shell_syntax
from tidings.core.feed_order import FEED_ORDERS
from tidings.core.models import THEMES, Settings
from tidings.core.notify_message import format_problem
from tidings.core.views import ARTICLE_ORDERS

_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]i?B?|B)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "b": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"

# Settings: name -> (kind, minimum, maximum). Kinds: int, float, bool, str, size.
_SETTING_RULES: dict[str, tuple[str, float | None, float | None]] = {
    "concurrency": ("int", 1, 256),
    "per_host": ("int", 1, 64),
    "connect_timeout": ("float", 0.1, 600),
    "read_timeout": ("float", 0.1, 600),
    "total_timeout": ("float", 0.1, 3600),
    "max_bytes": ("size", 1_000, 1_000_000_000),
    "max_redirects": ("int", 0, 20),
    "retries": ("int", 0, 10),
    "full_text_concurrency": ("int", 1, 32),
    "refresh_on_startup": ("bool", None, None),
    "refresh_every": ("int", 0, 10_080),
    "confirm_mark_all": ("bool", None, None),
    "user_agent": ("str", 1, 500),
    "keep_days": ("int", 0, 36_500),
    "max_items": ("int", 0, 1_000_000),
    "article_order": ("choice", None, None),
    "feed_order": ("choice", None, None),
    "search_history": ("int", 0, 10_000),
    "text_width": ("int", 0, 1_000),
    "browser": ("command", 1, 1_000),
    "theme": ("choice", None, None),
    "show_read": ("bool", None, None),
    "show_read_feeds": ("bool", None, None),
    "wide_layout": ("choice", None, None),
    "save_dir": ("path", 1, 4096),
    "notify_program": ("command", 1, 1_000),
    "notify_format": ("format", 1, 500),
    "notify_beep": ("bool", None, None),
    "notify_terminal": ("bool", None, None),
    "notify_always": ("bool", None, None),
    "download_dir": ("path", 1, 4096),
    "player": ("command", 1, 1_000),
    "max_downloads": ("int", 1, 16),
    "download": ("bool", None, None),
    "bookmark_cmd": ("command", 1, 1_000),
    "bookmark_interactive": ("bool", None, None),
}
# What a "command" setting looks like, for the message when it names no program.
_COMMAND_EXAMPLES = {
    "browser": "firefox --new-tab %u",
    "notify_program": "notify-send tidings",
    "player": "mpv --no-video",
    "bookmark_cmd": "~/bin/bookmark.sh",
}
# The words a "choice" setting takes.
_CHOICES: dict[str, tuple[str, ...]] = {
    "article_order": tuple(ARTICLE_ORDERS),
    "feed_order": FEED_ORDERS,
    "theme": THEMES,
    "wide_layout": ("panes", "turns"),
}


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag in (_INT, _FLOAT):  # as written: "got 4.0"
        return str(node.value)[:60]
    return {
        _BOOL: "true/false",
        _NULL: "nothing",
    }.get(node.tag) or repr(str(node.value)[:60])


class ValueChecks:
    """Settings and single values; needs the checker's error() and mapping()."""

    if TYPE_CHECKING:
        base_dir: Path | None

        def error(
            self, node: yaml.Node | None, field: str, message: str, line: int | None = None
        ) -> None: ...
        def mapping(
            self, node: yaml.MappingNode, field: str, valid: Sequence[str] | None
        ) -> Iterator[tuple[str, yaml.Node]]: ...

    def boolean(self, node: yaml.Node, field: str) -> bool:
        if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL:
            return bool(yaml.constructor.SafeConstructor().construct_yaml_bool(node))
        self.error(node, field, f"expected true or false, got {_kind(node)}")
        return False

    # -- settings ----------------------------------------------------------------------
    def settings(self, node: yaml.Node) -> Settings:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return Settings()
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "settings", f"expected a mapping, got {_kind(node)}")
            return Settings()
        values: dict[str, object] = {}
        for key, vnode in self.mapping(node, "settings", tuple(_SETTING_RULES)):
            value = self.setting(key, vnode)
            if value is not None:
                values[key] = value
        return Settings(**values)  # type: ignore[arg-type]

    def setting(self, key: str, node: yaml.Node) -> object | None:
        kind, lo, hi = _SETTING_RULES[key]
        field = f"settings.{key}"
        if kind == "bool":
            return self.boolean(node, field)
        if kind == "choice":
            return self.choice(node, field, _CHOICES[key])
        if kind == "path":
            return self.directory(node, field, int(hi))  # type: ignore[arg-type]
        if kind == "command":
            return self.command(node, field, int(hi), _COMMAND_EXAMPLES[key])  # type: ignore[arg-type]
        if kind == "format":
            return self.notify_format(node, field, int(hi))  # type: ignore[arg-type]
        return self.number(node, field, kind, lo, hi)

    def command(self, node: yaml.Node, field: str, longest: int, example: str) -> str | None:
        """A program and its arguments, as a shell would split them (no shell runs it:
        a pipe, a redirection, `$`, `;`… outside quotes is an error). Every command
        setting and macro step is checked here."""
        value = self.number(node, field, "str", 1, longest)
        if not isinstance(value, str):
            return None
        try:
            words = shlex.split(value)
        except ValueError as exc:  # No closing quotation
            self.error(node, field, f"{exc} in {value!r}")
            return None
        if not words or not words[0]:
            self.error(node, field, f"expected a program, e.g. {example}")
            return None
        if op := shell_syntax(value):
            self.error(node, field, f"{op!r}: no shell runs it; for one write sh -c '…'")
            return None
        return value

    def notify_format(self, node: yaml.Node, field: str, longest: int) -> str | None:
        """notify_format: text whose % letters are those core.notify_message knows."""
        value = self.number(node, field, "str", 1, longest)
        if not isinstance(value, str):
            return None
        problem = format_problem(value)
        if problem is not None:
            self.error(node, field, problem)
            return None
        return value

    def choice(self, node: yaml.Node, field: str, words: tuple[str, ...]) -> str | None:
        """One of `words`, or None after reporting the problem."""
        value = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else None
        if node.tag != _STR or value not in words:
            if len(words) <= 3:
                self.error(node, field, f"expected {' or '.join(words)}, got {_kind(node)}")
                return None
            near = difflib.get_close_matches(value or "", words, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            self.error(node, field, f"got {_kind(node)}{hint}; expected one of: {', '.join(words)}")
            return None
        return value

    def directory(self, node: yaml.Node, field: str, longest: int) -> str | None:
        """A directory path written as text: `~` is kept, to be expanded when used; a
        relative path is taken from the directory holding feeds.yaml, as feed paths are."""
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
            self.error(node, field, f"expected {_expected('path')}, got {_kind(node)}")
            return None
        value = str(node.value).strip()
        if not value or len(value) > longest or re.search(r"[\x00-\x1f\x7f-\x9f]", value):
            self.error(
                node, field, f"expected {_expected('path')} of 1 to {longest} printable characters"
            )
            return None
        if not value.startswith("~") and not Path(value).is_absolute() and self.base_dir:
            value = str(self.base_dir / value)
        return value

    def number(
        self, node: yaml.Node, field: str, kind: str, lo: float | None, hi: float | None
    ) -> object | None:
        """A scalar setting of `kind` (int, float, size, str) within lo..hi, or None
        after reporting the problem."""
        if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL:
            self.error(node, field, f"expected {_expected(kind)}, got {_kind(node)}")
            return None
        raw = str(node.value)
        value: object
        if kind == "str":
            value = raw.strip()
            if not lo <= len(value) <= hi or re.search(r"[\x00-\x1f\x7f]", value):  # type: ignore[operator]
                self.error(node, field, f"expected text of 1 to {hi:g} printable characters")
                return None
            return value
        try:
            if kind == "int" and node.tag == _INT:
                value = int(raw.replace("_", ""), 0)
            elif kind == "float" and node.tag in (_INT, _FLOAT):
                value = float(raw.replace("_", ""))
            elif kind == "size" and node.tag in (_INT, _STR):
                value = _parse_size(raw)
            else:
                raise ValueError
        except ValueError:
            self.error(node, field, f"expected {_expected(kind)}, got {_kind(node)}")
            return None
        if not lo <= value <= hi:  # type: ignore[operator]
            self.error(node, field, f"{raw} is out of range; expected {_num(lo)} to {_num(hi)}")
            return None
        return value


def _expected(kind: str) -> str:
    return {
        "int": "a whole number",
        "float": "a number of seconds",
        "size": "a size in bytes (e.g. 10000000 or '10 MB')",
        "bool": "true or false",
        "str": "text",
        "path": "a directory path such as ~/news",
    }[kind]


def _parse_size(raw: str) -> int:
    m = _SIZE_RE.match(raw.replace("_", ""))
    if not m:
        raise ValueError(raw)
    unit = (m.group(2) or "").lower()[:1]
    if unit == "b":
        unit = ""
    return int(float(m.group(1)) * _SIZE_UNITS[unit])


def _num(value: float | None) -> str:
    """A range bound as written in the docs: 1000000000, not 1e+09; 0.1 stays 0.1."""
    if value is not None and float(value).is_integer():
        return str(int(value))
    return f"{value:g}"
