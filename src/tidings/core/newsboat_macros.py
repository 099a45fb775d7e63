"""newsboat's `macro KEY OPERATION [ARGS] ; OPERATION… [-- "description"]` as feeds.yaml's
`macros:` (tidings.core.config_macros).

An operation becomes the reader's action (newsboat_keys.OPERATIONS), `set browser X`
a `browser: X` step, `pipe-to CMD` a `pipe: CMD` step. newsboat's macros set the
browser and set it back at the end (`set browser "mpv %u" ; open-in-browser ; set browser
"firefox %u"`); a tidings macro's browser goes back by itself, so a `set browser` with
nothing after it is dropped. A macro with a step the reader cannot do (another `set`,
an operation it lacks) is left out whole, with the reason: a macro doing part of its work
would do something else. A later macro on the same key replaces the earlier, as in
newsboat.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tidings.core.newsboat_config import Command, LeftOut, set_again
from tidings.core.newsboat_keys import OPERATIONS, newsboat_key


@dataclass(frozen=True)
class MacroEntry:
    """A `macros:` entry to write: the key as feeds.yaml writes it, its value (a list of
    steps, or `{do: [...], description: ...}`), and the newsboat line."""

    key: str
    value: object
    source: Command


class _LeftOut(ValueError):
    pass


def translate_macros(
    commands: list[Command], normalize: Callable[[str], str | None]
) -> tuple[list[MacroEntry], list[LeftOut]]:
    """The `macro` commands as `macros:` entries, and what is left out (with why).
    `normalize`: the reader's key-name check (a key as written -> its name, or None)."""
    found: dict[str, MacroEntry] = {}
    left_out: list[LeftOut] = []
    for command in commands:
        if command.name != "macro":
            continue
        try:
            entry = _macro(command, normalize)
        except _LeftOut as exc:
            left_out.append(LeftOut.of(command, str(exc), " ".join(command.args[:1])))
            continue
        earlier = found.pop(entry.key, None)
        if earlier is not None:
            detail = earlier.key
            left_out.append(LeftOut.of(earlier.source, set_again(earlier.source, command), detail))
        found[entry.key] = entry
    return list(found.values()), left_out


def _macro(command: Command, normalize: Callable[[str], str | None]) -> MacroEntry:
    args = list(command.args)
    if len(args) < 2:
        raise _LeftOut("expects a key and operations")
    written, *words = args
    description = ""
    if "--" in words:
        at = words.index("--")
        description = " ".join(words[at + 1 :])
        words = words[:at]
    plain = newsboat_key(written)
    if plain is None or normalize(plain) is None:
        raise _LeftOut(f"no such key here: {written!r}")
    steps: list[object] = []
    for step in _split_steps(words):
        steps.append(_step(step))
    while steps and isinstance(steps[-1], dict) and "browser" in steps[-1]:
        steps.pop()  # newsboat's "set it back": tidings' macros do that by themselves
    if not steps:
        raise _LeftOut("does nothing the reader can do")
    value: object = {"do": steps, "description": description} if description else steps
    return MacroEntry(plain, value, command)


def _split_steps(words: list[str]) -> list[list[str]]:
    """The operations of a macro, split at `;` (a word of its own or ending one)."""
    steps: list[list[str]] = [[]]
    for word in words:
        if word == ";":
            steps.append([])
        elif word.endswith(";") and len(word) > 1:
            steps[-1].append(word[:-1])
            steps.append([])
        else:
            steps[-1].append(word)
    return [s for s in steps if s]


def _step(words: list[str]) -> object:
    operation, *args = words
    if operation == "set":
        if len(args) == 2 and args[0] == "browser":
            return {"browser": args[1]}
        what = args[0] if args else ""
        raise _LeftOut(f"set {what}: a macro sets only the browser here".replace("set :", "set:"))
    if operation == "pipe-to" and args:
        return {"pipe": " ".join(args)}
    action = OPERATIONS.get(operation)
    if action is None:
        raise _LeftOut(f"{operation}: no such action in tidings")
    return action
