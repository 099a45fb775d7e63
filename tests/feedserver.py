"""A loopback HTTP server for tests that fetch: routes are registered per test.

    from tests.feedserver import feed_server  # noqa: F401  (the pytest fixture)

    def test_x(feed_server):
        url = feed_server.add("/feed.xml", body=b"<rss .../>", etag='"v1"')

Each Route can serve a body (optionally gzipped), a status, extra headers, a redirect,
a slow trickle, an endless stream, and answers 304 to a matching If-None-Match /
If-Modified-Since. `responses=[...]` serves a sequence of routes, one per request
(the last one repeats). Every request's headers are kept in `server.requests`.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "application/rss+xml"
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False  # send the body gzip-compressed (Content-Encoding: gzip)
    raw_gzip: bytes | None = None  # pre-compressed bytes to send as gzip (a bomb)
    redirect: str | None = None  # Location; status defaults to 301 when set
    delay: float = 0.0  # seconds before answering (waits on the server's close event)
    trickle: float = 0.0  # seconds between single bytes of the body
    endless: bool = False  # stream bytes until the client hangs up


@dataclass
class SeenRequest:
    path: str
    headers: dict[str, str]
    client_port: int = 0  # the same port means the same (kept-alive) connection


class FeedServer:
    """A threaded HTTP server on 127.0.0.1 (port chosen by the OS)."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Route]] = {}
        self.hits: dict[str, int] = {}
        self.requests: list[SeenRequest] = []
        self.closing = threading.Event()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, responses: list[Route] | None = None, **route: object) -> str:
        """Register `path` (one Route from keyword arguments, or a sequence); return its URL."""
        with self._lock:
            self.routes[path] = list(responses) if responses else [Route(**route)]  # type: ignore[arg-type]
        return self.url(path)

    def seen(self, path: str) -> list[SeenRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _next_route(self, path: str, headers: dict[str, str], port: int) -> Route | None:
        with self._lock:
            self.requests.append(SeenRequest(path, headers, port))
            routes = self.routes.get(path)
            if not routes:
                return None
            n = self.hits.get(path, 0)
            self.hits[path] = n + 1
            return routes[min(n, len(routes) - 1)]

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self.closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _make_handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def handle(self) -> None:
            try:
                super().handle()
            except OSError:  # the client reset a kept-alive connection
                self.close_connection = True

        def do_GET(self) -> None:  # noqa: N802
            headers = {k.lower(): v for k, v in self.headers.items()}
            route = server._next_route(self.path, headers, self.client_address[1])
            try:
                self._answer(route, headers)
            except OSError:  # the client hung up (cap reached, timeout)
                self.close_connection = True

        def _answer(self, route: Route | None, headers: dict[str, str]) -> None:
            if route is None:
                self._simple(404, b"not found")
                return
            if route.delay and server.closing.wait(route.delay):
                return
            if route.redirect is not None:
                status = route.status if route.status != 200 else 301
                self.send_response(status)
                self.send_header("Location", route.redirect)
                self.send_header("Content-Length", "0")
                for k, v in route.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                return
            if route.status == 200 and self._not_modified(route, headers):
                self.send_response(304)
                if route.etag:
                    self.send_header("ETag", route.etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = route.body
            encoded = route.raw_gzip
            if encoded is None and route.gzip:
                encoded = gzip.compress(body)
            payload = encoded if encoded is not None else body
            self.send_response(route.status)
            if route.content_type:
                self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            if encoded is not None:
                self.send_header("Content-Encoding", "gzip")
            for k, v in route.headers.items():
                self.send_header(k, v)
            if route.endless or route.trickle:
                self.send_header("Connection", "close")
                self.close_connection = True
                self.end_headers()
                if route.endless:
                    chunk = (payload or b"x") * max(1, 65536 // max(1, len(payload or b"x")))
                    while not server.closing.is_set():
                        self.wfile.write(chunk)
                else:
                    for i in range(len(payload)):
                        self.wfile.write(payload[i : i + 1])
                        self.wfile.flush()
                        if server.closing.wait(route.trickle):
                            return
                return
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _not_modified(self, route: Route, headers: dict[str, str]) -> bool:
            inm = headers.get("if-none-match")
            if route.etag and inm is not None:
                return inm == route.etag
            ims = headers.get("if-modified-since")
            return bool(route.last_modified and ims == route.last_modified)

        def _simple(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A started FeedServer, closed after the test."""
    with FeedServer() as server:
        yield server


def config_args(tmp_path, *urls: str) -> list[str]:
    """A feeds.yaml in `tmp_path` listing `urls` (one a line, from line 2), and the
    global options that point tidings at it and at a database beside it."""
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("feeds:\n" + "".join(f"  - {url}\n" for url in urls), encoding="utf-8")
    return ["--config", str(cfg), "--db", str(tmp_path / "d.db")]
