"""The search prompt's history file (core/search_history.py): one query a line, oldest
first, capped, merged with what another reader wrote, never lost to a failed write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tidings.core import search_history
from tidings.core.search_history import (
    SearchHistoryError,
    history_path,
    load_history,
    read_history,
    save_queries,
    write_history,
)


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def test_the_file_sits_beside_its_database(tmp_path):
    assert history_path(tmp_path / "tidings.db") == tmp_path / "tidings.db.search-history"


def test_a_missing_file_is_an_empty_history_and_a_save_makes_it(tmp_path):
    path = tmp_path / "t.db.search-history"
    assert load_history(path, 100) == ([], None)
    assert save_queries(path, ["台风 OR typhoon"], 100) == ["台风 OR typhoon"]
    assert path.read_bytes() == "台风 OR typhoon\n".encode()
    assert read_history(path, 100) == ["台风 OR typhoon"]


def test_the_history_keeps_the_newest_up_to_the_limit(tmp_path):
    path = tmp_path / "h"
    for query in ("one", "two", "three", "four", "five"):
        save_queries(path, [query], 3)
    assert lines(path) == ["three", "four", "five", ""]
    assert read_history(path, 2) == ["four", "five"]  # a lower limit than the file's


def test_a_repeated_query_moves_to_the_end(tmp_path):
    path = tmp_path / "h"
    save_queries(path, ["a", "b", "c"], 100)
    assert save_queries(path, ["a"], 100) == ["b", "c", "a"]
    assert lines(path) == ["b", "c", "a", ""]
    path.write_text("x\ny\nx\n", encoding="utf-8")  # written by hand, with a repeat
    assert read_history(path, 100) == ["y", "x"]


def test_control_characters_and_newlines_never_reach_the_file(tmp_path):
    path = tmp_path / "h"
    query = "typhoon\nsea\r\nwall\x1b]2;owned\x07 \x00台风\u2028end\x85 "
    assert save_queries(path, [query, "\x1b[31m\t\n"], 100) == ["typhoon sea wall 台风 end"]
    assert path.read_text(encoding="utf-8") == "typhoon sea wall 台风 end\n"
    # A file edited by hand: CRLF, blank lines, a BOM, control characters.
    path.write_bytes("\ufeffa\r\n\r\n\x1b[2Jb\x07\r\n".encode())
    assert read_history(path, 100) == ["a", "b"]


def test_an_undecodable_file_is_reported_read_as_empty_and_rewritten(tmp_path):
    path = tmp_path / "h"
    path.write_bytes(b"good\n\xff\xfe bad\n")
    entries, problem = load_history(path, 100)
    assert entries == []
    assert (
        problem == f"search history: not UTF-8 text (byte 0xff at 5); it will be rewritten ({path})"
    )
    assert save_queries(path, ["new"], 100) == ["new"]
    assert path.read_text(encoding="utf-8") == "new\n"


def test_an_unreadable_file_is_reported_and_a_failed_save_says_why(tmp_path):
    path = tmp_path / "h"
    path.mkdir()  # unreadable as a file, even for root
    entries, problem = load_history(path, 100)
    assert entries == []
    assert problem == f"search history: Is a directory; it will be rewritten ({path})"
    with pytest.raises(SearchHistoryError) as info:
        save_queries(path, ["q"], 100)
    assert str(info.value).startswith("search history not saved: ")
    assert os.listdir(tmp_path) == ["h"]  # no temporary file left behind
    missing = tmp_path / "gone" / "h"  # its directory is not there
    with pytest.raises(SearchHistoryError, match="No such file or directory"):
        save_queries(missing, ["q"], 100)


def test_a_failed_write_leaves_the_old_history_whole(tmp_path, monkeypatch):
    path = tmp_path / "h"
    write_history(path, ["old one", "old two"])

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(search_history.os, "fsync", disk_full)
    with pytest.raises(SearchHistoryError) as info:
        save_queries(path, ["new"], 100)
    assert str(info.value) == f"search history not saved: No space left on device ({path})"
    assert path.read_text(encoding="utf-8") == "old one\nold two\n"
    assert sorted(os.listdir(tmp_path)) == ["h"]


def test_a_reader_killed_mid_write_leaves_the_old_history_whole(tmp_path):
    # A real process, killed with SIGKILL while its new history is half on disk.
    path = tmp_path / "h"
    write_history(path, ["old"])
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from pathlib import Path
        from tidings.core import search_history

        def stall(fd):
            os.write(fd, b"half a line")  # more of the new file, then stuck
            print("writing", flush=True)
            time.sleep(60)

        search_history.os.fsync = stall
        search_history.save_queries(Path({str(path)!r}), ["new"], 100)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "writing\n"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert read_history(path, 100) == ["old"]


def test_two_readers_saving_keep_each_others_searches(tmp_path):
    path = tmp_path / "h"
    save_queries(path, ["shared"], 100)
    first = read_history(path, 100)  # both readers start with the same file
    second = read_history(path, 100)
    assert first == second == ["shared"]
    assert save_queries(path, ["from the first"], 100) == ["shared", "from the first"]
    # The second reader never saw that search: saving merges with the file, not its copy.
    assert save_queries(path, ["from the second", "shared"], 100) == [
        "from the first", "from the second", "shared",
    ]  # fmt: skip
    assert read_history(path, 100) == ["from the first", "from the second", "shared"]


def test_a_limit_of_0_keeps_nothing_and_writes_no_file(tmp_path):
    path = tmp_path / "h"
    assert save_queries(path, ["q"], 0) == []
    assert not path.exists()
    path.write_text("kept from before\n", encoding="utf-8")
    assert load_history(path, 0) == ([], None)
    save_queries(path, ["q"], 0)
    assert path.read_text(encoding="utf-8") == "kept from before\n"  # left alone
