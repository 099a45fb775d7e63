"""feeds.yaml's `source:` (an account on a Google Reader API server)."""

from __future__ import annotations

import pytest

from tidings.core.config import ConfigError, load_config


def _load(tmp_path, text):
    path = tmp_path / "feeds.yaml"
    path.write_text(text)
    return load_config(path)


def test_a_source_alone_needs_no_feeds_list(tmp_path):
    config = _load(
        tmp_path,
        "source:\n"
        "  type: greader\n"
        "  url: https://rss.example.org/api/greader.php\n"
        "  user: alice\n"
        "  password_command: pass show 'fresh rss'\n",
    )
    assert config.feeds == []
    src = config.source
    assert (src.type, src.url, src.user) == (
        "greader",
        "https://rss.example.org/api/greader.php",
        "alice",
    )
    assert src.password_command == ("pass", "show", "fresh rss")
    assert src.password is None


def test_local_feeds_and_a_source_together(tmp_path):
    config = _load(
        tmp_path,
        "feeds:\n  - https://example.org/a.xml\n"
        "source: {type: greader, url: 'http://127.0.0.1:1/', user: bob, password: s3cret}\n",
    )
    assert [f.url for f in config.feeds] == ["https://example.org/a.xml"]
    assert config.source.password == "s3cret"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  type: fever\n  url: https://h/\n  user: a\n  password: p\n", "source.type: 'fever'"),
        ("  type: greader\n  url: ftp://h/\n  user: a\n  password: p\n", "source.url: 'ftp://h/'"),
        ("  type: greader\n  url: https://h/\n  password: p\n", "source.user: missing"),
        ("  type: greader\n  url: https://h/\n  user: a\n", "source.password_command: missing"),
        (
            "  type: greader\n  url: https://h/\n  user: a\n  password: p\n  password_command: x\n",
            "not both",
        ),
        ("  type: greader\n  url: https://h/\n  user: a\n  pasword: p\n", "did you mean"),
    ],
)
def test_a_bad_source_names_its_line_and_what_to_do(tmp_path, body, message):
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, "feeds: []\nsource:\n" + body)
    text = str(info.value)
    assert message in text
    assert f"{tmp_path / 'feeds.yaml'}:" in text
    assert "feeds: missing" not in text


def test_without_feeds_or_source_the_error_names_both(tmp_path):
    with pytest.raises(ConfigError, match="'source:' account"):
        _load(tmp_path, "settings: {}\n")


def test_the_top_level_ignore_rules_apply_to_the_accounts_feeds(tmp_path):
    config = _load(
        tmp_path,
        "ignore: ['[Ad]']\nsource: {type: greader, url: 'https://h/', user: a, password: p}\n",
    )
    assert config.source.ignore == ("[Ad]",)
