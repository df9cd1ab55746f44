"""The compliance archive's hash chain, shared by the Hub (which appends) and Studio (which checks).

Each entry's ``hash`` is ``sha256(prev_hash || canonical_json(entry without hash))``, hex; the
first entry's ``prev_hash`` is 64 zeros. Changing, removing or reordering any entry breaks the
chain at that entry, and :func:`verify_chain` names it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
ENTRY_FIELDS = ("seq", "at", "kind", "actor", "subject_id", "payload", "prev_hash")


def canonical_json(value: Any) -> bytes:
    """JSON with sorted keys, no spaces and UTF-8 text: one byte string per value."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def entry_hash(entry: Mapping[str, Any]) -> str:
    """The hash an entry must carry, from its fields other than ``hash``."""
    body = {name: entry[name] for name in ENTRY_FIELDS}
    return hashlib.sha256(
        str(entry["prev_hash"]).encode("ascii") + canonical_json(body)
    ).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    """Where the chain breaks: the entry's seq, what is wrong, and a sentence for a person."""

    seq: int
    problem: str  # changed, missing, reordered, head_mismatch
    message: str


def verify_chain(
    entries: Iterable[Mapping[str, Any]], prev_hash: str = GENESIS, after_seq: int = 0
) -> list[ChainProblem]:
    """Check entries in order (starting after ``after_seq`` whose hash was ``prev_hash``).

    Returns the problems found, empty when the chain holds. Stops at the first break, since
    everything after it is unprovable against this copy.
    """
    expected_seq = after_seq + 1
    previous = prev_hash
    for entry in entries:
        seq = int(entry["seq"])
        if seq < expected_seq:
            return [
                ChainProblem(
                    seq, "reordered", f"Entry {seq} appears after entry {expected_seq - 1}."
                )
            ]
        if seq > expected_seq:
            return [
                ChainProblem(
                    expected_seq, "missing", f"Entries {expected_seq}–{seq - 1} are missing."
                )
            ]
        if entry["prev_hash"] != previous:
            return [
                ChainProblem(
                    seq,
                    "changed",
                    f"Entry {seq} does not follow entry {seq - 1}: the chain is "
                    "broken there (an entry before it was changed or removed).",
                )
            ]
        if entry_hash(entry) != entry["hash"]:
            return [ChainProblem(seq, "changed", f"Entry {seq} was changed after it was written.")]
        previous = str(entry["hash"])
        expected_seq = seq + 1
    return []
