"""Macros (feeds.yaml's `macros:`, newsboat's `macro`): `,` then a key runs the steps in
order, each after the work of the one before is done."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual import events

from tests.test_tui import FakeBrowser, paged_app, paged_store, settle
from tidings.core.config import ConfigError, load_config
from tidings.core.models import Config, Macro, MacroStep
from tidings.tui import article_actions
from tidings.tui.app import make_app
from tidings.tui.keymap import keymap_problems
from tidings.tui.screens.macro import MacroScreen


def with_macros(paged: tuple[Config, Path], *macros: Macro) -> tuple[Config, Path]:
    config, db = paged
    return replace(
        config, macros=macros, settings=replace(config.settings, browser="firefox %u")
    ), db


def act(*names: str) -> tuple[MacroStep, ...]:
    return tuple(MacroStep("action", n) for n in names)


@pytest.fixture
def paged(tmp_path) -> tuple[Config, Path]:
    db = tmp_path / "paged.db"
    return paged_store(db), db


@pytest.fixture
def browsers(monkeypatch) -> list[tuple[str | None, str]]:
    """(browser setting, URL) of each link opened."""
    opened: list[tuple[str | None, str]] = []

    class Recording(FakeBrowser):
        def __init__(self, command: str | None) -> None:
            super().__init__()
            self.command = command

        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            opened.append((self.command, url))
            return True

    monkeypatch.setattr(article_actions, "find_browser", Recording)
    return opened


async def test_a_macro_runs_its_steps_in_order_each_on_what_the_last_one_did(paged, browsers):
    # N opens the first unread; open_link then opens *its* link, with the macro's browser,
    # and the browser setting is back as it was once the macro is done.
    play = Macro("v", (MacroStep("browser", "mpv %u"), *act("next_unread", "open_link")), "Play")
    app = paged_app(with_macros(paged, play))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        assert isinstance(app.screen, MacroScreen)
        assert "v Play" in str(app.screen.query_one("Static").render())
        await pilot.press("v")
        await settle(pilot)
        assert app.article is not None and app.article.title == "A0", app.status_message
        assert browsers == [("mpv %u", "https://example.org/A0")], app.status_message
        assert app.config.settings.browser == "firefox %u"
        await pilot.press("o")  # the reader's own o: the configured browser again
        await settle(pilot)
        assert browsers[-1] == ("firefox %u", "https://example.org/A0")


async def test_a_macro_of_several_moves_reads_on(paged):
    # newsboat's classic: mark read and go to the next unread, as one key.
    app = paged_app(with_macros(paged, Macro("r", act("next_unread", "star", "next_unread"))))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("comma", "r")
        await settle(pilot)
        assert app.article is not None and app.article.title == "A1"
        assert app.articles.row(0).starred and not app.articles.row(1).starred


async def test_another_key_or_escape_runs_nothing_and_says_so(paged):
    app = paged_app(with_macros(paged, Macro("r", act("star"))))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("comma", "z")
        await settle(pilot)
        assert app.status_message == "No macro on z."
        await pilot.press("comma", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, MacroScreen) and app.status_message == ""
        assert not app.articles.row(0).starred


async def test_without_macros_the_prefix_says_where_they_go(paged):
    app = paged_app(paged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        assert not isinstance(app.screen, MacroScreen)
        assert "macros: in feeds.yaml" in app.status_message


async def test_a_step_that_asks_ends_the_macro_there(paged):
    app = paged_app(with_macros(paged, Macro("s", act("search", "star"))))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("comma", "s")
        await settle(pilot)
        assert "stopped at search" in app.status_message
        await pilot.press("escape")
        await settle(pilot)
        assert not app.articles.row(0).starred  # the star after it never ran


def test_macros_in_feeds_yaml_are_checked_with_their_lines(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds: [demo:world.xml]\n"
        "macros:\n"
        "  v:\n"
        "    - browser: mpv %u\n"
        "    - open_link\n"
        "  r: [toggle_read, next_unread]\n"
        "  c:\n"
        "    description: Copy the article\n"
        "    do:\n"
        "      - pipe: wl-copy\n",
        encoding="utf-8",
    )
    config = load_config(path, check_keys=keymap_problems)
    assert [m.key for m in config.macros] == ["v", "r", "c"]
    assert config.macros[0].steps == (
        MacroStep("browser", "mpv %u"),
        MacroStep("action", "open_link"),
    )
    assert config.macros[2].description == "Copy the article"
    assert config.macros[2].steps == (MacroStep("pipe", "wl-copy"),)

    path.write_text(
        "feeds: [demo:world.xml]\n"
        "macros:\n"
        "  v: [open_lnk]\n"
        "  ab: [star]\n"
        "  p:\n"
        "    - pipe: fmt | less\n"
        "  x: [macro]\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_config(path, check_keys=keymap_problems)
    said = str(info.value)
    assert f"{path}:3: macros.v: unknown action 'open_lnk' (did you mean 'open_link'?)" in said
    assert f"{path}:4: macros.ab: unknown key 'ab'" in said
    assert f"{path}:6: macros.p[0].pipe: '|': no shell runs it" in said
    assert f"{path}:7: macros.x: unknown action 'macro'" in said

    # newsboat's names for actions, and a name with the action in it, point to it
    path.write_text(
        "feeds: [demo:world.xml]\nmacros:\n  n: [next, toggle_star, open_in_browser]\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_config(path, check_keys=keymap_problems)
    said = str(info.value)
    assert "unknown action 'next' (did you mean 'next_article'?)" in said  # not site_next
    assert "unknown action 'toggle_star' (did you mean 'star'?)" in said  # not toggle_read
    assert "unknown action 'open_in_browser' (did you mean 'open_link'?)" in said


async def test_help_lists_the_macros_after_the_keys_and_runs_one_chosen(paged):
    app = paged_app(
        with_macros(paged, Macro("r", act("next_unread", "star"), "Star the next unread"))
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        options = app.screen.query_one("OptionList")
        last = options.get_option_at_index(options.option_count - 1)
        assert last.id == "macro:r"
        options.highlighted = options.option_count - 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.article is not None and app.article.title == "A0"
        assert app.articles.row(0).starred


async def test_macros_too_many_for_one_line_stand_one_a_line(paged):
    # At 80 columns the one line was cut: the last macros and '(Esc: none)' unseen.
    steps = {"a": "down", "b": "down", "c": "down", "d": "star"}
    many = [Macro(k, act(steps[k]), f"Do {k} and say it twice over") for k in "abcd"]
    app = paged_app(with_macros(paged, *many))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        shown = app.screen.query_one("Static")
        lines = str(shown.render()).splitlines()
        assert lines[0] == "Macro (Esc: none):"
        assert lines[1:] == [f"{k} Do {k} and say it twice over" for k in "abcd"]
        await pilot.click(shown, offset=(3, 4))  # d's line
        await settle(pilot)
        assert not isinstance(app.screen, MacroScreen)
        assert app.articles.row(0).starred


async def test_keys_typed_ahead_at_the_macro_line_are_not_lost(paged):
    # , x , y typed at once (tmux send-keys, a paste, a slow link): x and the second ,
    # were on their way to the list when the first , opened the line; the line stayed
    # open and no macro ran (before that, the second , closed it twice and the reader
    # died with ScreenStackError). Each key now does what it would typed slowly.
    app = paged_app(with_macros(paged, Macro("x", act("star")), Macro("y", act("toggle_read"))))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.articles.row(0).starred and not app.articles.row(0).read
        for key, char in [("comma", ","), ("x", "x"), ("comma", ","), ("y", "y")]:
            app.post_message(events.Key(key, char))  # as the driver sends them
        await settle(pilot)
        assert not isinstance(app.screen, MacroScreen) and len(app.screen_stack) == 1
        assert app.articles.row(0).starred and app.articles.row(0).read


async def test_a_key_that_reaches_the_macro_line_after_its_pick_goes_to_the_reader(paged):
    # Two keys queued at the line itself: the first picks, the second (a ,) opens the
    # line again instead of being dropped.
    app = paged_app(with_macros(paged, Macro("x", act("star"))))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MacroScreen)
        screen.post_message(events.Key("x", "x"))
        screen.post_message(events.Key("comma", ","))
        await settle(pilot)
        assert app.articles.row(0).starred
        assert isinstance(app.screen, MacroScreen) and app.screen is not screen
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.screen_stack) == 1


async def test_a_macro_started_while_another_runs_waits_its_turn(paged):
    # Two quick , r: the second waits for the first instead of cancelling it partway.
    star_next = Macro("r", act("next_unread", "star"))
    app = paged_app(with_macros(paged, star_next))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.run_macro(star_next)
        app.run_macro(star_next)
        await settle(pilot)
        assert app.articles.row(0).starred and app.articles.row(1).starred
        assert app.article is not None and app.article.title == "A1"


async def test_help_names_the_macro_key_as_it_is_bound(paged):
    # keys: macro: space, as newsboat users rebind it: the help says Space, not ','
    config, db = with_macros(paged, Macro("r", act("star"), "Star it"))
    app = make_app(replace(config, keys={"macro": "space", "space": "f12"}), db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        options = app.screen.query_one("OptionList")
        options.highlighted = options.get_option_index("macro")  # scrolled into view
        await pilot.pause()
        shown = [
            "".join(s.text for s in options.render_line(y)) for y in range(options.size.height)
        ]
        line = next(text for text in shown if "Run a macro" in text)
        assert "Space  Run a macro: Space then its key" in line, line
        assert " ," not in line
