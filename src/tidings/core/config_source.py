"""feeds.yaml's `source:`: an account on a server that keeps the subscriptions
(newsboat's `urls-source`), checked as config.py checks the rest of the file.

    source:
      type: greader                            # FreshRSS, Miniflux, The Old Reader
      url: https://rss.example.org/api/greader.php
      user: alice
      password_command: pass show freshrss     # its first line is the password

`password:` may hold the password itself (anyone who can read the file can read it).
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import yaml

from tidings.core.models import SourceSpec

if TYPE_CHECKING:
    from tidings.core.config import _Checker

SOURCE_KEYS = ("type", "url", "user", "password", "password_command")
SOURCE_TYPES = ("greader",)


def check_source(checker: _Checker, node: yaml.Node) -> SourceSpec | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return None
    if not isinstance(node, yaml.MappingNode):
        checker.error(node, "source", "expected a mapping with type:, url:, user: and a password")
        return None
    before = len(checker.problems)
    values: dict[str, object] = {}
    nodes: dict[str, yaml.Node] = {}
    for key, vnode in checker.mapping(node, "source", SOURCE_KEYS):
        nodes[key] = vnode
        if key == "password_command":
            values[key] = _command(checker, vnode)
        else:
            values[key] = checker.text(vnode, f"source.{key}")
    for key in ("type", "url", "user"):
        if key not in nodes:
            checker.error(node, f"source.{key}", "missing; " + _NEEDS)
        elif not values[key]:
            checker.error(nodes[key], f"source.{key}", "is empty; " + _NEEDS)
    kind = values.get("type")
    if kind and kind not in SOURCE_TYPES:
        checker.error(
            nodes["type"],
            "source.type",
            f"{kind!r} is not a type tidings knows; write 'greader' (FreshRSS, Miniflux,"
            " The Old Reader and others speak the Google Reader API)",
        )
    url = values.get("url")
    if url and not _is_http(str(url)):
        checker.error(
            nodes["url"],
            "source.url",
            f"{str(url)[:80]!r} is not an http(s) URL (FreshRSS: https://HOST/api/greader.php;"
            " Miniflux: https://HOST/)",
        )
    if "password" in nodes and "password_command" in nodes:
        checker.error(
            nodes["password"],
            "source.password",
            "give password_command: or password:, not both",
        )
    elif "password" not in nodes and "password_command" not in nodes:
        checker.error(
            node,
            "source.password_command",
            "missing; give the command that prints the password (password_command: pass"
            " show freshrss) or, less safe, the password itself (password:)",
        )
    if len(checker.problems) > before:
        return None
    command = values.get("password_command")
    return SourceSpec(
        type=str(kind),
        url=str(url),
        user=str(values["user"]),
        password=values.get("password"),  # type: ignore[arg-type]
        password_command=command or (),  # type: ignore[arg-type]
        line=node.start_mark.line + 1,
    )


_NEEDS = "a source needs type: greader, url:, user: and password_command: (or password:)"


def _command(checker: _Checker, node: yaml.Node) -> tuple[str, ...]:
    """The words of `password_command:`, a string split as a shell would (it is run
    without one) or a list of words."""
    field = "source.password_command"
    if isinstance(node, yaml.SequenceNode):
        words = [checker.text(item, f"{field}[{i}]") or "" for i, item in enumerate(node.value)]
    else:
        text = checker.text(node, field) or ""
        try:
            words = shlex.split(text)
        except ValueError as exc:
            checker.error(node, field, f"cannot split {text[:80]!r} into words: {exc}")
            return ()
    if not words or not words[0]:
        checker.error(node, field, "is empty; write the command, e.g. pass show freshrss")
        return ()
    return tuple(words)


def _is_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
