"""`tidings import ~/.newsboat/config`: newsboat's settings, keys and ignore rules
brought into feeds.yaml (reading the file, saying it in feeds.yaml's terms, writing it,
and what the command tells)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.cli import main
from tidings.core.config import load_config
from tidings.core.models import ColorSpec, MacroStep
from tidings.core.newsboat_config import ConfigFileError, parse_text, read_config
from tidings.core.newsboat_config_import import (
    ConfigImportError,
    is_newsboat_config,
    plan_config_import,
    write_config_import,
)
from tidings.core.newsboat_filter import Untranslatable, ignore_rules
from tidings.core.newsboat_keys import KeyTable, newsboat_key, translate_keys
from tidings.core.newsboat_settings import translate_settings
from tidings.tui.keymap import ACTIONS, keymap_problems, normalize_key, parse_keymap

TABLE = KeyTable({a.id: a.keys for a in ACTIONS}, normalize_key)


def commands(text: str, tmp_path: Path, name: str = "config"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_config(path)


def settings_of(text: str, tmp_path: Path) -> dict[str, object]:
    found = translate_settings(commands(text, tmp_path).commands)
    return {s.name: s.value for s in found.settings}


def left_out_of(text: str, tmp_path: Path) -> list[tuple[int, str, str]]:
    parsed = commands(text, tmp_path)
    found = translate_settings(parsed.commands)
    return [(o.line, o.name, o.reason) for o in parsed.left_out + found.left_out]


# -- reading the file as newsboat does -----------------------------------------------------
def test_words_quotes_escapes_and_comments(tmp_path):
    parsed = commands(
        "# a comment\n"
        'browser "firefox --new-tab %u"   # trailing comment\n'
        'notify-format "say \\"hi\\" \\\\o/ # not a comment\\tend"\n'
        "user-agent it's\\#fine  # but this is\n"
        "\n"
        "bind-key   ^R\treload-all\r\n"
        'save-path "open quote runs to the end\n',
        tmp_path,
    )
    assert [(c.line, c.name, c.args) for c in parsed.commands] == [
        (2, "browser", ("firefox --new-tab %u",)),
        (3, "notify-format", ('say "hi" \\o/ # not a comment\tend',)),
        (4, "user-agent", ("it's#fine",)),
        (6, "bind-key", ("^R", "reload-all")),
        (7, "save-path", ("open quote runs to the end",)),
    ]


def test_a_line_ending_in_a_backslash_goes_on_and_keeps_its_first_line_number(tmp_path):
    parsed = commands(
        "max-items 10\n"
        "ignore-article \\\n"
        '    "*" \\\n'
        '    "title =~ \\"Ad\\""\n'
        "# a comment that ends in a backslash \\\n"
        "text-width 72\n"
        "history-limit 5\n",
        tmp_path,
    )
    assert [(c.line, c.name, c.args) for c in parsed.commands] == [
        (1, "max-items", ("10",)),
        (2, "ignore-article", ("*", 'title =~ "Ad"')),
        (7, "history-limit", ("5",)),  # line 6 went into the comment, as in newsboat
    ]


def test_include_is_followed_relative_to_the_file_and_a_loop_is_read_once(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "colours").write_text("color listnormal white black\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "keys").write_text("bind-key h quit\ninclude ../config\n")
    parsed = commands(
        "max-items 10\ninclude sub/keys\ninclude ~/colours\ninclude missing\ntext-width 72\n",
        tmp_path,
    )
    assert [(c.file.name, c.line, c.name) for c in parsed.commands] == [
        ("config", 1, "max-items"),
        ("keys", 1, "bind-key"),
        ("colours", 1, "color"),
        ("config", 5, "text-width"),
    ]
    assert [(o.file.name, o.line, o.reason) for o in parsed.left_out] == [
        ("keys", 2, "../config is being read already (a loop); not read again"),
        ("config", 4, "missing: no such file"),
    ]
    assert [f.name for f in parsed.files] == ["config", "keys", "colours"]


def test_a_line_with_a_shell_command_in_backticks_is_left_out_not_run(tmp_path):
    marker = tmp_path / "ran"
    parsed = commands(
        f'browser `touch {marker}; echo w3m`\nuser-agent "a \\`quoted\\` tick"\n', tmp_path
    )
    assert not marker.exists()
    assert [(o.line, o.name) for o in parsed.left_out] == [(1, "browser")]
    assert "runs a shell command between backticks" in parsed.left_out[0].reason
    assert [c.args for c in parsed.commands] == [("a `quoted` tick",)]


def test_a_missing_config_is_an_error(tmp_path):
    with pytest.raises(ConfigFileError):
        read_config(tmp_path / "nope")


def test_parse_text_reads_text_as_from_a_path(tmp_path):
    parsed = parse_text("max-items 3\n", tmp_path / "config")
    assert [(c.name, c.args) for c in parsed.commands] == [("max-items", ("3",))]


# -- settings ------------------------------------------------------------------------------
def test_plain_settings(tmp_path):
    assert settings_of(
        "max-items 200\nkeep-articles-days 90\ntext-width 72\nhistory-limit 50\n"
        'user-agent "Mozilla/5.0 (X11)"\ndownload-timeout 45\n'
        "notify-always yes\nnotify-beep no\nnotify-xterm yes\n"
        'notify-format "%d new articles in %D feeds (%n unread, %f feeds)"\n',
        tmp_path,
    ) == {
        "user_agent": "Mozilla/5.0 (X11)",
        "total_timeout": 45,
        "keep_days": 90,
        "max_items": 200,
        "text_width": 72,
        "search_history": 50,
        "notify_format": "%d new articles in %D feeds (%n unread, %f feeds)",
        "notify_beep": False,
        "notify_terminal": True,
        "notify_always": True,
    }


def test_browser_loses_its_trailing_ampersand_and_redirections_and_says_so(tmp_path):
    found = translate_settings(
        commands('browser "firefox --new-tab %u >/dev/null 2>&1 &"\n', tmp_path).commands
    )
    [browser] = found.settings
    assert (browser.name, browser.value) == ("browser", "firefox --new-tab %u")
    assert "the trailing & dropped" in browser.note and "redirection dropped" in browser.note


def test_browser_keeps_words_and_expands_a_leading_tilde(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", "/home/ann")
    assert settings_of('browser "~/bin/open url %u"\n', tmp_path) == {
        "browser": "/home/ann/bin/open url %u"
    }
    assert settings_of("browser w3m\n", tmp_path) == {"browser": "w3m"}


def test_a_browser_that_needs_a_shell_is_left_out(tmp_path):
    assert settings_of('browser "echo %u | xclip"\n', tmp_path) == {}
    [(line, name, reason)] = left_out_of('browser "echo %u | xclip"\n', tmp_path)
    assert (line, name) == (1, "browser") and "needs a shell" in reason


def test_only_the_first_word_counts_as_in_newsboat(tmp_path):
    found = translate_settings(commands("browser firefox %u\n", tmp_path).commands)
    assert found.settings[0].value == "firefox"
    assert "'%u' left off" in found.settings[0].note


@pytest.mark.parametrize(
    ("written", "order"),
    [
        ("date-asc", "newest"),
        ("date", "oldest"),
        ("date-desc", "oldest"),
        ("title-asc", "title"),
        ("title-desc", "title-desc"),
        ("author-asc", "author"),
        ("author", "author-desc"),
    ],
)
def test_article_sort_order_as_newsboat_lists_it(tmp_path, written, order):
    # newsboat 2.x: date-asc (its default) lists the newest first, date-desc the oldest
    assert settings_of(f"article-sort-order {written}\n", tmp_path) == {"article_order": order}


@pytest.mark.parametrize(
    ("written", "order"),
    [
        ("none", "config"),
        ("title", "title"),
        ("title-desc", "title"),
        ("unreadarticlecount-asc", "unread"),
        ("lastupdated", "updated"),
        ("lastupdated-desc", "updated"),
    ],
)
def test_feed_sort_order_as_newsboat_lists_it(tmp_path, written, order):
    assert settings_of(f"feed-sort-order {written}\n", tmp_path) == {"feed_order": order}


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("title-asc", "in newsboat title-asc is Z to A"),
        ("unreadarticlecount", "the fewest unread first"),
        ("firsttag", "by title, unread or updated"),
        ("articlecount-desc", "by title, unread or updated"),
    ],
)
def test_feed_sort_orders_the_pane_has_not_are_left_out(tmp_path, written, reason):
    [(line, name, why)] = left_out_of(f"feed-sort-order {written}\n", tmp_path)
    assert (line, name) == (1, "feed-sort-order") and reason in why


def test_article_sort_order_by_another_field_is_left_out(tmp_path):
    [(_, name, why)] = left_out_of("article-sort-order flags-desc\n", tmp_path)
    assert name == "article-sort-order" and "by date, title, author or feed only" in why


def test_show_read_and_confirm_mark_all_from_two_options_each(tmp_path):
    assert settings_of("show-read-feeds no\nshow-read-articles no\n", tmp_path) == {
        "show_read": False
    }
    assert settings_of("show-read-feeds no\n", tmp_path) == {"show_read_feeds": False}
    # newsboat's usual setup: read articles shown in a feed, feeds with none unread hidden
    assert settings_of("show-read-articles yes\nshow-read-feeds no\n", tmp_path) == {
        "show_read": True,
        "show_read_feeds": False,
    }
    assert settings_of("confirm-mark-all-feeds-read no\n", tmp_path) == {"confirm_mark_all": False}
    text = "show-read-articles no\nshow-read-feeds yes\n"
    assert settings_of(text, tmp_path) == {"show_read": False}
    [(line, name, why)] = left_out_of(text, tmp_path)
    assert (line, name) == (2, "show-read-feeds")
    assert "hides read feeds too; show-read-articles no taken" in why


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("auto-reload yes\nreload-time 30\n", {"refresh_every": 30, "refresh_on_startup": True}),
        ("auto-reload yes\n", {"refresh_every": 60, "refresh_on_startup": True}),
        (
            "auto-reload yes\nsuppress-first-reload yes\n",
            {"refresh_every": 60, "refresh_on_startup": False},
        ),
        ("refresh-on-startup no\n", {"refresh_on_startup": False}),
        (
            "auto-reload no\nrefresh-on-startup yes\n",
            {"refresh_every": 0, "refresh_on_startup": True},
        ),
    ],
)
def test_reloading(tmp_path, text, expected):
    assert settings_of(text, tmp_path) == expected


def test_reload_time_without_auto_reload_is_left_out(tmp_path):
    assert settings_of("reload-time 15\n", tmp_path) == {}
    [(line, name, why)] = left_out_of("reload-time 15\n", tmp_path)
    assert (line, name) == (1, "reload-time") and "without auto-reload yes" in why


def test_save_path_and_notify_program(tmp_path):
    assert settings_of(
        'save-path "~/Saved Articles"\nnotify-program "/opt/My Notifier/notify"\n', tmp_path
    ) == {"save_dir": "~/Saved Articles", "notify_program": "/opt/My\\ Notifier/notify"}
    assert settings_of("save-path news\nnotify-program notify-send\n", tmp_path) == {
        "save_dir": "~/news",
        "notify_program": "notify-send",
    }


def test_a_later_line_wins_and_the_earlier_is_said(tmp_path):
    assert settings_of("max-items 10\nmax-items 20\n", tmp_path) == {"max_items": 20}
    assert left_out_of("max-items 10\nmax-items 20\n", tmp_path) == [
        (1, "max-items", "set again on line 2")
    ]
    (tmp_path / "extra").write_text("# more\nmax-items 30\n")  # the winner in an include
    assert left_out_of("max-items 10\ninclude extra\n", tmp_path) == [
        (1, "max-items", "set again in extra:2")
    ]


def test_bad_values_and_other_options_are_left_out_with_reasons(tmp_path):
    found = left_out_of(
        'max-items ten\nnotify-beep maybe\nnotify-format "%d %Q"\nsearch-highlight-colors red default\n'
        "macro k open ; reload\nproxy localhost:3128\nreload-threads 8\nmax-download-speed 50\n"
        "download-timeout 0\nfrobnicate yes\nttrss-password secret\n",
        tmp_path,
    )
    assert sorted(found) == [
        (1, "max-items", "expects a whole number, not 'ten'"),
        (2, "notify-beep", "expects yes or no, not 'maybe'"),
        (3, "notify-format", found[[o[0] for o in found].index(3)][2]),
        (
            4,
            "search-highlight-colors",
            "a search's words are marked in reverse video in the article it opened",
        ),
        (6, "proxy", "tidings takes the proxy from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY"),
        (
            7,
            "reload-threads",
            "tidings fetches 16 feeds at once, 4 a host (settings.concurrency, per_host)",
        ),
        (8, "max-download-speed", "tidings has no speed limit"),
        (
            9,
            "download-timeout",
            "0 (no time limit): tidings always has one, total_timeout 60 s unless set",
        ),
        (10, "frobnicate", "not a newsboat command"),
        (11, "ttrss-password", "tidings reads the feeds themselves, no sync service"),
    ]
    assert found[[o[0] for o in found].index(3)][2].startswith("unknown %Q; use %d")


# -- ignore-article ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("expression", "rules"),
    [
        ('title =~ "Sponsored"', ["Sponsored"]),
        ('title =~ "^\\\\[Ad\\\\]"', ["/^\\[Ad\\]/"]),
        (
            'author =~ "PR Newswire" or link =~ "youtube.com"',
            ["author: PR Newswire", "link: /youtube.com/"],
        ),
        ('(title = "Daily digest (AM)")', ["/^Daily digest \\(AM\\)$/"]),
        ('title =~ "^[[:digit:]]+ things"', ["/^[0-9]+ things/"]),
        ('title =~ "author: x"', ["/author: x/"]),
        ('title =~ "广告" or (title =~ "推广")', ["广告", "推广"]),
    ],
)
def test_ignore_article_expressions_tidings_can_say(expression, rules):
    assert ignore_rules(expression) == rules


@pytest.mark.parametrize(
    ("expression", "why"),
    [
        ('title =~ "a" and author =~ "b"', "an `and`"),
        ('content =~ "casino"', "tidings' rules look at the title, author and link"),
        ('title !~ "news"', "a negation"),
        ("title =~ 30", "expected a quoted text"),
        ('title # "x"', "match text or a regular expression"),
    ],
)
def test_ignore_article_expressions_tidings_cannot_say(expression, why):
    with pytest.raises(Untranslatable, match=why):
        ignore_rules(expression)


def test_ignore_article_for_all_feeds_becomes_ignore_rules_and_others_are_said(tmp_path):
    parsed = commands(
        'ignore-article "*" "title =~ \\"Sponsored\\" or author =~ \\"PR\\""\n'
        'ignore-article "https://a.example/feed" "title =~ \\"Podcast\\""\n'
        'ignore-article "*" "content =~ \\"casino\\""\n'
        'ignore-article "*" "title =~ \\"(a+)+\\""\n'
        'ignore-article "*"\n',
        tmp_path,
    )
    found = translate_settings(parsed.commands)
    assert [(r.value, r.sources[0].line) for r in found.ignore] == [
        ("Sponsored", 1),
        ("author: PR", 1),
    ]
    assert [(o.line, o.reason) for o in found.left_out] == [
        (2, "for one feed: put 'Podcast' in that feed's ignore: in feeds.yaml"),
        (3, "cannot say content =~ …: tidings' rules look at the title, author and link"),
        (4, found.left_out[2].reason),
        (5, "expects a feed and a filter expression"),
    ]
    assert "exponential time" in found.left_out[2].reason


# -- keys ----------------------------------------------------------------------------------
def keys_of(text: str, tmp_path: Path, existing: dict[str, str] | None = None, table=TABLE):
    return translate_keys(commands(text, tmp_path).commands, table, existing)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("j", "j"), ("J", "J"), ("^R", "ctrl+r"), ("ENTER", "enter"), ("SPACE", "space"),
        ("PPAGE", "pageup"), ("NPAGE", "pagedown"), ("ESC", "escape"), ("F5", "f5"),
        ("<C-r>", "ctrl+r"), ("<S-a>", "A"), ("<ENTER>", "enter"), ("<LT>", "<"),
        ("^[", None), ("gg", None),
    ],
)  # fmt: skip
def test_newsboat_key_names(written, key):
    assert newsboat_key(written) == key


def test_a_binding_adds_the_key_and_takes_it_from_the_action_that_had_it(tmp_path):
    found = keys_of("bind-key ^R reload-all\nbind-key h quit\nbind-key x pipe-to\n", tmp_path)
    assert found.keys == {
        "refresh_all": "R, ctrl+r",
        "back": "escape, q, h",
        "history_back": "backspace",
        "pipe": "vertical_line, x",
    }
    assert parse_keymap(found.keys)  # the reader takes them
    assert [(c.command.line, c.action, c.key, c.note) for c in found.taken] == [
        (1, "refresh_all", "ctrl+r", ""),
        (2, "back", "h", "h was history_back's"),
        (3, "pipe", "x", ""),
    ]


def test_newsboat_operations_become_the_readers_actions(tmp_path):
    found = keys_of(
        "bind-key ^N next-unread\nbind-key ^P prev-unread\nbind-key ^J next\nbind-key ^K prev\n"
        "bind-key ^O open-in-browser\nbind-key ^A toggle-article-read\nbind-key ^B mark-feed-read\n"
        "bind-key ^L toggle-show-read-feeds\nbind-key ^F set-filter\nbind-key ^W save\n"
        "bind-key ^Y show-urls\nbind-key ^S open-search\nbind-key ^H help\nbind-key ^Q hard-quit\n",
        tmp_path,
    )
    assert {a: k.split(", ")[-1] for a, k in found.keys.items()} == {
        "next_unread": "ctrl+n", "prev_unread": "ctrl+p", "next_article": "ctrl+j",
        "prev_article": "ctrl+k", "open_link": "ctrl+o", "toggle_read": "ctrl+a",
        "mark_all_read": "ctrl+b", "unread_only": "ctrl+l", "limit": "ctrl+f", "save": "ctrl+w",
        "links": "ctrl+y", "search": "ctrl+s", "help": "ctrl+h", "quit": "ctrl+q",
    }  # fmt: skip
    assert not found.left_out


def test_a_dialog_binding_holds_everywhere_and_is_said_or_left_out(tmp_path):
    found = keys_of(
        "bind-key SPACE next-unread article\nbind-key ENTER open-in-browser urlview\n", tmp_path
    )
    assert found.keys["next_unread"] == "N, space"
    [change] = found.taken
    assert change.note.startswith(
        "newsboat: in the article only; the reader's keys hold everywhere"
    )
    assert "space was space's, which is left without a key" in change.note
    assert [(o.line, o.detail, o.reason) for o in found.left_out] == [
        (2, "ENTER open-in-browser", "for newsboat's urlview only, which the reader has not")
    ]


def test_unbind_key_takes_a_key_away_unless_it_is_the_only_one(tmp_path):
    found = keys_of("unbind-key k\nunbind-key R\nunbind-key -a\nunbind-key ^Z\n", tmp_path)
    assert found.keys == {"up": "up"}
    assert [(o.line, o.reason) for o in found.left_out] == [
        (2, "it is tidings' only key for refresh_all, which would have none"),
        (3, "every action keeps a key in tidings; the bindings after it are brought over"),
    ]
    assert [(c.command.line, c.note) for c in found.already] == [
        (4, "tidings binds nothing to ctrl+z")
    ]


def test_bindings_tidings_has_already_change_nothing(tmp_path):
    found = keys_of("bind-key j down\nbind-key G end\nbind-key o open-in-browser\n", tmp_path)
    assert found.keys == {}
    assert [c.note for c in found.already] == [
        "j is down in tidings already",
        "G is last in tidings already",
        "o is open_link in tidings already",
    ]


def test_operations_tidings_lacks_are_left_out_with_the_reason(tmp_path):
    found = keys_of(
        "bind-key J select-filter\nbind-key ^T purge-deleted\nbind-key ^F frobnicate\nbind-key\n",
        tmp_path,
    )
    assert [(o.line, o.detail, o.reason) for o in found.left_out] == [
        (
            1,
            "J select-filter",
            "no such action in tidings (F with an empty search shows all again)",
        ),
        (
            2,
            "^T purge-deleted",
            "no such action in tidings (d deletes at once: nothing waits to be purged)",
        ),
        (3, "^F frobnicate", "not a newsboat operation"),
        (4, "", "expects a key and an operation"),
    ]


def test_feed_tag_sort_and_url_operations_become_the_readers_actions(tmp_path):
    found = keys_of(
        "bind-key J next-feed\nbind-key K prev-feed\nbind-key ^N next-unread-feed\n"
        "bind-key t set-tag\nbind-key ^T clear-tag\nbind-key g sort\nbind-key G rev-sort\n"
        "bind-key x goto-url\n",
        tmp_path,
    )
    assert not found.left_out
    assert [(c.action, c.key) for c in found.taken] == [
        ("next_feed", "J"),
        ("prev_feed", "K"),
        ("next_unread_feed", "ctrl+n"),
        ("set_tag", "t"),
        ("sort", "g"),
        ("article_order", "G"),
        ("links", "x"),
    ]
    assert [c.note for c in found.already] == ["ctrl+t is clear_tag in tidings already"]


def test_edit_urls_becomes_edit_config(tmp_path):
    assert keys_of("bind-key ^E edit-urls\n", tmp_path).keys == {"edit_config": "E, ctrl+e"}


def test_newsboat_2_39_bind_with_one_key_and_one_operation(tmp_path):
    found = keys_of(
        'bind <C-r> everywhere reload-all -- "reload"\n'
        "bind gg feedlist,articlelist home\n"
        'bind of everywhere set browser "firefox" ; open-in-browser\n'
        "bind k feedlist,articlelist,urlview up\n",
        tmp_path,
    )
    assert found.keys == {"refresh_all": "R, ctrl+r"}
    assert [(o.line, o.reason) for o in found.left_out] == [
        (2, "a sequence of keys; the reader's keys are single keys"),
        (3, "several operations on one key; a key does one action here"),
        (4, "for newsboat's urlview only, which the reader has not"),
    ]


def test_feeds_yaml_keys_are_kept(tmp_path):
    found = keys_of(
        "bind-key ^R reload-all\nbind-key h quit\n",
        tmp_path,
        existing={"refresh_all": "F5", "history_back": "backspace, h"},
    )
    assert found.keys == {}
    assert [(c.command.line, c.note) for c in found.kept] == [
        (1, "feeds.yaml gives refresh_all its keys"),
        (2, "feeds.yaml gives h to history_back"),
    ]


# -- into feeds.yaml -----------------------------------------------------------------------
FEEDS_YAML = """\
# my tidings feeds
settings:
  concurrency: 8   # gentle
  max_items: 500   # mine

