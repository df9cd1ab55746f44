"""The Hub's rules over its database: ops, the change feed, the archive, figures.

Each op is applied or not as one: every handler checks before it writes, so an op refused or in
conflict leaves nothing behind, and the record, its feed entry, its archive entries and the op's
result are written together or not at all; a batch's applied ops are committed together. A batch
reads what it needs once (its ops' earlier answers, its records, the feed's and the archive's
ends) and writes the feed once, so an op costs a few statements, not a dozen round trips.
Nothing here knows HTTP; hub/app.py calls it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub import claims, holds, kit, review, webinars
from hub.db import take_feed_lock
from hub.models import AppliedOp, ArchiveHead, ArchiveRow, ChangeRow, RecordRow, User
from studio.contract.wire import (
    CREATE_DATA,
    SERVER_FIELDS,
    DecisionData,
    Op,
    PollResponseData,
    ReportData,
)
from studio.domain.archive import GENESIS, canonical_json, entry_hash
from studio.domain.ids import new_id
from studio.domain.instants import to_wire
from studio.domain.records import STATE_AFTER_DECISION, DecisionAction
from studio.domain.roles import a_or_an, may, may_set_status
from studio.domain.slugs import slugify
from studio.domain.zones import WallTimeError, wall_to_utc


class OpRejected(Exception):
    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        self.code = code
        self.message = message
        self.details = details or {}
        super().__init__(message)


class OpConflict(Exception):
    def __init__(self, current: dict[str, Any]) -> None:
        self.current = current
        super().__init__("conflict")


def now() -> datetime:
    return datetime.now(UTC)


def wire(row: RecordRow) -> dict[str, Any]:
    return {**row.data, "id": row.id, "version": row.version}


def request_hash(op: Op) -> str:
    return hashlib.sha256(canonical_json(op.model_dump(mode="json"))).hexdigest()


# -- feed and archive --------------------------------------------------------------------------


@dataclass
class _Batch:
    """What the batch being settled has read and written, so that no op reads it again.

    Held in ``session.info`` from the start of :func:`settle_batch` to its commit, under the
    feed lock, so nobody else writes meanwhile.
    """

    #: Records by (type, id) as read or created in this batch; None: known not to exist.
    records: dict[tuple[str, str], RecordRow | None] = field(default_factory=dict)
    #: Ops answered before (read up front) or in this batch, by op_id; None: never seen.
    ops: dict[str, AppliedOp | None] = field(default_factory=dict)
    #: The feed's next seq, once read.
    next_seq: int | None = None
    #: Each record this batch changed, at its new seq (written to the feed at the end).
    fed: dict[tuple[str, str], int] = field(default_factory=dict)
    #: Records created in this batch (they have no feed entry to move).
    created: set[tuple[str, str]] = field(default_factory=set)
    #: The archive's end (seq, hash), once read; ``appended``: it moved in this batch.
    head: tuple[int, str] | None = None
    appended: bool = False


def _batch(session: Session) -> _Batch:
    batch = session.info.get("hub_batch")
    if batch is None:
        raise RuntimeError("Ops are applied through settle_batch (it holds the feed lock).")
    return batch  # type: ignore[no-any-return]


def touch(session: Session, row: RecordRow) -> None:
    """Move ``row`` to the end of the feed (one feed entry per record, at its newest seq)."""
    batch = _batch(session)
    if batch.next_seq is None:
        batch.next_seq = (session.scalar(select(func.max(ChangeRow.seq))) or 0) + 1
    key = (row.type, row.id)
    batch.fed.pop(key, None)
    batch.fed[key] = batch.next_seq
    batch.next_seq += 1


def _write_feed(session: Session, batch: _Batch) -> None:
    """The batch's feed entries: each record's old entry goes, its new one is appended."""
    if not batch.fed:
        return
    conn = session.connection()
    moved = [{"t": t, "i": i} for (t, i) in batch.fed if (t, i) not in batch.created]
    if moved:
        conn.execute(
            delete(ChangeRow).where(
                ChangeRow.type == bindparam("t"), ChangeRow.id == bindparam("i")
            ),
            moved,
        )
    conn.execute(
        insert(ChangeRow),
        [{"seq": seq, "type": t, "id": i} for (t, i), seq in batch.fed.items()],
    )


def append_archive(
    session: Session,
    kind: str,
    actor: str,
    subject_id: str,
    payload: dict[str, Any],
    at: datetime | None = None,
) -> ArchiveRow:
    """Append one entry to the hash chain, in the caller's transaction."""
    batch = _batch(session)
    if batch.head is None:
        last = session.execute(
            select(ArchiveRow.seq, ArchiveRow.hash).order_by(ArchiveRow.seq.desc()).limit(1)
        ).first()
        batch.head = (last[0], last[1]) if last else (0, GENESIS)
    seq, prev_hash = batch.head
    entry: dict[str, Any] = {
        "seq": seq + 1,
        "at": to_wire(at or now()),
        "kind": kind,
        "actor": actor,
        "subject_id": subject_id,
        "payload": payload,
        "prev_hash": prev_hash,
    }
    entry["hash"] = entry_hash(entry)
    row = ArchiveRow(**entry)
    session.add(row)
    batch.head = (entry["seq"], entry["hash"])
    batch.appended = True
    return row


