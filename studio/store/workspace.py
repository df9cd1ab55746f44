"""The workspace: the one place where Studio changes data.

Each user action is one method here and one transaction: the record, its outbox operation and its
journal entry are written together or not at all. After the commit, subscribers hear which ids
changed (never ORM objects), so views refresh what they show.

A record's ``base`` holds the last copy synced from the Hub only while the record has local
changes (``local``): while ``local`` is false the row itself is that copy. This keeps a 1,000,000
post workspace from storing every post twice.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from studio.domain.ids import new_id
from studio.domain.instants import to_wire, utc_now
from studio.domain.lexicon import Lexicon, Term, blocking_reason, compile_lexicon
from studio.domain.records import (
    PENDING_OUTBOX_STATES,
    STATE_AFTER_DECISION,
    ArticleStatus,
    DecisionAction,
    OutboxState,
    PostState,
    RecordType,
    ResultsVisibility,
)
from studio.domain.slugs import slugify
from studio.domain.staging import STAGED_FIELDS, is_live, restage
from studio.store import database
from studio.store.models import (
    Article,
    ArticleRevision,
    ArticleTrash,
    Attachment,
    Decision,
    JournalEntry,
    LexiconTerm,
    Member,
    OutboxOp,
    Poll,
    PollOption,
    Post,
    SyncedMixin,
    SyncState,
    Thread,
    Webinar,
)

log = logging.getLogger(__name__)

E = TypeVar("E", bound=StrEnum)

WORKSPACE_FILE = "workspace.sqlite3"

#: Fields of each record type that travel on the wire (API.md), beyond ``id`` and ``version``.
WIRE_FIELDS: dict[str, tuple[str, ...]] = {
    RecordType.ARTICLE: (
        "title",
        "slug",
        "summary",
        "body",
        "tags",
        "language",
        "status",
        "publish_at",
        "author_id",
        "featured_attachment",
        "views",
        "staged",
    ),
    RecordType.WEBINAR: (
        "title",
        "description",
        "starts_at",
        "zone",
        "fold",
        "starts_at_utc",
        "duration_minutes",
        "capacity",
        "registration",
        "status",
        "series_id",
        "registered",
        "attended",
        "join_link",
        "waiting_list",
    ),
    RecordType.POST: (
        "thread_id",
        "parent_id",
        "author_id",
        "body",
        "created_at",
        "state",
        "report_count",
        "decision",
        "claimed_by",
        "claimed_until",
    ),
    RecordType.SPEAKER: ("name", "organisation", "bio", "zone", "photo", "availability"),
    RecordType.THREAD: ("title", "author_id", "created_at"),
    RecordType.MEMBER: ("display_name", "company", "joined_at", "language", "strikes", "notes"),
    RecordType.POLL: ("question", "opens_at", "closes_at", "results_visibility"),
    RecordType.LEXICON_TERM: ("pattern", "severity", "is_regex"),
    RecordType.KIT_ITEM: (
        "title",
        "kind",
        "body",
        "tags",
        "language",
        "approved",
        "approved_by",
        "proposed_by",
    ),
    RecordType.REVIEW_COMMENT: (
        "article_id",
        "anchor",
        "body",
        "parent_id",
        "resolved",
        "author",
        "created_at",
    ),
}

#: Article fields an editor may change with save_article.
EDITABLE_ARTICLE_FIELDS = frozenset(
    {"title", "slug", "summary", "body", "tags", "language", "publish_at", "featured_attachment"}
)


class OperationError(Exception):
    """A workspace operation that cannot be done as asked; ``str()`` says why, for the user."""

    for_the_user = True


class NotFound(OperationError):
    def __init__(self, record_type: str, record_id: str) -> None:
        self.record_type = record_type
        self.record_id = record_id
        super().__init__(f"No {record_type} with id {record_id} in this workspace.")


@dataclass(frozen=True)
class Changes:
    """What one committed operation changed: ids by record type, and whether the outbox moved."""

    records: Mapping[str, frozenset[str]] = field(default_factory=dict)
    outbox: bool = False

    def ids(self, record_type: str) -> frozenset[str]:
        return self.records.get(record_type, frozenset())

    def __bool__(self) -> bool:
        return bool(self.records) or self.outbox


Listener = Callable[[Changes], None]


def workspace_path(data_dir: Path, name: str) -> Path:
    """Where the workspace called ``name`` lives under ``data_dir``."""
    return data_dir / "workspaces" / name / WORKSPACE_FILE


class RevisionRow(NamedTuple):
    id: str
    created_at: datetime
    reason: str  # saved (Ctrl+S), status, conflict, restore
    label: str
    title: str
    status: str
    version: int


@dataclass(frozen=True)
class WorkspaceInfo:
    name: str
    hub_url: str
    account: str


def list_workspaces(data_dir: Path) -> list[WorkspaceInfo]:
    """The workspaces under ``data_dir`` and whom each syncs as, read without opening them (no
    migration, no write: a workspace another Studio has open, or a damaged one, is listed too)."""
    root = data_dir / "workspaces"
    found = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        path = folder / WORKSPACE_FILE
        if not path.is_file():
            continue
        row = None
        try:
            with closing(sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, timeout=1)) as db:
                row = db.execute("SELECT hub_url, account FROM sync_state WHERE id = 1").fetchone()
        except sqlite3.Error as exc:
            log.info("could not read the sync state of %s: %s", path, exc)
        found.append(WorkspaceInfo(folder.name, *(row or ("", ""))))
    return found


def wire_value(value: Any) -> Any:
    """A column value as it appears in JSON on the wire."""
    if isinstance(value, datetime):
        return to_wire(value)
    return value


def wire_dict(record_type: str, record: Any) -> dict[str, Any]:
    """The wire form of a record: id, version and the fields of API.md."""
    data = {"id": record.id, "version": record.version}
    for name in WIRE_FIELDS[record_type]:
        data[name] = wire_value(getattr(record, name))
    return data


class Write:
    """One write transaction in progress: collects what changed for the announcement."""

    def __init__(self, session: Session, actor: str) -> None:
        self.session = session
        self.actor = actor
        self.now = utc_now()
        self.changed: dict[str, set[str]] = defaultdict(set)
        self.outbox = False

    def journal(
        self, action: str, record_type: str, record_id: str, summary: str, op_id: str | None = None
    ) -> None:
        self.session.add(
            JournalEntry(
                at=self.now,
                actor=self.actor,
                action=action,
                record_type=record_type,
                record_id=record_id,
                op_id=op_id,
                summary=summary,
            )
        )
        self.changed[record_type].add(record_id)

    def queue(
        self, record_type: str, record: SyncedMixin, action: str, data: dict[str, Any], summary: str
    ) -> str:
        """Mark ``record`` changed locally and queue its op; returns the op id used.

        Call it before changing the record, so the first local change keeps the synced copy.

        An update joins a queued op for the same record that has never been sent, so a second
        of autosaves is one op, while an op the Hub may have seen keeps its op_id untouched; a
        change of status is never joined with the edits around it (but a record the Hub has not
        seen yet stays one create).
        """
        if not record.local:
            record.base = None if action == "create" else wire_dict(record_type, record)
            record.local = True
        record.updated_at = self.now
        op: OutboxOp | None = None
        if action == "update":
            op = self.session.scalars(
                select(OutboxOp)
                .where(
                    OutboxOp.record_type == record_type,
                    OutboxOp.record_id == record.id,
                    OutboxOp.state == OutboxState.QUEUED,
                    OutboxOp.attempts == 0,
                    OutboxOp.action.in_(("create", "update")),
                )
                .order_by(OutboxOp.seq.desc())
                .limit(1)
            ).first()
        if op is not None and op.action == "update" and "status" in {*op.data, *data}:
            # A move along the workflow stays an op of its own: edits before and after it mean
            # different things once the article is live (its pending revision, staging.py).
            op = None
        if op is not None:
            op.data = {**op.data, **data}
        else:
            op = OutboxOp(
                op_id=new_id(),
                record_type=record_type,
                record_id=record.id,
                action=action,
                base_version=record.version,
                data=data,
                created_at=self.now,
                state=OutboxState.QUEUED,
            )
            self.session.add(op)
        self.outbox = True
        self.journal(action, record_type, record.id, summary, op.op_id)
        return op.op_id


class Workspace:
    """A local workspace: one SQLite file for one account on one Hub.

    Methods are safe to call from any one thread at a time per call; writes take SQLite's write
    lock at their start (BEGIN IMMEDIATE), so the UI's writer and the sync worker queue up
    rather than fail.
    """

    def __init__(self, engine: Engine, path: Path, name: str) -> None:
        self.engine = engine
        self.path = path
        self.name = name
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writes = sessionmaker(
            engine.execution_options(immediate=True), expire_on_commit=False
        )
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path, name: str | None = None) -> Workspace:
        """Open (creating or migrating) the workspace file at ``path``.

        Raises studio.store.database.WorkspaceError subclasses with a message for the user.
        """
        engine = database.prepare(path)
        return cls(engine, path, name or path.parent.name)

    def close(self) -> None:
        self.engine.dispose()

    # -- announcements -------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(changes)`` after every committed operation; returns an unsubscriber.

        Listeners run on the thread that made the change: a Qt view must hop to its own thread.
        """
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def announce(self, changes: Changes) -> None:
        if not changes:
            return
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(changes)
            except Exception:
                # A broken view must not undo a committed change or stop the others hearing it.
                log.exception("a listener failed on %s", changes)

    # -- sessions ------------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A short-lived read session; results stay usable (detached) after it closes."""
        # Closing (not rolling back) detaches the loaded objects without expiring them.
        with self._sessions() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Write]:
        with self._writes() as session, session.begin():
            write = Write(session, self.actor(session))
            yield write
        self.announce(Changes({k: frozenset(v) for k, v in write.changed.items()}, write.outbox))

    def role(self) -> str:
        """The account's role on its Hub; "" for a local workspace (nothing is refused here)."""
        with self.reading() as s:
            state = s.get(SyncState, 1)
            return state.role if state is not None and state.hub_url else ""

    def hub_link(self) -> tuple[str, str]:
        """(Hub URL, account) this workspace syncs as, or ("", "") for a local workspace."""
        with self.reading() as s:
            state = s.get(SyncState, 1)
            return (state.hub_url, state.account) if state is not None else ("", "")

    def actor(self, session: Session) -> str:
        state = session.get(SyncState, 1)
        return state.account if state is not None and state.account else "local"

    def _get(self, session: Session, model: type[Any], record_type: str, record_id: str) -> Any:
        record = session.get(model, record_id)
        if record is None or getattr(record, "deleted", False):
            raise NotFound(record_type, record_id)
        return record

    # -- articles ------------------------------------------------------------------------------

    def create_article(
        self,
        title: str,
        body: str = "",
        *,
        summary: str = "",
        tags: list[str] | None = None,
        language: str = "en",
        author_id: str | None = None,
        article_id: str | None = None,
        slug: str | None = None,
        publish_at: datetime | None = None,
    ) -> str:
        """Create a draft article; returns its id."""
        title = _required_text(title, "title", 500)
        with self.writing() as w:
            return _new_article(
                w,
                article_id or new_id(),
                f"Created article “{title}”",
                title=title,
                slug=slugify(slug or title),
                summary=summary,
                body=body,
                tags=list(tags or []),
                language=language,
                author_id=author_id,
                publish_at=publish_at,
            )

    def duplicate_article(self, article_id: str, title: str = "Copy of {title}") -> str:
        """A new draft copy of the article as its editor sees it (a pending revision included),
        with a new id and a slug no other article uses; returns its id. ``title`` is the new
        title, ``{title}`` standing for the original's."""
        source = self.article(article_id)
        new_title = _required_text(title.format(title=source.title)[:500], "title", 500)
        with self.writing() as w:
            return _new_article(
                w,
                new_id(),
                f"Duplicated “{source.title}”",
                title=new_title,
                slug=_free_slug(w.session, slugify(new_title)),
                summary=source.summary,
                body=source.body,
                tags=list(source.tags or []),
                language=source.language,
                author_id=source.author_id,
                featured_attachment=source.featured_attachment,
            )

    def article(self, article_id: str) -> Article:
        """The article as its editor sees it (a detached copy): a live article's pending
        revision over its live fields (``staged`` says which; live_article() has the live
        ones). NotFound when missing or deleted."""
        with self.reading() as s:
            article: Article = self._get(s, Article, RecordType.ARTICLE, article_id)
        staged = (article.staged or {}).get("fields") or {} if is_live(article.status) else {}
        for name, value in staged.items():
            if name in STAGED_FIELDS:
                setattr(article, name, value)  # detached: never written back
        return article

    def live_article(self, article_id: str) -> Article:
        """The article as readers see it, without its pending revision."""
        with self.reading() as s:
            article: Article = self._get(s, Article, RecordType.ARTICLE, article_id)
            return article

    def save_article(self, article_id: str, **fields: Any) -> None:
        """Save changed fields of an article (an autosave or a metadata edit).

        Raises NotFound, or OperationError for a field that is not editable or a blank title.
        """
        unknown = set(fields) - EDITABLE_ARTICLE_FIELDS
        if unknown:
            raise OperationError(f"These article fields cannot be edited: {sorted(unknown)}")
        if "title" in fields:
            fields["title"] = _required_text(fields["title"], "title", 500)
        with self.writing() as w:
            article = self._get(w.session, Article, RecordType.ARTICLE, article_id)
            if "slug" in fields and fields["slug"] != article.slug:
                _check_slug(w.session, fields["slug"], article_id)
            _edit_article(w, article, fields)

    def lexicon(self) -> Lexicon:
        """The firm's lexicon as synced from the Hub, compiled."""
        with self.reading() as s:
            return _lexicon(s)

    def set_article_status(self, article_id: str, status: ArticleStatus) -> None:
        """Move an article along the workflow, keeping a revision of the text at that moment.

        A move to review is refused while the lexicon has a blocking hit in the article."""
        status = _member_of(ArticleStatus, status, "article status")
        with self.writing() as w:
            article = self._get(w.session, Article, RecordType.ARTICLE, article_id)
            if article.status == status:
                return
            if status == ArticleStatus.IN_REVIEW:
                hits = _lexicon(w.session).check(
                    {"title": article.title, "summary": article.summary, "body": article.body}
                )
                reason = blocking_reason(hits)
                if reason:
                    raise OperationError(reason)
            previous = article.status
            w.queue(
                RecordType.ARTICLE,
                article,
                "update",
                {"status": str(status)},
                f"Moved “{article.title}” from {previous} to {status}",
            )
            article.status = str(status)
            w.session.add(_revision(article, w.now, "status", f"{previous} → {status}"))

    def save_article_revision(self, article_id: str, label: str = "") -> str:
        """Keep a named revision of the article as it is now (Ctrl+S); returns the revision id."""
        with self.writing() as w:
            article = self._get(w.session, Article, RecordType.ARTICLE, article_id)
            revision = _revision(article, w.now, "saved", label)
            w.session.add(revision)
            w.journal(
                "revision", RecordType.ARTICLE, article.id, f"Saved a revision of “{article.title}”"
            )
            return revision.id

    # -- attachments ---------------------------------------------------------------------------

    def add_attachment(self, data: bytes, media_type: str) -> str:
        """Keep an image (pasted or dropped into an article); returns its SHA-256, the name the
        text refers to it by (``attachment:SHA256``). The same bytes are kept once."""
        kind = image_type(data)
        if kind is None:
            raise OperationError("Only PNG, JPEG, GIF and WebP images can be attached.")
        if len(data) > MAX_ATTACHMENT:
            raise OperationError(
                f"This image is larger than {MAX_ATTACHMENT // (1024 * 1024)} MB; make it smaller."
            )
        digest = hashlib.sha256(data).hexdigest()
        with self.writing() as w:
            if w.session.get(Attachment, digest) is None:
                w.session.add(
                    Attachment(
                        sha256=digest,
                        media_type=kind,
                        size=len(data),
                        data=data,
                        uploaded=False,
                        created_at=w.now,
                    )
                )
                w.outbox = True
        return digest

    def attachment(self, sha256: str) -> tuple[str, bytes] | None:
        with self.reading() as s:
            row = s.get(Attachment, sha256)
            return (row.media_type, row.data) if row is not None else None

    def attachments_to_upload(self, limit: int = 50) -> list[str]:
        with self.reading() as s:
            return list(
                s.scalars(
                    select(Attachment.sha256).where(Attachment.uploaded.is_(False)).limit(limit)
                )
            )

    def mark_uploaded(self, sha256: str) -> None:
        with self.writing() as w:
            row = w.session.get(Attachment, sha256)
            if row is not None:
                row.uploaded = True

    def article_revisions(self, article_id: str) -> list[RevisionRow]:
        """The article's revisions, newest first, without their text (see revision())."""
        with self.reading() as s:
            rows = s.execute(
                select(
                    ArticleRevision.id,
                    ArticleRevision.created_at,
                    ArticleRevision.reason,
                    ArticleRevision.label,
                    ArticleRevision.title,
                    ArticleRevision.status,
                    ArticleRevision.version,
                )
                .where(ArticleRevision.article_id == article_id)
                .order_by(ArticleRevision.created_at.desc(), ArticleRevision.id)
            ).all()
            return [RevisionRow(*row) for row in rows]

    def revision(self, revision_id: str) -> ArticleRevision:
        with self.reading() as s:
            revision = s.get(ArticleRevision, revision_id)
            if revision is None:
                raise NotFound("revision", revision_id)
            return revision

    def restore_article_revision(self, article_id: str, revision_id: str) -> None:
        """Bring back a revision's title, summary and text; what it replaces is kept as a
        revision too, so a restore can itself be undone from the history."""
        with self.writing() as w:
            article = self._get(w.session, Article, RecordType.ARTICLE, article_id)
            revision = w.session.get(ArticleRevision, revision_id)
            if revision is None or revision.article_id != article_id:
                raise NotFound("revision", revision_id)
            wanted = {"title": revision.title, "summary": revision.summary, "body": revision.body}
            if not _edited_fields(article, wanted):
                return
            when = to_wire(revision.created_at)
            w.session.add(_revision(article, w.now, "restore", f"Before restoring {when}"))
            # On a live article the restored text is a pending revision, like any edit.
            _edit_article(w, article, wanted, f"Restored “{revision.title}” as it was at {when}")

    def delete_article(self, article_id: str) -> None:
        """Move an article to the trash: a tombstone until the Hub confirms the deletion, and
        its last copy in the trash (``ArticleTrash``), kept after the Hub has deleted it."""
        with self.writing() as w:
            article = self._get(w.session, Article, RecordType.ARTICLE, article_id)
            copy = wire_dict(RecordType.ARTICLE, article)
            staged = (article.staged or {}).get("fields") or {} if is_live(article.status) else {}
            copy.update({k: v for k, v in staged.items() if k in STAGED_FIELDS})
            w.queue(RecordType.ARTICLE, article, "delete", {}, f"Deleted “{article.title}”")
            article.deleted = True
            w.session.merge(
                ArticleTrash(
                    id=article.id,
                    title=str(copy.get("title") or article.title),
                    deleted_at=w.now,
                    deleted_by=w.actor,
                    copy=copy,
                )
            )

    def restore_article(self, article_id: str) -> tuple[str, bool]:
        """Bring an article back from the trash; returns its id and whether it is a new record.

        While the deletion waits in the outbox (never sent), it is taken back and the article
        is as it was. Once the Hub has deleted it, the article comes back as a new draft (new
        id, a free slug) from its last copy. A deletion sent but not yet answered is refused
        with a sentence: the next sync settles it.
        """
        with self.writing() as w:
            trashed = w.session.get(ArticleTrash, article_id)
            if trashed is None:
                raise NotFound(RecordType.ARTICLE, article_id)
            article = w.session.get(Article, article_id)
            if article is not None and not article.deleted:  # the Hub refused the deletion
                w.session.delete(trashed)
                w.changed[RecordType.ARTICLE].add(article_id)
                return article_id, False
            if article is not None:
                ops = w.session.scalars(
                    select(OutboxOp).where(
                        OutboxOp.record_type == RecordType.ARTICLE,
                        OutboxOp.record_id == article_id,
                        OutboxOp.action == "delete",
                        OutboxOp.state.in_([str(x) for x in PENDING_OUTBOX_STATES]),
                    )
                ).all()
                if any(op.state != OutboxState.QUEUED or op.attempts for op in ops):
                    raise OperationError(
                        f"The deletion of “{trashed.title}” is on its way to the Hub: "
                        "restore it after the next sync."
                    )
                for op in ops:
                    w.session.delete(op)
                w.session.flush()
                article.deleted = False
                others = w.session.scalar(
                    select(func.count())
                    .select_from(OutboxOp)
                    .where(
                        OutboxOp.record_type == RecordType.ARTICLE,
                        OutboxOp.record_id == article_id,
                        OutboxOp.state.in_([str(x) for x in PENDING_OUTBOX_STATES]),
                    )
                )
                if not others:
                    article.local, article.base = False, None
                w.session.delete(trashed)
                w.outbox = True
                w.journal(
                    "restore",
                    RecordType.ARTICLE,
                    article_id,
                    f"Restored “{article.title}” from the trash (the deletion never left)",
                )
                return article_id, False
            copy = trashed.copy
            title = _required_text(str(copy.get("title") or trashed.title), "title", 500)
            new = _new_article(
                w,
                new_id(),
                f"Restored “{title}” from the trash as a new article (the Hub had deleted it)",
                title=title,
                slug=_free_slug(w.session, str(copy.get("slug") or slugify(title))),
                summary=str(copy.get("summary") or ""),
                body=str(copy.get("body") or ""),
                tags=list(copy.get("tags") or []),
                language=str(copy.get("language") or "en"),
                author_id=copy.get("author_id"),
                featured_attachment=copy.get("featured_attachment"),
            )
            w.session.delete(trashed)
            return new, True

    def purge_article(self, article_id: str) -> None:
        """Delete for good: the article's last copy leaves the trash (a deletion still waiting
        in the outbox goes to the Hub as it would have)."""
        with self.writing() as w:
            trashed = w.session.get(ArticleTrash, article_id)
            if trashed is None:
                raise NotFound(RecordType.ARTICLE, article_id)
            w.session.delete(trashed)
            w.journal(
                "purge", RecordType.ARTICLE, article_id, f"Emptied “{trashed.title}” from the trash"
            )

    # -- moderation ----------------------------------------------------------------------------

    def decide_post(
        self, post_id: str, action: DecisionAction, reason: str = "", note: str = ""
    ) -> str:
        """Record a moderation decision on a post and queue it for the Hub; returns its id."""
        action = _member_of(DecisionAction, action, "moderation decision")
        with self.writing() as w:
            post = self._get(w.session, Post, RecordType.POST, post_id)
            return record_decision(w, post, action, reason, note)

    def post_body(self, post_id: str) -> str:
        with self.reading() as s:
            body = s.scalar(select(Post.body).where(Post.id == post_id))
            if body is None:
                raise NotFound("post", post_id)
            return str(body)

    def undo_decision(self, decision_id: str) -> str:
        """Take back a decision that has not left for the Hub yet; returns the post's id.

        The post goes back to how it was before (its last synced state). A decision the Hub may
        already have is refused with a sentence: it can only be followed by another decision.
        """
        with self.writing() as w:
            decision = w.session.get(Decision, decision_id)
            if decision is None:
                raise NotFound("decision", decision_id)
            ops = w.session.scalars(
                select(OutboxOp).where(
                    OutboxOp.record_type == RecordType.POST,
                    OutboxOp.record_id == decision.post_id,
                    OutboxOp.action == "decide",
                )
            ).all()
            op = next((o for o in ops if o.data.get("decision_id") == decision_id), None)
            if op is None or op.state != OutboxState.QUEUED or op.attempts:
                raise OperationError(
                    "This decision has already gone to the Hub; make another decision instead."
                )
            post = self._get(w.session, Post, RecordType.POST, decision.post_id)
            base = post.base or {}
            post.state = base.get("state", PostState.PENDING)
            post.decision = base.get("decision")
            w.session.delete(op)
            w.session.delete(decision)
            w.session.flush()
            others = w.session.scalar(
                select(func.count())
                .select_from(OutboxOp)
                .where(
                    OutboxOp.record_type == RecordType.POST,
                    OutboxOp.record_id == post.id,
                    OutboxOp.state.in_([str(s) for s in PENDING_OUTBOX_STATES]),
                )
            )
            if not others:
                post.local, post.base = False, None
            w.outbox = True
            w.journal("undo", RecordType.POST, post.id, f"Took back the decision {decision_id}")
            return str(post.id)

    # -- webinars ------------------------------------------------------------------------------

    def schedule_webinar(
        self,
        title: str,
        starts_at: str,
        zone: str,
        starts_at_utc: datetime,
        *,
        duration_minutes: int = 60,
        capacity: int = 100,
        fold: int = 0,
        description: str = "",
        webinar_id: str | None = None,
    ) -> str:
        """Create a scheduled webinar at a wall time in an IANA zone; returns its id.

        ``starts_at_utc`` is the instant the caller derived from the wall time and zone (the
        domain's time-zone rules decide it, including gaps and folds).
        """
        title = _required_text(title, "title", 500)
        if duration_minutes <= 0 or capacity < 0:
            raise OperationError("A webinar needs a positive duration and a capacity of 0 or more.")
        with self.writing() as w:
            webinar = Webinar(
                id=webinar_id or new_id(),
                version=0,
                title=title,
                description=description,
                starts_at=starts_at,
                zone=zone,
                fold=fold,
                starts_at_utc=starts_at_utc,
                duration_minutes=duration_minutes,
                capacity=capacity,
                registration="open",
                status="scheduled",
                registered=0,
                attended=0,
                updated_at=w.now,
                local=True,
            )
            w.session.add(webinar)
            w.session.flush()
            w.queue(
                RecordType.WEBINAR,
                webinar,
                "create",
                wire_dict(RecordType.WEBINAR, webinar),
                f"Scheduled webinar “{title}”",
            )
            return webinar.id

    # -- polls ---------------------------------------------------------------------------------

    def create_poll(
        self,
        question: str,
        options: list[str],
        *,
        results_visibility: str = "after_vote",
        poll_id: str | None = None,
    ) -> str:
        """Create a poll with its options in order; returns its id."""
        question = _required_text(question, "question", 500)
        results_visibility = _member_of(ResultsVisibility, results_visibility, "results visibility")
        labels = [o.strip() for o in options if o.strip()]
        if len(labels) < 2:
            raise OperationError("A poll needs at least two options.")
        with self.writing() as w:
            poll = Poll(
                id=poll_id or new_id(),
                version=0,
                question=question,
                results_visibility=results_visibility,
                updated_at=w.now,
                local=True,
            )
            w.session.add(poll)
            w.session.flush()
            for position, label in enumerate(labels):
                w.session.add(
                    PollOption(id=new_id(), poll_id=poll.id, position=position, label=label)
                )
            data = wire_dict(RecordType.POLL, poll) | {"options": labels}
            w.queue(RecordType.POLL, poll, "create", data, f"Created poll “{question}”")
            return poll.id

    # -- figures -------------------------------------------------------------------------------

    def pending_changes(self) -> int:
        """How many changes wait to be sent to (or confirmed by) the Hub."""
        with self.reading() as s:
            return (
                s.scalar(
                    select(func.count())
                    .select_from(OutboxOp)
                    .where(OutboxOp.state.in_([str(x) for x in PENDING_OUTBOX_STATES]))
                )
                or 0
            )

    def counts(self) -> dict[str, int]:
        """Records held locally by type, named as in the Hub's /v1/stats."""
        models: dict[str, type[Any]] = {
            "members": Member,
            "articles": Article,
            "webinars": Webinar,
            "threads": Thread,
            "posts": Post,
            "polls": Poll,
        }
        with self.reading() as s:
            return {
                name: s.scalar(
                    select(func.count()).select_from(model).where(model.deleted.is_(False))
                )
                or 0
                for name, model in models.items()
            }


