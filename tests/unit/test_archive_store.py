"""The workspace's copy of the archive (studio/store/archive.py), the chain audit
(studio/domain/archive.py) and the export package (studio/domain/archive_export.py), without a
Hub: entries are made here with the Hub's hashing."""

from __future__ import annotations

import email
import email.policy
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from studio.domain.archive import GENESIS, audit_chain, entry_hash
from studio.domain.archive_export import (
    MANIFEST,
    PackageError,
    check_package,
    entry_in,
    write_package,
)
from studio.store import archive
from studio.store.models import ArchiveEntry, JournalEntry
from studio.store.workspace import OperationError, Workspace

THREAD, OTHER = "thread-1", "thread-2"


def chain(count: int, start: int = 1, prev: str = GENESIS) -> list[dict[str, Any]]:
    """``count`` entries as the Hub writes them: posts and replies in two threads, a report and
    a decision on post p1, a publication."""
    entries = []
    for seq in range(start, start + count):
        kind, subject, payload = _event(seq)
        entry: dict[str, Any] = {
            "seq": seq,
            "at": f"2026-11-{1 + seq % 28:02d}T09:{seq % 60:02d}:00Z",
            "kind": kind,
            "actor": "moderator" if kind == "decision" else f"m{seq % 3}",
            "subject_id": subject,
            "payload": payload,
            "prev_hash": prev,
        }
        entry["hash"] = prev = entry_hash(entry)
        entries.append(entry)
    return entries


def _event(seq: int) -> tuple[str, str, dict[str, Any]]:
    if seq == 1:
        return "post", "p1", {"thread_id": THREAD, "parent_id": None, "body": "Affacturage ?"}
    if seq % 7 == 0:
        return "report", "p1", {"reason": "spam", "note": "", "reporter_id": "m2"}
    if seq % 11 == 0:
        return "decision", "p1", {"action": "remove", "reason": "Spam", "note": "n"}
    if seq % 13 == 0:
        return "publication", f"a{seq}", {"title": "News", "body": "Published text"}
    thread = THREAD if seq % 2 else OTHER
    return "reply", f"p{seq}", {"thread_id": thread, "parent_id": "p1", "body": f"Réponse {seq}"}


def filled(workspace: Workspace, count: int = 60, page: int = 25) -> list[dict[str, Any]]:
    entries = chain(count)
    for start in range(0, count, page):
        archive.apply_page(workspace, entries[start : start + page])
    return entries


def tamper(workspace: Workspace, *statements: str) -> None:
    with sqlite3.connect(workspace.path) as conn:
        for statement in statements:
            conn.execute(statement)


def swap(a: int, b: int) -> tuple[str, ...]:
    return (
        f"UPDATE archive_entries SET seq = -1 WHERE seq = {a}",
        f"UPDATE archive_entries SET seq = {a} WHERE seq = {b}",
        f"UPDATE archive_entries SET seq = {b} WHERE seq = -1",
    )


def named(result: archive.Verification) -> list[tuple[int, str]]:
    return [(p.seq, p.problem) for p in result.problems]


# -- the copy ----------------------------------------------------------------------------------


def test_pages_are_kept_as_given_with_their_position(workspace: Workspace) -> None:
    entries = filled(workspace)
    assert archive.position(workspace) == archive.Position(60, entries[-1]["hash"])
    with workspace.reading() as s:
        rows = s.scalars(select(ArchiveEntry).order_by(ArchiveEntry.seq)).all()
        assert [archive.entry_of(r) for r in rows] == entries
    result = archive.verify(workspace)
    assert result.intact and (result.entries, result.last_seq) == (60, 60)


def test_a_page_received_twice_changes_nothing(workspace: Workspace) -> None:
    entries = filled(workspace, 30)
    altered = [{**e, "payload": {"body": "rewritten"}} for e in entries[10:20]]
    assert archive.apply_page(workspace, altered) == 0  # never overwritten
    assert archive.position(workspace).seq == 30
    assert archive.verify(workspace).intact


