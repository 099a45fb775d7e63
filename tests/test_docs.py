"""What README.md, docs/feeds-yaml.md and the shipped feeds.yaml say is what the code
does: every setting in the docs' table with its type, default and range; the examples
load; the README's keys table names every key the reader has, and no other."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from tidings.core.config import ConfigError, load_config
from tidings.core.models import THEMES, Settings
from tidings.tui.keymap import ACTIONS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FEEDS_YAML_MD = (ROOT / "docs" / "feeds-yaml.md").read_text(encoding="utf-8")
FEED = "feeds:\n  - https://a.example/rss\n"
# A setting whose default is None in Settings but has a name in the docs.
NAMED_NONE = {"theme": "textual-dark"}  # Settings.theme None: the reader's textual-dark


def table(markdown: str, heading: str) -> list[list[str]]:
    """The rows (cells stripped, `\\|` kept as `|`) of the first table under `heading`."""
    section = markdown.split(f"\n{heading}\n", 1)[1]
    rows: list[list[str]] = []
    for line in section.splitlines():
        if not line.startswith("|"):
            if rows:
                break
            continue
        if set(line) <= set("|-"):
            continue
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        rows.append([c.strip().replace("\\|", "|") for c in cells])
    return rows[1:]  # without the header


SETTINGS_ROWS = {
    row[0].strip("`"): row for row in table(FEEDS_YAML_MD, "## `settings` (mapping, optional)")
}


def load_settings(tmp_path: Path, key: str, value: str) -> Settings:
    path = tmp_path / "feeds.yaml"
    path.write_text(f"settings:\n  {key}: {value}\n{FEED}", encoding="utf-8")
    return load_config(path).settings


def refused(tmp_path: Path, key: str, value: str) -> str:
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path, key, value)
    return str(info.value)


def test_the_settings_table_lists_every_setting_once():
    names = [row[0].strip("`") for row in table(FEEDS_YAML_MD, "## `settings` (mapping, optional)")]
    assert sorted(names) == sorted(f.name for f in dataclasses.fields(Settings))
    assert len(names) == len(set(names))


@pytest.mark.parametrize("key", sorted(SETTINGS_ROWS))
def test_a_settings_default_is_the_one_in_the_table(key):
    cell = SETTINGS_ROWS[key][2]
    default = getattr(Settings(), key)
    literal = re.fullmatch(r"`([^`]+)`|([\d.]+)", cell)
    if not literal:  # said in words: `$BROWSER`, else the desktop's; none
        assert default is None, f"{key}: the table says {cell!r}, the code {default!r}"
        return
    text = literal.group(1) or literal.group(2)
    if default is None:
        assert NAMED_NONE.get(key) == text, f"{key}: the table says {cell!r}, the code None"
    elif isinstance(default, bool):
        assert text == str(default).lower()
    elif isinstance(default, int | float):
        assert float(text) == default
    else:
        assert text == default


@pytest.mark.parametrize(
    "key", sorted(k for k, row in SETTINGS_ROWS.items() if re.fullmatch(r"[\d.]+–[\d.]+", row[3]))
)
def test_a_numbers_range_is_the_one_in_the_table(tmp_path, key):
    lo, hi = SETTINGS_ROWS[key][3].split("–")
    assert getattr(load_settings(tmp_path, key, lo), key) == float(lo)
    assert getattr(load_settings(tmp_path, key, hi), key) == float(hi)
    step = 1 if "." not in lo else 0.05
    below, above = float(lo) - step, float(hi) + step
    for outside in (below, above):
        written = str(int(outside)) if step == 1 else str(outside)
        assert f"out of range; expected {lo} to {hi}" in refused(tmp_path, key, written)


@pytest.mark.parametrize(
    "key", sorted(k for k, row in SETTINGS_ROWS.items() if row[3].endswith("characters"))
)
def test_a_texts_length_is_the_one_in_the_table(tmp_path, key):
    lo, hi = (int(n) for n in re.match(r"(\d+)–(\d+) ", SETTINGS_ROWS[key][3]).groups())
    assert lo == 1
    longest = "/x" + "y" * (hi - 2)  # a path, a command or text alike
    if key == "notify_format":
        longest = "%d" + "y" * (hi - 2)
    assert getattr(load_settings(tmp_path, key, f"'{longest}'"), key) == longest
    assert f"1 to {hi}" in refused(tmp_path, key, f"'{longest}y'")


@pytest.mark.parametrize(
    "key",
    sorted(k for k, row in SETTINGS_ROWS.items() if "/" in row[1] and row[1] != "`true` / `false`"),
)
def test_a_choices_words_are_the_ones_in_the_table(tmp_path, key):
    words = re.findall(r"`([^`]+)`", SETTINGS_ROWS[key][1])
    for word in words:
        assert getattr(load_settings(tmp_path, key, word), key) == word
    message = refused(tmp_path, key, "nonsense")
    expected = message.rsplit("expected ", 1)[1].split(", got")[0].removeprefix("one of: ")
    assert re.split(r", | or ", expected) == words


def test_every_theme_is_named_in_the_table():
    cell = SETTINGS_ROWS["theme"][4]
    named = set(re.findall(r"`([a-z-]+)`", cell))
    for theme in THEMES:
        # "`catppuccin-latte` / `-frappe`": a later one by the part that differs
        assert theme in named or any(theme.endswith(n) for n in named if n.startswith("-")), theme


@pytest.mark.parametrize("key", ["keep_days", "max_items"])
def test_a_feeds_own_range_is_the_one_in_the_table(tmp_path, key):
    rows = {row[0].strip("`"): row for row in table(FEEDS_YAML_MD, "## `feeds` (list, required)")}
    lo, hi = re.search(r"(\d+)–(\d+)", rows[key][1]).groups()
    path = tmp_path / "feeds.yaml"
    path.write_text(f"feeds:\n  - url: https://a.example/rss\n    {key}: {hi}\n", encoding="utf-8")
    assert getattr(load_config(path).feeds[0], key) == int(hi)
    path.write_text(
        f"feeds:\n  - url: https://a.example/rss\n    {key}: {int(hi) + 1}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=f"expected {lo} to {hi}"):
        load_config(path)


def test_the_shipped_feeds_yaml_shows_the_defaults(tmp_path):
    # Its header says: "settings: all optional; the values below are the defaults."
    path = ROOT / "feeds.yaml"
    written = yaml.safe_load(path.read_text(encoding="utf-8"))["settings"]
    settings = load_config(path).settings
    for key in written:
        assert getattr(settings, key) == getattr(Settings(), key), key


@pytest.mark.parametrize("name", ["README.md", "docs/feeds-yaml.md"])
def test_the_docs_feeds_yaml_examples_load(tmp_path, name):
    doc = (ROOT / name).read_text(encoding="utf-8")
    examples = re.findall(r"```yaml\n(.*?)```", doc, re.S)
    assert examples, name
    for example in examples:
        if example.startswith(" "):  # a part of a file, shown as tidings add writes it
            continue
        if not re.search(r"^feeds:", example, re.M):  # a top-level key, not a rule's
            example += FEED
        path = tmp_path / "feeds.yaml"
        path.write_text(example, encoding="utf-8")
        load_config(path)


# The README's way of writing a key, by Textual's name for it.
README_KEYS = {
    "↓": "down", "↑": "up", "Home": "home", "End": "end", "PageUp": "pageup",
    "PageDown": "pagedown", "Enter": "enter", "Tab": "tab", "Shift+Tab": "shift+tab",
    "Esc": "escape", "Space": "space", "Backspace": "backspace", "Ctrl+B": "ctrl+b",
    "Ctrl+K": "ctrl+k", "|": "vertical_line", "/": "slash", "?": "question_mark",
    "[": "left_square_bracket", "]": "right_square_bracket", ",": "comma",
    "{": "left_curly_bracket", "}": "right_curly_bracket",
}  # fmt: skip


def test_the_readme_keys_table_names_every_key_and_no_other():
    shown: set[str] = set()
    for row in table(README, "## The reader"):
        for cell in row[0::2]:  # the key columns
            cell = cell.replace("`1`…`9`", " ".join(f"`{n}`" for n in range(1, 10)))
            cell = re.sub(r"\((?!`)[^)]*\)", "", cell)  # "(Space at the end)": said, not a key
            cell = cell.replace("then a key", "")
            keys = re.findall(r"`([^`]+)`", cell) + re.findall(r"[↓↑]|\b[A-Z][\w+]*[a-zA-Z]", cell)
            shown |= {
                README_KEYS.get(k) or (k.lower() if k.startswith("Ctrl+") else k) for k in keys
            }
    shown.discard("")
    defaults = {k for a in ACTIONS for k in a.keys.split(",")}
    assert shown == defaults
