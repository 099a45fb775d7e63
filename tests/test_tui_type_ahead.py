"""Keys typed ahead of a screen change (a paste, tmux send-keys, a fast typist on a
slow link) do what they would typed one by one."""

from __future__ import annotations

import asyncio

import pytest
from textual import events

from tests.test_tui import demo, held_pages, paged, paged_app, settle, titles  # noqa: F401
from tidings.tui.app import make_app


def type_at_once(app, text: str) -> None:
    """Keys as the driver hands them over when they arrive in one read."""
    names = {"/": "slash", "\r": "enter", " ": "space"}
    for char in text:
        app.post_message(events.Key(names.get(char, char), "\r" if char == "\r" else char))


async def typed_while_the_page_comes(pilot, keys: str) -> None:
    """`keys` typed at once while the list's pages are held back (the cursor's row still
    coming), then the pages let through. Not waited for as pilot.press waits: an action
    waiting for its row would wait for ever."""
    gate = held_pages(pilot.app)
    type_at_once(pilot.app, keys)
    await pilot.pause()
    gate.set()
    await settle(pilot)


async def test_a_search_typed_at_once_is_searched(demo):  # noqa: F811
    # "/地铁" + Enter sent at once: the prompt opened empty (the letters had gone to the
    # list before it opened) and Enter searched nothing.
    config, db = demo
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        type_at_once(app, "/地铁")
        await settle(pilot)
        assert app.screen.query_one("#search-input").value == "地铁"
        type_at_once(app, "\r")
        await settle(pilot)
        assert titles(app) == ["北京地铁新线开通，早高峰客流分流明显"]


async def test_a_search_and_its_enter_typed_at_once(demo):  # noqa: F811
    config, db = demo
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        type_at_once(app, "/treaty\r")
        await settle(pilot)
        assert app.screen is app.main_screen
        assert titles(app) == ["Ministers agree on a new river treaty after a long night"]


async def test_keys_typed_after_the_held_ones_keep_their_order(demo):  # noqa: F811
    # Over a slow link "/ty" comes in two reads: "/t", then "y" while "t" waits for the
    # prompt to take focus. "y" went straight in and the prompt said "yt".
    config, db = demo
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        type_at_once(app, "/t")
        while not app._held_keys:  # "t" came back up on the prompt's screen: held
            await asyncio.sleep(0)
        type_at_once(app, "reaty")
        await settle(pilot)
        assert app.screen.query_one("#search-input").value == "treaty"


async def test_n_typed_right_after_enter_steps_on(paged):  # noqa: F811
    # Enter n n n sent at once: the n's came up before the list's Enter had opened
    # anything, and each opened the row under the cursor again: A0, not A3.
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        type_at_once(app, "\rnnn")
        await settle(pilot)
        assert app.article.title == "A3"
        assert app.articles.current.title == "A3"


async def test_a_key_typed_after_n_acts_on_the_article_n_opens(paged):  # noqa: F811
    # n s at once starred the article read before (the database said so), n o opened
    # its link: now they wait for the next article to be shown.
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        type_at_once(app, "ns")
        await settle(pilot)
        assert app.article.title == "A1" and app.article.starred
        type_at_once(app, "nm")  # m: read -> unread
        await settle(pilot)
        assert app.article.title == "A2" and not app.article.read
        starred = [t for t in ("A0", "A1", "A2") if app.articles.row(int(t[1])).starred]
        assert starred == ["A1"]


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_keys_typed_with_enter_or_n_go_to_the_article_it_opens(paged, size):  # noqa: F811
    # Enter q at once left the article open (q went to the list first); n G stayed at
    # the top of the next article, n j j j did not scroll, and n's passed over fast were
    # left unread.
    app = paged_app(paged)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        type_at_once(app, "\rnn")
        await settle(pilot)
        assert app.article.title == "A2"
        read = [app.articles.row(i).read for i in range(3)]
        assert read == [True, True, True]  # every article n passed over was shown
        type_at_once(app, "nq")  # n then back: to the list, A3 shown
        await settle(pilot)
        assert app.article.title == "A3" and app._focused_pane() is app.articles
        app.articles.move_to(0)
        type_at_once(app, "\rq")
        await settle(pilot)
        assert app._focused_pane() is app.articles and app.article.title == "A0"
