"""Timing helpers the bench scripts share (imported from bench/ as the script's dir)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best(fn: Callable[[], object], rounds: int = 7) -> float:
    """The fastest of `rounds` runs of fn, in seconds."""
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return min(times)
