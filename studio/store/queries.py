"""Paged, indexed read queries for the screens (keyset paging: cost independent of depth).

Values compared inside ``tuple_`` are bound with their column type explicitly (``literal``):
SQLAlchemy does not carry it across a row-value comparison, and an instant bound as a plain
datetime would compare as different text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    and_,
    case,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    tuple_,
)
from sqlalchemy import (
    text as sql_text,
)

from studio.store.models import Article, ArticleTrash, Instant, Member, OutboxOp, Post, Thread
from studio.store.search import match_expression
from studio.store.workspace import Workspace

ARTICLES_FTS = table("articles_fts", column("rowid"))


class ArticleRow(NamedTuple):
    id: str
    title: str
    status: str
    language: str
    author: str | None
    updated_at: datetime
    local: bool
    conflict: bool
    pending: bool = False  # a live article's edits wait for approval (studio/store/review.py)
    key: Any = None  # the value the list is sorted by (keyset paging continues after it)


#: The workflow's order, for sorting by status.
STATUS_ORDER = ("draft", "in_review", "approved", "scheduled", "published", "archived")
#: The library's sort keys (a column each).
SORT_KEYS = ("title", "status", "author", "changed")


@dataclass(frozen=True)
class ArticleFilter:
    """What the library shows: every field left empty lets every article through."""

    status: str = ""
    author_id: str = ""  # "-" for articles with no author
    tag: str = ""
    publish_from: datetime | None = None  # the scheduled or published time, inclusive
    publish_to: datetime | None = None  # exclusive
    conflict: bool = False
    local: bool = False
    sort: str = "changed"
    descending: bool = True

    def narrows(self) -> bool:
        return bool(
            self.status
            or self.author_id
            or self.tag.strip()
            or self.publish_from
            or self.publish_to
            or self.conflict
            or self.local
        )


class TrashRow(NamedTuple):
    id: str
    title: str
    deleted_at: datetime
    deleted_by: str
    state: str  # "waiting": the deletion has not left; "gone": the Hub has (or may have) it


class QueueRow(NamedTuple):
    id: str
    report_count: int
    created_at: datetime
    state: str
    author: str | None
    thread: str
    excerpt: str


def _sort_key(sort: str) -> Any:
    if sort == "title":
        return Article.title.collate("NOCASE")
    if sort == "status":
        return case(
            *((Article.status == name, i) for i, name in enumerate(STATUS_ORDER)),
            else_=len(STATUS_ORDER),
        )
    if sort == "author":
        return func.coalesce(Member.display_name, "").collate("NOCASE")
    return Article.updated_at


def articles_page(
    workspace: Workspace,
    after: ArticleRow | None,
    limit: int,
    text: str = "",
    where: ArticleFilter | None = None,
) -> list[ArticleRow]:
    """Articles, most recently changed first (or as ``where`` sorts them); ``text`` narrows them
    by full-text search and ``where`` by its filters."""
    where = where or ArticleFilter()
    sort = where.sort if where.sort in SORT_KEYS else "changed"
    key = _sort_key(sort)
    order = (key.desc(), Article.id.desc()) if where.descending else (key, Article.id)
    stmt = (
        select(
            Article.id,
            Article.title,
            Article.status,
            Article.language,
            Member.display_name,
            Article.updated_at,
            Article.local,
            Article.conflict,
            func.json_extract(Article.staged, "$.fields").is_not(None),
            key,
        )
        .outerjoin(Member, Member.id == Article.author_id)
        .where(Article.deleted.is_(False))
        .order_by(*order)
        .limit(limit)
    )
    match = match_expression(text)
    if text.strip() and match is None:
        return []
    if match is not None:
        stmt = stmt.where(
            literal_column("articles.rowid").in_(
                select(ARTICLES_FTS.c.rowid).where(
                    literal_column("articles_fts").op("MATCH")(match)
                )
            )
        )
    stmt = _filtered(stmt, where)
    if after is not None:
        value = literal(after.key, Instant) if sort == "changed" else literal(after.key)
        mine, theirs = tuple_(key, Article.id), tuple_(value, after.id)
        stmt = stmt.where(mine < theirs if where.descending else mine > theirs)
    with workspace.reading() as s:
        return [
            ArticleRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), bool(r[7]), bool(r[8]), r[9])
            for r in s.execute(stmt)
        ]


def _filtered(stmt: Any, where: ArticleFilter) -> Any:
    if where.status:
        stmt = stmt.where(Article.status == where.status)
    if where.author_id == "-":
        stmt = stmt.where(Article.author_id.is_(None))
    elif where.author_id:
        stmt = stmt.where(Article.author_id == where.author_id)
    tag = where.tag.strip()
    if tag:
        stmt = stmt.where(
            sql_text(
                "EXISTS (SELECT 1 FROM json_each(articles.tags) "
                "WHERE lower(json_each.value) = lower(:tag))"
            ).bindparams(tag=tag)
        )
    if where.publish_from is not None:
        stmt = stmt.where(Article.publish_at >= literal(where.publish_from, Instant))
    if where.publish_to is not None:
        stmt = stmt.where(Article.publish_at < literal(where.publish_to, Instant))
    if where.conflict:
        stmt = stmt.where(Article.conflict.is_(True))
    if where.local:
        stmt = stmt.where(Article.local.is_(True))
    return stmt


def article_authors(workspace: Workspace) -> list[tuple[str, str]]:
    """The members who wrote articles here, by name: (id, name)."""
    stmt = (
        select(Article.author_id, func.coalesce(Member.display_name, Article.author_id))
        .outerjoin(Member, Member.id == Article.author_id)
        .where(Article.author_id.is_not(None), Article.deleted.is_(False))
        .group_by(Article.author_id)
        .order_by(func.coalesce(Member.display_name, Article.author_id).collate("NOCASE"))
    )
    with workspace.reading() as s:
        return [(str(r[0]), str(r[1])) for r in s.execute(stmt)]


def trash_page(workspace: Workspace, after: TrashRow | None, limit: int) -> list[TrashRow]:
    """Deleted articles, the latest deletion first, with whether the deletion has left yet."""
    waiting = (
        select(OutboxOp.seq)
        .where(
            OutboxOp.record_type == "article",
            OutboxOp.record_id == ArticleTrash.id,
            OutboxOp.action == "delete",
            OutboxOp.state == "queued",
            OutboxOp.attempts == 0,
        )
        .exists()
    )
    back = select(Article.id).where(Article.id == ArticleTrash.id, Article.deleted.is_(False))
    stmt = (
        select(
            ArticleTrash.id,
            ArticleTrash.title,
            ArticleTrash.deleted_at,
            ArticleTrash.deleted_by,
            waiting,
        )
        .where(~back.exists())  # the Hub refused the deletion: the article is back in the list
        .order_by(ArticleTrash.deleted_at.desc(), ArticleTrash.id.desc())
        .limit(limit)
    )
    if after is not None:
        stmt = stmt.where(
            tuple_(ArticleTrash.deleted_at, ArticleTrash.id)
            < tuple_(literal(after.deleted_at, Instant), after.id)
        )
    with workspace.reading() as s:
        return [
            TrashRow(r[0], r[1], r[2], r[3], "waiting" if r[4] else "gone") for r in s.execute(stmt)
        ]


def moderation_queue_page(
    workspace: Workspace, after: QueueRow | None, limit: int
) -> list[QueueRow]:
    """Posts awaiting a decision: pending or reported and still visible, most reported first."""
    stmt = (
        select(
            Post.id,
            Post.report_count,
            Post.created_at,
            Post.state,
            Member.display_name,
            Thread.title,
            Post.body,
        )
        .join(Thread, Thread.id == Post.thread_id)
        .outerjoin(Member, Member.id == Post.author_id)
        .where(
            Post.deleted.is_(False),
            or_(
                Post.state == "pending",
                # Reported and still up, unless a moderator has decided on it since.
                and_(
                    Post.state == "visible",
                    Post.report_count > 0,
                    func.json_extract(Post.decision, "$.action").is_(None),
                ),
            ),
        )
        .order_by(Post.report_count.desc(), Post.created_at, Post.id)
        .limit(limit)
    )
    if after is not None:
        stmt = stmt.where(
            or_(
                Post.report_count < after.report_count,
                and_(
                    Post.report_count == after.report_count,
                    tuple_(Post.created_at, Post.id)
                    > tuple_(literal(after.created_at, Instant), after.id),
                ),
            )
        )
    with workspace.reading() as s:
        return [
            QueueRow(r[0], r[1], r[2], r[3], r[4], r[5], _excerpt(r[6])) for r in s.execute(stmt)
        ]


def _excerpt(body: str, limit: int = 160) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
