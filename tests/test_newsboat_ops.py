"""`tidings import ~/.newsboat/config`: newsboat's delete-article, bookmark,
random-unread and mark-all-above-as-read come over as the reader's actions."""

from __future__ import annotations

from tests.test_newsboat_config import keys_of
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
