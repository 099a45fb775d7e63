"""Search operators (core.search_operators): is:, feed:, category:, tag:, author:,
title:, after:, before:, newer:, older: in the query syntax of core.search_query, for
/, `tidings search` and saved searches: what each finds, with words, -, OR and CJK."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, View
from tidings.core.search_operators import Filter
from tidings.core.search_query import QueryError, Term, check, chunks, fts_match, parse, plan
from tidings.core.search_syntax import AnyOf
from tidings.core.store import Store

NOW = 1_800_000_000  # 2027-01-15
DAY = 86_400


def one(query: str) -> Filter:
    """The one operator a query of one word is."""
    [atom] = parse(query, now=NOW)
    assert isinstance(atom, Filter)
    return atom


# -- parsing --------------------------------------------------------------------------


def test_is_states_are_literal_conditions_for_the_partial_indexes():
    assert one("is:unread") == Filter("a.read = 0")
    assert one("IS:Unread") == Filter("a.read = 0")  # names and these values in any case
    assert one("is:read") == Filter("a.read <> 0")
    assert one("is:starred") == Filter("a.starred = 1")
    assert one("-is:unread") == one("is:read")
    assert one("-is:read") == one("is:unread")
    assert one("-is:starred") == Filter("a.starred = 0")


def test_text_operators_take_a_word_or_a_phrase_folded():
    assert one("feed:BBC").params == ("bbc",)
    assert one('feed:"BBC  News"').params == ("bbc  news",)
    assert one("feed:新華社").params == ("新华社",)  # one spelling, as search
    assert one("author:ＳＭＩＴＨ").params == ("smith",)  # full width too
    assert one("category:Tech").params == one("tag:TECH").params == ("tech",)
    assert one("-feed:bbc").sql.startswith("NOT (")
    assert "category" in one("category:x").sql and "json_each" in one("tag:x").sql
    assert "COALESCE(author" in one("author:x").sql


def test_dates_are_local_midnight_and_ages_count_back_from_now(monkeypatch):
    midnight = int(datetime(2026, 11, 1).timestamp())  # naive: local
    assert one("after:2026-11-01") == Filter("a.published >= ?", (midnight,))
    assert one("after:2026/11/1") == one("after:2026-11-01")
    assert one("before:2026-11-01") == Filter("a.published < ?", (midnight,))
    assert one("-after:2026-11-01") == one("before:2026-11-01")
    assert one("-before:2026-11-01") == one("after:2026-11-01")
    assert one("newer:3d") == Filter("a.published >= ?", (NOW - 3 * DAY,))
    assert one("newer:3") == one("newer:3d")  # a number alone is days, as newsboat's age
    assert one("newer:12h") == Filter("a.published >= ?", (NOW - 12 * 3600,))
    assert one("older:2W") == Filter("a.published < ?", (NOW - 14 * DAY,))
    assert one("-older:2w") == Filter("a.published >= ?", (NOW - 14 * DAY,))


def test_a_date_is_the_local_midnight_of_that_day(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        shanghai = one("after:2026-11-01").params
    finally:
        monkeypatch.undo()
        time.tzset()
    assert shanghai == (int(datetime(2026, 10, 31, 16, tzinfo=UTC).timestamp()),)


def test_title_is_a_text_term_of_the_title_column():
    [term] = parse("title:Typhoon")
    assert term == Term(("typhoon",), title_only=True)
    assert fts_match('title:"sea wall"') == 'title : "sea wall"'
    assert fts_match("title:台风 storm") == 'title : "台风" AND "storm"'
    assert fts_match("storm -title:typhoon") == '("storm") NOT title : "typhoon"'
    [single] = parse("title:台")  # one CJK character: a LIKE on the title only
    assert single == Term(like="台", title_only=True)
    cond, params = single.condition()
    assert "a.title LIKE" in cond and "content" not in cond and "颱" in "".join(params)


def test_or_joins_the_word_before_and_the_word_after_it():
    q = parse("台风 OR typhoon is:unread newer:3d", now=NOW)
    assert len(q) == 3  # (台风 or typhoon), is:unread, newer:3d
    assert isinstance(q[0], AnyOf) and len(q[0].parts) == 2
    found = plan("台风 OR typhoon is:unread newer:3d", now=NOW)
    assert found.match == '("台风" OR "typhoon")'
    assert found.exact == ("((a.read = 0) AND (a.published >= ?))", [NOW - 3 * DAY])
    either, word = parse("feed:bbc OR feed:cnn OR is:starred x")
    assert isinstance(either, AnyOf) and len(either.parts) == 3 and isinstance(word, Term)
    assert fts_match('台风 OR typhoon -"sea wall"') == '(("台风" OR "typhoon")) NOT "sea wall"'


def test_a_query_of_operators_only_has_nothing_for_the_index():
    found = plan("is:unread feed:bbc newer:1d", now=NOW)
    assert found.match is None and found.exact is None
    cond, params = found.condition
    assert "a.read = 0" in cond and params == ["bbc", NOW - DAY]


def test_a_word_with_a_colon_is_an_operator_only_by_its_name():
    for text in ("http://x.test/a", "10:30", "re:", "note:this", "https:"):
        assert all(isinstance(a, Term) for a in parse(text)), text
    assert fts_match("10:30") == '"10 30"'
    assert fts_match('http:"x"') == '"http" AND "x"'  # as before: a word and a phrase


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("after:yesterday", 'after: expected a date such as 2026-11-01, not "yesterday"'),
        ("before:2026-02-30", 'before: expected a date such as 2026-11-20, not "2026-02-30"'),
        ("is:maybe", 'is: expected unread, read or starred, not "maybe"'),
        ("newer:3x", 'newer: expected an age such as 3d (h hours, d days, w weeks), not "3x"'),
        ("older:", "older: expected an age such as 2w (h hours, d days, w weeks)"),
        ("feed: bbc", "feed: expected part of a feed's title or address, such as feed:bbc"),
        ('tag:""', "tag: expected a tag, such as tag:tech"),
        ("category:!", None),  # a category may be any text
        (
            "title:!!",
            'title: expected a word or "a phrase" to find in titles, such as'
            ' title:typhoon, not "!!"',
        ),
        ("typhoon OR -is:maybe", 'is: expected unread, read or starred, not "maybe"'),
        (
            "after:" + "9" * 100,
            'after: expected a date such as 2026-11-01, not "' + "9" * 39 + '…"',
        ),
    ],
)
def test_an_operator_with_a_bad_value_says_what_it_expects(query, message):
    assert check(query) == message
    if message is not None:
        with pytest.raises(QueryError, match="expected"):
            parse(query)


def test_operators_are_not_words_to_mark_but_title_s_text_is():
    assert chunks('台风 is:unread feed:bbc title:Typhoon title:"sea wall" -title:x newer:3d') == [
        "台风",
        "Typhoon",
        "sea wall",
    ]
    assert chunks("after:yesterday storm") == ["storm"]  # never raises


# -- over a store ---------------------------------------------------------------------

BBC, XINHUA, TECH = "https://bbc.test/news/rss", "https://xinhua.test/zh", "https://t.test/atom"


def ago(**kw) -> datetime:
    return datetime.now(UTC) - timedelta(**kw)


@pytest.fixture
def news(tmp_path):
    s = Store.open(tmp_path / "ops.db")
    s.sync_feeds(
        [
            FeedSpec(BBC, category="World", tags=("news", "en")),
            FeedSpec(XINHUA, title="新華社 中文", category="中文", tags=("zh",)),
            FeedSpec(TECH, title="Économie Tech", category="Tech", tags=("Tech", "en")),
        ]
    )

    def add(url: str, title: str, *entries: ParsedEntry) -> None:
        s.record_fetch(url, parsed=ParsedFeed(title=title, entries=list(entries)))

    def e(n: int, title: str, body: str, published: datetime, author: str | None = None):
        return ParsedEntry(
            id=str(n), link=f"https://x.test/{n}", title=title, content=f"<p>{body}</p>",
            author=author, published=published,
        )  # fmt: skip

    add(
        BBC,
        "BBC News",
        e(1, "Typhoon nears the coast", "Winds at 10:30 tonight", ago(hours=2), "Jane SMITH"),
        e(2, "Election results", "A typhoon is not the story", ago(days=5)),
    )
    add(
        XINHUA,
        "Xinhua",
        e(3, "台风登陆", "颱風 came ashore", ago(days=1), "王小明"),
        e(4, "股市收盘", "台风过后 the market rose", ago(days=10)),
    )
    add(TECH, "Tech feed", e(5, "Chip plant 台 opens", "typhoon-proof", ago(days=20), "jane doe"))
    # ids follow the order added: 1..5
    s.set_read([2, 4])
    s.set_starred([3, 5])
    yield s
    s.close()


def found(store: Store, query: str) -> list[int]:
    """What the ranked search and the reader's view find (the same), the view's newest
    first; and the view's count."""
    listed = [a.id for a in store.list_articles(View(search=query))]
    assert sorted(a.id for a in store.search(query)) == sorted(listed)
    assert store.count_articles(View(search=query)) == len(listed)
    return listed


