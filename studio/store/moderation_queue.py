"""The moderation queue in the workspace: one list of posts awaiting approval, reported, or hit
by the lexicon, ordered by a stored priority, with filters, search, snoozes, notes and saved
views (migration 0010).

``queue_items`` is kept by triggers (see the migration), so every path that writes posts or
reports (the sync's bulk apply, a decision, its undo) keeps it right, and a page of the queue is
a walk down the index (priority DESC, post_id) however long the queue is. Lexicon hits need
Python (regexes): ``scan_lexicon`` looks at the posts written since it last ran, a batch at a
time, and writes ``post_lexicon_hits``, which the triggers fold into the queue.

Priority: a report counts 10, plus up to 10 more by the reporter's past accuracy (the share of
their decided reports that ended in removal; 0.5 without history); a lexicon hit 10, 25 or 50
by severity; awaiting approval 5; and 0.3 of a point per day waited (a report's worth in about a
month: severity first, age as the tie-breaker that still lifts what waits). The stored
``score`` is the part without age (the priority bands read it); ``priority`` adds the age from a
fixed epoch so the stored order never goes stale.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import (
    JSON,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    column,
    delete,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    table,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.elements import ColumnClause

from studio.domain.ids import new_id
from studio.domain.instants import from_wire, to_stored, to_wire, utc_now
from studio.domain.lexicon import SEVERITIES, Term, compile_lexicon
from studio.domain.records import RecordType
from studio.store.models import Instant, LexiconTerm, Member, Post, Report, Thread
from studio.store.search import match_expression
from studio.store.workspace import OperationError, Workspace

metadata = MetaData()
POSTS_FTS = table("posts_fts", column("rowid"))

queue_items = Table(
    "queue_items",
    metadata,
    Column("post_id", String(36), primary_key=True),
    Column("kinds", Integer),
    Column("author_id", String(36)),
    Column("thread_id", String(36)),
    Column("created_at", Instant),
    Column("report_count", Integer),
    Column("severity", Integer),
    Column("terms", Text),
    Column("score", Float),
    Column("priority", Float),
    Column("snoozed_until", Instant),
)
post_lexicon_hits = Table(
    "post_lexicon_hits",
    metadata,
    Column("post_id", String(36), primary_key=True),
    Column("severity", Integer),
    Column("terms", Text),
)
lexicon_rescan = Table("lexicon_rescan", metadata, Column("post_id", String(36), primary_key=True))
lexicon_scan_state = Table(
    "lexicon_scan_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scanned_rowid", Integer),
    Column("terms_hash", String(64)),
)
reporter_stats = Table(
    "reporter_stats",
    metadata,
    Column("reporter_id", String(36), primary_key=True),
    Column("decided", Integer),
    Column("upheld", Integer),
)
moderation_notes = Table(
    "moderation_notes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("post_id", String(36)),
    Column("member_id", String(36)),
    Column("body", Text),
    Column("author", String(200)),
    Column("created_at", Instant),
    Column("expires_at", Instant),
)
moderation_views = Table(
    "moderation_views",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("filter", JSON),
    Column("created_at", Instant),
)

#: Bits of ``queue_items.kinds``: why a post is in the queue (several may hold).
PENDING, REPORTED, LEXICON = 1, 2, 4
KINDS = {"pending": PENDING, "reported": REPORTED, "lexicon": LEXICON}
#: Priority bands, on the score (the priority without age): [low, high) per band.
BANDS = {"high": (40.0, None), "medium": (15.0, 40.0), "low": (None, 15.0)}
#: A post's claim (migration 0009): who and until when, as wire text (RFC 3339 UTC).
CLAIMED_BY: ColumnClause[Any] = literal_column("posts.claimed_by")
CLAIMED_UNTIL: ColumnClause[Any] = literal_column("posts.claimed_until")
#: Age in the stored priority is counted back from this day (AGE_PER_DAY points a day).
AGE_PER_DAY = 0.3
EPOCH = datetime.fromisoformat("2030-01-01T00:00:00+00:00")
#: Lexicon severities as stored (0: no hit).
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES, start=1)}


@dataclass(frozen=True)
class QueueFilter:
    """What narrows the queue. Empty strings mean "any"."""

    kind: str = ""  # pending, reported, lexicon
    reason: str = ""  # a report reason, as reporters chose it
    author: str = ""  # the start of the author's display name
    thread: str = ""  # words of the thread's title
    band: str = ""  # high, medium, low
    claim: str = ""  # mine, unclaimed
    text: str = ""  # full-text search of the post

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}

    @classmethod
    def from_json(cls, data: Any) -> QueueFilter:
        """A filter from its stored form; unknown keys (a newer Studio's) are ignored."""
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in known and v})

    def with_text(self, text: str) -> QueueFilter:
        return replace(self, text=text)

    def __bool__(self) -> bool:
        return bool(self.to_json())


