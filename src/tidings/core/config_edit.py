"""Writing feeds.yaml: a new one (dump_feeds_yaml), or feeds added to an existing one
(append_feeds) or removed from it (remove_feed) without losing its comments or layout."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from tidings.core.feed_location import check_feed_url, feed_key
from tidings.core.models import FeedSpec, SavedSearch, Settings

_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")


def _listed_urls(text: str) -> list[str]:
    """The URLs the `feeds:` list of a feeds.yaml text holds, as written."""
    if not text.strip():
        return []
    data = yaml.safe_load(text) or {}
    feeds = data.get("feeds") if isinstance(data, dict) else None
    urls = []
    for item in feeds if isinstance(feeds, list) else []:
        if isinstance(item, str) and item:
            urls.append(item)
        elif isinstance(item, dict) and item.get("url"):
            urls.append(str(item["url"]))
    return urls


def listed_url(path: str | Path, url: str) -> str | None:
    """How feeds.yaml, as it is now, lists the feed at `url` (the same but for the case
    of scheme and host or a trailing slash: feed_key), or None when it does not."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    key = feed_key(url)
    return next((known for known in _listed_urls(text) if feed_key(known) == key), None)


def append_feeds(path: str | Path, specs: Sequence[FeedSpec]) -> tuple[int, int]:
    """Append the feeds of `specs` not yet in the file (as feed_key compares URLs) to
    its `feeds:` list, as the file is now.

    Returns (added, already present). Creates the file when missing."""
    path = Path(path)
    text = _read(path)
    new = _unlisted(text, specs)
    if not new:
        return 0, len(specs)
    _write(
        path,
        _append_items(
            text, "feeds", lambda indent: "".join(feed_item_yaml(s, indent) for s in new), path
        ),
    )
    return len(new), len(specs) - len(new)


def unlisted_feeds(path: str | Path, specs: Sequence[FeedSpec]) -> list[FeedSpec]:
    """The feeds of `specs` append_feeds would add to the file as it is now."""
    path = Path(path)
    return _unlisted(_read(path) if path.exists() else "", specs)


def _unlisted(text: str, specs: Sequence[FeedSpec]) -> list[FeedSpec]:
    known = {feed_key(url) for url in _listed_urls(text)}
    new = []
    for spec in specs:
        if feed_key(spec.url) not in known:
            known.add(feed_key(spec.url))
            new.append(spec)
    return new


