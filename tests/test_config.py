"""feeds.yaml: what loads, and errors that name the file, line and field."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tidings.core.config import ConfigError, dump_feeds_yaml, load_config
from tidings.core.models import FeedSpec, Settings

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    return str(info.value).replace(f"{tmp_path}/", "")  # messages start "feeds.yaml:LINE:"


def test_refresh_every_is_minutes_up_to_a_week(tmp_path):
    # newsboat's auto-reload / reload-time: off unless feeds.yaml says how often.
    feeds = "feeds:\n  - https://a.example/rss\n"
    assert load_config(write(tmp_path, feeds)).settings.refresh_every == 0
    path = write(tmp_path, "settings:\n  refresh_every: 30\n" + feeds)
    assert load_config(path).settings.refresh_every == 30
    err = error_of(tmp_path, "settings:\n  refresh_every: 20000\n" + feeds)
    assert err == "feeds.yaml:2: settings.refresh_every: 20000 is out of range; expected 0 to 10080"
    err = error_of(tmp_path, "settings:\n  refresh_every: 1h\n" + feeds)
    assert err.startswith("feeds.yaml:2: settings.refresh_every: expected a whole number")


def test_the_question_before_marking_all_read_can_be_turned_off(tmp_path):
    # As newsboat's confirm-mark-feed-read: on unless feeds.yaml says otherwise.
    feeds = "feeds:\n  - https://a.example/rss\n"
    assert load_config(write(tmp_path, feeds)).settings.confirm_mark_all is True
    path = write(tmp_path, "settings:\n  confirm_mark_all: false\n" + feeds)
    assert load_config(path).settings.confirm_mark_all is False


def test_the_search_history_keeps_100_searches_unless_told(tmp_path):
    # As newsboat's history-limit: 0 keeps none (and writes no file).
    feeds = "feeds:\n  - https://a.example/rss\n"
    assert load_config(write(tmp_path, feeds)).settings.search_history == 100
    path = write(tmp_path, "settings:\n  search_history: 0\n" + feeds)
    assert load_config(path).settings.search_history == 0
    err = error_of(tmp_path, "settings:\n  refresh_every: 5\n  search_history: 20000\n" + feeds)
    assert (
        err == "feeds.yaml:3: settings.search_history: 20000 is out of range; expected 0 to 10000"
    )
    err = error_of(tmp_path, "settings:\n  search_history: lots\n" + feeds)
    assert err.startswith("feeds.yaml:2: settings.search_history: expected a whole number")
    err = error_of(tmp_path, "settings:\n  search_history: -1\n" + feeds)
    assert err.endswith("-1 is out of range; expected 0 to 10000")


def test_valid_file_with_shorthand_tags_and_settings(tmp_path):
    (tmp_path / "local").mkdir()
    path = write(
        tmp_path,
        "# my feeds\n"
        "settings:\n"
        "  concurrency: 8\n"
        "  connect_timeout: 2.5\n"
        "  max_bytes: 5 MB\n"
        "  refresh_on_startup: false\n"
        "feeds:\n"
        "  - https://a.example/rss\n"
        "  - url: https://b.example/atom\n"
        "    title: 中文新闻\n"
        "    category: World\n"
        "    tags: news\n"
        "  - url: local/feed.xml\n"
        "    tags: [a, b, a]\n"
        "    full_text: true\n"
        "  - demo:world.xml\n"
        "keys:\n"
        "  next_article: ctrl+n\n",
    )
    cfg = load_config(path)
    assert cfg.feeds == [
        FeedSpec(url="https://a.example/rss", line=8),
        FeedSpec(
            url="https://b.example/atom", title="中文新闻", category="World", tags=("news",), line=9
        ),
        FeedSpec(
            url=str(tmp_path / "local" / "feed.xml"), tags=("a", "b"), full_text=True, line=13
        ),
        FeedSpec(url="demo:world.xml", line=16),
    ]
    assert cfg.settings == Settings(
        concurrency=8, connect_timeout=2.5, max_bytes=5_000_000, refresh_on_startup=False
    )
    assert cfg.keys == {"next_article": "ctrl+n"}
    assert cfg.path == str(path)


def test_numbers_as_titles_are_kept_as_written(tmp_path):
    cfg = load_config(write(tmp_path, "feeds:\n  - url: https://e.example/\n    title: 1843\n"))
    assert cfg.feeds[0].title == "1843"


def test_empty_feeds_list_is_allowed(tmp_path):
    assert load_config(write(tmp_path, "feeds: []\n")).feeds == []


def test_bad_url_names_line_and_field(tmp_path):
    err = error_of(
        tmp_path, "feeds:\n  - https://ok.example/\n  - url: https://b.example/\n  - url: htp://x\n"
    )
    assert err.endswith(
        "feeds.yaml:4: feeds[2].url: 'htp://x' is not an http(s) URL or a file path"
    )


def test_bare_host_gets_a_suggestion(tmp_path):
    err = error_of(tmp_path, "feeds:\n  - example.com/rss\n")
    assert "feeds.yaml:2: feeds[0].url:" in err and "did you mean 'https://example.com/rss'?" in err


def test_unknown_feed_key_suggests_the_close_one(tmp_path):
    err = error_of(tmp_path, "feeds:\n  - url: https://a.example/\n    titel: A\n")
    assert "feeds.yaml:3: feeds[0].titel: unknown key 'titel' (did you mean 'title'?)" in err
    assert "valid keys: url, title, category, tags, full_text" in err


def test_unknown_top_level_key(tmp_path):
    err = error_of(tmp_path, "feeds: []\nsetings:\n  concurrency: 2\n")
    assert "feeds.yaml:2: setings: unknown key 'setings' (did you mean 'settings'?)" in err


def test_wrong_types_name_their_lines(tmp_path):
    err = error_of(
        tmp_path,
        "feeds:\n"
        "  - url: https://a.example/\n"
        "    full_text: 'yes'\n"
        "    tags: {a: 1}\n"
        "  - url: [https://b.example/]\n"
        "  - url: https://c.example/\n"
        "    title: [x]\n",
    )
    lines = err.splitlines()
    assert "feeds.yaml:3: feeds[0].full_text: expected true or false, got 'yes'" in lines
    assert "feeds.yaml:4: feeds[0].tags: expected a tag or a list of tags, got a mapping" in lines
    assert "feeds.yaml:5: feeds[1].url: expected a URL or file path, got a list" in lines
    assert "feeds.yaml:7: feeds[2].title: expected a string, got a list" in lines


def test_duplicate_urls_name_both_lines(tmp_path):
    err = error_of(
        tmp_path,
        "feeds:\n  - https://a.example/rss\n  - https://b.example/\n  - url: HTTPS://A.example/rss\n",
    )
    assert "feeds.yaml:4: feeds[2].url:" in err and "listed twice (lines 2 and 4" in err


def test_malformed_yaml_gives_line_and_column(tmp_path):
    err = error_of(tmp_path, "feeds:\n  - url: https://a.example/\n   title: [oops\n")
    assert err.startswith("feeds.yaml:3:")
    assert "malformed YAML" in err


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        (
            "feeds:\n  - url: https://a.example/\n    title: News: World\n",
            "feeds.yaml:3:16: malformed YAML: mapping values are not allowed in this context"
            " (a value holding ': ' needs quotes: title: \"News: World\")",
        ),
        (
            "feeds:\n  - url: https://a.example/\n  title: x\n",
            "feeds.yaml:3:3: malformed YAML: while parsing a block collection; did not find"
            " expected '-' indicator (check this line's indentation against the lines above:"
            " a feed's keys line up under its url)",
        ),
    ],
)
def test_malformed_yaml_says_what_to_do(tmp_path, text, advice):
    assert error_of(tmp_path, text) == advice


def test_tags_written_with_commas_are_several(tmp_path):
    (tmp_path / "feeds.yaml").write_text(
        "feeds:\n  - url: https://a.example/\n    tags: news, world,news\n"
    )
    assert load_config(tmp_path / "feeds.yaml").feeds[0].tags == ("news", "world")


def test_a_tag_yaml_reads_as_a_number_or_yes_is_told_with_its_line(tmp_path, capsys):
    # `tags: 5` became the tag "5" silently; quoted, "5" is a tag like any other
    from tidings.cli import main

    cfg = write(
        tmp_path,
        "feeds:\n"
        "  - url: demo:tech.atom\n"
        "    tags: 5\n"
        "  - url: demo:china.xml\n"
        '    tags: [news, 2024, "7", yes]\n'
        "  - url: demo:world.xml\n"
        "    tags: 2024-01-05\n",
    )
    args = ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
    assert main([*args, "list"]) == 2
    assert capsys.readouterr().err == (
        f"tidings: {cfg}:3: feeds[0].tags: expected a tag or a list of tags, got 5;"
        ' a tag is text: write it in quotes, tags: "5"\n'
        f"{cfg}:5: feeds[1].tags[1]: expected a string, got 2024; a tag is text: write it"
        ' in quotes, "2024"\n'
        f"{cfg}:5: feeds[1].tags[3]: expected a string, got true/false; a tag is text: write"
        ' it in quotes, "yes"\n'
        f"{cfg}:7: feeds[2].tags: expected a tag or a list of tags, got a date; a tag is"
        ' text: write it in quotes, tags: "2024-01-05"\n'
    )
    write(
        tmp_path,
        "feeds:\n"
        "  - url: demo:tech.atom\n"
        '    tags: "5"\n'
        "    category:\n"  # empty: no category, as `title:` empty is the feed's own title
        "  - url: demo:china.xml\n"
        "    tags: [news, '2024']\n",
    )
    assert main([*args, "list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["tags"], r["category"]) for r in rows] == [(["5"], None), (["news", "2024"], None)]


def test_missing_feeds(tmp_path):
    err = error_of(tmp_path, "settings:\n  concurrency: 2\n")
    assert "feeds.yaml:1: feeds: missing" in err


def test_an_empty_feeds_yaml_is_no_feeds_yet(tmp_path):
    # `touch feeds.yaml` then `tidings import urls` / `tidings add URL` said "feeds:
    # missing" and did nothing; an empty file (or one of comments) is feeds: [].
    for text in ("", "# my feeds\n"):
        (tmp_path / "feeds.yaml").write_text(text)
        assert load_config(tmp_path / "feeds.yaml").feeds == []


def test_feeds_must_be_a_list(tmp_path):
    err = error_of(tmp_path, "feeds:\n  url: https://a.example/\n")
    assert "feeds.yaml:2: feeds: expected a list of feeds, got a mapping" in err


def test_missing_file_says_how_to_create_one(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "nope.yaml")
    assert "no such file" in str(info.value) and "feeds:" in str(info.value)
    assert "tidings import" in str(info.value)


def test_unknown_demo_feed_lists_the_real_ones(tmp_path):
    err = error_of(tmp_path, "feeds:\n  - demo:nothing.xml\n")
    assert "no demo feed named 'nothing.xml'" in err and "world.xml" in err


def test_javascript_and_other_schemes_rejected(tmp_path):
    err = error_of(tmp_path, "feeds:\n  - javascript:alert(1)\n  - ftp://a.example/x\n")
    assert "feeds.yaml:2: feeds[0].url: 'javascript:alert(1)' is not an http(s) URL" in err
    assert "feeds.yaml:3: feeds[1].url:" in err


def test_article_order_is_newest_or_oldest(tmp_path):
    # newsboat's article-sort-order date-desc / date-asc.
    feeds = "feeds:\n  - https://a.example/rss\n"
    assert load_config(write(tmp_path, feeds)).settings.article_order == "newest"
    path = write(tmp_path, "settings:\n  article_order: oldest\n" + feeds)
    assert load_config(path).settings.article_order == "oldest"
    err = error_of(tmp_path, "settings:\n  article_order: date-asc\n" + feeds)
    assert err == (
        "feeds.yaml:2: settings.article_order: got 'date-asc'; expected one of: newest, oldest,"
        " title, title-desc, author, author-desc, feed, feed-desc"
    )
    err = error_of(tmp_path, "settings:\n  article_order: [oldest]\n" + feeds)
    assert err.startswith("feeds.yaml:2: settings.article_order: got a list; expected one of:")


def test_save_dir_is_a_directory_path(tmp_path):
    # Where S saves articles (newsboat's save-path); unset: downloads dir, else home.
    feeds = "feeds:\n  - https://a.example/rss\n"
    assert load_config(write(tmp_path, feeds)).settings.save_dir is None
    path = write(tmp_path, "settings:\n  save_dir: ~/news/存档\n" + feeds)
    assert load_config(path).settings.save_dir == "~/news/存档"  # ~ expanded when used
    path = write(tmp_path, "settings:\n  save_dir: /srv/news\n" + feeds)
    assert load_config(path).settings.save_dir == "/srv/news"
    path = write(tmp_path, "settings:\n  save_dir: saved\n" + feeds)  # as feed paths are
    assert load_config(path).settings.save_dir == str(tmp_path / "saved")
    for value, got in (
        ("[a, b]", "a list"),
        ("{a: 1}", "a mapping"),
        ("2026", "2026"),
        ("true", "true/false"),
        ("~", "nothing"),
    ):
        err = error_of(tmp_path, f"{feeds}settings:\n  concurrency: 2\n  save_dir: {value}\n")
        assert err == (
            f"feeds.yaml:5: settings.save_dir: expected a directory path such as ~/news, got {got}"
        )
    err = error_of(tmp_path, 'settings:\n  save_dir: "a\\tb"\n' + feeds)
    assert err.startswith("feeds.yaml:2: settings.save_dir: expected a directory path")


def test_text_width_is_a_number_of_cells(tmp_path):
    # newsboat's text-width; 0 (the default) is the reading pane's width
    feeds = "feeds:\n  - https://a.example/rss\n"
    assert load_config(write(tmp_path, feeds)).settings.text_width == 0
    path = write(tmp_path, "settings:\n  text_width: 72\n" + feeds)
    assert load_config(path).settings.text_width == 72
    err = error_of(tmp_path, "settings:\n  text_width: wide\n" + feeds)
    assert err.startswith("feeds.yaml:2: settings.text_width: expected a whole number")


def test_settings_are_checked_for_type_and_range(tmp_path):
    err = error_of(
        tmp_path,
        "settings:\n"
        "  concurrency: 0\n"
        "  retries: true\n"
        "  connect_timeout: fast\n"
        "  max_bytes: lots\n"
        "  refresh_on_startup: 1\n"
        "  user_agent: ''\n"
        "  colour: blue\n"
        "feeds: []\n",
    )
    lines = err.splitlines()
    assert "feeds.yaml:2: settings.concurrency: 0 is out of range; expected 1 to 256" in lines
    assert "feeds.yaml:3: settings.retries: expected a whole number, got true/false" in lines
    assert (
        "feeds.yaml:4: settings.connect_timeout: expected a number of seconds, got 'fast'" in lines
    )
    assert any(ln.startswith("feeds.yaml:5: settings.max_bytes: expected a size") for ln in lines)
    assert "feeds.yaml:6: settings.refresh_on_startup: expected true or false, got 1" in lines
    assert any(ln.startswith("feeds.yaml:7: settings.user_agent:") for ln in lines)
    assert any(ln.startswith("feeds.yaml:8: settings.colour: unknown key 'colour'") for ln in lines)


def test_keys_must_be_strings_or_a_list_of_them(tmp_path):
    err = error_of(tmp_path, "feeds: []\nkeys:\n  next_article: {a: b}\n")
    assert "feeds.yaml:3: keys.next_article: expected a key" in err
    err = error_of(tmp_path, "feeds: []\nkeys:\n  next_article: [a, [b]]\n")
    assert "feeds.yaml:3: keys.next_article: expected a key" in err


def test_dump_round_trips(tmp_path):
    specs = [
        FeedSpec(
            url="https://a.example/rss?x=1&y=2", title='A: the "best" # feed', category="新闻"
        ),
        FeedSpec(url="https://b.example/", tags=("x", "y z"), full_text=True),
    ]
    settings = Settings(concurrency=3, max_bytes=123_456)
    cfg = load_config(write(tmp_path, dump_feeds_yaml(specs, settings)))
    assert [FeedSpec(f.url, f.title, f.category, f.tags, f.full_text) for f in cfg.feeds] == specs
    assert cfg.settings == settings
    assert load_config(write(tmp_path, dump_feeds_yaml([]))).feeds == []


def test_ten_thousand_feeds_load_quickly(tmp_path):
    lines = ["feeds:"]
    for i in range(10_000):
        lines.append(
            f"  - url: https://host{i % 300}.example/feed/{i}\n    category: C{i % 20}\n    tags: [a, b]"
        )
    path = write(tmp_path, "\n".join(lines) + "\n")
    start = time.perf_counter()
    cfg = load_config(path)
    print(
        f"10,000 feeds loaded in {time.perf_counter() - start:.2f} s"
    )  # a figure, not an assertion
    assert len(cfg.feeds) == 10_000 and cfg.feeds[-1].line == 29_999


def test_shipped_feeds_yaml_loads():
    cfg = load_config(ROOT / "feeds.yaml")
    urls = [f.url for f in cfg.feeds]
    assert {"demo:world.xml", "demo:china.xml", "demo:tech.atom", "demo:science.json"} <= set(urls)
    assert any(u.startswith("https://") for u in urls)
    assert cfg.settings == Settings()


def test_shipped_feeds_yaml_commented_ignore_example_is_valid(tmp_path):
    text = (ROOT / "feeds.yaml").read_text(encoding="utf-8")
    start = text.index("# ignore:", text.index("\nsettings:"))  # below the header's
    block = text[start : text.index("\n\n", start)]
    uncommented = "\n".join(line[2:] for line in block.splitlines())
    path = tmp_path / "feeds.yaml"
    path.write_text(text.replace(block, uncommented), encoding="utf-8")
    assert load_config(path).ignore == ("广告", "/^\\[sponsored\\]/")


def test_saved_searches_take_a_query_or_a_title_and_a_query(tmp_path):
    cfg = load_config(
        write(
            tmp_path,
            "feeds: []\nsearches:\n  - 台风 OR typhoon\n  - title: Chips\n    query: 半导体 -股价\n"
            "  - query: 1843\n",
        )
    )
    assert [(s.title, s.query, s.line) for s in cfg.searches] == [
        ("台风 OR typhoon", "台风 OR typhoon", 3),
        ("Chips", "半导体 -股价", 4),
        ("1843", "1843", 6),
    ]


def test_saved_searches_take_operators_and_a_bad_one_is_a_mistake_with_its_line(tmp_path):
    text = (
        "feeds: []\nsearches:\n  - 台风 OR typhoon is:unread newer:3d\n"
        "  - title: Tech\n    query: tag:tech -is:read\n"
        "  - title: Late\n    query: storm after:yesterday\n"
        "  - is:maybe\n  - http://x 10:30\n"
    )
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    name = str(tmp_path / "feeds.yaml")
    assert info.value.problems == [
        f'{name}:7: searches[2].query: after: expected a date such as 2026-11-01, not "yesterday"',
        f'{name}:8: searches[3]: is: expected unread, read or starred, not "maybe"',
    ]
    good = "\n".join(text.splitlines()[:5] + text.splitlines()[-1:]) + "\n"
    assert [s.query for s in load_config(write(tmp_path, good)).searches] == [
        "台风 OR typhoon is:unread newer:3d",
        "tag:tech -is:read",
        "http://x 10:30",  # no operators: words with a colon
    ]


def test_bad_saved_searches_name_their_lines(tmp_path):
    text = (
        "feeds: []\nsearches:\n  - title: Storms\n  - title: A\n    qurey: x\n"
        "  - ''\n  - [a, b]\n  - Storms\n  - title: Storms\n    query: again\n"
    )
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    problems = info.value.problems
    name = str(tmp_path / "feeds.yaml")
    assert f"{name}:3: searches[0].query: missing; a saved search needs a query" in problems
    assert any(
        p.startswith(f"{name}:5: searches[1].qurey: unknown key 'qurey' (did you mean 'query'?)")
        for p in problems
    )
    assert f"{name}:6: searches[2]: empty query" in problems
    assert f"{name}:7: searches[3]: expected a query, or title: and query:" in problems
    assert f"{name}:9: searches[5]: the name 'Storms' is used twice (lines 8 and 9)" in problems
    assert error_of(tmp_path, "feeds: []\nsearches: x\n").endswith(
        "searches: expected a list of searches (a query, or title: and query:)"
    )


def test_a_feed_scheme_link_in_feeds_yaml_says_what_to_write(tmp_path):
    err = error_of(tmp_path, "feeds:\n  - feed://a.example/rss\n")
    assert err == (
        "feeds.yaml:2: feeds[0].url: 'feed://a.example/rss' is a feed: link;"
        " write the URL it stands for, 'http://a.example/rss'"
    )


def test_a_control_character_in_feeds_yaml_is_named_with_its_line(tmp_path):
    # PyYAML's ReaderError ("position 37" in "<unicode string>") said line 1 for any line.
    path = tmp_path / "feeds.yaml"
    path.write_text('feeds:\n  - url: http://a\n    title: "\x1b[31mred"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == (
        f"{path}:3:13: malformed YAML: control character U+001B, which YAML does not"
        " allow: remove it"
    )
