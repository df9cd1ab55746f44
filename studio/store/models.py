"""The local workspace schema: SQLAlchemy 2 typed ORM models.

Every synced record keeps the Hub's ``version`` (0 until the Hub has accepted it) and ``base``,
the last copy synced from the Hub, so a later merge has the common ancestor it needs. ``local``
says the record has changes the Hub has not yet confirmed; ``deleted`` is a tombstone kept until
the Hub confirms the deletion.

References between synced records (a post's thread, an article's author) are plain columns, not
foreign keys: the change feed delivers records in the order they last changed, so a post can
arrive before its thread, and a member may never arrive at all (deleted). Views join them with
outer joins. Foreign keys remain where both sides are written together here (an article and its
revisions, a poll and its options, a post and the decisions made on it).

Schema changes go through Alembic (``studio/store/migrations``); never edit a released migration.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from studio.domain.instants import from_wire, to_stored, utc_now

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Instant(TypeDecorator[datetime]):
    """An aware UTC instant stored as fixed-width RFC 3339 text: ``2026-11-23T09:30:00.000000Z``."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        # Always six fractional digits: text order must be time order.
        return None if value is None else to_stored(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else from_wire(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: Instant, dict[str, Any]: JSON, list[Any]: JSON}


class SyncedMixin:
    """Columns every record synced with the Hub carries."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    base: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    local: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    conflict: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(Instant)


class Member(SyncedMixin, Base):
    __tablename__ = "members"

    display_name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str] = mapped_column(String(200), default="")
    joined_at: Mapped[datetime] = mapped_column(Instant)
    language: Mapped[str] = mapped_column(String(16), default="en")
    strikes: Mapped[int] = mapped_column(Integer, default=0)
    #: Notes and strikes moderators kept on the member, as the Hub holds them (hub/claims.py):
    #: ``{"id", "kind": "note"|"strike", "text", "post_id", "by", "at", "expires_at"}``.
    notes: Mapped[list[Any] | None] = mapped_column(JSON, default=None)

    __table_args__ = (Index(None, "display_name"),)


class Attachment(Base):
    """A content-addressed file (an image in an article, a speaker's photo)."""

    __tablename__ = "attachments"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(Instant)


class Article(SyncedMixin, Base):
    __tablename__ = "articles"

    title: Mapped[str] = mapped_column(String(500))
    slug: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(16), default="en")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    publish_at: Mapped[datetime | None] = mapped_column(Instant, default=None)
    author_id: Mapped[str | None] = mapped_column(String(36), default=None)
    featured_attachment: Mapped[str | None] = mapped_column(String(64), default=None)
    views: Mapped[int] = mapped_column(Integer, default=0)
    #: A live article's pending revision: ``{"fields": {...}, "by", "at"}`` (hub/review.py).
    staged: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)

    __table_args__ = (
        Index(None, "status", "updated_at"),
        Index(None, "author_id"),
        Index(None, "updated_at"),
        Index(None, "slug"),
    )


class ArticleRevision(Base):
    """A named snapshot of an article: each Ctrl+S, each sync merge, each status change."""

    __tablename__ = "article_revisions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(Instant)
    reason: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index(None, "article_id", "created_at"),)


class ArticleTrash(Base):
    """A deleted article's last copy (its wire fields), kept after the Hub has applied the
    deletion and the article's row is gone, so it can still be restored (as a new record)."""

    __tablename__ = "article_trash"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the article's id
    title: Mapped[str] = mapped_column(String(500))
    deleted_at: Mapped[datetime] = mapped_column(Instant)
    deleted_by: Mapped[str] = mapped_column(String(200), default="")
    copy: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (Index(None, "deleted_at"),)


