"""Merging a record changed on both sides: text by three-way merge of lines, other fields one by
one. A change on one side only is taken; the same change on both is fine; different changes to
the same field (or the same lines) are a conflict, never a silent choice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from merge3 import Merge3


@dataclass
class Merged:
    values: dict[str, Any]
    conflicts: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_text(base: str, mine: str, theirs: str) -> str | None:
    """The three-way merge of ``mine`` and ``theirs`` from ``base`` by lines; None on a clash."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    merge = Merge3(base.splitlines(True), mine.splitlines(True), theirs.splitlines(True))
    out: list[str] = []
    for group in merge.merge_groups():
        kind = group[0]
        if kind == "conflict":
            return None
        out.extend(group[1])
    return "".join(out)


def merge_fields(
    base: Mapping[str, Any],
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    text_fields: Iterable[str] = (),
) -> Merged:
    """Merge every field of ``mine`` and ``theirs`` against ``base``."""
    texts = set(text_fields)
    values: dict[str, Any] = {}
    conflicts: list[str] = []
    for name in sorted(set(mine) | set(theirs)):
        b, m, t = base.get(name), mine.get(name), theirs.get(name)
        if m == t or t == b:
            values[name] = m
        elif m == b:
            values[name] = t
        elif name in texts and isinstance(m, str) and isinstance(t, str):
            text = merge_text(b if isinstance(b, str) else "", m, t)
            if text is None:
                conflicts.append(name)
                values[name] = m
            else:
                values[name] = text
        else:
            conflicts.append(name)
            values[name] = m
    return Merged(values, conflicts)
