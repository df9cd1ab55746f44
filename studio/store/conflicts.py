"""Conflicts the user resolves: records changed here and on the Hub in ways that don't merge.

A conflict keeps three copies (the last synced one, mine, the Hub's). While it is open the
record's own changes wait in the outbox (the sync sends nothing of it), so nothing overwrites the
Hub's copy before the user has seen both. Resolving writes the chosen values, queues one update
from the Hub's version, and keeps both losing copies recoverable: an article gets a revision of
each side, and the conflict row itself is kept, marked resolved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import delete, func, select

from studio.domain.ids import new_id
from studio.domain.records import OutboxState, RecordType
from studio.store.models import SYNCED_MODELS, Conflict, OutboxOp
from studio.store.outbox import label_of
from studio.store.replica import TEXT_FIELDS, record_of, write_fields
from studio.store.workspace import (
    WIRE_FIELDS,
    NotFound,
    OperationError,
    Workspace,
    Write,
    revision_of,
    wire_dict,
)

#: The field a conflict names when the Hub deleted a record changed here.
DELETED = "deleted"


class ConflictRow(NamedTuple):
    """One open conflict, for lists."""

    id: int
    record_type: str
    record_id: str
    label: str
    fields: tuple[str, ...]
    detected_at: datetime


@dataclass(frozen=True)
class ConflictCopies:
    """An open conflict with the three copies the conflict view shows."""

    id: int
    record_type: str
    record_id: str
    label: str
    fields: tuple[str, ...]
    detected_at: datetime
    base: Mapping[str, Any]
    mine: Mapping[str, Any]
    theirs: Mapping[str, Any]
    #: Fields merged by lines (article body, webinar description), shown hunk by hunk.
    text_fields: tuple[str, ...]

    @property
    def deleted_there(self) -> bool:
        return DELETED in self.fields


def conflicts_page(
    workspace: Workspace, after: ConflictRow | None, limit: int
) -> list[ConflictRow]:
    """Open conflicts, oldest first (keyset pages, for the sync panel's list)."""
    stmt = select(Conflict).where(Conflict.resolved_at.is_(None)).order_by(Conflict.id).limit(limit)
    if after is not None:
        stmt = stmt.where(Conflict.id > after.id)
    with workspace.reading() as s:
        return [
            ConflictRow(
                c.id,
                c.record_type,
                c.record_id,
                label_of(c.record_type, c.mine, c.record_id),
                tuple(c.fields),
                c.detected_at,
            )
            for c in s.scalars(stmt)
        ]


def conflicts_of(workspace: Workspace, record_type: str, record_id: str) -> list[int]:
    """Ids of the open conflicts of one record (for "Resolve…" from a list)."""
    with workspace.reading() as s:
        return list(
            s.scalars(
                select(Conflict.id).where(
                    Conflict.record_type == record_type,
                    Conflict.record_id == record_id,
                    Conflict.resolved_at.is_(None),
                )
            )
        )


def load(workspace: Workspace, conflict_id: int) -> ConflictCopies:
    with workspace.reading() as s:
        c = s.get(Conflict, conflict_id)
        if c is None or c.resolved_at is not None:
            raise OperationError("This conflict has already been resolved.")
        return ConflictCopies(
            c.id,
            c.record_type,
            c.record_id,
            label_of(c.record_type, c.mine, c.record_id),
            tuple(c.fields),
            c.detected_at,
            dict(c.base or {}),
            dict(c.mine),
            dict(c.theirs),
            TEXT_FIELDS.get(c.record_type, ()),
        )


def _open(w: Write, conflict_id: int) -> tuple[Conflict, Any]:
    conflict = w.session.get(Conflict, conflict_id)
    if conflict is None or conflict.resolved_at is not None:
        raise OperationError("This conflict has already been resolved.")
    record = record_of(w.session, conflict.record_type, conflict.record_id)
    if record is None:
        raise NotFound(conflict.record_type, conflict.record_id)
    return conflict, record


def _close(w: Write, conflict: Conflict, record: Any) -> bool:
    """Mark the conflict resolved; True when it was the record's last open one."""
    conflict.resolved_at = w.now
    others = (
        w.session.scalar(
            select(func.count())
            .select_from(Conflict)
            .where(
                Conflict.record_type == conflict.record_type,
                Conflict.record_id == conflict.record_id,
                Conflict.resolved_at.is_(None),
                Conflict.id != conflict.id,
            )
        )
        or 0
    )
    if others == 0:
        record.conflict = False
    w.changed[conflict.record_type].add(conflict.record_id)
    return others == 0


def _drop_queued(w: Write, record_type: str, record_id: str) -> None:
    """Unsent ops of the record: the resolution supersedes them (it starts from the record)."""
    w.session.execute(
        delete(OutboxOp).where(
            OutboxOp.record_type == record_type,
            OutboxOp.record_id == record_id,
            OutboxOp.state == OutboxState.QUEUED,
        )
    )
    w.outbox = True


def resolve(workspace: Workspace, conflict_id: int, values: Mapping[str, Any]) -> None:
    """Resolve with the user's ``values`` for the conflicting fields (the rest stay as merged)
    and queue the result for the Hub, from the Hub's version."""
    with workspace.writing() as w:
        conflict, record = _open(w, conflict_id)
        if DELETED in conflict.fields:
            raise OperationError(
                "The Hub deleted this record: keep your copy as a new one or let it go."
            )
        record_type = conflict.record_type
        unknown = sorted(set(values) - set(WIRE_FIELDS[record_type]))
        if unknown:
            raise OperationError(f"Unknown field(s) for a {record_type}: {', '.join(unknown)}.")
        if record_type == RecordType.ARTICLE:
            for side, copy in (("yours", conflict.mine), ("the Hub's", conflict.theirs)):
                w.session.add(
                    revision_of(
                        record.id,
                        {**wire_dict(record_type, record), **copy},
                        w.now,
                        "conflict",
                        f"Before resolving the conflict: {side}",
                    )
                )
        write_fields(w.session, record_type, record, values)
        if not _close(w, conflict, record):
            w.journal("resolved", record_type, record.id, "Resolved one of the conflicts.")
            return
        deletions = w.session.scalars(
            select(OutboxOp).where(
                OutboxOp.record_type == record_type,
                OutboxOp.record_id == record.id,
                OutboxOp.state == OutboxState.QUEUED,
                OutboxOp.action == "delete",
            )
        ).all()
        if deletions:
            # The user deleted the record after the edit in conflict: that is the last word.
            # The edits go; the deletion stays, answering the Hub's version now.
            w.session.execute(
                delete(OutboxOp).where(
                    OutboxOp.record_type == record_type,
                    OutboxOp.record_id == record.id,
                    OutboxOp.state == OutboxState.QUEUED,
                    OutboxOp.action != "delete",
                )
            )
            for op in deletions:
                op.base_version = record.version
            record.local = True
            w.outbox = True
            w.journal(
                "resolved",
                record_type,
                record.id,
                f"Resolved the conflict ({', '.join(conflict.fields)}); your deletion goes on.",
            )
            return
        _drop_queued(w, record_type, record.id)
        hub_copy = record.base or {}
        now = wire_dict(record_type, record)
        changed = {
            k: v for k, v in now.items() if k in WIRE_FIELDS[record_type] and v != hub_copy.get(k)
        }
        if changed:
            w.session.add(
                OutboxOp(
                    op_id=new_id(),
                    record_type=record_type,
                    record_id=record.id,
                    action="update",
                    base_version=record.version,
                    data=changed,
                    created_at=w.now,
                    state=OutboxState.QUEUED,
                )
            )
            record.local = True
        else:
            record.local, record.base = False, None
        w.journal(
            "resolved",
            record_type,
            record.id,
            f"Resolved the conflict ({', '.join(conflict.fields)}); "
            + ("the result goes to the Hub." if changed else "the Hub's copy is kept."),
        )


def let_go(workspace: Workspace, conflict_id: int) -> None:
    """The Hub deleted the record: delete it here too. Our copy stays in the conflict row."""
    with workspace.writing() as w:
        conflict, record = _open(w, conflict_id)
        if DELETED not in conflict.fields:
            raise OperationError("The Hub did not delete this record.")
        _close(w, conflict, record)
        _drop_queued(w, conflict.record_type, record.id)
        w.session.delete(record)
        w.journal(
            "resolved",
            conflict.record_type,
            record.id,
            "Deleted here as on the Hub; your copy stays in the conflict history.",
        )


def keep_as_new(workspace: Workspace, conflict_id: int) -> str:
    """The Hub deleted the record: keep our copy as a new record; returns its id."""
    with workspace.writing() as w:
        conflict, record = _open(w, conflict_id)
        if DELETED not in conflict.fields:
            raise OperationError("The Hub did not delete this record.")
        record_type = conflict.record_type
        model: Any = SYNCED_MODELS[record_type]
        copy = model(id=new_id(), local=True, version=0, updated_at=w.now)
        data = {k: v for k, v in conflict.mine.items() if k in WIRE_FIELDS[record_type]}
        if record_type == RecordType.ARTICLE and data.get("slug"):
            data["slug"] = f"{data['slug']}-{copy.id[:8]}"[:200]
        write_fields(w.session, record_type, copy, data)
        w.session.add(copy)
        w.session.flush()
        w.queue(record_type, copy, "create", data, "Kept as a new record (deleted on the Hub).")
        _close(w, conflict, record)
        _drop_queued(w, record_type, record.id)
        w.session.delete(record)
        w.journal(
            "resolved",
            record_type,
            record.id,
            f"Deleted on the Hub; your copy is kept as a new record ({copy.id}).",
        )
        return str(copy.id)