class Speaker(SyncedMixin, Base):
    """A guest speaker or host, who need not be a member of the platform."""

    __tablename__ = "speakers"

    #: Rows written outside an operation (imports, fixtures) are stamped when written.
    updated_at: Mapped[datetime] = mapped_column(Instant, default=utc_now)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    zone: Mapped[str] = mapped_column(String(64), default="UTC")
    photo: Mapped[str | None] = mapped_column(String(64), default=None)
    #: Weekly windows in the speaker's own zone, as ``"Mon 09:00-17:00"`` (schedule.Window).
    availability: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default="[]")


class Webinar(SyncedMixin, Base):
    __tablename__ = "webinars"

    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    #: Wall time without offset (``2027-03-25T10:00:00``) in ``zone``; see API.md.
    starts_at: Mapped[str] = mapped_column(String(19))
    zone: Mapped[str] = mapped_column(String(64))
    fold: Mapped[int] = mapped_column(Integer, default=0)
    starts_at_utc: Mapped[datetime] = mapped_column(Instant)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    capacity: Mapped[int] = mapped_column(Integer, default=100)
    registration: Mapped[str] = mapped_column(String(16), default="open")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    series_id: Mapped[str | None] = mapped_column(String(36), default=None)
    registered: Mapped[int] = mapped_column(Integer, default=0)
    attended: Mapped[int] = mapped_column(Integer, default=0)
    #: Where attendees join (an http or https URL), "" until known.
    join_link: Mapped[str] = mapped_column(String(2000), default="", server_default="")
    #: Whether people past the capacity wait for a seat (promoted in order) or are turned away.
    waiting_list: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    __table_args__ = (Index(None, "starts_at_utc"), Index(None, "series_id"))


class WebinarRules(Base):
    """One row: how each conflict rule counts in this workspace (schedule.Policy)."""

    __tablename__ = "webinar_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    #: Rule name -> ``block``, ``warn`` or ``off``; a rule not named keeps its default.
    severities: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    min_gap_minutes: Mapped[int] = mapped_column(Integer, default=15)


class WebinarSpeaker(Base):
    __tablename__ = "webinar_speakers"

    webinar_id: Mapped[str] = mapped_column(
        ForeignKey("webinars.id", ondelete="CASCADE"), primary_key=True
    )
    speaker_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    #: ``speaker`` or ``host``.
    role: Mapped[str] = mapped_column(String(16), primary_key=True, default="speaker")

    __table_args__ = (Index(None, "speaker_id"),)


class WebinarRegistration(Base):
    __tablename__ = "webinar_registrations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    webinar_id: Mapped[str] = mapped_column(ForeignKey("webinars.id", ondelete="CASCADE"))
    member_id: Mapped[str | None] = mapped_column(String(36), default=None)
    name: Mapped[str] = mapped_column(String(200), default="")
    #: None when unknown (a member registered by id): several may lack one, none may repeat one.
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    #: ``registered``, ``waiting``, ``pending_approval``, ``declined``, ``cancelled``.
    status: Mapped[str] = mapped_column(String(24), default="registered")
    registered_at: Mapped[datetime] = mapped_column(Instant)
    attended: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index(None, "webinar_id", "status"),
        UniqueConstraint("webinar_id", "email"),
    )


class Thread(SyncedMixin, Base):
    __tablename__ = "threads"

    title: Mapped[str] = mapped_column(String(500))
    author_id: Mapped[str | None] = mapped_column(String(36), default=None)
    created_at: Mapped[datetime] = mapped_column(Instant)

    __table_args__ = (Index(None, "created_at"),)


class Post(SyncedMixin, Base):
    __tablename__ = "posts"

    thread_id: Mapped[str] = mapped_column(String(36))
    parent_id: Mapped[str | None] = mapped_column(String(36), default=None)
    author_id: Mapped[str | None] = mapped_column(String(36), default=None)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Instant)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    #: The Hub's record of the decision that set ``state``: who, what, when, why.
    decision: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    #: Who has claimed the post on the Hub, and until when (wire text, RFC 3339 UTC).
    claimed_by: Mapped[str | None] = mapped_column(String(200), default=None)
    claimed_until: Mapped[str | None] = mapped_column(String(40), default=None)

    __table_args__ = (
        Index(None, "thread_id", "created_at"),
        Index(None, "author_id", "created_at"),
        Index(None, "state", "report_count", "created_at"),
    )


