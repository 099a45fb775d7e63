"""A fake Google Reader API server (as FreshRSS serves it, under /api/greader.php)
on 127.0.0.1, for the tests of feeds.yaml's `source:`.

    from tests.greader_server import greader  # noqa: F401  (the pytest fixture)

    def test_x(greader):
        greader.subscribe("feed/https://a.example/rss", "A", category="News")
        greader.item("feed/https://a.example/rss", "Title", read=True)
        url = greader.url   # source.url; user "alice", password "secret"

Items are served newest first, `page` at a time (continuation: the next index);
edit-tag changes the items' tags and is kept in `edits`; `html` makes every API
answer an HTML page (a wrong source.url); `down` closes every connection unanswered.

Subscribing works as FreshRSS's p/api/greader.php does: the server can reach the feeds
`offer()`ed (and their sites'); subscription/quickadd (POST, the address in the query
or the form) answers {"numResults": 1, "streamId": "feed/N", ...}, or numResults 0 and
an "error" (HTTP 200) for an address it cannot subscribe to or one subscribed already;
subscription/edit (POST: s=feed/URL, ac=subscribe, a=user/-/label/NAME, t=TITLE;
ac=unsubscribe, s=feed/N) answers "OK", or HTTP 400 when it cannot. A new
subscription's items come with it (FreshRSS fetches the feed on adding it).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

PREFIX = "/api/greader.php"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"


@dataclass
class FakeItem:
    id: str
    stream: str
    title: str
    html: str
    link: str
    published: int
    tags: set[str] = field(default_factory=set)


class GReaderServer:
    def __init__(self) -> None:
        self.user, self.password = "alice", "secret"
        self.subs: list[dict] = []
        self.items: list[FakeItem] = []
        self.edits: list[dict[str, list[str]]] = []
        self.paths: list[str] = []
        self.asked_since: list[int] = []  # the ot= of each item request
        self.page = 1000
        self.html = False
        self.broken_pages = False  # a continuation answers HTTP 500
        self.down = False  # every request: the connection closed, no answer
        self.web: dict[str, tuple[str, list[str]]] = {}  # feed URL: (title, item titles)
        self.sites: dict[str, str] = {}  # a site's address: its feed's
        self.subscribing: list[dict[str, list[str]]] = []  # quickadd / edit requests
        self._next_feed = 0
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{PREFIX}"

    def subscribe(self, sid: str, title: str, category: str | None = None) -> None:
        cats = [{"id": f"user/-/label/{category}", "label": category}] if category else []
        self.subs.append(
            {"id": sid, "title": title, "categories": cats, "htmlUrl": "https://site.example/"}
        )

    def item(
        self,
        stream: str,
        title: str,
        *,
        html: str = "<p>Body</p>",
        published: int = 1_700_000_000,
        read: bool = False,
        starred: bool = False,
    ) -> str:
        n = len(self.items) + 1
        item_id = f"tag:google.com,2005:reader/item/{n:016x}"
        tags = {"user/-/state/com.google/reading-list"}
        tags |= {READ} if read else set()
        tags |= {STARRED} if starred else set()
        link = f"https://site.example/{n}"
        self.items.append(FakeItem(item_id, stream, title, html, link, published + n, tags))
        return item_id

    def offer(self, url: str, title: str, items: list[str], site: str | None = None) -> None:
        """A feed on the web the server can subscribe to (at `site` too)."""
        self.web[url] = (title, items)
        if site:
            self.sites[site] = url

    def sub_titles(self) -> list[str]:
        return [s["title"] for s in self.subs]

    def tags_of(self, item_id: str) -> set[str]:
        return next(i.tags for i in self.items if i.id == item_id)

    # -- answers -----------------------------------------------------------------
    def answer(self, method: str, path: str, query: dict, form: dict, auth: str):
        with self._lock:
            self.paths.append(path)
            if not path.startswith(PREFIX):
                return 404, "text/plain", b"not found"
            path = path[len(PREFIX) :]
            if self.html:
                return 200, "text/html", b"<!DOCTYPE html><html><body>Login</body></html>"
            if path == "/accounts/ClientLogin" and method == "POST":
                ok = form.get("Email") == [self.user] and form.get("Passwd") == [self.password]
                if not ok:
                    return 401, "text/plain", b"Error=BadAuthentication\n"
                return 200, "text/plain", b"SID=x\nLSID=x\nAuth=alice/TOKEN1\n"
            if auth != "GoogleLogin auth=alice/TOKEN1":
                return 401, "text/plain", b"Unauthorized"
            if path == "/reader/api/0/token":
                return 200, "text/plain", b"EDITTOKEN\n"
            if path == "/reader/api/0/subscription/list":
                return _json({"subscriptions": self.subs})
            if path == "/reader/api/0/stream/items/ids":
                stream, without = query["s"][0], query.get("xt", [""])[0]
                refs = [
                    {"id": str(int(i.id.rsplit("/", 1)[1], 16))}  # the short form
                    for i in self.items
                    if (stream in i.tags) and without not in i.tags
                ]
                return _json({"itemRefs": refs})
            if path.startswith("/reader/api/0/stream/contents/"):
                stream = unquote(path[len("/reader/api/0/stream/contents/") :])
                return self._stream(query, stream)
            if path.startswith("/reader/api/0/subscription/") and method == "POST":
                if form.get("T") != ["EDITTOKEN"]:
                    return 401, "text/plain", b"bad token"
                self.subscribing.append({"path": [path], **query, **form})
                if path.endswith("/quickadd"):
                    return self._quickadd(
                        (query.get("quickadd") or form.get("quickadd") or [""])[0]
                    )
                if path.endswith("/edit"):
                    return self._edit(form)
            if path == "/reader/api/0/edit-tag" and method == "POST":
                if form.get("T") != ["EDITTOKEN"]:
                    return 401, "text/plain", b"bad token"
                self.edits.append(form)
                for item in self.items:
                    if item.id in form.get("i", []):
                        item.tags |= set(form.get("a", []))
                        item.tags -= set(form.get("r", []))
                return 200, "text/plain", b"OK"
            return 404, "text/plain", b"not found"

    # -- subscribing, as FreshRSS does -------------------------------------------------
    def _add_sub(self, url: str, title: str | None, category: str | None) -> dict:
        feed_title, titles = self.web[url]
        self._next_feed += 1
        sid = f"feed/{100 + self._next_feed}"
        cats = [{"id": f"user/-/label/{category}", "label": category}] if category else []
        sub = {"id": sid, "title": title or feed_title, "categories": cats, "url": url}
        self.subs.append(sub)
        for name in titles:
            self.item(sid, name)
        return sub

    def _subscribed(self, url: str) -> dict | None:
        return next((s for s in self.subs if url in (s.get("url"), s["id"])), None)

    def _quickadd(self, url: str):
        url = url.removeprefix("feed/")
        feed = url if url in self.web else self.sites.get(url)
        if feed is None:
            return _json({"numResults": 0, "error": f"{url} is not a feed, nor offers one"})
        if self._subscribed(feed):
            return _json({"numResults": 0, "error": "You are already subscribed to this feed"})
        sub = self._add_sub(feed, None, None)
        return _json(
            {"numResults": 1, "query": feed, "streamId": sub["id"], "streamName": sub["title"]}
        )

    def _edit(self, form: dict):
        action = form.get("ac", [""])[0]
        streams = form.get("s", [])
        if action not in ("subscribe", "unsubscribe", "edit") or not streams:
            return 400, "text/plain", b"Bad Request!"
        label = form.get("a", [""])[0]
        category = label.removeprefix("user/-/label/") if label.startswith("user/") else None
        title = form.get("t", [""])[0] or None
        for stream in streams:
            url = stream.removeprefix("feed/")
            if action == "subscribe":
                if url.isdigit():
                    continue
                if url not in self.web or self._subscribed(url):
                    return 400, "text/plain", b"Bad Request!"
                self._add_sub(url, title, category)
            elif (sub := self._subscribed(stream)) is None:
                return 400, "text/plain", b"Bad Request!"
            elif action == "unsubscribe":  # the feed goes, and its items
                self.subs.remove(sub)
                self.items = [i for i in self.items if i.stream != sub["id"]]
        return 200, "text/plain", b"OK"

    def _stream(self, query: dict, stream: str = ""):
        items = sorted(self.items, key=lambda i: -i.published)
        if stream.startswith("feed/"):
            items = [i for i in items if i.stream == stream]
        since = int(query.get("ot", ["0"])[0])
        self.asked_since.append(since)
        items = [i for i in items if i.published > since]
        start = int(query.get("c", ["0"])[0])
        if start and self.broken_pages:
            return 500, "text/plain", b"Internal Server Error"
        size = min(self.page, int(query.get("n", ["20"])[0]))
        chunk = items[start : start + size]
        body = {
            "items": [
                {
                    "id": i.id,
                    "title": i.title,
                    "published": i.published,
                    "alternate": [{"href": i.link}],
                    "summary": {"content": i.html},
                    "categories": sorted(i.tags),
                    "origin": {"streamId": i.stream, "title": "origin"},
                }
                for i in chunk
            ]
        }
        if start + size < len(items):
            body["continuation"] = str(start + size)
        return _json(body)


def _json(data: object):
    return 200, "application/json", json.dumps(data).encode()


def _handler(server: GReaderServer):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _go(self, method: str) -> None:
            if server.down:  # as a server that went away
                self.close_connection = True
                return
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode()) if length else {}
            status, kind, body = server.answer(
                method,
                parts.path,
                parse_qs(parts.query),
                form,
                self.headers.get("Authorization", ""),
            )
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._go("GET")

        def do_POST(self) -> None:
            self._go("POST")

    return Handler


@pytest.fixture
def greader() -> Iterator[GReaderServer]:
    server = GReaderServer()
    server._thread.start()
    try:
        yield server
    finally:
        server._httpd.shutdown()
        server._httpd.server_close()
