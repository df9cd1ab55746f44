"""the first workspace tables

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 09:20:09.573536
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_attachments")),
    )
    op.create_table(
        "journal",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("record_type", sa.String(length=24), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_journal")),
    )
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_journal_record_type_record_id"),
            ["record_type", "record_id"],
            unique=False,
        )

    op.create_table(
        "members",
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=False),
        sa.Column("joined_at", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("strikes", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("local", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("conflict", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_members_display_name"), ["display_name"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("record_type", sa.String(length=24), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("op_id", name=op.f("uq_outbox_op_id")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_record_type_record_id"),
            ["record_type", "record_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_outbox_state_seq"), ["state", "seq"], unique=False)

    op.create_table(
        "polls",
        sa.Column("question", sa.String(length=500), nullable=False),
        sa.Column("opens_at", sa.String(length=32), nullable=True),
        sa.Column("closes_at", sa.String(length=32), nullable=True),
        sa.Column("results_visibility", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("local", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("conflict", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_polls")),
    )
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_polls_opens_at"), ["opens_at"], unique=False)

    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hub_url", sa.String(length=500), nullable=False),
        sa.Column("account", sa.String(length=200), nullable=False),
        sa.Column("cursor", sa.String(length=100), nullable=False),
        sa.Column("last_sync_at", sa.String(length=32), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "webinars",
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.String(length=19), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("fold", sa.Integer(), nullable=False),
        sa.Column("starts_at_utc", sa.String(length=32), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("registration", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("series_id", sa.String(length=36), nullable=True),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("attended", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("local", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("conflict", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webinars")),
    )
    with op.batch_alter_table("webinars", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_webinars_series_id"), ["series_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_webinars_starts_at_utc"), ["starts_at_utc"], unique=False
        )

    op.create_table(
        "articles",
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("publish_at", sa.String(length=32), nullable=True),
        sa.Column("author_id", sa.String(length=36), nullable=True),
        sa.Column("featured_attachment", sa.String(length=64), nullable=True),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("local", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("conflict", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_articles_author_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["featured_attachment"],
            ["attachments.sha256"],
            name=op.f("fk_articles_featured_attachment_attachments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articles_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_slug"), ["slug"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_articles_status_updated_at"), ["status", "updated_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_articles_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "poll_options",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("poll_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_poll_options_poll_id_polls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_options")),
        sa.UniqueConstraint("poll_id", "position", name=op.f("uq_poll_options_poll_id_position")),
    )
    op.create_table(
        "speakers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("photo", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["photo"],
            ["attachments.sha256"],
            name=op.f("fk_speakers_photo_attachments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speakers")),
    )
    op.create_table(
        "threads",
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("local", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("conflict", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_threads_author_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threads")),
    )
    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_threads_created_at"), ["created_at"], unique=False)

    op.create_table(
        "webinar_registrations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("webinar_id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("registered_at", sa.String(length=32), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_webinar_registrations_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["webinar_id"],
            ["webinars.id"],
            name=op.f("fk_webinar_registrations_webinar_id_webinars"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webinar_registrations")),
        sa.UniqueConstraint(
            "webinar_id", "email", name=op.f("uq_webinar_registrations_webinar_id_email")
        ),
    )
    with op.batch_alter_table("webinar_registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webinar_registrations_webinar_id_status"),
            ["webinar_id", "status"],
            unique=False,
        )

    op.create_table(
        "article_revisions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("article_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_revisions_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_revisions")),
    )
    with op.batch_alter_table("article_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_revisions_article_id_created_at"),
            ["article_id", "created_at"],
            unique=False,
        )

    op.create_table(
        "poll_responses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("poll_id", sa.String(length=36), nullable=False),
        sa.Column("option_id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=True),
        sa.Column("responded_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_poll_responses_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["option_id"],
            ["poll_options.id"],
            name=op.f("fk_poll_responses_option_id_poll_options"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_poll_responses_poll_id_polls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_responses")),
    )
    with op.batch_alter_table("poll_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_poll_responses_poll_id_option_id"),
            ["poll_id", "option_id"],
            unique=False,
        )

    op.create_table(
        "posts",
        sa.Column("thread_id", sa.String(length=36), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("author_id", sa.String(length=36), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("report_count", sa.Integer(), nullable=False),
        sa.Column("decision", sa.JSON(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("local", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("conflict", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_posts_author_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_posts_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
    )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_posts_author_id_created_at"), ["author_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_posts_state_report_count_created_at"),
            ["state", "report_count", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_posts_thread_id_created_at"), ["thread_id", "created_at"], unique=False
        )

    op.create_table(
        "webinar_speakers",
        sa.Column("webinar_id", sa.String(length=36), nullable=False),
        sa.Column("speaker_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            name=op.f("fk_webinar_speakers_speaker_id_speakers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["webinar_id"],
            ["webinars.id"],
            name=op.f("fk_webinar_speakers_webinar_id_webinars"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "webinar_id", "speaker_id", "role", name=op.f("pk_webinar_speakers")
        ),
    )
    with op.batch_alter_table("webinar_speakers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webinar_speakers_speaker_id"), ["speaker_id"], unique=False
        )

    op.create_table(
        "decisions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("post_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("moderator", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_decisions_post_id_posts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decisions_post_id_decided_at"), ["post_id", "decided_at"], unique=False
        )

    op.create_table(
        "reports",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("post_id", sa.String(length=36), nullable=False),
        sa.Column("reporter_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_reports_post_id_posts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["members.id"],
            name=op.f("fk_reports_reporter_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_post_id"), ["post_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_reporter_id"), ["reporter_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_reporter_id"))
        batch_op.drop_index(batch_op.f("ix_reports_post_id"))

    op.drop_table("reports")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_post_id_decided_at"))

    op.drop_table("decisions")
    with op.batch_alter_table("webinar_speakers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webinar_speakers_speaker_id"))

    op.drop_table("webinar_speakers")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posts_thread_id_created_at"))
        batch_op.drop_index(batch_op.f("ix_posts_state_report_count_created_at"))
        batch_op.drop_index(batch_op.f("ix_posts_author_id_created_at"))

    op.drop_table("posts")
    with op.batch_alter_table("poll_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_responses_poll_id_option_id"))

    op.drop_table("poll_responses")
    with op.batch_alter_table("article_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_revisions_article_id_created_at"))

    op.drop_table("article_revisions")
    with op.batch_alter_table("webinar_registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webinar_registrations_webinar_id_status"))

    op.drop_table("webinar_registrations")
    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_threads_created_at"))

    op.drop_table("threads")
    op.drop_table("speakers")
    op.drop_table("poll_options")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_updated_at"))
        batch_op.drop_index(batch_op.f("ix_articles_status_updated_at"))
        batch_op.drop_index(batch_op.f("ix_articles_slug"))
        batch_op.drop_index(batch_op.f("ix_articles_author_id"))

    op.drop_table("articles")
    with op.batch_alter_table("webinars", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webinars_starts_at_utc"))
        batch_op.drop_index(batch_op.f("ix_webinars_series_id"))

    op.drop_table("webinars")
    op.drop_table("sync_state")
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_polls_opens_at"))

    op.drop_table("polls")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state_seq"))
        batch_op.drop_index(batch_op.f("ix_outbox_record_type_record_id"))

    op.drop_table("outbox")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_display_name"))

    op.drop_table("members")
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_record_type_record_id"))

    op.drop_table("journal")
    op.drop_table("attachments")
