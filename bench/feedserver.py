#!/usr/bin/env python3
"""Deterministic loopback feed server for benchmarks (127.0.0.1 only).

N feeds of M items each, mixed RSS 2.0 / Atom / JSON Feed, about 10% GBK-encoded
Chinese RSS, items with ~4 KB HTML bodies, ETag + Last-Modified with 304 support.
Bodies are generated up front and served from memory by a small asyncio HTTP/1.1
server with keep-alive, so the server is not the bottleneck.

    python bench/feedserver.py --feeds 1000 --items 50 --out /tmp/feeds [--port 0]

writes feeds.yaml, feeds.opml and a newsboat `urls` file (RSS/Atom only: newsboat
does not read JSON Feed) into --out, then serves until interrupted. It prints
`READY <port>` on stdout once listening. `GET /_change?pct=10` marks that share of
feeds changed (5 new items each, new ETag); `--changed PCT` does it at start.
`GET /_stats` returns {"requests", "not_modified"} counted since the previous /_stats.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import html
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

EN_WORDS = (
    "the of and to in is for on that with as by at from this news report city market "
    "government people year new said would could about after over more world week state "
    "water energy school court police data science health music film research border "
    "election company bank trade storm river mountain village train airport ministry"
).split()
ZH_CHARS = (
    "中国新闻经济市场政府城市人民今年表示发展国际合作科技教育医疗文化体育天气交通"
    "银行公司研究报告记者北京上海广州深圳香港台湾能源环境农业工业旅游安全法律改革"
)
NEW_PER_CHANGE = 5
BASE_TIME = 1_700_000_000  # fixed, so runs are reproducible


def _paragraphs(rng: random.Random, chinese: bool, count: int) -> list[str]:
    out = []
    for _ in range(count):
        if chinese:
            text = "".join(rng.choice(ZH_CHARS) for _ in range(160)) + "。"
        else:
            words = [rng.choice(EN_WORDS) for _ in range(80)]
            text = " ".join(words).capitalize() + "."
        out.append(f"<p>{text} <a href='https://example.org/{rng.randrange(10**6)}'>more</a></p>")
    return out


@dataclass
class Feed:
    index: int
    kind: str  # "rss", "atom", "json", "gbk"
    generation: int = 0
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""

    @property
    def path(self) -> str:
        ext = {"rss": "xml", "atom": "atom", "json": "json", "gbk": "xml"}[self.kind]
        return f"/feeds/{self.index}.{ext}"

    @property
    def content_type(self) -> str:
        return {
            "rss": "application/rss+xml; charset=utf-8",
            "atom": "application/atom+xml; charset=utf-8",
            "json": "application/feed+json",
            "gbk": "application/rss+xml; charset=GBK",
        }[self.kind]


class FeedSet:
    """All feeds and their current bodies."""

    def __init__(self, feeds: int, items: int, seed: int = 1) -> None:
        rng = random.Random(seed)
        self.items = items
        self.en = _paragraphs(rng, False, 300)
        self.zh = _paragraphs(rng, True, 300)
        self.feeds: list[Feed] = []
        for i in range(feeds):
            kind = "gbk" if i % 10 == 9 else ("rss", "atom", "json")[i % 3]
            feed = Feed(i, kind)
            self._render(feed)
            self.feeds.append(feed)
        self.by_path = {f.path: f for f in self.feeds}
        self._change_rng = random.Random(seed + 1)

    def change(self, pct: float) -> int:
        """Give `pct`% of the feeds (a deterministic choice) new items; return how many."""
        count = round(len(self.feeds) * pct / 100)
        for feed in self._change_rng.sample(self.feeds, count):
            feed.generation += 1
            self._render(feed)
        return count

    def _item(self, feed: Feed, n: int) -> tuple[str, str, str, int]:
        """(guid, title, html, unix time) of item number n of a feed."""
        chinese = feed.kind == "gbk"
        pool = self.zh if chinese else self.en
        k = feed.index * 7919 + n * 104729
        paras = [pool[(k + j * 31) % len(pool)] for j in range(8 if not chinese else 5)]
        if chinese:
            title = f"第{feed.index}号频道 第{n}条新闻 {ZH_CHARS[k % 40]}{ZH_CHARS[(k // 40) % 40]}"
        else:
            title = f"Feed {feed.index} story {n}: {EN_WORDS[k % len(EN_WORDS)]} report"
        body = f"<h2>{html.escape(title)}</h2>" + "".join(paras)
        return f"feed{feed.index}-item{n}", title, body, BASE_TIME + n * 3600

    def _render(self, feed: Feed) -> None:
        first = feed.generation * NEW_PER_CHANGE
        numbers = range(first + self.items - 1, first - 1, -1)  # newest first
        items = [self._item(feed, n) for n in numbers]
        stamp = BASE_TIME + (first + self.items) * 3600
        feed.last_modified = email.utils.formatdate(stamp, usegmt=True)
        feed.etag = f'"f{feed.index}-g{feed.generation}"'
        site = f"https://example.org/site{feed.index}/"
        if feed.kind == "json":
            doc = {
                "version": "https://jsonfeed.org/version/1.1",
                "title": f"JSON feed {feed.index}",
                "home_page_url": site,
                "items": [
                    {
                        "id": guid,
                        "url": f"{site}{guid}",
                        "title": title,
                        "content_html": body,
                        "date_published": _iso(t),
                    }
                    for guid, title, body, t in items
                ],
            }
            feed.body = json.dumps(doc, ensure_ascii=False).encode()
            return
        if feed.kind == "atom":
            entries = "".join(
                f"<entry><title>{html.escape(title)}</title><link href='{site}{guid}'/>"
                f"<id>urn:{guid}</id><updated>{_iso(t)}</updated>"
                f"<content type='html'>{html.escape(body)}</content></entry>"
                for guid, title, body, t in items
            )
            doc = (
                "<?xml version='1.0' encoding='utf-8'?>"
                "<feed xmlns='http://www.w3.org/2005/Atom'>"
                f"<title>Atom feed {feed.index}</title><link href='{site}'/>"
                f"<id>urn:feed{feed.index}</id><updated>{_iso(stamp)}</updated>"
                f"{entries}</feed>"
            )
            feed.body = doc.encode()
            return
        encoding = "GBK" if feed.kind == "gbk" else "utf-8"
        title = f"中文频道 {feed.index}" if feed.kind == "gbk" else f"RSS feed {feed.index}"
        entries = "".join(
            f"<item><title>{html.escape(t_)}</title><link>{site}{guid}</link>"
            f"<guid isPermaLink='false'>{guid}</guid>"
            f"<pubDate>{email.utils.formatdate(t, usegmt=True)}</pubDate>"
            f"<description><![CDATA[{body}]]></description></item>"
            for guid, t_, body, t in items
        )
        doc = (
            f"<?xml version='1.0' encoding='{encoding}'?><rss version='2.0'><channel>"
            f"<title>{title}</title><link>{site}</link><description>bench</description>"
            f"{entries}</channel></rss>"
        )
        feed.body = doc.encode(encoding)

    def write_lists(self, out: Path, base: str) -> None:
        """feeds.yaml (all), feeds.opml (all) and urls (RSS/Atom, for newsboat)."""
        out.mkdir(parents=True, exist_ok=True)
        urls = [base + f.path for f in self.feeds]
        yaml_lines = ["feeds:"] + [f"  - {u}" for u in urls]
        (out / "feeds.yaml").write_text("\n".join(yaml_lines) + "\n", encoding="utf-8")
        outlines = "".join(
            f'    <outline type="rss" text="feed {f.index}" xmlUrl="{base}{f.path}"/>\n'
            for f in self.feeds
        )
        (out / "feeds.opml").write_text(
            '<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0"><head>'
            f"<title>bench</title></head><body>\n{outlines}</body></opml>\n",
            encoding="utf-8",
        )
        xml_urls = [base + f.path for f in self.feeds if f.kind != "json"]
        (out / "urls").write_text("\n".join(xml_urls) + "\n", encoding="utf-8")
        (out / "urls-all").write_text("\n".join(urls) + "\n", encoding="utf-8")


def _iso(t: int) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Server:
    """A minimal HTTP/1.1 server (GET only, keep-alive) over a FeedSet."""

    def __init__(self, feeds: FeedSet, latency: float = 0.0) -> None:
        self.feeds = feeds
        self.latency = latency
        self.requests = 0
        self.not_modified = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                parts = lines[0].split(" ")
                target = parts[1] if len(parts) > 1 else "/"
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                if self.latency:
                    await asyncio.sleep(self.latency)
                writer.write(self.respond(target, headers))
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def respond(self, target: str, headers: dict[str, str]) -> bytes:
        parts = urlsplit(target)
        if parts.path == "/_stats":  # counts since the last /_stats
            body = json.dumps({"requests": self.requests, "not_modified": self.not_modified})
            self.requests = self.not_modified = 0
            return _response(200, "OK", {"Content-Type": "application/json"}, body.encode())
        if parts.path == "/_change":
            pct = float(parse_qs(parts.query).get("pct", ["10"])[0])
            body = f"{self.feeds.change(pct)}\n".encode()
            return _response(200, "OK", {"Content-Type": "text/plain"}, body)
        self.requests += 1
        feed = self.feeds.by_path.get(parts.path)
        if feed is None:
            return _response(404, "Not Found", {"Content-Type": "text/plain"}, b"not found\n")
        validators = {"ETag": feed.etag, "Last-Modified": feed.last_modified}
        inm = headers.get("if-none-match")
        ims = headers.get("if-modified-since")
        if (inm is not None and inm == feed.etag) or (
            inm is None and ims is not None and ims == feed.last_modified
        ):
            self.not_modified += 1
            return _response(304, "Not Modified", validators, b"")
        return _response(200, "OK", {"Content-Type": feed.content_type, **validators}, feed.body)


def _response(code: int, reason: str, headers: dict[str, str], body: bytes) -> bytes:
    head = [f"HTTP/1.1 {code} {reason}", f"Content-Length: {len(body)}"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


async def serve(feeds: FeedSet, port: int, latency: float, out: Path | None) -> None:
    server = Server(feeds, latency)
    srv = await asyncio.start_server(server.handle, "127.0.0.1", port, backlog=1024)
    real_port = srv.sockets[0].getsockname()[1]
    if out is not None:
        feeds.write_lists(out, f"http://127.0.0.1:{real_port}")
    print(f"READY {real_port}", flush=True)
    async with srv:
        await srv.serve_forever()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--feeds", "-n", type=int, default=1000)
    p.add_argument("--items", "-m", type=int, default=50)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--out", type=Path, default=None, help="write feeds.yaml, feeds.opml, urls")
    p.add_argument("--changed", type=float, default=0.0, help="percent of feeds changed at start")
    p.add_argument("--latency", type=float, default=0.0, help="seconds added to each response")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    feeds = FeedSet(args.feeds, args.items, args.seed)
    if args.changed:
        feeds.change(args.changed)
    try:
        asyncio.run(serve(feeds, args.port, args.latency, args.out))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
