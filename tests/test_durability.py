"""Durability: kill -9 during a refresh, a cron fetch beside the open reader, a corrupt or
foreign database file, a full disk and an unwritable directory."""

from __future__ import annotations

import hashlib
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.feedserver import feed_server  # noqa: F401
from tidings import cli
from tidings.core import database
from tidings.core.config import load_config
from tidings.core.models import FeedSpec, Settings, View
from tidings.core.refresh import refresh
from tidings.core.store import Store, StoreError

ROOT = Path(__file__).resolve().parents[1]
KILLS = 20


def _start_bench_server(out: Path, feeds: int, items: int) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "bench" / "feedserver.py"),
            "--feeds",
            str(feeds),
            "--items",
            str(items),
            "--out",
            str(out),
            "--latency",
            "0.002",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    assert ready, "the bench feed server did not start"
    line = proc.stdout.readline().decode()
    assert line.startswith("READY"), line
    return proc, int(line.split()[1])


def _states(db: Path) -> dict[int, tuple[int, int]]:
    conn = sqlite3.connect(db, timeout=10)
    try:
        return {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, read, starred FROM articles")}
    finally:
        conn.close()


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_kill_9_during_refresh_loses_nothing(tmp_path):
    server, port = _start_bench_server(tmp_path / "srv", feeds=200, items=8)
    try:
        cfg = tmp_path / "srv" / "feeds.yaml"
        config = load_config(cfg)
        assert len(config.feeds) == 200
        db = tmp_path / "tidings.db"
        summary = refresh(db, config.feeds, Settings(retries=0))
        assert summary.ok == 200
        with Store.open(db) as store:
            ids = [a.id for a in store.list_articles(View(), 0, 10_000)]
            store.set_read(ids[::3])
            store.set_starred(ids[::7])
        seeded = _states(db)
        assert len(seeded) == 1600
        rng = random.Random(6)
        fetch = [sys.executable, "-m", "tidings", "--config", str(cfg), "--db", str(db), "fetch"]
        change = f"http://127.0.0.1:{port}/_change?pct=100"  # every feed gets new items
        urllib.request.urlopen(change, timeout=10).read()
        started = time.perf_counter()
        subprocess.run(fetch, capture_output=True, timeout=120, cwd=tmp_path, check=True)
        whole_run = time.perf_counter() - started  # start-up included
        seeded = _states(db)
        killed = 0
        for round_ in range(KILLS):
            urllib.request.urlopen(change, timeout=10).read()
            proc = subprocess.Popen(
                fetch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path
            )
            try:
                proc.wait(timeout=rng.uniform(0.2, whole_run))  # kill at a random point
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                killed += 1
            proc.wait(timeout=30)
            assert _integrity(db) == "ok", f"round {round_}"
            now = _states(db)
            lost = [i for i in seeded if i not in now]
            assert not lost, f"round {round_}: {len(lost)} articles lost"
            changed = [i for i, s in seeded.items() if now[i] != s]
            assert not changed, f"round {round_}: read/starred state changed for {changed[:5]}"
            seeded = now  # articles stored by the killed run must survive the next kill too
        assert killed >= KILLS // 2  # most rounds were really killed mid-run
        with Store.open(db) as store:  # the app's own open (schema check, WAL) still works
            assert store.count_articles(View()) == len(seeded)
    finally:
        server.kill()
        server.wait(timeout=10)


def test_cron_fetch_while_reader_is_open(feed_server, tmp_path):  # noqa: F811
    """A reader holding the database open (reading and marking) and `tidings fetch`
    writing at the same time: both succeed, and the reader sees the new articles."""

    def rss(n: int, first: int = 0) -> bytes:
        items = "".join(
            f"<item><guid>g{i}</guid><title>story {i}</title><description>{'words ' * 200}"
            "</description></item>"
            for i in range(first, first + n)
        )
        return f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()

    urls = [feed_server.add(f"/f{i}.xml", body=rss(20)) for i in range(10)]
    specs = [FeedSpec(url=u) for u in urls]
    db = tmp_path / "t.db"
    refresh(db, specs[:5], Settings(retries=0))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("feeds:\n" + "".join(f"  - {u}\n" for u in urls))

    reader = Store.open(db)
    try:
        before = reader.count_articles(View())
        assert before == 100
        stop = threading.Event()
        errors: list[BaseException] = []
        marks = 0

        def keep_reading() -> None:
            nonlocal marks
            try:
                while not stop.is_set():
                    page = reader.list_articles(View(unread_only=True), 0, 50)
                    if page:
                        reader.set_read([page[0].id])
                        marks += 1
                    reader.search("story", 10)
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        # a Store belongs to one thread: the reader's loop runs in its own thread, on its
        # own connection, as the TUI's thread workers would
        reader.close()

        def reader_thread() -> None:
            nonlocal reader
            reader = Store.open(db)
            keep_reading()
            reader.close()

        t = threading.Thread(target=reader_thread)
        t.start()
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "tidings", "--config", str(cfg), "--db", str(db), "fetch"],
                capture_output=True,
                timeout=60,
                cwd=tmp_path,
                check=False,
            )
        finally:
            stop.set()
            t.join(timeout=30)
        assert proc.returncode == 0, proc.stderr.decode()
        assert "Traceback" not in proc.stderr.decode()
        assert not errors, errors
        assert marks > 0
        with Store.open(db) as again:  # the reader's next refresh
            assert again.count_articles(View()) == 200
            assert again.count_articles(View(unread_only=True)) == 200 - marks
    finally:
        reader.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices(id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO invoices(amount) VALUES (12.5)")
    conn.commit()
    conn.close()


def _corrupt_tidings_db(path: Path) -> None:
    with Store.open(path) as store:
        store.sync_feeds([FeedSpec(url="https://ok.example/f")])
    data = bytearray(path.read_bytes())
    for i in range(200, len(data), 97):  # garbage over the pages, header kept
        data[i] = 0xA5
    path.write_bytes(bytes(data))


FOREIGN = {
    "text-file": lambda p: p.write_text("my precious notes\n" * 100),
    "random-bytes": lambda p: p.write_bytes(random.Random(1).randbytes(8192)),
    "foreign-sqlite": _foreign_sqlite,
    "corrupt-tidings-db": _corrupt_tidings_db,
    "truncated-header": lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 10),
}


