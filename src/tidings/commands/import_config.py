"""`tidings import ~/.newsboat/config`: newsboat's settings and keys into feeds.yaml,
and the report of what was brought over, kept and left out (each with its line)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tidings.commands.context import EXIT_OK, EXIT_USAGE, CommandError, Context
from tidings.core.config_edit import yaml_scalar
from tidings.core.newsboat_config import Command, LeftOut, shown_path
from tidings.core.newsboat_config_import import ConfigImport
from tidings.core.plural import counted
from tidings.core.sanitize import clean, hide_passwords


def import_newsboat_config(ctx: Context, path: Path, dry_run: bool) -> int:
    from tidings.core.newsboat_config import ConfigFileError
    from tidings.core.newsboat_config_import import (
        ConfigImportError,
        plan_config_import,
        write_config_import,
    )
    from tidings.core.newsboat_keys import KeyTable
    from tidings.tui.keymap import ACTIONS, keymap_problems, normalize_key

    if ctx.config_path.exists():
        ctx.config(check_keys=keymap_problems)  # its own mistakes first, with their lines
    table = KeyTable({a.id: a.keys for a in ACTIONS}, normalize_key)
    try:
        plan = plan_config_import(path, ctx.config_path, table, keymap_problems)
        if not dry_run:
            write_config_import(plan, ctx.config_path, keymap_problems)
    except ConfigFileError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    except (ConfigImportError, OSError) as exc:
        raise CommandError(f"cannot bring {path} into {ctx.config_path}: {exc}") from None
    for line in report(plan, ctx.config_path, dry_run):
        # no escapes, no passwords; spaces as written (a regex's "  " is two)
        print(hide_passwords(clean(line).replace("\n", " ")))
    return EXIT_OK


def report(plan: ConfigImport, feeds_path: Path, dry_run: bool) -> list[str]:
    """What the import did (or, dry, would do), a line each, lines of the newsboat files
    named as `config:12`."""
    main = plan.files[0] if plan.files else plan.source
    out: list[str] = []
    extra = [shown_path(f, main) for f in plan.files[1:]]
    read = f"{main}" + (f" (and {', '.join(extra)})" if extra else "")
    verb = "would add to" if dry_run else "added to"
    if plan.brings:
        out.append(f"from {read}, {verb} {feeds_path}:")
    if plan.settings:
        out.append("settings:")
        for s in plan.settings:
            out.append(_entry(f"  {s.name}: {yaml_scalar(s.value)}", s.sources, s.note, main))
    if plan.keys:
        out.append("keys:")
        for k in plan.keys:
            notes = "; ".join(c.note for c in k.changes if c.note)
            out.append(
                _entry(f"  {k.action}: {k.keys}", [c.command for c in k.changes], notes, main)
            )
    if plan.ignore:
        out.append("ignore:")
        for r in plan.ignore:
            out.append(_entry(f"  - {yaml_scalar(r.value)}", r.sources, r.note, main))
    if plan.macros:
        out.append("macros:")
        for m in plan.macros:
            out.append(_entry(f"  {m.key}: {_macro_value(m.value)}", [m.source], "", main))
    if plan.colors:
        out.append("colors:")
        for c in plan.colors:
            out.append(_entry(f"  {c.element}: {yaml_scalar(c.value)}", [c.source], c.note, main))
    if plan.highlights:
        out.append("highlight:")
        for h in plan.highlights:
            out.append(_entry(f"  - {yaml_scalar(h.value, sort=False)}", [h.source], "", main))
    if plan.account is not None and plan.account.entries:
        out.append("source:")
        for name, value in plan.account.entries:
            if name == "password":  # never printed: the line it came from is named
                line = plan.account.lines[name].where(main)
                out.append(f"  password: *** <- {line} {plan.account.lines[name].name}")
                continue
            line = plan.account.lines.get(name)
            sources = [line] if line is not None else []
            out.append(_entry(f"  {name}: {yaml_scalar(value)}", sources, "", main))
        if plan.account.note:
            out.append(f"  ({plan.account.note})")
    if plan.kept:
        out.append(f"kept as {feeds_path.name} has them:")
        for k in plan.kept:
            out.append(_entry(f"  {k.field}: {k.value}", k.sources, k.note, main))
    if plan.already:
        out.append("tidings does so already:")
        for c in plan.already:
            out.append(f"  {c.command.where(main)} {_said(c.command)}: {c.note}")
    if plan.left_out:
        out.append("left out:")
        for places, name, detail, reason in _grouped(plan.left_out):
            count = f" (x{len(places)})" if len(places) > 1 else ""
            what = f"{name} {detail}" if detail else name
            out.append(f"  {_places(places, main)} {what}{count}: {reason}")
    out.append(_summary(plan, dry_run, feeds_path))
    return out


def _summary(plan: ConfigImport, dry_run: bool, feeds_path: Path) -> str:
    counts = [
        counted(len(plan.settings), "setting"),
        counted(plan.bindings, "key binding"),
    ]
    if plan.ignore:
        counts.append(counted(len(plan.ignore), "ignore rule"))
    if plan.macros:
        counts.append(counted(len(plan.macros), "macro"))
    if plan.colors:
        counts.append(counted(len(plan.colors), "colour"))
    if plan.highlights:
        counts.append(counted(len(plan.highlights), "highlight rule"))
    if plan.account is not None and plan.account.entries:
        counts.append("the account (source:)")
    done = "would be brought over" if dry_run else "brought over"
    parts = [f"{', '.join(counts)} {done}"]
    if plan.kept:
        parts.append(f"{len(plan.kept)} kept as {feeds_path.name} has them")
    if plan.left_out:
        names: dict[str, int] = {}
        for o in plan.left_out:
            label = f"{o.name} {o.detail}" if o.detail and o.name in _KEY_COMMANDS else o.name
            names[label] = names.get(label, 0) + 1
        shown = [f"{n} (x{c})" if c > 1 else n for n, c in names.items()]
        parts.append("left out: " + ", ".join(shown))
    line = "; ".join(parts)
    if dry_run:
        line += " (--dry-run: nothing written)"
    elif not plan.changed:
        line += f" ({feeds_path.name} unchanged)"
    return line


_KEY_COMMANDS = {"bind-key", "bind", "unbind-key"}


def _macro_value(value: object) -> str:
    """A macro's steps as one line: `browser: mpv %u, open_link`."""
    described = value if isinstance(value, dict) else {"do": value}
    steps = described.get("do") or []
    said = ", ".join(
        ", ".join(f"{k}: {v}" for k, v in s.items()) if isinstance(s, dict) else str(s)
        for s in steps
    )
    about = described.get("description")
    return f"[{said}]" + (f" ({about})" if about else "")


