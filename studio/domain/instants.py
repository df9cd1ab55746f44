"""Instants on the wire and in the store: RFC 3339 in UTC with a trailing ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current instant, timezone-aware in UTC, to the microsecond."""
    return datetime.now(UTC)


def to_wire(instant: datetime) -> str:
    """Format an aware instant as RFC 3339 UTC (``2026-11-23T09:30:00Z``).

    Raises ValueError for a naive datetime: an instant without an offset is ambiguous.
    """
    if instant.tzinfo is None:
        raise ValueError("an instant must carry its offset")
    text = instant.astimezone(UTC).isoformat()
    return text.replace("+00:00", "Z")


def to_stored(instant: datetime) -> str:
    """Fixed-width RFC 3339 UTC with microseconds, so stored instants sort as text in time order.

    Raises ValueError for a naive datetime.
    """
    if instant.tzinfo is None:
        raise ValueError("an instant must carry its offset")
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_wire(text: str) -> datetime:
    """Parse an RFC 3339 instant with an offset into an aware UTC datetime.

    Raises ValueError when the text is not an instant with an offset.
    """
    value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"instant without an offset: {text!r}")
    return value.astimezone(UTC)
