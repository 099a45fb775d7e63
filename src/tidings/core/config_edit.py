"""Writing feeds.yaml: a new one (dump_feeds_yaml), or feeds added to an existing one
without losing its comments or layout (append_feeds)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from tidings.core.feed_location import feed_key
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
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    known = {feed_key(url) for url in _listed_urls(text)}
    new = []
    for spec in specs:
        if feed_key(spec.url) not in known:
            known.add(feed_key(spec.url))
            new.append(spec)
    if not new:
        return 0, len(specs)
    _write(path, _append_items(text, "feeds", lambda indent: "".join(feed_item_yaml(s, indent) for s in new), path))
    return len(new), len(specs) - len(new)


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
    return "".join(
        f"{indent}{'- ' if i == 0 else '  '}{_flow({key: value})}\n"
        for i, (key, value) in enumerate(fields.items())
    )


def _flow(item: dict[str, object]) -> str:
    text = yaml.safe_dump(
        item, allow_unicode=True, default_flow_style=True, width=1_000_000
    ).strip()
    return text[1:-1] if text.startswith("{") and text.endswith("}") else text


def append_searches(path: str | Path, searches: Sequence[SavedSearch]) -> tuple[int, int]:
    """Append `searches` whose title the file's `searches:` list does not hold yet, as
    the file is now (comments and layout kept). Returns (added, already present)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    data = yaml.safe_load(text) if text.strip() else None
    listed = data.get("searches") if isinstance(data, dict) else None
    known = set()
    for item in listed if isinstance(listed, list) else []:
        known.add(str(item.get("title") or item.get("query")) if isinstance(item, dict) else str(item))
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
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next((i for i, ln in enumerate(lines) if re.match(rf"^{key}\s*:", ln)), None)
    if start is None:
        lines.append(f"{key}:\n")
        start = len(lines) - 1
    else:
        inline = lines[start].split(":", 1)[1].split("#", 1)[0].strip()
        if inline in ("[]", "null", "~"):
            lines[start] = f"{key}:\n"
        elif inline:
            raise ValueError(
                f"{path}: the {key} list is written inline; make it a block list to add to it"
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
    lines.insert(end, items(indent))
    return "".join(lines)


def _write(path: Path, text: str) -> None:
    """Replace the file with `text` at once (a temporary file renamed over it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
