"""The firm's lexicon in the workspace: terms and patterns with a severity, synced from the Hub

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 13:20:00

Articles are checked against it before they go to review, offline too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lexicon_terms",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("local", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("conflict", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("pattern", sa.String(length=500), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("is_regex", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lexicon_terms")),
    )


def downgrade() -> None:
    op.drop_table("lexicon_terms")
