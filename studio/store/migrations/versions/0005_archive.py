"""The local copy of the compliance archive, legal holds and retention

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 11:00:00

``archive_entries`` holds the Hub's hash-chained entries as given (``at`` as text, ``payload``
as canonical JSON), keyed by their seq, so the rowid is the seq and survives VACUUM; its
full-text index ``archive_fts`` reads the derived ``text`` column. ``archive_holds`` keeps legal
holds (lifting one keeps the row); ``archive_state`` is one row: the last entry applied, the
Hub's head as last seen, the retention period.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_entries",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("thread_id", sa.String(length=64), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_archive_entries")),
    )
    with op.batch_alter_table("archive_entries") as batch:
        batch.create_index(batch.f("ix_archive_entries_subject_id"), ["subject_id"])
        batch.create_index(batch.f("ix_archive_entries_thread_id_seq"), ["thread_id", "seq"])
        batch.create_index(batch.f("ix_archive_entries_kind_seq"), ["kind", "seq"])
        batch.create_index(batch.f("ix_archive_entries_actor_seq"), ["actor", "seq"])
        batch.create_index(batch.f("ix_archive_entries_at"), ["at"])
    op.execute(
        "CREATE VIRTUAL TABLE archive_fts USING fts5(text, content='archive_entries', "
        "content_rowid='seq', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER archive_fts_ai AFTER INSERT ON archive_entries BEGIN "
        "INSERT INTO archive_fts(rowid, text) VALUES (new.seq, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER archive_fts_ad AFTER DELETE ON archive_entries BEGIN "
        "INSERT INTO archive_fts(archive_fts, rowid, text) VALUES ('delete', old.seq, old.text); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER archive_fts_au AFTER UPDATE ON archive_entries BEGIN "
        "INSERT INTO archive_fts(archive_fts, rowid, text) VALUES ('delete', old.seq, old.text); "
        "INSERT INTO archive_fts(rowid, text) VALUES (new.seq, new.text); END"
    )
    op.create_table(
        "archive_holds",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_by", sa.String(length=200), nullable=False),
        sa.Column("placed_at", sa.String(length=32), nullable=False),
        sa.Column("lifted_at", sa.String(length=32), nullable=True),
        sa.Column("lifted_by", sa.String(length=200), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_holds")),
    )
    with op.batch_alter_table("archive_holds") as batch:
        batch.create_index(
            batch.f("ix_archive_holds_subject_id_lifted_at"), ["subject_id", "lifted_at"]
        )
    op.create_table(
        "archive_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("hub_seq", sa.Integer(), nullable=True),
        sa.Column("hub_hash", sa.String(length=64), nullable=True),
        sa.Column("hub_seen_at", sa.String(length=32), nullable=True),
        sa.Column("retention_years", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_state")),
    )


def downgrade() -> None:
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS archive_fts_{suffix}")
    op.execute("DROP TABLE IF EXISTS archive_fts")
    op.drop_table("archive_state")
    op.drop_table("archive_holds")
    op.drop_table("archive_entries")
