"""In the reader: the feeds of feeds.yaml's `source:` (a Google Reader API account,
a fake one on 127.0.0.1) come with R, and m on one of their articles is sent to
the server as edit-tag (a and D on them: tests/test_tui_source_feeds.py)."""

from __future__ import annotations

from tests import greader_server
from tests.greader_server import READ
from tests.test_tui import settle
from tidings.core.models import Config, Settings, SourceSpec
from tidings.tui.app import TidingsApp

greader = greader_server.greader


async def test_R_shows_the_accounts_feeds_and_m_sends_edit_tag(tmp_path, greader):
    greader.subscribe("feed/https://a.example/rss", "Alpha news", category="World")
    greader.item("feed/https://a.example/rss", "Older story")
    newest = greader.item("feed/https://a.example/rss", "Newest story")
    source = SourceSpec(type="greader", url=greader.url, user="alice", password="secret")
    config = Config(settings=Settings(refresh_on_startup=False), source=source)
    app = TidingsApp(config, tmp_path / "t.db")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert [f.title for f in app.feeds] == ["Alpha news"]
        assert app.feeds[0].category == "World" and app.feeds[0].unread == 2
        assert "Refreshed 1 feed: 2 new" in app.status_message
        app.articles.focus()
        await settle(pilot)
        assert app.articles.current.title == "Newest story"
        await pilot.press("m")
        await settle(pilot)
        await app.push_changes()
        await settle(pilot)
        assert READ in greader.tags_of(newest)
        (edit,) = greader.edits
        assert edit["i"] == [newest] and edit["a"] == [READ]
        assert app.feeds[0].unread == 1
        app.tree.select_key(app.tree.key_for_feed(app.feeds[0].id))
        await settle(pilot)
        app.action_remove_feed()  # D: asks, then unsubscribes on the server
        await settle(pilot)
        assert app.screen.question.startswith("Unsubscribe from Alpha news on your account?")


async def test_a_source_taken_out_of_feeds_yaml_takes_its_feeds_from_the_pane(tmp_path, greader):
    from tidings.core.config import load_config

    greader.subscribe("feed/https://a.example/rss", "Alpha news")
    greader.item("feed/https://a.example/rss", "A story")
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        "settings: {refresh_on_startup: false}\n"
        f"source: {{type: greader, url: '{greader.url}', user: alice, password: secret}}\n"
    )
    app = TidingsApp(load_config(cfg), tmp_path / "t.db")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert [f.title for f in app.feeds] == ["Alpha news"]
        cfg.write_text("settings: {refresh_on_startup: false}\nfeeds: []\n")
        app.check_config()
        await settle(pilot)
        assert app.feeds == []
        assert "source changed" in app.status_message
