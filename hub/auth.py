"""Accounts: argon2 password hashes, bearer tokens with expiry, and slowing down guessers."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import case, delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hub.models import LoginFailure, Token, User
from studio.domain.roles import ROLE_NAMES

TOKEN_LIFETIME = timedelta(hours=12)
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=5)

_hasher = PasswordHasher()
# Verifying against this when the name is unknown takes as long as a real check, so response
# times don't tell which names exist.
_DUMMY_HASH = _hasher.hash("not a password")


class TooManyFailures(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"retry after {retry_after} s")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    member_id: str | None = None,
) -> User:
    """Create or replace an account. Raises ValueError for an unknown role or empty password."""
    if role not in ROLE_NAMES:
        raise ValueError(f"Unknown role {role!r}; roles are {', '.join(sorted(ROLE_NAMES))}.")
    if not password:
        raise ValueError("The password cannot be empty.")
    user = session.get(User, username) or User(username=username, created_at=datetime.now(UTC))
    user.display_name = display_name or username
    user.role = role
    user.password_hash = hash_password(password)
    user.member_id = member_id
    session.add(user)
    return user


def sign_in(session: Session, username: str, password: str) -> tuple[User, str, datetime] | None:
    """Check a password; returns (user, token, expiry) or None. Raises TooManyFailures.

    Every attempt is counted first, in one atomic statement shared by every Hub process on the
    database, and only then checked: parallel guesses cannot all slip under the limit. A success
    clears the count.
    """
    now = datetime.now(UTC)
    failures, first = _count_attempt(session, username, now)
    if failures > MAX_FAILURES:
        session.commit()
        raise TooManyFailures(int((first + FAILURE_WINDOW - now).total_seconds()) + 1)
    user = session.get(User, username)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        ok = user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        return None
    assert user is not None
    session.execute(delete(LoginFailure).where(LoginFailure.username == username))
    token = secrets.token_urlsafe(32)
    expires = now + TOKEN_LIFETIME
    session.add(Token(token_hash=token_digest(token), username=user.username, expires_at=expires))
    return user, token, expires


def _count_attempt(session: Session, username: str, now: datetime) -> tuple[int, datetime]:
    """Add one attempt for ``username`` (a fresh window if the last one is over)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    stale = LoginFailure.first_at < now - FAILURE_WINDOW
    upsert = (
        insert(LoginFailure)
        .values(username=username, failures=1, first_at=now)
        .on_conflict_do_update(
            index_elements=[LoginFailure.username],
            set_={
                "failures": case((stale, 1), else_=LoginFailure.failures + 1),
                "first_at": case((stale, now), else_=LoginFailure.first_at),
            },
        )
    )
    failures, first = session.execute(
        upsert.returning(LoginFailure.failures, LoginFailure.first_at)
    ).one()
    return int(failures), _aware(first)


def user_for_token(session: Session, token: str) -> User | None:
    """The account a live token belongs to, or None (unknown, expired or revoked)."""
    row = session.get(Token, token_digest(token))
    if row is None or row.revoked or _aware(row.expires_at) <= datetime.now(UTC):
        return None
    return session.get(User, row.username)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone=True columns; they were written in UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)
