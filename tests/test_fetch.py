"""Fetcher: what a fetch returns for good, slow, huge, moved, broken and local sources."""

from __future__ import annotations

import gzip
import socket
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from tests import feedserver
from tests.feedserver import FeedServer, Route
from tidings.core.fetch import Fetcher, FetchResult, human_size, read_local
from tidings.core.models import Settings

FIXTURE = Path(__file__).parent / "fixtures" / "fetch" / "tiny.xml"
BODY = FIXTURE.read_bytes()
feed_server = feedserver.feed_server
FAST = Settings(connect_timeout=2, read_timeout=2, total_timeout=5, retries=2)


async def get(url: str, settings: Settings = FAST, **kw) -> FetchResult:
    async with Fetcher(settings) as f:
        return await f.fetch(url, **kw)


async def test_ok_returns_body_and_validators(feed_server: FeedServer):
    url = feed_server.add(
        "/feed", body=BODY, etag='"v1"', last_modified="Wed, 01 May 2024 10:00:00 GMT"
    )
    r = await get(url)
    assert (r.status, r.http_status, r.body) == ("ok", 200, BODY)
    assert r.etag == '"v1"'
    assert r.last_modified == "Wed, 01 May 2024 10:00:00 GMT"
    assert r.content_type == "application/rss+xml"
    assert r.final_url == url and r.permanent_url is None and r.error is None
    seen = feed_server.seen("/feed")[0].headers
    assert seen["user-agent"] == FAST.user_agent
    assert "gzip" in seen["accept-encoding"]


async def test_conditional_get_sends_validators_and_gets_304(feed_server: FeedServer):
    url = feed_server.add("/feed", body=BODY, etag='"v1"')
    r = await get(url, etag='"v1"', last_modified="Wed, 01 May 2024 10:00:00 GMT")
    assert r.status == "not_modified" and r.http_status == 304 and r.body == b""
    assert r.etag == '"v1"'
    headers = feed_server.seen("/feed")[0].headers
    assert headers["if-none-match"] == '"v1"'
    assert headers["if-modified-since"] == "Wed, 01 May 2024 10:00:00 GMT"


async def test_if_modified_since_alone_gets_304(feed_server: FeedServer):
    lm = "Wed, 01 May 2024 10:00:00 GMT"
    url = feed_server.add("/feed", body=BODY, last_modified=lm)
    r = await get(url, last_modified=lm)
    assert r.status == "not_modified" and r.last_modified == lm


async def test_gzip_body_is_decoded(feed_server: FeedServer):
    url = feed_server.add("/feed", body=BODY, gzip=True)
    r = await get(url)
    assert r.status == "ok" and r.body == BODY


async def test_raw_deflate_body_is_decoded(feed_server: FeedServer):
    comp = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw = comp.compress(BODY) + comp.flush()
    url = feed_server.add(
        "/feed", body=raw, headers={"Content-Encoding": "deflate"}, content_type="text/xml"
    )
    r = await get(url)
    assert r.status == "ok" and r.body == BODY


async def test_permanent_redirect_reports_new_url(feed_server: FeedServer):
    new = feed_server.add("/new", body=BODY)
    old = feed_server.add("/old", redirect="/new", status=301)
    r = await get(old)
    assert r.status == "ok" and r.body == BODY
    assert r.final_url == new and r.permanent_url == new


async def test_temporary_redirect_is_not_permanent(feed_server: FeedServer):
    new = feed_server.add("/new", body=BODY)
    feed_server.add("/tmp", redirect="/new", status=302)
    r = await get(feed_server.url("/tmp"))
    assert r.status == "ok" and r.final_url == new and r.permanent_url is None


async def test_redirect_loop_is_an_error(feed_server: FeedServer):
    feed_server.add("/a", redirect="/b")
    feed_server.add("/b", redirect="/a")
    r = await get(feed_server.url("/a"))
    assert r.status == "error" and r.error == "redirect loop"


async def test_too_many_redirects(feed_server: FeedServer):
    for i in range(10):
        feed_server.add(f"/r{i}", redirect=f"/r{i + 1}", status=302)
    r = await get(feed_server.url("/r0"), replace(FAST, max_redirects=3))
    assert r.status == "error" and r.error == "too many redirects (more than 3)"


async def test_redirect_to_file_is_refused(feed_server: FeedServer):
    url = feed_server.add("/evil", redirect="file:///etc/passwd")
    r = await get(url)
    assert r.status == "error"
    assert r.error == "redirect to a non-HTTP URL refused: file:///etc/passwd"
    assert r.body == b""


