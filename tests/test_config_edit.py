import yaml

from tidings.core.config import load_config
from tidings.core.config_edit import append_feeds, append_searches
from tidings.core.models import FeedSpec, SavedSearch


def test_append_keeps_comments_and_later_keys(tmp_path):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        "# my feeds\nfeeds:\n  - url: https://a.example/rss  # first\n\nkeys:\n  quit: Q\n",
        encoding="utf-8",
    )
    added, present = append_feeds(
        cfg,
        [
            FeedSpec(url="https://a.example/rss"),
            FeedSpec(
                url="https://b.example/feed", title="新闻: B", category="News", tags=("x", "y z")
            ),
        ],
    )
    assert (added, present) == (1, 1)
    text = cfg.read_text(encoding="utf-8")
    assert "# my feeds" in text and "# first" in text
    data = yaml.safe_load(text)
    assert data["keys"] == {"quit": "Q"}
    assert data["feeds"][1] == {
        "url": "https://b.example/feed",
        "title": "新闻: B",
        "category": "News",
        "tags": ["x", "y z"],
    }


def test_append_creates_file(tmp_path):
    cfg = tmp_path / "sub" / "feeds.yaml"
    assert append_feeds(cfg, [FeedSpec(url="https://a.example/rss")]) == (1, 0)
    assert yaml.safe_load(cfg.read_text()) == {"feeds": [{"url": "https://a.example/rss"}]}


def test_append_to_empty_inline_list(tmp_path):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("feeds: []\n")
    append_feeds(cfg, [FeedSpec(url="https://a.example/rss")])
    assert yaml.safe_load(cfg.read_text()) == {"feeds": [{"url": "https://a.example/rss"}]}


def test_append_skips_a_feed_listed_with_another_case_or_trailing_slash(tmp_path):
    # Once appended, load_config would have refused the file: "listed twice".
    from tidings.core.config import load_config
    from tidings.core.config_edit import listed_url

    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("feeds:\n  - https://a.example/rss/\n  - url: https://b.example/feed\n")
    specs = [FeedSpec(url="HTTPS://A.Example/rss"), FeedSpec(url="https://b.example/feed/")]
    assert append_feeds(cfg, specs) == (0, 2)
    assert len(load_config(cfg).feeds) == 2
    assert listed_url(cfg, "https://A.EXAMPLE/rss") == "https://a.example/rss/"
    assert listed_url(cfg, "https://a.example/rss?page=2") is None
    assert listed_url(tmp_path / "missing.yaml", "https://a.example/rss") is None


def test_a_crlf_file_stays_crlf_and_searches_are_added_too(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_bytes("# 我的\r\nfeeds:\r\n  - demo:world.xml\r\n".encode())
    assert append_feeds(path, [FeedSpec("https://a.example/f", "A")]) == (1, 0)
    assert append_searches(path, [SavedSearch("Unread", "is:unread")]) == (1, 0)
    assert append_searches(path, [SavedSearch("Unread", "is:starred")]) == (0, 1)  # by title
    assert path.read_bytes().decode() == (
        "# 我的\r\nfeeds:\r\n  - demo:world.xml\r\n  - url: 'https://a.example/f'\r\n"
        "    title: A\r\nsearches:\r\n  - title: Unread\r\n    query: 'is:unread'\r\n"
    )
    assert load_config(path).searches[0].query == "is:unread"
