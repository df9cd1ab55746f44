"""An article's review in the workspace: its pending revision (approve, discard) and the review
comments on its passages (add, resolve), each one transaction with its outbox op and journal
entry (as in workspace.py), synced with the Hub (hub/review.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from studio.domain.anchors import Anchor, anchor_at
from studio.domain.ids import new_id
from studio.domain.instants import to_wire
from studio.domain.records import RecordType
from studio.domain.roles import a_or_an, may, may_set_status
from studio.domain.staging import STAGED_FIELDS, as_edited, merge_pending, restage
from studio.store.models import Article, ReviewComment
from studio.store.workspace import (
    NotFound,
    OperationError,
    Workspace,
    Write,
    revision_of,
    wire_dict,
)

MAX_COMMENT = 20_000


@dataclass(frozen=True)
class PendingRevision:
    """A live article's pending revision: its fields, who last changed it and when, and the
    live values of the same fields (what readers see meanwhile)."""

    fields: dict[str, Any]
    by: str
    at: str
    live: dict[str, Any]


@dataclass(frozen=True)
class CommentRow:
    id: str
    anchor: Anchor
    body: str
    author: str
    created_at: datetime | None
    resolved: bool
    local: bool  # not yet on the Hub
    parent_id: str | None = None  # the comment this one replies to


def pending_revision(workspace: Workspace, article_id: str) -> PendingRevision | None:
    """The article's pending revision, or None (NotFound when the article is missing)."""
    article = workspace.live_article(article_id)
    staged = article.staged or {}
    live = {name: getattr(article, name) for name in STAGED_FIELDS}
    fields = restage(live, staged.get("fields"), {})  # what still differs from the live text
    if not fields:
        return None
    return PendingRevision(fields, str(staged.get("by") or ""), str(staged.get("at") or ""), live)


def _check_role(workspace: Workspace, allowed: bool, what: str) -> None:
    role = workspace.role()
    if role and not allowed:
        raise OperationError(f"{a_or_an(role)} may not {what}.")


def approve_pending(workspace: Workspace, article_id: str) -> None:
    """Make the pending revision live (whoever may publish: admins). The live text before is
    kept as a revision, so the approval can be undone from the history."""
    role = workspace.role()
    _check_role(
        workspace,
        not role or may_set_status(role, "published"),
        "approve a pending revision: that is publishing, an admin's move",
    )
    with workspace.writing() as w:
        article = w.session.get(Article, article_id)
        if article is None or article.deleted:
            raise NotFound(RecordType.ARTICLE, article_id)
        fields = {k: v for k, v in ((article.staged or {}).get("fields") or {}).items()}
        fields = {k: v for k, v in fields.items() if k in STAGED_FIELDS}
        if not fields:
            raise OperationError("This article has no pending revision.")
        live = wire_dict(RecordType.ARTICLE, article)
        w.session.add(revision_of(article.id, live, w.now, "approve", "Live before the approval"))
        w.queue(
            RecordType.ARTICLE,
            article,
            "approve_staged",
            {},
            f"Approved the pending revision of “{article.title}”",
        )
        for name, value in fields.items():
            setattr(article, name, value)
        article.staged = None


def discard_pending(workspace: Workspace, article_id: str) -> None:
    """Drop the pending revision: the live article stays as it is (editors, admins)."""
    role = workspace.role()
    _check_role(
        workspace,
        not role or may(role, RecordType.ARTICLE, "discard_staged"),
        "discard a pending revision",
    )
    with workspace.writing() as w:
        article = w.session.get(Article, article_id)
        if article is None or article.deleted:
            raise NotFound(RecordType.ARTICLE, article_id)
        if not (article.staged or {}).get("fields"):
            raise OperationError("This article has no pending revision.")
        # What it held stays in the history: a discard can be taken back by a restore.
        pending = {**wire_dict(RecordType.ARTICLE, article), **(article.staged or {})["fields"]}
        w.session.add(revision_of(article.id, pending, w.now, "discard", "Pending revision"))
        w.queue(
            RecordType.ARTICLE,
            article,
            "discard_staged",
            {},
            f"Discarded the pending revision of “{article.title}”",
        )
        article.staged = None


