"""What a moderator sees beside a post, and the moderation writes beyond a single decision.

Reads (each one short read session, meant for a background task): the thread around the post,
the author's history (posts, reports against them, decisions, notes and strikes) and the
reports on the post with their reporters. Writes: claiming a post (an op to the Hub, see
hub/claims.py), a note or a strike on a member, and a bulk decision over a fixed set of posts
that leaves out, and names, every post that changed since the moderator looked at it.

Claims, notes and strikes are queued as ops without marking the record as changed here: the
Hub decides what they come to (a claim may already be a colleague's; strikes are counted there),
and the next pull brings the result, so nothing here can conflict with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, aliased

from studio.contract.limits import CLAIM_MINUTES
from studio.domain.ids import new_id
from studio.domain.instants import from_wire, to_wire, utc_now
from studio.domain.records import PENDING_OUTBOX_STATES, DecisionAction, OutboxState, RecordType
from studio.store.models import Decision, Member, OutboxOp, Post, Report, SyncState, Thread
from studio.store.workspace import NotFound, OperationError, Workspace, record_decision

#: Posts shown before and after the post in its thread.
AROUND = 3
#: Items of each list of the author's history.
HISTORY = 8
#: A claim of one's own with less than this left is renewed when the post is opened again.
RENEW_BEFORE = timedelta(minutes=1)


class PostLine(NamedTuple):
    id: str
    author: str | None
    created_at: datetime
    state: str
    excerpt: str
    is_this: bool = False


class ReportLine(NamedTuple):
    id: str
    reporter: str | None
    reason: str
    note: str
    created_at: datetime
    #: The reporter's reports on posts a moderator has decided, and how many ended removed.
    reporter_decided: int = 0
    reporter_upheld: int = 0
    post_excerpt: str = ""


class DecisionLine(NamedTuple):
    post_id: str
    action: str
    reason: str
    by: str
    at: str  # wire text
    #: applied (on the Hub), local (waiting to sync), lost (a colleague decided first).
    outcome: str
    post_excerpt: str = ""


class NoteLine(NamedTuple):
    id: str
    kind: str  # note | strike
    text: str
    by: str
    at: str
    expires_at: str | None
    post_id: str | None
    waiting: bool  # queued here, not on the Hub yet

    def expired(self, now: datetime | None = None) -> bool:
        return bool(self.expires_at) and from_wire(str(self.expires_at)) <= (now or utc_now())


class Claim(NamedTuple):
    by: str
    until: datetime


@dataclass
class PostContext:
    """Everything the context pane shows for one post."""

    post_id: str
    version: int
    state: str
    me: str
    thread_title: str
    author_id: str | None
    author: str | None
    company: str
    joined_at: datetime | None
    strikes: int
    claim: Claim | None
    thread: list[PostLine] = field(default_factory=list)
    reports: list[ReportLine] = field(default_factory=list)
    decisions: list[DecisionLine] = field(default_factory=list)  # on this post, oldest first
    author_posts: int = 0
    author_removed: int = 0
    author_recent: list[PostLine] = field(default_factory=list)
    author_reports: int = 0
    author_recent_reports: list[ReportLine] = field(default_factory=list)
    author_decisions: list[DecisionLine] = field(default_factory=list)
    notes: list[NoteLine] = field(default_factory=list)

    def claimed_by_other(self, now: datetime | None = None) -> Claim | None:
        """The claim of a colleague still running, if any."""
        c = self.claim
        if c is None or c.by == self.me or c.until <= (now or utc_now()):
            return None
        return c

    def first_decision(self) -> DecisionLine | None:
        """The decision that stands when one made here lost to a colleague's: theirs."""
        lost = [d for d in self.decisions if d.outcome == "lost"]
        if not lost:
            return None
        standing = [d for d in self.decisions if d.outcome == "applied" and d.by != self.me]
        return standing[-1] if standing else None


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)")


def _link(match: re.Match[str]) -> str:
    text, target = match.group(1), match.group(2)
    host = urlsplit(target).hostname if "://" in target else None
    return f"{text} (→ {host or target})" if text.strip() != target else target


