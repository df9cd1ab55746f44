"""The compliance archive against a real Hub: a simulated day (`studio-hub simulate`), a
moderator's decisions and replies, then a compliance officer's sync. The copy holds every post,
reply, report and decision; tampering with a copy is named by `studio archive verify`; an export
re-verifies from its manifest alone, and a changed or removed file in it is named."""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hub.db import make_engine, sessions
from hub.models import ArchiveRow, RecordRow
from studio import archive_cli
from studio.cli import existing_workspace
from studio.domain.archive import entry_hash
from studio.store import archive, replica
from studio.store.models import ArchiveEntry, Post
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from studio.sync.engine import SyncEngine
from tests.hub.hubproc import HubProcess

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def studio(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run("-m", "studio", "--data-dir", str(data), "--workspace", "archive", *args)


@dataclass
class Day:
    hub: HubProcess
    data: Path  # the compliance officer's data folder; workspace "archive"
    thread: str  # a thread with replies, a report and decisions
    moderator: Workspace

    @property
    def path(self) -> Path:
        return workspace_path(self.data, "archive")

    def catch_up(self) -> None:
        """Sync the compliance officer's copy (another test may have added to the Hub's)."""
        workspace = Workspace.open(self.path, "archive")
        token = self.hub.token("compliance")
        try:
            SyncEngine(workspace, HubClient(self.hub.url, lambda: token)).sync()
        finally:
            workspace.close()


def signed_in(hub: HubProcess, folder: Path, name: str, role: str) -> tuple[Workspace, SyncEngine]:
    workspace = Workspace.open(workspace_path(folder, name), name)
    replica.link(workspace, hub.url, role)
    token = hub.token(role)
    return workspace, SyncEngine(workspace, HubClient(hub.url, lambda: token))


def ops(hub: HubProcess, role: str, *items: dict[str, Any]) -> list[dict[str, Any]]:
    batch = [{"op_id": str(uuid.uuid4()), "base_version": 0, **item} for item in items]
    with hub.client(role) as client:
        answer = client.post("/v1/ops", json={"ops": batch})
    answer.raise_for_status()
    results: list[dict[str, Any]] = answer.json()["results"]
    assert [r["status"] for r in results] == ["applied"] * len(batch), results
    return results


@pytest.fixture(scope="module")
def day(hub: HubProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Day]:
    folder = tmp_path_factory.mktemp("archive")
    simulated = run(
        "-m", "hub", "simulate", "--rate", "100", "--duration", "1", "--database", hub.database
    )
    assert simulated.returncode == 0, simulated.stderr
    # A moderator's day: replies in the busiest thread, decisions on its posts, from Studio.
    moderator, moderator_sync = signed_in(hub, folder, "moderator", "moderator")
    moderator_sync.sync()
    with moderator.reading() as s:
        posts = s.scalars(select(Post).order_by(Post.created_at)).all()
    assert posts, "the simulated day made no post"
    thread = max({p.thread_id for p in posts}, key=lambda t: sum(p.thread_id == t for p in posts))
    first = next(p for p in posts if p.thread_id == thread)
    ops(
        hub,
        "moderator",
        *(
            {
                "type": "post",
                "id": str(uuid.uuid4()),
                "action": "create",
                "data": {"thread_id": thread, "parent_id": first.id, "body": f"Réponse {n}"},
            }
            for n in range(3)
        ),
    )
    ops(
        hub,
        "member",
        {"type": "post", "id": first.id, "action": "report", "data": {"reason": "scam"}},
    )
    moderator_sync.sync()
    in_thread = [p for p in posts if p.thread_id == thread]
    moderator.decide_post(in_thread[0].id, "remove", "Scam", "a link to a fake bank")
    for post in posts[:5]:
        if post.id != in_thread[0].id:
            moderator.decide_post(post.id, "approve")
    assert moderator_sync.sync().applied >= 1
    # The compliance officer syncs: the change feed, then the archive.
    compliance, compliance_sync = signed_in(hub, folder / "data", "archive", "compliance")
    report = compliance_sync.sync()
    assert report.archived > 0
    compliance.close()
    yield Day(hub, folder / "data", thread, moderator)
    moderator.close()


def hub_archive(hub: HubProcess) -> list[dict[str, Any]]:
    engine = make_engine(hub.database)
    try:
        with sessions(engine)() as s:
            return [r.entry() for r in s.scalars(select(ArchiveRow).order_by(ArchiveRow.seq))]
    finally:
        engine.dispose()


def hub_records(hub: HubProcess, record_type: str) -> list[RecordRow]:
    engine = make_engine(hub.database)
    try:
        with sessions(engine)() as s:
            return list(s.scalars(select(RecordRow).where(RecordRow.type == record_type)))
    finally:
        engine.dispose()


def local_entries(path: Path) -> list[dict[str, Any]]:
    workspace = Workspace.open(path)
    try:
        with workspace.reading() as s:
            rows = s.scalars(select(ArchiveEntry).order_by(ArchiveEntry.seq)).all()
            return [{**archive.entry_of(r), "thread_id": r.thread_id} for r in rows]
    finally:
        workspace.close()


def copy_of(day: Day, tmp_path: Path) -> Path:
    """A copy of the compliance officer's data folder (the workspace copied by SQLite)."""
    data = tmp_path / "copy"
    target = workspace_path(data, "archive")
    target.parent.mkdir(parents=True)
    with sqlite3.connect(day.path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return data


def tamper(data: Path, *statements: str) -> None:
    with sqlite3.connect(workspace_path(data, "archive")) as conn:
        for statement in statements:
            conn.execute(statement)


# -- the copy ----------------------------------------------------------------------------------


def test_every_post_reply_report_and_decision_on_the_hub_is_in_the_copy(day: Day) -> None:
    day.catch_up()
    mine = local_entries(day.path)
    theirs = hub_archive(day.hub)
    assert [{k: v for k, v in e.items() if k != "thread_id"} for e in mine] == theirs
    kinds = {e["kind"] for e in mine}
    assert {"post", "reply", "report", "decision"} <= kinds
    posts = hub_records(day.hub, "post")
    written = {
        (e["subject_id"], e["payload"]["body"]) for e in mine if e["kind"] in ("post", "reply")
    }
    assert {(p.id, p.data["body"]) for p in posts} <= written
    decided = {(p.id, p.data["decision"]["action"]) for p in posts if p.data.get("decision")}
    assert len(decided) >= 5
    assert decided <= {
        (e["subject_id"], e["payload"]["action"]) for e in mine if e["kind"] == "decision"
    }
    reports = hub_records(day.hub, "report")
    assert len(reports) == sum(e["kind"] == "report" for e in mine) > 0
    # Reports and decisions are filed under their post's thread.
    by_post = {p.id: p.data["thread_id"] for p in posts}
    for entry in mine:
        if entry["kind"] in ("post", "reply", "report", "decision"):
            assert entry["thread_id"] == by_post[entry["subject_id"]]


def test_a_role_without_the_archive_skips_it_quietly(day: Day) -> None:
    with day.moderator.reading() as s:
        assert s.scalars(select(ArchiveEntry.seq).limit(1)).first() is None
    assert archive.position(day.moderator).seq == 0
    data = day.moderator.path.parents[2]
    done = run(
        "-m", "studio", "--data-dir", str(data), "--workspace", "moderator", "archive", "verify"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "holds no copy of the archive yet" in done.stdout


def test_the_next_round_brings_only_new_entries(day: Day, tmp_path: Path) -> None:
    data = copy_of(day, tmp_path)
    workspace = Workspace.open(workspace_path(data, "archive"), "archive")
    try:
        token = day.hub.token("compliance")
        engine = SyncEngine(workspace, HubClient(day.hub.url, lambda: token), page=50)
        assert engine.sync().archived == 0
        before = archive.position(workspace).seq
        thread_posts = [
            p for p in hub_records(day.hub, "post") if p.data["thread_id"] == day.thread
        ]
        ops(
            day.hub,
            "moderator",
            {
                "type": "post",
                "id": str(uuid.uuid4()),
                "action": "create",
                "data": {"thread_id": day.thread, "parent_id": thread_posts[0].id, "body": "Plus"},
            },
        )
        assert engine.sync().archived == 1
        assert archive.position(workspace).seq == before + 1
        assert archive.verify(workspace).intact
    finally:
        workspace.close()


# -- verification ------------------------------------------------------------------------------


def test_the_copy_verifies(day: Day) -> None:
    day.catch_up()
    done = studio(day.data, "archive", "verify")
    assert done.returncode == 0, done.stdout + done.stderr
    count = len(hub_archive(day.hub))
    assert f"The archive copy's {count} entries are intact" in done.stdout


def flip_one_byte(data: Path, seq: int) -> None:
    with sqlite3.connect(workspace_path(data, "archive")) as conn:
        query = "SELECT payload FROM archive_entries WHERE seq = ?"
        (payload,) = conn.execute(query, (seq,)).fetchone()
        raw = bytearray(payload.encode("utf-8"))
        at = raw.index(b'"body":"') + len(b'"body":"')
        raw[at] ^= 0x20  # one letter's case: still valid UTF-8 and JSON
        conn.execute(
            "UPDATE archive_entries SET payload = ? WHERE seq = ?", (raw.decode("utf-8"), seq)
        )


@pytest.mark.parametrize("how", ["flip", "delete", "swap"])
def test_a_changed_missing_or_swapped_entry_in_a_copy_is_named(
    day: Day, tmp_path: Path, how: str
) -> None:
    data = copy_of(day, tmp_path)
    replies = [
        e["seq"] for e in local_entries(workspace_path(data, "archive")) if e["kind"] == "reply"
    ]
    a, b = replies[0], replies[-1]
    if how == "flip":
        flip_one_byte(data, a)
        expected = [f"BROKEN at entry {a} (changed)"]
    elif how == "delete":
        tamper(data, f"DELETE FROM archive_entries WHERE seq = {a}")
        expected = [f"BROKEN at entry {a} (missing)"]
    else:
        tamper(
            data,
            f"UPDATE archive_entries SET seq = -1 WHERE seq = {a}",
            f"UPDATE archive_entries SET seq = {a} WHERE seq = {b}",
            f"UPDATE archive_entries SET seq = {b} WHERE seq = -1",
        )
        expected = [f"BROKEN at entry {a} (reordered)", f"BROKEN at entry {b} (reordered)"]
    done = studio(data, "archive", "verify")
    assert done.returncode == 1, done.stdout + done.stderr
    broken = [line for line in done.stdout.splitlines() if line.startswith("BROKEN")]
    assert [line.split(":")[0] for line in broken] == expected
    assert "failed verification" in done.stdout and "Traceback" not in done.stderr


class Keyring:
    def __init__(self, token: str) -> None:
        self._token = token

    def token(self, hub_url: str, account: str) -> str:
        return self._token


def verify_in_process(day: Day, data: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    args = argparse.Namespace(workspace="archive", archive_command="verify")
    code = archive_cli.run(args, data, existing_workspace, Keyring(day.hub.token("compliance")))
    return code, capsys.readouterr().out


def test_against_the_hub_head_even_a_careful_forgery_is_named(
    day: Day, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy_of(day, tmp_path)
    code, out = verify_in_process(day, data, capsys)
    assert code == 0 and "matches the Hub" in out, out
    # The last entry rewritten with its hash recomputed and the sync's record of it too: the
    # copy is consistent with itself, only the Hub can tell.
    last = local_entries(workspace_path(data, "archive"))[-1]
    forged = {**last, "actor": "someone-else"}
    forged.pop("thread_id")
    forged["hash"] = entry_hash(forged)
    tamper(
        data,
        f"UPDATE archive_entries SET actor = 'someone-else', hash = '{forged['hash']}' "
        f"WHERE seq = {last['seq']}",
        f"UPDATE archive_state SET hash = '{forged['hash']}'",
    )
    code, out = verify_in_process(day, data, capsys)
    assert code == 1
    assert (
        f"BROKEN at entry {last['seq']} (changed): Entry {last['seq']} differs from the Hub's"
        in out
    )


# -- export ------------------------------------------------------------------------------------


def test_an_export_of_a_thread_reverifies_from_its_manifest_alone(day: Day, tmp_path: Path) -> None:
    out = tmp_path / "export"
    done = studio(day.data, "archive", "export", "--out", str(out), "--thread", day.thread)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "manifest.json SHA-256: " in done.stdout
    in_thread = [e for e in hub_archive(day.hub) if _thread_of(day, e) == day.thread]
    names = sorted(p.name for p in (out / "messages").iterdir())
    assert names == sorted(f"{e['seq']:010d}-{e['kind']}.eml" for e in in_thread)
    assert {"post", "reply", "report", "decision"} <= {e["kind"] for e in in_thread}
    # Moved elsewhere, away from any workspace, it checks from the manifest alone.
    moved = tmp_path / "handed-over"
    shutil.copytree(out, moved)
    check = studio(tmp_path / "nobody", "archive", "verify-export", str(moved))
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"{len(in_thread)} archive entries" in check.stdout
    # A changed and a removed file are each named.
    changed, removed = sorted((moved / "messages").iterdir())[:2]
    content = bytearray(changed.read_bytes())
    content[-40] ^= 0x01
    changed.write_bytes(bytes(content))
    removed.unlink()
    check = studio(tmp_path / "nobody", "archive", "verify-export", str(moved))
    assert check.returncode == 1
    assert f"CHANGED messages/{changed.name}:" in check.stdout
    assert f"MISSING messages/{removed.name}:" in check.stdout
    assert "Traceback" not in check.stderr


def _thread_of(day: Day, entry: dict[str, Any]) -> str | None:
    if entry["kind"] in ("post", "reply"):
        return str(entry["payload"]["thread_id"])
    if entry["kind"] in ("report", "decision"):
        posts = {p.id: p.data["thread_id"] for p in hub_records(day.hub, "post")}
        return posts.get(entry["subject_id"])
    return None


def test_an_export_of_a_search_and_one_that_finds_nothing(day: Day, tmp_path: Path) -> None:
    out = tmp_path / "search"
    done = studio(day.data, "archive", "export", "--out", str(out), "--query", "Réponse")
    assert done.returncode == 0, done.stdout + done.stderr
    assert studio(tmp_path, "archive", "verify-export", str(out)).returncode == 0
    assert any(p.name.endswith("-reply.eml") for p in (out / "messages").iterdir())
    none = studio(
        day.data, "archive", "export", "--out", str(tmp_path / "none"), "--query", "zzzqx"
    )
    assert none.returncode == 1 and none.stderr.startswith("studio: no archived entry")
    assert not (tmp_path / "none").exists()
    again = studio(day.data, "archive", "export", "--out", str(out), "--query", "Réponse")
    assert again.returncode == 2 and "not an empty folder" in again.stderr
