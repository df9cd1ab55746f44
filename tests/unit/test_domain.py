"""Time zones, the archive's hash chain and the role matrix: rules both Studio and the Hub use."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from studio.domain.archive import GENESIS, entry_hash, verify_chain
from studio.domain.roles import may, may_read, may_set_status
from studio.domain.zones import WallTimeError, wall_to_utc


def test_wall_times_across_dst_in_paris_and_new_york() -> None:
    assert wall_to_utc("2027-03-25T10:00:00", "Europe/Paris") == datetime(
        2027, 3, 25, 9, tzinfo=UTC
    )
    assert wall_to_utc("2027-04-01T10:00:00", "Europe/Paris") == datetime(2027, 4, 1, 8, tzinfo=UTC)
    assert wall_to_utc("2027-03-15T10:00:00", "America/New_York") == datetime(
        2027, 3, 15, 14, tzinfo=UTC
    )


def test_a_start_in_a_gap_is_refused_and_a_fold_must_say_which() -> None:
    with pytest.raises(WallTimeError) as gap:
        wall_to_utc("2027-03-28T02:30:00", "Europe/Paris", strict=True)
    assert gap.value.code == "wall_time_in_gap" and "does not exist" in str(gap.value)
    with pytest.raises(WallTimeError) as fold:
        wall_to_utc("2027-11-07T01:30:00", "America/New_York", None, strict=True)
    assert fold.value.code == "ambiguous_wall_time"
    first = wall_to_utc("2027-11-07T01:30:00", "America/New_York", 0, strict=True)
    second = wall_to_utc("2027-11-07T01:30:00", "America/New_York", 1, strict=True)
    assert (second - first).total_seconds() == 3600
    assert wall_to_utc("2027-06-01T09:00:00", "Asia/Hong_Kong", None, strict=True) == datetime(
        2027, 6, 1, 1, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("wall", "zone", "code"),
    [
        ("2027-03-25T10:00:00", "Mars/Olympus", "unknown_zone"),
        ("next tuesday", "Europe/Paris", "bad_wall_time"),
        ("2027-03-25T10:00:00+01:00", "Europe/Paris", "bad_wall_time"),
    ],
)
def test_bad_zone_or_wall_time_is_named(wall: str, zone: str, code: str) -> None:
    with pytest.raises(WallTimeError) as err:
        wall_to_utc(wall, zone, strict=True)
    assert err.value.code == code


def _chain(n: int) -> list[dict]:
    entries, prev = [], GENESIS
    for seq in range(1, n + 1):
        entry = {
            "seq": seq,
            "at": f"2026-11-23T09:{seq:02d}:00Z",
            "kind": "post",
            "actor": "mo",
            "subject_id": f"p{seq}",
            "payload": {"body": f"post {seq} é"},
            "prev_hash": prev,
        }
        entry["hash"] = entry_hash(entry)
        prev = entry["hash"]
        entries.append(entry)
    return entries


def test_an_intact_chain_verifies_and_each_kind_of_tampering_is_named() -> None:
    assert verify_chain(_chain(6)) == []
    changed = _chain(6)
    changed[2]["payload"] = {"body": "edited"}
    assert [(p.seq, p.problem) for p in verify_chain(changed)] == [(3, "changed")]
    missing = _chain(6)
    del missing[3]
    assert [(p.seq, p.problem) for p in verify_chain(missing)] == [(4, "missing")]
    swapped = _chain(6)
    swapped[1], swapped[2] = swapped[2], swapped[1]
    assert verify_chain(swapped)[0].problem in ("missing", "reordered")
    renumbered = _chain(6)  # swapped and renumbered to hide it: the hashes still catch it
    renumbered[1], renumbered[2] = renumbered[2], renumbered[1]
    renumbered[1]["seq"], renumbered[2]["seq"] = 2, 3
    assert verify_chain(renumbered)[0].seq == 2


def test_role_matrix_examples_from_the_brief() -> None:
    assert not may("moderator", "article", "update")
    assert not may_set_status("moderator", "published")
    assert not may_set_status("editor", "published") and may_set_status("editor", "in_review")
    assert may_set_status("admin", "published")
    assert not may("editor", "post", "decide") and may("moderator", "post", "decide")
    assert may_read("compliance", "archive") and may_read("admin", "archive")
    assert not any(may_read(r, "archive") for r in ("editor", "moderator", "coordinator", "member"))
    assert not may("nobody", "article", "create") and not may_read("nobody", "stats")
