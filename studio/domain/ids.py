"""Record ids: UUIDs chosen by whoever creates the record, so offline records keep theirs."""

from __future__ import annotations

import uuid


def new_id() -> str:
    """A fresh random record id, as the canonical lowercase UUID string."""
    return str(uuid.uuid4())


def is_id(text: str) -> bool:
    """True when ``text`` is a canonical UUID string."""
    try:
        return str(uuid.UUID(text)) == text
    except (ValueError, AttributeError, TypeError):
        return False
