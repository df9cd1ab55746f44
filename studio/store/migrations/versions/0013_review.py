"""An article's review: a live article's pending revision, and review comments on passages

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23 16:55:00

Edits to a published article wait as a pending revision (``articles.staged``) until approved;
reviewers comment on a passage of an article (``review_comments``), synced with the Hub.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("staged", sa.JSON(), nullable=True))
    op.create_table(
        "review_comments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("local", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("conflict", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("anchor", sa.JSON(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.String(length=64), nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_comments")),
    )
    op.create_index(
        op.f("ix_review_comments_article_id"), "review_comments", ["article_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_review_comments_article_id"), table_name="review_comments")
    op.drop_table("review_comments")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("staged")
