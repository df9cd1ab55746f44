"""What the Archive page reads: a filtered search of the archive copy, paged by seq (newest
first), one entry with its place in the chain and its holds, the holds, retention figures, and
the entries an export of the current search holds.

Every function opens its own short read session and returns plain values (no ORM objects), so
the page can call them off the UI thread and hand the results to its widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, text
from sqlalchemy.orm import Session

from studio.domain.archive import entry_hash
from studio.domain.records import PENDING_OUTBOX_STATES, OutboxState
from studio.store.archive import (
    HOLD_TYPE,
    ON_A_POST,
    entry_of,
    held,
    past_retention,
    scan,
    unreadable,
)
from studio.store.models import ArchiveEntry, ArchiveHold, ArchiveState, Member, OutboxOp, Thread
from studio.store.search import match_expression
from studio.store.workspace import OperationError, Workspace

#: The kinds the Hub writes (hub/store.py), for the kind filter.
KINDS = (
    "post",
    "reply",
    "report",
    "decision",
    "poll_response",
    "publication",
    "edit",
    "deletion",
    "legal_hold",
    "legal_hold_lifted",
)
EXCERPT = 160
#: The most entries the page exports at once (each is held in memory while the package is made).
MAX_EXPORT = 100_000


@dataclass(frozen=True)
class ArchiveFilter:
    """What the user asked for; empty fields don't narrow. Dates are UTC days, both included."""

    text: str = ""
    kind: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None
    #: A thread's id, or words of its title.
    thread: str = ""
    #: Entries past retention (older than the period, under no hold) are left out unless asked.
    past_retention: bool = False

    def is_empty(self) -> bool:
        return self == ArchiveFilter(past_retention=self.past_retention)


@dataclass(frozen=True)
class ArchiveRow:
    seq: int
    at: str
    kind: str
    actor: str
    subject_id: str
    thread_id: str | None
    thread: str
    excerpt: str
    held: bool
    past_retention: bool


@dataclass(frozen=True)
class HoldRow:
    id: str
    scope: str  # record, thread
    subject_id: str
    #: What the hold is on, for a person: a thread's title, a post's first words.
    subject: str
    reason: str
    placed_by: str
    placed_at: str
    lifted_at: str | None
    lifted_by: str | None
    lift_reason: str
    #: Where the hold stands with the Hub: synced (in the Hub's archive, or received from it),
    #: waiting (its op not answered yet) or refused (``refusal`` says why).
    sync: str = "synced"
    refusal: str = ""


@dataclass(frozen=True)
class EntryDetail:
    """One entry as archived, its thread, whether it checks out where it stands, its holds."""

    entry: dict[str, Any]
    thread_id: str | None
    thread: str
    actor_name: str
    author_name: str
    #: Its hash recomputes from its fields.
    hash_ok: bool
    #: The entry before it: None when this is the first; its hash matches our prev_hash or not.
    prev_seq: int | None
    prev_present: bool
    prev_links: bool
    #: The entry after it, when the copy has one: does its prev_hash name this entry's hash.
    next_seq: int | None
    next_links: bool
    holds: list[HoldRow]
    past_retention: bool
    #: The firm's lexicon (as synced now) over the entry's text: (matched text, term, severity).
    lexicon: list[tuple[str, str, str]] = field(default_factory=list)


