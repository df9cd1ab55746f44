"""References between synced records become plain columns

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 10:30:00

The change feed delivers records in the order they last changed: a post can come before its
thread, an article before its author, and a deleted member never comes. Foreign keys between
synced records would refuse such a page, so they go; those between records written together here
(article revisions, poll options, decisions) stay.

SQLite drops a table's triggers with it and may renumber rowids when batch mode copies a table,
so the full-text triggers of articles and posts are made again and both indexes rebuilt.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: table -> the foreign keys it loses, by their names under the naming convention.
DROPPED = {
    "articles": ["fk_articles_author_id_members", "fk_articles_featured_attachment_attachments"],
    "speakers": ["fk_speakers_photo_attachments"],
    "webinar_speakers": ["fk_webinar_speakers_speaker_id_speakers"],
    "webinar_registrations": ["fk_webinar_registrations_member_id_members"],
    "threads": ["fk_threads_author_id_members"],
    "posts": ["fk_posts_thread_id_threads", "fk_posts_author_id_members"],
    "reports": ["fk_reports_post_id_posts", "fk_reports_reporter_id_members"],
    "poll_responses": ["fk_poll_responses_member_id_members"],
}

FTS = {
    "articles_fts": ("articles", ["title", "summary", "body"]),
    "posts_fts": ("posts", ["body"]),
}


def _triggers() -> None:
    for fts, (table, columns) in FTS.items():
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.rowid, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); "
            f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.rowid, {new}); END"
        )
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def upgrade() -> None:
    for table, names in DROPPED.items():
        with op.batch_alter_table(table) as batch:
            for name in names:
                batch.drop_constraint(name, type_="foreignkey")
    _triggers()


def downgrade() -> None:
    raise NotImplementedError("0003 is not reversible: restore the backup made before it.")