def keep_pending_revision(
    w: Write,
    article: Article,
    base: dict[str, Any],
    mine: dict[str, Any],
    theirs: dict[str, Any],
    text_fields: tuple[str, ...],
) -> dict[str, Any]:
    """The sync met a newer copy of an article that has my pending revision: merge it with the
    Hub's (three ways, on the text each editor shows) so nothing I typed is lost; returns the
    edits to send. Where both changed the same passage mine is kept and theirs goes to the
    history, to be restored from there."""
    send, both = merge_pending(base, mine, theirs, text_fields)
    if both:
        copy = {**theirs, **as_edited(theirs)}
        w.session.add(revision_of(article.id, copy, w.now, "conflict", "Their pending revision"))
        w.journal(
            "merged",
            RecordType.ARTICLE,
            article.id,
            f"Your pending revision and the Hub's both changed {', '.join(both)}: yours is kept, "
            "theirs is in the history.",
        )
    live = {name: getattr(article, name) for name in STAGED_FIELDS}
    pending = restage(live, (theirs.get("staged") or {}).get("fields"), send)
    article.staged = {"fields": pending, "by": w.actor, "at": to_wire(w.now)} if pending else None
    return {k: v for k, v in send.items()}


def article_comments(workspace: Workspace, article_id: str) -> list[CommentRow]:
    """The article's review comments, oldest first (an article has tens, not thousands)."""
    with workspace.reading() as s:
        rows = s.scalars(
            select(ReviewComment)
            .where(ReviewComment.article_id == article_id, ReviewComment.deleted.is_(False))
            .order_by(ReviewComment.created_at, ReviewComment.updated_at, ReviewComment.id)
        ).all()
        return [
            CommentRow(
                r.id,
                Anchor.from_wire(r.anchor),
                r.body,
                r.author or "",
                r.created_at,
                bool(r.resolved),
                bool(r.local),
                r.parent_id,
            )
            for r in rows
        ]


def add_reply(workspace: Workspace, parent_id: str, body: str) -> str:
    """Reply to a review comment (on the same passage); returns the reply's id."""
    with workspace.reading() as s:
        parent = s.get(ReviewComment, parent_id)
        if parent is None or parent.deleted:
            raise NotFound(RecordType.REVIEW_COMMENT, parent_id)
        article_id, anchor = parent.article_id, Anchor.from_wire(parent.anchor)
    return _comment(workspace, article_id, anchor, body, parent_id)


def add_comment(
    workspace: Workspace, article_id: str, text: str, start: int, end: int, body: str
) -> str:
    """Comment on the passage ``text[start:end]`` of the article (``text``: as its editor shows
    it); returns the comment's id. OperationError for an empty passage or comment."""
    try:
        anchor = anchor_at(text, start, end)
    except ValueError as exc:
        raise OperationError(str(exc)) from None
    if len(anchor.quote) > 5000:
        raise OperationError("Comment on a shorter passage (at most 5,000 characters).")
    return _comment(workspace, article_id, anchor, body, None)


def _comment(
    workspace: Workspace, article_id: str, anchor: Anchor, body: str, parent_id: str | None
) -> str:
    role = workspace.role()
    _check_role(
        workspace, not role or may(role, RecordType.REVIEW_COMMENT, "create"), "comment on articles"
    )
    body = (body or "").strip()
    if not body:
        raise OperationError("Write the comment first.")
    if len(body) > MAX_COMMENT:
        raise OperationError(f"A comment is at most {MAX_COMMENT} characters.")
    with workspace.writing() as w:
        if w.session.get(Article, article_id) is None:
            raise NotFound(RecordType.ARTICLE, article_id)
        comment = ReviewComment(
            id=new_id(),
            version=0,
            article_id=article_id,
            anchor=anchor.wire(),
            body=body,
            parent_id=parent_id,
            resolved=False,
            author=w.actor,
            created_at=w.now,
            updated_at=w.now,
            local=True,
        )
        w.session.add(comment)
        w.session.flush()
        data = {
            "article_id": article_id,
            "anchor": anchor.wire(),
            "body": body,
            "parent_id": parent_id,
            "resolved": False,
        }
        w.queue(
            RecordType.REVIEW_COMMENT,
            comment,
            "create",
            data,
            ("Replied on" if parent_id else "Commented on") + f" “{anchor.quote[:60]}”",
        )
        w.changed[RecordType.ARTICLE].add(article_id)
        return comment.id


def set_resolved(workspace: Workspace, comment_id: str, resolved: bool = True) -> None:
    """Resolve a comment (or reopen it)."""
    role = workspace.role()
    _check_role(
        workspace,
        not role or may(role, RecordType.REVIEW_COMMENT, "update"),
        "resolve review comments",
    )
    with workspace.writing() as w:
        comment = w.session.get(ReviewComment, comment_id)
        if comment is None or comment.deleted:
            raise NotFound(RecordType.REVIEW_COMMENT, comment_id)
        if bool(comment.resolved) == resolved:
            return
        w.queue(
            RecordType.REVIEW_COMMENT,
            comment,
            "update",
            {"resolved": resolved},
            ("Resolved" if resolved else "Reopened") + f" the comment on “{comment.body[:60]}”",
        )
        comment.resolved = resolved
        w.changed[RecordType.ARTICLE].add(comment.article_id)
