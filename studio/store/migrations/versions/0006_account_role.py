"""The account's role on its Hub, so Studio offers only the moves the Hub will take

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 13:10:00

Empty for a local workspace and for one linked before this revision (the next sync fills it in
from /v1/me).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("role", sa.String(length=32), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("role")
