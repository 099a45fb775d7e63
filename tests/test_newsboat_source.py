"""`tidings import ~/.newsboat/config` with `urls-source "freshrss"` / `"miniflux"`:
the account becomes feeds.yaml's `source:`."""

from __future__ import annotations

from pathlib import Path

from tidings.cli import main
from tidings.core.config import load_config


def _import(tmp_path: Path, newsboat: str, feeds: str | None = None) -> tuple[int, Path]:
    cfg = tmp_path / "feeds.yaml"
    if feeds is not None:
        cfg.write_text(feeds)
    source = tmp_path / ".newsboat" / "config"
    source.parent.mkdir(exist_ok=True)
    source.write_text(newsboat)
    rc = main(["--config", str(cfg), "--db", str(tmp_path / "t.db"), "import", str(source)])
    return rc, cfg


def test_freshrss_with_passwordeval_becomes_a_source_with_password_command(tmp_path, capsys):
    rc, cfg = _import(
        tmp_path,
        'urls-source "freshrss"\n'
        'freshrss-url "https://rss.example.org/api/greader.php"\n'
        'freshrss-login "alice"\n'
        'freshrss-passwordeval "pass show freshrss"\n'
        "freshrss-min-items 100\n"
        "text-width 72\n",
    )
    assert rc == 0
    out = capsys.readouterr().out
    assert "source:\n  type: greader <- config:1 urls-source freshrss" in out
    assert "freshrss-min-items" in out and "left out" in out
    loaded = load_config(cfg)
    src = loaded.source
    assert (src.type, src.url, src.user) == (
        "greader",
        "https://rss.example.org/api/greader.php",
        "alice",
    )
    assert src.password_command == ("pass", "show", "freshrss")
    assert loaded.settings.text_width == 72 and loaded.feeds == []


def test_a_passwordeval_that_needs_a_shell_runs_in_one(tmp_path, capsys):
    rc, cfg = _import(
        tmp_path,
        'urls-source "freshrss"\nfreshrss-url "https://h/api/greader.php"\n'
        'freshrss-login "a"\nfreshrss-passwordeval "gpg -d ~/.pw.gpg | head -1"\n',
    )
    assert rc == 0
    assert load_config(cfg).source.password_command == ("sh", "-c", "gpg -d ~/.pw.gpg | head -1")


def test_a_plain_password_is_brought_over_and_never_printed(tmp_path, capsys):
    rc, cfg = _import(
        tmp_path,
        'urls-source "miniflux"\nminiflux-url "https://flux.example.org/"\n'
        'miniflux-login "bob"\nminiflux-password "hunter2"\nminiflux-token "abc"\n',
        feeds="feeds:\n  - https://example.org/a.xml\n",
    )
    assert rc == 0
    out = capsys.readouterr().out
    assert "hunter2" not in out and "password: ***" in out
    assert "Google Reader integration" in out
    loaded = load_config(cfg)
    assert loaded.source.password == "hunter2" and loaded.source.url == "https://flux.example.org/"
    assert [f.url for f in loaded.feeds] == ["https://example.org/a.xml"]


def test_a_source_feeds_yaml_has_is_kept_and_other_services_left_out(tmp_path, capsys):
    rc, cfg = _import(
        tmp_path,
        'urls-source "freshrss"\nfreshrss-url "https://h/"\nfreshrss-login "a"\n',
        feeds="source:\n  type: greader\n  url: https://mine/\n  user: me\n  password: x\n",
    )
    assert rc == 0
    assert "source: … <- config:1" in capsys.readouterr().out
    assert load_config(cfg).source.url == "https://mine/"
    other = tmp_path / "other"
    other.mkdir()
    rc, cfg = _import(other, 'urls-source "ttrss"\nttrss-login "a"\n', feeds="feeds: []\n")
    out = capsys.readouterr().out
    assert "urls-source" in out and "no sync service" in out
    assert load_config(cfg).source is None