def record_head(session: Session, seq: int, hash_: str) -> None:
    """Remember where the chain ends (same transaction as the appends)."""
    head = session.get(ArchiveHead, 1)
    if head is None:
        session.add(ArchiveHead(id=1, seq=seq, hash=hash_))
    else:
        head.seq, head.hash = seq, hash_


def changes_page(
    session: Session, since: int, limit: int
) -> tuple[list[dict[str, Any]], int, bool]:
    """The feed after ``since``: (changes, new cursor, more)."""
    rows = session.execute(
        select(ChangeRow.seq, RecordRow)
        .join(RecordRow, (RecordRow.type == ChangeRow.type) & (RecordRow.id == ChangeRow.id))
        .where(ChangeRow.seq > since)
        .order_by(ChangeRow.seq)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    changes = [
        {
            "seq": seq,
            "type": rec.type,
            "id": rec.id,
            "version": rec.version,
            "deleted": rec.deleted,
            "data": None if rec.deleted else wire(rec),
        }
        for seq, rec in rows
    ]
    cursor = rows[-1][0] if rows else since
    return changes, cursor, more


# -- ops ---------------------------------------------------------------------------------------


def apply_op(session: Session, user: User, op: Op) -> dict[str, Any]:
    """Apply one op in the session's transaction; returns its result (API.md "Ops").

    The caller commits on ``applied``, and rolls back otherwise (nothing changed).
    """
    digest = request_hash(op)
    batch = _batch(session)
    previous = batch.ops.get(op.op_id)
    if op.op_id not in batch.ops:
        previous = session.get(AppliedOp, op.op_id)
    if previous is not None:
        if previous.request_hash != digest:
            return rejected(
                op, "op_id_reused", "This op_id was used before for a different change."
            )
        return {**previous.result, "status": "duplicate"}
    try:
        version = _dispatch(session, user, op)
    except OpRejected as exc:
        return rejected(op, exc.code, exc.message, exc.details)
    except OpConflict as exc:
        return {
            "op_id": op.op_id,
            "status": "conflict",
            "version": exc.current.get("version"),
            "current": exc.current,
            "error": None,
        }
    result = {
        "op_id": op.op_id,
        "status": "applied",
        "version": version,
        "current": None,
        "error": None,
    }
    applied = AppliedOp(
        op_id=op.op_id,
        request_hash=digest,
        username=user.username,
        result=result,
        applied_at=now(),
    )
    session.add(applied)
    batch.ops[op.op_id] = applied
    return result


def rejected(
    op: Op, code: str, message: str, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "op_id": op.op_id,
        "status": "rejected",
        "version": None,
        "current": None,
        "error": {"code": code, "message": message, "details": details or {}},
    }


def _load(session: Session, record_type: str, record_id: str) -> RecordRow | None:
    batch = _batch(session)
    key = (record_type, record_id)
    if key not in batch.records:
        stmt = select(RecordRow).where(RecordRow.type == record_type, RecordRow.id == record_id)
        batch.records[key] = session.scalars(_locking(session, stmt)).first()
    return batch.records[key]


def _locking(session: Session, stmt: Any) -> Any:
    """``stmt`` taking row locks on PostgreSQL (SQLite's write lock is the whole file)."""
    if session.get_bind().dialect.name == "postgresql":
        return stmt.with_for_update()
    return stmt


def _require(session: Session, record_type: str, record_id: str) -> RecordRow:
    row = _load(session, record_type, record_id)
    if row is None or row.deleted:
        raise OpRejected("not_found", f"No {record_type} with id {record_id}.")
    return row


def _allow(user: User, record_type: str, action: str) -> None:
    if not may(user.role, record_type, action):
        raise OpRejected(
            "forbidden",
            f"{a_or_an(user.role)} may not {action} a {record_type}.",
            {"role": user.role, "type": record_type, "action": action},
        )


def validation_problems(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Pydantic's errors as ``{"field", "problem"}`` pairs, the form error details carry."""
    return [
        {"field": ".".join(str(p) for p in e.get("loc", ())), "problem": str(e.get("msg", ""))}
        for e in errors
    ]


def settle(session: Session, user: User, op: Op) -> dict[str, Any]:
    """Apply one op and end its transaction (see settle_batch)."""
    return settle_batch(session, user, [op])[0]


def settle_batch(session: Session, user: User, ops: Iterable[Op]) -> list[dict[str, Any]]:
    """Apply ops in order, each applied or not on its own, and commit them together once.

    An op that is not applied (conflict, rejected) leaves nothing behind: every handler checks
    before it writes. The applied ones are committed before the caller answers, so an answer
    "applied" is on disk; a batch cut short (the Hub stopping) leaves none of its ops applied,
    and sent again they apply then. One durable commit per batch instead of one per op: each is
    an fsync (~2 ms here), more than the op itself. The feed lock comes first, so two writers'
    batches queue instead of deadlocking; under it nobody else writes, so what the batch read
    up front stays true until its commit. Should the database refuse a write all the same (a
    unique key taken), the batch is rolled back and settled once more from what is committed.
    """
    ops = list(ops)
    for attempt in range(2):
        take_feed_lock(session)
        batch = _Batch()
        session.info["hub_batch"] = batch
        try:
            _read_ahead(session, batch, ops)
            results = [apply_op(session, user, op) for op in ops]
            session.flush()
            _write_feed(session, batch)
            if batch.appended and batch.head is not None:
                record_head(session, *batch.head)
            session.commit()
            return results
        except IntegrityError:
            session.rollback()
            if attempt:
                raise
        finally:
            session.info.pop("hub_batch", None)
    raise AssertionError("unreachable")


def _read_ahead(session: Session, batch: _Batch, ops: list[Op]) -> None:
    """Read the batch's earlier answers and its records in two queries, not two per op."""
    op_ids = list({op.op_id for op in ops})
    keys = {(op.type, op.id) for op in ops}
    for chunk in range(0, len(op_ids), 500):
        ids = op_ids[chunk : chunk + 500]
        batch.ops.update(dict.fromkeys(ids))
        for applied in session.scalars(select(AppliedOp).where(AppliedOp.op_id.in_(ids))):
            batch.ops[applied.op_id] = applied
    record_ids = list({record_id for _, record_id in keys})
    batch.records.update(dict.fromkeys(keys))
    for chunk in range(0, len(record_ids), 500):
        stmt = select(RecordRow).where(RecordRow.id.in_(record_ids[chunk : chunk + 500]))
        for row in session.scalars(_locking(session, stmt)):
            batch.records[(row.type, row.id)] = row


def _validate(schema: type[Any], data: dict[str, Any]) -> dict[str, Any]:
    try:
        return dict(schema.model_validate(data).model_dump(mode="json"))
    except ValidationError as exc:
        problems = validation_problems(exc.errors())
        raise OpRejected(
            "invalid_data",
            "The change's data is not valid: "
            + "; ".join(f"{p['field']}: {p['problem']}" for p in problems),
            {"problems": problems},
        ) from None


def _dispatch(session: Session, user: User, op: Op) -> int:
    # Legal holds: hold ops, and no deleting what a hold keeps (hub/holds.py).
    if (held := holds.intercept(session, user, op, append_archive, OpRejected)) is not None:
        return held
    handlers: dict[str, Callable[[Session, User, Op], int]] = {
        "create": _create,
        "update": _update,
        "delete": _delete,
        "decide": _decide,
        "report": _report,
        "respond": _respond,
        "approve_staged": _settle_staged,
        "discard_staged": _settle_staged,
        **claims.HANDLERS,  # claim a post; a note or a strike on a member (hub/claims.py)
    }
    handler = handlers.get(op.action)
    if handler is None:
        raise OpRejected("unknown_action", f"Unknown action {op.action!r}.")
    return handler(session, user, op)


def _save(session: Session, row: RecordRow, data: dict[str, Any], *, new: bool = False) -> int:
    row.data = data
    row.version = 1 if new else row.version + 1
    row.updated_at = now()
    if new:
        session.add(row)
        batch = _batch(session)
        batch.records[(row.type, row.id)] = row
        batch.created.add((row.type, row.id))
    touch(session, row)
    return row.version


def _create(session: Session, user: User, op: Op) -> int:
    _allow(user, op.type, "create")
    if op.type not in CREATE_DATA:
        raise OpRejected("not_creatable", f"A {op.type} cannot be created with an op.")
    forbidden = sorted(set(op.data) & SERVER_FIELDS)
    if forbidden:
        raise OpRejected("server_fields", f"The Hub sets these fields itself: {forbidden}.")
    existing = _load(session, op.type, op.id)
    if existing is not None:
        raise OpConflict(wire(existing))
    data = _validate(CREATE_DATA[op.type], op.data)
    data = _complete(session, user, op.type, op.id, data, None)
    row = RecordRow(type=op.type, id=op.id)
    version = _save(session, row, data, new=True)
    _archive_change(session, user, op.type, op.id, "create", data, None)
    return version


def _update(session: Session, user: User, op: Op) -> int:
    _allow(user, op.type, "update")
    if op.type not in CREATE_DATA:
        raise OpRejected("not_updatable", f"A {op.type} cannot be updated with an op.")
    forbidden = sorted(set(op.data) & SERVER_FIELDS)
    if forbidden:
        raise OpRejected("server_fields", f"The Hub sets these fields itself: {forbidden}.")
    row = _require(session, op.type, op.id)
    if row.version != op.base_version:
        raise OpConflict(wire(row))
    before = dict(row.data)
    editable = {k: v for k, v in before.items() if k not in SERVER_FIELDS}
    if op.type == "webinar" and "fold" not in op.data and ({"starts_at", "zone"} & set(op.data)):
        # A new start must say its own fold if it falls in one; the old start's doesn't carry.
        editable["fold"] = None
    changes: dict[str, Any] = op.data
    staged: dict[str, Any] | review.Unchanged | None = review.UNCHANGED
    if op.type == "article":  # a live article's text changes as a pending revision
        _validate(CREATE_DATA[op.type], {**editable, **op.data})
        changes, staged = review.split(before, op.data, user.username, now())
    merged = _validate(CREATE_DATA[op.type], {**editable, **changes})
    data = _complete(session, user, op.type, op.id, merged, before)
    if op.type == "article":
        data = review.with_staged(data, staged)
    version = _save(session, row, data)
    _archive_change(session, user, op.type, op.id, "update", data, before)
    return version


def _delete(session: Session, user: User, op: Op) -> int:
    _allow(user, op.type, "delete")
    row = _require(session, op.type, op.id)
    if row.version != op.base_version:
        raise OpConflict(wire(row))
    if op.type == "kit_item":
        _kit_rule(kit.check_delete, user, row.data)
    row.deleted = True
    version = _save(session, row, row.data)
    append_archive(session, "deletion", user.username, op.id, {"type": op.type})
    return version


def _complete(
    session: Session,
    user: User,
    record_type: str,
    record_id: str,
    data: dict[str, Any],
    before: dict[str, Any] | None,
) -> dict[str, Any]:
    """Type rules and the fields the Hub derives (article status rights, webinar times, …)."""
    kept = {k: v for k, v in (before or {}).items() if k in SERVER_FIELDS}
    if record_type == "article":
        status = data["status"]
        moved = status != (before.get("status") if before is not None else "draft")
        if moved and not may_set_status(user.role, status):
            raise OpRejected(
                "forbidden",
                f"{a_or_an(user.role)} may not move an article to {status}.",
                {"status": status},
            )
        data["slug"] = data["slug"] or slugify(data["title"])
        data.setdefault("author_id", None)
        return {"views": 0, "staged": None, **kept, **data}
    if record_type == "webinar":
        try:
            utc = wall_to_utc(data["starts_at"], data["zone"], data["fold"], strict=True)
        except WallTimeError as exc:
            raise OpRejected(exc.code, str(exc)) from None
        data["starts_at_utc"] = to_wire(utc)
        data["fold"] = data["fold"] or 0
        _check_schedule(session, record_id, data, utc)
        merged = {"registered": 0, "attended": 0, **kept, **data}
        if merged["registered"] > merged["capacity"]:
            raise OpRejected(
                "capacity_below_registrations",
                f"{merged['registered']} people are registered; the capacity cannot go below that.",
                {"registered": merged["registered"]},
            )
        return merged
    if record_type == "post":
        thread = _load(session, "thread", data["thread_id"])
        if thread is None or thread.deleted:
            raise OpRejected("not_found", f"No thread with id {data['thread_id']}.")
        if data.get("parent_id") and _load(session, "post", data["parent_id"]) is None:
            raise OpRejected("not_found", f"No post with id {data['parent_id']}.")
        if before is not None and before.get("body") != data.get("body") and user.role != "admin":
            raise OpRejected("forbidden", "A member's post is never edited by staff.")
        return {
            "created_at": to_wire(now()),
            "state": "pending",
            "report_count": 0,
            "decision": None,
            **kept,
            **data,
        }
    if record_type == "thread":
        return {"created_at": to_wire(now()), **kept, **data}
    if record_type == "review_comment":
        article = _load(session, "article", data["article_id"])
        parent = _load(session, "review_comment", data["parent_id"] or "")
        try:
            return review.complete_comment(
                user.username, user.role == "admin", data, before, kept,
                article is not None and not article.deleted, now(),
                parent.data.get("article_id") if parent is not None else None,
            )  # fmt: skip
        except review.Refused as exc:
            raise OpRejected(exc.code, exc.message) from None
    if record_type == "kit_item":
        return _kit_rule(kit.complete, user, data, before, kept)  # type: ignore[no-any-return]
    if record_type == "poll":
        options = data["options"]
        responses = kept.get("responses") or [0] * len(options)
        if len(responses) != len(options):
            if any(responses):
                raise OpRejected(
                    "poll_has_responses", "The options of a poll that has responses cannot change."
                )
            responses = [0] * len(options)
        return {**kept, **data, "responses": responses}
    if record_type == "member":
        return {"joined_at": to_wire(now()), **kept, **data}
    return {**kept, **data}


def _kit_rule(rule: Callable[..., Any], *args: Any) -> Any:
    """A rule of hub/kit.py, its refusal as the op's."""
    try:
        return rule(*args)
    except kit.KitRefused as exc:
        raise OpRejected(exc.code, exc.message, exc.details) from None


def _check_schedule(
    session: Session, webinar_id: str, data: dict[str, Any], start: datetime
) -> None:
    """A speaker or host booked in two overlapping webinars is refused, naming the other one."""
    if data.get("status") == "cancelled":
        return
    people = set(data.get("speaker_ids", [])) | set(data.get("host_ids", []))
    if not people:
        return
    end = start.timestamp() + data["duration_minutes"] * 60
    others = session.scalars(
        select(RecordRow).where(
            RecordRow.type == "webinar", RecordRow.deleted.is_(False), RecordRow.id != webinar_id
        )
    )
    for other in others:
        o = other.data
        if o.get("status") == "cancelled" or not o.get("starts_at_utc"):
            continue
        shared = people & (set(o.get("speaker_ids", [])) | set(o.get("host_ids", [])))
        if not shared:
            continue
        o_start = datetime.fromisoformat(o["starts_at_utc"].replace("Z", "+00:00")).timestamp()
        o_end = o_start + o["duration_minutes"] * 60
        if start.timestamp() < o_end and o_start < end:
            raise OpRejected(
                "speaker_double_booked",
                f"{webinars.people_named(session, shared)} already speak(s) at “{o.get('title')}” "
                f"({o['starts_at']} {o['zone']}), which overlaps.",
                {"other_webinar": other.id, "people": sorted(shared)},
            )


def _archive_change(
    session: Session,
    user: User,
    record_type: str,
    record_id: str,
    action: str,
    data: dict[str, Any],
    before: dict[str, Any] | None,
) -> None:
    if record_type == "post" and action == "create":
        kind = "reply" if data.get("parent_id") else "post"
        append_archive(
            session,
            kind,
            user.username,
            record_id,
            {
                "thread_id": data["thread_id"],
                "parent_id": data.get("parent_id"),
                "author_id": data.get("author_id"),
                "body": data["body"],
            },
        )
    elif record_type == "article":
        published = data.get("status") == "published" and (
            before is None or before.get("status") != "published"
        )
        if published:
            append_archive(
                session,
                "publication",
                user.username,
                record_id,
                {"title": data["title"], "body": data["body"]},
            )
        elif before is not None and before.get("status") == "published":
            # A pending revision is no edit of what readers see: archived when approved.
            changed = sorted(k for k in data if k != "staged" and data.get(k) != before.get(k))
            if not changed:
                return
            append_archive(
                session,
                "edit",
                user.username,
                record_id,
                {
                    "type": record_type,
                    "fields": changed,
                    "title": data["title"],
                    "body": data["body"],
                },
            )
    elif (
        record_type in ("thread", "member", "lexicon_term", "poll", "webinar", "kit_item")
        and before
    ):
        changed = sorted(k for k in data if data.get(k) != before.get(k))
        append_archive(
            session, "edit", user.username, record_id, {"type": record_type, "fields": changed}
        )


def _settle_staged(session: Session, user: User, op: Op) -> int:
    """Approve or discard a live article's pending revision (hub/review.py)."""
    if op.type != "article":
        raise OpRejected("unknown_action", "Only articles have pending revisions.")
    if op.action == "discard_staged":
        _allow(user, "article", "discard_staged")
    elif not may_set_status(user.role, "published"):
        raise OpRejected(
            "forbidden",
            f"{a_or_an(user.role)} may not approve a pending revision: that is publishing.",
            {"role": user.role, "type": "article", "action": op.action},
        )
    row = _require(session, "article", op.id)
    if row.version != op.base_version:
        raise OpConflict(wire(row))
    try:
        data, entry = review.settle(op.action, may_set_status(user.role, "published"), row.data)
    except review.Refused as exc:
        raise OpRejected(exc.code, exc.message) from None
    version = _save(session, row, data)
    if entry is not None:
        append_archive(session, "edit", user.username, op.id, entry)
    return version


def _decide(session: Session, user: User, op: Op) -> int:
    if op.type != "post":
        raise OpRejected("unknown_action", "Only posts take moderation decisions.")
    _allow(user, "post", "decide")
    decision = _validate(DecisionData, op.data)
    row = _require(session, "post", op.id)
    current = row.data.get("decision")
    action = DecisionAction(decision["action"])
    # The first decision wins: a decision on a post already decided is a conflict naming it,
    # unless it builds on what the moderator saw (restoring after a removal, say).
    if current is not None and op.base_version != row.version:
        raise OpConflict(wire(row))
    at = to_wire(now())
    record = {
        "action": str(action),
        "reason": decision["reason"],
        "by": user.username,
        "at": at,
        "decision_id": decision["decision_id"] or new_id(),
    }
    data = {**row.data, "decision": record, "state": str(STATE_AFTER_DECISION[action])}
    version = _save(session, row, data)
    append_archive(session, "decision", user.username, op.id, {**record, "note": decision["note"]})
    return version


def _report(session: Session, user: User, op: Op) -> int:
    if op.type != "post":
        raise OpRejected("unknown_action", "Only posts can be reported.")
    _allow(user, "post", "report")
    report = _validate(ReportData, op.data)
    row = _require(session, "post", op.id)
    report_id = report["report_id"] or new_id()
    if _load(session, "report", report_id) is not None:
        raise OpRejected("report_id_taken", f"A report with id {report_id} exists already.")
    created = {
        "post_id": op.id,
        "reporter_id": report["reporter_id"] or user.member_id,
        "reason": report["reason"],
        "note": report["note"],
        "created_at": to_wire(now()),
    }
    _save(session, RecordRow(type="report", id=report_id), created, new=True)
    data = {**row.data, "report_count": int(row.data.get("report_count", 0)) + 1}
    version = _save(session, row, data)
    append_archive(session, "report", user.username, op.id, {**created, "report_id": report_id})
    return version


def _respond(session: Session, user: User, op: Op) -> int:
    if op.type != "poll":
        raise OpRejected("unknown_action", "Only polls take responses.")
    _allow(user, "poll", "respond")
    answer = _validate(PollResponseData, op.data)
    row = _require(session, "poll", op.id)
    responses = list(row.data.get("responses") or [0] * len(row.data["options"]))
    if answer["option"] >= len(responses):
        raise OpRejected("invalid_data", f"The poll has {len(responses)} options.")
    responses[answer["option"]] += 1
    version = _save(session, row, {**row.data, "responses": responses})
    append_archive(
        session,
        "poll_response",
        user.username,
        op.id,
        {"option": answer["option"], "member_id": answer["member_id"] or user.member_id},
    )
    return version


# -- figures -----------------------------------------------------------------------------------


def stats(session: Session) -> dict[str, int]:
    counts = dict(
        session.execute(
            select(RecordRow.type, func.count())
            .where(RecordRow.deleted.is_(False))
            .group_by(RecordRow.type)
        ).all()
    )
    sums = {
        "article_views": ("article", "views"),
        "webinar_registrations": ("webinar", "registered"),
        "webinar_attendance": ("webinar", "attended"),
    }
    figures = {
        "members": counts.get("member", 0),
        "articles": counts.get("article", 0),
        "webinars": counts.get("webinar", 0),
        "posts": counts.get("post", 0),
        "polls": counts.get("poll", 0),
        "archive_entries": session.scalar(select(func.count()).select_from(ArchiveRow)) or 0,
    }
    for name, (record_type, key) in sums.items():
        total = session.scalar(
            select(func.sum(RecordRow.data[key].as_integer())).where(
                RecordRow.type == record_type, RecordRow.deleted.is_(False)
            )
        )
        figures[name] = int(total or 0)
    return figures
