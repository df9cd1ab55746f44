"""Webinar details: a join link and a waiting list per webinar, speakers' availability windows,
and the workspace's conflict-rule settings

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("webinars") as batch:
        batch.add_column(
            sa.Column("join_link", sa.String(length=2000), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("waiting_list", sa.Boolean(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("speakers") as batch:
        batch.add_column(sa.Column("availability", sa.JSON(), server_default="[]", nullable=False))
    op.create_table(
        "webinar_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("severities", sa.JSON(), nullable=False),
        sa.Column("min_gap_minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webinar_rules")),
    )


def downgrade() -> None:
    op.drop_table("webinar_rules")
    with op.batch_alter_table("speakers") as batch:
        batch.drop_column("availability")
    with op.batch_alter_table("webinars") as batch:
        batch.drop_column("waiting_list")
        batch.drop_column("join_link")
