"""The workspace as a replica of the Hub: what the sync engine reads and writes.

Each function is one transaction and announces what changed, like the user's operations in
workspace.py: the outbox batch to send, the Hub's answers to it, a page of the change feed with
the cursor that follows it. A record with local changes is merged with the Hub's copy, never
overwritten: fields changed on one side are taken, article text is merged by lines, and what
does not merge becomes a Conflict row the user resolves.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.orm import Session

from studio.contract.wire import SERVER_FIELDS
from studio.domain.ids import new_id
from studio.domain.instants import from_wire
from studio.domain.merge import merge_fields
from studio.domain.records import PENDING_OUTBOX_STATES, OutboxState
from studio.store import search
from studio.store.models import (
    SYNCED_MODELS,
    Conflict,
    Decision,
    OutboxOp,
    PollOption,
    Post,
    Report,
    SyncState,
    WebinarSpeaker,
)
from studio.store.review import keep_pending_revision
from studio.store.workspace import WIRE_FIELDS, Workspace, Write, wire_dict

log = logging.getLogger(__name__)

INSTANT_FIELDS = frozenset(
    {"joined_at", "publish_at", "starts_at_utc", "created_at", "opens_at", "closes_at"}
)
TEXT_FIELDS = {
    "article": ("body", "summary"),
    "webinar": ("description",),
    "kit_item": ("body",),
}


def record_of(session: Session, record_type: str, record_id: str) -> Any:
    model: type[Any] | None = SYNCED_MODELS.get(record_type)
    return session.get(model, record_id) if model is not None else None


# -- state -------------------------------------------------------------------------------------


def state(workspace: Workspace) -> dict[str, Any]:
    """Hub, account, cursor and the outbox's figures, for `studio status` and the status bar."""
    with workspace.reading() as s:
        row = s.get(SyncState, 1)
        by_state = dict(
            s.execute(select(OutboxOp.state, func.count()).group_by(OutboxOp.state)).all()
        )
        conflicts = (
            s.scalar(
                select(func.count()).select_from(Conflict).where(Conflict.resolved_at.is_(None))
            )
            or 0
        )
    return {
        "hub": row.hub_url if row else "",
        "account": row.account if row else "",
        "cursor": row.cursor if row else "",
        "last_sync_at": row.last_sync_at.isoformat() if row and row.last_sync_at else None,
        "last_error": row.last_error if row else "",
        "queued": sum(by_state.get(str(state), 0) for state in PENDING_OUTBOX_STATES),
        "rejected": by_state.get("rejected", 0),
        "conflicts": conflicts,
    }


def link(workspace: Workspace, hub_url: str, account: str, role: str = "") -> None:
    """Tie the workspace to one account on one Hub (a workspace never changes Hub)."""
    with workspace.writing() as w:
        row = w.session.get(SyncState, 1)
        if row is None:
            w.session.add(SyncState(id=1, hub_url=hub_url, account=account, role=role, cursor=""))
        elif row.hub_url and (row.hub_url, row.account) != (hub_url, account):
            raise ValueError(f"This workspace belongs to {row.account} on {row.hub_url}.")
        else:
            row.hub_url, row.account = hub_url, account
            row.role = role or row.role


def set_role(workspace: Workspace, role: str) -> None:
    """The account's role as the Hub said it (refreshed by the sync)."""
    with workspace.writing() as w:
        row = w.session.get(SyncState, 1)
        if row is not None and row.role != role:
            row.role = role


def record_error(workspace: Workspace, message: str) -> None:
    with workspace.writing() as w:
        row = w.session.get(SyncState, 1)
        if row is not None:
            row.last_error = message


# -- push --------------------------------------------------------------------------------------