def test_is_finds_by_state(news):
    assert found(news, "is:unread") == [1, 3, 5]
    assert found(news, "is:read") == [2, 4]
    assert found(news, "is:starred") == [3, 5]
    assert found(news, "-is:starred") == [1, 2, 4]
    assert found(news, "is:unread -is:starred") == [1]


def test_feed_finds_by_title_renamed_own_or_url_in_any_case(news):
    assert found(news, "feed:bbc") == [1, 2]  # its own title, and its URL
    assert found(news, 'feed:"bbc news"') == [1, 2]
    assert found(news, "feed:xinhua.test") == [3, 4]  # the URL
    assert found(news, "feed:Xinhua") == [3, 4]  # its own title, though renamed
    assert found(news, "feed:新华社") == [3, 4]  # 新華社 as renamed, in either spelling
    assert found(news, "feed:ÉCONOMIE") == [5]  # any case, not only ASCII
    assert found(news, "feed:economie") == []  # but é is not e
    assert found(news, "-feed:bbc") == [3, 4, 5]
    assert found(news, "feed:bbc OR feed:tech") == [1, 2, 5]


def test_category_and_tag_are_whole_names_in_any_case(news):
    assert found(news, "category:world") == [1, 2]
    assert found(news, "category:中文") == [3, 4]
    assert found(news, "category:wor") == []
    assert found(news, "tag:EN") == [1, 2, 5]
    assert found(news, "tag:tech") == [5]
    assert found(news, "tag:zh is:unread") == [3]
    assert found(news, "-tag:en") == [3, 4]


