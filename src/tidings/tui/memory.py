"""Python's full garbage collections, kept out of keypresses.

A full (generation 2) collection walks every object the collector tracks. Once the
reader is up over a big store that is about 100,000 objects (the widgets, 1,000 feeds in
the tree, styles), and a walk takes 30-40 ms: it struck, now and then, in the middle of
a keypress (bench/tui saw the first Enter at 200x50 take 45-53 ms, of which 38 ms were
one collection). So when the first screen is up, the objects made so far are collected
once and the survivors frozen (gc.freeze: kept out of later walks, as Instagram's
servers do); later collections walk only what was made since.

Those still take 5-8 ms, and Python starts one on its own every ten collections of the
younger generations, so one key in about fifteen still paid for one. While the reader
runs, Python starts none (`defer`): the app collects when no key or click has come for
a while (`collect_if_due`, run from a timer), as often as Python would have.

Frozen objects are never collected, so whatever of them is dropped later stays until
they are unfrozen: the app settles again when it drops many (the feed pane rebuilt: a
first search, feeds added or removed), and unfreezes on exit, so an app run in a test
(many per process) leaves nothing behind.
"""

from __future__ import annotations

import gc

IDLE = 0.5  # seconds without input before a collection Python put off is made
_NEVER = 1 << 30  # a generation-2 threshold Python never reaches
_saved: list[tuple[int, int, int]] = []  # the thresholds before `defer`


def settle() -> None:
    """Collect all garbage now, and keep the objects that live on out of later
    collections (startup objects live as long as the app)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def defer() -> None:
    """From now on Python makes no full collection of its own: `collect_if_due` does."""
    if not _saved:
        _saved.append(gc.get_threshold())
        young, middle, _ = _saved[0]
        gc.set_threshold(young, middle, _NEVER)


def collect_if_due() -> bool:
    """Make the full collection Python would have made by now, if it is due (as many
    younger collections since the last one as Python's own threshold asks for)."""
    due = _saved[0][2] if _saved else gc.get_threshold()[2]
    if gc.get_count()[2] < due:
        return False
    gc.collect()
    return True


def release() -> None:
    """The app is closing: Python collects on its own again, and the app's objects may
    be collected."""
    if _saved:
        gc.set_threshold(*_saved.pop())
    gc.unfreeze()
