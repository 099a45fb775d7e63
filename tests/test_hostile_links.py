"""Hostile links: javascript:, data:, file: and shell metacharacters in article links and
in imported OPML / urls files are never executed, never passed to a shell, and only
http(s) links are ever offered for opening."""

from __future__ import annotations

import ast
import html
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.feedserver import feed_server  # noqa: F401
from tidings import cli
from tidings.core import models
from tidings.core.config import load_config
from tidings.core.opml import parse_newsboat_urls, parse_opml
from tidings.core.render import render_article, render_html, to_plain
from tidings.core.sanitize import safe_url

SRC = Path(__file__).resolve().parents[1] / "src" / "tidings"

BAD_LINKS = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "file://localhost/etc/shadow",
    "ftp://127.0.0.1/x",
    "/relative/path",
    "//evil.example/x",
    "http:/evil.example",
    "http:///etc/passwd",
    "$(touch /tmp/tidings-pwned)",
    "`touch /tmp/tidings-pwned`",
    "; rm -rf ~",
    "| sh",
]

SHELL_LINKS = [
    "https://ok.example/a?x=$(touch${IFS}/tmp/tidings-pwned)",
    "https://ok.example/a;touch /tmp/tidings-pwned",
    "https://ok.example/a`id`&b=|sh",
    "https://ok.example/a' ; touch /tmp/tidings-pwned ; '",
]


@pytest.mark.parametrize("link", BAD_LINKS)
def test_safe_url_refuses(link):
    assert safe_url(link) is None


@pytest.mark.parametrize("link", SHELL_LINKS)
def test_shell_metacharacters_stay_inert_text(link):
    url = safe_url(link)
    assert url is not None and url.startswith("https://ok.example/")
    assert " " not in url and "\n" not in url  # one argv word, never split


@pytest.mark.parametrize("link", BAD_LINKS)
def test_bad_links_never_numbered_in_body(link):
    html = f"<p><a href='{link}'>click me</a> <img src='{link}' alt='pic'></p>"
    rendered = render_html(html, base_url="https://ok.example/")
    for url in rendered.links:
        assert url.split(":", 1)[0] in ("http", "https", "mailto"), url
        assert "javascript" not in url.lower() and "passwd" not in url


@pytest.mark.parametrize("link", BAD_LINKS)
def test_bad_article_link_and_enclosure_not_offered(link):
    article = models.Article(
        id=7,
        feed_id=1,
        feed_title="f",
        feed_url="https://ok.example/feed",
        category=None,
        guid="g",
        link=link,
        title="t",
        author=None,
        published=datetime(2024, 1, 1, tzinfo=UTC),
        updated=None,
        summary=f"<a href='{link}'>x</a>",
        content=None,
        enclosures=[models.Enclosure(url=link, type="audio/mpeg", title="e")],
    )
    rendered = render_article(article)
    for url in rendered.links:
        assert url.split(":", 1)[0] in ("http", "https", "mailto"), url
    plain = to_plain(rendered.text, 100).lower()
    assert "javascript:" not in plain and "vbscript:" not in plain and "file:/" not in plain


def _opml(urls: list[str]) -> bytes:
    outlines = "".join(
        f'<outline text="t{i}" xmlUrl="{html.escape(u)}"/>' for i, u in enumerate(urls)
    )
    return f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'.encode()


HOSTILE_IMPORTS = [
    "javascript:alert(1)",
    "data:application/rss+xml,<rss/>",
    "file:///etc/passwd",
    "ftp://127.0.0.1/feed",
    "https://ok.example/$(touch /tmp/tidings-pwned)",
    "https://ok.example/`touch /tmp/tidings-pwned`",
    "https://ok.example/a;touch /tmp/tidings-pwned",
    "https://ok.example/a|sh",
    "exec:touch /tmp/tidings-pwned",
    "filter:/bin/sh:https://ok.example/f",
]


def _check_imported(urls: list[str]) -> None:
    """Only http(s) URLs with no space, quote or `$(` survive; ';' or '|' inside an
    http(s) URL is a legal URL character, harmless since no shell ever sees it."""
    assert "https://ok.example/good" in urls
    for url in urls:
        assert url.startswith(("http://", "https://")), url
        assert not any(c in url for c in " \t\n'\"`") and "$(" not in url, url


def test_opml_import_skips_hostile_urls():
    skipped: list[str] = []
    specs = parse_opml(_opml([*HOSTILE_IMPORTS, "https://ok.example/good"]), skipped)
    _check_imported([s.url for s in specs])
    assert len(skipped) >= 8
    assert all(s.startswith("line ") for s in skipped)


