"""Speakers become synced records: a version, the last synced copy, local changes, tombstones

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 16:00:00

A speaker edited here (name, bio, photo, zone, availability windows) is queued for the Hub like a
webinar; rows held before keep version 0 until the feed brings the Hub's.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("speakers") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("base", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("local", sa.Boolean(), server_default="0", nullable=False))
        batch.add_column(sa.Column("conflict", sa.Boolean(), server_default="0", nullable=False))
        batch.add_column(sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False))
        batch.add_column(
            sa.Column(
                "updated_at",
                sa.String(length=32),
                server_default="1970-01-01T00:00:00.000000Z",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("speakers") as batch:
        for name in ("updated_at", "deleted", "conflict", "local", "base", "version"):
            batch.drop_column(name)
