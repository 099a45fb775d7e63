"""Searches that mix Chinese with Latin letters without a space (A股, 5G网, iPhone发布),
full-width letters and half-width katakana: what the reader's view and `tidings search`
find (core.search_query over the bigram index of core.tokenize)."""

from __future__ import annotations

import pytest

from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, View
from tidings.core.store import Store

FEED = "https://cjk.test/feed.xml"
TITLES = (
    "A股大跌",  # 1
    "B股上涨 a lot",  # 2: 股 and the word a, apart
    "5G网络覆盖全国",  # 3
    "5G手机 上网",  # 4: 5g and 网, apart
    "苹果iPhone发布会",  # 5
    "ＡＢＣ新闻",  # 6: full-width letters
    "ｺﾝﾋﾟｭｰﾀｰの話",  # 7: half-width katakana and its prolonged sound mark
    "国中A股",  # 8: A股 at the end of the text
)


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "cjk.db")
    s.sync_feeds([FeedSpec(FEED)])
    entries = [
        ParsedEntry(id=str(n), link=f"https://cjk.test/{n}", title=t, content="<p>…</p>")
        for n, t in enumerate(TITLES, 1)
    ]
    s.record_fetch(FEED, parsed=ParsedFeed(title="CJK", entries=entries))
    yield s
    s.close()


def found(store: Store, query: str) -> list[str]:
    """The titles the view finds (the ranked search finds the same), in title order."""
    listed = sorted(a.title for a in store.list_articles(View(search=query)))
    assert sorted(a.title for a in store.search(query)) == listed
    assert store.count_articles(View(search=query)) == len(listed)
    return listed


def test_a_latin_letter_before_one_chinese_character_is_found_together(store):
    assert found(store, "A股") == ["A股大跌", "国中A股"]  # not "B股上涨 a lot"
    assert found(store, "a股") == found(store, "Ａ股") == ["A股大跌", "国中A股"]
    assert found(store, "5G网") == ["5G网络覆盖全国"]  # not "5G手机 上网"
    assert found(store, "-A股") == sorted(set(TITLES) - {"A股大跌", "国中A股"})
    assert found(store, "title:A股") == ["A股大跌", "国中A股"]


def test_a_single_character_alone_or_before_letters_is_still_found_anywhere(store):
    assert found(store, "股") == ["A股大跌", "B股上涨 a lot", "国中A股"]
    assert found(store, "国") == ["5G网络覆盖全国", "国中A股"]


def test_latin_and_chinese_without_space_full_width_and_half_width_kana(store):
    assert found(store, "iPhone发布") == ["苹果iPhone发布会"]
    assert found(store, "ABC") == found(store, "ａｂｃ新闻") == ["ＡＢＣ新闻"]
    assert found(store, "コンピューター") == ["ｺﾝﾋﾟｭｰﾀｰの話"]