def _days(since: date | None, until: date | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(ArchiveEntry.at >= since.isoformat())
    if until is not None:
        conditions.append(ArchiveEntry.at < (until + timedelta(days=1)).isoformat())
    return conditions


def conditions(session: Session, wanted: ArchiveFilter) -> list[ColumnElement[bool]]:
    """The filter as query conditions on ``ArchiveEntry``. Raises OperationError for a search
    with no word in it or a date range that ends before it starts."""
    where: list[ColumnElement[bool]] = []
    if wanted.text.strip():
        expression = match_expression(wanted.text)
        if expression is None:
            raise OperationError(f"The search {wanted.text!r} holds no word to look for.")
        where.append(
            ArchiveEntry.seq.in_(
                select(text("rowid"))
                .select_from(text("archive_fts"))
                .where(text("archive_fts MATCH :q").bindparams(q=expression))
            )
        )
    if wanted.kind:
        where.append(ArchiveEntry.kind == wanted.kind)
    if wanted.actor.strip():
        actor = wanted.actor.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(ArchiveEntry.actor.like(f"{actor}%", escape="\\"))
    if wanted.since and wanted.until and wanted.until < wanted.since:
        raise OperationError("The date range ends before it starts.")
    where += _days(wanted.since, wanted.until)
    thread = wanted.thread.strip()
    if thread:
        words = thread.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        titled = select(Thread.id).where(Thread.title.like(f"%{words}%", escape="\\"))
        where.append(
            or_(
                ArchiveEntry.thread_id == thread,
                ArchiveEntry.subject_id == thread,
                ArchiveEntry.thread_id.in_(titled),
            )
        )
    if not wanted.past_retention:
        where.append(~past_retention(session))
    return where


def _listed(session: Session) -> Select[Any]:
    return (
        select(
            ArchiveEntry.seq,
            ArchiveEntry.at,
            ArchiveEntry.kind,
            ArchiveEntry.actor,
            ArchiveEntry.subject_id,
            ArchiveEntry.thread_id,
            func.coalesce(Thread.title, literal("")),
            func.substr(ArchiveEntry.text, 1, EXCERPT),
            held().label("held"),
            past_retention(session).label("past"),
        )
        .select_from(ArchiveEntry)
        .outerjoin(Thread, Thread.id == ArchiveEntry.thread_id)
    )


def search_page(
    workspace: Workspace, wanted: ArchiveFilter, after: ArchiveRow | None, limit: int
) -> list[ArchiveRow]:
    """The ``limit`` entries matching ``wanted`` after ``after``, newest first (keyset by seq)."""
    with workspace.reading() as s:
        statement = _listed(s).where(*conditions(s, wanted))
        if after is not None:
            statement = statement.where(ArchiveEntry.seq < after.seq)
        rows = s.execute(statement.order_by(ArchiveEntry.seq.desc()).limit(limit)).all()
    return [
        ArchiveRow(
            seq,
            at,
            kind,
            actor,
            subject,
            thread_id,
            title,
            " ".join((excerpt or "").split()),
            bool(is_held),
            bool(past),
        )
        for seq, at, kind, actor, subject, thread_id, title, excerpt, is_held, past in rows
    ]


def fetch(workspace: Workspace, wanted: ArchiveFilter) -> Callable[[Any, int], list[ArchiveRow]]:
    """``search_page`` as a lazy table's fetch(after, limit)."""
    return lambda after, limit: search_page(workspace, wanted, after, limit)


# -- one entry ---------------------------------------------------------------------------------


def _hold_rows(session: Session, statement: Select[Any]) -> list[HoldRow]:
    holds = session.scalars(statement).all()
    threads = {h.subject_id for h in holds if h.scope == "thread"}
    records = {h.subject_id for h in holds if h.scope == "record"}
    titles = dict(
        session.execute(select(Thread.id, Thread.title).where(Thread.id.in_(threads))).all()
    )
    excerpts: dict[str, str] = {}
    for subject, excerpt in session.execute(
        select(ArchiveEntry.subject_id, func.substr(ArchiveEntry.text, 1, 80))
        .where(ArchiveEntry.subject_id.in_(records))
        .order_by(ArchiveEntry.seq)
    ):
        excerpts.setdefault(subject, " ".join((excerpt or "").split()))
    sync: dict[str, tuple[str, str]] = {}
    for hold_id, state, error in session.execute(
        select(OutboxOp.record_id, OutboxOp.state, OutboxOp.error)
        .where(OutboxOp.record_type == HOLD_TYPE, OutboxOp.record_id.in_([h.id for h in holds]))
        .order_by(OutboxOp.seq)
    ):
        if state in PENDING_OUTBOX_STATES:
            sync[hold_id] = ("waiting", "")
        elif state == OutboxState.REJECTED:
            sync[hold_id] = ("refused", error)
        elif sync.get(hold_id, ("",))[0] != "waiting":
            sync[hold_id] = ("synced", "")
    return [
        HoldRow(
            h.id,
            h.scope,
            h.subject_id,
            titles.get(h.subject_id, "") if h.scope == "thread" else excerpts.get(h.subject_id, ""),
            h.reason,
            h.placed_by,
            h.placed_at.isoformat(),
            h.lifted_at.isoformat() if h.lifted_at else None,
            h.lifted_by,
            h.lift_reason,
            *sync.get(h.id, ("synced", "")),
        )
        for h in holds
    ]


def entry_detail(workspace: Workspace, seq: int) -> EntryDetail | None:
    """Entry ``seq`` of the copy with its chain status and holds; None when the copy lacks it."""
    with workspace.reading() as s:
        row = s.get(ArchiveEntry, seq)
        if row is None:
            return None
        try:
            entry = entry_of(row)
            hash_ok = entry_hash(entry) == row.hash
        except ValueError:  # a payload that is no longer JSON
            entry = unreadable(row)
            hash_ok = False
        previous = s.get(ArchiveEntry, seq - 1) if seq > 1 else None
        following = s.scalars(
            select(ArchiveEntry).where(ArchiveEntry.seq > seq).order_by(ArchiveEntry.seq).limit(1)
        ).first()
        thread = s.get(Thread, row.thread_id) if row.thread_id else None
        author = entry["payload"].get("author_id") if isinstance(entry["payload"], dict) else None
        names = dict(
            s.execute(
                select(Member.id, Member.display_name).where(
                    Member.id.in_([row.actor, str(author or "")])
                )
            ).all()
        )
        on_it = [
            and_(ArchiveHold.scope == "record", ArchiveHold.subject_id == row.subject_id),
        ]
        if row.thread_id:
            on_it.append(
                and_(ArchiveHold.scope == "thread", ArchiveHold.subject_id == row.thread_id)
            )
        holds = _hold_rows(
            s, select(ArchiveHold).where(or_(*on_it)).order_by(ArchiveHold.placed_at.desc())
        )
        past = bool(
            s.scalar(
                select(past_retention(s)).select_from(ArchiveEntry).where(ArchiveEntry.seq == seq)
            )
        )
        lexicon = workspace.lexicon()
        return EntryDetail(
            lexicon=[(h.text, h.term.pattern, h.term.severity) for h in scan(lexicon, entry)],
            entry=entry,
            thread_id=row.thread_id,
            thread=thread.title if thread else "",
            actor_name=names.get(row.actor, ""),
            author_name=names.get(str(author), "") if author else "",
            hash_ok=hash_ok,
            prev_seq=seq - 1 if seq > 1 else None,
            prev_present=previous is not None,
            prev_links=(previous.hash == row.prev_hash) if previous is not None else False,
            next_seq=following.seq if following is not None else None,
            next_links=following is not None and following.prev_hash == row.hash,
            holds=holds,
            past_retention=past,
        )


def first_seq_of(workspace: Workspace, subject_id: str) -> int | None:
    """The first entry about ``subject_id`` (a held post's own entry), None when none is."""
    with workspace.reading() as s:
        return s.scalar(
            select(func.min(ArchiveEntry.seq)).where(ArchiveEntry.subject_id == subject_id)
        )


# -- holds and retention -----------------------------------------------------------------------


def holds_page(workspace: Workspace, after: HoldRow | None, limit: int) -> list[HoldRow]:
    """Holds, those in force first, newest first within each (keyset on (lifted, placed, id))."""
    with workspace.reading() as s:
        lifted = ArchiveHold.lifted_at.is_not(None)
        statement = select(ArchiveHold)
        if after is not None:
            was_lifted = after.lifted_at is not None
            placed = s.get(ArchiveHold, after.id)
            placed_at = placed.placed_at if placed is not None else None
            later_group = lifted if not was_lifted else literal(False)
            same_group = lifted if was_lifted else ~lifted
            statement = statement.where(
                or_(
                    later_group,
                    and_(
                        same_group,
                        or_(
                            ArchiveHold.placed_at < placed_at,
                            and_(ArchiveHold.placed_at == placed_at, ArchiveHold.id > after.id),
                        ),
                    ),
                )
            )
        statement = statement.order_by(lifted, ArchiveHold.placed_at.desc(), ArchiveHold.id).limit(
            limit
        )
        return _hold_rows(s, statement)


def is_held(workspace: Workspace, scope: str, subject_id: str) -> bool:
    with workspace.reading() as s:
        return (
            s.scalar(
                select(ArchiveHold.id)
                .where(
                    ArchiveHold.scope == scope,
                    ArchiveHold.subject_id == subject_id,
                    ArchiveHold.lifted_at.is_(None),
                )
                .limit(1)
            )
            is not None
        )


@dataclass(frozen=True)
class Retention:
    years: int
    entries: int
    past: int
    held: int
    in_force: int


def retention(workspace: Workspace) -> Retention:
    """The retention period, how many entries the copy holds, how many are past it and how
    many are kept by a hold (entries under a hold that is in force)."""
    with workspace.reading() as s:
        state = s.get(ArchiveState, 1)
        entries = s.scalar(select(func.count()).select_from(ArchiveEntry)) or 0
        past = s.scalar(select(func.count()).select_from(ArchiveEntry).where(past_retention(s)))
        kept = s.scalar(select(func.count()).select_from(ArchiveEntry).where(held()))
        in_force = s.scalar(
            select(func.count()).select_from(ArchiveHold).where(ArchiveHold.lifted_at.is_(None))
        )
    return Retention(
        state.retention_years if state else 6, entries, past or 0, kept or 0, in_force or 0
    )


# -- export ------------------------------------------------------------------------------------


def export_selection(workspace: Workspace, wanted: ArchiveFilter) -> list[dict[str, Any]]:
    """The entries of the search ``wanted`` in chain order, with the reports and decisions on
    the same posts (an export shows what happened to what it holds); each with ``thread_id``."""
    with workspace.reading() as s:
        where = conditions(s, wanted)
        matched = select(ArchiveEntry.seq).where(*where)
        subjects = select(ArchiveEntry.subject_id).where(*where)
        statement = (
            select(ArchiveEntry)
            .where(
                or_(
                    ArchiveEntry.seq.in_(matched),
                    and_(ArchiveEntry.kind.in_(ON_A_POST), ArchiveEntry.subject_id.in_(subjects)),
                )
            )
            .order_by(ArchiveEntry.seq)
        )
        rows = s.scalars(statement.limit(MAX_EXPORT + 1)).all()
        if len(rows) > MAX_EXPORT:
            raise OperationError(
                f"The search holds more than {MAX_EXPORT:,} entries: narrow it (a thread, a "
                "kind, some days), or export the whole archive with studio archive export."
            )
        return [{**entry_of(row), "thread_id": row.thread_id} for row in rows]
