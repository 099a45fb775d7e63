#!/usr/bin/env python3
"""Remake the README screenshot: the reader on the bundled demo feeds (demo:NAME, read
from the package, no network), as SVG from Textual's own screenshot.

    .venv/bin/python bench/screenshot.py docs/screenshot.svg [--size 160x44]

Dates are shown in UTC so the picture doesn't depend on where it is made. Without demo
feeds installed it falls back to tidings.tui.demo_data.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tidings.core.config import demo_names  # noqa: E402
from tidings.core.models import Config, FeedSpec, SavedSearch, Settings  # noqa: E402
from tidings.core.refresh import refresh  # noqa: E402
from tidings.tui.app import make_app  # noqa: E402
from tidings.tui.demo_data import fill_demo_store  # noqa: E402

CATEGORIES = {"world.xml": "News", "china.xml": "News", "tech.atom": "Tech"}


def demo_store(db: Path) -> Config:
    """The demo feeds fetched into `db` (from the package: no network)."""
    names = demo_names()
    if not names:
        return fill_demo_store(db)
    specs = [FeedSpec(f"demo:{name}", category=CATEGORIES.get(name, "Science")) for name in names]
    settings = Settings(refresh_on_startup=False)
    summary = refresh(db, specs, settings)
    if summary.failed:
        raise SystemExit(f"demo feeds failed: {summary.errors}")
    searches = [SavedSearch("Storms 台风", "台风 OR typhoon OR 颱風")]  # shows the Searches place
    return Config(feeds=specs, settings=settings, searches=searches)


async def shoot(db: Path, config: Config, out: Path, cols: int, rows: int) -> None:
    app = make_app(config, db, refresh_on_start=False)
    async with app.run_test(size=(cols, rows)) as pilot:
        for keys in ((), ("j", "j", "j", "j"), ("enter",)):
            for key in keys:
                await pilot.press(key)
            for _ in range(4):
                await app.workers.wait_for_complete()
                await pilot.pause()
        svg = app.export_screenshot(title="tidings")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(svg, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--size", default="160x44", help="COLSxROWS (default 160x44)")
    args = ap.parse_args()
    cols, rows = (int(n) for n in args.size.lower().split("x"))
    os.environ["TZ"] = "UTC"
    time.tzset()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        config = demo_store(db)  # refresh() runs its own event loop: before asyncio.run
        asyncio.run(shoot(db, config, args.out, cols, rows))
    print(f"wrote {args.out} ({cols}x{rows})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
