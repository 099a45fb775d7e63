"""Related-article panels: "More from" and "Related", in English and Chinese."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from tidings.core import related as rel
from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed
from tidings.core.store import Store

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
_guid = itertools.count()

FEEDS = {
    "wire": ("Metro Wire", "News"),
    "ledger": ("Daily Ledger", "News"),
    "courier": ("Northern Courier", "World"),
    "pulse": ("Tech Pulse", "Tech"),
    "farm": ("Farm Weekly", None),
    "xinhua": ("新华快讯", "新闻"),
    "nanfang": ("南方日报", "新闻"),
    "keji": ("科技前沿", "科技"),
    "dongfang": ("东方早报", "科技"),
}

IPHONE = [
    "Apple introduced its new iPhone lineup in Cupertino with artificial intelligence features.",
    "The new chip makes the iPhone faster, and Apple says privacy is central to its AI plans.",
    "Preorders for the iPhone open on Friday and analysts expect strong smartphone sales.",
]
HARVEST = [
    "Apple growers say a late frost damaged blossoms in the orchards this spring.",
    "Farmers expect the apple harvest to fall by a third, and pickers will find less work.",
    "Cider makers warn that the price of fruit and juice could rise at farm stands.",
]
FILLER = [
    "The city council approved a budget for road repairs and public libraries.",
    "The museum reopened after a renovation of its east wing with new galleries.",
    "Volunteers planted trees along the coastal path on Saturday morning.",
    "The orchestra announced its programme for the winter concert season.",
    "A chess prodigy won the regional championship after a long final game.",
    "The airport expects record passenger numbers during the summer holidays.",
]
EXTRA = [
    "Queues formed outside the flagship store long before the doors opened downtown.",
    "Carriers announced trade-in deals and monthly plans for customers upgrading handsets.",
    "Reviewers praised the brighter display but questioned the higher starting price.",
    "Suppliers in Taiwan and Vietnam have increased production ahead of the holidays.",
    "Developers received new tools to build assistants that work without a network.",
    "Retail analysts counted fewer colour options than in previous generations.",
    "Accessory makers rushed out cases within hours of the keynote presentation.",
    "Repair shops said replacement parts should be easier to source this time.",
]
ZH_APPLE_CO = [
    "苹果公司在库比蒂诺举行发布会，推出新一代iPhone手机，主打人工智能功能。",
    "苹果表示，新款芯片性能明显提升，隐私保护仍是人工智能战略的核心。",
    "新款iPhone将于本周五开启预售，分析师预计手机销量将增长。",
]
ZH_APPLE_FARM = [
    "眼下正值苹果采收季节，陕西洛川的果园里到处是果农忙碌采摘的身影。",
    "今年光照充足，苹果个大色艳，果农预计亩产明显增加。",
    "合作社建起冷库和分拣线，帮助果农把苹果卖到全国各地。",
]
ZH_FILLER = [
    "市图书馆新馆正式开放，吸引了大批市民前来参观阅读。",
    "博物馆推出文物特展，展出数百件珍贵藏品。",
    "交响乐团公布了新演出季的曲目安排和票价。",
    "城市公园完成改造，新增了健身步道和儿童乐园。",
]


def url(key: str) -> str:
    return f"https://{key}.test/feed.xml"


def html(*sentences: str) -> str:
    return "".join(f"<p>{s}</p>" for s in sentences)


def add(store: Store, feed: str, title: str, body: str, when: datetime = T0) -> int:
    """Store one article through the public API; its id."""
    guid = f"urn:test:{next(_guid)}"
    entry = ParsedEntry(id=guid, link=f"https://{feed}.test/{guid}", title=title, published=when)
    entry.content = body
    store.record_fetch(url(feed), parsed=ParsedFeed(title=FEEDS[feed][0], entries=[entry]))
    return store.conn.execute("SELECT id FROM articles WHERE guid = ?", (guid,)).fetchone()[0]


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "tidings.db")
    s.sync_feeds([FeedSpec(url=url(k), title=t, category=c) for k, (t, c) in FEEDS.items()])
    for i, sentence in enumerate(FILLER):
        add(s, ("wire", "ledger", "courier")[i % 3], sentence[:40], html(sentence), T0)
    for i, sentence in enumerate(ZH_FILLER):
        add(s, ("xinhua", "nanfang")[i % 2], sentence[:12], html(sentence), T0)
    yield s
    s.close()


def titles(items) -> list[str]:
    return [getattr(i, "article", i).title for i in items]


# -- More from ---------------------------------------------------------------------------


def test_more_from_lists_the_feed_newest_first_without_the_open_article(store):
    ids = [
        add(store, "pulse", f"Tech story {n}", html(f"Body {n}."), T0 + timedelta(hours=n))
        for n in range(5)
    ]
    store.set_read([ids[3]])
    heading, items = rel.more_from(store, ids[2], limit=3)
    assert heading == "More from Tech Pulse"
    assert titles(items) == ["Tech story 4", "Tech story 3", "Tech story 1"]
    assert [i.read for i in items] == [False, True, False]  # unread ones can be marked


def test_more_from_fills_up_from_the_same_category(store):
    own = add(store, "ledger", "Ledger story", html("Body."), T0 + timedelta(days=1))
    heading, items = rel.more_from(store, own, limit=10)
    assert heading == "More from Daily Ledger and News"
    feeds = [i.feed_title for i in items]
    assert feeds[:2] == ["Daily Ledger", "Daily Ledger"]
    assert set(feeds[2:]) == {"Metro Wire"}  # the other "News" feed; never "World"
    assert own not in [i.id for i in items]
    later = feeds[2:]
    dates = [i.published for i in items[2:]]
    assert dates == sorted(dates, reverse=True) and len(later) == 2


def test_more_from_a_category_with_many_feeds_reads_the_date_index(store, monkeypatch):
    monkeypatch.setattr(rel, "PER_FEED_QUERIES", 0)
    own = add(store, "ledger", "Ledger story", html("Body."), T0 + timedelta(days=1))
    heading, items = rel.more_from(store, own, limit=4)
    assert heading == "More from Daily Ledger and News"
    assert [i.feed_title for i in items] == ["Daily Ledger"] * 2 + ["Metro Wire"] * 2


def test_more_from_names_the_category_when_the_feed_has_nothing_else(store):
    only = add(store, "keji", "科技新闻", html("人工智能芯片发布。"), T0)
    assert rel.more_from(store, only) == ("More from 科技前沿", [])
    other = add(store, "dongfang", "东方科技", html("新款手机上市。"), T0)
    heading, items = rel.more_from(store, only, limit=5)
    assert heading == "More from 科技"
    assert [i.id for i in items] == [other]
    lone = add(store, "farm", "Farm note", html("Rain at last."), T0)
    assert rel.more_from(store, lone) == ("More from Farm Weekly", [])


def test_more_from_unknown_article(store):
    assert rel.more_from(store, 999_999)[1] == []
    assert rel.related(store, 999_999) == []


# -- Related -----------------------------------------------------------------------------


def test_related_finds_the_same_story_in_other_feeds_not_the_other_apple(store):
    me = add(store, "pulse", "Apple unveils new iPhone with AI", html(*IPHONE))
    same = [
        add(store, "wire", "Apple's new iPhone bets on AI", html(IPHONE[2], IPHONE[0])),
        add(store, "courier", "New iPhone from Apple", html(IPHONE[1], "Stores open at nine.")),
    ]
    harvest = [
        add(store, "farm", "Frost cuts apple harvest", html(*HARVEST)),
        add(store, "ledger", "Apple growers count losses", html(HARVEST[0], HARVEST[1])),
    ]
    found = rel.related(store, me)
    ids = [r.article.id for r in found]
    assert set(ids[:2]) == set(same)
    assert not set(ids) & set(harvest) or min(ids.index(h) for h in harvest if h in ids) >= 2
    first = found[0]
    assert first.article.feed_title in {"Metro Wire", "Northern Courier"}
    assert first.article.published == T0
    assert first.score > found[-1].score or len(found) == 1
    assert me not in ids


def test_related_works_on_chinese_without_spaces(store):
    me = add(store, "keji", "苹果公司发布新款iPhone", html(*ZH_APPLE_CO))
    same = add(
        store, "xinhua", "苹果新iPhone亮相 人工智能成看点", html(ZH_APPLE_CO[0], ZH_APPLE_CO[2])
    )
    farm = add(store, "nanfang", "洛川苹果喜获丰收", html(*ZH_APPLE_FARM))
    found = rel.related(store, me)
    assert found and found[0].article.id == same
    assert farm not in [r.article.id for r in found[:1]]
    back = rel.related(store, farm)
    assert same not in [r.article.id for r in back[:1]]


def test_near_duplicates_are_grouped_with_also_in(store):
    me = add(store, "pulse", "Apple unveils new iPhone with AI", html(*IPHONE))
    story = html(HARVEST[0], IPHONE[0], IPHONE[1], "Apple shares rose in early trading.")
    original = add(store, "wire", "Apple shares rise after iPhone event", story)
    copy1 = add(
        store, "courier", "Apple shares rise after iPhone event", story + "<p>Read more</p>"
    )
    copy2 = add(store, "ledger", "Apple shares rise after iPhone event - report", story)
    found = rel.related(store, me)
    assert len(found) == 1
    item = found[0]
    group = {item.article.id, *item.also_in_ids}
    assert group == {original, copy1, copy2}
    assert sorted(item.also_in + [item.article.feed_title]) == [
        "Daily Ledger",
        "Metro Wire",
        "Northern Courier",
    ]


def test_articles_of_feeds_removed_from_the_config_are_not_related(store):
    me = add(store, "pulse", "Apple unveils new iPhone with AI", html(*IPHONE))
    gone = add(store, "wire", "Apple's new iPhone bets on AI", html(IPHONE[2], IPHONE[0]))
    assert [r.article.id for r in rel.related(store, me)] == [gone]
    store.sync_feeds([FeedSpec(url=url(k), title=t, category=c) for k, (t, c) in FEEDS.items()
                      if k != "wire"])  # fmt: skip
    assert rel.related(store, me) == []


def test_boilerplate_and_stop_words_carry_no_weight(store):
    tail = "Read more. Share this article. Subscribe to our newsletter. 责任编辑：王磊 举报/反馈 点击查看全文"
    me = add(store, "wire", "Ferry timetable changes", html("Ferries sail hourly from May.", tail))
    add(
        store,
        "courier",
        "A storm and the coast",
        html("Storm waves battered the harbour wall.", tail),
    )
    assert rel.related(store, me) == []


def test_content_tokens_drop_boilerplate_runs_and_stop_words():
    toks = rel.content_tokens("the iphone read more share this subscribe 点击 查看 全文 苹果 公司")
    assert toks == ["iphone", "苹果", "公司"]
    # A boilerplate phrase inside running Chinese text goes with the bigrams at its edges.
    from tidings.core.tokenize import index_text

    toks = rel.content_tokens(index_text("洛川苹果点击查看果农"))
    assert "点击" not in toks and "果点" not in toks and "看果" not in toks
    assert {"洛川", "苹果", "果农"} <= set(toks)
    # The editor's name after 责任编辑 is furniture too.
    toks = rel.content_tokens(index_text("苹果丰收。责任编辑：张晓明 举报/反馈"))
    assert toks == ["苹果", "果丰", "丰收"]


def test_own_feed_does_not_crowd_out_the_others(store):
    me = add(store, "pulse", "Apple unveils new iPhone with AI", html(*IPHONE))
    own = [
        add(store, "pulse", f"iPhone event notes {n}", html(IPHONE[n % 3], EXTRA[n]))
        for n in range(4)
    ]
    others = [
        add(store, f, f"iPhone coverage {n}", html(IPHONE[n % 3], EXTRA[4 + n]))
        for n, f in enumerate(("wire", "courier", "ledger"))
    ]
    found = rel.related(store, me)
    top5 = [r.article.id for r in found[:5]]
    assert sum(1 for i in top5 if i in own) <= 2
    assert set(others) <= set(top5)


def test_recent_articles_weigh_more_than_old_ones(store):
    me = add(store, "pulse", "Apple unveils new iPhone with AI", html(*IPHONE), T0)
    old = add(store, "wire", "Apple iPhone", html(IPHONE[0], EXTRA[6]), T0 - timedelta(days=200))
    new = add(store, "courier", "Apple iPhone", html(IPHONE[0], EXTRA[7]), T0)
    found = [r.article.id for r in rel.related(store, me)]
    assert found.index(new) < found.index(old)


def test_new_articles_are_found_without_any_rebuild(store):
    me = add(store, "pulse", "Apple unveils new iPhone with AI", html(*IPHONE))
    assert rel.related(store, me) == []
    arrived = add(store, "wire", "iPhone preorders open Friday", html(IPHONE[2], IPHONE[0]))
    assert [r.article.id for r in rel.related(store, me)] == [arrived]


def test_limit_is_respected(store):
    me = add(store, "pulse", "Apple unveils new iPhone with AI", html(*IPHONE))
    for n, f in enumerate(("wire", "courier", "ledger", "farm")):
        add(store, f, f"iPhone story {n}", html(IPHONE[1], EXTRA[n]))
    assert len(rel.related(store, me, limit=2)) == 2
    assert rel.related(store, me, limit=0) == []


def test_query_syntax_words_and_symbols_in_articles_are_just_text(store):
    body = html('NEAR( "quoted" * ^ AND OR NOT col:umn -- ; \' DROP TABLE articles; NEAR NOT')
    me = add(store, "pulse", 'NEAR OR "AND" NOT *', body)
    other = add(store, "wire", "NEAR NOT OR AND column drop table", body)
    assert [r.article.id for r in rel.related(store, me)] == [other]
    assert rel.more_from(store, me)[0] == "More from Tech Pulse"


def add_copy(store: Store, feed: str, of: int) -> int:
    """The article `of`, as another feed carries it: the same link, title and text."""
    row = store.conn.execute("SELECT guid, link, title, content FROM articles WHERE id = ?", (of,))
    guid, link, title, body = row.fetchone()
    entry = ParsedEntry(id=guid + ":copy", link=link, title=title, published=T0)
    entry.content = body
    store.record_fetch(url(feed), parsed=ParsedFeed(title=FEEDS[feed][0], entries=[entry]))
    return store.conn.execute(
        "SELECT id FROM articles WHERE guid = ?", (guid + ":copy",)
    ).fetchone()[0]


def test_the_open_article_carried_by_another_feed_is_not_related_to_itself(store):
    # A site's main feed and its category feed carry one story: the panel led with the
    # open article's own copy (its link). Another story's copies stay one row.
    me = add(store, "pulse", "Apple unveils new iPhone with AI", html(*IPHONE))
    copy = add_copy(store, "wire", me)
    other = add(store, "courier", "New iPhone from Apple", html(IPHONE[1], "Stores open at nine."))
    again = add_copy(store, "pulse", other)  # the story, also in the feed being read
    found = rel.related(store, me)
    ids = [r.article.id for r in found]
    assert copy not in ids
    assert ids[0] in (other, again)
    assert len({other, again} & set(ids)) == 1  # one story, one row