def record_decision(w: Write, post: Post, action: DecisionAction, reason: str, note: str) -> str:
    """In the write ``w``: a decision on ``post``, queued for the Hub; returns its id (the
    workspace's decide_post, and a bulk decision's items in one transaction)."""
    decision = Decision(
        id=new_id(),
        post_id=post.id,
        action=str(action),
        reason=reason,
        note=note,
        moderator=w.actor,
        decided_at=w.now,
        outcome="local",
    )
    w.session.add(decision)
    data = {"decision_id": decision.id, "action": str(action), "reason": reason, "note": note}
    w.queue(
        RecordType.POST,
        post,
        "decide",
        data,
        f"{action.capitalize()} post by {post.author_id or 'a deleted member'}",
    )
    post.state = str(STATE_AFTER_DECISION[action])
    post.decision = {"action": str(action), "reason": reason, "by": w.actor, "at": to_wire(w.now)}
    return decision.id


def _member_of(kind: type[E], value: str, what: str) -> E:
    """``value`` as a member of the enum ``kind``; OperationError naming the allowed values."""
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        raise OperationError(f"Unknown {what} {value!r}; expected one of: {allowed}.") from None


MAX_ATTACHMENT = 10 * 1024 * 1024
_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def image_type(data: bytes) -> str | None:
    """The media type of an image Studio attaches, from its first bytes; None for anything
    else (the name or the clipboard's claim is not trusted)."""
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _lexicon(session: Session) -> Lexicon:
    rows = session.scalars(select(LexiconTerm).where(LexiconTerm.deleted.is_(False))).all()
    return compile_lexicon(Term(r.id, r.pattern, r.severity, r.is_regex) for r in rows)


