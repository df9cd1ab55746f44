"""The compliance archive's hash chain, shared by the Hub (which appends) and Studio (which checks).

Each entry's ``hash`` is ``sha256(prev_hash || canonical_json(entry without hash))``, hex; the
first entry's ``prev_hash`` is 64 zeros. Changing, removing or reordering any entry breaks the
chain at that entry, and :func:`verify_chain` names it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
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


#: How far from its place a moved entry is looked for (hashes tried on each side).
NEARBY = 64


@dataclass(frozen=True)
class Audit:
    """What :func:`audit_chain` found: every problem (up to its limit), how many entries it
    read, and the seq and hash of the last one (to compare with a head recorded elsewhere)."""

    problems: list[ChainProblem]
    entries: int
    last_seq: int
    last_hash: str
    truncated: bool = False


def true_seq(
    entry: Mapping[str, Any], locate: Callable[[str], int | None] | None = None
) -> int | None:
    """The seq an entry's hash was made with, when it is not the seq it carries (it was moved):
    looked for near its place, and after the entry whose hash it names as ``prev_hash``."""
    seq = int(entry["seq"])
    candidates = [s for d in range(1, NEARBY + 1) for s in (seq - d, seq + d) if s > 0]
    if locate is not None:
        before = locate(str(entry["prev_hash"]))
        if before is not None:
            candidates.insert(0, before + 1)
    for candidate in candidates:
        if candidate != seq and entry_hash({**entry, "seq": candidate}) == entry["hash"]:
            return candidate
    return None


def audit_chain(
    entries: Iterable[Mapping[str, Any]],
    locate: Callable[[str], int | None] | None = None,
    prev_hash: str = GENESIS,
    after_seq: int = 0,
    limit: int = 100,
) -> Audit:
    """Check entries in the order of their seq and name every damaged one, not only the first.

    Unlike :func:`verify_chain` it carries on after a break, so a copy with several changes
    gets each named: an entry whose content no longer matches its hash is ``changed`` (or
    ``reordered`` when its hash is that of another place in the chain: ``locate(hash)`` gives
    the seq of the entry holding a hash, for moves from far away); a gap is ``missing``; an
    intact entry that does not follow an intact predecessor means that predecessor was changed
    and re-hashed. A break explained by a problem just before it is not named twice.
    """
    problems: list[ChainProblem] = []
    expected = after_seq + 1
    previous, previous_ok = prev_hash, True
    count, last_seq, last_hash = 0, after_seq, prev_hash
    for entry in entries:
        if len(problems) >= limit:
            return Audit(problems, count, last_seq, last_hash, truncated=True)
        count += 1
        seq = int(entry["seq"])
        if seq < expected:
            problems.append(
                ChainProblem(
                    seq, "reordered", f"Entry {seq} appears again after entry {expected - 1}."
                )
            )
            continue
        linked = previous_ok
        if seq > expected:
            span = (
                f"Entry {expected} is"
                if seq == expected + 1
                else f"Entries {expected}–{seq - 1} are"
            )
            problems.append(ChainProblem(expected, "missing", f"{span} missing."))
            linked = False
        intact = entry_hash(entry) == entry["hash"]
        if not intact:
            moved = true_seq(entry, locate)
            if moved is not None:
                problems.append(
                    ChainProblem(
                        seq,
                        "reordered",
                        f"Entry {moved} is at the place of entry {seq}: entries were moved.",
                    )
                )
            else:
                problems.append(
                    ChainProblem(
                        seq,
                        "changed",
                        f"Entry {seq} was changed after it was written (its content no longer "
                        "matches its hash).",
                    )
                )
        elif linked and entry["prev_hash"] != previous:
            problems.append(
                ChainProblem(
                    seq - 1,
                    "changed",
                    f"Entry {seq} does not follow entry {seq - 1}: entry {seq - 1} was changed "
                    f"and its hash recomputed (or entry {seq}'s link was altered).",
                )
            )
            intact = False
        previous, previous_ok = str(entry["hash"]), intact
        expected = seq + 1
        last_seq, last_hash = seq, str(entry["hash"])
    return Audit(problems, count, last_seq, last_hash)