class Report(Base):
    __tablename__ = "reports"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    post_id: Mapped[str] = mapped_column(String(36))
    reporter_id: Mapped[str | None] = mapped_column(String(36), default=None)
    reason: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(Instant)

    __table_args__ = (Index(None, "post_id"), Index(None, "reporter_id"))


class Decision(Base):
    """A moderation decision, as made here or as learnt from the Hub. Never updated in place."""

    __tablename__ = "decisions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    moderator: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(Instant)
    #: ``local`` until the Hub answers; then ``applied`` or ``lost`` (a colleague decided first).
    outcome: Mapped[str] = mapped_column(String(16), default="local")

    __table_args__ = (Index(None, "post_id", "decided_at"),)


class Poll(SyncedMixin, Base):
    __tablename__ = "polls"

    question: Mapped[str] = mapped_column(String(500))
    opens_at: Mapped[datetime | None] = mapped_column(Instant, default=None)
    closes_at: Mapped[datetime | None] = mapped_column(Instant, default=None)
    results_visibility: Mapped[str] = mapped_column(String(16), default="after_vote")

    __table_args__ = (Index(None, "opens_at"),)


class PollOption(Base):
    __tablename__ = "poll_options"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    poll_id: Mapped[str] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(500))

    __table_args__ = (UniqueConstraint("poll_id", "position"),)


class PollResponse(Base):
    __tablename__ = "poll_responses"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    poll_id: Mapped[str] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    option_id: Mapped[str] = mapped_column(ForeignKey("poll_options.id", ondelete="CASCADE"))
    member_id: Mapped[str | None] = mapped_column(String(36), default=None)
    responded_at: Mapped[datetime] = mapped_column(Instant)

    __table_args__ = (Index(None, "poll_id", "option_id"),)


class OutboxOp(Base):
    """A change made here, waiting for (or answered by) the Hub. ``op_id`` never changes."""

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    record_type: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(24))
    base_version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(Instant)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index(None, "state", "seq"), Index(None, "record_type", "record_id"))


class Conflict(Base):
    """A record changed here and on the Hub in ways that don't merge: the three copies, kept until
    the user resolves it (the conflict view), so neither side is ever silently overwritten."""

    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_type: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[str] = mapped_column(String(36))
    base: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    mine: Mapped[dict[str, Any]] = mapped_column(JSON)
    theirs: Mapped[dict[str, Any]] = mapped_column(JSON)
    fields: Mapped[list[Any]] = mapped_column(JSON, default=list)
    detected_at: Mapped[datetime] = mapped_column(Instant)
    resolved_at: Mapped[datetime | None] = mapped_column(Instant, default=None)

    __table_args__ = (Index(None, "record_type", "record_id"), Index(None, "resolved_at"))