def _replace_file(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, with the mode of the file it
    replaces (a feeds.yaml with passwords in its URLs stays private), then rename it
    over `path`: a crash leaves the old file or the new one, never half of one."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        tmp.write_bytes(text.encode("utf-8"))
        if path.exists():
            shutil.copymode(path, tmp)
        tmp.replace(path)
    except BaseException:
        if tmp.is_file():
            tmp.unlink()
        raise


def remove_feed(path: str | Path, url: str) -> str | None:
    """Remove the feed at `url` (as feed_key compares URLs) from the `feeds:` list of
    feeds.yaml as the file is now: its whole item, a `- URL` string or a `- url: …`
    mapping with all its keys, the comments on its lines and the comment lines indented
    under it. Every other byte stays, line endings included; so do the comment lines
    above the item (they may speak of the list, not of this feed).

    Returns the URL as the file listed it, or None when it does not list the feed (the
    file is then untouched). Raises ValueError when the list is written inline
    (`feeds: [a, b]`), yaml.YAMLError when the file is no YAML, OSError when it cannot
    be read or written."""
    path = Path(path)
    text = path.read_bytes().decode("utf-8")  # not read_text: CRLF stays CRLF
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    feeds = _feeds_node(root)
    if feeds is None:
        return None
    key = feed_key(url)
    base = path.resolve().parent  # relative paths and exec: programs, as load_config reads them
    hits = [i for i in feeds.value if (u := _item_url(i)) is not None and key in _keys(u, base)]
    if not hits:
        return None
    listed = _item_url(hits[0])
    if feeds.flow_style:
        raise ValueError(
            f"{path}: the feeds list is written inline (feeds: [...]);"
            " make it a block list, one `- URL` a line, to remove a feed from it"
        )
    for item in reversed(hits):  # from the end: the offsets before stay right
        start, end = _item_span(text, item)
        text = text[:start] + text[end:]
    _replace_file(path, text)
    return listed


def _keys(url: str, base: Path) -> set[str]:
    """The keys of a feeds.yaml URL as written and as the reader stores it (a relative
    path or `exec:./script` resolved against feeds.yaml's directory)."""
    resolved, _problem = check_feed_url(url, base)
    return {feed_key(url)} | ({feed_key(resolved)} if resolved else set())


def _feeds_node(root: yaml.Node | None) -> yaml.SequenceNode | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    for knode, vnode in root.value:
        if isinstance(knode, yaml.ScalarNode) and knode.value == "feeds":
            return vnode if isinstance(vnode, yaml.SequenceNode) else None
    return None


def _item_url(item: yaml.Node) -> str | None:
    """The URL of a `feeds:` item: a string, or a mapping's `url`."""
    if isinstance(item, yaml.MappingNode):
        item = next(
            (v for k, v in item.value if isinstance(k, yaml.ScalarNode) and k.value == "url"),
            item,
        )
    if isinstance(item, yaml.ScalarNode) and item.value:
        return str(item.value)
    return None


def _content_end(node: yaml.Node) -> int:
    """Where the last character of a node's own content ends (a block collection's
    end mark lies past the comments and blank lines after it)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1])
    return node.end_mark.index


def _item_span(text: str, item: yaml.Node) -> tuple[int, int]:
    """The characters of a block list item: from the start of the line of its `-` to
    the end of the line its content ends on, and the comment lines indented deeper than
    the `-` that follow it (what was commented out of the item)."""
    start = text.rfind("\n", 0, item.start_mark.index) + 1
    # The `-` may stand alone on a line above the item's content (`-\n  url: …`), with
    # comment lines between.
    while not re.match(r"[ \t]*-\s", text[start : item.start_mark.index + 1]) and start:
        start = text.rfind("\n", 0, start - 1) + 1
    dash = text.index("-", start) - start
    last = _content_end(item)
    line_start = text.rfind("\n", 0, last) + 1
    if not text[line_start:last].strip():  # a block scalar (`|`) ends past its line break
        end = line_start
    else:
        end = text.find("\n", last)
        end = len(text) if end < 0 else end + 1
    while end < len(text):
        nl = text.find("\n", end)
        line = text[end : len(text) if nl < 0 else nl + 1]
        comment = re.match(r"([ \t]*)#", line)
        if comment is None or len(comment.group(1)) <= dash:
            break
        end += len(line)
    return start, end


_HEADER = """\
# tidings feeds: one entry per feed. A bare string is a URL; a mapping can add
# title, category, tags and full_text. See docs/feeds-yaml.md for every field.
"""


def dump_feeds_yaml(specs: Sequence[FeedSpec], settings: Settings | None = None) -> str:
    """A feeds.yaml holding `specs` (and `settings`, when given) that load_config reads back."""
    out = [_HEADER]
    if settings is not None:
        out.append("settings:\n")
        for f in dataclasses.fields(Settings):
            if getattr(settings, f.name) is None:  # unset (save_dir): the default
                continue
            out.append(f"  {_flow({f.name: getattr(settings, f.name)})}\n")
    out.append("feeds:\n" if specs else "feeds: []\n")
    out.extend(feed_item_yaml(spec, "  ") for spec in specs)
    return "".join(out)


def feed_item_yaml(spec: FeedSpec, indent: str) -> str:
    """One `feeds:` list item, in block style at `indent`, holding only the set fields."""
    fields: dict[str, object] = {"url": spec.url}
    if spec.title:
        fields["title"] = spec.title
    if spec.category:
        fields["category"] = spec.category
    if spec.tags:
        fields["tags"] = list(spec.tags)
    if spec.full_text:
        fields["full_text"] = True
    if spec.keep_days is not None:
        fields["keep_days"] = spec.keep_days
    if spec.max_items is not None:
        fields["max_items"] = spec.max_items
    if spec.ignore:
        fields["ignore"] = list(spec.ignore)
    if spec.download is not None:
        fields["download"] = spec.download
    return "".join(
        f"{indent}{'- ' if i == 0 else '  '}{_flow({key: value})}\n"
        for i, (key, value) in enumerate(fields.items())
    )


def _flow(item: dict[str, object], sort: bool = True) -> str:
    text = yaml.safe_dump(
        item, allow_unicode=True, default_flow_style=True, width=1_000_000, sort_keys=sort
    ).strip()
    return text[1:-1] if text.startswith("{") and text.endswith("}") else text


def append_searches(path: str | Path, searches: Sequence[SavedSearch]) -> tuple[int, int]:
    """Append `searches` whose title the file's `searches:` list does not hold yet, as
    the file is now (comments and layout kept). Returns (added, already present)."""
    path = Path(path)
    text = _read(path)
    data = yaml.safe_load(text) if text.strip() else None
    listed = data.get("searches") if isinstance(data, dict) else None
    known = set()
    for item in listed if isinstance(listed, list) else []:
        known.add(
            str(item.get("title") or item.get("query")) if isinstance(item, dict) else str(item)
        )
    new = [s for s in searches if s.title not in known]
    if not new:
        return 0, len(searches)

    def items(indent: str) -> str:
        return "".join(
            f"{indent}- {_flow({'title': s.title})}\n{indent}  {_flow({'query': s.query})}\n"
            for s in new
        )

    _write(path, _append_items(text, "searches", items, path))
    return len(new), len(searches) - len(new)


def _append_items(text: str, key: str, items: Callable[[str], str], path: Path) -> str:
    """`text` with `items(indent)` (YAML list items) at the end of its top-level `key:`
    block list, made when missing; the items take the indent of the list's own."""
    lines, start, newline = _block(
        text,
        key,
        "[]",
        f"{path}: the {key} list is written inline; make it a block list to add to it",
    )
    # End of the block: the next top-level key.
    end = len(lines)
    indent = "  "
    for i in range(start + 1, len(lines)):
        if _TOP_KEY.match(lines[i]):
            end = i
            break
        m = re.match(r"^(\s*)- ", lines[i])
        if m:
            indent = m.group(1)
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    lines.insert(end, items(indent).replace("\n", newline))
    return "".join(lines)


def _block(text: str, key: str, empty: str, inline: str) -> tuple[list[str], int, str]:
    """The lines of `text` (the last one ended), the index of its top-level `key:` line
    (added at the end when missing; `key: []` / `{}` / `null` made a bare `key:`), and
    the file's line break. ValueError(`inline`) when the block is written inline."""
    newline = "\r\n" if "\r\n" in text else "\n"  # a CRLF file stays CRLF
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    start = next((i for i, ln in enumerate(lines) if re.match(rf"^{key}\s*:", ln)), None)
    if start is None:
        lines.append(f"{key}:{newline}")
        return lines, len(lines) - 1, newline
    value = lines[start].split(":", 1)[1].split("#", 1)[0].strip()
    if value in (empty, "null", "~"):
        lines[start] = f"{key}:{newline}"
    elif value:
        raise ValueError(inline)
    return lines, start, newline


def _read(path: Path) -> str:
    """The file's text as it is (not read_text: CRLF stays CRLF), "" when missing."""
    return path.read_bytes().decode("utf-8") if path.exists() else ""


def _write(path: Path, text: str) -> None:
    """Replace the file with `text` at once, its folder made when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace_file(path, text)


def add_entries(text: str, key: str, entries: Sequence[tuple[str, object]], path: Path) -> str:
    """`text` with `name: value` entries at the end of its top-level `key:` block mapping
    (`settings:`, `keys:`), which is made at the end of the file when missing; every
    other line stays as it is. ValueError when the mapping is written inline."""
    if not entries:
        return text
    inline = (
        f"{path}: {key}: is written inline ({key}: {{...}}); make it a block,"
        " one `name: value` a line, to add to it"
    )
    lines, start, newline = _block(text, key, "{}", inline)
    end = next((i for i in range(start + 1, len(lines)) if _TOP_KEY.match(lines[i])), len(lines))
    # Blank lines and unindented comments before the next key belong to what follows.
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    indented = (re.match(r"^([ \t]+)\S", ln) for ln in lines[start + 1 : end])
    indent = next((m.group(1) for m in indented if m), "  ")
    block = "".join(f"{indent}{_entry_line(name, value)}{newline}" for name, value in entries)
    lines.insert(end, block)
    return "".join(lines)


def _entry_line(name: str, value: object) -> str:
    """`name: value` in one line, the value quoted only when YAML needs it
    (`keys: escape, q, h` stays as written); a list or mapping in YAML's flow style
    (`v: [{browser: mpv %u}, open_link]`)."""
    if isinstance(value, (list, dict)):
        flow = yaml.safe_dump(
            {name: value},
            allow_unicode=True,
            default_flow_style=True,
            sort_keys=False,
            width=1_000_000,
        ).strip()
        return flow[1:-1]  # {v: [...]} -> v: [...]
    line = yaml.safe_dump(
        {name: value}, allow_unicode=True, default_flow_style=False, width=1_000_000
    ).rstrip("\n")
    if "\n" in line:  # a value with a line break: one line, in double quotes
        line = f"{name}: {json.dumps(value, ensure_ascii=False)}"
    return line


def add_list_items(text: str, key: str, values: Sequence[object], path: Path) -> str:
    """`text` with `values` (strings, or mappings written in a line) at the end of its
    top-level `key:` block list (`ignore:`, `highlight:`), made when missing. ValueError
    when the list is written inline."""
    if not values:
        return text

    def items(indent: str) -> str:
        return "".join(f"{indent}- {yaml_scalar(v, sort=False)}\n" for v in values)

    return _append_items(text, key, items, path)


def yaml_scalar(value: object, *, sort: bool = True) -> str:
    """`value` as YAML writes it in a line (quoted when it must be); a mapping's keys
    in order (`sort`) or as given."""
    return _flow({"x": value}, sort).removeprefix("x: ")


def new_feeds_yaml() -> str:
    """The text of a feeds.yaml with no feeds yet, for settings to go into."""
    return _HEADER + "feeds: []\n"


def replace_checked(path: str | Path, text: str, check: Callable[[Path], None]) -> None:
    """Replace the file at `path` with `text` as _replace_file does, once `check` has
    taken the same text from a file beside it (so that relative paths in it resolve as
    they will): `check` raising leaves the file as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    probe = path.with_name(f".{path.name}.check")
    try:
        probe.write_bytes(text.encode("utf-8"))
        check(probe)
    finally:
        probe.unlink(missing_ok=True)
    _replace_file(path, text)
