"""`tidings fetch`'s exit status and what `-q` (cron) says when some feeds fail: 0 all
fine, 1 every feed failed, 3 some failed; a feed that keeps failing is told once, when
it starts, not at every run."""

from __future__ import annotations

from tests import feedserver
from tests.feedserver import Route
from tidings.cli import main

feed_server = feedserver.feed_server

RSS = b"""<rss version="2.0"><channel><title>Up</title>
<item><guid>u1</guid><title>Fine</title><link>http://x/u1</link></item>
</channel></rss>"""


def test_some_feeds_failing_is_exit_3_and_a_feed_still_down_is_told_once(
    feed_server, tmp_path, capsys
):
    up = feed_server.add("/up.xml", body=RSS)
    down = feed_server.add(
        "/down.xml",
        responses=[
            Route(status=500, body=b""),
            Route(status=500, body=b""),
            Route(status=404, body=b""),  # down for another reason: still down
            Route(body=RSS),  # back
            Route(status=500, body=b""),  # down again: told again
        ],
    )
    args = feedserver.config_args(tmp_path, up, down)
    assert main([*args, "fetch", "-q"]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"failed: {down}: HTTP 500") and err.count("\n") == 1
    assert main([*args, "fetch", "-q"]) == 3  # still down: cron mails nothing
    assert capsys.readouterr() == ("", "")
    assert main([*args, "fetch", "-q"]) == 3
    assert capsys.readouterr() == ("", "")
    assert main([*args, "fetch", "-q"]) == 0  # back
    assert capsys.readouterr() == ("", "")
    assert main([*args, "fetch", "-q"]) == 3  # down again: told
    assert capsys.readouterr().err.startswith(f"failed: {down}: HTTP 500")
    assert main([*args, "fetch"]) == 3  # by hand: every failure, each time
    out, err = capsys.readouterr()
    assert f"failed: {down}: HTTP 500" in err
    assert "1 ok, 0 not modified, 1 failed" in out


def test_every_feed_failing_is_exit_1(feed_server, tmp_path, capsys):
    down = feed_server.add("/down.xml", status=500, body=b"")
    args = feedserver.config_args(tmp_path, down)
    assert main([*args, "fetch", "-q"]) == 1
    assert "failed:" in capsys.readouterr().err


def test_progress_says_not_modified_in_words(feed_server, tmp_path, capsys):
    """The status of each feed as the user reads it (the reader's status line says the
    same: `Refreshing 1/1: not modified URL`), not the internal not_modified."""
    from tidings.core.refresh_writer import Progress

    url = feed_server.add("/etag.xml", body=RSS, etag='"v1"')
    args = feedserver.config_args(tmp_path, url)
    assert main([*args, "fetch"]) == 0
    assert capsys.readouterr().err == f"[1/1] ok: {url}\n"
    assert main([*args, "fetch"]) == 0
    out, err = capsys.readouterr()
    assert err == f"[1/1] not modified: {url}\n"
    assert out.startswith("0 ok, 1 not modified, 0 failed")
    assert Progress(1, 1, url, "not_modified").said == "not modified"


def test_https_at_a_plain_http_port_suggests_http(feed_server, tmp_path, capsys):
    url = feed_server.add("/plain.xml", body=RSS).replace("http://", "https://")
    args = feedserver.config_args(tmp_path, url)
    assert main([*args, "fetch", "-q"]) == 1
    assert capsys.readouterr().err == (
        f"failed: {url}: TLS error: wrong version number (the server may speak plain http:"
        " try http:// instead of https://)\n"
    )