def excerpt(body: str, limit: int = 120) -> str:
    """The start of a post as one line of plain words: an image is "[image: alt]", a link its
    text and where it goes ("our bank (→ evil.example)")."""
    body = _LINK.sub(_link, _IMAGE.sub(lambda m: f"[image: {m.group(1) or '…'}]", body[:4000]))
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def account(session: Session) -> str:
    state = session.get(SyncState, 1)
    return state.account if state is not None and state.account else "local"


def claim_of(post: Any) -> Claim | None:
    if not post.claimed_by or not post.claimed_until:
        return None
    try:
        return Claim(str(post.claimed_by), from_wire(str(post.claimed_until)))
    except ValueError:
        return None


# -- reading -----------------------------------------------------------------------------------


def post_context(workspace: Workspace, post_id: str) -> PostContext:
    """The post's context; NotFound when the workspace does not hold it."""
    with workspace.reading() as s:
        post = s.get(Post, post_id)
        if post is None or post.deleted:
            raise NotFound("post", post_id)
        thread = s.get(Thread, post.thread_id)
        member = s.get(Member, post.author_id) if post.author_id else None
        context = PostContext(
            post_id=post.id,
            version=post.version,
            state=post.state,
            me=account(s),
            thread_title=thread.title if thread is not None else "",
            author_id=post.author_id,
            author=member.display_name if member is not None else None,
            company=member.company if member is not None else "",
            joined_at=member.joined_at if member is not None else None,
            strikes=member.strikes if member is not None else 0,
            claim=claim_of(post),
        )
        context.thread = _around(s, post)
        context.reports = _reports(s, Report.post_id == post.id)
        context.decisions = _decisions_on(s, post)
        if post.author_id:
            _history(s, context, post.author_id)
        return context


def _around(session: Session, post: Post) -> list[PostLine]:
    """The posts just before and after ``post`` in its thread, and it."""
    author = aliased(Member)
    columns = (Post.id, author.display_name, Post.created_at, Post.state, Post.body)
    base = (
        select(*columns)
        .outerjoin(author, author.id == Post.author_id)
        .where(Post.thread_id == post.thread_id, Post.deleted.is_(False), Post.id != post.id)
    )
    before = session.execute(
        base.where(Post.created_at <= post.created_at)
        .order_by(Post.created_at.desc(), Post.id.desc())
        .limit(AROUND)
    ).all()
    after = session.execute(
        base.where(Post.created_at > post.created_at)
        .order_by(Post.created_at, Post.id)
        .limit(AROUND)
    ).all()
    me = session.execute(
        select(*columns).outerjoin(author, author.id == Post.author_id).where(Post.id == post.id)
    ).one()
    rows = [*reversed(before), me, *after]
    return [PostLine(r[0], r[1], r[2], r[3], excerpt(r[4]), is_this=r[0] == post.id) for r in rows]


def _reports(session: Session, where: Any, limit: int = 50) -> list[ReportLine]:
    reporter = aliased(Member)
    rows = session.execute(
        select(
            Report.id,
            Report.reporter_id,
            reporter.display_name,
            Report.reason,
            Report.note,
            Report.created_at,
            Post.body,
        )
        .outerjoin(reporter, reporter.id == Report.reporter_id)
        .outerjoin(Post, Post.id == Report.post_id)
        .where(where)
        .order_by(Report.created_at.desc())
        .limit(limit)
    ).all()
    accuracy = _accuracy(session, {r[1] for r in rows if r[1]})
    return [
        ReportLine(
            r[0],
            r[2],
            r[3],
            r[4],
            r[5],
            *accuracy.get(r[1] or "", (0, 0)),
            post_excerpt=excerpt(r[6] or "", 80),
        )
        for r in rows
    ]


def _accuracy(session: Session, reporters: set[str]) -> dict[str, tuple[int, int]]:
    """By reporter: (their reports on decided posts, those whose post was removed)."""
    if not reporters:
        return {}
    decided = Post.decision.is_not(None) & (func.json_type(Post.decision) != "null")
    rows = session.execute(
        select(
            Report.reporter_id,
            func.count().filter(decided),
            func.count().filter(decided & (Post.state == "removed")),
        )
        .join(Post, Post.id == Report.post_id)
        .where(Report.reporter_id.in_(reporters))
        .group_by(Report.reporter_id)
    ).all()
    return {str(r[0]): (int(r[1]), int(r[2])) for r in rows}


