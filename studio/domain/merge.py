"""Merging a record changed on both sides: text by three-way merge of lines, other fields one by
one. A change on one side only is taken; the same change on both is fine; different changes to
the same field (or the same lines) are a conflict, never a silent choice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import StrEnum
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


@dataclass(frozen=True)
class Hunk:
    """A stretch of a three-way text merge. ``settled`` hunks hold the agreed lines in ``mine``
    (and ``theirs``); a conflict hunk holds each side's lines, and what the base had there."""

    base: str
    mine: str
    theirs: str
    settled: bool


class Take(StrEnum):
    """What the user keeps of a conflicting hunk or field."""

    MINE = "mine"
    THEIRS = "theirs"
    BOTH = "both"  # mine, then theirs: for text only


def text_hunks(base: str, mine: str, theirs: str) -> list[Hunk]:
    """``mine`` and ``theirs`` merged by lines into hunks: what merges cleanly is settled, the
    rest is a conflict hunk for the user. Joining every hunk's ``mine`` gives back ``mine`` with
    the clean changes of ``theirs`` merged in."""
    merge = Merge3(base.splitlines(True), mine.splitlines(True), theirs.splitlines(True))
    hunks: list[Hunk] = []
    for group in merge.merge_groups():
        if group[0] == "conflict":
            b, m, t = ("".join(lines) for lines in group[1:4])
            hunks.append(Hunk(b, m, t, settled=False))
            continue
        text = "".join(group[1])
        if hunks and hunks[-1].settled:  # one settled stretch between conflicts
            last = hunks[-1]
            hunks[-1] = Hunk(last.base, last.mine + text, last.theirs + text, True)
        else:
            hunks.append(Hunk("", text, text, settled=True))
    return hunks


def compose(hunks: list[Hunk], takes: Mapping[int, Take]) -> str:
    """The text the user chose: settled hunks as merged, conflict hunk ``i`` as ``takes[i]``
    (mine when not chosen)."""
    out: list[str] = []
    for i, hunk in enumerate(hunks):
        take = Take.MINE if hunk.settled else takes.get(i, Take.MINE)
        if take is Take.THEIRS:
            out.append(hunk.theirs)
        elif take is Take.BOTH:
            mine = hunk.mine if not hunk.mine or hunk.mine.endswith("\n") else hunk.mine + "\n"
            out.append(mine + hunk.theirs)
        else:
            out.append(hunk.mine)
    return "".join(out)


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side diff: ``kind`` is same, changed, removed or added; a side
    without a line there has number 0 and empty text."""

    kind: str
    left_number: int
    left: str
    right_number: int
    right: str


def side_by_side(old: str, new: str, context: int | None = None) -> list[DiffRow]:
    """Lines of ``old`` and ``new`` paired for a two-column view. With ``context``, unchanged
    stretches are cut to that many lines around each change (a row of kind "gap" marks a cut)."""
    a, b = old.split("\n"), new.split("\n")
    rows: list[DiffRow] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                rows.append(DiffRow("same", i1 + k + 1, a[i1 + k], j1 + k + 1, b[j1 + k]))
            continue
        left, right = a[i1:i2] if tag != "insert" else [], b[j1:j2] if tag != "delete" else []
        for k in range(max(len(left), len(right))):
            has_left, has_right = k < len(left), k < len(right)
            kind = "changed" if has_left and has_right else "removed" if has_left else "added"
            rows.append(
                DiffRow(
                    kind,
                    i1 + k + 1 if has_left else 0,
                    left[k] if has_left else "",
                    j1 + k + 1 if has_right else 0,
                    right[k] if has_right else "",
                )
            )
    if context is None:
        return rows
    keep = [False] * len(rows)
    for i, row in enumerate(rows):
        if row.kind != "same":
            for j in range(max(0, i - context), min(len(rows), i + context + 1)):
                keep[j] = True
    shown: list[DiffRow] = []
    for i, row in enumerate(rows):
        if keep[i]:
            shown.append(row)
        elif not shown or shown[-1].kind != "gap":
            shown.append(DiffRow("gap", 0, "", 0, ""))
    return shown
