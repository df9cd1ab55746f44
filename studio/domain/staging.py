"""A live article's pending revision: the rule the Hub enforces (hub/review.py) and Studio
follows offline (studio/store/workspace.py), so both agree on what a reader sees.

While an article is published or scheduled, edits of its title, summary, text or tags do not
change it: they gather in a pending revision until someone who may publish approves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
