"""What the panes' lines say: feeds without a title told apart at 80 columns, Starred
with its unread count as the other places, the feed's name in lists of many feeds."""

from __future__ import annotations

from datetime import timedelta

from tests.test_tui import T0, settle
from tidings.core.models import Config, FeedSpec, ParsedEntry, ParsedFeed, Settings, View
from tidings.core.store import Store
from tidings.tui.app import TidingsApp


def pane_lines(app: TidingsApp) -> list[str]:
    tree = app.tree
    height = tree.scrollable_content_region.height
    return ["".join(s.text for s in tree.render_line(y)).rstrip() for y in range(height)]


def list_rows(app: TidingsApp) -> list[str]:
    rows = app.articles
    return ["".join(s.text for s in rows.render_line(y)).rstrip() for y in range(rows.count)]


async def test_feeds_without_a_title_show_what_tells_them_apart(tmp_path):
    db = tmp_path / "u.db"
    base = "http://127.0.0.1:8765"
    urls = [f"{base}/missing.xml", f"{base}/html-not-feed", f"{base}/notafeed.xml", f"{base}/a.xml"]
    specs = [FeedSpec(url, category="broken") for url in urls]
    with Store.open(db) as store:
        store.sync_feeds(specs)
        for spec in specs[:3]:
            store.record_fetch(spec.url, error="HTTP 404")
    app = TidingsApp(Config(feeds=specs, settings=Settings(refresh_on_startup=False)), db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = [line for line in pane_lines(app) if "127.0" in line]
        assert len(lines) == 4, pane_lines(app)
        # the host's start, "…", and the file: each line its own, the failed mark kept
        ends = ["/missing.xml !", "/html-not-feed !", "/notafeed.xml !", "127.0.0.1:8765/a.xml"]
        for line, end in zip(lines, ends, strict=True):
            assert end in line, lines
            assert "http://" not in line or line.endswith("a.xml"), line
        assert all("…" in line for line in lines[:3])
        assert len(set(lines)) == 4
        # the status line still names the feed in full
        await pilot.press("shift+tab", "G")
        assert (
            str(app.main_screen.query_one("#status").render())
            .lstrip()
            .startswith(f"{base}/a.xml: 0")
        )


async def test_starred_shows_its_unread_count(tmp_path):
    db = tmp_path / "s.db"
    spec = FeedSpec("https://a.example/feed", "A")
    with Store.open(db) as store:
        store.sync_feeds([spec])
        entries = [
            ParsedEntry(id=f"{n}", title=f"A{n}", published=T0 - timedelta(hours=n))
            for n in range(3)
        ]
        store.record_fetch(spec.url, parsed=ParsedFeed(title="A", entries=entries))
        ids = [a.id for a in store.list_articles(View(), 0, 10)]
        store.set_starred(ids[1:])  # A1 and A2, A2 read
        store.set_read(ids[2:])
    app = TidingsApp(Config(feeds=[spec], settings=Settings(refresh_on_startup=False)), db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert pane_lines(app)[2] == "Starred (1)"
        assert app.articles.current.title == "A0"
        await pilot.press("s")  # starred: two starred articles unread
        await settle(pilot)
        app.count_searches()  # as the recount once reading pauses
        await settle(pilot)
        assert pane_lines(app)[2] == "Starred (2)"


async def test_lists_of_many_feeds_name_the_feed_where_there_is_room(tmp_path):
    # the same story carried by two feeds: two rows, each naming its feed
    db = tmp_path / "two.db"
    specs = [FeedSpec("https://w.example/feed", "World Desk"),
             FeedSpec("https://m.example/feed", "Metro Wire")]  # fmt: skip
    with Store.open(db) as store:
        store.sync_feeds(specs)
        for spec in specs:
            story = ParsedEntry(id="s", title="Harbour bridge reopens after a year", published=T0)
            store.record_fetch(spec.url, parsed=ParsedFeed(title=spec.title, entries=[story]))
    config = Config(feeds=specs, settings=Settings(refresh_on_startup=False))
    for size in ((80, 24), (200, 50)):
        app = TidingsApp(config, db)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            if size == (80, 24):  # beside the feed pane the titles keep the room
                assert not any("World D" in row for row in list_rows(app))
                await pilot.press("b")  # the pane hidden: the list names the feeds
                await settle(pilot)
            first, second = list_rows(app)
            assert first != second
            assert any("World D" in row for row in list_rows(app)) and any(
                "Metro W" in row for row in list_rows(app)
            )
            assert all(
                "Harbour bridge reopens" in row for row in list_rows(app)
            )  # the title readable
            if size == (80, 24):
                await pilot.press("b")
            await pilot.press("shift+tab", "G", "enter")  # a feed's own list: no feed column
            await settle(pilot)
            assert app.articles.count == 1 and not any(
                w in list_rows(app)[0] for w in ("World", "Metro")
            )