def _new_article(w: Write, article_id: str, what: str, **fields: Any) -> str:
    """Add a draft article with ``fields`` and queue its creation; returns its id."""
    article = Article(
        id=article_id,
        version=0,
        status=ArticleStatus.DRAFT,
        views=0,
        updated_at=w.now,
        local=True,
        **fields,
    )
    w.session.add(article)
    w.session.flush()
    w.queue(RecordType.ARTICLE, article, "create", wire_dict(RecordType.ARTICLE, article), what)
    return str(article.id)


def _free_slug(session: Session, slug: str) -> str:
    """``slug``, or ``slug-2``, ``slug-3``… : the first no article here uses."""
    slug = slug or "article"
    taken = set(
        session.scalars(
            select(Article.slug).where(
                Article.slug.startswith(slug, autoescape=True), Article.deleted.is_(False)
            )
        )
    )
    if slug not in taken:
        return slug
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"


def _check_slug(session: Session, slug: str, article_id: str) -> None:
    if not slug or slugify(slug) != slug:
        raise OperationError(f"“{slug}” is not a slug: lowercase letters, digits and dashes.")
    other = session.scalars(
        select(Article.title).where(
            Article.slug == slug, Article.id != article_id, Article.deleted.is_(False)
        )
    ).first()
    if other is not None:
        raise OperationError(f"The slug “{slug}” is already used by “{other}”.")


