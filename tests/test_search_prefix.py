"""`typh*`: the words that start so. newsboat's search finds parts of words; whole
words found nothing for `typh` and `typh*` alike."""

from __future__ import annotations

import pytest

from tidings.core.models import FeedSpec, ParsedEntry, ParsedFeed, View
from tidings.core.store import Store

FEED = "https://prefix.test/feed.xml"
TITLES = ("Typhoon Kestrel makes landfall", "Kestrel flies", "A typical day", "台风登陆")


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "p.db")
    s.sync_feeds([FeedSpec(FEED)])
    entries = [
        ParsedEntry(id=str(n), link=f"https://prefix.test/{n}", title=t, content="<p>…</p>")
        for n, t in enumerate(TITLES, 1)
    ]
    s.record_fetch(FEED, parsed=ParsedFeed(title="P", entries=entries))
    yield s
    s.close()


def found(store: Store, query: str) -> list[str]:
    return sorted(a.title for a in store.list_articles(View(search=query)))


def test_a_word_ending_in_a_star_finds_the_words_that_start_so(store):
    assert found(store, "typh") == []  # a word is matched whole
    assert found(store, "typh*") == ["Typhoon Kestrel makes landfall"]
    assert found(store, "TYP*") == ["A typical day", "Typhoon Kestrel makes landfall"]
    assert found(store, "kes* land*") == ["Typhoon Kestrel makes landfall"]
    assert found(store, "title:kes*") == ["Kestrel flies", "Typhoon Kestrel makes landfall"]
    assert found(store, "-typ*") == ["Kestrel flies", "台风登陆"]
    assert found(store, "台风*") == ["台风登陆"]


def test_an_article_found_by_a_prefix_shows_the_whole_words_marked():
    from tidings.core.search_highlight import find_pattern

    pattern = find_pattern("typh* sea")
    assert pattern.findall("Typhoon hits the sea; typhoid, not atyph") == [
        "Typhoon",
        "sea",
        "typhoid",
    ]
