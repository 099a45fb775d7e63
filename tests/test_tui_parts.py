"""The reader's plain parts: the page cache, the store pool, the keymap."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime

import pytest
from rich.text import Text

from tidings.core.models import ArticleSummary, FeedSpec, ParsedEntry, ParsedFeed, View
from tidings.core.store import Store
from tidings.tui.keymap import ACTIONS, KeymapError, key_display, normalize_key, parse_keymap
from tidings.tui.page_cache import PageCache
from tidings.tui.store_pool import StorePool
from tidings.tui.text import ellipsize, fit


def row(n: int, read: bool = False) -> ArticleSummary:
    return ArticleSummary(n, 1, "Feed", f"T{n}", None, None, read, False)


def test_page_cache_serves_rows_by_index_and_drops_old_pages():
    cache = PageCache(page_size=10, max_pages=2)
    assert cache.get(5) is None
    assert cache.missing(0, 25) == [0, 1, 2]
    cache.pending.add(1)
    assert cache.missing(0, 25) == [0, 2]
    cache.put(0, [row(i) for i in range(10)])
    cache.put(1, [row(i) for i in range(10, 20)])
    assert cache.get(13).title == "T13"
    assert cache.pending == set()
    cache.put(2, [row(20)])
    assert cache.get(3) is None  # page 0 was the least recently used
    assert cache.get(20).title == "T20" and cache.get(21) is None
    assert cache.update(15, read=True) == 15 and cache.get(15).read
    assert cache.find(999) is None


def test_store_pool_runs_each_lane_on_its_own_thread_with_its_own_store(tmp_path):
    db = tmp_path / "s.db"
    with Store.open(db) as store:
        spec = FeedSpec("https://x.example/feed", "X")
        store.sync_feeds([spec])
        entry = ParsedEntry(id="1", title="One", published=datetime(2026, 1, 1, tzinfo=UTC))
        store.record_fetch(spec.url, parsed=ParsedFeed(title="X", entries=[entry]))
    pool = StorePool(db)

    async def run() -> tuple[int, str, str, int]:
        ui = await pool.call(lambda s: (threading.current_thread().name, s.count_articles(View())))
        bulk = await pool.call(lambda s: threading.current_thread().name, lane="bulk")
        return ui[1], ui[0], bulk, threading.get_ident()

    try:
        count, ui_thread, bulk_thread, _ = asyncio.run(run())
    finally:
        pool.close()
    assert count == 1
    assert ui_thread == "tidings-db-ui" and bulk_thread == "tidings-db-bulk"
    with pytest.raises(RuntimeError):
        pool.submit(lambda s: None)


def test_store_pool_hands_errors_back_to_the_caller(tmp_path):
    pool = StorePool(tmp_path / "e.db")

    def boom(store: Store) -> None:
        raise ValueError("bad query")

    try:
        with pytest.raises(ValueError, match="bad query"):
            asyncio.run(pool.call(boom))
    finally:
        pool.close()


def test_keys_are_normalised_and_shown_readably():
    assert normalize_key("?") == "question_mark"
    assert normalize_key("Ctrl+X") == "ctrl+x"
    assert normalize_key("f5") == "f5"
    assert normalize_key("pagedown") == "pagedown"
    assert normalize_key("ctrl+") is None
    assert normalize_key("hyperspace") is None
    assert key_display("j,down") == "j / ↓"
    assert key_display("question_mark") == "?"
    assert key_display("ctrl+k") == "Ctrl+K"  # it said ctrl+k in ? beside Esc and PgDn
    assert key_display("ctrl+b,ctrl+pagedown") == "Ctrl+B / Ctrl+PgDn"
    assert parse_keymap({"refresh": "F5, ctrl+r"}) == {"refresh": "f5,ctrl+r"}
    with pytest.raises(KeymapError, match=r"keys\.refresh: expected a key"):
        parse_keymap({"refresh": 5})
    ids = [a.id for a in ACTIONS]
    assert len(ids) == len(set(ids))


def test_text_is_cut_with_the_ellipsis_against_it_even_after_a_wide_character():
    # Rich's "…" after a wide character that did not fit stood a cell away: "寰宇 …".
    assert fit("Tidings 演示：寰宇快讯", 12) == "Tidings 演… "
    assert fit("Tidings Demo: World Desk", 12) == "Tidings Dem…"
    assert fit("landfall on the coast", 13) == "landfall on… "
    assert fit("短", 4) == "短  " and fit("abc", 0) == "" and fit("演示", 1) == "…"
    label = Text("示例新闻网：本地要闻频道")
    label.stylize("bold", 0, 12)
    cut = ellipsize(label, 19)
    assert cut.plain == "示例新闻网：本地要…" and cut.cell_len == 19
    assert cut.spans[0].end == len(cut.plain)  # the "…" is bold with what it stands for
    assert ellipsize(label, 40) is label


def test_feed_pane_counts_are_written_as_the_status_line_writes_them():
    # "All (29975)" in the pane beside "All: 100,000 · 29,975 unread" in the status line.
    from tidings.tui.widgets.feed_tree import _label

    assert _label("All", 29975).plain == "All (29,975)"
    assert _label("示例", 12).plain == "示例 (12)" and _label("Starred", 0).plain == "Starred"
