"""Paged, indexed read queries for the screens (keyset paging: cost independent of depth).

Values compared inside ``tuple_`` are bound with their column type explicitly (``literal``):
SQLAlchemy does not carry it across a row-value comparison, and an instant bound as a plain
datetime would compare as different text.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import and_, column, func, literal, literal_column, or_, select, table, tuple_

from studio.store.models import Article, Instant, Member, Post, Thread
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


class QueueRow(NamedTuple):
    id: str
    report_count: int
    created_at: datetime
    state: str
    author: str | None
    thread: str
    excerpt: str


def articles_page(
    workspace: Workspace, after: ArticleRow | None, limit: int, text: str = ""
) -> list[ArticleRow]:
    """Articles, most recently changed first; ``text`` narrows them by full-text search."""
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
        )
        .outerjoin(Member, Member.id == Article.author_id)
        .where(Article.deleted.is_(False))
        .order_by(Article.updated_at.desc(), Article.id.desc())
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
    if after is not None:
        stmt = stmt.where(
            tuple_(Article.updated_at, Article.id)
            < tuple_(literal(after.updated_at, Instant), after.id)
        )
    with workspace.reading() as s:
        return [
            ArticleRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), bool(r[7]), bool(r[8]))
            for r in s.execute(stmt)
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