def test_author_is_a_substring_in_any_case(news):
    assert found(news, "author:jane") == [1, 5]
    assert found(news, 'author:"jane smith"') == [1]
    assert found(news, "author:小明") == [3]
    assert found(news, "-author:jane") == [3, 2, 4]  # those with no author too


def test_title_looks_in_titles_only(news):
    assert found(news, "typhoon") == [1, 2, 5]
    assert found(news, "title:typhoon") == [1]
    assert found(news, "typhoon -title:typhoon") == [2, 5]
    assert found(news, "台风") == [3, 4]
    assert found(news, "title:台风") == [3]  # 4 has it in its text only
    assert found(news, "title:台") == [3, 5]  # a single character: titles only
    assert found(news, 'title:"nears the coast"') == [1]


def test_ages_and_dates_find_by_published(news):
    assert found(news, "newer:3d") == [1, 3]
    assert found(news, "newer:1h") == []
    assert found(news, "older:1w") == [4, 5]
    assert found(news, "newer:2w older:2d") == [2, 4]
    day = lambda d: (datetime.now() - timedelta(days=d)).strftime("%Y-%m-%d")  # noqa: E731
    assert found(news, f"after:{day(7)}") == [1, 3, 2]
    assert found(news, f"before:{day(7)}") == [4, 5]
    assert found(news, f"after:{day(15)} before:{day(3)}") == [2, 4]


def test_operators_mix_with_words_or_and_chinese(news):
    # (台风 or typhoon), unread, within 3 days: the saved search "Unread storms"
    assert found(news, "台风 OR typhoon is:unread newer:3d") == [1, 3]
    assert found(news, "typhoon OR 台风 feed:bbc") == [1, 2]
    assert found(news, "is:starred OR feed:bbc typhoon") == [1, 2, 5]
    assert found(news, "颱風 -is:read") == [3]
    assert found(news, "10:30") == [1]  # a word with a colon that is no operator: text
    assert found(news, "台 is:read") == [4]  # a single character with an operator


def test_saved_search_unread_counts_with_operators(news):
    def unread(query: str) -> int:
        return news.count_articles(View(search=query, unread_only=True))

    assert unread("台风 OR typhoon is:unread newer:3d") == 2
    assert unread("feed:bbc") == 1
    assert unread("is:read") == 0
    assert unread("tag:en -is:starred") == 1
    news.set_read([1])
    assert unread("台风 OR typhoon is:unread newer:3d") == 1


def test_operators_only_are_listed_newest_first_by_the_search_command_too(news):
    assert [a.id for a in news.search("is:unread")] == [1, 3, 5]
    assert [a.id for a in news.search("tag:en", unread_only=True)] == [1, 5]
    assert [a.id for a in news.search("is:starred", limit=1)] == [3]
    assert [a.id for a in news.search("typhoon is:unread")] == [1, 5]  # ranked: title first


def test_a_bad_operator_is_an_error_not_everything(news):
    with pytest.raises(QueryError, match="after: expected a date"):
        news.search("typhoon after:yesterday")
    with pytest.raises(QueryError, match="is: expected"):
        news.list_articles(View(search="is:maybe"))


def test_author_ignores_case_and_width_across_spellings_of_one_name(news):
    news.record_fetch(
        BBC,
        parsed=ParsedFeed(
            title="BBC News",
            entries=[
                ParsedEntry(id="6", link="https://x.test/6", title="x", author="JANE SMITH"),
                ParsedEntry(id="7", link="https://x.test/7", title="y", author="ＪＡＮＥ Ｓmith"),
            ],
        ),
    )
    assert sorted(found(news, 'author:"jane smith"')) == [1, 6, 7]  # each spelling once
    assert sorted(found(news, "author:ｊａｎｅ")) == [1, 5, 6, 7]


def test_feed_finds_a_feed_by_its_new_name_once_renamed_or_added(news):
    assert found(news, "feed:newsroom") == []
    news.sync_feeds(
        [
            FeedSpec(BBC, title="Newsroom", category="World", tags=("news", "en")),
            FeedSpec(XINHUA, title="新華社 中文", category="中文", tags=("zh",)),
            FeedSpec(TECH, title="Économie Tech", category="Tech", tags=("Tech", "en")),
            FeedSpec("https://new.test/rss", title="Newsroom Two"),
        ]
    )
    news.record_fetch(
        "https://new.test/rss",
        parsed=ParsedFeed(entries=[ParsedEntry(id="8", link="https://new.test/8", title="z")]),
    )
    assert sorted(found(news, "feed:newsroom")) == [1, 2, 6]
    assert found(news, "feed:bbc") == [1, 2]  # its own title still
