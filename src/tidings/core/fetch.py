"""Fetch feeds and pages: one httpx.AsyncClient with limits, timeouts, a size cap,
manual redirects, retries on 429/503 with a short Retry-After and conditional GET;
plus local sources (`file:` URLs, filesystem paths and `demo:NAME`). Network problems never raise:
they come back as a FetchResult with status "error" and a short human reason."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

import httpx

from tidings.core.body_decoder import BodyDecoder
from tidings.core.fetch_errors import FetchFailure, human_size, network_reason, secs
from tidings.core.fetch_wait import retry_after_seconds
from tidings.core.models import Settings

__all__ = ["FetchResult", "Fetcher", "human_size", "is_http", "read_local"]

Status = Literal["ok", "not_modified", "error"]

MAX_RETRY_WAIT = 30.0  # seconds; a longer Retry-After is not waited for, but kept
_REDIRECTS = (301, 302, 303, 307, 308)
_PERMANENT = (301, 308)
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DEMO_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_DRAIN_LIMIT = 65_536  # bytes of an unwanted body read to keep the connection alive


@dataclass
class FetchResult:
    """What one fetch gave: a body, "not modified", or an error with its reason."""

    url: str
    status: Status
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None
    permanent_url: str | None = None  # where a permanent redirect (301/308) says it lives
    error: str | None = None
    http_status: int | None = None
    retry_after: str | None = None  # on 429 / 503: the Retry-After header ("" if none)


async def _drain(response: httpx.Response) -> None:
    """Read a small unwanted body so the connection can be reused; give up on a big one."""
    length = response.headers.get("content-length", "")
    if not length.isdigit() or int(length) > _DRAIN_LIMIT:
        return
    try:
        async for _ in response.aiter_raw():
            pass
    except httpx.HTTPError:
        pass


def is_http(url: str) -> bool:
    return url[:8].lower().startswith(("http://", "https://"))


def make_client(
    s: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    trust_env: bool = True,
) -> httpx.AsyncClient:
    """The HTTP client of the fetcher (and of core.greader). With `trust_env`, as curl
    and newsboat do: the proxies in HTTP_PROXY / HTTPS_PROXY / ALL_PROXY (and the hosts
    NO_PROXY lists reached directly), and the CA certificates in SSL_CERT_FILE /
    SSL_CERT_DIR."""
    return httpx.AsyncClient(
        limits=httpx.Limits(
            max_connections=max(1, s.concurrency),
            max_keepalive_connections=max(1, s.concurrency),
        ),
        timeout=httpx.Timeout(
            connect=s.connect_timeout,
            read=s.read_timeout,
            write=s.connect_timeout,
            pool=s.total_timeout,
        ),
        headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=False,
        transport=transport,
        trust_env=trust_env,
    )


class Fetcher:
    """One HTTP client for many fetches. Use as `async with Fetcher(settings) as f:`."""

    def __init__(
        self, settings: Settings | None = None, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.settings = settings or Settings()
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._setup_error: str | None = None  # why no HTTP fetch can be made

    async def __aenter__(self) -> Fetcher:
        try:
            self._client = self._make_client(trust_env=True)
        except ImportError as exc:  # a SOCKS proxy in the environment, and no socksio
            self._client = self._make_client(trust_env=False)
            self._setup_error = f"proxy from the environment: {exc}"
        return self

    def _make_client(self, *, trust_env: bool) -> httpx.AsyncClient:
        return make_client(self.settings, transport=self._transport, trust_env=trust_env)

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- public ------------------------------------------------------------------
    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """Fetch a feed (http(s) URL, file: URL, path or demo:NAME). Never raises for
        network or file problems."""
        if not is_http(url):
            return await self._fetch_local(url)
        if self._client is None:
            raise RuntimeError("Fetcher used outside `async with`")
        if self._setup_error:
            return FetchResult(url, "error", error=self._setup_error)
        attempt = 0
        while True:
            result = await self._attempt(url, etag, last_modified)
            if result.retry_after is None or attempt >= self.settings.retries:
                return result
            # Retried only when the site named a short wait: a 429 / 503 without
            # Retry-After (or with a long one) goes to the store's backoff
            # (tidings.core.fetch_wait), not asked again within seconds.
            wait = retry_after_seconds(result.retry_after)
            if wait is None or wait > MAX_RETRY_WAIT:
                return result
            attempt += 1
            if wait > 0:
                await asyncio.sleep(wait)

    async def fetch_page(self, url: str) -> FetchResult:
        """Fetch an article's web page (same rules as feeds)."""
        return await self.fetch(url)

    # -- HTTP --------------------------------------------------------------------
    async def _attempt(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        """One try, following redirects."""
        try:
            return await self._follow(url, etag, last_modified)
        except FetchFailure as f:
            return FetchResult(url, "error", error=f.reason, http_status=f.http_status)

    async def _follow(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        assert self._client is not None
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        total = self.settings.total_timeout
        deadline: float | None = None  # starts once the first connection slot is ours
        current = url
        visited: set[str] = set()
        permanent: str | None = None
        only_permanent = True
        hops = 0
        while True:
            try:
                request = self._client.build_request("GET", current, headers=headers)
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
                raise FetchFailure(f"invalid URL: {str(exc)[:100]}") from None
            visited.add(str(request.url))
            host = request.url.host
            sem = self._hosts.get(host)
            if sem is None:
                sem = self._hosts[host] = asyncio.Semaphore(max(1, self.settings.per_host))
            async with sem:
                if deadline is None:
                    deadline = asyncio.get_running_loop().time() + total
                try:
                    async with asyncio.timeout_at(deadline):
                        outcome = await self._exchange(request, host, etag, last_modified)
                except TimeoutError:
                    raise FetchFailure(f"timed out after {secs(total)}") from None
            if isinstance(outcome, FetchResult):
                outcome.url = url
                outcome.final_url = current
                outcome.permanent_url = permanent
                return outcome
            code, location = outcome
            target = self._redirect_target(request.url, location, visited, hops)
            hops += 1
            if code in _PERMANENT and only_permanent:
                permanent = target
            else:
                only_permanent = False
            current = target

    async def _exchange(
        self, request: httpx.Request, host: str, etag: str | None, last_modified: str | None
    ) -> FetchResult | tuple[int, str]:
        """Send one request: a result, or (status, Location) for a redirect."""
        assert self._client is not None
        try:
            response = await self._client.send(request, stream=True)
        except Exception as exc:  # noqa: BLE001 - transports raise many kinds; none may escape
            raise FetchFailure(network_reason(exc, host, self.settings)) from None
        try:
            code = response.status_code
            if code in _REDIRECTS and response.headers.get("location"):
                await _drain(response)
                return code, response.headers["location"]
            result = FetchResult(
                str(request.url),
                "ok",
                content_type=response.headers.get("content-type"),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                http_status=code,
            )
            if code == 304:
                await _drain(response)
                result.status = "not_modified"
                result.etag = result.etag or etag
                result.last_modified = result.last_modified or last_modified
                return result
            if not 200 <= code < 300:
                await _drain(response)
                result.status = "error"
                result.error = f"HTTP {code} {response.reason_phrase or ''}".strip()
                if code == 410:  # a 404 may be a slip; a 410 is the site's word
                    result.error += " (the site took the feed down for good: unsubscribe)"
                elif code == 401:
                    result.error += (
                        " (the user name or password in the URL was refused)"
                        if request.url.username
                        else " (the feed needs a login: write USER:PASSWORD@ before the host in its URL)"
                    )
                if code in (429, 503):
                    result.retry_after = response.headers.get("retry-after", "")
                return result
            result.body = await self._read_body(response, host)
            return result
        finally:
            await response.aclose()

    def _redirect_target(self, base: httpx.URL, location: str, visited: set[str], hops: int) -> str:
        location = location.strip()
        try:
            target = base.join(location)
        except (httpx.InvalidURL, ValueError):
            raise FetchFailure(f"bad redirect location: {location[:100]}") from None
        if target.scheme not in ("http", "https"):
            raise FetchFailure(f"redirect to a non-HTTP URL refused: {location[:100]}")
        text = str(target)
        if text in visited:
            raise FetchFailure("redirect loop")
        if hops >= self.settings.max_redirects:
            raise FetchFailure(f"too many redirects (more than {self.settings.max_redirects})")
        return text

    async def _read_body(self, response: httpx.Response, host: str) -> bytes:
        cap = self.settings.max_bytes
        too_big = f"response larger than {human_size(cap)} (feeds.yaml's settings: max_bytes)"
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
            raise FetchFailure(f"unsupported content encoding {encoding[:30]}")
        length = response.headers.get("content-length", "")
        if encoding in ("identity", "") and length.isdigit() and int(length) > cap:
            raise FetchFailure(too_big)
        decoder = BodyDecoder(encoding)
        body = bytearray()
        try:
            async for raw in response.aiter_raw():
                body += decoder.decode(raw, cap + 1 - len(body))
                if len(body) > cap:
                    raise FetchFailure(too_big)
        except FetchFailure:
            raise
        except Exception as exc:  # noqa: BLE001
            raise FetchFailure(network_reason(exc, host, self.settings)) from None
        return bytes(body)

    # -- local sources -------------------------------------------------------------
    async def _fetch_local(self, url: str) -> FetchResult:
        return await asyncio.to_thread(read_local, url, self.settings.max_bytes)


def read_local(url: str, max_bytes: int) -> FetchResult:
    """Load a file: URL, a filesystem path or demo:NAME, with the size cap."""
    lower = url.lower()
    try:
        if lower.startswith("demo:"):
            name = url[5:]
            if not _DEMO_NAME_RE.match(name):
                raise FetchFailure(f"no demo feed named {name!r}")
            ref = resources.files("tidings.demo").joinpath(name)
            if not ref.is_file():
                raise FetchFailure(f"no demo feed named {name!r}")
            with ref.open("rb") as fh:
                body = fh.read(max_bytes + 1)
        else:
            if lower.startswith("file:"):
                parts = urlsplit(url)
                if parts.netloc not in ("", "localhost"):
                    raise FetchFailure(f"file URL on another host: {parts.netloc[:50]}")
                path = Path(unquote(parts.path))
            elif _SCHEME_RE.match(url) and not re.match(r"^[A-Za-z]:[\\/]", url):
                scheme = url.split(":", 1)[0]
                raise FetchFailure(f"unsupported URL scheme {scheme[:20]!r}")
            else:
                path = Path(url).expanduser()
            try:
                with path.open("rb") as fh:
                    body = fh.read(max_bytes + 1)
            except FileNotFoundError:
                raise FetchFailure(f"file not found: {path}") from None
            except IsADirectoryError:
                raise FetchFailure(f"{path} is a directory") from None
            except PermissionError:
                raise FetchFailure(f"permission denied: {path}") from None
            except OSError as exc:
                raise FetchFailure(f"cannot read {path}: {exc.strerror or exc}") from None
    except FetchFailure as f:
        return FetchResult(url, "error", error=f.reason)
    except (OSError, ModuleNotFoundError) as exc:
        return FetchResult(url, "error", error=f"cannot read {url}: {exc}")
    if len(body) > max_bytes:
        return FetchResult(url, "error", error=f"file larger than {human_size(max_bytes)}")
    ctype = "application/feed+json" if lower.endswith(".json") else None
    return FetchResult(url, "ok", body=body, content_type=ctype, final_url=url)
