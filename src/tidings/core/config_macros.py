"""feeds.yaml's `macros:` map: newsboat's `macro`, a key that runs several steps. Pressed
as `,` then its key (newsboat's macro prefix), a macro runs its steps in order, each
when the one before has finished:

    macros:
      v:                          # , v: play the link in mpv
        - browser: mpv %u         # the browser for the rest of this macro only
        - open_link
      r: [toggle_read, next_unread]
      c:
        description: Copy the article
        do:
          - pipe: wl-copy         # pipe the article to a command, as | does, unasked

A step is a reader action (the names of the `keys:` map), `browser: COMMAND` or
`pipe: COMMAND`. The actions and the key belong to the reader, which checks them
(tidings.tui.keymap); the shape, the commands and the sizes are checked here, as
config.py checks the rest of the file, each mistake with its line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

from tidings.core.models import Macro, MacroStep

if TYPE_CHECKING:
    from tidings.core.config import _Checker

MAX_MACROS = 100
MAX_STEPS = 50
MACRO_KEYS = ("do", "description")
STEP_SETTINGS = {"browser": "firefox --new-tab %u", "pipe": "wl-copy"}  # kind -> example
_ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_NULL = "tag:yaml.org,2002:null"


def check_macros(checker: _Checker, node: yaml.Node) -> tuple[Macro, ...]:
    if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
        return ()
    if not isinstance(node, yaml.MappingNode):
        checker.error(
            node, "macros", "expected a mapping of key: steps, e.g. r: [toggle_read, next_unread]"
        )
        return ()
    if len(node.value) > MAX_MACROS:
        checker.error(node, "macros", f"{len(node.value)} macros; at most {MAX_MACROS}")
        return ()
    out: list[Macro] = []
    for key, vnode in checker.mapping(node, "macros", None):
        field = f"macros.{key}"
        description = ""
        steps_node: yaml.Node | None = vnode
        if isinstance(vnode, yaml.MappingNode):
            steps_node = None
            for name, part in checker.mapping(vnode, field, MACRO_KEYS):
                if name == "do":
                    steps_node = part
                else:
                    description = checker.text(part, f"{field}.description") or ""
            if steps_node is None:
                checker.error(vnode, f"{field}.do", "missing; a macro needs its steps")
                continue
        steps = _steps(checker, steps_node, field)
        if steps:
            out.append(Macro(key, steps, description, vnode.start_mark.line + 1))
    return tuple(out)


def _steps(checker: _Checker, node: yaml.Node, field: str) -> tuple[MacroStep, ...]:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if not items:
        checker.error(node, field, "no steps; give one or more, e.g. [toggle_read, next_unread]")
        return ()
    if len(items) > MAX_STEPS:
        checker.error(node, field, f"{len(items)} steps; at most {MAX_STEPS}")
        return ()
    steps: list[MacroStep] = []
    for i, item in enumerate(items):
        where = f"{field}[{i}]" if isinstance(node, yaml.SequenceNode) else field
        step = _step(checker, item, where)
        if step is None:
            return ()  # a macro with a step left out would do something else
        steps.append(step)
    return tuple(steps)


def _step(checker: _Checker, node: yaml.Node, field: str) -> MacroStep | None:
    if isinstance(node, yaml.ScalarNode) and node.tag != _NULL:
        action = str(node.value).strip()
        if not _ACTION_RE.match(action):
            checker.error(node, field, f"expected an action such as open_link, got {action!r}")
            return None
        return MacroStep("action", action)
    if isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        ((knode, vnode),) = node.value
        kind = str(knode.value)
        if kind in STEP_SETTINGS:
            value = checker.command(vnode, f"{field}.{kind}", 1_000, STEP_SETTINGS[kind])
            if value is None:
                return None
            return MacroStep(kind, value)
    checker.error(node, field, "expected an action (open_link), browser: COMMAND or pipe: COMMAND")
    return None
