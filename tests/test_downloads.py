"""Downloading enclosures (core.downloads, core.download_queue): against a loopback
server the test starts. A file's name, a name clash, hostile names, a download that
stops halfway and goes on, a server that lies, a disk that fills, several at once."""

from __future__ import annotations

import asyncio
import errno
import threading
from collections import namedtuple
from pathlib import Path

import pytest

from tests.fileserver import FileServer
from tidings.core import download_records, downloads
from tidings.core.download_names import is_media, pick_enclosure, safe_name
from tidings.core.download_queue import DownloadQueue, job_for
from tidings.core.downloads import DownloadJob, Outcome, Progress, download, make_client
from tidings.core.models import Enclosure, FeedSpec, ParsedEntry, ParsedFeed, Settings
from tidings.core.store import Store

BODY = bytes(range(256)) * 400  # 102,400 bytes
SETTINGS = Settings(read_timeout=10)
FEED = "https://pod.example/feed.xml"


@pytest.fixture
def server():
    with FileServer() as started:
        yield started


def run(job: DownloadJob, **kw) -> tuple[Outcome, list[Progress], list[Path]]:
    progress: list[Progress] = []
    parts: list[Path] = []

    async def go() -> Outcome:
        async with make_client(SETTINGS) as client:
            return await download(
                client, job, SETTINGS, on_progress=progress.append, on_part=parts.append, **kw
            )

    return asyncio.run(go()), progress, parts


def files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_a_download_gets_the_last_part_of_the_url_as_its_name(server, tmp_path):
    url = server.add("/shows/episode-12.mp3", BODY)
    outcome, progress, parts = run(DownloadJob(1, url, tmp_path / "pods"))
    assert outcome.state == "done" and outcome.error is None
    assert outcome.path == tmp_path / "pods" / "episode-12.mp3"
    assert outcome.path.read_bytes() == BODY and outcome.size == len(BODY)
    assert files(tmp_path / "pods") == ["episode-12.mp3"]  # the .part file renamed
    assert parts == [tmp_path / "pods" / "episode-12.mp3.part"]
    assert progress[0].done == 0 and progress[-1].done == len(BODY)
    assert progress[-1].describe() == "episode-12.mp3: 100% of 102 KB"
    assert Progress(progress[0].job, "x.mp3", 34, 100).describe() == "x.mp3: 34% of 100 bytes"
    assert server.requests[0][1]["user-agent"] == SETTINGS.user_agent


def test_a_name_taken_by_another_file_gets_a_number(server, tmp_path):
    (tmp_path / "episode-12.mp3").write_bytes(b"mine")
    (tmp_path / "episode-12 (2).mp3.part").write_bytes(b"someone else's")
    url = server.add("/episode-12.mp3", BODY)
    outcome, _, _ = run(DownloadJob(1, url, tmp_path))
    assert outcome.path == tmp_path / "episode-12 (3).mp3"
    assert (tmp_path / "episode-12.mp3").read_bytes() == b"mine"
    assert (tmp_path / "episode-12 (2).mp3.part").read_bytes() == b"someone else's"


def test_content_disposition_names_the_file(server, tmp_path):
    url = server.add(
        "/download?id=12",
        BODY,
        headers={
            "Content-Disposition": "attachment; filename*=UTF-8''%E5%8F%B0%E9%A3%8E%20%E7%AC%AC12%E9%9B%86.mp3; filename=\"x.mp3\""
        },
    )
    outcome, _, _ = run(DownloadJob(1, url, tmp_path))
    assert files(tmp_path) == ["台风 第12集.mp3"]
    # No name anywhere: one from the content type.
    url = server.add("/", BODY, content_type="audio/mpeg")
    outcome, _, _ = run(DownloadJob(1, url, tmp_path))
    assert outcome.path is not None and outcome.path.name == "episode.mp3"