def next_batch(workspace: Workspace, limit: int) -> list[dict[str, Any]]:
    """The oldest ops still waiting (queued, or sent without an answer), marked as sent.

    Marking comes first and is committed: after a crash between sending and hearing back, the
    op goes again with the same op_id, and the Hub answers ``duplicate``.
    """
    with workspace.writing() as w:
        # Plain rows and one UPDATE: loading a batch as ORM objects cost more than sending it.
        ops = w.session.execute(
            select(
                OutboxOp.seq,
                OutboxOp.op_id,
                OutboxOp.record_type,
                OutboxOp.record_id,
                OutboxOp.action,
                OutboxOp.base_version,
                OutboxOp.data,
            )
            .where(
                OutboxOp.state.in_([OutboxState.QUEUED, OutboxState.SENT]),
                ~_in_conflict(OutboxOp.record_type, OutboxOp.record_id),
            )
            .order_by(OutboxOp.seq)
            .limit(limit)
        ).all()
        for start in range(0, len(ops), LOOKUP_CHUNK):
            w.session.execute(
                update(OutboxOp)
                .where(OutboxOp.seq.in_([op.seq for op in ops[start : start + LOOKUP_CHUNK]]))
                .values(state=OutboxState.SENT, attempts=OutboxOp.attempts + 1)
                .execution_options(synchronize_session=False)
            )
        return [
            {
                "op_id": op.op_id,
                "type": op.record_type,
                "id": op.record_id,
                "action": op.action,
                "base_version": op.base_version,
                "data": _wire_data(op.record_type, op.action, op.data),
            }
            for op in ops
        ]


def _in_conflict(record_type: Any, record_id: Any) -> Any:
    """Whether the record has an open conflict: its changes wait until the user resolves it."""
    return exists().where(
        Conflict.record_type == record_type,
        Conflict.record_id == record_id,
        Conflict.resolved_at.is_(None),
    )


def _wire_data(record_type: str, action: str, data: dict[str, Any]) -> dict[str, Any]:
    """An op's data as the Hub takes it: without the fields the Hub sets itself."""
    if action == "create":
        return {k: v for k, v in data.items() if k not in SERVER_FIELDS}
    if action == "decide":
        return {k: data[k] for k in ("action", "reason", "note", "decision_id") if k in data}
    return data


def apply_results(workspace: Workspace, results: list[Mapping[str, Any]]) -> dict[str, int]:
    """Record the Hub's answers to a batch, in one transaction; returns figures by status."""
    figures = {"applied": 0, "conflict": 0, "rejected": 0}
    with workspace.writing() as w:
        rebased: dict[str, int] = {}  # op_id -> the version our own earlier op moved it onto
        rest = _settle_plain(w, results, figures)
        ops, alone, _records = _answered(w.session, [str(r["op_id"]) for r in rest])
        for result in rest:
            op = ops.get(str(result["op_id"]))
            if op is None:
                continue
            status = result["status"]
            if status in ("applied", "duplicate"):
                figures["applied"] += 1
                op.state = OutboxState.APPLIED
                _confirmed(w, op, int(result["version"]), alone=op.op_id in alone)
                if op.op_id not in alone:
                    rebased.update(_rebase(w, op, int(result["version"])))
            elif status == "conflict":
                theirs = dict(result.get("current") or {})
                if op.op_id in rebased and theirs.get("version") == rebased[op.op_id]:
                    # What changed since the user's base is our own op before this one: the
                    # Hub never applied this op (it answered conflict), so it goes again as is
                    # but from the version that op made.
                    op.state = OutboxState.QUEUED
                    continue
                figures["conflict"] += 1
                op.state = OutboxState.CONFLICT
                if op.action == "decide":
                    _lost_decision(w, op, theirs)
                elif op.action == "delete":
                    _lost_deletion(w, op, theirs)
                else:
                    _merge_in(w, op.record_type, op.record_id, theirs)
            else:
                figures["rejected"] += 1
                op.state = OutboxState.REJECTED
                error = result.get("error") or {}
                op.error = str(error.get("message") or "The Hub refused this change.")
                w.journal("rejected", op.record_type, op.record_id, op.error, op.op_id)
        w.outbox = True
    return figures


