"""Load and validate feeds.yaml into a models.Config (writing one: config_edit).

Every error names the file, the line of the offending value and the field, e.g.
``feeds.yaml:12: feeds[3].url: 'htp://x' is not an http(s) URL or a file path``.
The YAML is composed into nodes (which carry line numbers) and checked by hand: the
file's shape, feeds, ignore rules and keys here, settings and single values in
config_values, saved searches in config_searches, colours in config_colors, highlight
rules in config_highlight.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import yaml

from tidings.core.config_colors import check_colors
from tidings.core.config_edit import dump_feeds_yaml
from tidings.core.config_highlight import check_highlights
from tidings.core.config_macros import check_macros
from tidings.core.config_searches import check_searches
from tidings.core.config_source import check_source
from tidings.core.config_values import _NULL, _SETTING_RULES, _STR, ValueChecks, _kind
from tidings.core.feed_location import check_feed_url, demo_names, url_key
from tidings.core.ignore import RuleError, parse_rule
from tidings.core.models import Config, FeedSpec, Macro

__all__ = ["ConfigError", "check_feed_url", "demo_names", "dump_feeds_yaml", "load_config"]

try:  # libyaml is ~10x faster on big files; the pure-Python loader gives the same nodes
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_CONFIG_BYTES = 50_000_000
MAX_ERRORS = 20
TOP_KEYS = (
    "feeds", "settings", "keys", "ignore", "searches", "macros", "colors", "highlight", "source",
)  # fmt: skip
FEED_KEYS = (
    "url", "title", "category", "tags", "full_text", "keep_days", "max_items", "ignore", "download",
)  # fmt: skip
MAX_RULES = 1_000  # ignore rules in one list


class ConfigError(Exception):
    """feeds.yaml is missing, malformed or invalid. str() is one line per problem,
    each ``FILE:LINE: FIELD: MESSAGE``."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:MAX_ERRORS]
        if len(self.problems) > MAX_ERRORS:
            shown.append(f"... and {len(self.problems) - MAX_ERRORS} more problems")
        super().__init__("\n".join(shown))