@pytest.mark.parametrize(
    "disposition, expected",
    [
        ('attachment; filename="../../etc/passwd"', "passwd.mp3"),
        ("attachment; filename*=UTF-8''..%2F..%2F.bashrc", "bashrc.mp3"),
        ("attachment; filename*=UTF-8''ep%1B%5D2%3Bpwned%07%0A%0D12.mp3", "ep 12.mp3"),
        ('attachment; filename="..\\\\..\\\\win.ini"', "win.ini"),
        ('attachment; filename="-rf"', "rf.mp3"),
        ("attachment; filename*=UTF-8''" + "%E9%95%BF" * 200 + ".mp3", "长" * 58 + ".mp3"),
    ],
)
def test_a_hostile_name_stays_in_the_download_dir(server, tmp_path, disposition, expected):
    url = server.add("/ep", BODY, headers={"Content-Disposition": disposition})
    directory = tmp_path / "pods"
    outcome, _, _ = run(DownloadJob(1, url, directory))
    assert outcome.state == "done"
    assert files(directory) == [expected]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pods"]  # nothing outside
    assert len(expected.encode()) <= 180


def test_a_hostile_url_path_and_control_characters(server, tmp_path):
    url = server.add("/..%2F..%2Fetc%2Fpasswd", BODY)
    run(DownloadJob(1, url, tmp_path))
    url = server.add("/%1B%5B2J%2E%2Ehidden%09.mp3", BODY)
    run(DownloadJob(1, url, tmp_path))
    assert files(tmp_path) == ["hidden.mp3", "passwd.mp3"]
    assert safe_name("..") == "episode" and safe_name("\x00\x1f") == "episode"


def test_a_download_stopped_halfway_goes_on_where_it_stopped(server, tmp_path, monkeypatch):
    url = server.add("/ep.mp3", BODY, ranges=True, stall_after=40_000)
    job = DownloadJob(1, url, tmp_path)
    parts: list[Path] = []
    monkeypatch.setattr(downloads, "PROGRESS_EVERY", 0)  # every chunk reported

    async def stopped() -> None:  # as Q does: the task is cancelled mid-body
        some = asyncio.Event()

        def progress(p: Progress) -> None:
            if p.done:
                some.set()

        async with make_client(SETTINGS) as client:
            task = asyncio.ensure_future(
                download(client, job, SETTINGS, on_progress=progress, on_part=parts.append)
            )
            await some.wait()  # bytes are on the disk
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(stopped())
    part = tmp_path / "ep.mp3.part"
    assert parts == [part] and files(tmp_path) == ["ep.mp3.part"]
    kept = part.stat().st_size
    assert 0 < kept <= 40_000
    monkeypatch.undo()
    server.release.set()
    outcome, progress, _ = run(DownloadJob(1, url, tmp_path, part=part))
    assert outcome.state == "done" and outcome.path == tmp_path / "ep.mp3"
    assert outcome.path.read_bytes() == BODY and files(tmp_path) == ["ep.mp3"]
    assert server.ranges_asked("/ep.mp3") == [None, f"bytes={kept}-"]
    assert progress[0].done == kept and progress[0].total == len(BODY)


def test_a_server_without_ranges_sends_the_whole_file_again(server, tmp_path):
    part = tmp_path / "ep.mp3.part"
    part.write_bytes(b"\xff" * 5000)  # not what the server has: must not stay
    url = server.add("/ep.mp3", BODY)
    outcome, _, _ = run(DownloadJob(1, url, tmp_path, part=part))
    assert outcome.state == "done" and outcome.path.read_bytes() == BODY
    assert server.ranges_asked("/ep.mp3") == ["bytes=5000-"]
    assert files(tmp_path) == ["ep.mp3"]


def test_a_part_that_is_whole_already_is_done(server, tmp_path):
    part = tmp_path / "ep.mp3.part"
    part.write_bytes(BODY)
    url = server.add("/ep.mp3", BODY, ranges=True)
    outcome, _, _ = run(DownloadJob(1, url, tmp_path, part=part))
    assert outcome.state == "done" and files(tmp_path) == ["ep.mp3"]


def test_a_server_that_sends_less_than_it_announced(server, tmp_path):
    url = server.add("/ep.mp3", BODY, length=len(BODY) + 50_000, ranges=True)
    outcome, _, _ = run(DownloadJob(1, url, tmp_path))
    assert outcome.state == "failed"
    assert outcome.path == tmp_path / "ep.mp3.part" and outcome.size == len(BODY)
    assert not (tmp_path / "ep.mp3").exists()  # never taken for the whole file
    assert outcome.error  # the connection closed early, or less came than announced


