"""`tidings import ~/.newsboat/config`: newsboat's delete-article, bookmark,
random-unread and mark-all-above-as-read come over as the reader's actions."""

from __future__ import annotations

from pathlib import Path

from tests.test_newsboat_config import keys_of, left_out_of, settings_of
from tidings.tui.keymap import parse_keymap


def test_delete_article_is_d_and_purge_deleted_has_nothing_to_do(tmp_path):
    found = keys_of(
        "bind-key x delete-article\nbind-key $ purge-deleted\nbind-key ^D delete-all-articles\n",
        tmp_path,
    )
    assert found.keys == {"delete_article": "d, x"}
    assert parse_keymap(found.keys)
    assert [(o.line, o.reason) for o in found.left_out] == [
        (2, "no such action in tidings (d deletes at once: nothing waits to be purged)"),
        (3, "no such action in tidings (d deletes one article; A marks them all read)"),
    ]


def test_bookmark_is_ctrl_b_and_its_settings_come_over(tmp_path):
    found = keys_of("bind-key b bookmark\n", tmp_path)
    assert found.keys["bookmark"] == "ctrl+b, b"
    assert settings_of(
        'bookmark-cmd "~/bin/bookmark.sh"\nbookmark-interactive yes\n', tmp_path
    ) == {"bookmark_cmd": str(Path.home() / "bin/bookmark.sh"), "bookmark_interactive": True}
    assert left_out_of("bookmark-autopilot yes\nbookmark-autopilot no\n", tmp_path) == [
        (1, "bookmark-autopilot", "set again on line 2"),
        (
            2,
            "bookmark-autopilot",
            "tidings asks nothing before it bookmarks (as autopilot does): the article's URL"
            " and title, an empty description",
        ),
    ]
    assert left_out_of("bookmark-autopilot yes\n", tmp_path) == [
        (
            1,
            "bookmark-autopilot",
            "nothing to set: tidings bookmarks without asking, as autopilot does",
        )
    ]
    assert left_out_of('bookmark-cmd "bm add | tee log"\n', tmp_path)[0][2].startswith(
        "needs a shell"
    )


def test_random_unread_is_ctrl_k(tmp_path):
    found = keys_of("bind-key ^R random-unread\n", tmp_path)
    assert found.keys["random_unread"] == "ctrl+k, ctrl+r"
    assert not found.left_out


def test_mark_all_above_as_read_becomes_M_s_action(tmp_path):
    found = keys_of("bind-key ^U mark-all-above-as-read\n", tmp_path)
    assert found.keys["mark_above_read"] == "M, ctrl+u"
    assert not found.left_out
