"""The outbox and the sync's history as the sync panel lists them, and what the user can do with
a refused change (send it again, or set it aside: the record keeps the local change either way).

Lists are keyset pages, like every list of the screens (studio/store/queries.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import select

from studio.domain.records import PENDING_OUTBOX_STATES, OutboxState
from studio.store.models import Decision, JournalEntry, OutboxOp, Post
from studio.store.workspace import OperationError, Workspace

#: Journal actions that tell the story of the sync (the rest are the user's own operations).
SYNC_ACTIONS = ("conflict", "merged", "rejected", "decision_lost", "resolved", "send_again")


class OutboxRow(NamedTuple):
    seq: int
    record_type: str
    record_id: str
    action: str
    label: str
    state: str
    attempts: int
    error: str
    created_at: datetime


class ActivityRow(NamedTuple):
    seq: int
    at: datetime
    action: str
    record_type: str
    record_id: str
    summary: str
    #: For a lost decision: who decided first, what and when, and what was decided here.
    details: dict[str, Any]


def label_of(record_type: str, data: dict[str, Any], record_id: str) -> str:
    """A short name for a record from its data: a title, a name, or the start of its text."""
    for name in ("title", "display_name", "question", "body", "description"):
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= 80 else text[:79] + "…"
    return f"{record_type} {record_id[:8]}"


def outbox_page(
    workspace: Workspace, states: tuple[str, ...], after: OutboxRow | None, limit: int
) -> list[OutboxRow]:
    """Ops in these states, oldest first."""
    stmt = select(OutboxOp).where(OutboxOp.state.in_(states)).order_by(OutboxOp.seq).limit(limit)
    if after is not None:
        stmt = stmt.where(OutboxOp.seq > after.seq)
    with workspace.reading() as s:
        return [
            OutboxRow(
                op.seq,
                op.record_type,
                op.record_id,
                op.action,
                label_of(op.record_type, op.data, op.record_id),
                op.state,
                op.attempts,
                op.error,
                op.created_at,
            )
            for op in s.scalars(stmt)
        ]


def waiting_page(workspace: Workspace, after: OutboxRow | None, limit: int) -> list[OutboxRow]:
    return outbox_page(workspace, tuple(str(s) for s in PENDING_OUTBOX_STATES), after, limit)


def refused_page(workspace: Workspace, after: OutboxRow | None, limit: int) -> list[OutboxRow]:
    return outbox_page(workspace, (str(OutboxState.REJECTED),), after, limit)


def activity_page(workspace: Workspace, after: ActivityRow | None, limit: int) -> list[ActivityRow]:
    """What the sync did (merges, conflicts, refusals, lost decisions), newest first."""
    stmt = (
        select(JournalEntry)
        .where(JournalEntry.action.in_(SYNC_ACTIONS))
        .order_by(JournalEntry.seq.desc())
        .limit(limit)
    )
    if after is not None:
        stmt = stmt.where(JournalEntry.seq < after.seq)
    with workspace.reading() as s:
        rows = []
        for e in s.scalars(stmt):
            details = _lost_decision(s, e) if e.action == "decision_lost" else {}
            rows.append(
                ActivityRow(e.seq, e.at, e.action, e.record_type, e.record_id, e.summary, details)
            )
        return rows


def _lost_decision(session: Any, entry: JournalEntry) -> dict[str, Any]:
    post = session.get(Post, entry.record_id)
    ours = session.scalars(
        select(Decision)
        .where(Decision.post_id == entry.record_id, Decision.outcome == "lost")
        .order_by(Decision.decided_at.desc())
        .limit(1)
    ).first()
    theirs = (post.decision if post is not None else None) or {}
    return {
        "by": str(theirs.get("by") or ""),
        "action": str(theirs.get("action") or ""),
        "at": str(theirs.get("at") or ""),
        "mine": ours.action if ours is not None else "",
        "post": label_of("post", {"body": post.body} if post else {}, entry.record_id),
    }


def send_again(workspace: Workspace, seq: int) -> None:
    """Queue a refused change again, as it is (after the cause has been dealt with)."""
    with workspace.writing() as w:
        op = w.session.get(OutboxOp, seq)
        if op is None or op.state != OutboxState.REJECTED:
            raise OperationError("This change is no longer refused.")
        op.state = OutboxState.QUEUED
        op.error = ""
        w.outbox = True
        w.journal("send_again", op.record_type, op.record_id, "Sent a refused change again.")


def dismiss(workspace: Workspace, seq: int) -> None:
    """Set a refused change aside: it leaves the list; the record keeps the local change."""
    with workspace.writing() as w:
        op = w.session.get(OutboxOp, seq)
        if op is None or op.state != OutboxState.REJECTED:
            raise OperationError("This change is no longer refused.")
        op.state = OutboxState.DISMISSED
        w.outbox = True
        w.journal("dismissed", op.record_type, op.record_id, f"Set aside: {op.error}")