def _decisions_on(session: Session, post: Post) -> list[DecisionLine]:
    """Every decision known on ``post``: those made here (with their outcome) and the Hub's,
    oldest first, so a decision that lost shows beside the one that stood."""
    text = excerpt(post.body, 80)
    lines: dict[str, DecisionLine] = {}
    for d in session.scalars(
        select(Decision).where(Decision.post_id == post.id).order_by(Decision.decided_at)
    ):
        lines[d.id] = DecisionLine(
            post.id, d.action, d.reason, d.moderator, to_wire(d.decided_at), d.outcome, text
        )
    hub = post.decision or {}
    if hub.get("action") and not post.local:
        key = str(hub.get("decision_id") or f"hub:{post.id}")
        if key not in lines:
            lines[key] = DecisionLine(
                post.id,
                str(hub["action"]),
                str(hub.get("reason") or ""),
                str(hub.get("by") or ""),
                str(hub.get("at") or ""),
                "applied",
                text,
            )
        elif lines[key].outcome == "local":
            lines[key] = lines[key]._replace(outcome="applied")
    return sorted(lines.values(), key=lambda d: d.at)


def _history(session: Session, context: PostContext, author_id: str) -> None:
    mine = Post.author_id == author_id
    context.author_posts, context.author_removed = session.execute(
        select(func.count(), func.count().filter(Post.state == "removed")).where(
            mine, Post.deleted.is_(False)
        )
    ).one()
    context.author_recent = [
        PostLine(r[0], context.author, r[1], r[2], excerpt(r[3]), is_this=r[0] == context.post_id)
        for r in session.execute(
            select(Post.id, Post.created_at, Post.state, Post.body)
            .where(mine, Post.deleted.is_(False))
            .order_by(Post.created_at.desc(), Post.id.desc())
            .limit(HISTORY)
        )
    ]
    context.author_reports = (
        session.scalar(
            select(func.count())
            .select_from(Report)
            .join(Post, Post.id == Report.post_id)
            .where(mine)
        )
        or 0
    )
    context.author_recent_reports = _reports(session, mine, HISTORY)
    decided = session.scalars(
        select(Post)
        .where(mine, Post.decision.is_not(None), func.json_type(Post.decision) != "null")
        .order_by(Post.created_at.desc())
        .limit(HISTORY)
    ).all()
    lines: list[DecisionLine] = []
    for post in decided:
        lines += _decisions_on(session, post)
    context.author_decisions = sorted(lines, key=lambda d: d.at, reverse=True)[:HISTORY]
    member = session.get(Member, author_id)
    notes = [
        NoteLine(
            str(n.get("id") or ""),
            str(n.get("kind") or "note"),
            str(n.get("text") or ""),
            str(n.get("by") or ""),
            str(n.get("at") or ""),
            n.get("expires_at"),
            n.get("post_id"),
            False,
        )
        for n in ((member.notes if member is not None else None) or [])
        if isinstance(n, dict)
    ]
    held = {n.id for n in notes}
    for op in session.scalars(
        select(OutboxOp).where(
            OutboxOp.record_type == RecordType.MEMBER,
            OutboxOp.record_id == author_id,
            OutboxOp.action.in_(("note", "strike")),
            OutboxOp.state.in_([str(s) for s in PENDING_OUTBOX_STATES]),
        )
    ):
        if op.data.get("note_id") in held:
            continue
        notes.append(
            NoteLine(
                str(op.data.get("note_id") or ""),
                op.action,
                str(op.data.get("text") or ""),
                context.me,
                to_wire(op.created_at),
                op.data.get("expires_at"),
                op.data.get("post_id"),
                True,
            )
        )
        if op.action == "strike":
            context.strikes += 1
    context.notes = sorted(notes, key=lambda n: n.at, reverse=True)


# -- claims ------------------------------------------------------------------------------------


class Claimed(NamedTuple):
    claim: Claim | None  # the claim that stands (a colleague's, or one's own)
    queued: bool  # a claim op is on its way to the Hub


