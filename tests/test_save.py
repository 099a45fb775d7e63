"""Saving an article to a text file, without the reader: the file name made from the
title, the text (core.article_text), the write that never leaves half a file nor
replaces one unasked (core.save_file), and `tidings save`."""

from __future__ import annotations

import errno
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.cells import cell_len

from tidings.cli import main
from tidings.core import paths, save_file
from tidings.core.article_text import article_text
from tidings.core.models import Article, Enclosure, ParsedEntry, ParsedFeed
from tidings.core.save_file import (
    NoDirectory,
    SaveError,
    TargetExists,
    display_path,
    file_name,
    resolve_target,
    write_file,
)
from tidings.core.store import Store

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)

# -- file names ----------------------------------------------------------------------


def test_a_chinese_title_makes_a_chinese_file_name():
    assert file_name("台风「山竹」登陆广东", 3) == "台风「山竹」登陆广东.txt"
    # The ideographic space is collapsed to one space as other whitespace is.
    assert file_name("東京で地震　震度５弱", 3) == "東京で地震 震度５弱.txt"
    assert file_name("서울 뉴스", 3) == "서울 뉴스.txt"


def test_characters_unsafe_in_file_names_are_replaced():
    assert file_name("AC/DC live", 1) == "AC_DC live.txt"
    assert file_name('Q&A: "why?" <now> | a\\b *', 1) == "Q&A why now a_b.txt"
    assert file_name("广东/香港停课？", 1) == "广东_香港停课？.txt"  # full-width ？ is safe
    assert file_name("  many   spaces\tand\nlines  ", 1) == "many spaces and lines.txt"
    # Escape sequences and control characters from the feed are gone, not replaced.
    assert file_name("Evil\x1b]2;pwned\x07 title\x1b[31m\x00\x85", 1) == "Evil title.txt"
    # No hidden file, no option-like name, no "." or "..".
    assert file_name(".profile", 1) == "profile.txt"
    assert file_name("--rm -rf", 1) == "rm -rf.txt"


def test_the_name_is_capped_in_bytes_between_characters():
    for title, size in (("中" * 100, 3), ("é" * 150, 2), ("x" * 300, 1), ("😀" * 80, 4)):
        name = file_name(title, 1)
        raw = name.encode("utf-8")
        assert len(raw) <= 200 and name.endswith(".txt")
        stem = name[:-4]
        assert title.startswith(stem)  # a prefix of whole characters: nothing cut in two
        assert len(raw) > 200 - size - 4  # as long as the cap allows
    assert len(file_name("中" * 100, 1, max_bytes=100).encode()) <= 100
    # A cut that would leave an accent without its letter or a dangling joiner drops it.
    decomposed = "e\u0301" * 100  # NFC makes these é
    assert file_name(decomposed, 1) == "é" * 98 + ".txt"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    name = file_name("a" * 185 + family, 1)
    assert not name[:-4].endswith("\u200d") and len(name.encode()) <= 200


def test_an_empty_title_falls_back_to_the_article_id():
    assert file_name("", 42) == "article-42.txt"
    assert file_name(None, 42) == "article-42.txt"
    assert file_name(" ?/:* ", 42) == "article-42.txt"
    assert file_name("\x1b[2J", 42) == "article-42.txt"
    assert file_name("..", 42) == "article-42.txt"
    assert file_name("", -3) == "article.txt"  # a page from the site, not stored


def test_a_typed_path_is_resolved_like_newsboat_s_save_prompt(tmp_path):
    home = Path.home()
    assert resolve_target("~/a.txt", tmp_path, "n.txt") == home / "a.txt"
    assert resolve_target("b.txt", tmp_path, "n.txt") == tmp_path / "b.txt"  # in save_dir
    assert resolve_target(str(tmp_path), Path("/x"), "n.txt") == tmp_path / "n.txt"
    assert resolve_target("sub/", tmp_path, "n.txt") == tmp_path / "sub" / "n.txt"
    assert display_path(home / "d" / "f.txt") == "~/d/f.txt"
    assert display_path(tmp_path / "f.txt") == str(tmp_path / "f.txt")


def test_default_save_dir_is_downloads_if_there_else_home():
    home = Path.home()
    assert paths.default_save_dir() == home
    (home / "Downloads").mkdir()
    assert paths.default_save_dir() == home / "Downloads"
    assert paths.save_dir("~/news") == home / "news"
    assert paths.save_dir(None) == home / "Downloads"


# -- the text ------------------------------------------------------------------------


