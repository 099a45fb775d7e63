"""feeds.yaml's `colors:` map: newsboat's `color` lines, the reader's parts named as
newsboat names them, each `FG BG [ATTR...]` as newsboat writes it:

    colors:
      listfocus: yellow blue bold        # newsboat: color listfocus yellow blue bold
      listnormal_unread: cyan default bold
      info: black color214               # the status line and the key bar
      article: "#d0d0d0 default"         # quoted: YAML takes a # after a space as a comment

Colours: black red green yellow blue magenta cyan white (the terminal's own, as in
newsboat), color0 to color255 (the 256-colour palette), #rrggbb, and default (the
theme's colour there). Attributes: bold underline reverse standout (drawn as reverse)
blink dim, and invis and protect, which are taken but not drawn. A colour left at
default, and a part not named, keeps the theme's colour: `colors:` is laid over
`theme:`. One colour for `background` is its background (`background: black`), and a
YAML list of the words is read as the words in a row. Checked here, each mistake with its line, as config.py checks the rest;
the reader (tidings.tui.colors) turns the map into its styles.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

import yaml

from tidings.core.models import ColorSpec

if TYPE_CHECKING:
    from tidings.core.config import _Checker

# The parts the reader colours, by newsboat's names, and what each is in tidings.
ELEMENTS: dict[str, str] = {
    "background": "every pane's background and text, under the parts below",
    "listnormal": "the feed and article lists (read articles)",
    "listfocus": "the cursor's row in the lists",
    "listnormal_unread": "unread articles' rows",
    "listfocus_unread": "the cursor's row on an unread article (else listfocus)",
    "info": "the status line and the key bar",
    "article": "the reading pane's text",
    "hint-key": "the keys in the key bar (else info)",
    "hint-description": "what the keys in the key bar do (else info)",
}
# newsboat's elements tidings has no part for, and why (for `tidings import`).
NO_SUCH_PART: dict[str, str] = {
    "title": "tidings has no title bar",
    "end-of-text-marker": "tidings marks no end of text",
    "hint-keys-delimiter": "the key bar has no delimiters",
    "hint-separator": "the key bar has no separators",
}
COLOR_NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
ATTRIBUTES = ("bold", "underline", "reverse", "standout", "blink", "dim", "invis", "protect")
# taken (newsboat's files have them) but not drawn: the reader hides no text, and
# protect is a printer's attribute no terminal shows
IGNORED_ATTRIBUTES = ("invis", "protect")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_INDEXED = re.compile(r"^color(\d{1,3})$")
_NULL = "tag:yaml.org,2002:null"
_COLORS_SAID = "black red green yellow blue magenta cyan white default, color0 to color255, #rrggbb"


def color_problem(word: str) -> str | None:
    """Why `word` (lower case) is not a colour newsboat writes, None when it is one."""
    if word == "default" or word in COLOR_NAMES or _HEX.match(word):
        return None
    m = _INDEXED.match(word)
    if m and int(m.group(1)) <= 255:
        return None
    if m:
        return f"{word!r}: the palette has color0 to color255"
    if word.startswith("#"):
        return f"{word!r}: a colour by number is #rrggbb, six hex digits"
    return None if word in ATTRIBUTES else f"{word!r} is not a colour"


def parse_color(text: str) -> tuple[ColorSpec | None, str | None]:
    """`FG [BG] [ATTR...]` as newsboat writes it (its `color` line without the element):
    the spec, or None and what is wrong. The colours come first, then the attributes;
    BG may be left out (default)."""
    words = text.split()
    if not words:
        return None, f"expected FG BG [ATTR...], e.g. yellow blue bold; colours: {_COLORS_SAID}"
    colors: list[str] = []
    attrs: list[str] = []
    for word in words:
        lower = word.lower()
        if lower in ATTRIBUTES:
            if lower not in attrs:
                attrs.append(lower)
            continue
        problem = color_problem(lower)
        if problem is not None:
            return None, _neither(lower, problem)
        if attrs:
            return None, f"{word!r} comes after the attributes; write FG BG, then attributes"
        if len(colors) == 2:
            return None, f"{word!r} is a third colour; write FG BG, then attributes"
        colors.append(lower)
    if not colors:
        return None, f"expected a colour first, then attributes; colours: {_COLORS_SAID}"
    fg = colors[0]
    bg = colors[1] if len(colors) > 1 else "default"
    return ColorSpec(
        fg=None if fg == "default" else fg,
        bg=None if bg == "default" else bg,
        attrs=tuple(attrs),
    ), None


def _neither(word: str, problem: str) -> str:
    """The message for a word that is no colour (nor attribute), with a guess."""
    if not problem.endswith("is not a colour"):
        return problem
    near = difflib.get_close_matches(word, (*COLOR_NAMES, "default", *ATTRIBUTES), n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    return (
        f"{word!r} is not a colour or an attribute{hint}; colours: {_COLORS_SAID};"
        f" attributes: {' '.join(ATTRIBUTES)}"
    )


def check_colors(checker: _Checker, node: yaml.Node) -> dict[str, ColorSpec]:
    if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
        return {}
    if not isinstance(node, yaml.MappingNode):
        checker.error(
            node,
            "colors",
            "expected a mapping of part: FG BG [ATTR...], e.g. listfocus: yellow blue bold",
        )
        return {}
    out: dict[str, ColorSpec] = {}
    for name, vnode in checker.mapping(node, "colors", None):
        field = f"colors.{name}"
        if name not in ELEMENTS:
            checker.error(vnode, field, _element_problem(name), line=_key_line(node, name))
            continue
        text = _value_text(checker, vnode, field, name)
        if text is None:
            continue
        spec, problem = parse_color(text)
        if spec is None:
            checker.error(vnode, field, problem or "not a colour")
            continue
        if name == "background" and _colour_count(text) == 1:
            # `background: black` names the background, not text on the theme's grey
            spec = ColorSpec(fg=None, bg=spec.fg, attrs=spec.attrs)
        out[name] = spec
    return out


def _value_text(checker: _Checker, node: yaml.Node, field: str, name: str) -> str | None:
    """A part's `FG BG [ATTR...]` as one string: a YAML list of words (`[yellow,
    blue]`) is taken as the words written in a row; None (told) for anything else."""
    if isinstance(node, yaml.ScalarNode) and node.tag != _NULL:
        return str(node.value)
    if isinstance(node, yaml.SequenceNode) and node.value:
        if all(isinstance(item, yaml.ScalarNode) and item.tag != _NULL for item in node.value):
            return " ".join(str(item.value) for item in node.value)
    if isinstance(node, yaml.ScalarNode):  # nothing: `article: #d0d0d0` is a comment
        hint = ' (a #rrggbb colour needs quotes: "#ff8800 default")'
        checker.error(node, field, f"expected FG BG [ATTR...], got nothing{hint}")
    else:
        if isinstance(node, yaml.MappingNode):
            got = "a mapping"
        else:
            got = "a list holding more than words" if node.value else "an empty list"
        checker.error(
            node,
            field,
            f"expected FG BG [ATTR...] as one string, got {got};"
            f" write it on one line, e.g. {name}: yellow blue bold",
        )
    return None


def _colour_count(text: str) -> int:
    return sum(1 for word in text.split() if word.lower() not in ATTRIBUTES)


def _element_problem(name: str) -> str:
    if name in NO_SUCH_PART:
        return f"{name!r}: {NO_SUCH_PART[name]}; parts: {', '.join(ELEMENTS)}"
    near = difflib.get_close_matches(name.lower().replace("-", "_"), ELEMENTS, n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    return f"unknown part {name!r}{hint}; parts: {', '.join(ELEMENTS)}"


def _key_line(node: yaml.MappingNode, name: str) -> int:
    for knode, _ in node.value:
        if isinstance(knode, yaml.ScalarNode) and str(knode.value) == name:
            return knode.start_mark.line + 1
    return node.start_mark.line + 1
