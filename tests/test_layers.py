"""The core knows nothing of Textual: the design's one-direction rule."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "src" / "tidings" / "core"


def test_core_never_imports_textual():
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in {"textual", "tidings.tui"} or name.startswith(
                    "tidings.tui"
                ):
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
