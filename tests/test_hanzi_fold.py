"""One spelling for Chinese characters in search and ranking (hanzi_fold): traditional
and Japanese forms find simplified text and the other way round; stores indexed before
schema 5 are indexed again."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from tests.test_store import _expected_fts_rows, _fts_rows
from tidings.core import schema, tokenize
from tidings.core.hanzi_fold import fold
from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, View
from tidings.core.related import related
from tidings.core.store import Store

FEED = "https://tw.example/feed"
ARTICLES = [
    ("颱風登陸東部沿海 兩萬人撤離", "<p>中央氣象署表示，颱風將在今晚減弱。</p>"),  # Taiwan
    ("関東の新半導体工場が稼働", "<p>気候変動への対応も進める。</p>"),  # Japan
    ("台风过后港口恢复运营", "<p>气象台解除台风预警。</p>"),  # mainland
    ("Typhoon season ends", "<p>No Chinese here.</p>"),
]


def test_fold_gives_the_simplified_form():
    assert fold("颱風 半導體 氣候 臺灣") == "台风 半导体 气候 台湾"
    assert fold("半導体 気候 関東") == "半导体 气候 关东"  # shinjitai
    assert fold("芸術 研究") == "芸术 研究"  # 芸 and 研 are Chinese characters too: kept
    assert fold("한국어 English 台风") == "한국어 English 台风"


def test_tokens_are_folded_and_the_index_text_is_the_folded_text():
    assert tokenize.tokens("颱風") == tokenize.tokens("台风") == ["台风"]
    for text in ("颱風登陸東部沿海，兩萬人撤離", "関東の新半導体工場 Chips 2026", "ａｂｃ颱風"):
        plain = tokenize.index_text(text, fold=False)
        assert tokenize.index_text(text) == plain.translate(tokenize.fold_table())


def fill(store: Store) -> None:
    store.sync_feeds([FeedSpec(FEED, "News")])
    entries = [
        ParsedEntry(id=str(i), title=t, link=f"https://tw.example/{i}", content=body,
                    published=datetime(2026, 1, 1 + i, tzinfo=UTC))
        for i, (t, body) in enumerate(ARTICLES)
    ]  # fmt: skip
    store.record_fetch(FEED, parsed=ParsedFeed(title="News", entries=entries))


def found(store: Store, query: str) -> list[str]:
    hits = sorted(a.title for a in store.search(query))
    assert sorted(a.title for a in store.list_articles(View(search=query), 0, 50)) == hits
    return hits


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("台风", [ARTICLES[2][0], ARTICLES[0][0]]),
        ("颱風", [ARTICLES[2][0], ARTICLES[0][0]]),
        ("半导体", [ARTICLES[1][0]]),
        ("气候", [ARTICLES[1][0]]),
        ("气象", [ARTICLES[0][0], ARTICLES[2][0]]),  # 氣象 in Taiwan's text
        ("两万人", [ARTICLES[0][0]]),
        ("颱", [ARTICLES[2][0], ARTICLES[0][0]]),  # one character: a LIKE of each spelling
        ("台", [ARTICLES[2][0], ARTICLES[0][0]]),
        ("気", [ARTICLES[0][0], ARTICLES[1][0], ARTICLES[2][0]]),  # 氣, 気 and 气
    ],
)
def test_a_search_finds_every_spelling(tmp_path, query, titles):
    with Store.open(tmp_path / "s.db") as store:
        fill(store)
        assert found(store, query) == sorted(titles)


def test_related_ranking_sees_one_word_in_both_spellings(tmp_path):
    with Store.open(tmp_path / "r.db") as store:
        fill(store)
        other = "https://cn.example/feed"
        store.sync_feeds([FeedSpec(FEED, "News"), FeedSpec(other, "Mainland")])
        story = ParsedEntry(id="m", title="台风登陆东部沿海 两万人撤离", link="https://cn.example/1",
                            content="<p>中央气象署表示，台风将在今晚减弱。</p>",
                            published=datetime(2026, 1, 9, tzinfo=UTC))  # fmt: skip
        store.record_fetch(other, parsed=ParsedFeed(title="Mainland", entries=[story]))
        mine = next(a for a in store.list_articles(View(), 0, 10) if a.title == story.title)
        items = related(store, mine.id)
        assert items and items[0].article.title == ARTICLES[0][0]  # the Taiwanese story


def test_a_store_indexed_before_schema_5_is_indexed_again(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 4)
    # the tidings of schema 4 kept no site's wait (schema 8)
    monkeypatch.setattr(Store, "_set_wait", lambda self, feed_id, row, wait: None)
    monkeypatch.setattr(tokenize, "fold_table", lambda: {})  # the old, unfolded index
    with Store.open(path) as store:
        fill(store)
        assert found(store, "台风") == [ARTICLES[2][0]]
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 5
        assert found(store, "台风") == sorted([ARTICLES[2][0], ARTICLES[0][0]])
        assert found(store, "半导体") == [ARTICLES[1][0]]
        store.conn.execute(
            "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 0)"
        )
        assert _fts_rows(store) == _expected_fts_rows(store)


def test_the_fold_table_is_the_one_the_index_was_built_with():
    # The index keeps no text: an article leaves it only with the tokens it went in
    # with. A changed table needs a schema migration that re-indexes, then a new hash.
    from importlib.resources import files

    from tidings.core.reindex import FOLD_TABLE_SHA1

    data = files("tidings.core").joinpath("hanzi_fold.tsv").read_bytes()
    assert hashlib.sha1(data).hexdigest() == FOLD_TABLE_SHA1


def test_an_index_made_under_another_unicode_is_made_again(tmp_path, monkeypatch):
    from tidings.core import reindex

    path = tmp_path / "u.db"
    with Store.open(path) as store:
        fill(store)
        store.conn.execute("UPDATE index_meta SET value = '1.0.0' WHERE key = 'unicode'")
    with Store.open(path) as store:  # a Python with another Unicode than the index's
        assert store.conn.execute("SELECT value FROM index_meta").fetchone()[0] != "1.0.0"
        store.conn.execute(
            "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 0)"
        )
        assert _fts_rows(store) == _expected_fts_rows(store)
        assert found(store, "台风") == sorted([ARTICLES[2][0], ARTICLES[0][0]])

    def boom(conn):
        raise AssertionError("the same Unicode: nothing to index again")

    monkeypatch.setattr(reindex, "rebuild_index", boom)
    with Store.open(path) as store:
        assert found(store, "半导体") == [ARTICLES[1][0]]
