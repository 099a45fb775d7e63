"""Ctrl+O / Ctrl+W: every unread article of the list opened in the browser (newsboat's
open-all-unread-in-browser, -and-mark-read), asked first past ten."""

from __future__ import annotations

from tests.test_tui import is_read, paged_app, paged_store, settle


def opening(app) -> list[str]:
    opened: list[str] = []
    app._browse = opened.append  # the browser: what it was asked to open
    return opened


async def test_ctrl_o_opens_the_lists_unread_articles_and_leaves_them_unread(tmp_path):
    db = tmp_path / "open.db"
    app = paged_app((paged_store(db, (4, 3)), db))
    opened = opening(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:2")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert opened == [f"https://example.org/B{n}" for n in range(3)]
        assert app.status_message == "Opened 3 articles in the browser."  # when all are done
    assert not is_read(db, "B0")


async def test_ctrl_w_asks_past_ten_then_opens_and_marks_read(tmp_path):
    db = tmp_path / "open.db"
    app = paged_app((paged_store(db, (12, 3)), db))
    opened = opening(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tree.select_key("feed:1")
        await settle(pilot)
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert "Open and mark read 12 unread articles in the browser?" in str(
            app.screen.query_one("Static").render()
        )
        await pilot.press("n")
        await settle(pilot)
        assert opened == [] and app.status_message == "Nothing opened."
        await pilot.press("ctrl+w")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(opened) == 12
        assert app.tree.unread_of("feed:1") == 0
        assert all(app.articles.row(i).read for i in range(5))
    assert is_read(db, "A11") and not is_read(db, "B0")
