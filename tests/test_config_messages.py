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