def _suggest(word: str, valid: Iterable[str]) -> str:
    valid = list(valid)
    close = difflib.get_close_matches(word.lower(), valid, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown key {word!r}{hint}; valid keys: {', '.join(valid)}"


class _Checker(ValueChecks):
    """Walks the composed YAML nodes, collecting problems."""

    def __init__(self, name: str, base_dir: Path | None) -> None:
        self.name = name
        self.base_dir = base_dir
        self.problems: list[str] = []

    def error(
        self, node: yaml.Node | None, field: str, message: str, line: int | None = None
    ) -> None:
        if line is None:
            line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(f"{self.name}:{line}: {field}: {message}")

    def mapping(self, node: yaml.MappingNode, field: str, valid: Sequence[str] | None):
        """Yield (key, value node) of a mapping with string keys, reporting
        duplicate and (when `valid` is given) unknown keys."""
        seen: dict[str, int] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode) or knode.tag == _NULL:
                self.error(knode, field, f"a key must be a name, got {_kind(knode)}")
                continue
            key = str(knode.value)
            where = f"{field}.{key}" if field else key
            line = knode.start_mark.line + 1
            if key in seen:
                self.error(knode, where, f"given twice (lines {seen[key]} and {line})")
                continue
            seen[key] = line
            if valid is not None and key not in valid:
                self.error(knode, where, _suggest(key, valid))
                continue
            yield key, vnode

    def text(self, node: yaml.Node, field: str) -> str | None:
        """A string field: any scalar is taken as the text written (``title: 1843``)."""
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _NULL:
                return None
            value = str(node.value).strip()
            return value or None
        self.error(node, field, f"expected a string, got {_kind(node)}")
        return None

    # -- top level ------------------------------------------------------------------
    def config(self, root: yaml.Node | None) -> Config:
        cfg = Config()
        if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _NULL):
            return cfg  # an empty file (touched, or all comments): no feeds yet, as feeds: []
        if not isinstance(root, yaml.MappingNode):
            self.error(root, "(top level)", f"expected a mapping with 'feeds:', got {_kind(root)}")
            return cfg
        found = False
        for key, vnode in self.mapping(root, "", TOP_KEYS):
            if key == "feeds":
                found = True
                cfg.feeds = self.feeds(vnode)
            elif key == "settings":
                cfg.settings = self.settings(vnode)
            elif key == "keys":
                cfg.keys, cfg.key_lines = self.keys(vnode)
            elif key == "ignore":
                cfg.ignore = self.ignore_rules(vnode, "ignore")
            elif key == "searches":
                cfg.searches = check_searches(self, vnode)
            elif key == "macros":
                cfg.macros = check_macros(self, vnode)
            elif key == "colors":
                cfg.colors = check_colors(self, vnode)
            elif key == "highlight":
                cfg.highlights = check_highlights(self, vnode)
            elif key == "source":
                cfg.source = check_source(self, vnode)
                found = True  # an account's feeds: feeds: is optional
        if not found:
            self.error(
                root,
                "feeds",
                "missing; the file needs a 'feeds:' list of feed URLs (or a 'source:' account)",
            )
        if cfg.ignore and cfg.source is not None:  # the account's feeds are feeds too
            cfg.source = dataclasses.replace(cfg.source, ignore=cfg.ignore)
        if cfg.ignore:  # each feed is checked against the top-level rules, then its own
            cfg.feeds = [
                dataclasses.replace(f, ignore=_merged(cfg.ignore, f.ignore)) for f in cfg.feeds
            ]
        return cfg

    # -- feeds ----------------------------------------------------------------------
    def feeds(self, node: yaml.Node) -> list[FeedSpec]:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, "feeds", f"expected a list of feeds, got {_kind(node)}")
            return []
        specs: list[FeedSpec] = []
        seen: dict[str, tuple[int, int]] = {}
        for i, item in enumerate(node.value):
            spec = self.feed(item, f"feeds[{i}]")
            if spec is None:
                continue
            key = url_key(spec.url)
            if key in seen:
                j, line = seen[key]
                self.error(
                    item,
                    f"feeds[{i}].url",
                    f"{spec.url!r} is listed twice (lines {line} and {spec.line}; first as feeds[{j}])",
                    line=spec.line,
                )
                continue
            seen[key] = (i, spec.line or 0)
            specs.append(spec)
        return specs

    def feed(self, node: yaml.Node, field: str) -> FeedSpec | None:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _NULL:
                self.error(node, field, "empty list item; write '- URL' or '- url: URL'")
                return None
            url = self.url(node, f"{field}.url")
            return FeedSpec(url=url, line=line) if url else None
        if not isinstance(node, yaml.MappingNode):
            self.error(node, field, f"expected a URL or a mapping with 'url:', got {_kind(node)}")
            return None
        values: dict[str, object] = {}
        ok = True
        for key, vnode in self.mapping(node, field, FEED_KEYS):
            where = f"{field}.{key}"
            n_before = len(self.problems)
            if key == "url":
                values["url"] = self.url(vnode, where)
                line = vnode.start_mark.line + 1
            elif key in ("title", "category"):
                values[key] = self.text(vnode, where)
            elif key == "tags":
                values["tags"] = self.tags(vnode, where)
            elif key in ("full_text", "download"):
                values[key] = self.boolean(vnode, where)
            elif key in ("keep_days", "max_items"):
                kind, lo, hi = _SETTING_RULES[key]
                values[key] = self.number(vnode, where, kind, lo, hi)
            elif key == "ignore":
                values["ignore"] = self.ignore_rules(vnode, where)
            ok = ok and len(self.problems) == n_before
        if "url" not in values:
            self.error(node, f"{field}.url", "missing; every feed needs a 'url:'")
            return None
        if not ok or not values["url"]:
            return None
        return FeedSpec(
            url=str(values["url"]),
            title=values.get("title"),  # type: ignore[arg-type]
            category=values.get("category"),  # type: ignore[arg-type]
            tags=values.get("tags", ()),  # type: ignore[arg-type]
            full_text=bool(values.get("full_text", False)),
            line=line,
            keep_days=values.get("keep_days"),  # type: ignore[arg-type]
            max_items=values.get("max_items"),  # type: ignore[arg-type]
            ignore=values.get("ignore", ()),  # type: ignore[arg-type]
            download=values.get("download"),  # type: ignore[arg-type]
        )

    def url(self, node: yaml.Node, field: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL:
            self.error(node, field, f"expected a URL or file path, got {_kind(node)}")
            return None
        url, reason = check_feed_url(str(node.value), self.base_dir)
        if reason:
            self.error(node, field, reason)
        return url

    def tags(self, node: yaml.Node, field: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode):  # `tags: news, world` is two tags
            if self.not_words(node, field, "a tag or a list of tags", "tags: "):
                return ()
            words = (t.strip() for t in (self.text(node, field) or "").split(","))
            return tuple(dict.fromkeys(t for t in words if t))
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, field, f"expected a tag or a list of tags, got {_kind(node)}")
            return ()
        out: list[str] = []
        for j, item in enumerate(node.value):
            where = f"{field}[{j}]"
            if not isinstance(item, yaml.ScalarNode):
                self.error(item, where, f"expected a string, got {_kind(item)}")
                continue
            if self.not_words(item, where, "a string"):
                continue
            tag = self.text(item, where)
            if tag and tag not in out:
                out.append(tag)
        return tuple(out)

    def not_words(self, node: yaml.ScalarNode, field: str, expected: str, key: str = "") -> bool:
        """Tell a plain scalar YAML reads as a number, true/false or a date (`tags: 5`,
        `tags: yes`): a tag is text, written in quotes when it looks like one of them."""
        if node.tag in (_NULL, _STR):
            return False
        what = "a date" if node.tag.endswith(":timestamp") else _kind(node)
        self.error(
            node,
            field,
            f'expected {expected}, got {what}; a tag is text: write it in quotes, {key}"{node.value}"',
        )
        return True

    def ignore_rules(self, node: yaml.Node, field: str) -> tuple[str, ...]:
        """An `ignore:` list (a single string is a list of one): each rule checked by
        tidings.core.ignore.parse_rule, errors as `FIELD[i]: PROBLEM`."""
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return ()
        items = [node] if isinstance(node, yaml.ScalarNode) else None
        if isinstance(node, yaml.SequenceNode):
            items = node.value
        if items is None:
            self.error(node, field, f"expected a list of rules, got {_kind(node)}")
            return ()
        if len(items) > MAX_RULES:
            self.error(node, field, f"{len(items)} rules; at most {MAX_RULES} are allowed")
            return ()
        single = isinstance(node, yaml.ScalarNode)
        out: list[str] = []
        for j, item in enumerate(items):
            where = field if single else f"{field}[{j}]"
            if not isinstance(item, yaml.ScalarNode) or item.tag == _NULL:
                self.error(item, where, f"expected a rule (text or /regex/), got {_kind(item)}")
                continue
            rule = str(item.value).strip()
            try:
                parse_rule(rule)
            except RuleError as exc:
                self.error(item, where, str(exc))
                continue
            if rule not in out:
                out.append(rule)
        return tuple(out)

    # -- keys ------------------------------------------------------------------------
    def keys(self, node: yaml.Node) -> tuple[dict[str, str], dict[str, int]]:
        """The `keys:` map (action -> key) and the line of each entry (the reader checks
        the actions and keys, and names these lines)."""
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "keys", f"expected a mapping of action: key, got {_kind(node)}")
            return {}, {}
        out: dict[str, str] = {}
        lines: dict[str, int] = {}
        for action, vnode in self.mapping(node, "keys", None):
            if isinstance(vnode, yaml.SequenceNode) and _scalars(vnode.value):
                # `refresh: [r, F5]`: the keys, as `refresh: r, F5` writes them
                out[action] = ",".join(str(k.value).strip() for k in vnode.value)
                lines[action] = vnode.start_mark.line + 1
                continue
            if not isinstance(vnode, yaml.ScalarNode) or vnode.tag == _NULL:
                self.error(
                    vnode, f"keys.{action}", f"expected a key such as 'ctrl+n', got {_kind(vnode)}"
                )
                continue
            out[action] = str(vnode.value)
            lines[action] = vnode.start_mark.line + 1
        return out, lines


