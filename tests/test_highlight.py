"""feeds.yaml's highlight: rules (newsboat's highlight, highlight-article, highlight-feed):
loading and its mistakes, the matches in text (CJK broken over two lines included), the
rows a rule colours, and `tidings import` of newsboat's lines."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.text import Text

from tests.test_newsboat_config import run
from tests.test_newsboat_config import write as write_both
from tidings.core.config import ConfigError, load_config
from tidings.core.config_reload import diff_configs
from tidings.core.highlight_rows import ArticleRules, feed_condition
from tidings.core.highlight_text import mark_laid_out, runs
from tidings.core.models import Article, ColorSpec, FeedInfo, HighlightRule, View
from tidings.core.render import render_article
from tidings.core.sanitize import clean_line
from tidings.core.search_operators import QueryError
from tidings.core.store import Store
from tidings.tui.demo_data import fill_demo_store
from tidings.tui.highlights import Highlights

FEEDS = "feeds:\n  - demo:world.xml\n"


def load(tmp_path: Path, text: str):
    path = tmp_path / "feeds.yaml"
    path.write_text(FEEDS + text, encoding="utf-8")
    return load_config(path)


def errors(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as exc:
        load(tmp_path, text)
    return [p.replace(str(tmp_path / "feeds.yaml"), "feeds.yaml") for p in exc.value.problems]


def test_the_three_kinds_of_rule_load(tmp_path):
    config = load(
        tmp_path,
        "highlight:\n"
        '  - {text: "typhoon|台风", color: red default bold}\n'
        "  - text: ^(Title|Date):.*$\n"
        "    color: blue\n"
        "    in: [article, feedlist]\n"
        "  - {articles: title:Breaking is:unread, color: white red bold}\n"
        '  - {feeds: "unread > 10 tag:news", color: "#ffff00 default underline"}\n',
    )
    assert config.highlights == (
        HighlightRule("text", "typhoon|台风", ColorSpec("red", None, ("bold",)), ("all",), 4),
        HighlightRule("text", "^(Title|Date):.*$", ColorSpec("blue"), ("article", "feedlist"), 5),
        HighlightRule("articles", "title:Breaking is:unread", ColorSpec("white", "red", ("bold",)), line=8),
        HighlightRule("feeds", "unread > 10 tag:news", ColorSpec("#ffff00", None, ("underline",)), line=9),
    )  # fmt: skip
    assert load(tmp_path, "highlight:\n").highlights == ()


def test_each_mistake_names_its_line_and_what_to_write(tmp_path):
    found = errors(
        tmp_path,
        "highlight:\n"
        '  - {text: "(a+)+", color: red}\n'  # 4
        '  - {text: "[unclosed", color: red}\n'
        "  - {text: x, colour: red}\n"
        "  - {articles: newer:3x, color: red}\n"
        "  - {feeds: author:smith, color: red}\n"
        "  - {text: x, color: purple}\n"  # 9
        "  - {text: x, feeds: y, color: red}\n"
        "  - {text: x, color: red, in: everywhere}\n"
        "  - {articles: title:x, color: red, in: article}\n"
        "  - just a word\n",
    )
    assert found[0].startswith("feeds.yaml:4: highlight[0].text: regular expression could take")
    assert found[1].startswith("feeds.yaml:5: highlight[1].text: bad regular expression:")
    assert found[2].startswith(
        "feeds.yaml:6: highlight[2].colour: unknown key 'colour' (did you mean 'color'?)"
    )
    assert "feeds.yaml:7: highlight[3].articles: newer: expected an age such as 3d" in found[4]
    assert found[5].startswith(
        "feeds.yaml:8: highlight[4].feeds: 'author:smith' is not a feed condition; expected"
        " unread>N"
    )
    assert found[6].startswith("feeds.yaml:9: highlight[5].color: 'purple' is not a colour")
    assert found[7] == (
        "feeds.yaml:10: highlight[6]: a rule has one of text:, articles: or feeds: (it has text:"
        " and feeds:)"
    )
    assert found[8] == (
        "feeds.yaml:11: highlight[7].in: 'everywhere' is not a place; expected all, feedlist,"
        " articlelist, article, or a list of them"
    )
    assert found[9] == "feeds.yaml:12: highlight[8].in: only a text: rule takes in:"
    assert found[10].startswith("feeds.yaml:13: highlight[9]: expected a rule with a colour")
    assert errors(tmp_path, "highlight: {text: x}\n") == [
        'feeds.yaml:3: highlight: expected a list of rules, e.g. - {text: "typhoon|台风", color:'
        " red default bold}"
    ]


def test_a_rule_s_mistakes_are_all_reported_and_what_the_search_box_forgives_is_not(tmp_path):
    # QA: an unknown key hid the rule's other mistakes; unclosed quotes and groups, and
    # unread>abc (a title word) were taken without a word; in: did not name its bad value
    found = errors(
        tmp_path,
        "highlight:\n"
        "  - {articles: newer:3x, colour: red}\n"  # 4
        "  - {articles: 'title:\"unclosed', color: red}\n"
        "  - {articles: '(a OR', color: red}\n"
        "  - {feeds: 'unread>abc', color: red}\n"
        "  - {feeds: 'unread>-1 OR (', color: red}\n"
        "  - {text: x, color: red, in: [articlelist, sidebar]}\n"  # 9
        "  - {articles: 'f(x) :) \"a b\"', color: red}\n"  # fine: no mistake
        "  - {feeds: '(tag:news OR unread>3) -is:failed', color: red}\n",  # fine
    )
    assert found == [
        "feeds.yaml:4: highlight[0].colour: unknown key 'colour' (did you mean 'color'?);"
        " valid keys: text, articles, feeds, color, in",
        "feeds.yaml:4: highlight[0].articles: newer: expected an age such as 3d (h hours, d days,"
        ' w weeks), not "3x"',
        "feeds.yaml:4: highlight[0].color: missing; e.g. color: red default bold",
        'feeds.yaml:5: highlight[1].articles: a " is not closed: end the phrase with another "',
        "feeds.yaml:6: highlight[2].articles: a ( is not closed: add its ) or take it out",
        "feeds.yaml:7: highlight[3].feeds: 'unread>abc': unread> takes a whole number, e.g."
        " unread>10",
        "feeds.yaml:8: highlight[4].feeds: a ( is not closed: add its ) or take it out",
        "feeds.yaml:9: highlight[5].in: 'sidebar' is not a place; expected all, feedlist,"
        " articlelist, article, or a list of them",
    ]


def test_a_change_of_rules_is_a_change_but_not_a_move(tmp_path):
    one = load(tmp_path, "highlight:\n  - {text: x, color: red}\n")
    moved = load(tmp_path, "\nhighlight:\n\n  - {text: x, color: red}\n")
    other = load(tmp_path, "highlight:\n  - {text: x, color: blue}\n")
    assert diff_configs(one, moved).empty
    change = diff_configs(one, other)
    assert change.highlights and change.summary() == "feeds.yaml: highlight rules changed"


def test_matches_in_a_title_are_runs_of_their_rule_later_over_earlier():
    rules = [
        (re.compile("typhoon|台风", re.I), "red"),
        (re.compile("风来", re.I), "blue"),
        (re.compile("x*"), "empty matches are no match"),
    ]
    assert runs("TYPHOON 台风来了", rules) == [
        ("TYPHOON", "red"),
        (" ", None),
        ("台", "red"),
        ("风来", "blue"),
        ("了", None),
    ]
    assert runs("nothing here", rules) == [("nothing here", None)]


def test_hostile_text_keeps_its_control_characters_out():
    title = clean_line("\x1b[31mTyphoon\x07 \x9b2J warning\u202e")
    lit = Highlights([HighlightRule("text", "typhoon|warning", ColorSpec("red"))])
    segments = lit.segments(title, lit.text["articlelist"][0][1])
    assert "".join(s.text for s in segments) == title
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202e]", title)


def test_a_cjk_word_broken_over_two_lines_is_found_on_both():
    body = "一二三四五六七八台风过后，四万人紧急撤离。" * 3
    article = Article(
        1, 1, "Feed", "https://x.example/f", None, None, None, "标题", None, None, None,
        f"<ul><li>{body}</li></ul>", None,
    )  # fmt: skip
    width = 20
    text = render_article(article, width).text
    plain = text.plain
    assert "台\n" in plain  # the layout broke the word: 台 ends a line, 风 starts the next
    found = mark_laid_out(text, [(re.compile("台风"), "red")])
    assert found == 3
    assert text.plain == plain  # styles only
    marked = [plain[s.start : s.end] for s in text.spans if s.style == "red"]
    assert "".join(marked) == "台风" * 3
    assert all("\n" not in m and " " not in m for m in marked)  # not the break nor indent
    lines = text.wrap(_console(), width)  # the layout still fits its width
    assert len(lines) == plain.count("\n") + 1


def _console():
    from rich.console import Console

    return Console(width=20, legacy_windows=False)


def test_article_rules_decide_a_row_from_its_page_marks_and_its_flags(tmp_path):
    db = tmp_path / "demo.db"
    fill_demo_store(db)
    rules = ArticleRules(["title:Rail is:unread", "抗旱 OR 地铁", "feed:tech -is:starred"])
    assert rules.count == 3  # is: conditions are the row's own: no bit
    with Store.open(db) as store:
        rows = store.list_articles(View(), 0, 100, rules.marks_sql())
    by_title = {r.title: r for r in rows}
    rail = by_title["Rail strike called off as talks resume"]
    assert rules.first(rail) == (None if rail.read else 0)
    assert rules.first(replace(rail, read=False)) == 0  # marked unread: coloured at once
    assert rules.first(replace(rail, read=True)) is None
    assert rules.first(by_title["长江流域今年秋季降雨偏少，多地启动抗旱措施"]) == 1
    assert rules.first(by_title["北京地铁新线开通，早高峰客流分流明显"]) == 1
    wal = by_title["SQLite WAL mode explained for application developers"]
    assert rules.first(wal) == 2 and rules.first(replace(wal, starred=True)) is None
    assert rules.first(by_title["A quiet harbour town becomes a film set"]) is None
    assert ArticleRules(["is:unread"]).marks_sql() is None  # nothing for the store to do


def feed(**changes) -> FeedInfo:
    base = FeedInfo(
        1, "https://news.example.org/rss", "BBC News – World", "World", ("news", "英语"), False,
        30, 12, datetime(2026, 1, 1, tzinfo=UTC), None,
    )  # fmt: skip
    return replace(base, **changes)


@pytest.mark.parametrize(
    ("condition", "holds", "fails"),
    [
        ("unread > 10", feed(), feed(unread=10)),
        ("unread_count>=12 total<31", feed(), feed(total=31)),
        ("is:unread", feed(), feed(unread=0)),
        ("is:failed", feed(last_error="HTTP 404"), feed()),
        ("tag:NEWS", feed(), feed(tags=("newsletter",))),
        ("tag:英语 category:world", feed(), feed(category="News")),
        ("title:bbc", feed(), feed(title="NPR")),
        ("feed:news.example", feed(title="x"), feed(url="https://other.example")),
        ("BBC OR NPR", feed(title="NPR"), feed(title="CNN")),
        ("-tag:news unread=12", feed(tags=()), feed()),
        ("(tag:a OR tag:news) unread!=0", feed(), feed(unread=0)),
    ],
)
def test_feed_conditions(condition, holds, fails):
    test = feed_condition(condition)
    assert test(holds) and not test(fails)


def test_a_feed_condition_with_an_article_operator_says_what_it_takes():
    with pytest.raises(QueryError, match="'newer:3d' is not a feed condition; expected unread>N"):
        feed_condition("newer:3d")


NEWSBOAT = r"""
highlight all "typhoon|台风" red default bold
highlight article "^(Title|Date):.*$" blue default
highlight feedlist "[[:digit:]]+" green
highlight articlelist "(a+)+" red
highlight everywhere "x" red
highlight-article "title =~ \"Breaking\" and unread = \"yes\"" white red bold
highlight-article "title =~ \"^Breaking\"" white red
highlight-feed "unread_count > 10" yellow default
highlight-feed "tags # \"news\" or feedtitle =~ \"BBC\"" yellow default underline
highlight-feed "total_count > 5 and rssurl =~ \"a.*b\"" yellow default
search-highlight-colors white red
"""


def test_newsboat_highlight_lines_come_over(tmp_path, capsys):
    cfg, source = write_both(tmp_path, feeds=FEEDS, newsboat=NEWSBOAT)
    assert run(tmp_path, str(source)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:8] == [
        "highlight:",
        "  - {text: typhoon|台风, color: red default bold} <- config:2 highlight all typhoon|台风"
        " red default bold",
        "  - {text: '^(Title|Date):.*$', color: blue default, in: article} <- config:3 highlight"
        " article ^(Title|Date):.*$ blue default",
        "  - {text: '[0-9]+', color: green, in: feedlist} <- config:4 highlight feedlist"
        " [[:digit:]]+ green",
        "  - {articles: 'title:Breaking is:unread', color: white red bold} <- config:7"
        ' highlight-article "title =~ \\"Breaking\\" and unread = \\"yes\\"" white red bold',
        "  - {feeds: unread>10, color: yellow default} <- config:9 highlight-feed"
        ' "unread_count > 10" yellow default',
        "  - {feeds: 'tag:news OR title:BBC', color: yellow default underline} <- config:10"
        ' highlight-feed "tags # \\"news\\" or feedtitle =~ \\"BBC\\"" yellow default underline',
    ]
    left = out[out.index("left out:") + 1 : -1]
    assert left == [
        "  config:5 highlight articlelist: regular expression could take exponential time: a"
        " repeated group holds another repeat (as in (a+)+); write it without the nested repeat",
        "  config:6 highlight everywhere: 'everywhere': expected all, feedlist, articlelist,"
        " article",
        "  config:8 highlight-article title =~ \"^Breaking\": the regular expression '^Breaking'",
        '  config:11 highlight-feed total_count > 5 and rssurl =~ "a.*b": the regular expression'
        " 'a.*b'",
        "  config:12 search-highlight-colors: a search's words are marked in reverse video in"
        " the article it opened",
    ]
    assert out[-1].startswith("0 settings, 0 key bindings, 6 highlight rules brought over;")
    rules = load_config(cfg).highlights
    assert [(r.kind, r.value, r.where) for r in rules] == [
        ("text", "typhoon|台风", ("all",)),
        ("text", "^(Title|Date):.*$", ("article",)),
        ("text", "[0-9]+", ("feedlist",)),
        ("articles", "title:Breaking is:unread", ("all",)),
        ("feeds", "unread>10", ("all",)),
        ("feeds", "tag:news OR title:BBC", ("all",)),
    ]
    assert rules[0].color == ColorSpec("red", None, ("bold",))
    assert run(tmp_path, str(source)) == 0  # again: kept, nothing more
    again = capsys.readouterr().out
    assert "6 kept as feeds.yaml has them" in again and "(feeds.yaml unchanged)" in again


def test_a_laid_out_article_text_is_found_where_newsboat_would(tmp_path):
    text = Text("Title: A\nDate: 2026\nBody Title: no")
    lit = Highlights([HighlightRule("text", "^(Title|Date):.*$", ColorSpec("blue"), ("article",))])
    assert lit.text["articlelist"] == [] and lit.text["feedlist"] == []
    lit.mark_article(text)
    assert [text.plain[s.start : s.end] for s in text.spans] == ["Title: A", "Date: 2026"]


def test_newsboat_lines_tidings_cannot_use_say_why_and_patterns_print_as_written(tmp_path, capsys):
    # QA: enclosure_url was left out as "enclosure_url != ''"; a feedlist pattern made
    # for newsboat's numbered lines came over though it can never match; the summary
    # showed "^  *[0-9]+" as "^ *[0-9]+"
    newsboat = (
        'highlight-article "enclosure_url != \\"\\"" blue default\n'
        'highlight feedlist "^  *[0-9]+  *N  " cyan\n'
        'highlight articlelist "^[[:digit:]]+ " cyan\n'
        'highlight articlelist "Breaking  news" red\n'
    )
    cfg, source = write_both(tmp_path, feeds=FEEDS, newsboat=newsboat)
    assert run(tmp_path, str(source)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:3] == [
        "highlight:",
        "  - {text: Breaking  news, color: red, in: articlelist} <- config:4 highlight"
        ' articlelist "Breaking  news" red',
    ]
    assert out[out.index("left out:") + 1 : -1] == [
        '  config:1 highlight-article enclosure_url != "": enclosure_url: tidings\' search has'
        " no such attribute",
        "  config:2 highlight feedlist: '^  *[0-9]+  *N  ' matches newsboat's feed-list line"
        " from its start (its number, its flags), which tidings' pane does not show: it would"
        " never match",
        "  config:3 highlight articlelist: '^[[:digit:]]+ ' matches newsboat's article-list"
        " line from its start (its number, its flags), which tidings' pane does not show: it"
        " would never match",
    ]
    assert [r.value for r in load_config(cfg).highlights] == ["Breaking  news"]
