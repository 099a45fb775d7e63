"""feeds.yaml followed while the reader runs (core.config_reload): the stamp that tells a
change, the file read again, what changed between two configs and how it is told, and
the editor E runs."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from tidings.core.config import load_config
from tidings.core.config_reload import (
    ConfigChange,
    diff_configs,
    editor_command,
    problem_line,
    read_config,
    stamp_of,
)
from tidings.core.models import Config, FeedSpec, SavedSearch, Settings

BASE = """\
settings:
  refresh_on_startup: false
feeds:
  - url: demo:world.xml
    title: World
  - demo:china.xml
  - demo:tech.atom
"""


def config(tmp_path, text: str) -> Config:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_a_feed_added_and_one_removed_in_one_line(tmp_path):
    old = config(tmp_path, BASE)
    new = config(
        tmp_path,
        BASE.replace("  - demo:china.xml\n", "")
        + "  - demo:science.json\n  - https://a.example/rss\n",
    )
    change = diff_configs(old, new)
    assert [s.url for s in change.added] == ["demo:science.json", "https://a.example/rss"]
    assert [s.url for s in change.removed] == ["demo:china.xml"]
    assert change.changed == () and not change.reordered and change.feeds
    assert change.summary() == "feeds.yaml: 2 feeds added, 1 removed"
    one = diff_configs(old, config(tmp_path, BASE.replace("  - demo:china.xml\n", "")))
    assert one.summary("my.yaml") == "my.yaml: 1 feed removed"


def test_where_an_item_sits_in_the_file_is_no_change(tmp_path):
    old = config(tmp_path, BASE)
    moved = config(tmp_path, "# a comment\n\n" + BASE + "searches: []\n")
    assert [s.line for s in old.feeds] != [s.line for s in moved.feeds]
    change = diff_configs(old, moved)
    assert change.empty and not change.feeds
    assert change.summary() == "feeds.yaml: no changes"


def test_titles_categories_tags_and_retention_are_changes_of_a_feed(tmp_path):
    old = config(tmp_path, BASE)
    new = config(
        tmp_path,
        BASE.replace("title: World", "title: 世界\n    category: News").replace(
            "  - demo:china.xml", "  - url: demo:china.xml\n    tags: [中文]\n    max_items: 5"
        ),
    )
    change = diff_configs(old, new)
    assert [(s.url, s.title, s.category, s.tags) for s in change.changed] == [
        ("demo:world.xml", "世界", "News", ()),
        ("demo:china.xml", None, None, ("中文",)),
    ]
    assert change.added == change.removed == ()
    assert change.summary() == "feeds.yaml: 2 feeds changed"


def test_the_same_feeds_in_another_order(tmp_path):
    old = config(tmp_path, BASE)
    new = config(
        tmp_path,
        BASE.replace(
            "  - demo:china.xml\n  - demo:tech.atom\n", "  - demo:tech.atom\n  - demo:china.xml\n"
        ),
    )
    change = diff_configs(old, new)
    assert change.reordered and change.feeds and change.changed == ()
    assert change.summary() == "feeds.yaml: feeds reordered"


def test_searches_ignore_settings_and_keys(tmp_path):
    old = config(tmp_path, BASE)
    new = config(
        tmp_path,
        BASE.replace("settings:\n", "settings:\n  theme: nord\n  text_width: 72\n")
        + "searches:\n  - 台风\nignore:\n  - 广告\nkeys:\n  next_article: ctrl+n\n",
    )
    change = diff_configs(old, new)
    assert change.searches and change.ignore and change.keys
    assert change.settings == ("theme", "text_width")  # in Settings' order
    # the top-level rules are each feed's too: every feed changed with them
    assert len(change.changed) == 3
    assert change.summary() == (
        "feeds.yaml: 3 feeds changed, saved searches changed, ignore rules changed,"
        " settings changed (theme, text_width), keys changed"
    )
    # a saved search's query alone is a change; its line is not
    a = Config(searches=[SavedSearch("Storms", "台风", line=3)])
    assert not diff_configs(
        a, replace(a, searches=[SavedSearch("Storms", "台风", line=9)])
    ).searches
    assert diff_configs(a, replace(a, searches=[SavedSearch("Storms", "typhoon")])).searches


def test_a_new_url_is_another_feed():
    old = Config(feeds=[FeedSpec("https://a.example/rss", "A")])
    new = Config(feeds=[FeedSpec("https://a.example/feed", "A")])
    change = diff_configs(old, new)
    assert [s.url for s in change.added] == ["https://a.example/feed"]
    assert [s.url for s in change.removed] == ["https://a.example/rss"]
    assert ConfigChange().empty and not ConfigChange(settings=("theme",)).empty
    assert diff_configs(
        Config(settings=Settings()), Config(settings=Settings(show_read=False))
    ).settings == ("show_read",)


def test_reading_the_file_a_good_one_a_broken_one_and_none(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text(BASE, encoding="utf-8")
    good = read_config(path)
    assert good.config is not None and good.problems == () and good.stamp == stamp_of(path)
    assert [s.url for s in good.config.feeds] == [
        "demo:world.xml",
        "demo:china.xml",
        "demo:tech.atom",
    ]

    path.write_text(BASE + "  - htp://x\n  - url: demo:world.xml\n", encoding="utf-8")
    broken = read_config(path)
    assert broken.config is None and len(broken.problems) == 2
    assert broken.problems[0].startswith(f"{path}:8: feeds[3].url: ")
    # the status line's form: the file's name, the first mistake, how many more
    line = problem_line(broken, path)
    assert line.startswith("feeds.yaml:8: feeds[3].url: 'htp://x' is not")
    assert line.endswith(" (and 1 more)")

    path.write_text("feeds:\n  - demo:world.xml\n - bad\n", encoding="utf-8")
    assert problem_line(read_config(path), path).startswith("feeds.yaml:3:2: malformed YAML: ")

    path.unlink()
    gone = read_config(path)
    assert gone.stamp is None and gone.config is None
    assert problem_line(gone, path) == "feeds.yaml: no such file"


def test_the_stamp_changes_with_every_kind_of_save(tmp_path):
    path = tmp_path / "feeds.yaml"
    assert stamp_of(path) is None
    path.write_text(BASE, encoding="utf-8")
    first = stamp_of(path)
    assert first is not None and stamp_of(path) == first
    with path.open("a", encoding="utf-8") as fh:  # written in place
        fh.write("# more\n")
    second = stamp_of(path)
    assert second != first
    new = tmp_path / "feeds.yaml.new"  # renamed over it, as vim and atomic writers do
    new.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(new, ns=(second.mtime_ns, second.mtime_ns))  # the same size and time even
    os.replace(new, path)
    assert stamp_of(path) != second


def test_the_editor_visual_then_editor_then_vi(tmp_path):
    path = tmp_path / "my feeds.yaml"
    assert editor_command(path, {}) == ["vi", str(path)]
    assert editor_command(path, {"EDITOR": "nano"}) == ["nano", str(path)]
    assert editor_command(path, {"EDITOR": "nano", "VISUAL": "code --wait"}) == [
        "code",
        "--wait",
        str(path),
    ]
    assert editor_command(path, {"VISUAL": "  ", "EDITOR": "'/opt/my editor/ed' -x"}) == [
        "/opt/my editor/ed",
        "-x",
        str(path),
    ]
    # a shell's characters are words like any other: nothing runs through a shell
    assert editor_command(path, {"EDITOR": "vi; rm -rf ~"}) == ["vi;", "rm", "-rf", "~", str(path)]
    with pytest.raises(ValueError, match="No closing quotation"):
        editor_command(path, {"EDITOR": "vi 'oops"})
