"""An article's review on the Hub: pending revisions of a live article, and review comments.

Pending revision: an update of a published or scheduled article's title, summary, body or tags
does not change what readers see. Those fields are kept under the record's ``staged`` field
(``{"fields": {...}, "by": USERNAME, "at": INSTANT}``) and the live ones stay; later edits join
the same pending revision, and an edit back to the live text drops that field from it. The op
``approve_staged`` (whoever may publish: admins) moves it live, with an ``edit`` entry in the
archive; ``discard_staged`` (editors, admins) drops it. Both name the version they saw
(``base_version``): a revision changed since is a conflict, not approved unseen.

Review comments (``review_comment``): an editor or admin comments on a passage of an article
(anchor: the quoted passage, its offset, a little text either side). The Hub sets ``author`` and
``created_at``; a comment stays on its article and passage, only its author (or an admin)
rewrites it, and any editor resolves or reopens it.

Pure rules over records' data: hub/store.py loads, saves and archives (no import of it here).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from studio.domain.instants import to_wire
from studio.domain.staging import STAGED_FIELDS, is_live, restage

STAGED_ACTIONS = frozenset({"approve_staged", "discard_staged"})


class Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


class Unchanged:
    """The pending revision stays as it was (the op touched none of its fields)."""


UNCHANGED = Unchanged()


def split(
    before: dict[str, Any], changes: dict[str, Any], username: str, at: datetime
) -> tuple[dict[str, Any], dict[str, Any] | Unchanged | None]:
    """An update of an article: (the changes applied now, its pending revision after the op:
    a dict, None when there is none left, or UNCHANGED)."""
    if not is_live(before.get("status")) or not set(changes) & set(STAGED_FIELDS):
        return changes, UNCHANGED
    now = {k: v for k, v in changes.items() if k not in STAGED_FIELDS}
    fields = restage(before, (before.get("staged") or {}).get("fields"), changes)
    if not fields:
        return now, None
    return now, {"fields": fields, "by": username, "at": to_wire(at)}


def with_staged(data: dict[str, Any], staged: dict[str, Any] | Unchanged | None) -> dict[str, Any]:
    """The record's data with its pending revision as the op left it (None: there is none, said
    so a Studio that staged an edit the Hub applied directly hears it)."""
    if isinstance(staged, Unchanged):
        return {"staged": None, **data}
    return {**data, "staged": staged}


def settle(
    action: str, may_approve: bool, data: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """``approve_staged`` or ``discard_staged`` on an article's data: (its new data, the archive
    entry's payload for an approval that changed the live text, else None). Refused when there
    is no pending revision or the account may not approve."""
    staged = data.get("staged")
    if not staged or not staged.get("fields"):
        raise Refused("nothing_staged", "This article has no pending revision.")
    if action == "discard_staged":
        return {**data, "staged": None}, None
    if not may_approve:
        raise Refused("forbidden", "Only an account that may publish approves a pending revision.")
    fields = {k: v for k, v in staged["fields"].items() if k in STAGED_FIELDS}
    live = {**data, **fields, "staged": None}
    changed = sorted(k for k in fields if data.get(k) != fields[k])
    payload = {
        "type": "article",
        "fields": changed,
        "title": live["title"],
        "body": live["body"],
        "staged_by": staged.get("by"),
    }
    return live, payload if changed else None


def complete_comment(
    username: str,
    is_admin: bool,
    data: dict[str, Any],
    before: dict[str, Any] | None,
    kept: dict[str, Any],
    article_found: bool,
    at: datetime,
    parent_on: str | None = None,
) -> dict[str, Any]:
    """A review comment's data as kept: its author and time set here, its place fixed.
    ``parent_on``: the article of the comment it replies to (None: no such comment)."""
    if before is None:
        if not article_found:
            raise Refused("not_found", f"No article with id {data['article_id']}.")
        if data.get("parent_id") and parent_on != data["article_id"]:
            raise Refused("not_found", f"No comment {data['parent_id']} on this article.")
        return {**data, "author": username, "created_at": to_wire(at)}
    for name in ("article_id", "anchor", "parent_id"):
        if data.get(name) != before.get(name):
            raise Refused("comment_moved", "A comment stays on the passage it was made on.")
    author = kept.get("author")
    if data.get("body") != before.get("body") and author != username and not is_admin:
        raise Refused("forbidden", f"Only {author} rewrites this comment; reply instead.")
    return {**kept, **data}
