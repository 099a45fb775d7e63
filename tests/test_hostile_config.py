"""Hostile config: malformed YAML, wrong types, unknown keys, duplicate feeds, YAML
tricks and a 10,000-feed file: a clear error naming the line, or it just works."""

from __future__ import annotations

import re

import pytest

from tidings import cli
from tidings.core.config import ConfigError, load_config

CASES = {
    "malformed-yaml": ("feeds:\n  - https://a.example/f\n  - [unclosed\n", 4),
    "bad-indent": ("feeds:\n  - https://a.example/f\n - https://b.example/f\n", 3),
    "tab-indent": ("feeds:\n\t- https://a.example/f\n", 2),
    "feeds-not-list": ("feeds: 5\n", 1),
    "feeds-mapping": ("feeds:\n  url: https://a.example/f\n", 2),
    "url-list": ("feeds:\n  - https://a.example/f\n  - url: [12]\n", 3),
    "url-javascript": ("feeds:\n  - https://a.example/f\n  - javascript:alert(1)\n", 3),
    "full-text-string": ("feeds:\n  - url: https://a.example/f\n    full_text: maybe\n", 3),
    "tags-mapping": ("feeds:\n  - url: https://a.example/f\n    tags: {a: 1}\n", 3),
    "setting-wrong-type": ("settings:\n  concurrency: lots\nfeeds: []\n", 2),
    "setting-negative": ("settings:\n  read_timeout: -5\nfeeds: []\n", 2),
    "setting-huge": ("settings:\n  concurrency: 100000000000000000000\nfeeds: []\n", 2),
    "unknown-top-key": ("feeds: []\nfeedz: []\n", 2),
    "unknown-feed-key": ("feeds:\n  - url: https://a.example/f\n    titel: x\n", 3),
    "unknown-setting": ("settings:\n  concurency: 3\nfeeds: []\n", 2),
    "duplicate-feed": ("feeds:\n  - https://a.example/f\n  - https://A.EXAMPLE/f\n", 3),
    "duplicate-key": ("feeds: []\nsettings: {}\nfeeds: []\n", 3),
    "top-level-list": ("- https://a.example/f\n", 1),
    "anchor-bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
        "feeds: *h\n",
        None,
    ),
    "not-utf8": (b"feeds:\n  - https://a.example/\xff\xfe\n", 2),
    "nul-bytes": ("feeds:\n  - https://a.example/f\x00\n", None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_config_is_a_clear_error(name, tmp_path):
    text, line = CASES[name]
    path = tmp_path / "feeds.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message
    if line is not None:
        assert re.search(rf"feeds\.yaml:{line}\b", message), message
    assert "Traceback" not in message


PYTHON_TAG = (
    "feeds: !!python/object/apply:os.system ['touch {marker}']\nsettings: !!python/name:os.system\n"
)


def test_python_tags_are_never_constructed(tmp_path):
    """Only the safe composer runs: tags are never turned into Python objects."""
    marker = tmp_path / "tidings-yaml-pwned"
    path = tmp_path / "feeds.yaml"
    path.write_text(PYTHON_TAG.format(marker=marker))
    try:
        load_config(path)
    except ConfigError as exc:
        assert "feeds.yaml:" in str(exc)
    assert not marker.exists()


@pytest.mark.parametrize("name", ["malformed-yaml", "anchor-bomb", "not-utf8", "tab-indent"])
def test_cli_reports_bad_config_without_traceback(name, tmp_path, capsys):
    text, _ = CASES[name]
    path = tmp_path / "feeds.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    code = cli.main(["--config", str(path), "--db", str(tmp_path / "t.db"), "list"])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("tidings: ") and "feeds.yaml" in err
    assert "Traceback" not in err
    assert not (tmp_path / "tidings-yaml-pwned").exists()


def test_many_problems_are_listed_not_just_the_first(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds:\n  - url: [1]\n  - javascript:x\n  - url: https://a.example/\n    x: 1\n"
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    for line in (2, 3, 5):
        assert f"feeds.yaml:{line}" in message


def test_ten_thousand_feeds_just_work(tmp_path, capsys):
    lines = ["settings:\n  concurrency: 8\nfeeds:\n"]
    for i in range(10_000):
        if i % 3 == 0:
            lines.append(f"  - https://host{i % 97}.example/feed/{i}.xml\n")
        else:
            lines.append(
                f"  - url: https://host{i % 97}.example/feed/{i}.xml\n"
                f"    title: Feed {i} 新闻\n    category: cat{i % 13}\n    tags: [t{i % 5}, x]\n"
            )
    path = tmp_path / "feeds.yaml"
    path.write_text("".join(lines))
    config = load_config(path)
    assert len(config.feeds) == 10_000
    assert config.feeds[9_999].line is not None
    code = cli.main(["--config", str(path), "--db", str(tmp_path / "t.db"), "list", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.count("\n") == 10_000


@pytest.mark.parametrize(
    "text",
    [
        "feeds:\n  - url: https://a.example/x.xml\n\t- url: https://b.example/y.xml\n",
        "feeds:\n\t- https://a.example/f\n",
        "settings:\n  concurrency: 4\n\tmax_items: 9\nfeeds:\n  - https://a.example/f\n",
    ],
)
def test_a_tab_in_the_indentation_is_named_with_what_to_do(text, tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    line = text.splitlines().index(next(r for r in text.splitlines() if "\t" in r)) + 1
    assert f"feeds.yaml:{line}:" in str(info.value)
    assert "indent with spaces" in str(info.value)
