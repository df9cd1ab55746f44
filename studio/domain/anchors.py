"""Where a review comment points in an article's text, found again after the text changed.

A comment keeps the passage it quotes, where it was, and a little text either side. Found
again: among the places the quoted passage occurs now, the one whose surroundings match best,
then the one nearest where it was. Where the passage no longer occurs the comment is orphaned
(its passage was deleted or rewritten): it says so rather than pointing somewhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CONTEXT = 32  # characters kept either side of the passage
MAX_PLACES = 2000  # occurrences weighed at most (a one-letter quote in a long text)


@dataclass(frozen=True)
class Anchor:
    quote: str
    offset: int = 0
    prefix: str = ""
    suffix: str = ""

    def wire(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "offset": self.offset,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }

    @classmethod
    def from_wire(cls, data: Any) -> Anchor:
        data = data if isinstance(data, dict) else {}
        return cls(
            str(data.get("quote") or ""),
            int(data.get("offset") or 0),
            str(data.get("prefix") or ""),
            str(data.get("suffix") or ""),
        )


def anchor_at(text: str, start: int, end: int) -> Anchor:
    """The anchor of the passage ``text[start:end]``; ValueError when it is empty."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    if start == end or not text[start:end].strip():
        raise ValueError("Select the passage to comment on first.")
    return Anchor(
        text[start:end], start, text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
    )


def _common_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_head(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def locate(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """(start, end) of the anchored passage in ``text`` now, or None when it is gone."""
    if not anchor.quote:
        return None
    size = len(anchor.quote)
    at = anchor.offset
    if text[at : at + size] == anchor.quote and (
        not anchor.prefix or text[max(0, at - len(anchor.prefix)) : at] == anchor.prefix
    ):
        return at, at + size  # unmoved: the usual case
    best: tuple[int, int, int] | None = None  # (-context matched, distance, start)
    start = text.find(anchor.quote)
    places = 0
    while start != -1 and places < MAX_PLACES:
        before = text[max(0, start - CONTEXT) : start]
        after = text[start + size : start + size + CONTEXT]
        matched = _common_tail(before, anchor.prefix) + _common_head(after, anchor.suffix)
        key = (-matched, abs(start - anchor.offset), start)
        if best is None or key < best:
            best = key
        start = text.find(anchor.quote, start + 1)
        places += 1
    return None if best is None else (best[2], best[2] + size)