def test_reports_and_decisions_belong_to_their_post_s_thread(workspace: Workspace) -> None:
    filled(workspace, 40, page=5)  # p1's post entry came pages before its reports
    with workspace.reading() as s:
        rows = s.execute(select(ArchiveEntry.kind, ArchiveEntry.thread_id)).all()
    by_kind: dict[str, set[str | None]] = {}
    for kind, thread in rows:
        by_kind.setdefault(kind, set()).add(thread)
    assert by_kind["report"] == {THREAD} and by_kind["decision"] == {THREAD}
    assert by_kind["reply"] == {THREAD, OTHER}
    assert by_kind["publication"] == {None}


def test_a_report_whose_post_is_not_archived_takes_the_workspace_s_post(
    workspace: Workspace,
) -> None:
    from studio.store.models import Post

    with workspace.writing() as w:
        w.session.add(
            Post(
                id="px",
                thread_id="thread-9",
                body="b",
                created_at=datetime.now(UTC),
                updated_at=datetime.now(UTC),
            )
        )
    entry: dict[str, Any] = {
        "seq": 1,
        "at": "2026-11-01T09:00:00Z",
        "kind": "report",
        "actor": "m1",
        "subject_id": "px",
        "payload": {"reason": "scam"},
        "prev_hash": GENESIS,
    }
    entry["hash"] = entry_hash(entry)
    archive.apply_page(workspace, [entry])
    assert archive.select_entries(workspace, thread="thread-9")[0]["seq"] == 1


# -- verification ------------------------------------------------------------------------------


def test_a_changed_byte_is_named(workspace: Workspace) -> None:
    filled(workspace)
    tamper(
        workspace,
        "UPDATE archive_entries SET payload = replace(payload, 'é', 'e') WHERE seq = 17",
    )
    assert named(archive.verify(workspace)) == [(17, "changed")]


def test_a_changed_hash_is_named_once(workspace: Workspace) -> None:
    filled(workspace)
    tamper(workspace, "UPDATE archive_entries SET hash = '0' || substr(hash, 2) WHERE seq = 17")
    assert named(archive.verify(workspace)) == [(17, "changed")]


def test_a_rehashed_entry_is_named_by_the_link_after_it(workspace: Workspace) -> None:
    entries = filled(workspace)
    forged = {**entries[16], "payload": {"body": "forged"}}
    forged["hash"] = entry_hash(forged)
    tamper(
        workspace,
        'UPDATE archive_entries SET payload = \'{"body":"forged"}\', '
        f"hash = '{forged['hash']}' WHERE seq = 17",
    )
    assert named(archive.verify(workspace)) == [(17, "changed")]


def test_a_deleted_entry_is_named(workspace: Workspace) -> None:
    filled(workspace)
    tamper(workspace, "DELETE FROM archive_entries WHERE seq = 23")
    assert named(archive.verify(workspace)) == [(23, "missing")]


def test_entries_cut_off_the_end_are_named(workspace: Workspace) -> None:
    filled(workspace)
    tamper(workspace, "DELETE FROM archive_entries WHERE seq >= 59")
    result = archive.verify(workspace)
    assert named(result) == [(59, "missing")]
    assert "Entries 59–60 are missing" in result.problems[0].message


@pytest.mark.parametrize("other", [31, 32, 55])
def test_two_swapped_entries_are_both_named(workspace: Workspace, other: int) -> None:
    filled(workspace)
    tamper(workspace, *swap(30, other))
    result = archive.verify(workspace)
    assert named(result) == [(30, "reordered"), (other, "reordered")]
    assert f"Entry {other} is at the place of entry 30" in result.problems[0].message


def test_several_problems_are_each_named(workspace: Workspace) -> None:
    filled(workspace)
    tamper(
        workspace,
        "UPDATE archive_entries SET actor = 'someone else' WHERE seq = 5",
        "DELETE FROM archive_entries WHERE seq = 40",
        *swap(50, 52),
    )
    assert named(archive.verify(workspace)) == [
        (5, "changed"),
        (40, "missing"),
        (50, "reordered"),
        (52, "reordered"),
    ]


