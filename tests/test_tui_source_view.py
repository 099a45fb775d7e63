"""Ctrl+U: the article's stored HTML as plain text and back (newsboat's
toggle-source-view), with escape sequences and control characters stripped."""

from __future__ import annotations

from tests.test_tui import T0, paged_app, paged_store, settle
from tidings.core.models import ParsedEntry, ParsedFeed
from tidings.core.store import Store


def reader_text(app) -> str:
    return app.reader.rendered.text.plain


async def test_ctrl_u_shows_the_html_without_escapes_and_back(tmp_path):
    db = tmp_path / "source.db"
    config = paged_store(db, (1,))
    hostile = '<p class="x">Hello\x1b]0;owned\x07 <b>world</b>\x1b[31m\x9b2J</p>\t<br/>'
    with Store.open(db) as store:
        store.record_fetch(
            config.feeds[0].url,
            parsed=ParsedFeed(
                title="A",
                entries=[ParsedEntry(id="h", title="Hostile", published=T0, content=hostile)],
            ),
        )
    app = paged_app((config, db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert app.status_message.startswith("Open an article first")
        await pilot.press("enter")
        await settle(pilot)
        assert app.article.title == "Hostile"
        assert "<p" not in reader_text(app) and "Hello" in reader_text(app)
        await pilot.press("ctrl+u")
        await settle(pilot)
        shown = reader_text(app)
        assert shown.startswith("Source of Hostile: the feed's HTML (Ctrl+U: the article)")
        assert '<p class="x">Hello <b>world</b></p> <br/>' in shown  # the tab expanded
        assert not any(c in shown for c in "\x1b\x07\x9b\t")
        assert app.status_message == "The article's HTML, as stored (Ctrl+U: the article)."
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert "<b>" not in reader_text(app) and "Hello world" in reader_text(app)
