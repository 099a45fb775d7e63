"""In the reader, with an account in feeds.yaml (`source:`, a fake FreshRSS on
127.0.0.1): `a` subscribes on the server by default (Ctrl+T: to feeds.yaml), `D` on one
of the account's feeds unsubscribes there; failures say so and change nothing."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from tests import greader_server
from tests.feedserver import feed_server  # noqa: F401  (fixture)
from tests.test_tui import rss, settle
from tests.test_tui_add import finish
from tidings.core.config import load_config
from tidings.tui.app import TidingsApp
from tidings.tui.screens.add_feed import AddFeedScreen
from tidings.tui.screens.confirm import ConfirmScreen

greader = greader_server.greader
A = "feed/https://a.example/rss"
NEWS = "https://news.example/rss"


def reader(tmp_path: Path, greader) -> tuple[TidingsApp, Path]:
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        "settings: {refresh_on_startup: false}\n"
        f"source: {{type: greader, url: '{greader.url}', user: alice, password: secret}}\n"
        "feeds: []\n"
    )
    return TidingsApp(load_config(cfg), tmp_path / "t.db"), cfg


async def open_prompt(pilot) -> AddFeedScreen:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AddFeedScreen)
    return screen


async def test_a_subscribes_on_the_account_and_the_pane_shows_the_feed(tmp_path, greader):
    greader.offer(NEWS, "Daily News", ["One", "Two"], site="https://news.example")
    app, cfg = reader(tmp_path, greader)
    before = cfg.read_text()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_prompt(pilot)
        hint = str(screen.query_one(Static).render())
        assert hint == "Add to your account: a feed's address or its site's. Ctrl+T: to feeds.yaml"
        screen.query_one(Input).value = "news.example"
        await pilot.press("enter")
        await finish(pilot)
        assert app.status_message == "Added Daily News to your account: 2 articles"
        assert app.screen is app.main_screen
        assert greader.sub_titles() == ["Daily News"]
        assert app.tree.current.name == "Daily News" and app.focused is app.tree
        assert [f.title for f in app.feeds] == ["Daily News"] and app.feeds[0].total == 2
    assert cfg.read_text() == before  # feeds.yaml untouched


async def test_a_refused_by_the_server_keeps_the_prompt_and_says_why(tmp_path, greader):
    app, _cfg = reader(tmp_path, greader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_prompt(pilot)
        screen.query_one(Input).value = "https://nothing.example/feed"
        await pilot.press("enter")
        await finish(pilot)
        assert app.status_message.startswith(
            "Not added to your account: the server could not subscribe to"
            " https://nothing.example/feed"
        )
        assert app.screen is screen and screen.value == "https://nothing.example/feed"
        assert greader.subs == [] and app.feeds == []


async def test_ctrl_t_in_the_prompt_adds_to_feeds_yaml_instead(tmp_path, greader, feed_server):  # noqa: F811
    url = feed_server.add("/local.xml", body=rss(2))
    app, cfg = reader(tmp_path, greader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_prompt(pilot)
        await pilot.press("ctrl+t")
        assert str(screen.query_one(Static).render()) == (
            "Add to feeds.yaml: a feed's address or its site's. Ctrl+T: to your account"
        )
        screen.query_one(Input).value = url
        await pilot.press("enter")
        await finish(pilot)
        assert app.status_message == "Added Loop: 2 articles"
    assert url in cfg.read_text() and greader.subscribing == []


async def synced_reader(pilot) -> None:
    await settle(pilot)
    await pilot.press("R")
    await settle(pilot)
    for _ in range(50):
        if not pilot.app.refreshing:
            break
        await settle(pilot)


async def ask_D(pilot) -> ConfirmScreen:
    app = pilot.app
    app.tree.focus()
    app.tree.select_key(app.tree.key_for_feed(app.feeds[0].id))
    await settle(pilot)
    await pilot.press("D")
    await settle(pilot)
    assert isinstance(app.screen, ConfirmScreen)
    return app.screen


async def wait_removed(pilot) -> None:
    for _ in range(50):
        await settle(pilot)
        if pilot.app._removing is None:
            break
    await settle(pilot)


async def test_D_unsubscribes_an_account_feed_on_the_server(tmp_path, greader):
    greader.subscribe(A, "Alpha news")
    greader.subscribe("feed/https://b.example/rss", "Beta")
    greader.item(A, "Story")
    app, _cfg = reader(tmp_path, greader)
    async with app.run_test(size=(80, 24)) as pilot:
        await synced_reader(pilot)
        assert [f.title for f in app.feeds] == ["Alpha news", "Beta"]
        screen = await ask_D(pilot)
        assert screen.question == (
            "Unsubscribe from Alpha news on your account? Its 1 article stays"
        )
        await pilot.press("y")
        await wait_removed(pilot)
        assert app.status_message == (
            "Unsubscribed from Alpha news; its 1 article stays in the database."
        )
        assert greader.sub_titles() == ["Beta"]
        (asked,) = greader.subscribing
        assert asked["ac"] == ["unsubscribe"] and asked["s"] == [A]
        assert [f.title for f in app.feeds] == ["Beta"]
        assert app.tree.current.name == "Beta"


async def test_D_with_the_server_down_keeps_the_feed(tmp_path, greader):
    greader.subscribe(A, "Alpha news")
    app, _cfg = reader(tmp_path, greader)
    async with app.run_test(size=(80, 24)) as pilot:
        await synced_reader(pilot)
        await ask_D(pilot)
        greader.down = True
        await pilot.press("y")
        await wait_removed(pilot)
        assert app.status_message.startswith("Not unsubscribed from Alpha news: ")
        assert "is the server up" in app.status_message
        assert [f.title for f in app.feeds] == ["Alpha news"] and len(greader.subs) == 1