def article(**fields) -> Article:
    values = {
        "id": 7,
        "feed_id": 1,
        "feed_title": "World News",
        "feed_url": "https://news.example/rss",
        "category": None,
        "guid": None,
        "link": "https://news.example/7",
        "title": "Storm hits coast",
        "author": None,
        "published": T0,
        "updated": None,
        "summary": None,
        "content": "<p>Hello.</p>",
    }
    values.update(fields)
    return Article(**values)


def test_the_text_has_newsboat_s_header_then_the_body_and_links():
    long_url = "https://news.example/" + "a" * 120
    body = (
        "<h1>Heading</h1><p>Text with <a href='https://x.example/1'>a link</a>.</p>"
        "<ol><li>first</li><li>second</li></ol><blockquote><p>quoted</p></blockquote>"
        "<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table>"
        f"<p><img src='https://x.example/i.png' alt='a map'> <a href='{long_url}'>long</a></p>"
    )
    text = article_text(article(author="A. Writer", content=body))
    date = T0.astimezone().strftime("%Y-%m-%d %H:%M %z")
    assert text.startswith(
        "Title: Storm hits coast\nFeed: World News\nAuthor: A. Writer\n"
        f"Date: {date}\nLink: https://news.example/7\n\nHeading\n\nText with a link [1].\n"
    )
    assert "\n1. first\n2. second\n" in text and "\n│ quoted\n" in text
    assert "k │ v\n" in text and "[image: a map] [2]" in text
    # The links list keeps every URL whole, however long: it must stay copyable.
    assert text.endswith(
        f"Links:\n[1] https://x.example/1\n[2] https://x.example/i.png\n[3] {long_url}\n"
    )
    assert all(cell_len(line) <= 72 for line in text.splitlines() if long_url not in line)


def test_the_text_wraps_chinese_by_cell_width_and_drops_control_characters():
    body = "<p>" + "强台风今天登陆，沿海城市停课停工。" * 10 + "</p>"
    text = article_text(
        article(
            title="台风登陆\x1b]0;x\x07沿海" + "很长的标题" * 10,
            feed_title="新闻\x1b[31m\x9b1m频道",
            author="记者\u202e反转",
            content=body,
            enclosures=[Enclosure("https://x.example/a.mp3", "audio/mpeg", 2_000_000, "播客")],
        )
    )
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 72
    assert lines[0].startswith("Title: 台风登陆沿海很长的标题") and lines[1].startswith("       ")
    assert "Feed: 新闻频道" in lines and "Author: 记者反转" in lines
    assert "".join(lines).count("强台风今天登陆，沿海城市停课停工。") == 10
    assert "[attachment: 播客, audio/mpeg, 1.9 MB] [1]" in text
    assert not any(c < " " and c != "\n" or "\x7f" <= c <= "\x9f" for c in text)
    assert "\u202e" not in text


def test_an_article_without_body_or_date_is_its_header():
    text = article_text(article(content="", published=None, author=None, link=None, title=""))
    assert text == "Title: (untitled)\nFeed: World News\n"


# -- the write -----------------------------------------------------------------------


def test_a_write_never_replaces_a_file_unasked(tmp_path):
    target = tmp_path / "a.txt"
    assert write_file(target, "第一\n") == target
    assert target.read_bytes() == "第一\n".encode()
    with pytest.raises(TargetExists) as info:
        write_file(target, "second")
    assert str(info.value) == f"Cannot save to {target}: it exists"
    assert target.read_text(encoding="utf-8") == "第一\n"
    write_file(target, "second", overwrite=True)
    assert target.read_text(encoding="utf-8") == "second"
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")  # even a dangling link is kept
    with pytest.raises(TargetExists):
        write_file(tmp_path / "link", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "link"]  # no temp files


