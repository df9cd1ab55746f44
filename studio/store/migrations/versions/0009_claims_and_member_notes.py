"""Moderation: who has claimed a post and until when, and the notes and strikes kept on a member
(as the Hub records them; see hub/claims.py)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 15:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("posts") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("claimed_until", sa.String(length=40), nullable=True))
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("notes", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("notes")
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("claimed_until")
        batch.drop_column("claimed_by")