@pytest.mark.parametrize(
    ("status", "reason"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")]
)
async def test_http_errors(feed_server: FeedServer, status: int, reason: str):
    url = feed_server.add("/x", body=b"oops", status=status)
    r = await get(url)
    assert (r.status, r.error, r.http_status, r.body) == ("error", reason, status, b"")


async def test_unknown_path_is_404(feed_server: FeedServer):
    r = await get(feed_server.url("/nothing-here"))
    assert r.error == "HTTP 404 Not Found"


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


async def test_connection_refused():
    r = await get(f"http://127.0.0.1:{_closed_port()}/feed")
    assert r.status == "error" and r.error == "connection refused"


async def test_dns_failure():
    r = await get("http://example.invalid/feed")
    assert r.status == "error" and r.error == "DNS lookup failed for example.invalid"


async def test_read_timeout_when_server_trickles(feed_server: FeedServer):
    url = feed_server.add("/slow", body=b"<rss>" + b" " * 100, trickle=1.0)
    settings = replace(FAST, read_timeout=0.2)
    r = await get(url, settings)
    assert r.status == "error" and r.error == "timed out after 0.2 s waiting for data"


async def test_total_deadline(feed_server: FeedServer):
    # every byte comes within the read timeout, but the whole takes too long
    url = feed_server.add("/slow", body=b"x" * 200, trickle=0.05)
    settings = replace(FAST, read_timeout=1, total_timeout=0.3)
    r = await get(url, settings)
    assert r.status == "error" and r.error == "timed out after 0.3 s"


async def test_endless_body_is_capped(feed_server: FeedServer):
    url = feed_server.add("/endless", body=b"<item>spam</item>", endless=True)
    r = await get(url, replace(FAST, max_bytes=200_000))
    assert (
        r.status == "error"
        and r.error == "response larger than 200 KB (feeds.yaml's settings: max_bytes)"
    )
    assert r.body == b""


async def test_declared_length_over_cap_is_refused(feed_server: FeedServer):
    url = feed_server.add("/big", body=b"x" * 5000)
    r = await get(url, replace(FAST, max_bytes=1000))
    assert r.error == "response larger than 1 KB (feeds.yaml's settings: max_bytes)"


async def test_gzip_bomb_stops_at_cap(feed_server: FeedServer):
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)  # ~50 KB on the wire
    url = feed_server.add("/bomb", raw_gzip=bomb)
    r = await get(url, replace(FAST, max_bytes=10_000_000))
    assert (
        r.status == "error"
        and r.error == "response larger than 10 MB (feeds.yaml's settings: max_bytes)"
    )


async def test_429_with_retry_after_zero_is_retried(feed_server: FeedServer):
    url = feed_server.add(
        "/busy",
        responses=[
            Route(status=429, headers={"Retry-After": "0"}),
            Route(status=503, headers={"Retry-After": "0"}),
            Route(body=BODY),
        ],
    )
    r = await get(url)
    assert r.status == "ok" and r.body == BODY
    assert len(feed_server.seen("/busy")) == 3


async def test_retries_are_limited(feed_server: FeedServer):
    url = feed_server.add("/busy", status=429, headers={"Retry-After": "0"})
    r = await get(url, replace(FAST, retries=1))
    assert r.status == "error" and r.error == "HTTP 429 Too Many Requests"
    assert len(feed_server.seen("/busy")) == 2


async def test_long_retry_after_is_not_waited_for(feed_server: FeedServer):
    url = feed_server.add("/busy", status=503, headers={"Retry-After": "3600"})
    r = await get(url)
    assert r.error == "HTTP 503 Service Unavailable" and r.retry_after == "3600"  # kept: fetch_wait
    assert len(feed_server.seen("/busy")) == 1


async def test_file_url_and_paths(tmp_path, monkeypatch):
    assert (await get(FIXTURE.as_uri())).body == BODY
    assert (await get(str(FIXTURE))).body == BODY
    monkeypatch.chdir(FIXTURE.parent)
    r = await get("tiny.xml")
    assert r.status == "ok" and r.body == BODY


async def test_missing_and_oversized_files(tmp_path):
    r = await get(str(tmp_path / "nope.xml"))
    assert r.status == "error" and r.error == f"file not found: {tmp_path / 'nope.xml'}"
    big = tmp_path / "big.xml"
    big.write_bytes(b"x" * 2000)
    r = await get(big.as_uri(), replace(FAST, max_bytes=1000))
    assert r.error == "file larger than 1 KB"


async def test_unsupported_scheme():
    r = await get("ftp://example.org/feed")
    assert r.status == "error" and r.error == "unsupported URL scheme 'ftp'"


def test_demo_source(monkeypatch):
    import tidings.core.fetch as fetch_mod

    class FakeFiles:
        def __init__(self, root: Path) -> None:
            self.root = root

        def joinpath(self, name: str) -> Path:
            return self.root / name

    monkeypatch.setattr(fetch_mod.resources, "files", lambda pkg: FakeFiles(FIXTURE.parent))
    r = read_local("demo:tiny.xml", 10_000)
    assert r.status == "ok" and r.body == BODY
    assert read_local("demo:nothing.xml", 10_000).error == "no demo feed named 'nothing.xml'"
    assert read_local("demo:../secret", 10_000).error == "no demo feed named '../secret'"


