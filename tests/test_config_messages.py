"""feeds.yaml's messages for values that cannot be taken: what is wrong, said in the
words the user wrote, with the file and line."""

from __future__ import annotations

import pytest

from tidings.core.config import ConfigError, load_config


def errors(tmp_path, text: str) -> list[str]:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return [line.removeprefix(f"{path}:") for line in str(caught.value).splitlines()]


def test_every_command_setting_refuses_shell_syntax_alike(tmp_path):
    """No shell runs a command setting: browser was let through with a pipe that then
    went to the browser as an argument."""
    text = (
        "settings:\n"
        '  browser: "firefox | tee"\n'
        '  player: "mpv | x"\n'
        '  bookmark_cmd: "~/bin/mark.sh > log"\n'
        '  notify_program: "notify-send; beep"\n'
        "macros:\n"
        "  m:\n"
        '    - browser: "lynx $URL"\n'
        "    - open_link\n"
        "feeds: []\n"
    )
    assert errors(tmp_path, text) == [
        "2: settings.browser: '|': no shell runs it; for one write sh -c '…'",
        "3: settings.player: '|': no shell runs it; for one write sh -c '…'",
        "4: settings.bookmark_cmd: '>': no shell runs it; for one write sh -c '…'",
        "5: settings.notify_program: ';': no shell runs it; for one write sh -c '…'",
        "8: macros.m[0].browser: '$': no shell runs it; for one write sh -c '…'",
    ]
    ok = text.replace("firefox | tee", "firefox --new-tab '%u|x'").replace("mpv | x", "mpv")
    ok = ok.replace("~/bin/mark.sh > log", "sh -c 'mark.sh > log'")
    ok = ok.replace("notify-send; beep", "notify-send").replace("lynx $URL", "lynx")
    assert load_config_text(tmp_path, ok).settings.browser == "firefox --new-tab '%u|x'"


def load_config_text(tmp_path, text: str):
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_a_number_that_is_no_whole_number_is_shown_as_written(tmp_path):
    assert errors(tmp_path, "settings:\n  text_width: 4.0\nfeeds: []\n") == [
        "2: settings.text_width: expected a whole number, got 4.0"
    ]


def test_keys_take_a_yaml_list_as_they_take_comma_separated_keys(tmp_path):
    from tidings.tui.keymap import keymap_problems, parse_keymap

    path = tmp_path / "feeds.yaml"
    path.write_text("keys:\n  refresh: [r, F5]\n  quit: q, ctrl+q\nfeeds: []\n")
    config = load_config(path, check_keys=keymap_problems)
    assert parse_keymap(config.keys) == {"refresh": "r,f5", "quit": "q,ctrl+q"}
    assert config.key_lines == {"refresh": 2, "quit": 3}


def test_one_key_given_to_two_actions_says_which_and_where(tmp_path):
    """Textual would keep one of the two bindings, and the other action would stop
    answering its key without a word."""
    from tidings.tui.keymap import keymap_problems

    path = tmp_path / "feeds.yaml"
    path.write_text("keys:\n  down: j, down\n  next_article: j\n  refresh: [r, F5]\nfeeds: []\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path, check_keys=keymap_problems)
    assert str(caught.value) == (
        f"{path}:3: keys.next_article: 'j' is keys.down's key too (line 2): give it to one of them"
    )
