"""Accounts: argon2 password hashes, bearer tokens with expiry, and slowing down guessers."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
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

    Failures are counted per name across every Hub process sharing the database.
    """
    now = datetime.now(UTC)
    failure = session.get(LoginFailure, username)
    if failure is not None:
        first = _aware(failure.first_at)
        if now - first > FAILURE_WINDOW:
            session.delete(failure)
            session.flush()
            failure = None
        elif failure.failures >= MAX_FAILURES:
            raise TooManyFailures(int((first + FAILURE_WINDOW - now).total_seconds()) + 1)
    user = session.get(User, username)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        ok = user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        if failure is None:
            session.add(LoginFailure(username=username, failures=1, first_at=now))
        else:
            failure.failures += 1
        return None
    assert user is not None
    if failure is not None:
        session.delete(failure)
    token = secrets.token_urlsafe(32)
    expires = now + TOKEN_LIFETIME
    session.add(Token(token_hash=token_digest(token), username=user.username, expires_at=expires))
    return user, token, expires


def user_for_token(session: Session, token: str) -> User | None:
    """The account a live token belongs to, or None (unknown, expired or revoked)."""
    row = session.get(Token, token_digest(token))
    if row is None or row.revoked or _aware(row.expires_at) <= datetime.now(UTC):
        return None
    return session.get(User, row.username)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone=True columns; they were written in UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)
