"""Numbers the API fixes, without pydantic: code on the UI thread reads them without loading
the wire schemas (pydantic's import costs the Moderation page's first visit ~240 ms)."""

from __future__ import annotations

#: How long opening a post claims it unless the op says otherwise, and the longest claim.
CLAIM_MINUTES = 5
CLAIM_MINUTES_MAX = 30
