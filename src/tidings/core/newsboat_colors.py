"""newsboat's `color ELEMENT FG BG [ATTR...]` lines as feeds.yaml's `colors:` map
(tidings.core.config_colors), the element's name kept (`color listfocus yellow blue
bold` becomes `listfocus: yellow blue bold`).

An element tidings has no part for (`title`, `end-of-text-marker`, the key bar's
delimiters), a colour or attribute it does not know, is left out with the reason; a
later line for the same element replaces the earlier, as in newsboat.
"""

from __future__ import annotations

from dataclasses import dataclass

from tidings.core.config_colors import ELEMENTS, IGNORED_ATTRIBUTES, NO_SUCH_PART, parse_color
from tidings.core.newsboat_config import Command, LeftOut, set_again


@dataclass(frozen=True)
class ColorEntry:
    """A `colors:` entry to write: the part, its value as newsboat wrote it, the line."""

    element: str
    value: str
    source: Command
    note: str = ""


def translate_colors(commands: list[Command]) -> tuple[list[ColorEntry], list[LeftOut]]:
    """The `color` commands as `colors:` entries, and what is left out (with why)."""
    found: dict[str, ColorEntry] = {}
    left_out: list[LeftOut] = []
    for command in commands:
        if command.name != "color":
            continue
        element = command.args[0] if command.args else ""
        reason = _reason(command)
        if reason:
            left_out.append(LeftOut.of(command, reason, element))
            continue
        earlier = found.pop(element, None)
        if earlier is not None:
            left_out.append(LeftOut.of(earlier.source, set_again(earlier.source, command), element))
        value = " ".join(command.args[1:])
        ignored = [a for a in IGNORED_ATTRIBUTES if a in (w.lower() for w in command.args[3:])]
        note = f"{', '.join(ignored)}: not drawn by tidings" if ignored else ""
        found[element] = ColorEntry(element, value, command, note)
    return list(found.values()), left_out


def _reason(command: Command) -> str:
    """Why a `color` line cannot come over ("" when it can)."""
    if len(command.args) < 3:
        return "expects ELEMENT FG BG [ATTR...]"
    element = command.args[0]
    if element in NO_SUCH_PART:
        return NO_SUCH_PART[element]
    if element not in ELEMENTS:
        return f"no such element; tidings colours {', '.join(ELEMENTS)}"
    _, problem = parse_color(" ".join(command.args[1:]))
    return problem or ""