class QueueItem(NamedTuple):
    """One row of the queue as the page shows it."""

    id: str
    priority: float
    score: float
    kinds: int
    report_count: int
    reasons: tuple[tuple[str, int], ...]  # report reasons with their counts, most given first
    terms: str  # lexicon terms matched, comma-separated
    severity: int  # the worst lexicon hit (0 none, 1 low, 2 medium, 3 high)
    created_at: datetime
    state: str
    author: str | None
    author_id: str | None
    thread: str
    thread_id: str
    excerpt: str
    claimed_by: str | None

    @property
    def pending(self) -> bool:
        return bool(self.kinds & PENDING)

    @property
    def reported(self) -> bool:
        return bool(self.kinds & REPORTED)

    @property
    def lexicon_hit(self) -> bool:
        return bool(self.kinds & LEXICON)

    def waited_days(self, now: datetime) -> float:
        return max(0.0, (now - self.created_at).total_seconds() / 86400)

    def shown_priority(self, now: datetime) -> int:
        """The priority as a person reads it: the score plus what the days waited add."""
        return round(self.score + AGE_PER_DAY * self.waited_days(now))


def band_of(score: float) -> str:
    for name, (low, high) in BANDS.items():
        if (low is None or score >= low) and (high is None or score < high):
            return name
    return "low"