def test_against_the_hub_head(workspace: Workspace) -> None:
    entries = filled(workspace, 30)
    same = archive.verify(workspace, (30, entries[-1]["hash"]))
    assert same.intact and "matches the Hub's head (entry 30)" in same.hub
    ahead = archive.verify(workspace, (35, "f" * 64), lambda seq: entries[seq - 1]["hash"])
    assert ahead.intact and "5 newer entries" in ahead.hub
    other = archive.verify(workspace, (30, "f" * 64))
    assert named(other) == [(30, "changed")]
    behind = archive.verify(workspace, (28, entries[27]["hash"]))
    assert named(behind) == [(29, "missing")] and "missing on the Hub" in behind.problems[0].message


def test_audit_names_gaps_and_moves_in_any_stream() -> None:
    entries = chain(20)
    moved = [*entries[:5], entries[6], entries[5], *entries[8:]]
    moved = [{**e, "seq": i + 1} if i < 7 else e for i, e in enumerate(moved)]
    audit = audit_chain(moved)
    assert [(p.seq, p.problem) for p in audit.problems] == [
        (6, "reordered"),
        (7, "reordered"),
        (8, "missing"),
    ]
    assert audit.last_seq == 20


# -- holds and retention -----------------------------------------------------------------------


def test_holds_are_placed_lifted_and_journaled(workspace: Workspace) -> None:
    filled(workspace, 30)
    hold = archive.place_hold(workspace, "thread", THREAD, "Subpoena 2026-114")
    later = datetime(2040, 1, 1, tzinfo=UTC)
    with workspace.reading() as s:
        past = s.scalars(select(ArchiveEntry.seq).where(archive.past_retention(s, later))).all()
        kinds = {
            e.thread_id for e in s.scalars(select(ArchiveEntry).where(ArchiveEntry.seq.in_(past)))
        }
    assert past and THREAD not in kinds  # the held thread is never past retention
    archive.lift_hold(workspace, hold, "Case closed")
    with pytest.raises(OperationError):
        archive.lift_hold(workspace, hold, "again")
    with workspace.reading() as s:
        assert (
            len(s.scalars(select(ArchiveEntry.seq).where(archive.past_retention(s, later))).all())
            == 30
        )
        actions = s.scalars(select(JournalEntry.action).where(JournalEntry.record_id == hold)).all()
    assert actions == ["hold", "lift_hold"]
    with pytest.raises(OperationError):
        archive.place_hold(workspace, "record", "p1", "  ")


def test_retention_is_years_and_nothing_is_past_it_within_them(workspace: Workspace) -> None:
    filled(workspace, 10)
    archive.set_retention(workspace, 7)
    with workspace.reading() as s:
        now = datetime(2033, 11, 1, tzinfo=UTC)  # 7 years after the first entry
        assert not s.scalars(select(ArchiveEntry.seq).where(archive.past_retention(s, now))).all()
    with pytest.raises(OperationError):
        archive.set_retention(workspace, 0)


# -- selection and export ----------------------------------------------------------------------


def test_a_thread_or_a_search_selects_the_entries_with_their_reports_and_decisions(
    workspace: Workspace,
) -> None:
    filled(workspace, 40)
    in_thread = archive.select_entries(workspace, thread=THREAD)
    assert {e["thread_id"] for e in in_thread} == {THREAD}
    assert {"post", "reply", "report", "decision"} <= {e["kind"] for e in in_thread}
    found = archive.select_entries(workspace, query="affacturage")
    assert found[0]["kind"] == "post"
    assert {e["kind"] for e in found} == {"post", "report", "decision"}
    with pytest.raises(OperationError):
        archive.select_entries(workspace, query="!!")


