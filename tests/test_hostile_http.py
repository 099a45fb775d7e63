"""Hostile HTTP: bombs, endless and trickling bodies, redirect tricks, error pages and
lying headers are each bounded by the caps and timeouts, recorded as that feed's error,
and the other feeds are stored as if nothing happened."""

from __future__ import annotations

import zlib

import pytest

from tests.feedserver import FeedServer, Route, feed_server  # noqa: F401
from tidings.core.fetch import Fetcher
from tidings.core.models import FeedSpec, Settings
from tidings.core.refresh import refresh
from tidings.core.store import Store

SETTINGS = Settings(
    concurrency=16,
    connect_timeout=2.0,
    read_timeout=1.0,
    total_timeout=3.0,
    max_bytes=1_000_000,
    max_redirects=5,
    retries=0,
)


def rss(title: str, n: int = 3) -> bytes:
    items = "".join(
        f"<item><guid>{title}-{i}</guid><title>{title} {i}</title>"
        f"<link>https://ok.example/{i}</link></item>"
        for i in range(n)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title>{items}</channel></rss>"
    ).encode()


def gzip_bomb(size: int) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * 1_000_000
    out = [c.compress(chunk) for _ in range(size // len(chunk))]
    out.append(c.flush())
    return b"".join(out)


# name -> (routes to add: path -> Route | list[Route], the entry path, expected error words)
def hostile_routes(base: str) -> dict[str, tuple[dict[str, object], str, tuple[str, ...]]]:
    return {
        "gzip-bomb": ({"/bomb": Route(raw_gzip=gzip_bomb(200_000_000))}, "/bomb", ("larger",)),
        "endless": (
            {"/endless": Route(body=b"<rss>" + b"x" * 1000, endless=True)},
            "/endless",
            ("larger",),
        ),
        "trickle": (
            {"/trickle": Route(body=rss("trickle", 50), trickle=0.5)},
            "/trickle",
            ("timed out",),
        ),
        "redirect-loop": (
            {
                "/loop-a": Route(redirect=f"{base}/loop-b"),
                "/loop-b": Route(redirect=f"{base}/loop-a"),
            },
            "/loop-a",
            ("redirect",),
        ),
        "redirect-chain": (
            {f"/chain{i}": Route(redirect=f"{base}/chain{i + 1}") for i in range(20)},
            "/chain0",
            ("redirect",),
        ),
        "redirect-file": (
            {"/to-file": Route(redirect="file:///etc/passwd")},
            "/to-file",
            ("non-http",),
        ),
        "redirect-ftp": (
            {"/to-ftp": Route(redirect="ftp://127.0.0.1/x")},
            "/to-ftp",
            ("non-http",),
        ),
        "redirect-js": (
            {"/to-js": Route(redirect="javascript:alert(1)")},
            "/to-js",
            ("non-http", "invalid url", "bad redirect"),
        ),
        "html-error-page": (
            {
                "/html": Route(
                    body=b"<!DOCTYPE html><html><body><h1>Oops</h1></body></html>",
                    content_type="text/html",
                )
            },
            "/html",
            ("html",),
        ),
        "http-500": ({"/500": Route(status=500, body=b"boom")}, "/500", ("500",)),
        "one-byte-body": (
            {
                "/big-length": Route(
                    body=b"x", headers={"X-Pad": "1"}, content_type="application/rss+xml"
                )
            },
            "/big-length",
            ("not a feed", "empty", "xml"),
        ),
        "corrupt-gzip": (
            {"/badgz": Route(raw_gzip=b"\x1f\x8b\x08\x00garbage" * 10)},
            "/badgz",
            ("corrupt",),
        ),
        "binary-garbage": (
            {
                "/png": Route(
                    body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, content_type="image/png"
                )
            },
            "/png",
            ("not a feed",),
        ),
    }


def _store_errors(db) -> dict[str, str | None]:
    with Store.open(db) as store:
        return {f.url: f.last_error for f in store.feeds()}


def _counts(db) -> dict[str, int]:
    with Store.open(db) as store:
        return {f.url: f.total for f in store.feeds()}


def test_every_hostile_feed_fails_alone(tmp_path):
    """One refresh with every hostile feed and good feeds between them."""
    with FeedServer() as server:
        specs: list[FeedSpec] = []
        expect: dict[str, tuple[str, ...]] = {}
        for name, (routes, entry, words) in hostile_routes(server.base).items():
            for path, route in routes.items():
                server.add(path, responses=[route])
            specs.append(FeedSpec(url=server.url(entry), title=name))
            expect[server.url(entry)] = words
        good = []
        for i in range(5):
            url = server.add(f"/good{i}.xml", body=rss(f"good{i}", 4))
            good.append(url)
            specs.insert(i * 3, FeedSpec(url=url))
        db = tmp_path / "t.db"
        summary = refresh(db, specs, SETTINGS)
    errors = _store_errors(db)
    counts = _counts(db)
    for url in good:
        assert errors[url] is None
        assert counts[url] == 4
    for url, words in expect.items():
        reason = (errors[url] or "").lower()
        assert reason, f"{url}: no error recorded"
        assert any(w in reason for w in words), f"{url}: {reason!r} does not mention {words}"
        assert counts[url] == 0
    assert summary.failed == len(expect)
    assert summary.ok == len(good)


def test_wrong_content_type_still_parses(feed_server, tmp_path):  # noqa: F811
    a = feed_server.add("/plain", body=rss("plain"), content_type="text/plain")
    b = feed_server.add("/html-type", body=rss("htmltype"), content_type="text/html; charset=utf-8")
    c = feed_server.add("/octet", body=rss("octet"), content_type="application/octet-stream")
    d = feed_server.add("/none", body=rss("none"), content_type=None)
    db = tmp_path / "t.db"
    refresh(db, [FeedSpec(url=u) for u in (a, b, c, d)], SETTINGS)
    assert set(_counts(db).values()) == {3}


def test_wrong_declared_charset(feed_server, tmp_path):  # noqa: F811
    """UTF-8 Chinese served as ISO-8859-1 (header), GBK declared as UTF-8 (prolog):
    stored, nothing raises; the one with a true prolog decodes right."""
    zh = "中文新闻标题"
    utf8 = (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{zh}</title>'
        f"<item><guid>1</guid><title>{zh}</title></item></channel></rss>"
    ).encode()
    gbk = (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{zh}</title>'
        f"<item><guid>1</guid><title>{zh}</title></item></channel></rss>"
    ).encode("gbk")
    a = feed_server.add(
        "/lie-header", body=utf8, content_type="application/rss+xml; charset=iso-8859-1"
    )
    b = feed_server.add("/lie-prolog", body=gbk, content_type="application/rss+xml")
    c = feed_server.add("/lie-both", body=gbk, content_type="application/rss+xml; charset=utf-8")
    db = tmp_path / "t.db"
    refresh(db, [FeedSpec(url=u) for u in (a, b, c)], SETTINGS)
    errors = _store_errors(db)
    counts = _counts(db)
    for url in (a, b, c):
        assert errors[url] is None or errors[url]  # recorded either way, no exception
    assert counts[a] == 1
    with Store.open(db) as store:
        titles = {f.url: f.title for f in store.feeds()}
    assert zh in titles[a]


@pytest.mark.parametrize(
    "location",
    [
        "file:///etc/passwd",
        "data:text/xml,<rss/>",
        "javascript:alert(1)",
        "gopher://x/",
        "demo:world.xml",
    ],
)
async def test_redirect_to_non_http_is_refused(feed_server, location):  # noqa: F811
    url = feed_server.add("/r", redirect=location)
    async with Fetcher(SETTINGS) as fetcher:
        result = await fetcher.fetch(url)
    assert result.status == "error"
    assert result.body == b""
    assert "root:" not in (result.error or "")


async def test_caps_hold_with_big_limits_unset(feed_server):  # noqa: F811
    """Defaults: the gzip bomb still stops at max_bytes, without inflating it all."""
    url = feed_server.add("/bomb", raw_gzip=gzip_bomb(100_000_000))
    settings = Settings(max_bytes=2_000_000, retries=0, total_timeout=10)
    async with Fetcher(settings) as fetcher:
        result = await fetcher.fetch(url)
    assert result.status == "error"
    assert "larger than" in (result.error or "")
