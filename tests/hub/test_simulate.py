"""`studio-hub simulate`: member activity follows the op rules; the moderation queue grows."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from hub.db import make_engine, migrate, sessions
from hub.models import ArchiveRow, RecordRow
from hub.seed import load_demo
from hub.simulate import simulate
from studio.domain.archive import verify_chain


def test_simulated_members_post_reply_and_report_into_the_archive(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    migrate(engine)
    load_demo(engine, "small", 7)
    with sessions(engine)() as s:
        posts_before = s.scalar(select(func.count()).where(RecordRow.type == "post"))
        archive_before = s.scalar(select(func.count()).select_from(ArchiveRow))
    applied = simulate(engine, rate=50, duration=1.0, seed_value=3)
    assert applied >= 10
    with sessions(engine)() as s:
        posts = s.scalars(select(RecordRow).where(RecordRow.type == "post")).all()
        pending = [p for p in posts if p.data["state"] == "pending"]
        entries = s.scalars(select(ArchiveRow).order_by(ArchiveRow.seq)).all()
    assert len(posts) > posts_before
    assert len(pending) >= len(posts) - posts_before  # new posts wait for a moderator
    assert len(entries) > archive_before
    rows = (e.entry() for e in entries)
    assert verify_chain(rows) == []
