"""Python's full garbage collections, kept out of keypresses.

A full (generation 2) collection walks every object the collector tracks. Once the
reader is up over a big store that is about 100,000 objects (the widgets, 1,000 feeds in
the tree, styles), and a walk takes 30-40 ms: it struck, now and then, in the middle of
a keypress (bench/tui saw the first Enter at 200x50 take 45-53 ms, of which 38 ms were
one collection). So when the first screen is up, the objects made so far are collected
once and the survivors frozen (gc.freeze: kept out of later walks, as Instagram's
servers do); later collections walk only what was made since.

Frozen objects are never collected, so whatever of them is dropped later stays until
they are unfrozen: the app settles again when it drops many (the feed pane rebuilt: a
first search, feeds added or removed), and unfreezes on exit, so an app run in a test
(many per process) leaves nothing behind.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect all garbage now, and keep the objects that live on out of later
    collections (startup objects live as long as the app)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def release() -> None:
    """The app is closing: its objects may be collected again."""
    gc.unfreeze()
