"""The kit: reusable snippets and article templates with {variables}, synced from the Hub

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 16:45:00

Editors propose items, admins approve them; only approved items (and one's own proposals) are
offered for insertion.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kit_items",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("local", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("conflict", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("proposed_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kit_items")),
    )
    op.create_index(op.f("ix_kit_items_title"), "kit_items", ["title"])


def downgrade() -> None:
    op.drop_index(op.f("ix_kit_items_title"), table_name="kit_items")
    op.drop_table("kit_items")