@pytest.mark.parametrize("kind", list(FOREIGN))
@pytest.mark.parametrize("command", [["list"], ["fetch"], ["unread"]])
def test_foreign_or_corrupt_file_is_left_untouched(kind, command, tmp_path, capsys):
    db = tmp_path / "tidings.db"
    FOREIGN[kind](db)
    for extra in ("-wal", "-shm"):
        Path(str(db) + extra).unlink(missing_ok=True)
    before = _digest(db)
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("feeds:\n  - https://ok.example/f\n")
    code = cli.main(["--config", str(cfg), "--db", str(db), *command])
    out, err = capsys.readouterr()
    assert code != 0
    assert "Traceback" not in err
    assert err.startswith("tidings: ") and str(db) in err
    assert any(w in err for w in ("not a tidings database", "corrupt", "not a database")), err
    assert _digest(db) == before, "the file was changed"
    assert db.exists()


def test_unwritable_database_directory(tmp_path, capsys):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("feeds:\n  - https://ok.example/f\n")
    targets = []
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    targets.append(blocker / "tidings.db")  # the "directory" is a file
    if Path("/sys/kernel").is_dir():
        targets.append(Path("/sys/kernel/tidings-test.db"))  # read-only, even for root
    if os.geteuid() != 0:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        targets.append(ro / "tidings.db")
    for db in targets:
        for command in (["fetch"], ["list"]):
            code = cli.main(["--config", str(cfg), "--db", str(db), *command])
            out, err = capsys.readouterr()
            assert code != 0, db
            assert "Traceback" not in err
            assert err.startswith("tidings: ") and str(db.parent) in err, err


