"""A live article's pending revision: the rule the Hub enforces (hub/review.py) and Studio
follows offline (studio/store/workspace.py), so both agree on what a reader sees.

While an article is published or scheduled, edits of its title, summary, text or tags do not
change it: they gather in a pending revision until someone who may publish approves it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from studio.domain.merge import merge_fields

#: The fields a pending revision holds; the others (slug, status, publish time…) apply at once.
STAGED_FIELDS = ("title", "summary", "body", "tags")
#: Statuses whose text readers see (or will at the publish time, without another look).
LIVE_STATUSES = frozenset({"published", "scheduled"})


def is_live(status: str | None) -> bool:
    return status in LIVE_STATUSES


def restage(
    live: Mapping[str, Any], pending: Mapping[str, Any] | None, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """The pending revision's fields after ``changes`` (only the staged fields among them are
    taken): a field edited back to its live value is no longer pending."""
    merged = {**(pending or {}), **{k: v for k, v in changes.items() if k in STAGED_FIELDS}}
    return {k: v for k, v in merged.items() if v != live.get(k)}


def as_edited(copy: Mapping[str, Any]) -> dict[str, Any]:
    """The staged fields of an article's wire ``copy`` as its editor shows them: the pending
    revision over the live values."""
    pending = (copy.get("staged") or {}).get("fields") or {}
    return {name: pending.get(name, copy.get(name)) for name in STAGED_FIELDS}


def merge_pending(
    base: Mapping[str, Any],
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    text_fields: Iterable[str] = (),
) -> tuple[dict[str, Any], list[str]]:
    """Merge my pending revision with the Hub's copy (three ways, on the text each editor
    shows): (the edits to send so the Hub's copy becomes the merge, the fields both changed
    where mine was kept)."""
    edited = merge_fields(as_edited(base), as_edited(mine), as_edited(theirs), text_fields)
    now = as_edited(theirs)
    return {k: v for k, v in edited.values.items() if v != now.get(k)}, edited.conflicts