def _settle_plain(
    w: Write, results: list[Mapping[str, Any]], figures: dict[str, int]
) -> list[Mapping[str, Any]]:
    """Settle the common answer, an edit or creation applied that was the only op waiting for
    its record, with a few bulk UPDATEs: the record is at the Hub's version and no longer
    local. Returns the other answers, which need the records' and ops' objects."""
    answers = {str(r["op_id"]): r for r in results}
    found: dict[str, Any] = {}
    waiting: dict[tuple[str, str], int] = defaultdict(int)
    op_ids = list(answers)
    for start in range(0, len(op_ids), LOOKUP_CHUNK):
        chunk = op_ids[start : start + LOOKUP_CHUNK]
        rows = w.session.execute(
            select(
                OutboxOp.seq,
                OutboxOp.op_id,
                OutboxOp.record_type,
                OutboxOp.record_id,
                OutboxOp.action,
            ).where(OutboxOp.op_id.in_(chunk))
        ).all()
        found.update((row.op_id, row) for row in rows)
    keys: dict[str, set[str]] = defaultdict(set)
    for row in found.values():
        keys[row.record_type].add(row.record_id)
    for record_type, record_ids in keys.items():
        ids = list(record_ids)
        for start in range(0, len(ids), LOOKUP_CHUNK):
            for (rid,) in w.session.execute(
                select(OutboxOp.record_id).where(
                    OutboxOp.record_type == record_type,
                    OutboxOp.record_id.in_(ids[start : start + LOOKUP_CHUNK]),
                    OutboxOp.state.in_([OutboxState.QUEUED, OutboxState.SENT]),
                )
            ):
                waiting[(record_type, rid)] += 1
    done: list[int] = []
    versions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rest: list[Mapping[str, Any]] = []
    for op_id, result in answers.items():
        row = found.get(op_id)
        if row is None or not (
            result["status"] in ("applied", "duplicate")
            and row.action not in ("decide", "delete")
            and row.record_type in SYNCED_MODELS
            and waiting[(row.record_type, row.record_id)] == 1
        ):
            rest.append(result)
            continue
        done.append(row.seq)
        versions[row.record_type].append(
            {"id": row.record_id, "version": int(result["version"]), "local": False, "base": None}
        )
        w.changed[row.record_type].add(row.record_id)
    for start in range(0, len(done), LOOKUP_CHUNK):
        w.session.execute(
            update(OutboxOp)
            .where(OutboxOp.seq.in_(done[start : start + LOOKUP_CHUNK]))
            .values(state=OutboxState.APPLIED)
            .execution_options(synchronize_session=False)
        )
    for record_type, settled in versions.items():
        model = SYNCED_MODELS[record_type]
        present = set(
            w.session.scalars(select(model.id).where(model.id.in_([r["id"] for r in settled])))
        )
        kept = [r for r in settled if r["id"] in present]  # deleted meanwhile: nothing to update
        if kept:
            w.session.execute(update(model), kept)
    figures["applied"] += len(done)
    return rest


def _answered(
    session: Session, op_ids: list[str]
) -> tuple[dict[str, OutboxOp], set[str], list[Any]]:
    """The ops answered, by op_id; those that are the only op still waiting for their record,
    so nothing else of it can be pending or need rebasing once they are settled; and their
    records, loaded into the session (keep them: it holds them weakly). A few queries for a
    batch, not several per op."""
    ops: dict[str, OutboxOp] = {}
    records: list[Any] = []
    for start in range(0, len(op_ids), LOOKUP_CHUNK):
        chunk = op_ids[start : start + LOOKUP_CHUNK]
        ops.update(
            (op.op_id, op)
            for op in session.scalars(select(OutboxOp).where(OutboxOp.op_id.in_(chunk)))
        )
    ids: dict[str, list[str]] = defaultdict(list)
    for op in ops.values():
        ids[op.record_type].append(op.record_id)
    waiting: dict[tuple[str, str], list[str]] = defaultdict(list)
    for record_type, record_ids in ids.items():
        model: type[Any] | None = SYNCED_MODELS.get(record_type)
        for start in range(0, len(record_ids), LOOKUP_CHUNK):
            chunk = record_ids[start : start + LOOKUP_CHUNK]
            if model is not None:
                records += session.scalars(select(model).where(model.id.in_(chunk)))
            for rid, op_id in session.execute(
                select(OutboxOp.record_id, OutboxOp.op_id).where(
                    OutboxOp.record_type == record_type,
                    OutboxOp.record_id.in_(chunk),
                    OutboxOp.state.in_([OutboxState.QUEUED, OutboxState.SENT]),
                )
            ):
                waiting[(record_type, rid)].append(op_id)
    alone = {found[0] for found in waiting.values() if len(found) == 1 and found[0] in ops}
    return ops, alone, records


