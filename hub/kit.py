"""The Hub's rules for the kit (reusable snippets and article templates).

Editors propose items: they are created unapproved, with ``proposed_by`` the editor, and an
editor may change or withdraw only their own proposals while they wait. Admins approve (the
``approved`` flag; the Hub writes ``approved_by``), and only an admin changes or deletes an
approved item. A body or title with a broken ``{variable}`` is refused with where it is.
"""

from __future__ import annotations

from typing import Any

from hub.models import User
from studio.domain.kit import TemplateError, check
from studio.domain.roles import a_or_an, may


class KitRefused(Exception):
    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        self.code = code
        self.message = message
        self.details = details or {}
        super().__init__(message)


def _admin(user: User) -> bool:
    return may(user.role, "kit_item", "approve")


def complete(
    user: User, data: dict[str, Any], before: dict[str, Any] | None, kept: dict[str, Any]
) -> dict[str, Any]:
    """The item as the Hub keeps it after a create (``before`` None) or an update."""
    for field in ("title", "body"):
        try:
            check(data.get(field) or "")
        except TemplateError as exc:
            raise KitRefused("invalid_template", f"The {field}: {exc}", {"field": field}) from None
    approving = bool(data.get("approved"))
    was_approved = bool(before and before.get("approved"))
    if before is not None and not _admin(user):
        owner = before.get("proposed_by")
        if was_approved:
            raise KitRefused(
                "forbidden",
                "An approved kit item is changed by an admin; propose a new one instead.",
            )
        if owner != user.username:
            raise KitRefused("forbidden", f"This kit item is {owner or 'someone else'}'s proposal.")
    if approving != was_approved and not _admin(user):
        raise KitRefused(
            "forbidden",
            f"{a_or_an(user.role)} may not approve a kit item; an admin approves proposals.",
            {"role": user.role},
        )
    proposed_by = kept.get("proposed_by") or user.username
    if approving and not was_approved:
        approved_by: str | None = user.username
    elif approving:
        approved_by = kept.get("approved_by") or user.username
    else:
        approved_by = None
    return {**kept, **data, "proposed_by": proposed_by, "approved_by": approved_by}


def check_delete(user: User, data: dict[str, Any]) -> None:
    """An editor withdraws only their own proposal; an approved item goes only by an admin."""
    if _admin(user):
        return
    if data.get("approved"):
        raise KitRefused("forbidden", "An approved kit item is deleted by an admin.")
    if data.get("proposed_by") != user.username:
        raise KitRefused(
            "forbidden", f"This kit item is {data.get('proposed_by') or 'someone else'}'s proposal."
        )
