"""The Hub's rules over its database: ops, the change feed, the archive, figures.

Each op is applied or not as one (a savepoint): the record, its feed entry, its archive entries
and the op's result are written together or not at all; a batch's applied ops are committed
together. Nothing here knows HTTP; hub/app.py calls it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

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


def touch(session: Session, row: RecordRow) -> None:
    """Move ``row`` to the end of the feed (one feed entry per record, at its newest seq)."""
    take_feed_lock(session)
    last = session.scalar(select(func.max(ChangeRow.seq))) or 0
    existing = session.scalar(
        select(ChangeRow).where(ChangeRow.type == row.type, ChangeRow.id == row.id)
    )
    if existing is not None:
        session.delete(existing)
        session.flush()
    session.add(ChangeRow(seq=last + 1, type=row.type, id=row.id))


def append_archive(
    session: Session,
    kind: str,
    actor: str,
    subject_id: str,
    payload: dict[str, Any],
    at: datetime | None = None,
) -> ArchiveRow:
    """Append one entry to the hash chain, in the caller's transaction."""
    take_feed_lock(session)
    head = session.scalars(select(ArchiveRow).order_by(ArchiveRow.seq.desc()).limit(1)).first()
    entry: dict[str, Any] = {
        "seq": (head.seq if head else 0) + 1,
        "at": to_wire(at or now()),
        "kind": kind,
        "actor": actor,
        "subject_id": subject_id,
        "payload": payload,
        "prev_hash": head.hash if head else GENESIS,
    }
    entry["hash"] = entry_hash(entry)
    row = ArchiveRow(**entry)
    session.add(row)
    record_head(session, entry["seq"], entry["hash"])
    return row


def record_head(session: Session, seq: int, hash_: str) -> None:
    """Remember where the chain ends (same transaction as the append)."""
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
    session.add(
        AppliedOp(
            op_id=op.op_id,
            request_hash=digest,
            username=user.username,
            result=result,
            applied_at=now(),
        )
    )
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
    stmt = select(RecordRow).where(RecordRow.type == record_type, RecordRow.id == record_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return session.scalars(stmt).first()


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
    """Apply ops in order, each in a savepoint of its own, and commit them together once.

    Each op is still applied or not on its own: one that is not applied (conflict, rejected)
    rolls back to its savepoint and leaves nothing behind. The applied ones are committed before
    the caller answers, so an answer "applied" is on disk; a batch cut short (the Hub stopping)
    leaves none of its ops applied, and sent again they apply then. One durable commit per
    batch instead of one per op: each is an fsync (~2 ms here), more than the op itself. The
    feed lock comes first, so two writers' batches queue instead of deadlocking.
    """
    take_feed_lock(session)
    results = [_settle_in_savepoint(session, user, op) for op in ops]
    session.commit()
    return results


def _settle_in_savepoint(session: Session, user: User, op: Op) -> dict[str, Any]:
    for _ in range(2):
        savepoint = session.begin_nested()
        try:
            result = apply_op(session, user, op)
            if result["status"] == "applied":
                savepoint.commit()
            else:
                savepoint.rollback()
            return result
        except IntegrityError:
            # Another writer got there a moment before: the same op_id (answered as a replay)
            # or the same new record (answered afresh, which now sees it).
            savepoint.rollback()
    return rejected(
        op,
        "write_conflict",
        "Another change to the same record arrived at the same moment; send it again.",
    )


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
    handlers: dict[str, Callable[[Session, User, Op], int]] = {
        "create": _create,
        "update": _update,
        "delete": _delete,
        "decide": _decide,
        "report": _report,
        "respond": _respond,
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
    session.flush()
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
    merged = _validate(CREATE_DATA[op.type], {**editable, **op.data})
    data = _complete(session, user, op.type, op.id, merged, before)
    version = _save(session, row, data)
    _archive_change(session, user, op.type, op.id, "update", data, before)
    return version


def _delete(session: Session, user: User, op: Op) -> int:
    _allow(user, op.type, "delete")
    row = _require(session, op.type, op.id)
    if row.version != op.base_version:
        raise OpConflict(wire(row))
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
        return {"views": 0, **kept, **data}
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
                f"{', '.join(sorted(shared))} already speak(s) at “{o.get('title')}” "
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
            changed = sorted(k for k in data if data.get(k) != before.get(k))
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
    elif record_type in ("thread", "member", "lexicon_term", "poll", "webinar") and before:
        changed = sorted(k for k in data if data.get(k) != before.get(k))
        append_archive(
            session, "edit", user.username, record_id, {"type": record_type, "fields": changed}
        )


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
    for name, (record_type, field) in sums.items():
        total = session.scalar(
            select(func.sum(RecordRow.data[field].as_integer())).where(
                RecordRow.type == record_type, RecordRow.deleted.is_(False)
            )
        )
        figures[name] = int(total or 0)
    return figures