def _pending(session: Session, record_type: str, record_id: str) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(OutboxOp)
            .where(
                OutboxOp.record_type == record_type,
                OutboxOp.record_id == record_id,
                OutboxOp.state.in_([OutboxState.QUEUED, OutboxState.SENT]),
            )
        )
        or 0
    )


def _confirmed(w: Write, op: OutboxOp, version: int, alone: bool = False) -> None:
    """``op`` is applied at ``version``; ``alone``: it was the only op waiting for its record."""
    record = record_of(w.session, op.record_type, op.record_id)
    if record is None:
        return
    record.version = version
    if op.action == "decide":
        for decision in w.session.scalars(
            select(Decision).where(Decision.id == op.data.get("decision_id"))
        ):
            decision.outcome = "applied"
    if alone or _pending(w.session, op.record_type, op.record_id) == 0:
        record.local = False
        record.base = None
        if op.action == "delete":
            w.session.delete(record)
    else:
        record.base = {**(record.base or {}), **op.data, "version": version}
    w.changed[op.record_type].add(op.record_id)


def _rebase(w: Write, op: OutboxOp, version: int) -> dict[str, int]:
    """Later ops of the same record that start from the version ``op`` started from now start
    from the ``version`` it made (changes queued together all carry the version the user saw);
    returns their op ids. None of them can have been applied: ``op`` came first."""
    later = w.session.scalars(
        select(OutboxOp).where(
            OutboxOp.record_type == op.record_type,
            OutboxOp.record_id == op.record_id,
            OutboxOp.state.in_([OutboxState.QUEUED, OutboxState.SENT]),
            OutboxOp.seq > op.seq,
            OutboxOp.base_version == op.base_version,
        )
    ).all()
    for other in later:
        other.base_version = version
    return {other.op_id: version for other in later}


def _lost_deletion(w: Write, op: OutboxOp, theirs: dict[str, Any]) -> None:
    """Changed on the Hub since the user deleted it: the Hub's copy stands and the record comes
    back with it (or with the user's edits queued after it, which go next); the deletion is
    kept in history as not applied."""
    record = record_of(w.session, op.record_type, op.record_id)
    if record is not None and theirs:
        record.deleted = False
        if _pending(w.session, op.record_type, op.record_id) == 0:
            write_fields(w.session, op.record_type, record, theirs)
            record.version = int(theirs.get("version", record.version))
            record.local, record.base = False, None
    w.journal(
        "deletion_lost",
        op.record_type,
        op.record_id,
        "Changed on the Hub since you deleted it, so it was not deleted: it is back with "
        "those changes. Delete it again if it should go.",
        op.op_id,
    )
    w.changed[op.record_type].add(op.record_id)


def _lost_decision(w: Write, op: OutboxOp, theirs: dict[str, Any]) -> None:
    """A colleague decided first: their decision stands; ours is kept in history as lost."""
    for decision in w.session.scalars(
        select(Decision).where(Decision.id == op.data.get("decision_id"))
    ):
        decision.outcome = "lost"
    post: Any = w.session.get(Post, op.record_id)
    if post is not None and theirs:
        write_fields(w.session, "post", post, theirs)
        post.version = int(theirs.get("version", post.version))
        if _pending(w.session, "post", post.id) == 0:
            post.local, post.base = False, None
    by = (theirs.get("decision") or {}).get("by", "a colleague")
    w.journal(
        "decision_lost",
        "post",
        op.record_id,
        f"{by} decided this post first; your decision was not applied.",
        op.op_id,
    )