def test_human_size():
    assert human_size(10_000_000) == "10 MB"
    assert human_size(200_000) == "200 KB"
    assert human_size(12) == "12 bytes"


async def test_redirect_without_location_is_an_error(feed_server: FeedServer):
    url = feed_server.add("/odd", body=b"", status=300)
    r = await get(url)
    assert r.status == "error" and r.error == "HTTP 300 Multiple Choices"


async def test_waiting_for_a_busy_host_does_not_count_against_the_deadline(
    feed_server: FeedServer,
):
    import asyncio

    urls = [feed_server.add(f"/d{i}", body=BODY, delay=0.1) for i in range(4)]
    settings = replace(FAST, per_host=1, total_timeout=0.3)
    async with Fetcher(settings) as f:
        results = await asyncio.gather(*(f.fetch(u) for u in urls))
    assert [r.status for r in results] == ["ok"] * 4


async def test_connection_is_reused_after_304_error_and_redirect(feed_server: FeedServer):
    feed_server.add("/feed", body=BODY, etag='"v1"')
    feed_server.add("/gone", body=b"missing", status=404)
    feed_server.add("/moved", redirect="/feed", status=302)
    async with Fetcher(replace(FAST, per_host=1, concurrency=1)) as f:
        assert (await f.fetch(feed_server.url("/feed"), etag='"v1"')).status == "not_modified"
        assert (await f.fetch(feed_server.url("/gone"))).error == "HTTP 404 Not Found"
        assert (await f.fetch(feed_server.url("/moved"))).status == "ok"
    assert len({r.client_port for r in feed_server.requests}) == 1


async def test_bad_urls_are_errors_not_exceptions():
    assert (await get("http://127.0.0.1:99999/")).error == "invalid URL: bad port"
    assert (await get("https://[::1")).error.startswith("invalid URL")


async def test_tls_to_a_plain_http_server_is_a_tls_error(feed_server: FeedServer):
    url = feed_server.add("/feed", body=BODY).replace("http://", "https://")
    r = await get(url)
    assert r.status == "error" and r.error.startswith("TLS error: ")  # wording: OpenSSL


async def test_retry_after_as_a_past_http_date_is_retried_at_once(feed_server: FeedServer):
    url = feed_server.add(
        "/busy",
        responses=[
            Route(status=503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
            Route(body=BODY),
        ],
    )
    r = await get(url)
    assert r.status == "ok" and len(feed_server.seen("/busy")) == 2


async def test_feeds_come_through_the_proxy_in_the_environment(feed_server, monkeypatch):
    # Behind a proxy, as curl and newsboat do: HTTP_PROXY (here the test server, which
    # answers the proxied request for a host that does not exist).
    url = "http://news.example.invalid/feed"
    feed_server.add(url, body=BODY)
    monkeypatch.setenv("HTTP_PROXY", feed_server.base)
    r = await get(url)
    assert (r.status, r.body) == ("ok", BODY)
    assert len(feed_server.seen(url)) == 1


async def test_hosts_in_no_proxy_are_reached_directly(feed_server, monkeypatch):
    url = feed_server.add("/feed", body=BODY)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    r = await get(url)
    assert (r.status, r.body) == ("ok", BODY)
    monkeypatch.delenv("NO_PROXY")
    r = await get(url)
    assert r.status == "error" and r.error


async def test_a_socks_proxy_without_its_package_fails_each_fetch_with_the_reason(
    feed_server, monkeypatch
):
    try:
        import socksio  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("socksio is installed: SOCKS proxies work")
    url = feed_server.add("/feed", body=BODY)
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")
    r = await get(url)
    assert r.status == "error"
    assert "proxy from the environment" in r.error and "socks" in r.error.lower()
    assert feed_server.seen("/feed") == []
    local = await get(str(FIXTURE))  # files and demo feeds need no proxy
    assert local.status == "ok"


async def test_a_401_says_how_to_log_in(feed_server: FeedServer):
    url = feed_server.add("/private", status=401, body=b"no")
    r = await get(url)
    assert r.error == (
        "HTTP 401 Unauthorized (the feed needs a login: write USER:PASSWORD@ before the host"
        " in its URL)"
    )


@pytest.mark.parametrize("status", [429, 503])
async def test_no_retry_after_is_not_asked_again_within_the_fetch(
    feed_server: FeedServer, status: int
):
    # QA: a 429 without Retry-After was asked three times in 3 seconds at each fetch
    url = feed_server.add("/busy", responses=[Route(status=status), Route(body=BODY)])
    r = await get(url)
    assert r.status == "error" and r.retry_after == ""  # the store's backoff takes it
    assert feed_server.hits["/busy"] == 1


async def test_an_unreadable_retry_after_is_not_retried(feed_server: FeedServer):
    url = feed_server.add("/busy", status=429, headers={"Retry-After": "soon"})
    r = await get(url)
    assert r.error == "HTTP 429 Too Many Requests" and feed_server.hits["/busy"] == 1
