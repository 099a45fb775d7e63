"""Groups in parentheses in the search syntax (core.search_syntax, core.search_query):
`(a OR b) c`, `-(a OR b)`, nesting, OR between groups, groups of operators, for `/`,
`F`, saved searches and `tidings search`; a parenthesis that groups nothing is text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.text import Text

from tests.test_search_operators import BBC, TECH, XINHUA, ago, found
from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, View
from tidings.core.search_highlight import STYLE_FOUND, mark_found
from tidings.core.search_query import QueryError, check, chunks, fts_match, parse, plan
from tidings.core.search_syntax import AllOf, AnyOf, Chunk, read
from tidings.core.store import Store

# -- reading ---------------------------------------------------------------------------


def w(text: str, negated: bool = False, name: str | None = None) -> Chunk:
    return Chunk(text, negated, name)


def test_a_group_is_one_item_beside_words_and_or():
    assert read("(a OR b) c") == AllOf((AnyOf((w("a"), w("b"))), w("c")))
    assert read("a OR (b c)") == AnyOf((w("a"), AllOf((w("b"), w("c")))))
    assert read("(a b) OR (c d)") == AnyOf((AllOf((w("a"), w("b"))), AllOf((w("c"), w("d")))))
    assert read("((a OR b) c) OR d") == AnyOf((AllOf((AnyOf((w("a"), w("b"))), w("c"))), w("d")))
    assert read("( a OR b )") == read("(a OR b)")  # spaces inside are fine
    assert read('("sea wall" OR 海堤) x') == AllOf((AnyOf((w("sea wall"), w("海堤"))), w("x")))
    # without groups, as before: OR joins the words beside it
    assert read("a OR b c") == read("(a OR b) c")


def test_a_minus_before_a_group_is_pushed_down_to_its_words():
    assert read("-(a OR b)") == AllOf((w("a", True), w("b", True)))  # = -a -b
    assert read("-(a b)") == AnyOf((w("a", True), w("b", True)))  # = -a OR -b
    assert read("-(a -b)") == AnyOf((w("a", True), w("b")))
    assert read("-(-(a))") == w("a")
    assert read("x -(feed:bbc OR feed:cnn)") == AllOf(
        (w("x"), w("bbc", True, "feed"), w("cnn", True, "feed"))
    )


def test_an_operator_before_a_group_is_given_to_its_bare_words():
    assert read("feed:(bbc OR cnn)") == read("(feed:bbc OR feed:cnn)")
    assert read("-feed:(bbc OR cnn)") == read("-feed:bbc -feed:cnn")
    assert read("title:(台风 OR typhoon)") == read("(title:台风 OR title:typhoon)")
    assert read("is:(unread OR starred)") == read("is:unread OR is:starred")
    assert read("feed:(bbc OR is:starred)") == AnyOf(
        (w("bbc", name="feed"), w("starred", name="is"))
    )


@pytest.mark.parametrize(
    ("query", "as_if"),
    [
        ("f(x)", '"f x"'),  # inside a word: a separator, as any punctuation
        ("g(x) y", '"g x" y'),
        (":)", ""),  # a smiley is nothing to find
        ("nice :) day", "nice day"),
        ("(nice :) day)", "nice day"),  # not even inside a group
        (";-) (wink)", "wink"),
        ("(", ""),
        (")", ""),
        ("()", ""),
        ("-()", ""),
        ("(a OR b", "a OR b"),  # unbalanced: the ( is text
        ("a OR b)", "a OR b"),
        ("((a OR b) c", "(a OR b) c"),
        ("(a OR b) c)", "(a OR b) c"),
        ("(see f(x))", 'see "f x"'),
        ("(a)(b)", '"a b"'),  # a ) before a ( closes nothing
        # at the ends of an operator's word, a parenthesis its value does not pair is
        # dropped: `is:unread)` is is:unread, not the error 'not "unread)"'
        ("feed:(bbc", "feed:bbc"),
        ("is:unread)", "is:unread"),
        ("a is:unread))", "a is:unread"),
        ("(is:unread", "is:unread"),
        ("-(is:read", "-is:read"),
        ("(a OR b) is:unread)", "(a OR b) is:unread"),
        ("after:2026-11-01)", "after:2026-11-01"),
        ("title:f(x)", 'title:"f(x)"'),  # one its value pairs: kept
        ('feed:"(bbc"', 'feed:"(bbc"'),  # a phrase: as typed
        ('"(a OR b)"', '"a OR b"'),  # inside a phrase: text
        ("-(", ""),
        ("a -) b", "a b"),
    ],
)
def test_a_parenthesis_that_groups_nothing_is_text(query, as_if):
    assert plan(query) == plan(as_if)
    assert check(query) is None


def test_groups_nest_at_most_eight_deep_and_deeper_ones_are_text():
    deep = "(" * 8 + "a OR b" + ")" * 8 + " c"
    assert plan(deep) == plan("(a OR b) c")
    deeper = "(" * 12 + "a" + ")" * 12
    assert plan(deeper) == plan("a")
    assert parse("(" * 1000 + "x" + ")" * 1000)  # no recursion error


def test_words_left_out_in_a_group_are_not_marked():
    assert chunks("(台风 OR typhoon) -(tsunami OR 海啸) is:unread") == ["台风", "typhoon"]
    assert chunks("-(-a OR b)") == ["a"]  # two minuses: found
    assert chunks("title:(台风 OR storm) feed:(bbc)") == ["台风", "storm"]
    text = Text("台风 typhoon tsunami 海啸")
    assert mark_found(text, "(台风 OR typhoon) -(tsunami OR 海啸)") == 2
    assert [text.plain[s.start : s.end] for s in text.spans if s.style == STYLE_FOUND] == [
        "台风",
        "typhoon",
    ]


def test_a_bad_operator_in_a_group_is_said():
    assert check("(a OR is:maybe)") == 'is: expected unread, read or starred, not "maybe"'
    assert check("-feed:(bbc OR )") is None
    assert check('tag:("" OR x)') == "tag: expected a tag, such as tag:tech"
    with pytest.raises(QueryError, match="newer: expected"):
        parse("(x -(newer:3x))")


# -- the index ------------------------------------------------------------------------


def test_groups_of_words_are_one_fts_expression():
    assert fts_match("(a OR b) c") == fts_match("a OR b c") == '("a" OR "b") AND "c"'
    assert fts_match("a OR (b c)") == '("a" OR ("b" AND "c"))'
    assert fts_match("(a b) OR (c -d)") == '(("a" AND "b") OR (("c") NOT "d"))'
    assert fts_match("x -(a OR b)") == '(("x") NOT "a") NOT "b"'
    assert fts_match('title:(台风 OR "sea wall")') == '(title : "台风" OR title : "sea wall")'


def test_words_beside_operators_in_a_group_still_narrow_and_rank():
    found = plan("(台风 is:unread) OR typhoon")
    assert found.match == '(("台风") OR "typhoon")'  # at least these: the index first
    assert found.exact is not None and "a.read = 0" in found.exact[0]
    found = plan("(台风 OR typhoon) (is:unread OR is:starred)")
    assert found.match == '("台风" OR "typhoon")'
    assert found.exact == ("((a.read = 0) OR (a.starred = 1))", [])


def test_operators_or_single_characters_only_have_nothing_for_the_index():
    assert fts_match("(is:unread OR is:starred) feed:bbc") is None
    assert fts_match("(台 OR 风)") is None
    assert fts_match("-(a b)") is None  # -a OR -b: one look-up of what has both
    cond, params = plan("-(a b)").condition
    assert cond.startswith("a.id NOT IN") and params == ['"a" AND "b"']


# -- over a store ---------------------------------------------------------------------


@pytest.fixture
def news(tmp_path):
    s = Store.open(tmp_path / "groups.db")
    s.sync_feeds(
        [
            FeedSpec(BBC, category="World", tags=("news", "en")),
            FeedSpec(XINHUA, title="新華社", category="中文", tags=("zh", "news")),
            FeedSpec(TECH, title="Tech", category="Tech", tags=("tech", "en")),
        ]
    )

    def e(n: int, title: str, body: str, days: float, author: str | None = None):
        return ParsedEntry(
            id=str(n), link=f"https://x.test/{n}", title=title, content=f"<p>{body}</p>",
            author=author, published=ago(days=days),
        )  # fmt: skip

    s.record_fetch(BBC, parsed=ParsedFeed("BBC News", entries=[
        e(1, "Typhoon nears the coast", "Winds and a sea wall", 0.1, "Jane Smith"),
        e(2, "Election results", "A typhoon is not the story", 5),
    ]))  # fmt: skip
    s.record_fetch(XINHUA, parsed=ParsedFeed("Xinhua", entries=[
        e(3, "台风登陆", "颱風 came ashore near the sea wall", 1, "王小明"),
        e(4, "股市收盘", "台风过后 the market rose", 10),
    ]))  # fmt: skip
    s.record_fetch(TECH, parsed=ParsedFeed("Tech feed", entries=[
        e(5, "Chip plant 台 opens", "typhoon-proof", 20, "jane doe"),
        e(6, "Smiley :) day", "f(x) = x squared", 30),
    ]))  # fmt: skip
    # ids follow the order added: 1..6
    s.set_read([2, 4])
    s.set_starred([3, 5])
    yield s
    s.close()


def test_a_group_of_words_and_a_group_of_operators(news):
    assert found(news, "(台风 OR typhoon) (is:unread OR is:starred)") == [1, 3, 5]
    assert found(news, "(台风 OR typhoon) is:read") == [2, 4]
    assert found(news, "(台风 OR typhoon) -(is:read OR is:starred)") == [1]
    assert found(news, "(is:starred OR feed:bbc) typhoon") == [1, 2, 5]


def test_leaving_out_a_group(news):
    assert found(news, "-(feed:bbc OR feed:xinhua)") == [5, 6]
    assert found(news, "-feed:(bbc OR xinhua)") == [5, 6]
    assert found(news, "typhoon -(feed:bbc is:read)") == [1, 5]  # not (bbc and read)
    assert found(news, '-("sea wall" OR typhoon)') == [4, 6]
    assert found(news, "-(sea wall)") == [2, 4, 5, 6]  # not both words
    assert found(news, "-(typhoon OR 台)") == [6]  # a single character too


def test_or_between_groups_and_nesting(news):
    assert found(news, "(typhoon feed:bbc) OR (台风 is:starred)") == [1, 3, 2]
    assert found(news, "((typhoon OR 台风) (is:unread OR is:starred)) OR election") == [1, 3, 2, 5]
    assert found(news, "author:(jane OR 小明) -(author:doe)") == [1, 3]
    assert found(news, "tag:(zh OR tech) (newer:3d OR older:25d)") == [3, 6]


def test_chinese_single_characters_and_title_inside_groups(news):
    assert found(news, "(台 OR election)") == [3, 2, 4, 5]  # 台 as LIKE, 颱 too
    assert found(news, "title:(台风 OR typhoon)") == [1, 3]
    assert found(news, "title:(台 OR results)") == [3, 2, 5]
    assert found(news, "(颱風 OR 台) -title:台") == [4]
    assert found(news, "(海堤 OR 台风) (sea wall)") == [3]


def test_text_parentheses_are_found_as_before(news):
    assert found(news, "f(x)") == [6]
    assert found(news, "smiley :)") == [6]
    assert found(news, "(smiley :) day)") == [6]
    assert found(news, "(typhoon") == found(news, "typhoon") == [1, 2, 5]


def test_operators_only_in_groups_are_newest_first_and_words_ranked(news):
    assert [a.id for a in news.search("(is:starred OR feed:bbc) -is:read")] == [1, 3, 5]
    # ranked, a title first (newest first would be 1, 3, 5)
    assert [a.id for a in news.search("(typhoon OR 台风) is:unread")] == [3, 1, 5]


def test_a_saved_search_with_groups_counts_its_unread(news):
    def unread(query: str) -> int:
        return news.count_articles(View(search=query, unread_only=True))

    assert unread("(台风 OR typhoon) (feed:bbc OR feed:xinhua)") == 2
    news.set_read([3])
    assert unread("(台风 OR typhoon) (feed:bbc OR feed:xinhua)") == 1
    assert [
        a.id for a in news.list_articles(View(search="tag:(zh OR tech)", unread_only=True))
    ] == [5, 6]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            ["(", ")", "-(", "OR", "a", "台", "台风", ":)", "is:unread", "feed:(", '"', " "]
        ),
        max_size=14,
    ).map("".join)
    | st.text(alphabet='()-: aOR台"', max_size=30)
)
def test_any_parentheses_are_a_safe_query(news, text):
    # a query, or (an operator's bad value: `is:unread(`) an error saying what it expects
    wrong = check(text)
    if wrong is not None:
        assert "expected" in wrong
        return
    assert isinstance(news.search(text), list)
    assert news.count_articles(View(search=text)) >= 0
