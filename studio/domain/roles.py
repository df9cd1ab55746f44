"""Who may do what: the role matrix the Hub enforces and Studio uses to hide what a role can't do.

Roles: admin, editor, moderator, coordinator, compliance, member. ``admin`` may do everything.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    MODERATOR = "moderator"
    COORDINATOR = "coordinator"
    COMPLIANCE = "compliance"
    MEMBER = "member"


STAFF = frozenset(Role) - {Role.MEMBER}

#: (record type, action) -> roles allowed besides admin. Article status moves are finer: see
#: ARTICLE_STATUS_ROLES.
OPS: dict[tuple[str, str], frozenset[Role]] = {
    ("article", "create"): frozenset({Role.EDITOR}),
    ("article", "update"): frozenset({Role.EDITOR}),
    ("article", "delete"): frozenset({Role.EDITOR}),
    ("webinar", "create"): frozenset({Role.COORDINATOR}),
    ("webinar", "update"): frozenset({Role.COORDINATOR}),
    ("webinar", "delete"): frozenset({Role.COORDINATOR}),
    ("speaker", "create"): frozenset({Role.COORDINATOR}),
    ("speaker", "update"): frozenset({Role.COORDINATOR}),
    ("poll", "create"): frozenset({Role.EDITOR, Role.COORDINATOR}),
    ("poll", "update"): frozenset({Role.EDITOR, Role.COORDINATOR}),
    ("poll", "delete"): frozenset({Role.EDITOR, Role.COORDINATOR}),
    ("poll", "respond"): frozenset({Role.MEMBER}),
    ("thread", "create"): frozenset({Role.MEMBER, Role.MODERATOR}),
    ("post", "create"): frozenset({Role.MEMBER, Role.MODERATOR}),
    ("post", "decide"): frozenset({Role.MODERATOR}),
    ("post", "claim"): frozenset({Role.MODERATOR}),
    ("member", "note"): frozenset({Role.MODERATOR}),
    ("member", "strike"): frozenset({Role.MODERATOR}),
    ("post", "report"): frozenset({Role.MEMBER}),
    ("member", "update"): frozenset({Role.MODERATOR}),
    ("lexicon_term", "create"): frozenset({Role.COMPLIANCE}),
    ("lexicon_term", "update"): frozenset({Role.COMPLIANCE}),
    ("lexicon_term", "delete"): frozenset({Role.COMPLIANCE}),
    ("review_comment", "create"): frozenset({Role.EDITOR}),
    ("review_comment", "update"): frozenset({Role.EDITOR}),
    # the kit: editors propose (and change or withdraw their own proposals); admins approve
    ("kit_item", "create"): frozenset({Role.EDITOR}),
    ("kit_item", "update"): frozenset({Role.EDITOR}),
    ("kit_item", "delete"): frozenset({Role.EDITOR}),
    ("kit_item", "approve"): frozenset(),
    # a pending revision of a published article: editors drop one; approving is publishing
    # (may_set_status(role, "published"))
    ("article", "discard_staged"): frozenset({Role.EDITOR}),
}

#: Which roles may move an article into each status (besides admin): editors write and submit,
#: only admins approve, schedule, publish and archive.
ARTICLE_STATUS_ROLES: dict[str, frozenset[Role]] = {
    "draft": frozenset({Role.EDITOR}),
    "in_review": frozenset({Role.EDITOR}),
    "approved": frozenset(),
    "scheduled": frozenset(),
    "published": frozenset(),
    "archived": frozenset(),
}

#: Read access: what each endpoint family needs.
READ: dict[str, frozenset[Role]] = {
    "changes": STAFF,
    "records": STAFF,
    "stats": STAFF,
    "archive": frozenset({Role.COMPLIANCE}),
    "attachments": frozenset(Role),
}


ROLE_NAMES = frozenset(r.value for r in Role)


def may(role: str, record_type: str, action: str) -> bool:
    """True when ``role`` may apply ``action`` to a ``record_type``."""
    if role == Role.ADMIN:
        return True
    return role in ROLE_NAMES and Role(role) in OPS.get((record_type, action), frozenset())


def may_set_status(role: str, status: str) -> bool:
    """True when ``role`` may move an article into ``status``."""
    if role == Role.ADMIN:
        return True
    return role in ROLE_NAMES and Role(role) in ARTICLE_STATUS_ROLES.get(status, frozenset())


def may_read(role: str, what: str) -> bool:
    if role == Role.ADMIN:
        return True
    return role in ROLE_NAMES and Role(role) in READ.get(what, frozenset())


def a_or_an(role: str) -> str:
    """ "An editor", "A moderator": the role with its article, capitalised, for messages."""
    return f"{'An' if role[:1] in 'aeiou' else 'A'} {role}"