def _scalars(nodes: list[yaml.Node]) -> bool:
    return bool(nodes) and all(isinstance(n, yaml.ScalarNode) and n.tag != _NULL for n in nodes)


def _yaml_advice(text: str, mark: yaml.Mark | None, problem: str) -> str:
    """What to do about a YAML syntax error, for the mistakes people make most."""
    if mark and _tab_indented(text, mark.line):
        return " (indent with spaces: YAML does not allow tabs there)"
    if "mapping values are not allowed" in problem:
        return " (a value holding ': ' needs quotes: title: \"News: World\")"
    if any(
        w in problem for w in ("expected '-' indicator", "expected <block end>", "expected key")
    ):
        return " (check this line's indentation against the lines above: a feed's keys line up under its url)"
    return ""


def _tab_indented(text: str, line: int) -> bool:
    """Whether the text's line (0-based) has a tab in its indentation."""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return False
    row = lines[line]
    return "\t" in row[: len(row) - len(row.lstrip(" \t"))]


def _line_of(problem: str) -> int:
    """The LINE of a "FILE:LINE: ..." problem (0 when it has none), for sorting."""
    m = re.match(r"^.*?:(\d+)(?::\d+)?: ", problem)
    return int(m.group(1)) if m else 0


def _merged(first: tuple[str, ...], then: tuple[str, ...]) -> tuple[str, ...]:
    return first + tuple(rule for rule in then if rule not in first)