# -- pull --------------------------------------------------------------------------------------


def apply_page(workspace: Workspace, changes: list[Mapping[str, Any]], cursor: str) -> int:
    """Apply one page of the feed and move the cursor past it, in one transaction.

    The records the page names are looked up with one query per type; those the workspace does
    not hold yet (every one, in a first sync) go in with one INSERT per type, the others are
    updated, merged or deleted one by one.
    """
    with workspace.writing() as w:
        held = _held(w.session, changes)
        fresh: dict[tuple[str, str], tuple[type[Any], dict[str, Any]]] = {}
        for change in changes:
            _apply_change(w, change, held, fresh)
        _insert(w.session, fresh.values())
        row = w.session.get(SyncState, 1)
        if row is None:
            row = SyncState(id=1, cursor=cursor)
            w.session.add(row)
        row.cursor = cursor
        row.last_sync_at = w.now
        row.last_error = ""
    return len(changes)


#: Feed types kept as plain rows (no version, never changed here), with their fields.
PLAIN_TYPES: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "report": (Report, ("post_id", "reporter_id", "reason", "note", "created_at")),
}
#: Synced types whose records carry rows in other tables (a webinar's people, a poll's options):
#: new ones go in through the ORM, one by one, like changed ones.
WITH_PARTS = frozenset({"webinar", "poll"})
#: The wire fields each synced model has columns for.
COLUMNS: dict[str, tuple[str, ...]] = {
    record_type: tuple(n for n in WIRE_FIELDS[record_type] if hasattr(model, n))
    for record_type, model in SYNCED_MODELS.items()
}
#: Ids per query when looking records up (SQLite's limit on parameters is far above).
LOOKUP_CHUNK = 500


def _held(session: Session, changes: list[Mapping[str, Any]]) -> dict[tuple[str, str], Any]:
    """The rows the workspace holds of the records ``changes`` name, by (type, id)."""
    ids: dict[str, list[str]] = defaultdict(list)
    for change in changes:
        ids[str(change["type"])].append(str(change["id"]))
    held: dict[tuple[str, str], Any] = {}
    for record_type, wanted in ids.items():
        plain = PLAIN_TYPES.get(record_type)
        model: type[Any] | None = plain[0] if plain else SYNCED_MODELS.get(record_type)
        if model is None:
            continue
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            # Ids first (an index lookup): in a first sync none is held, and nothing is loaded.
            found = list(session.scalars(select(model.id).where(model.id.in_(chunk))))
            if found:
                for row in session.scalars(select(model).where(model.id.in_(found))):
                    held[(record_type, row.id)] = row
    return held


def _apply_change(
    w: Write,
    change: Mapping[str, Any],
    held: dict[tuple[str, str], Any],
    fresh: dict[tuple[str, str], tuple[type[Any], dict[str, Any]]],
) -> None:
    """Apply one change: to its row in ``held``, or as a new row added to ``fresh``."""
    record_type, record_id = str(change["type"]), str(change["id"])
    key = (record_type, record_id)
    data = change.get("data")
    plain = PLAIN_TYPES.get(record_type)
    if plain is not None and data:
        model, fields = plain
        if key in held:
            _assign(held[key], data, fields)
        else:
            row = fresh[key][1] if key in fresh else {"id": record_id}
            row.update(_values(data, fields))
            fresh[key] = (model, row)
        return
    synced: type[Any] | None = SYNCED_MODELS.get(record_type)
    if synced is None:
        log.debug("feed: %s records are not kept in the workspace", record_type)
        return
    record: Any = held.get(key)
    if change.get("deleted"):
        if fresh.pop(key, None) is not None:
            w.changed[record_type].add(record_id)
        elif record is not None and not record.local:
            w.session.delete(record)
            del held[key]
            w.changed[record_type].add(record_id)
        elif record is not None:
            _conflict(w, record_type, record, None, ["deleted"])
        return
    assert data is not None
    if record is None and record_type not in WITH_PARTS:
        new = fresh[key][1] if key in fresh else {"id": record_id, "local": False}
        new.update(_values(data, COLUMNS[record_type]))
        new["updated_at"] = w.now
        new["version"] = int(change["version"])
        fresh[key] = (synced, new)
    elif record is None:
        record = synced(id=record_id, local=False, updated_at=w.now)
        write_fields(w.session, record_type, record, data)
        record.version = int(change["version"])
        w.session.add(record)
        held[key] = record
    elif not record.local:
        write_fields(w.session, record_type, record, data)
        record.version = int(change["version"])
    elif int(change["version"]) > record.version:
        _merge_in(w, record_type, record_id, {**data, "version": change["version"]})
    w.changed[record_type].add(record_id)