def _entry(head: str, sources: Sequence[Command], note: str, main: Path) -> str:
    said = ", ".join(f"{c.where(main)} {_said(c)}" for c in sources)
    tail = f" ({note})" if note else ""
    return f"{head} <- {said}{tail}" if said else f"{head}{tail}"


def _said(command: Command) -> str:
    """A command as newsboat's file could have it: words with spaces or quotes quoted."""
    words = [command.name]
    for word in command.args:
        if not word or any(c.isspace() or c in '"#\\' for c in word):
            word = '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
        words.append(word)
    return " ".join(words)


def _grouped(left_out: list[LeftOut]) -> list[tuple[list[LeftOut], str, str, str]]:
    """Left-out lines, the same command left out for the same reason together."""
    groups: dict[tuple[str, str, str], list[LeftOut]] = {}
    for o in left_out:
        groups.setdefault((o.name, o.detail, o.reason), []).append(o)
    return [(places, name, detail, reason) for (name, detail, reason), places in groups.items()]


def _places(places: list[LeftOut], main: Path) -> str:
    """`config:3, 7, colours:1`: the lines, the file named when it changes."""
    out: list[str] = []
    last: Path | None = None
    for o in places:
        out.append(f"{shown_path(o.file, main)}:{o.line}" if o.file != last else str(o.line))
        last = o.file
    return ", ".join(out)
