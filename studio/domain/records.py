"""The record types Studio and the Hub share, and the states they move through."""

from __future__ import annotations

from enum import StrEnum


class RecordType(StrEnum):
    """The names of synced record types, as they appear on the wire and in the outbox."""

    MEMBER = "member"
    SPEAKER = "speaker"
    ARTICLE = "article"
    WEBINAR = "webinar"
    THREAD = "thread"
    POST = "post"
    REPORT = "report"
    POLL = "poll"
    LEXICON_TERM = "lexicon_term"
    REVIEW_COMMENT = "review_comment"
    KIT_ITEM = "kit_item"


class ArticleStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class PostState(StrEnum):
    PENDING = "pending"
    VISIBLE = "visible"
    REMOVED = "removed"
    ESCALATED = "escalated"


class DecisionAction(StrEnum):
    APPROVE = "approve"
    REMOVE = "remove"
    ESCALATE = "escalate"
    RESTORE = "restore"


#: The state a post is left in by each decision.
STATE_AFTER_DECISION: dict[DecisionAction, PostState] = {
    DecisionAction.APPROVE: PostState.VISIBLE,
    DecisionAction.REMOVE: PostState.REMOVED,
    DecisionAction.ESCALATE: PostState.ESCALATED,
    DecisionAction.RESTORE: PostState.VISIBLE,
}


class WebinarStatus(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    LIVE = "live"
    DONE = "done"
    CANCELLED = "cancelled"


class Registration(StrEnum):
    OPEN = "open"
    APPROVAL = "approval"
    CLOSED = "closed"


class ResultsVisibility(StrEnum):
    ALWAYS = "always"
    AFTER_VOTE = "after_vote"
    AFTER_CLOSE = "after_close"
    STAFF_ONLY = "staff_only"


class OutboxState(StrEnum):
    """Where a queued change stands with the Hub."""

    QUEUED = "queued"
    SENT = "sent"
    APPLIED = "applied"
    CONFLICT = "conflict"
    REJECTED = "rejected"
    DISMISSED = "dismissed"  # refused, and the user has seen it and set it aside


#: Outbox states that still count as "changes waiting to sync".
PENDING_OUTBOX_STATES = (OutboxState.QUEUED, OutboxState.SENT)