def _missing_message(path: Path) -> str:
    return (
        f"{path}: no such file. Create it with a list of feeds, e.g.\n"
        "  feeds:\n"
        "    - https://feeds.bbci.co.uk/news/world/rss.xml\n"
        "    - demo:world.xml\n"
        "or run `tidings import subscriptions.opml` (see docs/feeds-yaml.md)"
    )


# The reader's check of what only it knows, its actions and keys: (keys, file, key lines,
# macros) -> problems, "FILE:LINE: ..." each.
KeyCheck = Callable[[dict[str, str], str, dict[str, int], tuple[Macro, ...]], list[str]]


def load_config(path: str | Path, *, check_keys: KeyCheck | None = None) -> Config:
    """Read and validate feeds.yaml. Raises ConfigError naming file, line and field.
    `check_keys(keys, file, lines, macros)`: the reader's check of the `keys:` map and
    the macros' actions and keys (the actions are the reader's), whose problems are
    reported with the rest, in line order."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError([_missing_message(path)]) from None
    except IsADirectoryError:
        raise ConfigError([f"{path}: is a directory, not a feeds.yaml file"]) from None
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError([f"{path}: larger than {MAX_CONFIG_BYTES // 1_000_000} MB"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError([f"{path}:{line}: not UTF-8 text (save the file as UTF-8)"]) from None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1"
        problem = "; ".join(p for p in (exc.context, exc.problem) if p) or "malformed YAML"
        problem += _yaml_advice(text, mark, problem)
        raise ConfigError([f"{path}:{where}: malformed YAML: {problem}"]) from None
    except yaml.reader.ReaderError as exc:  # a control character: placed by `position`
        before = text[: exc.position]
        where = f"{before.count(chr(10)) + 1}:{exc.position - before.rfind(chr(10))}"
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise ConfigError(
            [
                f"{path}:{where}: malformed YAML: control character U+{ord(char):04X}, which"
                " YAML does not allow: remove it"
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError([f"{path}:1: malformed YAML: {exc}"]) from None
    checker = _Checker(str(path), path.resolve().parent)
    config = checker.config(root)
    if check_keys is not None and (config.keys or config.macros):
        checker.problems += check_keys(config.keys, str(path), config.key_lines, config.macros)
        checker.problems.sort(key=_line_of)
    if checker.problems:
        raise ConfigError(checker.problems)
    config.path = str(path)
    return config
