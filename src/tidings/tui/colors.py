"""feeds.yaml's `colors:` (tidings.core.config_colors) laid over the theme: one block of
Textual CSS made from the map, kept in the app's stylesheet under its own name and
replaced when feeds.yaml changes (the widgets then restyle once, as on a theme change).

The widgets read their parts' styles through component classes, which Textual caches:
a colour set here costs a keypress nothing (the list's cursor still repaints two rows).
Under NO_COLOR the map's colours are dropped, its attributes kept (a listfocus of
yellow on blue in greys made the cursor all but invisible), and on a
16-colour terminal Rich gives each colour the nearest of the 16. With theme: ansi-dark
or ansi-light the names (red, color1…color15) are the terminal's own colours, as in
newsboat; color16 to color255 and #rrggbb are exact where the terminal can show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.color import EIGHT_BIT_PALETTE

from tidings.core.config_colors import COLOR_NAMES, IGNORED_ATTRIBUTES
from tidings.core.models import ColorSpec

if TYPE_CHECKING:
    from textual.app import App

SOURCE = ("tidings", "feeds.yaml colors")  # the stylesheet's name for the block
TIE_BREAKER = 10  # over tidings.tcss where a rule of each has the same selector weight
_STYLE = {"standout": "reverse"}
# xterm's 16 colours, as most terminals start: black red green yellow blue magenta cyan
# white, then their bright forms
XTERM = (
    "#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
    "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
)  # fmt: skip  # curses' standout is reverse video in every terminal


def theme_for(app: App, name: str | None) -> str:
    """The theme to draw with: feeds.yaml's (textual-dark if none). Under NO_COLOR an
    ansi-* theme came out black on black (Textual's monochrome filter reads the
    terminal's own colours as black): its textual-* twin is drawn in greys instead."""
    name = name or "textual-dark"
    if getattr(app, "no_color", False) and name.startswith("ansi-"):
        return "textual-" + name.removeprefix("ansi-")
    return name


def css_color(word: str, ansi: bool = False) -> str:
    """A colour as newsboat writes it, in Textual's CSS. The eight names and color0 to
    color15 are the terminal's own with an ansi theme (ansi_*); with the others,
    which draw in exact colours, they are xterm's shades of them (Textual's own ANSI
    palette draws blue purple). color16 to color255 are the 256-colour palette's."""
    index = COLOR_NAMES.index(word) if word in COLOR_NAMES else None
    if word.startswith("color"):
        index = int(word[5:])
    if index is None:
        return word
    if index < 16 and ansi:
        bright = "bright_" if index >= 8 else ""
        return f"ansi_{bright}{COLOR_NAMES[index % 8]}"
    if index < 16:
        return XTERM[index]
    return EIGHT_BIT_PALETTE[index].hex


def text_style(spec: ColorSpec) -> str:
    """The attributes as Textual's text-style ("none" when none is given, as newsboat
    draws a part with exactly the attributes its line names); invis is not drawn."""
    words = [_STYLE.get(a, a) for a in spec.attrs if a not in IGNORED_ATTRIBUTES]
    return " ".join(dict.fromkeys(words)) or "none"


def over(top: ColorSpec | None, under: ColorSpec | None) -> ColorSpec | None:
    """`top` with its default colours taken from `under` (a list's colours over the
    background's); its own attributes."""
    if top is None:
        return under
    if under is None:
        return top
    return ColorSpec(top.fg or under.fg, top.bg or under.bg, top.attrs)


# The unfocused pane's cursor: the ansi themes give it no shade (the terminal's default
# background), so the row the other pane stands on did not show at all: underlined.
_ANSI_BLURRED = (
    "#feeds > .tree--cursor { text-style: underline; }\n"
    "#feeds:focus > .tree--cursor { text-style: $block-cursor-text-style; }\n"
    "#articles > .article-list--cursor-blurred { text-style: underline; }\n"
    # the tree's guide lines came out in the terminal's black: unseen on a dark terminal
    "#feeds > .tree--guides { color: ansi_bright_black; }\n"
    "#feeds > .tree--guides-hover { color: ansi_bright_black; }\n"
    "#feeds > .tree--guides-selected { color: ansi_white; }\n"
)


def _rule(
    selector: str, spec: ColorSpec | None, ansi: bool, *, style: bool = True, tint: bool = False
) -> str:
    if spec is None:
        return ""
    parts = []
    if spec.fg:
        parts.append(f"color: {css_color(spec.fg, ansi)};")
    if spec.bg:
        parts.append(f"background: {css_color(spec.bg, ansi)};")
        if tint:  # the focused tree's tint would shade the colour asked for
            parts.append("background-tint: $foreground 0%;")
    if style:
        parts.append(f"text-style: {text_style(spec)};")
    return f"{selector} {{ {' '.join(parts)} }}\n" if parts else ""


def colors_css(colors: Mapping[str, ColorSpec], ansi: bool = False) -> str:
    """The CSS that gives the reader's parts the colours of the map ("" for none);
    ansi: the theme is ansi-dark / ansi-light, the terminal's own colours."""
    blurred = _ANSI_BLURRED if ansi else ""
    if not colors:
        return blurred
    background = colors.get("background")
    lists = over(colors.get("listnormal"), background)
    unread = colors.get("listnormal_unread")
    focus = colors.get("listfocus")
    focus_unread = colors.get("listfocus_unread") or focus
    article = over(colors.get("article"), background)
    info = colors.get("info")
    out = [
        blurred,
        _rule("Screen", background, ansi, style=False),
        _rule("#related", background, ansi, style=False),
        # the lists: read rows in listnormal, the tree's names too
        _rule("#feeds", lists, ansi, style=False, tint=True),
        _rule("#articles", lists, ansi, style=False),
        _rule("#articles > .article-list--read", colors.get("listnormal"), ansi),
        _rule("#articles > .article-list--unread", unread, ansi),
        _rule("#articles > .article-list--cursor", focus, ansi),
        _rule("#articles > .article-list--cursor-unread", focus_unread, ansi),
        _rule("#feeds:focus > .tree--cursor", focus, ansi),
        _rule("#feeds > .feed-tree--unread", unread, ansi),
        _rule("#reader", article, ansi, style=False),
        _rule("#status", info, ansi),
        _rule("#keys", over(colors.get("hint-description"), info), ansi),
        _rule("#keys > .key-bar--key", over(colors.get("hint-key"), info), ansi),
    ]
    return "".join(out)


def row_kinds(colors: Mapping[str, ColorSpec]) -> frozenset[str]:
    """The article rows drawn in one colour across (marks, date, title and feed), as
    newsboat draws its lines: read rows when listnormal is set, unread ones when
    listnormal_unread is (otherwise their parts keep the theme's shades)."""
    kinds = {"read"} if "listnormal" in colors else set()
    if "listnormal_unread" in colors:
        kinds.add("unread")
    return frozenset(kinds)


def set_colors(app: App[object], colors: Mapping[str, ColorSpec]) -> None:
    """Put the map's CSS, for the app's theme, in its stylesheet in place of the one
    before (the caller restyles: App.refresh_css, a theme's change, or the start)."""
    if getattr(app, "no_color", False):  # no colour means none: the attributes stay
        colors = {part: ColorSpec(attrs=spec.attrs) for part, spec in colors.items()}
    css = colors_css(colors, ansi=app.theme.startswith("ansi-"))
    app.stylesheet.add_source(css, read_from=SOURCE, is_default_css=False, tie_breaker=TIE_BREAKER)