def queue_page(
    workspace: Workspace,
    queue_filter: QueueFilter,
    after: QueueItem | None,
    limit: int,
    me: str = "",
    now: datetime | None = None,
) -> list[QueueItem]:
    """The ``limit`` queue items after ``after`` (None: from the top), highest priority first.

    Snoozed items are left out until their time comes. ``me`` is the account, for the "claimed
    by me" filter. A search text with no word in it finds nothing.
    """
    now = now or utc_now()
    q, p = queue_items.c, Post.__table__.c
    stmt = (
        select(
            q.post_id,
            q.priority,
            q.score,
            q.kinds,
            q.report_count,
            q.terms,
            q.severity,
            q.created_at,
            p.state,
            Member.display_name,
            q.author_id,
            Thread.title,
            q.thread_id,
            func.substr(p.body, 1, 400),
            CLAIMED_BY,
            CLAIMED_UNTIL,
        )
        .select_from(queue_items)
        .join(Post, Post.id == q.post_id)
        .outerjoin(Thread, Thread.id == q.thread_id)
        .outerjoin(Member, Member.id == q.author_id)
        .where(or_(q.snoozed_until.is_(None), q.snoozed_until <= now))
        .order_by(q.priority.desc(), q.post_id)
        .limit(limit)
    )
    f = queue_filter
    if f.kind in KINDS:
        stmt = stmt.where(q.kinds.op("&")(KINDS[f.kind]) != 0)
    if f.reason:
        stmt = stmt.where(
            select(Report.id).where(Report.post_id == q.post_id, Report.reason == f.reason).exists()
        )
    if f.author.strip():
        stmt = stmt.where(
            q.author_id.in_(
                select(Member.id).where(
                    Member.display_name.like(_like(f.author.strip()) + "%", escape="\\")
                )
            )
        )
    if f.thread.strip():
        stmt = stmt.where(
            q.thread_id.in_(
                select(Thread.id).where(
                    Thread.title.like("%" + _like(f.thread.strip()) + "%", escape="\\")
                )
            )
        )
    if f.band in BANDS:
        low, high = BANDS[f.band]
        if low is not None:
            stmt = stmt.where(q.score >= low)
        if high is not None:
            stmt = stmt.where(q.score < high)
    claimed = and_(CLAIMED_BY.is_not(None), to_wire(now) < CLAIMED_UNTIL)
    if f.claim == "mine":
        # From the few claimed posts (a partial index), not down the whole queue.
        mine = (
            select(Post.id)
            .where(CLAIMED_BY.op("=")(literal(me)), to_wire(now) < CLAIMED_UNTIL)
            .scalar_subquery()
        )
        stmt = stmt.where(q.post_id.in_(mine), claimed)
    elif f.claim == "unclaimed":
        stmt = stmt.where(
            or_(CLAIMED_BY.is_(None), CLAIMED_UNTIL.is_(None), to_wire(now) >= CLAIMED_UNTIL)
        )
    if f.text.strip():
        match = match_expression(f.text)
        if match is None:
            return []
        stmt = stmt.where(
            literal_column("posts.rowid").in_(
                select(POSTS_FTS.c.rowid).where(literal_column("posts_fts").op("MATCH")(match))
            )
        )
    if after is not None:
        # priority <= x narrows the index range; the rest breaks ties by id.
        stmt = stmt.where(
            q.priority <= after.priority,
            or_(q.priority < after.priority, q.post_id > after.id),
        )
    with workspace.reading() as s:
        rows = s.execute(stmt).all()
        reasons: dict[str, list[tuple[str, int]]] = defaultdict(list)
        reported = [r[0] for r in rows]
        if reported:
            for post_id, reason, count in s.execute(
                select(Report.post_id, Report.reason, func.count())
                .where(Report.post_id.in_(reported))
                .group_by(Report.post_id, Report.reason)
            ):
                reasons[post_id].append((reason, count))
    items = []
    for r in rows:
        claimed_by = r[14] if r[14] and r[15] and from_wire(r[15]) > now else None
        items.append(
            QueueItem(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                tuple(sorted(reasons.get(r[0], ()), key=lambda rc: (-rc[1], rc[0]))),
                r[5],
                r[6],
                r[7],
                r[8],
                r[9],
                r[10],
                r[11] or "",
                r[12],
                _excerpt(r[13] or ""),
                claimed_by,
            )
        )
    return items


def queue_size(workspace: Workspace, now: datetime | None = None) -> int:
    """How many items wait (snoozed ones left out); a count over the whole queue."""
    now = now or utc_now()
    q = queue_items.c
    with workspace.reading() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(queue_items)
                .where(or_(q.snoozed_until.is_(None), q.snoozed_until <= now))
            )
            or 0
        )


def report_reasons(workspace: Workspace) -> list[str]:
    """Every reason reporters have given, for the reason filter."""
    with workspace.reading() as s:
        return sorted(s.scalars(select(Report.reason).distinct()))


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _excerpt(body: str, limit: int = 160) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# -- snoozing ----------------------------------------------------------------------------------


def snooze(workspace: Workspace, post_id: str, until: datetime) -> None:
    """Hide a queue item until ``until``; it comes back by itself then."""
    with workspace.writing() as w:
        done = w.session.execute(
            update(queue_items).where(queue_items.c.post_id == post_id).values(snoozed_until=until)
        )
        if not done.rowcount:  # type: ignore[attr-defined]
            raise OperationError("This post is no longer in the queue.")
        w.journal("snooze", RecordType.POST, post_id, f"Snoozed until {to_stored(until)}")


def unsnooze(workspace: Workspace, post_id: str) -> None:
    with workspace.writing() as w:
        w.session.execute(
            update(queue_items).where(queue_items.c.post_id == post_id).values(snoozed_until=None)
        )
        w.journal("unsnooze", RecordType.POST, post_id, "Back in the queue")


