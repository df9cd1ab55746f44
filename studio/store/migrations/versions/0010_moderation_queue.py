"""The moderation queue: one row per post waiting for a moderator, with its stored priority

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 15:50:00

``queue_items`` holds a row for each post awaiting approval, reported, or hit by the lexicon and
not yet decided, with why it is there and a priority kept up to date by triggers (report count,
the reporters' past accuracy, lexicon severity; age through a fixed epoch), so the queue pages by
an index on (priority DESC, post_id) at a million items. The triggers run on every path that
writes posts, reports or lexicon hits: the sync's bulk apply, a local decision, its undo.
``reporter_stats`` counts each reporter's decided reports and those that ended in removal;
``post_lexicon_hits`` is written by the lexicon scan (studio/store/moderation_queue.py);
``moderation_notes`` and ``moderation_views`` are kept in the workspace only (the Hub has no notes).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# A report counts 10, plus up to 10 more by its reporter's accuracy (0.5 for a reporter with no
# decided report yet); a lexicon hit 10 / 25 / 50 by severity; awaiting approval 5; and 0.3 of a
# point for each day waited (about a report's worth a month; counted from a fixed epoch, so the
# stored value never goes stale).
WEIGHT = """(
    CASE WHEN p.state = 'pending' THEN 5 ELSE 0 END
    + 10 * p.report_count
    + coalesce((
        SELECT sum(CASE WHEN s.decided > 0 THEN 10.0 * s.upheld / s.decided ELSE 5.0 END)
        FROM reports r LEFT JOIN reporter_stats s ON s.reporter_id = r.reporter_id
        WHERE r.post_id = p.id), 0)
    + CASE coalesce(h.severity, 0) WHEN 3 THEN 50 WHEN 2 THEN 25 WHEN 1 THEN 10 ELSE 0 END
)"""
AGE = "(0.3 * (julianday('2030-01-01') - julianday(p.created_at)))"
QUEUED = """p.deleted = 0 AND (
    p.state = 'pending'
    OR (p.state = 'visible' AND json_extract(p.decision, '$.action') IS NULL
        AND (p.report_count > 0 OR h.post_id IS NOT NULL)))"""


def refresh(post_id: str) -> str:
    """SQL (for a trigger body) that brings the queue row of post ``post_id`` up to date."""
    return f"""
    DELETE FROM queue_items WHERE post_id = {post_id} AND NOT EXISTS (
        SELECT 1 FROM posts p LEFT JOIN post_lexicon_hits h ON h.post_id = p.id
        WHERE p.id = {post_id} AND {QUEUED});
    INSERT INTO queue_items (post_id, kinds, author_id, thread_id, created_at, report_count,
                             severity, terms, score, priority)
    SELECT p.id,
           (CASE WHEN p.state = 'pending' THEN 1 ELSE 0 END)
           | (CASE WHEN p.report_count > 0 THEN 2 ELSE 0 END)
           | (CASE WHEN h.post_id IS NOT NULL THEN 4 ELSE 0 END),
           p.author_id, p.thread_id, p.created_at, p.report_count,
           coalesce(h.severity, 0), coalesce(h.terms, ''),
           {WEIGHT}, {WEIGHT} + {AGE}
    FROM posts p LEFT JOIN post_lexicon_hits h ON h.post_id = p.id
    WHERE p.id = {post_id} AND {QUEUED}
    ON CONFLICT (post_id) DO UPDATE SET
        kinds = excluded.kinds, author_id = excluded.author_id, thread_id = excluded.thread_id,
        created_at = excluded.created_at, report_count = excluded.report_count,
        severity = excluded.severity, terms = excluded.terms, score = excluded.score,
        priority = excluded.priority;
    """


# A post's decision counts towards its reporters' accuracy while it stands: decided (approve or
# remove) and the post visible or removed; "upheld" when removed.
COUNTED = (
    "json_extract({p}.decision, '$.action') IN ('approve', 'remove') "
    "AND {p}.state IN ('visible', 'removed')"
)


def _stats(sign: str, p: str, reporters: str) -> str:
    return f"""
    INSERT INTO reporter_stats (reporter_id, decided, upheld)
    SELECT r.reporter_id, {sign}1, {sign}(CASE WHEN {p}.state = 'removed' THEN 1 ELSE 0 END)
    FROM reports r WHERE {reporters} AND r.reporter_id IS NOT NULL AND true
    ON CONFLICT (reporter_id) DO UPDATE SET
        decided = decided + excluded.decided, upheld = upheld + excluded.upheld;
    """


TRIGGERS = {
    "queue_post_ai": f"""AFTER INSERT ON posts
        WHEN new.state = 'pending' OR new.report_count > 0
            OR json_extract(new.decision, '$.action') IS NOT NULL
        BEGIN
        {_stats("+", "new", "r.post_id = new.id AND " + COUNTED.format(p="new"))}
        {refresh("new.id")}
        END""",
    "queue_post_au": f"""AFTER UPDATE OF state, decision, report_count, deleted, author_id,
        thread_id, created_at ON posts
        BEGIN
        {_stats("-", "old", "r.post_id = old.id AND " + COUNTED.format(p="old"))}
        {_stats("+", "new", "r.post_id = new.id AND " + COUNTED.format(p="new"))}
        {refresh("new.id")}
        END""",
    "queue_post_ad": """AFTER DELETE ON posts BEGIN
        DELETE FROM queue_items WHERE post_id = old.id;
        DELETE FROM post_lexicon_hits WHERE post_id = old.id;
        END""",
    "queue_report_ai": f"""AFTER INSERT ON reports BEGIN
        INSERT INTO reporter_stats (reporter_id, decided, upheld)
        SELECT new.reporter_id, 1, CASE WHEN p.state = 'removed' THEN 1 ELSE 0 END
        FROM posts p WHERE p.id = new.post_id AND new.reporter_id IS NOT NULL
            AND {COUNTED.format(p="p")}
        ON CONFLICT (reporter_id) DO UPDATE SET
            decided = decided + excluded.decided, upheld = upheld + excluded.upheld;
        {refresh("new.post_id")}
        END""",
    "queue_hits_ai": f"AFTER INSERT ON post_lexicon_hits BEGIN {refresh('new.post_id')} END",
    "queue_hits_au": f"AFTER UPDATE ON post_lexicon_hits BEGIN {refresh('new.post_id')} END",
    "queue_hits_ad": f"AFTER DELETE ON post_lexicon_hits BEGIN {refresh('old.post_id')} END",
    # An edited body is scanned again by the lexicon scan.
    "queue_post_body_au": """AFTER UPDATE OF body ON posts BEGIN
        INSERT OR IGNORE INTO lexicon_rescan (post_id) VALUES (new.id);
        END""",
}


def upgrade() -> None:
    op.create_table(
        "queue_items",
        sa.Column("post_id", sa.String(length=36), nullable=False),
        sa.Column("kinds", sa.Integer(), server_default="0", nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=True),
        sa.Column("thread_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("report_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("severity", sa.Integer(), server_default="0", nullable=False),
        sa.Column("terms", sa.Text(), server_default="", nullable=False),
        sa.Column("score", sa.Float(), server_default="0", nullable=False),
        sa.Column("priority", sa.Float(), server_default="0", nullable=False),
        sa.Column("snoozed_until", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_queue_items")),
    )
    op.execute("CREATE INDEX ix_queue_items_priority ON queue_items (priority DESC, post_id)")
    op.execute(
        "CREATE INDEX ix_queue_items_author ON queue_items (author_id, priority DESC, post_id)"
    )
    op.execute(
        "CREATE INDEX ix_queue_items_thread ON queue_items (thread_id, priority DESC, post_id)"
    )
    op.create_table(
        "reporter_stats",
        sa.Column("reporter_id", sa.String(length=36), nullable=False),
        sa.Column("decided", sa.Integer(), server_default="0", nullable=False),
        sa.Column("upheld", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("reporter_id", name=op.f("pk_reporter_stats")),
    )
    op.create_table(
        "post_lexicon_hits",
        sa.Column("post_id", sa.String(length=36), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_post_lexicon_hits")),
    )
    op.create_table(
        "lexicon_rescan",
        sa.Column("post_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_lexicon_rescan")),
    )
    op.create_table(
        "lexicon_scan_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scanned_rowid", sa.Integer(), server_default="0", nullable=False),
        sa.Column("terms_hash", sa.String(length=64), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lexicon_scan_state")),
    )
    op.create_table(
        "moderation_notes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("post_id", sa.String(length=36), nullable=True),
        sa.Column("member_id", sa.String(length=36), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_notes")),
    )
    op.create_index("ix_moderation_notes_post_id", "moderation_notes", ["post_id", "created_at"])
    op.create_index(
        "ix_moderation_notes_member_id", "moderation_notes", ["member_id", "created_at"]
    )
    op.create_table(
        "moderation_views",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("filter", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_moderation_views")),
    )
    # The few posts claimed now, for "claimed by me" (a walk of the queue would read it all).
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_posts_claimed_by ON posts (claimed_by) "
        "WHERE claimed_by IS NOT NULL"
    )
    op.create_index("ix_reports_reporter_post", "reports", ["reporter_id", "post_id"])
    op.create_index("ix_reports_post_reason", "reports", ["post_id", "reason"])
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    # Posts already in the workspace: their reporters' accuracy, then their queue rows.
    op.execute(
        f"""INSERT INTO reporter_stats (reporter_id, decided, upheld)
        SELECT r.reporter_id, count(*), sum(CASE WHEN p.state = 'removed' THEN 1 ELSE 0 END)
        FROM reports r JOIN posts p ON p.id = r.post_id
        WHERE r.reporter_id IS NOT NULL AND {COUNTED.format(p="p")}
        GROUP BY r.reporter_id"""
    )
    op.execute(
        "UPDATE posts SET report_count = report_count WHERE state = 'pending' "
        "OR (report_count > 0 AND json_extract(decision, '$.action') IS NULL)"
    )


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP INDEX IF EXISTS ix_posts_claimed_by")
    op.drop_index("ix_reports_post_reason", "reports")
    op.drop_index("ix_reports_reporter_post", "reports")
    for table in (
        "moderation_views",
        "moderation_notes",
        "lexicon_scan_state",
        "lexicon_rescan",
        "post_lexicon_hits",
        "reporter_stats",
        "queue_items",
    ):
        op.drop_table(table)
