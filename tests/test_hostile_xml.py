"""Hostile XML: external entities, entity expansion bombs and deep nesting are parsed
safely or rejected with a reason, in bounded memory and time.

The bombs run in a child process with an address-space limit and a timeout, so a
regression shows as a failed test, not a machine that swaps or a run that hangs."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import textwrap

import pytest

from tests.feedserver import feed_server  # noqa: F401
from tidings.core.opml import OpmlError, parse_opml
from tidings.core.parse import ParseError, parse_feed

MEMORY_LIMIT = 1_500_000_000  # bytes of address space for the child
TIME_LIMIT = 30  # seconds

_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from tidings.core.parse import ParseError, parse_feed
    from tidings.core.render import render_html, to_plain
    data = sys.stdin.buffer.read()
    kind = sys.argv[1]
    t = time.perf_counter()
    out = {}
    try:
        if kind == "feed":
            feed = parse_feed(data)
            out["outcome"] = "parsed"
            out["title"] = feed.title
            out["texts"] = [feed.title or ""] + [
                (e.title or "") + (e.summary or "") + (e.content or "") for e in feed.entries
            ]
        elif kind == "html":
            text = to_plain(render_html(data.decode()).text, 80)
            out["outcome"] = "rendered"
            out["texts"] = [text[:100000]]
        else:
            from tidings.core.opml import parse_opml
            specs = parse_opml(data)
            out["outcome"] = "parsed"
            out["texts"] = [s.url + (s.title or "") for s in specs]
    except ParseError as exc:
        out["outcome"] = "rejected"
        out["reason"] = str(exc)
    except Exception as exc:
        out["outcome"] = "rejected"
        out["reason"] = type(exc).__name__ + ": " + str(exc)
        out["exception"] = type(exc).__name__
    out["seconds"] = time.perf_counter() - t
    out["max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(out))
    """
)


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_guarded(kind: str, data: bytes) -> dict:
    """Parse `data` in a child with bounded memory; fail the test past TIME_LIMIT."""
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, kind],
        input=data,
        capture_output=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limit,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return json.loads(proc.stdout)


def _all_text(result: dict) -> str:
    return "\n".join(result.get("texts", []))


def test_external_file_entity_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENTS")
    data = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>T &xxe; T</title>
<item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>""".encode()
    result = run_guarded("feed", data)
    assert "TOP-SECRET" not in json.dumps(result)
    assert result["outcome"] in ("parsed", "rejected")
    if result["outcome"] == "rejected":
        assert result["reason"] and "exception" not in result


def test_external_parameter_entity_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENTS")
    data = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>
<rss version="2.0"><channel><title>ok</title></channel></rss>""".encode()
    assert "TOP-SECRET" not in json.dumps(run_guarded("feed", data))


def test_external_http_entity_is_never_fetched(feed_server):  # noqa: F811
    url = feed_server.add("/dtd", body=b"LEAKED-OVER-HTTP", content_type="text/plain")
    data = f"""<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "{url}" [<!ENTITY net SYSTEM "{url}"><!ENTITY % pe SYSTEM "{url}"> %pe;]>
<rss version="2.0"><channel><title>&net;</title><item><title>x &net;</title></item>
</channel></rss>""".encode()
    feed = parse_feed(data)  # in process: the server must see no request
    assert "LEAKED" not in (feed.title or "")
    assert feed_server.seen("/dtd") == []


def test_billion_laughs():
    lol = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = "lol" if i == 1 else f"lol{i - 1}"
        lol.append(f'<!ENTITY lol{i} "{("&" + prev + ";") * 10}">')
    data = (
        '<?xml version="1.0"?><!DOCTYPE rss [' + "".join(lol) + "]>"
        '<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
        "</item></channel></rss>"
    ).encode()
    result = run_guarded("feed", data)
    assert len(_all_text(result)) < 10_000  # not expanded
    assert result["outcome"] in ("parsed", "rejected")


def test_quadratic_blowup():
    big = "A" * 50_000
    refs = "&a;" * 50_000
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{big}">]>'
        f'<rss version="2.0"><channel><title>t</title><item><description>{refs}</description>'
        "</item></channel></rss>"
    ).encode()
    result = run_guarded("feed", data)
    assert len(_all_text(result)) < 1_000_000  # 2.5 GB if expanded


@pytest.mark.parametrize("depth", [10_000, 200_000])
def test_deeply_nested_feed(depth):
    data = (
        '<rss version="2.0"><channel><title>deep</title><item><title>x</title><description>'
        + "<div>" * depth
        + "</description></item></channel></rss>"
    ).encode()
    result = run_guarded("feed", data)
    assert result["outcome"] in ("parsed", "rejected")
    assert "exception" not in result, result


def test_deeply_nested_elements_of_the_feed_itself():
    data = ('<rss version="2.0"><channel><title>deep</title>' + "<x>" * 100_000).encode()
    result = run_guarded("feed", data)
    assert "exception" not in result, result


def test_deeply_nested_html_renders():
    html = ("<div><b><i>" * 30_000 + "deep text" + "</i></b></div>" * 30_000).encode()
    result = run_guarded("html", html)
    assert result["outcome"] == "rendered"


def test_opml_entities_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENTS")
    lol = "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10 if i else "lol"}">' for i in range(9)
    )
    data = f"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file://{secret}">{lol}]>
<opml version="2.0"><body><outline text="&xxe;&l8;" xmlUrl="https://ok.example/feed"/>
</body></opml>""".encode()
    result = run_guarded("opml", data)
    assert "TOP-SECRET" not in json.dumps(result)
    assert len(_all_text(result)) < 10_000


def test_in_process_rejections_have_reasons():
    for data in (b"<html><body>error</body></html>", b"\x00\x01\x02", b"<<<<", b"{"):
        with pytest.raises(ParseError) as info:
            parse_feed(data)
        assert str(info.value)
    with pytest.raises(OpmlError):
        parse_opml(b"<not-opml/>")
