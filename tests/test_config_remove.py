"""config_edit.remove_feed: one feed's item leaves feeds.yaml; every other byte stays."""

from __future__ import annotations

import os

import pytest
import yaml

from tidings.core.config import load_config
from tidings.core.config_edit import remove_feed

FILE = """\
# 我的订阅 (my feeds)
settings:
  refresh_on_startup: false
feeds:
  # 新闻
  - url: https://a.example/rss   # 第一个
    title: 联合早报
    category: 中文
    tags: [news, 中文]
    ignore:
      - 广告
      - 体育
    # keep_days: 3   (tried, then left out)
  - https://b.example/feed/   # 第二个

  - url: https://c.example/atom
    title: C
searches:
  - 台风 OR typhoon
"""


def write(tmp_path, text: str, name: str = "feeds.yaml"):
    cfg = tmp_path / name
    cfg.write_bytes(text.encode("utf-8"))
    return cfg


def without(text: str, *lines: str) -> str:
    """`text` with these whole lines taken out, once each."""
    for line in lines:
        assert line in text
        text = text.replace(line, "", 1)
    return text


def urls(cfg) -> list[str]:
    return [f.url for f in load_config(cfg).feeds]


def test_a_mapping_item_goes_with_its_keys_nested_lists_and_comments(tmp_path):
    cfg = write(tmp_path, FILE)
    assert remove_feed(cfg, "https://a.example/rss") == "https://a.example/rss"
    assert cfg.read_text(encoding="utf-8") == without(
        FILE,
        "  - url: https://a.example/rss   # 第一个\n    title: 联合早报\n    category: 中文\n"
        "    tags: [news, 中文]\n    ignore:\n      - 广告\n      - 体育\n"
        "    # keep_days: 3   (tried, then left out)\n",
    )
    assert "  # 新闻\n" in cfg.read_text(encoding="utf-8")  # the comment above stays
    assert urls(cfg) == ["https://b.example/feed/", "https://c.example/atom"]


def test_a_string_item_in_the_middle_matched_without_its_trailing_slash(tmp_path):
    cfg = write(tmp_path, FILE)
    assert remove_feed(cfg, "HTTPS://B.example/feed") == "https://b.example/feed/"
    assert cfg.read_text(encoding="utf-8") == without(
        FILE, "  - https://b.example/feed/   # 第二个\n"
    )
    assert urls(cfg) == ["https://a.example/rss", "https://c.example/atom"]


def test_the_last_item_before_another_top_level_key(tmp_path):
    cfg = write(tmp_path, FILE)
    assert remove_feed(cfg, "https://c.example/atom/") == "https://c.example/atom"
    assert cfg.read_text(encoding="utf-8") == without(
        FILE, "  - url: https://c.example/atom\n    title: C\n"
    )
    config = load_config(cfg)
    assert [f.url for f in config.feeds] == ["https://a.example/rss", "https://b.example/feed/"]
    assert [s.query for s in config.searches] == ["台风 OR typhoon"]


def test_the_last_line_of_the_file_without_a_line_break(tmp_path):
    text = "feeds:\n  - https://a.example/rss\n  - https://b.example/rss"
    cfg = write(tmp_path, text)
    assert remove_feed(cfg, "https://b.example/rss")
    assert cfg.read_text() == "feeds:\n  - https://a.example/rss\n"


def test_the_only_item_leaves_an_empty_list_that_still_loads(tmp_path):
    cfg = write(tmp_path, "feeds:\n  - https://a.example/rss\nkeys:\n  quit: Q\n")
    assert remove_feed(cfg, "https://a.example/rss")
    assert cfg.read_text() == "feeds:\nkeys:\n  quit: Q\n"
    assert load_config(cfg).feeds == []


def test_a_dash_alone_on_its_line_and_a_list_at_the_key_s_indent(tmp_path):
    text = "feeds:\n- https://a.example/rss\n-\n  # the second\n  url: https://b.example/rss\n- x.xml\n"
    cfg = write(tmp_path, text)
    assert remove_feed(cfg, "https://b.example/rss")
    assert cfg.read_text() == "feeds:\n- https://a.example/rss\n- x.xml\n"


def test_a_block_scalar_ends_at_its_own_last_line(tmp_path):
    text = (
        "feeds:\n  - url: https://a.example/rss\n    title: |\n      Long\n      name\n  - b.xml\n"
    )
    cfg = write(tmp_path, text)
    assert remove_feed(cfg, "https://a.example/rss")
    assert cfg.read_text() == "feeds:\n  - b.xml\n"


def test_crlf_line_endings_are_kept(tmp_path):
    crlf = FILE.replace("\n", "\r\n")
    cfg = write(tmp_path, crlf)
    assert remove_feed(cfg, "https://b.example/feed")
    assert cfg.read_bytes() == without(crlf, "  - https://b.example/feed/   # 第二个\r\n").encode()
    assert urls(cfg) == ["https://a.example/rss", "https://c.example/atom"]


def test_not_listed_leaves_the_file_alone(tmp_path):
    cfg = write(tmp_path, FILE)
    before = os.stat(cfg).st_mtime_ns
    assert remove_feed(cfg, "https://a.example/rss/other") is None
    assert remove_feed(cfg, "http://a.example/rss") is None  # another scheme: another feed
    assert cfg.read_text(encoding="utf-8") == FILE
    assert os.stat(cfg).st_mtime_ns == before


def test_an_inline_list_is_refused(tmp_path):
    text = "feeds: [https://a.example/rss, https://b.example/rss]  # inline\n"
    cfg = write(tmp_path, text)
    with pytest.raises(ValueError, match="written inline"):
        remove_feed(cfg, "https://a.example/rss")
    assert cfg.read_text() == text
    assert remove_feed(cfg, "https://z.example/rss") is None


def test_written_atomically_with_the_file_s_mode(tmp_path):
    cfg = write(tmp_path, FILE)
    cfg.chmod(0o600)
    assert remove_feed(cfg, "https://a.example/rss")
    assert cfg.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["feeds.yaml"]  # no temporary file left


def test_not_yaml_raises_a_yaml_error(tmp_path):
    cfg = write(tmp_path, "feeds:\n  - [unclosed\n")
    with pytest.raises(yaml.YAMLError):
        remove_feed(cfg, "https://a.example/rss")


def test_a_relative_path_or_exec_program_is_found_as_the_reader_stores_it(tmp_path):
    # feeds.yaml lists them relative to itself; the reader (and D) know them resolved.
    cfg = write(
        tmp_path,
        "feeds:\n  - exec:./bin/top.sh --n 5\n  - feeds/local.xml\n  - https://a.example/rss\n",
    )
    config = load_config(cfg)
    stored = [f.url for f in config.feeds]
    assert stored[0] == f"exec:{tmp_path.resolve()}/bin/top.sh --n 5"
    assert remove_feed(cfg, stored[0]) == "exec:./bin/top.sh --n 5"
    assert remove_feed(cfg, stored[1]) == "feeds/local.xml"
    assert cfg.read_text(encoding="utf-8") == "feeds:\n  - https://a.example/rss\n"
