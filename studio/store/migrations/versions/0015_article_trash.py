"""The articles' trash: a deleted article's last copy, restorable after the Hub deleted it

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-23 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_trash",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_by", sa.String(length=200), nullable=False),
        sa.Column("copy", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_trash")),
    )
    op.create_index(op.f("ix_article_trash_deleted_at"), "article_trash", ["deleted_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_article_trash_deleted_at"), table_name="article_trash")
    op.drop_table("article_trash")