def test_an_http_error_leaves_nothing(server, tmp_path):
    url = server.add("/gone.mp3", status=404)
    outcome, _, _ = run(DownloadJob(1, url, tmp_path))
    assert outcome.state == "failed" and outcome.error == "HTTP 404 Not Found"
    assert outcome.path is None and files(tmp_path) == []


def test_no_room_on_the_disk_is_said_before_downloading(server, tmp_path, monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(downloads.shutil, "disk_usage", lambda _p: usage(10**9, 10**9, 10_000))
    url = server.add("/ep.mp3", BODY)
    outcome, _, _ = run(DownloadJob(1, url, tmp_path))
    assert outcome.state == "failed" and outcome.path is None
    assert outcome.error.startswith(f"not enough space in {tmp_path}: the file needs 102 KB")
    assert files(tmp_path) == []


def test_a_disk_that_fills_stops_the_download(server, tmp_path, monkeypatch):
    write = downloads._write

    class FullDisk:
        def write(self, chunk: bytes) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            pass

    monkeypatch.setattr(
        downloads, "_write", lambda out, chunk, part: write(FullDisk(), chunk, part)
    )
    url = server.add("/ep.mp3", BODY)
    outcome, _, _ = run(DownloadJob(1, url, tmp_path))
    assert outcome.state == "failed" and outcome.path is None
    assert outcome.error == f"the disk holding {tmp_path} is full; the partial file was deleted"
    assert files(tmp_path) == []


def test_the_episode_is_the_first_audio_or_video_enclosure():
    cover = Enclosure("https://x/cover.jpg", "image/jpeg")
    mp3 = Enclosure("https://x/ep.mp3", "audio/mpeg")
    m4a = Enclosure("https://x/ep.m4a", "audio/mp4")
    untyped = Enclosure("https://x/ep.opus?x=1")
    assert pick_enclosure([cover, mp3, m4a]) == mp3
    assert pick_enclosure([cover]) is None
    assert is_media(untyped) and not is_media(Enclosure("https://x/a.pdf"))


# -- the queue: several at once, remembered in the store ------------------------------------


def podcast_store(path: Path, urls: list[str]) -> list[int]:
    spec = FeedSpec(FEED)
    with Store.open(path) as store:
        store.sync_feeds([spec])
        entries = [
            ParsedEntry(
                id=f"e{n}",
                title=f"Episode {n}",
                link=f"https://pod.example/{n}",
                enclosures=[Enclosure(u, "audio/mpeg", len(BODY))],
            )
            for n, u in enumerate(urls)
        ]
        store.record_fetch(FEED, parsed=ParsedFeed(title="Pod", entries=entries))
        return [a.id for a in store.list_articles(store_view(), 0, 100)]


def store_view():
    from tidings.core.models import View

    return View(oldest_first=True)


def test_the_queue_downloads_a_few_at_once_and_the_store_remembers(server, tmp_path):
    urls = [server.add(f"/ep{n}.mp3", BODY, stall_after=1000) for n in range(3)]
    db = tmp_path / "t.db"
    ids = podcast_store(db, urls)
    settings = Settings(max_downloads=2, download_dir=str(tmp_path / "pods"), read_timeout=10)
    events: list[object] = []
    lock = threading.Lock()

    def seen(event):
        with lock:
            events.append(event)

    queue = DownloadQueue(db, settings, seen)
    with Store.open(db) as store:
        articles = [store.get_article(i) for i in ids]
    for article in articles:
        assert queue.submit(job_for(article, article.enclosures[0], settings))
    assert not queue.submit(job_for(articles[0], articles[0].enclosures[0], settings))
    assert server.stalled.acquire(timeout=10) and server.stalled.acquire(timeout=10)
    snap = queue.snapshot()
    assert len(snap.running) == 2 and snap.waiting == 1
    assert len(server.requests) == 2  # the third waits its turn
    server.release.set()  # the stalled bodies end short: they fail, .part kept
    queue.join()
    for path in ("/ep0.mp3", "/ep1.mp3", "/ep2.mp3"):
        server.files[path].stall_after = None
        server.files[path].ranges = True
    with Store.open(db) as store:
        articles = [store.get_article(i) for i in ids]
    assert all(a.enclosures[0].partial for a in articles)
    for article in articles:
        assert queue.submit(job_for(article, article.enclosures[0], settings))
    queue.join()
    queue.close()
    with Store.open(db) as store:
        done = [store.get_article(i).enclosures[0] for i in ids]
        records = download_records.all_records(store)
    pods = tmp_path / "pods"
    assert [e.downloaded for e in done] == [str(pods / f"ep{n}.mp3") for n in range(3)]
    assert not any(e.partial for e in done)
    assert files(pods) == ["ep0.mp3", "ep1.mp3", "ep2.mp3"]
    assert all((pods / f"ep{n}.mp3").read_bytes() == BODY for n in range(3))
    assert {r.title for r in records} == {"Episode 0", "Episode 1", "Episode 2"}
    assert all(r.done and r.size == len(BODY) for r in records)
    outcomes = [e for e in events if isinstance(e, Outcome)]
    assert [o.state for o in outcomes].count("done") == 3


def test_closing_the_queue_stops_downloads_and_keeps_their_parts(server, tmp_path):
    url = server.add("/ep.mp3", BODY, stall_after=1000)
    db = tmp_path / "t.db"
    (article_id,) = podcast_store(db, [url])
    settings = Settings(download_dir=str(tmp_path / "pods"))
    events: list[object] = []
    started = threading.Event()  # its .part file is made and remembered

    def seen(event: object) -> None:
        events.append(event)
        if isinstance(event, Progress):
            started.set()

    queue = DownloadQueue(db, settings, seen)
    with Store.open(db) as store:
        article = store.get_article(article_id)
    queue.submit(job_for(article, article.enclosures[0], settings))
    assert started.wait(10)
    queue.close()  # as the reader's Q
    assert queue.pending() == 0
    assert isinstance(events[-1], Outcome) and events[-1].state == "stopped"
    with Store.open(db) as store:
        enclosure = store.get_article(article_id).enclosures[0]
    assert enclosure.partial and enclosure.downloaded == str(tmp_path / "pods" / "ep.mp3.part")
    assert Path(enclosure.downloaded).exists()


# -- the store: schema 10, old databases, articles deleted ------------------------------------


def test_a_schema_9_database_gains_the_downloads_table(tmp_path, monkeypatch):
    from tidings.core import schema

    db = tmp_path / "old.db"
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 9)
    with Store.open(db) as store:
        store.sync_feeds([FeedSpec(FEED)])
        entry = ParsedEntry(id="e", title="Episode", enclosures=[Enclosure("https://x/e.mp3")])
        store.record_fetch(FEED, parsed=ParsedFeed(title="Pod", entries=[entry]))
        assert "downloads" not in {
            r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")
        }
    monkeypatch.undo()
    with Store.open(db) as store:
        assert (
            store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 10
        )
        (article,) = [store.get_article(a.id) for a in store.list_articles(store_view())]
        assert article.title == "Episode" and article.enclosures[0].downloaded is None
        download_records.record_done(store, article.id, "https://x/e.mp3", "/pods/e.mp3", 10)
        assert store.get_article(article.id).enclosures[0].downloaded == "/pods/e.mp3"
        # An article deleted (retention, remove --purge) takes its record with it.
        with store._transaction() as conn:
            conn.execute("DELETE FROM articles WHERE id = ?", (article.id,))
        assert download_records.all_records(store) == []


def test_the_podcast_settings_in_feeds_yaml(tmp_path):
    from tidings.core.config import ConfigError, load_config

    path = tmp_path / "feeds.yaml"
    path.write_text(
        "settings:\n  download_dir: pods\n  player: mpv --no-video\n  max_downloads: 4\n"
        "  download: true\nfeeds:\n  - url: https://pod.example/feed.xml\n    download: false\n"
        "  - https://news.example/feed.xml\n"
    )
    config = load_config(path)
    s = config.settings
    assert (s.download_dir, s.player, s.max_downloads, s.download) == (
        str(tmp_path / "pods"), "mpv --no-video", 4, True,
    )  # fmt: skip
    assert [f.download for f in config.feeds] == [False, None]
    path.write_text(
        "settings:\n  player: mpv | tee log\n  max_downloads: 0\nfeeds:\n"
        "  - url: https://pod.example/feed.xml\n    download: yes please\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).splitlines() == [
        f"{path}:2: settings.player: '|': no shell runs it; for one write sh -c '…'",
        f"{path}:3: settings.max_downloads: 0 is out of range; expected 1 to 16",
        f"{path}:6: feeds[0].download: expected true or false, got 'yes please'",
    ]