def _insert(session: Session, rows: Iterable[tuple[type[Any], dict[str, Any]]]) -> None:
    """Insert new rows as the ORM would, with one executemany per model and set of columns.

    As the ORM does, a None goes in as NULL only where the column stores None itself (JSON's
    ``null``); elsewhere the column is left out, so it takes its default.
    """
    groups: dict[type[Any], dict[tuple[str, ...], list[dict[str, Any]]]] = {}
    for model, row in rows:
        keeps_none = _KEEPS_NONE.get(model)
        if keeps_none is None:
            keeps_none = _KEEPS_NONE[model] = frozenset(
                c.key for c in model.__table__.columns if c.type.should_evaluate_none
            )
        values = {k: v for k, v in row.items() if v is not None or k in keeps_none}
        groups.setdefault(model, defaultdict(list))[tuple(sorted(values))].append(values)
    # Changes still pending in the session go first: a deletion flushed inside the block below
    # (by the autoflush of its INSERT) could free the largest rowid after indexed_after read
    # it, and a new row taking that rowid would be left out of the full-text index.
    session.flush()
    for model, by_columns in groups.items():
        with search.indexed_after(session.connection(), model.__tablename__):
            for group in by_columns.values():
                session.execute(insert(model.__table__), group)


#: By model: the columns where None is a value of its own (JSON), filled in as needed.
_KEEPS_NONE: dict[type[Any], frozenset[str]] = {}


def _merge_in(w: Write, record_type: str, record_id: str, theirs: dict[str, Any]) -> None:
    """Merge the Hub's copy into a record with local changes; queue the merged result."""
    record = record_of(w.session, record_type, record_id)
    if record is None or not theirs:
        return
    fields = WIRE_FIELDS[record_type]
    base = {k: (record.base or {}).get(k) for k in fields}
    mine = {k: v for k, v in wire_dict(record_type, record).items() if k in fields}
    other = {k: theirs.get(k) for k in fields}
    merged = merge_fields(base, mine, other, TEXT_FIELDS.get(record_type, ()))
    # Fields the Hub derives (a post's state and decision, counters) are no user's edit: never
    # a conflict (where both moved, the Hub's stands) and never sent back.
    for name in [n for n in merged.conflicts if n in SERVER_FIELDS]:
        merged.conflicts.remove(name)
        merged.values[name] = other.get(name)
    version = int(theirs.get("version") or record.version)
    # Unsent edits are replaced by one op from the Hub's new version: same end state, no
    # conflict. A deletion or a decision queued behind them is no edit of fields: it stays.
    w.session.execute(
        delete(OutboxOp).where(
            OutboxOp.record_type == record_type,
            OutboxOp.record_id == record_id,
            OutboxOp.state == OutboxState.QUEUED,
            OutboxOp.action.in_(("create", "update")),
        )
    )
    write_fields(w.session, record_type, record, merged.values)
    record.version = version
    record.base = {**other, "version": version}
    # A conflict still open shows the user the copies to choose from: they follow the Hub (and
    # what merged into the record here), or resolving it would undo, unseen, what reached the
    # Hub since it was found.
    for still_open in w.session.scalars(
        select(Conflict).where(
            Conflict.record_type == record_type,
            Conflict.record_id == record_id,
            Conflict.resolved_at.is_(None),
        )
    ):
        if "deleted" not in still_open.fields:
            still_open.mine = {k: merged.values.get(k) for k in fields}
            still_open.theirs = dict(other)
    if merged.conflicts:
        _conflict(w, record_type, record, other, merged.conflicts, base=base, mine=mine)
        return
    changed = {
        k: v
        for k, v in merged.values.items()
        if v != other.get(k) and k in fields and k not in SERVER_FIELDS
    }
    if record_type == "article" and (mine.get("staged") or {}).get("fields"):
        # My pending revision merges with the Hub's copy, not lost under it (review.py).
        changed.update(keep_pending_revision(w, record, base, mine, other, TEXT_FIELDS["article"]))
    if changed:
        w.session.add(
            OutboxOp(
                op_id=new_id(),
                record_type=record_type,
                record_id=record_id,
                action="update",
                base_version=version,
                data=changed,
                created_at=w.now,
                state=OutboxState.QUEUED,
            )
        )
        w.journal(
            "merged",
            record_type,
            record_id,
            f"Merged the Hub's changes with yours ({', '.join(sorted(changed))}).",
        )
    elif _pending(w.session, record_type, record_id) == 0:
        record.local = False
        record.base = None
    w.outbox = True


