"""A client of the Google Reader API, as FreshRSS (https://HOST/api/greader.php),
Miniflux (https://HOST/) and The Old Reader speak it: log in, list the
subscriptions, subscribe and unsubscribe, page through the items (all of them or one
feed's), and tag items read / starred.

It knows nothing of the store (core.source_sync puts what it gets there). Every
failure is a GReaderError whose str() says what went wrong and what to do; a
refused login is a LoginRefused. Answers are capped in size like feeds
(settings.max_bytes); no text of theirs is trusted (the store and renderer clean it).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx

from tidings.core.fetch import make_client
from tidings.core.fetch_errors import human_size, network_reason, secs
from tidings.core.models import Settings
from tidings.core.sanitize import clean_line

READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING_LIST = "user/-/state/com.google/reading-list"
PAGE_ITEMS = 1000  # items asked for per page (n=)
MAX_PAGES = 200  # pages of one pull at most (a server that never ends its continuation)
EDIT_CHUNK = 100  # item ids per edit-tag request
PAGE_IDS = 10_000  # item ids asked for per page
_LONG_ID = "tag:google.com,2005:reader/item/"


def item_number(item_id: object) -> int | None:
    """An item id as its number: the long form (tag:google.com,2005:reader/item/HEX)
    and the short one (decimal) of the same item are the same number."""
    if not isinstance(item_id, str | int):
        return None
    text = str(item_id)
    try:
        if text.startswith(_LONG_ID):
            return int(text[len(_LONG_ID) :], 16)
        return int(text)
    except ValueError:
        return None


class GReaderError(Exception):
    """The server could not be used; str() says why and what to do."""


class LoginRefused(GReaderError):
    """The server refused the user name or password (or the token expired)."""


class SubscribeRefused(GReaderError):
    """The server would not subscribe or unsubscribe (not a feed, not subscribed...)."""


@dataclass(frozen=True)
class Subscription:
    id: str  # "feed/URL" (FreshRSS), "feed/42" (Miniflux)
    title: str
    url: str | None  # the feed's own address, when the server says
    site: str | None  # htmlUrl
    category: str | None  # the first of its categories' labels


@dataclass
class Page:
    items: list[dict[str, Any]] = field(default_factory=list)
    continuation: str | None = None


def _not_the_api(what: str, kind: str, body: bytes) -> GReaderError:
    looks = "HTML" if b"<" in body[:200] or "html" in kind else "something else"
    return GReaderError(
        f"the server answered {what} with {looks}, not the Google Reader API: check"
        " source.url (FreshRSS: https://HOST/api/greader.php, with API access allowed;"
        " Miniflux: https://HOST/ with its Google Reader integration on)"
    )


class GReaderClient:
    """`async with GReaderClient(base_url, settings) as client:` then login()."""

    def __init__(
        self,
        base_url: str,
        settings: Settings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base = base_url.rstrip("/")
        self.settings = settings or Settings()
        self.host = urlsplit(base_url).hostname or base_url
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._auth: str | None = None
        self._token: str | None = None

    async def __aenter__(self) -> GReaderClient:
        try:
            self._client = make_client(self.settings, transport=self._transport)
        except ImportError:  # a SOCKS proxy in the environment, and no socksio
            self._client = make_client(self.settings, transport=self._transport, trust_env=False)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- requests ------------------------------------------------------------------
    async def _request(
        self, method: str, path: str, *, params: Any = None, form: str | None = None
    ) -> tuple[int, str, bytes]:
        """(status, content type, body) of one request; `form`: a urlencoded body."""
        assert self._client is not None, "use `async with GReaderClient(...)`"
        headers = {"Authorization": f"GoogleLogin auth={self._auth}"} if self._auth else {}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        url = self.base + path
        try:
            return await asyncio.wait_for(
                self._exchange(method, url, params, form, headers), self.settings.total_timeout
            )
        except TimeoutError:
            raise GReaderError(
                f"no answer within {secs(self.settings.total_timeout)} (settings: total_timeout)"
            ) from None
        except httpx.HTTPError as exc:
            reason = network_reason(exc, self.host, self.settings)
            raise GReaderError(f"{reason} (is the server up, and source.url right?)") from None

    async def _exchange(
        self, method: str, url: str, params: Any, form: str | None, headers: dict[str, str]
    ) -> tuple[int, str, bytes]:
        assert self._client is not None
        cap = self.settings.max_bytes
        request = self._client.build_request(
            method, url, params=params, content=form, headers=headers
        )
        response = await self._client.send(request, stream=True)
        try:
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > cap:
                    raise GReaderError(
                        f"answer larger than {human_size(cap)} (settings: max_bytes)"
                    )
        finally:
            await response.aclose()
        return response.status_code, response.headers.get("content-type", ""), bytes(body)

    def _check(self, status: int, what: str) -> None:
        if status in (401, 403):
            raise LoginRefused(
                f"the server refused {what} ({status}): check"
                " source.user and the password (FreshRSS: the API password of your profile,"
                " with API access allowed; Miniflux: the Google Reader integration's)"
            )
        if status >= 300:
            advice = " (check source.url)" if status in (301, 302, 404, 405) else ""
            raise GReaderError(f"HTTP {status} for {what}{advice}")

    async def _json(self, path: str, params: Any, what: str) -> dict[str, Any]:
        status, kind, body = await self._request("GET", path, params=params)
        self._check(status, what)
        return _object(what, kind, body)

    # -- the API -------------------------------------------------------------------
    async def login(self, user: str, password: str) -> None:
        """POST /accounts/ClientLogin; keeps the Auth token for the other calls."""
        status, kind, body = await self._request(
            "POST", "/accounts/ClientLogin", form=urlencode({"Email": user, "Passwd": password})
        )
        self._check(status, "the login")
        for line in body.decode("utf-8", "replace").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "Auth" and value.strip():
                self._auth = value.strip()
                return
        raise _not_the_api("the login", kind, body)

    async def subscriptions(self) -> list[Subscription]:
        data = await self._json(
            "/reader/api/0/subscription/list", {"output": "json"}, "the subscription list"
        )
        out = []
        for sub in data.get("subscriptions") or []:
            if not isinstance(sub, dict) or not isinstance(sub.get("id"), str):
                continue
            sid = sub["id"]
            url = sub.get("url") if isinstance(sub.get("url"), str) else None
            if url is None and sid.startswith("feed/") and "://" in sid:
                url = sid[5:]
            labels = [c.get("label") for c in sub.get("categories") or [] if isinstance(c, dict)]
            label = next((clean_line(x) for x in labels if isinstance(x, str) and x), None)
            site = sub.get("htmlUrl")
            out.append(
                Subscription(
                    id=sid,
                    title=clean_line(str(sub.get("title") or "")) or (url or sid),
                    url=url,
                    site=site if isinstance(site, str) else None,
                    category=label,
                )
            )
        return out

    async def items(
        self,
        *,
        since: int | None = None,
        continuation: str | None = None,
        stream: str = READING_LIST,
    ) -> Page:
        """One page of the reading list (or of the feed `stream`, "feed/..."), newest
        first; `since`: only items newer than these unix seconds (ot=)."""
        params: dict[str, str | int] = {"output": "json", "n": PAGE_ITEMS}
        if since:
            params["ot"] = since
        if continuation:
            params["c"] = continuation
        data = await self._json(
            "/reader/api/0/stream/contents/" + _stream_path(stream), params, "the items"
        )
        items = [i for i in data.get("items") or [] if isinstance(i, dict)]
        more = data.get("continuation")
        return Page(items, more if isinstance(more, str) and more else None)

    async def item_ids(self, stream: str, *, exclude: str | None = None) -> set[int] | None:
        """The ids (as numbers: item_number) of the items of `stream` (READING_LIST,
        STARRED) without the tag `exclude`; None when there are more than MAX_PAGES
        pages of them."""
        ids: set[int] = set()
        continuation: str | None = None
        for _ in range(MAX_PAGES):
            params: dict[str, str | int] = {"output": "json", "s": stream, "n": PAGE_IDS}
            if exclude:
                params["xt"] = exclude
            if continuation:
                params["c"] = continuation
            data = await self._json("/reader/api/0/stream/items/ids", params, "the item ids")
            for ref in data.get("itemRefs") or []:
                number = item_number(ref.get("id")) if isinstance(ref, dict) else None
                if number is not None:
                    ids.add(number)
            more = data.get("continuation")
            if not (isinstance(more, str) and more):
                return ids
            continuation = more
        return None

    async def edit_tag(
        self, ids: Sequence[str], *, add: str | None = None, remove: str | None = None
    ) -> None:
        """Tag the items `ids` with `add` or untag them of `remove` (READ, STARRED)."""
        for start in range(0, len(ids), EDIT_CHUNK):
            data: list[tuple[str, str]] = [("i", i) for i in ids[start : start + EDIT_CHUNK]]
            if add:
                data.append(("a", add))
            if remove:
                data.append(("r", remove))
            await self._post("/reader/api/0/edit-tag", data, "marking items read / starred")

    async def _post(
        self, path: str, data: list[tuple[str, str]], what: str, params: Any = None
    ) -> tuple[int, str, bytes]:
        """An edit (POST, with the edit token); (status, content type, body), a refused
        login or token raised. A 400 is left to the caller (the server refused the edit)."""
        if self._token is None:
            status, _kind, body = await self._request("GET", "/reader/api/0/token")
            self._check(status, "the edit token")
            self._token = body.decode("utf-8", "replace").strip()
        form = urlencode([*data, ("T", self._token)])
        status, kind, body = await self._request("POST", path, params=params, form=form)
        if status != 400:
            self._check(status, what)
        return status, kind, body

    async def quickadd(self, url: str) -> str:
        """Subscribe to the feed at `url` (the server finds a site's feed itself, as on
        its own web page); the new feed's stream id ("feed/...")."""
        what = f"subscribing to {clean_line(url)[:200]}"
        # in the query and the form both: FreshRSS reads it from either (older
        # versions the query only), Miniflux from either
        status, kind, body = await self._post(
            "/reader/api/0/subscription/quickadd", [("quickadd", url)], what, {"quickadd": url}
        )
        if status == 400:
            raise SubscribeRefused(f"the server refused {what} (HTTP 400)")
        data = _object(what, kind, body)
        stream = data.get("streamId")
        if not data.get("numResults") or not isinstance(stream, str | int) or stream == "":
            said = data.get("error")
            said = f": {clean_line(str(said))[:200]}" if said else ""
            raise SubscribeRefused(f"the server could not subscribe to {clean_line(url)}{said}")
        stream = str(stream)  # FreshRSS before 1.20: the number alone
        return stream if stream.startswith("feed/") else f"feed/{stream}"

    async def subscribe(
        self, url: str, *, title: str | None = None, label: str | None = None
    ) -> None:
        """Subscribe to the feed at `url` (its own address) by subscription/edit, named
        `title`, in the category `label` (made if need be)."""
        data = [("s", f"feed/{url}"), ("ac", "subscribe")]
        if title:
            data.append(("t", title))
        if label:
            data.append(("a", f"user/-/label/{label}"))
        what = f"subscribing to {clean_line(url)[:200]}"
        status, _kind, _body = await self._post("/reader/api/0/subscription/edit", data, what)
        if status == 400:
            raise SubscribeRefused(
                f"the server refused {what} (HTTP 400): is it a feed's own address?"
            )

    async def unsubscribe(self, stream: str) -> None:
        """Unsubscribe from the feed `stream` ("feed/...")."""
        what = f"unsubscribing from {clean_line(stream)[:200]}"
        data = [("s", stream), ("ac", "unsubscribe")]
        status, _kind, _body = await self._post("/reader/api/0/subscription/edit", data, what)
        if status == 400:
            raise SubscribeRefused(f"the server refused {what} (HTTP 400)")


def _object(what: str, kind: str, body: bytes) -> dict[str, Any]:
    """The JSON object of an answer."""
    try:
        data = json.loads(body)
    except ValueError:
        raise _not_the_api(what, kind, body) from None
    if not isinstance(data, dict):
        raise GReaderError(f"{what}: unexpected JSON (not an object)")
    return data


def _stream_path(stream: str) -> str:
    """A stream id in a path: a feed's id ("feed/URL", "feed/42") as "feed/" and the
    rest escaped whole (FreshRSS reads it so), the reading list as it is."""
    if stream.startswith("feed/"):
        return "feed/" + quote(stream[5:], safe="")
    return stream