def claim_post(workspace: Workspace, post_id: str, minutes: int = CLAIM_MINUTES) -> Claimed:
    """Claim ``post_id`` for ``minutes`` (an op to the Hub); returns the claim that stands.

    Nothing is queued when a colleague's claim is still running (theirs is returned), when one's
    own has more than a minute left, when the post is decided, or in a workspace that syncs with
    no Hub (nobody to tell).
    """
    with workspace.writing() as w:
        state = w.session.get(SyncState, 1)
        post = w.session.get(Post, post_id)
        if post is None or post.deleted:
            raise NotFound("post", post_id)
        current = claim_of(post)
        if state is None or not state.hub_url:
            return Claimed(current, False)
        running = current is not None and current.until > w.now
        if running and current and (current.by != w.actor or current.until - w.now > RENEW_BEFORE):
            return Claimed(current, False)
        if post.state not in ("pending", "visible"):
            return Claimed(current, False)
        until = w.now + timedelta(minutes=minutes)
        # Only the post looked at now matters: claims queued earlier and never sent (offline)
        # would claim, later, posts nobody is looking at any more.
        w.session.execute(
            delete(OutboxOp).where(
                OutboxOp.action == "claim",
                OutboxOp.state == OutboxState.QUEUED,
                OutboxOp.attempts == 0,
            )
        )
        w.session.add(
            OutboxOp(
                op_id=new_id(),
                record_type=RecordType.POST,
                record_id=post.id,
                action="claim",
                base_version=post.version,
                data={"minutes": minutes},
                created_at=w.now,
                state=OutboxState.QUEUED,
            )
        )
        # Shown at once here; the Hub's answer (the pull) has the last word.
        post.claimed_by, post.claimed_until = w.actor, to_wire(until)
        # Not announced as a change of the post: the queue need not be read again for it.
        w.outbox = True
        return Claimed(Claim(w.actor, until), True)


# -- notes and strikes -------------------------------------------------------------------------


def add_member_entry(
    workspace: Workspace,
    member_id: str,
    kind: str,
    text: str,
    post_id: str | None = None,
    expires_at: datetime | None = None,
) -> str:
    """Queue a note or a strike on a member for the Hub; returns the note's id.

    OperationError for an empty note, an expiry in the past, or a member not held here.
    """
    if kind not in ("note", "strike"):
        raise OperationError(f"Unknown kind of member entry {kind!r}; expected note or strike.")
    text = (text or "").strip()
    if kind == "note" and not text:
        raise OperationError("A note needs some text.")
    if len(text) > 5000:
        raise OperationError("A note is at most 5,000 characters.")
    with workspace.writing() as w:
        if expires_at is not None and expires_at <= w.now:
            raise OperationError("The note would expire before it is written: pick a later date.")
        member = w.session.get(Member, member_id)
        if member is None or member.deleted:
            raise OperationError("The author is not a member this workspace knows.")
        note_id = new_id()
        data: dict[str, Any] = {"note_id": note_id, "text": text, "post_id": post_id}
        if expires_at is not None:
            data["expires_at"] = to_wire(expires_at)
        op = OutboxOp(
            op_id=new_id(),
            record_type=RecordType.MEMBER,
            record_id=member.id,
            action=kind,
            base_version=member.version,
            data=data,
            created_at=w.now,
            state=OutboxState.QUEUED,
        )
        w.session.add(op)
        w.outbox = True
        summary = f"Strike on {member.display_name}" if kind == "strike" else "Note on a member"
        w.journal(kind, RecordType.MEMBER, member.id, f"{summary}: {text[:200]}", op.op_id)
        return note_id


# -- bulk decisions ----------------------------------------------------------------------------


class BulkItem(NamedTuple):
    """A post as the moderator saw it when choosing the set: what a bulk decision checks."""

    id: str
    version: int
    state: str
    decision: dict[str, Any] | None
    author: str | None
    thread: str
    excerpt: str
    report_count: int
    claimed_by: str | None
    claimed_until: str | None


class LeftOut(NamedTuple):
    """A post left out of a bulk decision, and why: ``gone`` (deleted on the Hub), ``decided``
    (by ``by``: ``action`` at ``at``) or ``changed`` (its version moved to ``version``)."""

    item: BulkItem
    why: str
    by: str = ""
    action: str = ""
    at: str = ""
    version: int = 0


