"""A shiftable clock for Studios driven by one process.

Workspace operations take their time from ``studio.store.workspace.utc_now`` (``Write.now``).
The fault tests replace that name with ``shifted_now``, which adds the offset of the Studio
being driven at the moment (one process drives several Studios, one call at a time). Kept
apart from the harness so the SIGKILLed child imports no more than it needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from studio.domain import instants
from studio.store import workspace as workspace_module

_offset = [timedelta(0)]


def shifted_now() -> datetime:
    return instants.utc_now() + _offset[0]


@contextmanager
def clock(offset: timedelta) -> Iterator[None]:
    """Every workspace write inside reads the time as ``offset`` away from the real one."""
    before, _offset[0] = _offset[0], offset
    try:
        yield
    finally:
        _offset[0] = before


def install_clock() -> None:
    """Point the workspace at ``shifted_now`` (for the child process; tests use monkeypatch)."""
    workspace_module.utc_now = shifted_now  # type: ignore[attr-defined]
