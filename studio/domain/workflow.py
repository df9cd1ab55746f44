"""The article workflow: draft → in review → approved → scheduled → published (→ archived), the
moves back, and who may make each move (the Hub's rule: studio/domain/roles.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studio.domain.records import ArticleStatus as S
from studio.domain.roles import may_set_status

#: From each status, the moves an article can make, in the order a menu shows them.
MOVES: dict[str, tuple[S, ...]] = {
    S.DRAFT: (S.IN_REVIEW,),
    S.IN_REVIEW: (S.APPROVED, S.DRAFT),
    S.APPROVED: (S.SCHEDULED, S.PUBLISHED, S.DRAFT),
    S.SCHEDULED: (S.PUBLISHED, S.APPROVED),
    S.PUBLISHED: (S.ARCHIVED,),
    S.ARCHIVED: (S.DRAFT,),
}


@dataclass(frozen=True)
class Move:
    target: S
    allowed: bool
    #: Why not, when not allowed: "role" (the account's role may not) or "no_date".
    reason: str = ""


def moves(
    status: str, role: str, publish_at: datetime | None = None, now: datetime | None = None
) -> list[Move]:
    """The moves from ``status`` for an account with ``role`` ("" for a local workspace, where
    nothing is refused). Scheduling needs a publish time in the future."""
    found = []
    for target in MOVES.get(status, ()):
        if role and not may_set_status(role, target):
            found.append(Move(target, False, "role"))
        elif target is S.SCHEDULED and (
            publish_at is None or (now is not None and publish_at <= now)
        ):
            found.append(Move(target, False, "no_date"))
        else:
            found.append(Move(target, True))
    return found