@dataclass
class BulkOutcome:
    decided: list[str]
    left_out: list[LeftOut]


def bulk_items(workspace: Workspace, post_ids: list[str]) -> list[BulkItem]:
    """The posts chosen, in the order given, as they are now (missing ones are skipped)."""
    found: dict[str, BulkItem] = {}
    author = aliased(Member)
    with workspace.reading() as s:
        for start in range(0, len(post_ids), 500):
            chunk = post_ids[start : start + 500]
            for r in s.execute(
                select(
                    Post.id,
                    Post.version,
                    Post.state,
                    Post.decision,
                    author.display_name,
                    Thread.title,
                    Post.body,
                    Post.report_count,
                    Post.claimed_by,
                    Post.claimed_until,
                )
                .outerjoin(author, author.id == Post.author_id)
                .outerjoin(Thread, Thread.id == Post.thread_id)
                .where(Post.id.in_(chunk), Post.deleted.is_(False))
            ):
                found[r[0]] = BulkItem(
                    r[0], r[1], r[2], r[3], r[4], r[5] or "", excerpt(r[6]), r[7], r[8], r[9]
                )
    return [found[i] for i in post_ids if i in found]


def _changed(item: BulkItem, post: Post | None) -> LeftOut | None:
    """Why ``post`` is no longer as the moderator saw it (``item``), or None."""
    if post is None or post.deleted:
        return LeftOut(item, "gone")
    decision = post.decision or {}
    if post.decision != item.decision and decision.get("action"):
        by, at = str(decision.get("by") or ""), str(decision.get("at") or "")
        return LeftOut(item, "decided", by, str(decision["action"]), at, post.version)
    if post.version != item.version or post.state != item.state:
        return LeftOut(item, "changed", version=post.version)
    return None


def bulk_decide(
    workspace: Workspace, items: list[BulkItem], action: str, reason: str = ""
) -> BulkOutcome:
    """Decide every post of ``items`` that is still as it was seen, in one transaction; the
    others are left out and named. Returns what was decided and what was left out (and why).

    Never more than the items given: there is no "every post in the queue".
    """
    try:
        chosen = DecisionAction(action)
    except ValueError:
        raise OperationError(f"Unknown moderation decision {action!r}.") from None
    if not items:
        raise OperationError("Choose the posts to decide first.")
    outcome = BulkOutcome([], [])
    with workspace.writing() as w:
        for item in items:
            post = w.session.get(Post, item.id)
            left_out = _changed(item, post)
            if left_out is not None:
                outcome.left_out.append(left_out)
                continue
            assert post is not None
            record_decision(w, post, chosen, reason, "")
            outcome.decided.append(post.id)
        if outcome.decided:
            w.journal(
                "bulk_decision",
                RecordType.POST,
                outcome.decided[0],
                f"{chosen.capitalize()} {len(outcome.decided)} posts at once"
                + (f", {len(outcome.left_out)} left out" if outcome.left_out else ""),
            )
    return outcome


# -- decisions a colleague made first ----------------------------------------------------------


class LostDecision(NamedTuple):
    post_id: str
    excerpt: str
    mine: DecisionLine
    theirs: DecisionLine | None  # the decision that stands, when the pull has brought it


def lost_decisions(workspace: Workspace, post_ids: list[str]) -> list[LostDecision]:
    """Of ``post_ids``, those where a decision made here lost to a colleague's, with both."""
    found = []
    with workspace.reading() as s:
        lost = s.scalars(
            select(Decision.post_id)
            .where(Decision.post_id.in_(post_ids), Decision.outcome == "lost")
            .distinct()
        ).all()
        for post_id in lost:
            post = s.get(Post, post_id)
            if post is None:
                continue
            lines = _decisions_on(s, post)
            mine = [d for d in lines if d.outcome == "lost"][-1]
            standing = [d for d in lines if d.outcome == "applied"]
            found.append(
                LostDecision(
                    post_id, excerpt(post.body, 80), mine, standing[-1] if standing else None
                )
            )
    return found