def test_disk_full_is_a_clear_error(feed_server, tmp_path, capsys, monkeypatch):  # noqa: F811
    """SQLITE_FULL (simulated with max_page_count, as on a full disk) during a fetch:
    a clear message per feed, no traceback, the database still sound."""
    big = "".join(
        f"<item><guid>g{i}</guid><title>t{i}</title><description>{'lorem ipsum ' * 2000}"
        "</description></item>"
        for i in range(50)
    )
    url = feed_server.add(
        "/big.xml", body=f'<rss version="2.0"><channel>{big}</channel></rss>'.encode()
    )
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - {url}\n")
    db = tmp_path / "t.db"
    with Store.open(db) as store:
        store.sync_feeds(load_config(cfg).feeds)
    real_connect = database.connect

    def full_connect(path):
        conn, name = real_connect(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 5}")
        return conn, name

    monkeypatch.setattr("tidings.core.store.connect", full_connect)
    code = cli.main(["--config", str(cfg), "--db", str(db), "fetch"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert code != 0
    assert "full" in err, err
    assert _integrity(db) == "ok"
    with pytest.raises(StoreError) as info:  # and the Store API says the same
        with Store.open(db) as store:
            from tidings.core.parse import parse_feed

            store.record_fetch(url, parsed=parse_feed(feed_server_body(feed_server, "/big.xml")))
    assert "full" in str(info.value)


def feed_server_body(server, path: str) -> bytes:
    return server.routes[path][0].body


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(
    not hasattr(os, "pidfd_open") or not Path("/proc/self/stat").exists(), reason="Linux only"
)
def test_kill_9_leaves_no_helper_processes(tmp_path):
    """`tidings fetch` parses in helper processes; killed with -9, it must not leave
    them behind waiting for work forever."""
    server, _ = _start_bench_server(tmp_path / "srv", feeds=300, items=20)
    try:
        cfg = tmp_path / "srv" / "feeds.yaml"
        fetch = [sys.executable, "-m", "tidings", "--config", str(cfg), "--db",
                 str(tmp_path / "t.db"), "fetch"]  # fmt: skip
        proc = subprocess.Popen(fetch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        helpers: list[int] = []
        deadline = time.monotonic() + 60
        while not helpers and proc.poll() is None and time.monotonic() < deadline:
            helpers = [
                pid
                for pid in _children(proc.pid)
                if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
            ]
        if not helpers:
            proc.wait(timeout=60)
            pytest.skip("the fetch ended before its helpers could be seen")
        pidfds = [os.pidfd_open(pid) for pid in helpers]  # readable once the process ends
        try:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            deadline = time.monotonic() + 10
            waiting = list(pidfds)
            while waiting and time.monotonic() < deadline:
                ready, _, _ = select.select(waiting, [], [], deadline - time.monotonic())
                waiting = [fd for fd in waiting if fd not in ready]
            assert not [p for p in helpers if _alive(p)], "helper processes outlived the kill"
        finally:
            for fd in pidfds:
                os.close(fd)
    finally:
        server.kill()
        server.wait(timeout=10)


def test_a_second_store_in_the_reader_keeps_its_wal_when_another_program_closes(tmp_path):
    # The reader keeps its connections open and opens another Store for each refresh.
    # Reading the file's header with open() / close() dropped the POSIX locks SQLite
    # held for the open connections, so the next program to close its own connection
    # (tidings mark, a cron fetch) thought itself the last, checkpointed and deleted
    # the -wal and -shm files under the reader: "disk I/O error" at its next refresh.
    db = tmp_path / "reader.db"
    with Store.open(db) as first:
        first.sync_feeds([FeedSpec("https://a.example/feed", "A")])
        with Store.open(db):  # as a refresh's own Store
            pass
        script = (
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
            " c.execute('SELECT count(*) FROM feeds').fetchone(); c.close()"
        )
        subprocess.run([sys.executable, "-c", script, str(db)], check=True, timeout=60)
        assert Path(f"{db}-wal").exists() and Path(f"{db}-shm").exists()
        first.sync_feeds(
            [FeedSpec("https://a.example/feed", "A"), FeedSpec("https://b.example/feed")]
        )
        assert len(first.feeds()) == 2
