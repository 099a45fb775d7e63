"""Tab and Shift+Tab (priority keys: they move between panes from any widget) stay in
an open prompt: they moved the panes behind it."""

from __future__ import annotations

from tests.test_tui import demo, settle  # noqa: F401 (fixtures)
from tidings.tui.app import make_app


async def test_tab_in_the_search_prompt_leaves_the_panes_alone(demo):  # noqa: F811
    config, db = demo
    app = make_app(config, db, refresh_on_start=False)
    moves: list[int] = []
    pane = app.action_pane
    app.action_pane = lambda step: (moves.append(step), pane(step))[1]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = app.main_screen.focused
        await pilot.press("slash")
        await settle(pilot)
        prompt = app.screen
        await pilot.press("tab", "shift+tab", "t", "y")
        await settle(pilot)
        assert app.screen is prompt and moves == []
        assert app.main_screen.focused is before
        assert prompt.query_one("#search-input").value == "ty"
        await pilot.press("escape")
        await pilot.press("tab")  # on the main screen Tab moves on as before
        await settle(pilot)
        assert moves == [1] and app.main_screen.focused is not before
