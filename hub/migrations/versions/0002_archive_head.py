"""The archive's recorded head, so entries cut off the end of the chain are seen

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_head")),
    )
    op.execute(
        "INSERT INTO archive_head (id, seq, hash) SELECT 1, seq, hash FROM archive "
        "WHERE seq = (SELECT max(seq) FROM archive)"
    )


def downgrade() -> None:
    op.drop_table("archive_head")
