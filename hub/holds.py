"""Legal holds on the Hub: placed and lifted by ops, kept in the archive itself.

A compliance officer (or an admin) places a hold on a record or a whole thread with the op
``{"type": "archive_hold", "id": HOLD_ID, "action": "place", "data": {"scope": "record" |
"thread", "subject_id": ID, "reason": TEXT}}`` and lifts it with ``"action": "lift", "data":
{"subject_id": ID, "reason": TEXT}``. Each is an archive entry (``legal_hold``,
``legal_hold_lifted``) whose subject is the held record or thread, so every copy of the archive
carries the holds, in the hash chain, and nothing about a hold can be changed unseen (API.md:
"a retention hold is a new entry").

While a hold is in force, a post under it (held itself or its thread held) or a held thread
cannot be deleted: it can still be hidden by a moderation decision, never removed.

``intercept`` is called by ``hub.store`` for every op before its own dispatch; it is given the
store's ``append_archive`` and ``OpRejected`` so that this module needs nothing of the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.models import ArchiveRow, RecordRow, User
from studio.contract.wire import Op
from studio.domain.roles import may_read

HOLD_TYPE = "archive_hold"
PLACED = "legal_hold"
LIFTED = "legal_hold_lifted"
SCOPES = ("record", "thread")
MAX_REASON = 2000

Append = Callable[..., Any]
Rejection = Callable[..., Exception]


def intercept(
    session: Session, user: User, op: Op, append: Append, rejected: Rejection
) -> int | None:
    """Apply an ``archive_hold`` op (returns its version), refuse deleting what a hold keeps
    (raises ``rejected``), or return None for every other op."""
    if op.type == HOLD_TYPE:
        if not may_read(user.role, "archive"):
            raise rejected(
                "forbidden",
                "Only compliance officers and admins place or lift legal holds.",
                {"role": user.role, "type": op.type, "action": op.action},
            )
        if op.action == "place":
            return _place(session, user, op, append, rejected)
        if op.action == "lift":
            return _lift(session, user, op, append, rejected)
        raise rejected("unknown_action", f"A legal hold is placed or lifted, not {op.action!r}.")
    if op.action == "delete" and op.type in ("post", "thread"):
        _refuse_if_held(session, op, rejected)
    return None


def in_force(session: Session, subject_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The holds in force on any of ``subject_ids``, by hold id (scope, subject_id, reason)."""
    holds: dict[str, dict[str, Any]] = {}
    wanted = sorted({s for s in subject_ids if s})
    if not wanted:
        return holds
    rows = session.scalars(
        select(ArchiveRow)
        .where(ArchiveRow.subject_id.in_(wanted), ArchiveRow.kind.in_((PLACED, LIFTED)))
        .order_by(ArchiveRow.seq)
    )
    for row in rows:
        hold_id = str(row.payload.get("hold_id", ""))
        if row.kind == PLACED:
            holds[hold_id] = {**row.payload, "subject_id": row.subject_id, "seq": row.seq}
        else:
            holds.pop(hold_id, None)
    return holds


def _text(data: dict[str, Any], name: str, rejected: Rejection, limit: int = 64) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise rejected(
            "invalid_data",
            f"A legal hold needs {name} as text of 1 to {limit} characters.",
            {"problems": [{"field": f"data.{name}", "problem": "missing or not valid"}]},
        )
    return value.strip()


def _place(session: Session, user: User, op: Op, append: Append, rejected: Rejection) -> int:
    data = op.data
    unknown = sorted(set(data) - {"scope", "subject_id", "reason"})
    if unknown:
        raise rejected("invalid_data", f"A legal hold takes no {', '.join(unknown)}.")
    scope = data.get("scope")
    if scope not in SCOPES:
        raise rejected("invalid_data", "A legal hold is on a record or a thread.")
    subject = _text(data, "subject_id", rejected)
    reason = _text(data, "reason", rejected, MAX_REASON)
    types = ("thread",) if scope == "thread" else None
    stmt = select(RecordRow.type).where(RecordRow.id == subject)
    if types:
        stmt = stmt.where(RecordRow.type.in_(types))
    if session.scalars(stmt.limit(1)).first() is None:
        raise rejected(
            "unknown_subject", f"There is no {'thread' if types else 'record'} {subject}."
        )
    placed = session.scalars(
        select(ArchiveRow).where(ArchiveRow.subject_id == subject, ArchiveRow.kind == PLACED)
    )
    if any(row.payload.get("hold_id") == op.id for row in placed):
        raise rejected("hold_exists", f"The legal hold {op.id} was placed already.")
    append(
        session,
        PLACED,
        user.username,
        subject,
        {"hold_id": op.id, "scope": scope, "reason": reason},
    )
    return 1


def _lift(session: Session, user: User, op: Op, append: Append, rejected: Rejection) -> int:
    data = op.data
    unknown = sorted(set(data) - {"subject_id", "reason"})
    if unknown:
        raise rejected("invalid_data", f"Lifting a legal hold takes no {', '.join(unknown)}.")
    subject = _text(data, "subject_id", rejected)
    reason = _text(data, "reason", rejected, MAX_REASON)
    hold = in_force(session, [subject]).get(op.id)
    if hold is None:
        raise rejected(
            "no_such_hold", f"There is no legal hold {op.id} in force on {subject} to lift."
        )
    payload = {"hold_id": op.id, "scope": hold.get("scope", "record"), "reason": reason}
    append(session, LIFTED, user.username, subject, payload)
    return 2


def _refuse_if_held(session: Session, op: Op, rejected: Rejection) -> None:
    subjects = [op.id]
    if op.type == "post":
        post = session.scalars(
            select(RecordRow).where(RecordRow.type == "post", RecordRow.id == op.id)
        ).first()
        if post is not None and isinstance(post.data, dict) and post.data.get("thread_id"):
            subjects.append(str(post.data["thread_id"]))
    holds = in_force(session, subjects)
    if holds:
        hold = next(iter(holds.values()))
        raise rejected(
            "legal_hold",
            f"This {op.type} is under a legal hold ({hold.get('reason', '')}): it can be "
            "hidden by a moderation decision, never deleted, until the hold is lifted.",
            {"holds": sorted(holds)},
        )
