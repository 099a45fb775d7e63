"""A loopback HTTP server of files for the download tests: Range requests, a
Content-Disposition name, a Content-Length that lies, a body that stops halfway.

    from tests.fileserver import file_server  # noqa: F401  (the pytest fixture)

    def test_x(file_server):
        url = file_server.add("/ep.mp3", b"...", ranges=True)
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class File:
    body: bytes
    content_type: str = "audio/mpeg"
    headers: dict[str, str] = field(default_factory=dict)
    ranges: bool = False  # answer `Range: bytes=N-` with 206
    length: int | None = None  # the Content-Length to announce (a lie when not len(body))
    stall_after: int | None = None  # send this many bytes, then wait until released
    status: int = 200
    redirect: str | None = None


class FileServer:
    def __init__(self) -> None:
        self.files: dict[str, File] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()  # a stalled body goes on (or the server closes)
        self.stalled = threading.Semaphore(0)  # released each time a body stalls
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: bytes = b"", **options: object) -> str:
        self.files[path] = File(body, **options)  # type: ignore[arg-type]
        return self.url(path)

    def ranges_asked(self, path: str) -> list[str | None]:
        return [h.get("range") for p, h in self.requests if p == path]

    def __enter__(self) -> FileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _handler(server: FileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            headers = {k.lower(): v for k, v in self.headers.items()}
            server.requests.append((self.path, headers))
            file = server.files.get(self.path)
            try:
                self._answer(file, headers)
            except OSError:  # the client hung up
                self.close_connection = True

        def _answer(self, file: File | None, headers: dict[str, str]) -> None:
            if file is None or file.status != 200:
                self.send_response(404 if file is None else file.status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if file.redirect:
                self.send_response(302)
                self.send_header("Location", file.redirect)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body, status, start = file.body, 200, 0
            asked = re.match(r"bytes=(\d+)-$", headers.get("range", ""))
            if asked and file.ranges:
                start = int(asked.group(1))
                if start >= len(body):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(body)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status, body = 206, body[start:]
            self.send_response(status)
            self.send_header("Content-Type", file.content_type)
            if status == 206:
                self.send_header(
                    "Content-Range", f"bytes {start}-{len(file.body) - 1}/{len(file.body)}"
                )
            for k, v in file.headers.items():
                self.send_header(k, v)
            length = len(body) if file.length is None or status == 206 else file.length
            self.send_header("Content-Length", str(length))
            if file.stall_after is not None or length != len(body):
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if file.stall_after is not None and status == 200:
                self.wfile.write(body[: file.stall_after])
                self.wfile.flush()
                server.stalled.release()
                server.release.wait(30)
                return  # hang up: the rest never comes
            self.wfile.write(body)

    return Handler


@pytest.fixture
def file_server() -> Iterator[FileServer]:
    with FileServer() as server:
        yield server
