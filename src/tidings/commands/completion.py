"""`tidings completion bash|zsh|fish`: shell completion scripts, generated from the parser."""

from __future__ import annotations

import argparse
import sys

from tidings.commands.context import EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("completion", help="print a shell completion script (bash, zsh, fish)")
    p.add_argument("shell", choices=["bash", "zsh", "fish"])
    p.set_defaults(func=cmd_completion)


def _commands(parser: argparse.ArgumentParser) -> dict[str, tuple[str, list[str]]]:
    """sub-command -> (help, its --options)."""
    out: dict[str, tuple[str, list[str]]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sp in action.choices.items():
                opts = [o for a in sp._actions for o in a.option_strings if o.startswith("--")]
                out[name] = (helps.get(name, ""), opts)
    return out


def _globals(parser: argparse.ArgumentParser) -> list[str]:
    return [o for a in parser._actions for o in a.option_strings if o.startswith("--")]


def bash(parser) -> str:
    cmds = _commands(parser)
    cases = "\n".join(
        f'        {name}) opts="{" ".join(opts)}" ;;' for name, (_, opts) in cmds.items()
    )
    return f"""# bash completion for tidings: eval "$(tidings completion bash)"
_tidings() {{
    local cur cmd opts i
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in
            --config|--db) ((i++)) ;;
            -*) ;;
            *) cmd="${{COMP_WORDS[i]}}"; break ;;
        esac
    done
    case "${{COMP_WORDS[COMP_CWORD-1]}}" in
        --config|--db) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    if [[ -z "$cmd" ]]; then
        COMPREPLY=($(compgen -W "{" ".join(cmds)} {" ".join(_globals(parser))}" -- "$cur"))
        return
    fi
    case "$cmd" in
{cases}
        *) opts="" ;;
    esac
    if [[ "$cmd" == completion ]]; then opts="$opts bash zsh fish"; fi
    if [[ "$cmd" == mark ]]; then opts="$opts read unread star unstar"; fi
    COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
    if [[ "$cmd" == import || "$cmd" == import-cache || "$cmd" == parse || "$cmd" == extract ]]; then
        COMPREPLY+=($(compgen -f -- "$cur"))
    fi
}}
complete -o default -F _tidings tidings
"""


def zsh(parser) -> str:
    cmds = _commands(parser)
    items = "\n".join(f"        '{n}:{h.replace(chr(39), '')}'" for n, (h, _) in cmds.items())
    cases = "\n".join(
        f"        {n}) _arguments {' '.join(repr(o) for o in opts)} '*:file:_files' ;;"
        for n, (_, opts) in cmds.items()
    )
    return f"""#compdef tidings
# zsh completion for tidings: tidings completion zsh > ~/.zfunc/_tidings
_tidings() {{
    local -a commands
    commands=(
{items}
    )
    _arguments -C \\
        '--config[feeds.yaml to use]:file:_files' \\
        '--db[article database to use]:file:_files' \\
        '--version[show the version]' \\
        '1: :->cmd' '*:: :->args'
    case $state in
    cmd) _describe 'command' commands ;;
    args)
        case $words[1] in
{cases}
        esac ;;
    esac
}}
compdef _tidings tidings
"""


def fish(parser) -> str:
    cmds = _commands(parser)
    lines = [
        "# fish completion for tidings: tidings completion fish > ~/.config/fish/completions/tidings.fish",
        "complete -c tidings -f",
        "complete -c tidings -l config -r -F -d 'feeds.yaml to use'",
        "complete -c tidings -l db -r -F -d 'article database to use'",
        "complete -c tidings -l version -d 'show the version'",
    ]
    names = " ".join(cmds)
    for name, (help_, opts) in cmds.items():
        h = help_.replace("'", "")
        lines.append(
            f"complete -c tidings -n 'not __fish_seen_subcommand_from {names}' -a {name} -d '{h}'"
        )
        for opt in opts:
            lines.append(
                f"complete -c tidings -n '__fish_seen_subcommand_from {name}' -l {opt[2:]}"
            )
    lines.append(
        "complete -c tidings -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'"
    )
    lines.append(
        "complete -c tidings -n '__fish_seen_subcommand_from mark' -a 'read unread star unstar'"
    )
    return "\n".join(lines) + "\n"


def cmd_completion(ctx, args: argparse.Namespace) -> int:
    from tidings.cli import build_parser

    parser = build_parser()
    sys.stdout.write({"bash": bash, "zsh": zsh, "fish": fish}[args.shell](parser))
    return EXIT_OK
