"""The bundled demo feeds: well-formed, enough articles, china.xml really in GBK."""

from __future__ import annotations

import json
import re
import sys
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

from tidings.core.fetch import read_local

DEMO = resources.files("tidings.demo")
NAMES = ("world.xml", "china.xml", "tech.atom", "science.json")
ROOT = Path(__file__).resolve().parent.parent
SAFE = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def items_of(name: str) -> list:
    data = DEMO.joinpath(name).read_bytes()
    if name.endswith(".json"):
        return json.loads(data)["items"]
    root = etree.fromstring(data, SAFE)
    return root.findall("channel/item") or root.findall("{http://www.w3.org/2005/Atom}entry")


def test_at_least_40_articles_across_4_feeds():
    counts = {name: len(items_of(name)) for name in NAMES}
    assert all(n >= 8 for n in counts.values()), counts
    assert sum(counts.values()) >= 40


def test_china_xml_is_gbk():
    data = DEMO.joinpath("china.xml").read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="GBK"?>')
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("gbk")
    assert "台风" in text and "<table>" in text and "<blockquote>" in text


def test_world_bodies_have_rich_html():
    root = etree.fromstring(DEMO.joinpath("world.xml").read_bytes(), SAFE)
    ns = "{http://purl.org/rss/1.0/modules/content/}encoded"
    bodies = " ".join(item.findtext(ns) for item in root.findall("channel/item"))
    for tag in (
        "<h2>",
        "<ul>",
        "<ol>",
        "<table>",
        "<blockquote>",
        '<img src="https://example.org/',
        "<a href=",
    ):
        assert tag in bodies
    dates = [item.findtext("pubDate") for item in root.findall("channel/item")]
    assert all(re.match(r"^\w{3}, \d{2} \w{3} 2026 \d\d:\d\d:\d\d GMT$", d) for d in dates)


def test_tech_atom_has_japanese_korean_and_offsets():
    text = DEMO.joinpath("tech.atom").read_text(encoding="utf-8")
    assert "半導体" in text and "배터리" in text
    assert "+08:00</updated>" in text and "+09:00</updated>" in text
    assert 'type="html"' in text and "<author><name>" in text


def test_science_json_feed_1_1():
    feed = json.loads(DEMO.joinpath("science.json").read_bytes())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    for item in feed["items"]:
        assert (
            item["content_html"] and item["authors"] and item["date_published"].startswith("2026-")
        )


def test_fetcher_reads_demo_names():
    result = read_local("demo:china.xml", 10_000_000)
    assert result.status == "ok" and result.body == DEMO.joinpath("china.xml").read_bytes()


def test_generator_reproduces_the_committed_files():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import make_demo_feeds
    finally:
        sys.path.pop(0)
    for name, data in make_demo_feeds.build().items():
        assert DEMO.joinpath(name).read_bytes() == data, (
            f"{name} is stale: run bench/make_demo_feeds.py"
        )
