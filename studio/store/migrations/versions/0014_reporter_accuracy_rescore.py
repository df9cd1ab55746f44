"""Moderation queue: a reporter's changed accuracy re-scores their other queued reports

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-23 16:35:00

When a decision changes a reporter's record (``reporter_stats``), the queued posts they reported
are scored again at once, so a removal that proves a
reporter right lifts the rest of their reports in the queue, and an approval lowers them.
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The queue row's score from its own columns (as migration 0010's WEIGHT computes it from the
# post): the posts' trigger cannot run again from inside itself (SQLite's triggers do not recurse).
SCORE = """(
    CASE WHEN queue_items.kinds & 1 THEN 5 ELSE 0 END
    + 10 * queue_items.report_count
    + coalesce((
        SELECT sum(CASE WHEN s.decided > 0 THEN 10.0 * s.upheld / s.decided ELSE 5.0 END)
        FROM reports r LEFT JOIN reporter_stats s ON s.reporter_id = r.reporter_id
        WHERE r.post_id = queue_items.post_id), 0)
    + CASE queue_items.severity WHEN 3 THEN 50 WHEN 2 THEN 25 WHEN 1 THEN 10 ELSE 0 END
)"""
AGE = "(0.3 * (julianday('2030-01-01') - julianday(queue_items.created_at)))"
RESCORE = f"""
    UPDATE queue_items SET score = {SCORE}, priority = {SCORE} + {AGE}
    WHERE queue_items.post_id IN (
        SELECT r.post_id FROM reports r WHERE r.reporter_id = new.reporter_id);
"""


def upgrade() -> None:
    # Decided and upheld both move on a decision; one statement per reporter either way.
    op.execute(
        "CREATE TRIGGER queue_reporter_au AFTER UPDATE ON reporter_stats "
        f"WHEN new.decided != old.decided OR new.upheld != old.upheld BEGIN {RESCORE} END"
    )
    op.execute(
        f"CREATE TRIGGER queue_reporter_ai AFTER INSERT ON reporter_stats BEGIN {RESCORE} END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS queue_reporter_ai")
    op.execute("DROP TRIGGER IF EXISTS queue_reporter_au")