def snooze_choices(now: datetime, local_zone: Any = None) -> list[tuple[str, datetime]]:
    """The snooze lengths offered: keys (1h, 4h, tomorrow, week) with the instant each ends.

    "tomorrow" and "week" end at 09:00 in ``local_zone`` (the viewer's; UTC if None)."""
    local = now.astimezone(local_zone) if local_zone is not None else now
    morning = (local + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    return [
        ("1h", now + timedelta(hours=1)),
        ("4h", now + timedelta(hours=4)),
        ("tomorrow", morning.astimezone(now.tzinfo)),
        ("week", (morning + timedelta(days=6)).astimezone(now.tzinfo)),
    ]


# -- notes -------------------------------------------------------------------------------------


class Note(NamedTuple):
    id: str
    post_id: str | None
    member_id: str | None
    body: str
    author: str
    created_at: datetime


def add_note(
    workspace: Workspace, body: str, post_id: str | None = None, member_id: str | None = None
) -> str:
    """Keep a moderator's note on a post or a member, in this workspace only (the Hub keeps no
    notes of this kind); returns its id. An empty note is refused with a sentence."""
    body = body.strip()
    if not body:
        raise OperationError("A note needs some text.")
    if len(body) > 10_000:
        raise OperationError("A note can hold at most 10,000 characters.")
    note_id = new_id()
    with workspace.writing() as w:
        w.session.execute(
            insert(moderation_notes).values(
                id=note_id,
                post_id=post_id,
                member_id=member_id,
                body=body,
                author=w.actor,
                created_at=w.now,
            )
        )
        if post_id:
            w.journal("note", RecordType.POST, post_id, "Added a note")
        if member_id:
            w.journal("note", RecordType.MEMBER, member_id, "Added a note")
    return note_id


def notes(
    workspace: Workspace, post_id: str | None = None, member_id: str | None = None
) -> list[Note]:
    """Notes on a post and on its author, newest first."""
    n = moderation_notes.c
    conditions = []
    if post_id:
        conditions.append(n.post_id == post_id)
    if member_id:
        conditions.append(n.member_id == member_id)
    if not conditions:
        return []
    with workspace.reading() as s:
        rows = s.execute(
            select(n.id, n.post_id, n.member_id, n.body, n.author, n.created_at)
            .where(or_(*conditions))
            .order_by(n.created_at.desc())
            .limit(200)
        ).all()
    return [Note(*r) for r in rows]


# -- saved views -------------------------------------------------------------------------------


def save_view(workspace: Workspace, name: str, queue_filter: QueueFilter) -> None:
    """Keep ``queue_filter`` under ``name`` (replacing a view of that name)."""
    name = " ".join(name.split())
    if not name:
        raise OperationError("A saved view needs a name.")
    if len(name) > 200:
        raise OperationError("A view's name can be at most 200 characters.")
    with workspace.writing() as w:
        w.session.execute(
            sqlite_insert(moderation_views)
            .values(name=name, filter=queue_filter.to_json(), created_at=w.now)
            .on_conflict_do_update(index_elements=["name"], set_={"filter": queue_filter.to_json()})
        )


def delete_view(workspace: Workspace, name: str) -> None:
    with workspace.writing() as w:
        w.session.execute(delete(moderation_views).where(moderation_views.c.name == name))


def saved_views(workspace: Workspace) -> list[tuple[str, QueueFilter]]:
    with workspace.reading() as s:
        rows = s.execute(
            select(moderation_views.c.name, moderation_views.c.filter).order_by(
                moderation_views.c.name
            )
        ).all()
    return [(name, QueueFilter.from_json(data)) for name, data in rows]


# -- the lexicon scan --------------------------------------------------------------------------


class ScanStep(NamedTuple):
    looked: int  # posts scanned (0: every post is scanned)
    found: int  # posts whose hits changed


def scan_lexicon(workspace: Workspace, batch: int = 2000) -> ScanStep:
    """Run the lexicon over the next ``batch`` posts not yet scanned (and posts edited since).
    A change of the lexicon starts again from the first post. Nothing is announced: the queue
    page reloads once the scan is through.

    Only posts a moderator could still act on are scanned (pending, or visible and undecided).
    """
    with workspace.writing() as w:
        s = w.session
        terms = s.execute(
            select(LexiconTerm.id, LexiconTerm.pattern, LexiconTerm.severity, LexiconTerm.is_regex)
            .where(LexiconTerm.deleted.is_(False))
            .order_by(LexiconTerm.id)
        ).all()
        digest = hashlib.sha256(json.dumps([list(t) for t in terms]).encode()).hexdigest()
        state = s.execute(select(lexicon_scan_state).where(lexicon_scan_state.c.id == 1)).first()
        scanned = 0
        if state is None:
            s.execute(insert(lexicon_scan_state).values(id=1, scanned_rowid=0, terms_hash=digest))
        elif state.terms_hash != digest:
            s.execute(delete(post_lexicon_hits))
            s.execute(update(lexicon_scan_state).values(scanned_rowid=0, terms_hash=digest))
        else:
            scanned = state.scanned_rowid
        p = Post.__table__.c
        rowid: ColumnClause[Any] = literal_column("posts.rowid")
        if not terms:
            last = s.scalar(select(func.coalesce(func.max(rowid), 0)).select_from(Post))
            s.execute(update(lexicon_scan_state).values(scanned_rowid=last))
            s.execute(delete(lexicon_rescan))
            return ScanStep(0, 0)
        lexicon = compile_lexicon(Term(*t) for t in terms)
        open_post = and_(
            p.deleted.is_(False),
            or_(
                p.state == "pending",
                and_(p.state == "visible", func.json_extract(p.decision, "$.action").is_(None)),
            ),
        )
        fresh = s.execute(
            select(rowid, p.id, p.body)
            .select_from(Post)
            .where(rowid > scanned, open_post)
            .order_by(rowid)
            .limit(batch)
        ).all()
        edited_ids = list(s.scalars(select(lexicon_rescan.c.post_id).limit(batch)))
        edited = (
            s.execute(select(rowid, p.id, p.body).where(p.id.in_(edited_ids), open_post)).all()
            if edited_ids
            else []
        )
        found: dict[str, tuple[int, str]] = {}
        for _rowid, post_id, body in [*fresh, *edited]:
            hits = lexicon.scan(body or "")
            if hits:
                worst = max(SEVERITY_RANK.get(h.term.severity, 2) for h in hits)
                matched = sorted({h.term.pattern for h in hits})
                found[post_id] = (worst, ", ".join(matched)[:500])
        looked = [r[1] for r in fresh] + edited_ids
        held = (
            set(
                s.scalars(
                    select(post_lexicon_hits.c.post_id).where(
                        post_lexicon_hits.c.post_id.in_(looked)
                    )
                )
            )
            if looked
            else set()
        )
        gone = held - set(found)
        if gone:
            s.execute(delete(post_lexicon_hits).where(post_lexicon_hits.c.post_id.in_(gone)))
        for post_id, (severity, names) in found.items():
            s.execute(
                sqlite_insert(post_lexicon_hits)
                .values(post_id=post_id, severity=severity, terms=names)
                .on_conflict_do_update(
                    index_elements=["post_id"], set_={"severity": severity, "terms": names}
                )
            )
        if edited_ids:
            s.execute(delete(lexicon_rescan).where(lexicon_rescan.c.post_id.in_(edited_ids)))
        if fresh:
            s.execute(update(lexicon_scan_state).values(scanned_rowid=fresh[-1][0]))
        else:
            # Nothing open past the mark: move it to the end so the next run starts there.
            last = s.scalar(select(func.coalesce(func.max(rowid), 0)).select_from(Post))
            s.execute(update(lexicon_scan_state).values(scanned_rowid=last))
        return ScanStep(len(fresh) + len(edited_ids), len(found) + len(gone))


def reporter_accuracy(workspace: Workspace, reporter_id: str) -> float | None:
    """The share of the reporter's decided reports that ended in removal (None: none decided)."""
    with workspace.reading() as s:
        row = s.execute(
            select(reporter_stats.c.decided, reporter_stats.c.upheld).where(
                reporter_stats.c.reporter_id == reporter_id
            )
        ).first()
    if row is None or not row[0]:
        return None
    return float(row[1]) / float(row[0])