def _without_commands(urls: list[str]) -> list[str]:
    """A newsboat urls file is the user's own: its exec: / filter: lines come over as the
    feeds newsboat made of them (run at a refresh, as newsboat runs them; never at
    import), the unquoted `exec:touch /tmp/x` being `exec:touch` tagged `/tmp/x`, as in
    newsboat; so do its file: feeds, local files newsboat reads (an OPML file, from
    anywhere, brings none). Every other URL is held to the rules."""
    commands = [u for u in urls if u.startswith(("exec:", "filter:"))]
    assert commands == ["exec:touch", "filter:/bin/sh:https://ok.example/f"]
    files = [u for u in urls if u.startswith("file:")]
    assert files == ["file:///etc/passwd"]
    return [u for u in urls if u not in commands and u not in files]


def test_urls_import_skips_hostile_urls():
    skipped: list[str] = []
    text = "\n".join([*HOSTILE_IMPORTS, "https://ok.example/good tag"]) + "\n"
    specs = parse_newsboat_urls(text, skipped)
    _check_imported(_without_commands([s.url for s in specs]))
    assert len(skipped) >= 6


@pytest.mark.parametrize("fmt", ["opml", "urls"])
def test_cli_import_never_executes(fmt, tmp_path, capsys, monkeypatch):
    marker = tmp_path / "pwned"
    hostile = [u.replace("/tmp/tidings-pwned", str(marker)) for u in HOSTILE_IMPORTS]
    src = tmp_path / f"in.{fmt}"
    if fmt == "opml":
        src.write_bytes(_opml([*hostile, "https://ok.example/good"]))
    else:
        src.write_text("\n".join([*hostile, "https://ok.example/good"]) + "\n")
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("feeds: []\n")
    monkeypatch.chdir(tmp_path)
    code = cli.main(["--config", str(cfg), "--db", str(tmp_path / "t.db"), "import", str(src)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert not marker.exists()
    urls = [f.url for f in load_config(cfg).feeds]
    # a urls file's commands and local files too: a file from elsewhere runs nothing
    # and reads none of your files (file:///etc/passwd)
    _check_imported(urls)
    if fmt == "urls":
        assert "left out 3 feeds that run a command (exec:, filter:) or read a local file" in err
        assert "--with-commands" in err
        # the user's own newsboat urls file, said so: its commands and local feeds come
        # (never run here; a local file is read as a feed)
        flags = ["--config", str(cfg), "--db", str(tmp_path / "t.db"), "import"]
        assert cli.main([*flags, "--with-commands", str(src)]) == 0
        _check_imported(_without_commands([f.url for f in load_config(cfg).feeds]))
        assert not marker.exists()


def test_hostile_article_links_end_to_end(feed_server, tmp_path, capsys):  # noqa: F811
    items = [
        {"id": str(i), "url": link, "title": f"item {i}", "content_html": f"<a href='{link}'>x</a>"}
        for i, link in enumerate(BAD_LINKS + SHELL_LINKS)
    ]
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "f", "items": items})
    url = feed_server.add("/f.json", body=body.encode(), content_type="application/feed+json")
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - {url}\n")
    g = ["--config", str(cfg), "--db", str(tmp_path / "t.db")]
    assert cli.main([*g, "fetch"]) == 0
    capsys.readouterr()
    for i in range(1, len(items) + 1):
        assert cli.main([*g, "show", str(i), "--width", "120"]) == 0
        out, _ = capsys.readouterr()
        links = out.split("\nLinks:")[1] if "\nLinks:" in out else ""
        for line in links.splitlines():
            if line.startswith("["):
                target = line.split("] ", 1)[1]
                assert target.startswith(("http://", "https://", "mailto:")), target
    assert not Path("/tmp/tidings-pwned").exists()


def test_nothing_in_the_code_uses_a_shell():
    """No module passes anything to a shell: no os.system / os.popen, no shell=True."""
    offenders = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in ("system", "popen", "getoutput", "getstatusoutput"):
                    offenders.append(f"{path}:{node.lineno}: {name}")
                for kw in node.keywords:
                    if kw.arg == "shell" and not (
                        isinstance(kw.value, ast.Constant) and kw.value.value is False
                    ):
                        offenders.append(f"{path}:{node.lineno}: shell=")
    assert offenders == []
