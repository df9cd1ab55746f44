"""Moderation ops beyond decisions: claiming a post, and notes and strikes on a member.

``claim`` (post): the post is the moderator's until ``claimed_until``; a post another moderator
holds stays theirs until their claim runs out (the op is answered ``applied`` and changes
nothing, and the post moves to the end of the feed so the claimant's next pull shows who holds
it). A claim is no edit: it never blocks a decision, and a decision on a post someone else has
claimed is still taken (the claim is advice to colleagues; decided-first is the rule).

``note`` and ``strike`` (member): appended to the member's ``notes``; a strike also raises
``strikes`` by one. Both go into the compliance archive, like every decision. The same
``note_id`` twice (an op sent again under another op_id) adds nothing.

Dispatched from hub/store.py's ``_dispatch`` (``HANDLERS``); the op machinery (validation, role
check, saving with its feed entry, the archive) is hub/store.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from hub import store
from hub.models import User
from studio.contract.moderation import ClaimData, MemberNoteData
from studio.contract.wire import Op
from studio.domain.instants import from_wire, to_wire


def _claim(session: Session, user: User, op: Op) -> int:
    if op.type != "post":
        raise store.OpRejected("unknown_action", "Only posts can be claimed.")
    store._allow(user, "post", "claim")
    data = store._validate(ClaimData, op.data)
    row = store._require(session, "post", op.id)
    at = store.now()
    holder = row.data.get("claimed_by")
    until = row.data.get("claimed_until")
    held = bool(holder) and holder != user.username and bool(until) and from_wire(str(until)) > at
    if held:
        # Not taken: the post moves to the end of the feed so the claimant hears who holds it.
        store.touch(session, row)
        return row.version
    if data["release"]:
        if holder != user.username:
            return row.version
        claim: dict[str, Any] = {"claimed_by": None, "claimed_until": None}
    else:
        claim = {
            "claimed_by": user.username,
            "claimed_until": to_wire(at + timedelta(minutes=data["minutes"])),
        }
    return store._save(session, row, {**row.data, **claim})


def _member_entry(kind: str) -> Callable[[Session, User, Op], int]:
    def handle(session: Session, user: User, op: Op) -> int:
        if op.type != "member":
            raise store.OpRejected("unknown_action", f"Only members take a {kind}.")
        store._allow(user, "member", kind)
        data = store._validate(MemberNoteData, op.data)
        if kind == "note" and not data["text"].strip():
            raise store.OpRejected("invalid_data", "A note needs some text.")
        row = store._require(session, "member", op.id)
        notes = list(row.data.get("notes") or [])
        if any(n.get("id") == data["note_id"] for n in notes):
            return row.version  # the same note sent again: once is enough
        at = to_wire(store.now())
        entry = {
            "id": data["note_id"],
            "kind": kind,
            "text": data["text"].strip(),
            "post_id": data["post_id"],
            "by": user.username,
            "at": at,
            "expires_at": data["expires_at"],
        }
        changed = {**row.data, "notes": [*notes, entry]}
        if kind == "strike":
            changed["strikes"] = int(row.data.get("strikes") or 0) + 1
        version = store._save(session, row, changed)
        store.append_archive(session, f"member_{kind}", user.username, op.id, entry)
        return version

    return handle


#: Op actions handled here, for hub/store.py's dispatch.
HANDLERS: dict[str, Callable[[Session, User, Op], int]] = {
    "claim": _claim,
    "note": _member_entry("note"),
    "strike": _member_entry("strike"),
}