class SyncState(Base):
    """One row: which Hub and account this workspace belongs to, and how far the pull got."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    hub_url: Mapped[str] = mapped_column(String(500), default="")
    account: Mapped[str] = mapped_column(String(200), default="")
    #: The account's role on the Hub (admin, editor, …); "" for a local workspace.
    role: Mapped[str] = mapped_column(String(32), default="", server_default="")
    cursor: Mapped[str] = mapped_column(String(100), default="")
    last_sync_at: Mapped[datetime | None] = mapped_column(Instant, default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")


class JournalEntry(Base):
    """What a user did here, in order: the local audit trail of every workspace operation."""

    __tablename__ = "journal"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(Instant)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    record_type: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[str] = mapped_column(String(36))
    op_id: Mapped[str | None] = mapped_column(String(36), default=None)
    summary: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index(None, "record_type", "record_id"),)


class ArchiveEntry(Base):
    """The workspace's copy of one entry of the Hub's compliance archive (API.md, "The archive").

    The fields the hash covers are kept exactly as the Hub gave them: ``at`` as its text and
    ``payload`` as canonical JSON (``studio.domain.archive.canonical_json``), so the hash can be
    recomputed from the row. ``thread_id`` (the thread a post, reply, report or decision belongs
    to) and ``text`` (what search reads) are derived here and not covered by the hash. Rows are
    only ever inserted (studio/store/archive.py).
    """

    __tablename__ = "archive_entries"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(200))
    subject_id: Mapped[str] = mapped_column(String(64))
    thread_id: Mapped[str | None] = mapped_column(String(64), default=None)
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(Instant)

    __table_args__ = (
        Index(None, "subject_id"),
        Index(None, "thread_id", "seq"),
        Index(None, "kind", "seq"),
        Index(None, "actor", "seq"),
        Index(None, "at"),
    )


class ArchiveHold(Base):
    """A legal hold on a record or a whole thread: while it is not lifted, nothing of it leaves
    the archive by retention. Lifting keeps the row (who lifted it, when, why)."""

    __tablename__ = "archive_holds"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    #: ``record`` (a post, an article, … by its id) or ``thread`` (every entry of the thread).
    scope: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    placed_by: Mapped[str] = mapped_column(String(200))
    placed_at: Mapped[datetime] = mapped_column(Instant)
    lifted_at: Mapped[datetime | None] = mapped_column(Instant, default=None)
    lifted_by: Mapped[str | None] = mapped_column(String(200), default=None)
    lift_reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index(None, "subject_id", "lifted_at"),)


class ArchiveState(Base):
    """One row: how far the archive pull got (the last entry applied, written with each page),
    the Hub's head as last seen, and the retention period."""

    __tablename__ = "archive_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64), default="0" * 64)
    hub_seq: Mapped[int | None] = mapped_column(Integer, default=None)
    hub_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    hub_seen_at: Mapped[datetime | None] = mapped_column(Instant, default=None)
    #: Entries older than this, and under no hold, are past retention (hidden, never deleted).
    retention_years: Mapped[int] = mapped_column(Integer, default=6)


class LexiconTerm(SyncedMixin, Base):
    """A word or pattern of the firm's lexicon, with how serious a hit is (high blocks review)."""

    __tablename__ = "lexicon_terms"

    pattern: Mapped[str] = mapped_column(String(500))
    severity: Mapped[str] = mapped_column(String(16), default="medium")
    is_regex: Mapped[bool] = mapped_column(Boolean, default=False)


class KitItem(SyncedMixin, Base):
    """A reusable snippet or article template of the kit, with ``{variables}`` to fill.

    Editors propose items; an admin approves them (``approved_by``). Only approved items, and
    one's own proposals, are offered for insertion.
    """

    __tablename__ = "kit_items"

    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="snippet")
    body: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(16), default="en")
    approved: Mapped[bool] = mapped_column(Boolean, default=False)
    approved_by: Mapped[str | None] = mapped_column(String(200), default=None)
    proposed_by: Mapped[str | None] = mapped_column(String(200), default=None)

    __table_args__ = (Index(None, "title"),)


class ReviewComment(SyncedMixin, Base):
    """A reviewer's comment on a passage of an article: the passage quoted with a little text
    either side (``anchor``), so it is found again after edits (studio/domain/anchors.py)."""

    __tablename__ = "review_comments"

    article_id: Mapped[str] = mapped_column(String(64))
    anchor: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    body: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[str | None] = mapped_column(String(64), default=None)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime | None] = mapped_column(Instant, default=None)

    __table_args__ = (Index(None, "article_id"),)


#: ORM class by wire record type, for the operations and the sync engine.
SYNCED_MODELS: dict[str, type[SyncedMixin]] = {
    "member": Member,
    "speaker": Speaker,
    "article": Article,
    "webinar": Webinar,
    "thread": Thread,
    "post": Post,
    "poll": Poll,
    "lexicon_term": LexiconTerm,
    "kit_item": KitItem,
    "review_comment": ReviewComment,
}