def test_a_write_where_hard_links_fail_still_refuses_to_replace(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(save_file.os, "link", no_links)
    write_file(tmp_path / "a.txt", "one")
    with pytest.raises(TargetExists):
        write_file(tmp_path / "a.txt", "two")
    assert (tmp_path / "a.txt").read_text() == "one"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_failed_write_leaves_no_half_file(tmp_path, monkeypatch):
    def disk_full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    (tmp_path / "old.txt").write_text("old")
    monkeypatch.setattr(save_file.os, "fsync", disk_full)
    for name, overwrite in (("new.txt", False), ("old.txt", True)):
        with pytest.raises(SaveError) as info:
            write_file(tmp_path / name, "x" * 100_000, overwrite=overwrite)
        assert info.value.reason == "No space left on device"
    assert [p.name for p in tmp_path.iterdir()] == ["old.txt"]
    assert (tmp_path / "old.txt").read_text() == "old"


def test_a_missing_directory_is_made_only_when_asked(tmp_path):
    target = tmp_path / "a" / "b" / "c.txt"
    with pytest.raises(NoDirectory) as info:
        write_file(target, "x")
    assert info.value.directory == tmp_path / "a" / "b"
    assert not (tmp_path / "a").exists()
    write_file(target, "x", make_dirs=True)
    assert target.read_text() == "x"
    (tmp_path / "file").write_text("")
    with pytest.raises(SaveError, match="is not a directory"):
        write_file(tmp_path / "file" / "c.txt", "x")
    with pytest.raises(SaveError, match="File name too long"):
        write_file(tmp_path / ("长" * 100 + ".txt"), "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "file"]


# -- tidings save --------------------------------------------------------------------


@pytest.fixture
def env(tmp_path):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        "settings:\n  save_dir: saved\nfeeds:\n  - url: https://zh.example/rss\n", encoding="utf-8"
    )
    with Store.open(tmp_path / "t.db") as store:
        from tidings.core.config import load_config

        store.sync_feeds(load_config(cfg).feeds)
        entry = ParsedEntry(
            id="z1",
            link="https://zh.example/1",
            title="台风登陆：沿海/停课",
            content="<p>强台风今天登陆。<a href='https://zh.example/more'>详情</a></p>",
            published=T0,
        )
        store.record_fetch(
            "https://zh.example/rss",
            parsed=ParsedFeed(title="中文\x1b]2;x\x07新闻", entries=[entry]),
        )
    return ["--config", str(cfg), "--db", str(tmp_path / "t.db")]


def test_tidings_save_makes_save_dir_when_it_is_missing(env, tmp_path, capsys):
    # feeds.yaml names it: made as mkdir -p would (it was "no directory", with no way on)
    assert main([*env, "save", "1"]) == 0
    target = tmp_path / "saved" / "台风登陆：沿海_停课.txt"
    assert capsys.readouterr().out == f"{target}\n"
    assert target.read_text(encoding="utf-8").startswith("Title: 台风登陆：沿海/停课\n")


def test_tidings_save_writes_what_the_reader_s_S_writes(env, tmp_path, capsys, monkeypatch):
    saved = tmp_path / "saved"  # save_dir: relative to feeds.yaml
    saved.mkdir()
    assert main([*env, "save", "1"]) == 0
    target = saved / "台风登陆：沿海_停课.txt"
    assert capsys.readouterr().out == f"{target}\n"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("Title: 台风登陆：沿海/停课\nFeed: 中文新闻\nDate: ")
    assert text.endswith("\n\n强台风今天登陆。详情 [1]\n\nLinks:\n[1] https://zh.example/more\n")
    # `-` prints the same text; a file is never replaced without --force.
    assert main([*env, "save", "https://zh.example/1", "-"]) == 0
    assert capsys.readouterr().out == text
    assert main([*env, "save", "1"]) == 1
    assert f"Cannot save to {target}: it exists (--force replaces it)" in capsys.readouterr().err
    target.write_text("mine")
    assert main([*env, "save", "1", "--force"]) == 0
    assert target.read_text(encoding="utf-8") == text
    # PATH: relative to the current directory, as for cp; a directory gets the name.
    monkeypatch.chdir(tmp_path)
    assert main([*env, "save", "1", "here.txt"]) == 0
    assert (tmp_path / "here.txt").read_text(encoding="utf-8") == text
    (tmp_path / "dir").mkdir()
    assert main([*env, "save", "1", "dir"]) == 0
    assert (tmp_path / "dir" / target.name).read_text(encoding="utf-8") == text
    capsys.readouterr()
    assert main([*env, "save", "1", "nowhere/x.txt"]) == 1
    assert capsys.readouterr().err == (
        f"tidings: Cannot save to {tmp_path / 'nowhere' / 'x.txt'}: no directory"
        f" {tmp_path / 'nowhere'} (`mkdir -p {tmp_path / 'nowhere'}` makes it; a PATH ending"
        " in / is made too)\n"
    )
    assert not (tmp_path / "nowhere").exists()
    # a directory written as one (a trailing /) is made, as mkdir -p would
    assert main([*env, "save", "1", "new/dir/"]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'new' / 'dir' / target.name}\n"
    assert (tmp_path / "new" / "dir" / target.name).read_text(encoding="utf-8") == text
    assert main([*env, "save", "99"]) == 1
