"""feeds.yaml's `colors:` (newsboat's `color` lines): what loads, each kind of mistake
with its line, the CSS the reader lays over the theme, and `tidings import` of a
newsboat config's colour lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from rich.style import Style
from textual.color import Color

from tests.test_newsboat_config import TABLE, run
from tests.test_newsboat_config import write as write_both
from tidings.core.config import ConfigError, load_config
from tidings.core.config_reload import diff_configs
from tidings.core.models import ColorSpec
from tidings.core.newsboat_config_import import plan_config_import, write_config_import
from tidings.tui.colors import colors_css, css_color, row_kinds, text_style
from tidings.tui.keymap import keymap_problems

FEEDS = "feeds:\n  - demo:world.xml\n"


def load(tmp_path: Path, colors: str):
    path = tmp_path / "feeds.yaml"
    path.write_text(FEEDS + "colors:\n" + colors, encoding="utf-8")
    return load_config(path)


def errors(tmp_path: Path, colors: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, colors)
    return [p.replace(f"{tmp_path}/", "") for p in info.value.problems]


def test_newsboat_values_load(tmp_path):
    config = load(
        tmp_path,
        "  listfocus: yellow blue bold\n"
        "  listnormal_unread: cyan default bold underline\n"
        "  listnormal: color250 color234\n"
        "  listfocus_unread: Black COLOR214 Standout\n"  # newsboat's names are any case
        '  info: "#000000 #ffaf00"\n'
        "  article: white\n"  # BG may be left out
        "  background: default default\n"
        "  hint-key: yellow default bold dim blink invis protect reverse\n"
        "  hint-description: white blue\n",
    )
    assert config.colors == {
        "listfocus": ColorSpec("yellow", "blue", ("bold",)),
        "listnormal_unread": ColorSpec("cyan", None, ("bold", "underline")),
        "listnormal": ColorSpec("color250", "color234"),
        "listfocus_unread": ColorSpec("black", "color214", ("standout",)),
        "info": ColorSpec("#000000", "#ffaf00"),
        "article": ColorSpec("white", None),
        "background": ColorSpec(None, None),
        "hint-key": ColorSpec(
            "yellow", None, ("bold", "dim", "blink", "invis", "protect", "reverse")
        ),
        "hint-description": ColorSpec("white", "blue"),
    }


def test_no_colors_and_an_empty_map_load(tmp_path):
    assert load(tmp_path, "").colors == {}
    assert load_config_text(tmp_path, FEEDS).colors == {}


def load_config_text(tmp_path: Path, text: str):
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_each_kind_of_mistake_names_its_line_and_what_is_allowed(tmp_path):
    found = errors(
        tmp_path,
        "  listfocus: yelow blue\n"  # 4
        "  listnormal: red blue bolt\n"  # 5
        "  info: color256 default\n"  # 6
        "  article: '#12345 default'\n"  # 7
        "  titel: red blue\n"  # 8
        "  title: red blue\n"  # 9
        "  background: red blue green\n"  # 10
        "  hint-key: bold red\n"  # 11
        "  listnormal_unread: #ff0000 blue\n"  # 12: YAML takes it for a comment
        "  listfocus_unread: {fg: red}\n"  # 13
        "  hint-description: bold\n",  # 14
    )
    colours = "colours: black red green yellow blue magenta cyan white default, color0 to color255, #rrggbb"
    attributes = "attributes: bold underline reverse standout blink dim invis protect"
    parts = (
        "parts: background, listnormal, listfocus, listnormal_unread, listfocus_unread, info,"
        " article, hint-key, hint-description"
    )
    assert found == [
        "feeds.yaml:4: colors.listfocus: 'yelow' is not a colour or an attribute"
        f" (did you mean 'yellow'?); {colours}; {attributes}",
        "feeds.yaml:5: colors.listnormal: 'bolt' is not a colour or an attribute"
        f" (did you mean 'bold'?); {colours}; {attributes}",
        "feeds.yaml:6: colors.info: 'color256': the palette has color0 to color255",
        "feeds.yaml:7: colors.article: '#12345': a colour by number is #rrggbb, six hex digits",
        f"feeds.yaml:8: colors.titel: unknown part 'titel'; {parts}",
        f"feeds.yaml:9: colors.title: 'title': tidings has no title bar; {parts}",
        "feeds.yaml:10: colors.background: 'green' is a third colour; write FG BG, then attributes",
        "feeds.yaml:11: colors.hint-key: 'red' comes after the attributes; write FG BG, then"
        " attributes",
        "feeds.yaml:12: colors.listnormal_unread: expected FG BG [ATTR...], got nothing"
        ' (a #rrggbb colour needs quotes: "#ff8800 default")',
        "feeds.yaml:13: colors.listfocus_unread: expected FG BG [ATTR...] as one string, got a"
        " mapping; write it on one line, e.g. listfocus_unread: yellow blue bold",
        f"feeds.yaml:14: colors.hint-description: expected a colour first, then attributes; {colours}",
    ]


def test_one_colour_for_background_is_the_background_and_a_list_is_its_words(tmp_path):
    # `background: black` was black text on the theme's grey; a list got a hint about
    # quoting #rrggbb that had nothing to do with it
    config = load(
        tmp_path,
        "  background: black\n"
        "  listfocus: [yellow, blue, bold]\n"
        "  article: [white]\n",  # one colour for any other part is still its text
    )
    assert config.colors == {
        "background": ColorSpec(None, "black"),
        "listfocus": ColorSpec("yellow", "blue", ("bold",)),
        "article": ColorSpec("white", None),
    }
    assert "Screen { background: #000000; }" in colors_css(config.colors)
    assert load(tmp_path, "  background: white black\n").colors == {
        "background": ColorSpec("white", "black")
    }
    assert errors(tmp_path, "  listfocus: []\n  info: [[red], blue]\n") == [
        "feeds.yaml:4: colors.listfocus: expected FG BG [ATTR...] as one string, got an empty"
        " list; write it on one line, e.g. listfocus: yellow blue bold",
        "feeds.yaml:5: colors.info: expected FG BG [ATTR...] as one string, got a list holding"
        " more than words; write it on one line, e.g. info: yellow blue bold",
    ]


def test_the_map_itself_must_be_a_mapping_and_keys_given_once(tmp_path):
    assert errors(tmp_path, "  - listfocus yellow blue\n") == [
        "feeds.yaml:4: colors: expected a mapping of part: FG BG [ATTR...], e.g. listfocus:"
        " yellow blue bold"
    ]
    assert errors(tmp_path, "  info: red blue\n  info: red green\n") == [
        "feeds.yaml:5: colors.info: given twice (lines 4 and 5)"
    ]


def test_a_change_of_colours_is_a_change_of_the_config(tmp_path):
    old = load(tmp_path, "  info: red blue\n")
    new = load(tmp_path, "  info: red green\n")
    change = diff_configs(old, new)
    assert change.colors and not change.feeds and not change.settings
    assert change.summary() == "feeds.yaml: colors changed"
    assert diff_configs(old, load(tmp_path, "  info:   red   blue\n")).empty


# -- the CSS the reader lays over the theme -----------------------------------------------
def test_colours_in_textual_terms():
    # with an ansi theme, the terminal's own colours, as in newsboat
    assert css_color("red", ansi=True) == css_color("color1", ansi=True) == "ansi_red"
    assert css_color("color9", ansi=True) == "ansi_bright_red"
    # else xterm's (Textual's own ANSI palette has a purple blue)
    assert css_color("blue") == css_color("color4") == "#0000ee"
    assert css_color("color15") == "#ffffff"
    assert css_color("color214") == css_color("color214", ansi=True) == "#ffaf00"
    assert css_color("#12abEF") == "#12abEF"
    for word in ("red", "color9", "color214", "#12abef"):
        for ansi in (False, True):
            Color.parse(css_color(word, ansi))  # every one is a colour Textual takes
    assert text_style(ColorSpec("red", None, ("standout", "invis", "reverse"))) == "reverse"
    assert text_style(ColorSpec("red", None)) == "none"  # exactly what the line names


def test_the_css_sets_only_what_the_map_names():
    assert colors_css({}) == ""
    css = colors_css(
        {
            "background": ColorSpec("white", "black"),
            "listnormal": ColorSpec(None, "color234"),
            "listfocus": ColorSpec("yellow", "blue", ("bold",)),
            "info": ColorSpec("#000000", "#ffaf00", ("bold",)),
        },
        ansi=True,
    )
    assert "Screen { color: ansi_white; background: ansi_black; }" in css
    # the lists: their own background, the background part's text colour
    assert "#articles { color: ansi_white; background: #1c1c1c; }" in css
    cursor = "color: ansi_yellow; background: ansi_blue; text-style: bold;"
    assert f"#articles > .article-list--cursor {{ {cursor} }}" in css
    assert f"#articles > .article-list--cursor-unread {{ {cursor} }}" in css  # falls back
    assert f"#feeds:focus > .tree--cursor {{ {cursor} }}" in css
    assert "#status { color: #000000; background: #ffaf00; text-style: bold; }" in css
    assert ".article-list--unread" not in css and "#reader {" in css
    assert row_kinds({"listnormal": ColorSpec()}) == {"read"}
    assert row_kinds({"listnormal_unread": ColorSpec()}) == {"unread"}


def test_a_16_colour_terminal_gets_the_nearest_of_its_colours():
    console = Console(color_system="standard", force_terminal=True, width=10)
    for word in ("color214", "#ffaf00", "color250"):
        style = Style(color=Color.parse(css_color(word)).rich_color)
        with console.capture() as out:
            console.print("x", style=style, end="")
        codes = out.get()[2:].split("m", 1)[0]
        assert codes in {str(n) for n in [*range(30, 38), *range(90, 98)]}, (word, codes)


# -- tidings import ---------------------------------------------------------------------
NEWSBOAT_COLOURS = """\
# colours, as from a dotfiles repo
color background          white   black
color listnormal          white   black
color listfocus           yellow  blue   bold
color listnormal_unread   cyan    black  bold
color info                black   color214 bold
color title               black   yellow bold
color end-of-text-marker  color8  default
color hint-key            yellow  blue   bold
color hint-separator      white   blue   bold
color listnormal          color250 color234
color article             white   purple
color article             white   default invis
color listfocus_unread    yellow
highlight article "^(Title|Date):.*$" blue default
"""


def test_newsboat_color_lines_become_colors(tmp_path, capsys):
    cfg, source = write_both(
        tmp_path, feeds=FEEDS + "colors:\n  info: white red\n", newsboat=NEWSBOAT_COLOURS
    )
    assert run(tmp_path, str(source), "--dry-run") == 0
    dry = capsys.readouterr().out.splitlines()
    assert cfg.read_text() == FEEDS + "colors:\n  info: white red\n"
    assert run(tmp_path, str(source)) == 0
    out = capsys.readouterr().out.splitlines()
    assert dry[0] == f"from {source}, would add to {cfg}:"
    assert out[0] == f"from {source}, added to {cfg}:"
    assert dry[1:-1] == out[1:-1]
    assert out[1:8] == [
        "colors:",
        "  background: white black <- config:2 color background white black",
        "  listfocus: yellow blue bold <- config:4 color listfocus yellow blue bold",
        "  listnormal_unread: cyan black bold <- config:5 color listnormal_unread cyan black bold",
        "  hint-key: yellow blue bold <- config:9 color hint-key yellow blue bold",
        "  listnormal: color250 color234 <- config:11 color listnormal color250 color234",
        "  article: white default invis <- config:13 color article white default invis"
        " (invis: not drawn by tidings)",
    ]
    assert "kept as feeds.yaml has them:" in out
    assert (
        "  colors.info: white red <- config:6 color info black color214 bold"
        " (newsboat: black color214 bold)"
    ) in out
    left = out[out.index("left out:") + 1 : -1]
    assert left == [
        "  config:3 color listnormal: set again on line 11",
        "  config:7 color title: tidings has no title bar",
        "  config:8 color end-of-text-marker: tidings marks no end of text",
        "  config:10 color hint-separator: the key bar has no separators",
        "  config:12 color article: 'purple' is not a colour or an attribute; colours: black red"
        " green yellow blue magenta cyan white default, color0 to color255, #rrggbb; attributes:"
        " bold underline reverse standout blink dim invis protect",
        "  config:14 color listfocus_unread: expects ELEMENT FG BG [ATTR...]",
    ]
    assert out[8:10] == [  # the highlight line comes over too (test_highlight_import)
        "highlight:",
        "  - {text: '^(Title|Date):.*$', color: blue default, in: article} <- config:15"
        " highlight article ^(Title|Date):.*$ blue default",
    ]
    assert out[-1] == (
        "0 settings, 0 key bindings, 6 colours, 1 highlight rule brought over; 1 kept as"
        " feeds.yaml has them; left out: color (x6)"
    )
    assert dry[-1].endswith("(--dry-run: nothing written)")
    colors = load_config(cfg).colors
    assert list(colors) == [
        "info", "background", "listfocus", "listnormal_unread", "hint-key", "listnormal", "article",
    ]  # fmt: skip
    assert colors["info"] == ColorSpec("white", "red")  # feeds.yaml's own, kept
    assert colors["article"] == ColorSpec("white", None, ("invis",))
    assert run(tmp_path, str(source)) == 0  # again: nothing more to bring
    assert "6 colours" not in capsys.readouterr().out


def test_a_hex_colour_is_written_quoted_and_loads(tmp_path):
    cfg, source = write_both(tmp_path, feeds=FEEDS, newsboat='color info "#000000" "#ffaf00"\n')
    plan = plan_config_import(source, cfg, TABLE, keymap_problems)
    write_config_import(plan, cfg, keymap_problems)
    assert load_config(cfg).colors == {"info": ColorSpec("#000000", "#ffaf00")}
    assert "'#000000 #ffaf00'" in cfg.read_text()
