"""The Hub's schema: accounts, records, the change feed, applied ops, the archive, attachments.

Records of every type share one table (type, id) with their fields as JSON: the Hub is the
contract's reference, so the wire form is what it stores. Schema changes go through Alembic
(hub/migrations).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from studio.domain.archive import ENTRY_FIELDS

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Json = JSON().with_variant(JSONB(), "postgresql")
Seq = BigInteger().with_variant(Integer(), "sqlite")  # SQLite's rowid alias must be INTEGER
Instant = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(200), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    member_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(Instant)


class Token(Base):
    """A bearer token, stored as its SHA-256 only: a copy of this table signs nobody in."""

    __tablename__ = "tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(200), index=True)
    expires_at: Mapped[datetime] = mapped_column(Instant)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class LoginFailure(Base):
    """Recent failed sign-ins per name, shared by every Hub process on the database."""

    __tablename__ = "login_failures"

    username: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_at: Mapped[datetime] = mapped_column(Instant)


class RecordRow(Base):
    __tablename__ = "records"

    type: Mapped[str] = mapped_column(String(24), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(Json)
    updated_at: Mapped[datetime] = mapped_column(Instant)

    __table_args__ = (Index(None, "type", "deleted"),)


class ChangeRow(Base):
    """The feed: one row per record, moved to a new, higher ``seq`` on each change.

    ``seq`` is given out under the feed lock (hub/store.py), which is held until commit, so a
    reader never sees a higher seq committed before a lower one: the feed cannot skip.
    """

    __tablename__ = "changes"

    seq: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(24))
    id: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index(None, "type", "id", unique=True),)


class AppliedOp(Base):
    """Every applied op by ``op_id``: a replay gets this result back and changes nothing."""

    __tablename__ = "ops"

    op_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    username: Mapped[str] = mapped_column(String(200))
    result: Mapped[dict[str, Any]] = mapped_column(Json)
    applied_at: Mapped[datetime] = mapped_column(Instant)


class ArchiveRow(Base):
    """The compliance archive: append-only, hash-chained (studio/domain/archive.py)."""

    __tablename__ = "archive"

    seq: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(200))
    subject_id: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    def entry(self) -> dict[str, Any]:
        """The entry as the API gives it and studio.domain.archive checks it."""
        return {name: getattr(self, name) for name in (*ENTRY_FIELDS, "hash")}


class ArchiveHead(Base):
    """The newest archive entry's seq and hash, written with every append: the chain alone cannot
    show entries cut off its end, this record of where it ended can."""

    __tablename__ = "archive_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    seq: Mapped[int] = mapped_column(Seq)
    hash: Mapped[str] = mapped_column(String(64))


class Attachment(Base):
    __tablename__ = "attachments"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(Instant)
