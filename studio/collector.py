"""The cyclic garbage collector and the UI thread.

A full collection walks every object the collector tracks and stops every thread while it does,
the UI's included. The libraries a window needs (SQLAlchemy, pydantic, requests, Qt wrappers)
leave some 80,000 such objects alive for good, and work that allocates a lot (a first sync, a
calendar's reads, an article's caches) sets off full collections: each stalled the window for
100-300 ms. ``gc.freeze()`` moves the objects alive at that moment out of the collector's walks;
what is made later is collected as before.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_long_lived_objects() -> None:
    """Set aside the objects alive now (modules, classes, the window), once a process: call it
    when the app has built what it keeps (the sync worker starting, a page opening)."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def set_aside_caches() -> None:
    """Set aside, again, what is alive now: caches just built that will live long (an open
    article's rendered blocks). They are still freed when nothing refers to them any more."""
    gc.freeze()
