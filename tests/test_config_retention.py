"""feeds.yaml: keep_days, max_items and ignore rules, and their errors."""

from __future__ import annotations

import pytest

from tests.test_config import error_of, write
from tidings.core.config import dump_feeds_yaml, load_config
from tidings.core.models import FeedSpec, Retention, Settings

FEEDS = "feeds:\n  - https://a.example/rss\n"


def test_defaults_keep_everything(tmp_path):
    cfg = load_config(write(tmp_path, FEEDS))
    assert (cfg.settings.keep_days, cfg.settings.max_items, cfg.ignore) == (0, 0, ())
    spec = cfg.feeds[0]
    assert (spec.keep_days, spec.max_items, spec.ignore) == (None, None, ())
    assert Retention.of(spec, cfg.settings) == Retention()
    assert not Retention.of(spec, cfg.settings).limits


def test_settings_and_per_feed_overrides(tmp_path):
    cfg = load_config(
        write(
            tmp_path,
            "settings:\n"
            "  keep_days: 30\n"
            "  max_items: 500\n"
            "feeds:\n"
            "  - https://a.example/rss\n"
            "  - url: https://b.example/rss\n"
            "    keep_days: 0\n"  # this one: forever
            "    max_items: 50\n",
        )
    )
    a, b = cfg.feeds
    assert Retention.of(a, cfg.settings) == Retention(keep_days=30, max_items=500)
    assert (b.keep_days, b.max_items) == (0, 50)
    assert Retention.of(b, cfg.settings) == Retention(keep_days=0, max_items=50)


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "settings:\n  keep_days: 36501\n" + FEEDS,
            "feeds.yaml:2: settings.keep_days: 36501 is out of range; expected 0 to 36500",
        ),
        (
            "settings:\n  keep_days: -1\n" + FEEDS,
            "feeds.yaml:2: settings.keep_days: -1 is out of range; expected 0 to 36500",
        ),
        (
            "settings:\n  keep_days: 30d\n" + FEEDS,
            "feeds.yaml:2: settings.keep_days: expected a whole number, got '30d'",
        ),
        (
            "settings:\n  max_items: 1.5\n" + FEEDS,
            "feeds.yaml:2: settings.max_items: expected a whole number, got 1.5",
        ),
        (
            "settings:\n  max_items: 1000001\n" + FEEDS,
            "feeds.yaml:2: settings.max_items: 1000001 is out of range; expected 0 to 1000000",
        ),
        (
            "feeds:\n  - url: https://a.example/rss\n    keep_days: true\n",
            "feeds.yaml:3: feeds[0].keep_days: expected a whole number, got true/false",
        ),
        (
            "feeds:\n  - url: https://a.example/rss\n    max_items: -5\n",
            "feeds.yaml:3: feeds[0].max_items: -5 is out of range; expected 0 to 1000000",
        ),
        (
            "feeds:\n  - url: https://a.example/rss\n    keep_days: [1]\n",
            "feeds.yaml:3: feeds[0].keep_days: expected a whole number, got a list",
        ),
    ],
)
def test_bad_limits_name_line_and_field(tmp_path, text, message):
    assert error_of(tmp_path, text) == message


def test_ignore_rules_top_level_then_per_feed(tmp_path):
    cfg = load_config(
        write(
            tmp_path,
            "ignore:\n"
            "  - 广告\n"
            "  - /^\\[sponsored\\]/\n"
            "  - 'author: PR Desk'\n"
            "feeds:\n"
            "  - https://a.example/rss\n"
            "  - url: https://b.example/rss\n"
            "    ignore: [体育, 广告, 2024]\n"  # repeats dropped; a number is its text
            "  - url: https://c.example/rss\n"
            "    ignore: 'link: /video/'\n",  # one rule without a list
        )
    )
    top = ("广告", "/^\\[sponsored\\]/", "author: PR Desk")
    assert cfg.ignore == top
    assert [f.ignore for f in cfg.feeds] == [top, (*top, "体育", "2024"), (*top, "link: /video/")]


def test_bad_regular_expression_names_its_line_and_index(tmp_path):
    err = error_of(
        tmp_path,
        FEEDS + "ignore:\n  - fine\n  - /ok/\n  - /[unclosed/\n",
    )
    assert err == (
        "feeds.yaml:6: ignore[2]: bad regular expression: unterminated character set at position 0"
    )


@pytest.mark.parametrize(
    "rules, message",
    [
        ("[/(a+)+$/]", "feeds[0].ignore[0]: regular expression could take exponential time"),
        ("[/(x)\\1/]", "feeds[0].ignore[0]: back-references (\\1) are not allowed"),
        ("['', ok]", "feeds[0].ignore[0]: empty rule"),
        ("[ok, 'author: ']", "feeds[0].ignore[1]: empty rule"),
        ("[[a, b]]", "feeds[0].ignore[0]: expected a rule (text or /regex/), got a list"),
        ("[~]", "feeds[0].ignore[0]: expected a rule (text or /regex/), got nothing"),
        ("{a: b}", "feeds[0].ignore: expected a list of rules, got a mapping"),
        ("[/" + "x" * 201 + "/]", "feeds[0].ignore[0]: regular expression longer than 200"),
    ],
)
def test_bad_feed_rules(tmp_path, rules, message):
    err = error_of(tmp_path, f"feeds:\n  - url: https://a.example/rss\n    ignore: {rules}\n")
    assert err.startswith(f"feeds.yaml:3: {message}"), err


def test_every_bad_rule_is_reported_at_once(tmp_path):
    err = error_of(tmp_path, FEEDS + "ignore:\n  - /(/\n  - ok\n  - /)/\n")
    assert [line.split(": ")[1] for line in err.splitlines()] == ["ignore[0]", "ignore[2]"]


def test_unknown_feed_key_lists_the_new_ones(tmp_path):
    err = error_of(tmp_path, "feeds:\n  - url: https://a.example/rss\n    keep_day: 3\n")
    assert err == (
        "feeds.yaml:3: feeds[0].keep_day: unknown key 'keep_day' (did you mean 'keep_days'?);"
        " valid keys: url, title, category, tags, full_text, keep_days, max_items, ignore, download"
    )


def test_dump_round_trips_the_new_fields(tmp_path):
    specs = [
        FeedSpec(url="https://a.example/rss", keep_days=7, max_items=0, ignore=("广告", "/x+y/")),
        FeedSpec(url="https://b.example/rss"),
    ]
    settings = Settings(keep_days=30, max_items=200)
    cfg = load_config(write(tmp_path, dump_feeds_yaml(specs, settings)))
    assert [(f.url, f.keep_days, f.max_items, f.ignore) for f in cfg.feeds] == [
        (s.url, s.keep_days, s.max_items, s.ignore) for s in specs
    ]
    assert cfg.settings == settings