def _conflict(
    w: Write,
    record_type: str,
    record: Any,
    theirs: dict[str, Any] | None,
    fields: list[str],
    base: dict[str, Any] | None = None,
    mine: dict[str, Any] | None = None,
) -> None:
    record.conflict = True
    w.session.add(
        Conflict(
            record_type=record_type,
            record_id=record.id,
            base=base,
            mine=mine or wire_dict(record_type, record),
            theirs=theirs or {},
            fields=fields,
            detected_at=w.now,
        )
    )
    w.journal(
        "conflict",
        record_type,
        record.id,
        f"Changed here and on the Hub: {', '.join(fields)}. Your text is kept; "
        "resolve the conflict to sync it.",
    )
    w.changed[record_type].add(record.id)


def write_fields(session: Session, record_type: str, record: Any, data: Mapping[str, Any]) -> None:
    """Copy wire ``data`` onto the record, with a webinar's people and a poll's options."""
    _assign(record, data, COLUMNS[record_type])
    if record_type == "webinar":
        _people(session, record.id, data)
    elif record_type == "poll" and "options" in data:
        _options(session, record.id, list(data["options"]))


def _people(session: Session, webinar_id: str, data: Mapping[str, Any]) -> None:
    if "speaker_ids" not in data and "host_ids" not in data:
        return
    session.execute(delete(WebinarSpeaker).where(WebinarSpeaker.webinar_id == webinar_id))
    session.flush()
    for role, key in (("speaker", "speaker_ids"), ("host", "host_ids")):
        for speaker_id in dict.fromkeys(data.get(key) or []):
            session.add(WebinarSpeaker(webinar_id=webinar_id, speaker_id=speaker_id, role=role))


def _options(session: Session, poll_id: str, labels: list[str]) -> None:
    existing = session.scalars(
        select(PollOption).where(PollOption.poll_id == poll_id).order_by(PollOption.position)
    ).all()
    if [o.label for o in existing] == labels:
        return
    for option in existing:
        session.delete(option)
    session.flush()
    for position, label in enumerate(labels):
        session.add(PollOption(id=new_id(), poll_id=poll_id, position=position, label=label))


def _assign(row: Any, data: Mapping[str, Any], fields: tuple[str, ...]) -> None:
    """Copy the wire ``data`` of these fields onto ``row``."""
    for name, value in _values(data, fields).items():
        setattr(row, name, value)


def _values(data: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The wire ``data`` of these fields as column values; instants arrive as text."""
    values = {}
    for name in fields:
        if name in data:
            value = data[name]
            if name in INSTANT_FIELDS and isinstance(value, str):
                value = from_wire(value)
            values[name] = value
    return values
