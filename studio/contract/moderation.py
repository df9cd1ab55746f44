"""Wire schemas of the moderation ops beyond ``decide`` (API.md "Ops"), used by the Hub
(hub/claims.py) to validate and by Studio to build them.

- ``claim`` on a post: the moderator works on it for ``minutes``; the Hub records ``claimed_by``
  and ``claimed_until`` on the post (fields it sets itself), and a post another moderator holds
  stays theirs until their claim runs out. ``release`` gives one's own claim back.
- ``note`` and ``strike`` on a member: a note kept on the member (optionally expiring), and a
  strike (the member's ``strikes`` goes up by one) with its reason. Both are appended to the
  member's ``notes`` list as ``{"id", "kind", "text", "post_id", "by", "at", "expires_at"}``.
"""

from __future__ import annotations

from pydantic import AwareDatetime, Field

from studio.contract.limits import CLAIM_MINUTES, CLAIM_MINUTES_MAX
from studio.contract.wire import Id, Request


class ClaimData(Request):
    minutes: int = Field(default=CLAIM_MINUTES, ge=1, le=CLAIM_MINUTES_MAX)
    release: bool = False


class MemberNoteData(Request):
    note_id: Id
    text: str = Field(default="", max_length=5000)
    post_id: Id | None = None
    expires_at: AwareDatetime | None = None