def _required_text(value: str, name: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise OperationError(f"The {name} cannot be empty.")
    if len(text) > limit:
        raise OperationError(f"The {name} is longer than {limit} characters.")
    return text


def _edited_fields(article: Article, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields that differ from the article as its editor sees it (a live article's pending
    revision over its live fields)."""
    pending = (article.staged or {}).get("fields") or {} if is_live(article.status) else {}
    return {k: v for k, v in fields.items() if pending.get(k, getattr(article, k)) != v}


def _edit_article(w: Write, article: Article, fields: Mapping[str, Any], summary: str = "") -> None:
    """Queue and make an edit of an article. On a live one (published, scheduled) the title,
    summary, text and tags go to its pending revision and readers' copy stays, as the Hub does
    (hub/review.py); the other fields change at once."""
    changed = _edited_fields(article, fields)
    if not changed:
        return
    w.queue(
        RecordType.ARTICLE,
        article,
        "update",
        {k: wire_value(v) for k, v in changed.items()},
        summary or f"Edited {', '.join(sorted(changed))} of “{article.title}”",
    )
    # A live article the Hub has seen keeps its text until the revision is approved; one it has
    # not seen yet (version 0) reaches it as one create with everything in, so it takes the
    # edits directly, as the Hub will.
    staged = is_live(article.status) and article.version > 0
    for name, value in changed.items():
        if not (staged and name in STAGED_FIELDS):
            setattr(article, name, value)
    if staged and set(changed) & set(STAGED_FIELDS):
        live = {name: getattr(article, name) for name in STAGED_FIELDS}
        pending = restage(live, (article.staged or {}).get("fields"), changed)
        at = to_wire(w.now)
        article.staged = {"fields": pending, "by": w.actor, "at": at} if pending else None


def _revision(article: Article, now: datetime, reason: str, label: str) -> ArticleRevision:
    return revision_of(article.id, wire_dict(RecordType.ARTICLE, article), now, reason, label)


def revision_of(
    article_id: str, copy: Mapping[str, Any], now: datetime, reason: str, label: str
) -> ArticleRevision:
    """A revision of the article ``article_id`` holding ``copy`` (its wire fields)."""
    return ArticleRevision(
        id=new_id(),
        article_id=article_id,
        created_at=now,
        reason=reason,
        label=label[:200],
        title=str(copy.get("title") or ""),
        summary=str(copy.get("summary") or ""),
        body=str(copy.get("body") or ""),
        status=str(copy.get("status") or "draft"),
        version=int(copy.get("version") or 0),
    )
