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
