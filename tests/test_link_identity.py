"""Items known only by their link, whose link the feed tags anew at each fetch
(`?utm_source=a`, then `?utm_source=b`, fbclid, gclid, mc_cid...): one article, not one
a fetch; the link opened is the one the feed gave."""

from __future__ import annotations

from pathlib import Path

from tests import feedserver
from tests.feedserver import FeedServer, Route
from tidings.core.link_identity import identity_link
from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, Settings, View
from tidings.core.refresh import refresh
from tidings.core.store import Store

feed_server = feedserver.feed_server
FAST = Settings(connect_timeout=2, read_timeout=2, total_timeout=5, retries=0)


def rss(*links: str) -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>{link}</link></item>" for i, link in enumerate(links)
    )
    return f'<rss version="2.0"><channel><title>Tracked</title>{items}</channel></rss>'.encode()


def stored(db: Path) -> list[tuple[str, str]]:
    with Store.open(db) as store:
        return [(a.title, a.link) for a in store.list_articles(View(), 0, 100)]


def stored_read_then_refetched(db: Path, url: str, entry: ParsedEntry) -> None:
    """`entry` stored as an older tidings stored it and read; two fetches later it is
    still the one article, read."""
    with Store.open(db) as store:
        store.sync_feeds([FeedSpec(url)])
        store.record_fetch(url, parsed=ParsedFeed(title="Tracked", entries=[entry]))
        (article,) = store.list_articles(View(), 0, 10)
        store.set_read([article.id], True)
    assert refresh(db, [FeedSpec(url)], FAST).new == 0
    assert refresh(db, [FeedSpec(url)], FAST).new == 0  # tagged anew: still the one
    with Store.open(db) as store:
        assert [(a.title, a.read) for a in store.list_articles(View(), 0, 10)] == [("Item 0", True)]


def test_the_tracking_parameters_are_not_part_of_an_item_s_identity():
    assert identity_link("https://a.example/x?utm_source=rss&utm_medium=feed") == (
        "https://a.example/x"
    )
    assert identity_link("https://a.example/x?id=3&fbclid=Ab&gclid=Cd#top") == (
        "https://a.example/x?id=3#top"
    )
    assert identity_link("https://a.example/x?mc_cid=1&p=2&mc_eid=3&UTM_Campaign=z") == (
        "https://a.example/x?p=2"
    )
    for kept in ("https://a.example/x?id=3&utmost=1", "https://a.example/x", "urn:x?y"):
        assert identity_link(kept) == kept


def test_a_link_tagged_anew_at_each_fetch_stays_one_article(feed_server: FeedServer, tmp_path):
    db = tmp_path / "t.db"
    first = "http://news.example/a?id=3&amp;utm_source=feed1&amp;fbclid=X1"
    url = feed_server.add(
        "/feed",
        responses=[
            Route(body=rss(first, "http://news.example/b?utm_medium=rss")),
            Route(body=rss("http://news.example/a?id=3&amp;utm_source=feed2&amp;fbclid=X2")),
            Route(body=rss("http://news.example/a?gclid=Z&amp;id=3&amp;mc_cid=9")),
        ],
    )
    specs = [FeedSpec(url)]
    assert refresh(db, specs, FAST).new == 2
    assert refresh(db, specs, FAST).new == 0
    assert refresh(db, specs, FAST).new == 0
    # kept as the feed first gave it: the link opened is the site's own, tracking and all
    assert sorted(stored(db)) == [
        ("Item 0", "http://news.example/a?id=3&utm_source=feed1&fbclid=X1"),
        ("Item 1", "http://news.example/b?utm_medium=rss"),
    ]


def test_an_article_stored_before_keeps_its_read_state_and_is_not_stored_again(
    feed_server: FeedServer, tmp_path
):
    # a store of a tidings that knew the item by its whole link, read already
    db = tmp_path / "t.db"
    link = "http://news.example/a?utm_source=rss"
    url = feed_server.add(
        "/feed",
        responses=[
            Route(body=rss("http://news.example/a?utm_source=rss")),
            Route(body=rss(link[:-3] + "x")),
        ],
    )
    stored_read_then_refetched(db, url, ParsedEntry(id=link, link=link, title="Item 0"))


def guid_rss(*guids: str) -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><guid>{guid}</guid>"
        f"<link>http://news.example/pages/trk{i}.html</link></item>"
        for i, guid in enumerate(guids)
    )
    return f'<rss version="2.0"><channel><title>Tracked</title>{items}</channel></rss>'.encode()


def tracked_guids(campaign: int) -> list[str]:
    return [
        f"http://news.example/pages/trk{i}.html?utm_source=rss&amp;utm_campaign=c{campaign}"
        f"&amp;fbclid=IwAR{campaign}xyz{i}"
        for i in range(3)
    ]


def test_a_guid_tagged_anew_at_each_fetch_stays_one_article(feed_server: FeedServer, tmp_path):
    # QA: the refetch of a feed whose <guid> carries changing trackers said "3 new"
    db = tmp_path / "t.db"
    url = feed_server.add(
        "/feed",
        responses=[
            Route(body=guid_rss(*tracked_guids(1))),
            Route(body=guid_rss(*tracked_guids(2))),
        ],
    )
    assert refresh(db, [FeedSpec(url)], FAST).new == 3
    assert refresh(db, [FeedSpec(url)], FAST).new == 0
    assert sorted(stored(db)) == [
        (f"Item {i}", f"http://news.example/pages/trk{i}.html") for i in range(3)
    ]


def test_a_guid_that_is_not_a_url_keeps_its_parameters(feed_server: FeedServer, tmp_path):
    db = tmp_path / "t.db"
    url = feed_server.add(
        "/feed",
        responses=[
            Route(body=guid_rss("tag:news.example,2024:a?utm_source=1")),
            Route(body=guid_rss("tag:news.example,2024:a?utm_source=2")),
        ],
    )
    assert refresh(db, [FeedSpec(url)], FAST).new == 1
    assert refresh(db, [FeedSpec(url)], FAST).new == 1  # an opaque id is the feed's word


def test_an_article_stored_by_its_tracked_guid_is_re_keyed(feed_server: FeedServer, tmp_path):
    db = tmp_path / "t.db"
    (first, *_) = tracked_guids(1)
    given = first.replace("&amp;", "&")
    url = feed_server.add(
        "/feed",
        responses=[Route(body=guid_rss(first)), Route(body=guid_rss(tracked_guids(2)[0]))],
    )
    # a tidings that knew the item by its whole guid
    entry = ParsedEntry(id=given, link="http://news.example/pages/trk0.html", title="Item 0")
    stored_read_then_refetched(db, url, entry)
