import yaml

from tidings.core.config_edit import append_feeds
from tidings.core.models import FeedSpec


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
            FeedSpec(url="https://b.example/feed", title="新闻: B", category="News", tags=("x", "y z")),
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