# the feeds
feeds:
  - demo:world.xml   # the demo
keys:
  star: f9
"""

NEWSBOAT = """\
# newsboat
max-items 200
text-width 72
browser "firefox %u &"
bind-key ^R reload-all
bind-key ^F star-nothing
ignore-article "*" "title =~ \\"Sponsored\\""
color listnormal white black
color listfocus black yellow
"""


def write(
    tmp_path: Path, feeds: str | None = FEEDS_YAML, newsboat: str = NEWSBOAT
) -> tuple[Path, Path]:
    cfg = tmp_path / "feeds.yaml"
    if feeds is not None:
        cfg.write_bytes(feeds.encode("utf-8"))
    source = tmp_path / "newsboat" / "config"
    source.parent.mkdir(exist_ok=True)
    source.write_text(newsboat, encoding="utf-8")
    return cfg, source


def bring(cfg: Path, source: Path):
    plan = plan_config_import(source, cfg, TABLE, keymap_problems)
    write_config_import(plan, cfg, keymap_problems)
    return plan


def test_settings_keys_and_rules_go_into_feeds_yaml_every_other_byte_kept(tmp_path):
    cfg, source = write(tmp_path)
    plan = bring(cfg, source)
    assert cfg.read_text(encoding="utf-8") == (
        "# my tidings feeds\n"
        "settings:\n"
        "  concurrency: 8   # gentle\n"
        "  max_items: 500   # mine\n"
        "  browser: firefox %u\n"
        "  text_width: 72\n"
        "\n"
        "# the feeds\n"
        "feeds:\n"
        "  - demo:world.xml   # the demo\n"
        "keys:\n"
        "  star: f9\n"
        "  refresh_all: R, ctrl+r\n"
        "ignore:\n"
        "  - Sponsored\n"
        "colors:\n"
        "  listnormal: white black\n"
        "  listfocus: black yellow\n"
    )
    config = load_config(cfg, check_keys=keymap_problems)
    assert config.settings.max_items == 500  # feeds.yaml's own, kept
    assert (config.settings.text_width, config.settings.browser) == (72, "firefox %u")
    assert config.keys == {"star": "f9", "refresh_all": "R, ctrl+r"}
    assert config.ignore == ("Sponsored",)
    assert [(k.field, k.value, k.sources[0].line) for k in plan.kept] == [
        ("settings.max_items", "500", 2)
    ]
    assert config.colors["listfocus"] == ColorSpec("black", "yellow")
    assert [(o.line, o.name) for o in plan.left_out] == [(6, "bind-key")]


def test_a_second_import_changes_nothing(tmp_path):
    cfg, source = write(tmp_path)
    bring(cfg, source)
    after = cfg.read_bytes()
    plan = bring(cfg, source)
    assert not plan.changed and cfg.read_bytes() == after
    assert not plan.settings and not plan.keys and not plan.ignore
    assert {k.field for k in plan.kept} == {
        "settings.max_items",
        "settings.browser",
        "settings.text_width",
        "ignore",
        "colors.listnormal",
        "colors.listfocus",
    }


def test_a_missing_feeds_yaml_is_made_and_loads(tmp_path):
    cfg, source = write(tmp_path, feeds=None, newsboat="text-width 72\nbind-key ^R reload-all\n")
    bring(cfg, source)
    config = load_config(cfg, check_keys=keymap_problems)
    assert config.feeds == [] and config.settings.text_width == 72
    assert config.keys == {"refresh_all": "R, ctrl+r"}


def test_empty_inline_settings_become_a_block_and_crlf_stays(tmp_path):
    cfg, source = write(tmp_path, feeds="feeds: []\r\nsettings: {}\r\n", newsboat="max-items 9\n")
    bring(cfg, source)
    assert cfg.read_bytes() == b"feeds: []\r\nsettings:\r\n  max_items: 9\r\n"


def test_settings_written_inline_are_refused_and_the_file_left_alone(tmp_path):
    cfg, source = write(
        tmp_path, feeds="feeds: []\nsettings: {max_items: 5}\n", newsboat="text-width 9\n"
    )
    with pytest.raises(ConfigImportError, match="written inline"):
        bring(cfg, source)
    assert cfg.read_text() == "feeds: []\nsettings: {max_items: 5}\n"


def test_a_value_the_loader_refuses_is_left_out_with_its_message(tmp_path):
    cfg, source = write(tmp_path, feeds="feeds: []\n", newsboat="text-width 5000\nmax-items 3\n")
    plan = bring(cfg, source)
    assert [(o.line, o.reason) for o in plan.left_out] == [
        (1, "5000 is out of range; expected 0 to 1000")
    ]
    assert load_config(cfg).settings.max_items == 3


def test_a_result_that_would_not_load_leaves_feeds_yaml_as_it_was(tmp_path):
    cfg, source = write(tmp_path, feeds="feeds: []\n", newsboat="text-width 9\n")
    plan = plan_config_import(source, cfg, TABLE, keymap_problems)
    plan.text += "nonsense: 1\n"  # as if the edit had gone wrong
    with pytest.raises(ConfigImportError, match="would not load"):
        write_config_import(plan, cfg, keymap_problems)
    assert cfg.read_text() == "feeds: []\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# -- the command ---------------------------------------------------------------------------
def run(tmp_path: Path, *args: str) -> int:
    return main(
        ["--config", str(tmp_path / "feeds.yaml"), "--db", str(tmp_path / "t.db"), "import", *args]
    )


def test_cli_imports_a_newsboat_config_and_tells_what_it_did(tmp_path, capsys):
    cfg, source = write(tmp_path)
    (source.parent / "colours").write_text("color background default default\n")
    with source.open("a") as fh:
        fh.write("include colours\nmacro k open ; reload\nmacro v open\n")
    assert run(tmp_path, str(source)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"from {source} (and colours), added to {cfg}:"
    assert "  text_width: 72 <- config:3 text-width 72" in out
    assert (
        '  browser: firefox %u <- config:4 browser "firefox %u &" (the trailing & dropped:'
        " tidings starts a desktop browser beside the reader itself)"
    ) in out
    assert "  refresh_all: R, ctrl+r <- config:5 bind-key ^R reload-all" in out
    assert "  settings.max_items: 500 <- config:2 max-items 200 (newsboat: 200)" in out
    assert "  config:6 bind-key ^F star-nothing: not a newsboat operation" in out
    assert out[out.index("colors:") + 1 :][:3] == [
        "  listnormal: white black <- config:8 color listnormal white black",
        "  listfocus: black yellow <- config:9 color listfocus black yellow",
        "  background: default default <- colours:1 color background default default",
    ]
    assert "  k: [open, refresh] <- config:11 macro k open ; reload" in out
    assert "  v: [open] <- config:12 macro v open" in out
    assert out[-1] == (
        "2 settings, 1 key binding, 1 ignore rule, 2 macros, 3 colours brought over; 1 kept as"
        " feeds.yaml has them; left out: bind-key ^F star-nothing"
    )
    loaded = load_config(cfg, check_keys=keymap_problems)
    assert loaded.settings.text_width == 72
    assert [(m.key, [s.value for s in m.steps]) for m in loaded.macros] == [
        ("k", ["open", "refresh"]),
        ("v", ["open"]),
    ]


def test_cli_dry_run_writes_nothing(tmp_path, capsys):
    cfg, source = write(tmp_path)
    assert run(tmp_path, str(source), "--dry-run") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"from {source}, would add to {cfg}:"
    assert out[-1].startswith(
        "2 settings, 1 key binding, 1 ignore rule, 2 colours would be brought over;"
    )
    assert out[-1].endswith("(--dry-run: nothing written)")
    assert cfg.read_text() == FEEDS_YAML


def test_cli_tells_a_newsboat_config_by_its_lines_and_a_urls_file_still_by_its_own(
    tmp_path, capsys
):
    cfg, _ = write(tmp_path)
    settings = tmp_path / "settings.txt"
    settings.write_text("# mine\nauto-reload yes\nreload-time 20\nunknown-thing 1\n")
    assert run(tmp_path, str(settings)) == 0
    assert load_config(cfg).settings.refresh_every == 20
    urls = tmp_path / "urls"
    urls.write_text("https://new.example/feed tech\n")
    assert run(tmp_path, str(urls), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "would import 1 feed into" in out and "--dry-run: nothing written" in out
    assert "new.example" not in cfg.read_text()
    assert is_newsboat_config(tmp_path / ".newsboat" / "config", "")
    assert not is_newsboat_config(urls, urls.read_text())


def test_cli_will_not_add_to_a_broken_feeds_yaml(tmp_path, capsys):
    cfg, source = write(tmp_path, feeds="feeds:\n  - url: [oops\n")
    assert run(tmp_path, str(source)) == 2
    assert "malformed YAML" in capsys.readouterr().err
    assert cfg.read_text() == "feeds:\n  - url: [oops\n"


def test_cli_names_a_config_it_cannot_read(tmp_path, capsys):
    write(tmp_path)
    assert run(tmp_path, str(tmp_path / "nope"), "--format", "config") == 2
    assert "cannot read" in capsys.readouterr().err


def test_macros_come_over_as_the_reader_can_run_them(tmp_path, capsys):
    # newsboat's "play in mpv": set the browser, open, set it back. A tidings macro's
    # browser goes back by itself, so the last set is dropped; a macro with a step the
    # reader cannot do is left out whole, and a later macro on a key replaces the earlier.
    cfg, source = write(tmp_path)
    with source.open("a") as fh:
        fh.write(
            'macro v set browser "mpv %u" ; open-in-browser ; set browser "firefox %u"'
            ' -- "Play in mpv"\n'
            'macro c pipe-to "wl-copy"\n'
            "macro x set show-read-articles no ; reload\n"
            "macro r purge-deleted\n"
            "macro r toggle-article-read ; next-unread\n"
        )
    assert run(tmp_path, str(source)) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith("  v: [browser: mpv %u, open_link] (Play in mpv) <- config:")
        for line in out
    )
    assert any(
        "macro x: set show-read-articles: a macro sets only the browser here" in line
        for line in out
    )
    assert any("macro r: purge-deleted: no such action in tidings" in line for line in out)
    text = cfg.read_text()
    assert "  v: {do: [{browser: mpv %u}, open_link], description: Play in mpv}\n" in text
    assert "  c: [{pipe: wl-copy}]\n" in text
    macros = load_config(cfg, check_keys=keymap_problems).macros
    assert [m.key for m in macros] == ["v", "c", "r"]
    assert macros[2].steps == (
        MacroStep("action", "toggle_read"),
        MacroStep("action", "next_unread"),
    )
    assert run(tmp_path, str(source)) == 0  # again: feeds.yaml has them now
    assert cfg.read_text() == text


def test_podcast_settings_come_over(tmp_path, capsys):
    newsboat = (
        'download-path "~/Podcasts/"\nplayer "mpv --no-video"\nmax-downloads 3\n'
        'podcast-auto-enqueue yes\ndownload-filename-format %h/%u\nplayer "mpv | tee x"\n'
    )
    assert settings_of(newsboat, tmp_path) == {
        "download_dir": "~/Podcasts/",
        "max_downloads": 3,
        "download": True,
    }
    found = {(line, name): why for line, name, why in left_out_of(newsboat, tmp_path)}
    assert (
        "from its URL or the server's Content-Disposition" in found[5, "download-filename-format"]
    )
    assert found[2, "player"] == "set again on line 6"
    assert "needs a shell" in found[6, "player"]
    cfg, source = write(tmp_path, feeds="feeds: []\n", newsboat=newsboat.rsplit("player", 1)[0])
    assert run(tmp_path, str(source)) == 0
    settings = load_config(cfg).settings
    assert (settings.download_dir, settings.player) == ("~/Podcasts/", "mpv --no-video")
    assert (settings.max_downloads, settings.download) == (3, True)
    assert "download: true <- config:4 podcast-auto-enqueue yes (`tidings download`" in (
        capsys.readouterr().out
    )