def test_a_package_checks_from_its_manifest_and_names_what_changed(
    workspace: Workspace, tmp_path: Path
) -> None:
    filled(workspace, 40)
    entries = archive.select_entries(workspace, thread=THREAD)
    out = tmp_path / "package"
    written = write_package(
        out,
        entries,
        {"selection": {"thread": THREAD}},
        {"m1": "Zoé Martin (Caféine & Cie)"},
        archive.post_entries(workspace, ["p1"]),
    )
    assert written.messages == len(entries)
    check = check_package(out)
    assert check.intact and check.entries == len(entries) and check.files == len(entries) + 1
    message = email.message_from_bytes(
        (out / "messages" / "0000000007-report.eml").read_bytes(), policy=email.policy.default
    )
    assert message["X-Archive-Kind"] == "report" and message["X-Archive-Thread-Id"] == THREAD
    assert message["In-Reply-To"] == message["References"] and message["In-Reply-To"].startswith(
        "<1."
    )
    assert "Reported for: spam" in message.get_body(("plain",)).get_content()
    exact = entry_in((out / "messages" / "0000000007-report.eml").read_bytes())
    assert exact is not None and entry_hash(exact) == exact["hash"]
    m1 = email.message_from_bytes(
        (out / "messages" / "0000000001-post.eml").read_bytes(), policy=email.policy.default
    )
    assert m1["Date"] and m1["Message-ID"]
    # A changed, a removed and an added file are each named.
    first, second = sorted((out / "messages").iterdir())[:2]
    first.write_bytes(first.read_bytes().replace(b"Affacturage", b"Affacturage!"))
    second.unlink()
    (out / "messages" / "note.txt").write_text("added")
    problems = {(p.problem, p.path) for p in check_package(out).problems}
    assert problems == {
        ("changed", f"messages/{first.name}"),
        ("missing", f"messages/{second.name}"),
        ("extra", "messages/note.txt"),
    }


def test_a_manifest_made_again_for_a_changed_message_still_fails(
    workspace: Workspace, tmp_path: Path
) -> None:
    import hashlib

    filled(workspace, 20)
    out = tmp_path / "package"
    write_package(out, archive.select_entries(workspace), {})
    target = out / "messages" / "0000000003-reply.eml"
    message = email.message_from_bytes(target.read_bytes(), policy=email.policy.SMTP)
    for part in message.walk():
        if part.get_filename() == "archive-entry.json":
            entry = json.loads(part.get_payload(decode=True))
            entry["payload"]["body"] = "forged"
            part.set_content(
                json.dumps(entry).encode(),
                maintype="application",
                subtype="json",
                filename="archive-entry.json",
            )
    target.write_bytes(message.as_bytes())
    manifest = json.loads((out / MANIFEST).read_text())
    for item in manifest["files"]:
        if item["path"].endswith("0000000003-reply.eml"):
            item["sha256"] = hashlib.sha256(target.read_bytes()).hexdigest()
    (out / MANIFEST).write_text(json.dumps(manifest))
    assert [(p.problem, p.path) for p in check_package(out).problems] == [
        ("changed", "messages/0000000003-reply.eml")
    ]


def test_a_package_goes_only_into_a_new_or_empty_folder(
    workspace: Workspace, tmp_path: Path
) -> None:
    filled(workspace, 5)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(PackageError):
        write_package(tmp_path / "full", archive.select_entries(workspace), {})
    (tmp_path / "empty").mkdir()
    write_package(tmp_path / "empty", archive.select_entries(workspace), {})
    assert check_package(tmp_path / "empty").intact
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_manifest_naming_files_outside_the_package_is_refused(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "secret").write_text("s")
    manifest = {"format": "studio-archive-export", "files": [{"path": "../secret", "sha256": "0"}]}
    (tmp_path / "p" / MANIFEST).write_text(json.dumps(manifest))
    assert [p.problem for p in check_package(tmp_path / "p").problems] == ["unsafe"]
    with pytest.raises(PackageError):
        check_package(tmp_path / "nowhere")
