"""Sequences of offline changes to one record, synced against a real Hub (found by the stateful
fault test, tests/faults/test_stateful_sync.py).

Several changes to one record queued before a sync all carry the version the user saw: the
first one the Hub applies moves the record on, and the next must not be taken for a colleague's
conflicting change.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
from sqlalchemy import select

from studio.domain.merge import Take, compose, text_hunks
from studio.store import conflicts, replica
from studio.store.models import Article, Decision, JournalEntry, OutboxOp, Post
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from studio.sync.engine import SyncEngine, SyncReport
from tests.hub.hubproc import HubProcess


def studio(hub: HubProcess, folder: Path, account: str) -> tuple[Workspace, SyncEngine]:
    name = f"{account}-{uuid.uuid4().hex[:6]}"
    ws = Workspace.open(workspace_path(folder, name), name)
    replica.link(ws, hub.url, account)
    token = hub.token(account)
    return ws, SyncEngine(ws, HubClient(hub.url, lambda: token))


def on_hub(hub: HubProcess, kind: str, record_id: str) -> httpx.Response:
    with hub.client("admin") as c:
        return c.get(f"/v1/{kind}s/{record_id}")


def article(ws: Workspace, article_id: str) -> Article:
    with ws.reading() as s:
        row = s.get(Article, article_id)
        assert row is not None
        return row


def states(ws: Workspace) -> list[str]:
    with ws.reading() as s:
        return [op.state for op in s.scalars(select(OutboxOp).order_by(OutboxOp.seq))]


def test_an_article_edited_then_deleted_offline_is_deleted_on_the_hub(
    hub: HubProcess, tmp_path: Path
) -> None:
    ws, engine = studio(hub, tmp_path, "editor")
    aid = ws.create_article("Soon gone", "Text.\n")
    engine.sync()
    ws.save_article(aid, body="Text, edited.\n")
    ws.delete_article(aid)
    report = engine.sync()
    assert (report.applied, report.conflicts) == (2, 0)
    assert on_hub(hub, "article", aid).status_code == 404
    assert states(ws) == ["applied"] * 3
    with ws.reading() as s:
        assert s.get(Article, aid) is None


def test_an_article_created_then_deleted_offline_never_lingers(
    hub: HubProcess, tmp_path: Path
) -> None:
    ws, engine = studio(hub, tmp_path, "editor")
    aid = ws.create_article("Written by mistake", "Text.\n")
    ws.delete_article(aid)
    report = engine.sync()
    assert report.conflicts == 0
    assert on_hub(hub, "article", aid).status_code == 404
    with ws.reading() as s:
        assert s.get(Article, aid) is None


def test_two_decisions_on_one_post_made_offline_are_applied_in_order(
    hub: HubProcess, tmp_path: Path
) -> None:
    thread, post = str(uuid.uuid4()), str(uuid.uuid4())
    with hub.client("member") as c:
        c.post(
            "/v1/ops",
            json={
                "ops": [
                    {
                        "op_id": str(uuid.uuid4()),
                        "type": "thread",
                        "id": thread,
                        "action": "create",
                        "base_version": 0,
                        "data": {"title": "Q"},
                    },
                    {
                        "op_id": str(uuid.uuid4()),
                        "type": "post",
                        "id": post,
                        "action": "create",
                        "base_version": 0,
                        "data": {"thread_id": thread, "body": "Buy now"},
                    },
                ]
            },
        ).raise_for_status()
    ws, engine = studio(hub, tmp_path, "moderator")
    engine.sync()
    ws.decide_post(post, "remove", reason="spam")
    second = ws.decide_post(post, "restore", note="not spam after all")
    report = engine.sync()
    assert report.conflicts == 0
    with ws.reading() as s:
        assert {d.outcome for d in s.scalars(select(Decision))} == {"applied"}
    decision = on_hub(hub, "post", post).json()["decision"]
    assert (decision["action"], decision["decision_id"]) == ("restore", second)


def test_a_deletion_that_meets_a_colleagues_edit_brings_the_record_back(
    hub: HubProcess, tmp_path: Path
) -> None:
    a, sync_a = studio(hub, tmp_path, "editor")
    b, sync_b = studio(hub, tmp_path, "admin")
    aid = a.create_article("Shared", "One.\n")
    sync_a.sync()
    sync_b.sync()
    a.save_article(aid, body="One, improved.\n")
    sync_a.sync()
    b.delete_article(aid)  # B has not seen A's change
    report = sync_b.sync()
    assert report.conflicts == 1
    hub_copy = on_hub(hub, "article", aid)
    assert hub_copy.status_code == 200  # A's change was not deleted unseen
    with b.reading() as s:
        mine = s.get(Article, aid)
        assert mine is not None and not mine.deleted and not mine.local
        assert (mine.body, mine.version) == ("One, improved.\n", hub_copy.json()["version"])
        note = s.scalars(select(JournalEntry).where(JournalEntry.action == "deletion_lost")).one()
    assert note.record_id == aid
    assert states(b)[-1] == "conflict"
    assert replica.state(b)["queued"] == 0


def test_a_queued_deletion_survives_the_merge_of_an_earlier_edit(
    hub: HubProcess, tmp_path: Path
) -> None:
    """B renames, then deletes, an article A has changed meanwhile; the rename goes first, in
    a batch of its own, and meets A's change: merging it must not drop the deletion queued
    behind it (the record stayed deleted here, marked synced, while it lived on the Hub)."""
    a, sync_a = studio(hub, tmp_path, "editor")
    b, sync_b = studio(hub, tmp_path, "admin")
    sync_b.batch = 1
    aid = a.create_article("Shared", "One.\n")
    sync_a.sync()
    sync_b.sync()
    a.save_article(aid, body="One, improved.\n")
    sync_a.sync()
    b.save_article(aid, title="Renamed by B")
    b.delete_article(aid)
    sync_b.push(SyncReport())
    # The deletion came back; the merged rename, sent after it, is what B sees (not the copy
    # the Hub had before it).
    assert (article(b, aid).deleted, article(b, aid).title) == (False, "Renamed by B")
    sync_b.sync()
    hub_copy = on_hub(hub, "article", aid).json()
    assert hub_copy["body"] == "One, improved.\n"
    with b.reading() as s:
        mine = s.get(Article, aid)
        assert mine is not None and not mine.deleted and not mine.local
        assert (mine.title, mine.body) == (hub_copy["title"], hub_copy["body"])
        lost = s.scalars(select(JournalEntry).where(JournalEntry.action == "deletion_lost")).all()
    assert [e.record_id for e in lost] == [aid]
    assert replica.state(b)["queued"] == 0


def member_post(hub: HubProcess) -> str:
    """A post by a member on the Hub, in a thread of its own; returns its id."""
    thread, post = str(uuid.uuid4()), str(uuid.uuid4())
    ops = [
        {"type": "thread", "id": thread, "action": "create", "data": {"title": "Q"}},
        {
            "type": "post",
            "id": post,
            "action": "create",
            "data": {"thread_id": thread, "body": "Hi"},
        },
    ]
    with hub.client("member") as c:
        c.post(
            "/v1/ops",
            json={"ops": [{"op_id": str(uuid.uuid4()), "base_version": 0, **op} for op in ops]},
        ).raise_for_status()
    return post


def report_post(hub: HubProcess, post: str) -> None:
    """A member reports the post: the Hub raises its version and report count."""
    op = {
        "op_id": str(uuid.uuid4()),
        "type": "post",
        "id": post,
        "action": "report",
        "base_version": 0,
        "data": {"reason": "spam", "note": ""},
    }
    with hub.client("member") as c:
        assert c.post("/v1/ops", json={"ops": [op]}).json()["results"][0]["status"] == "applied"


def test_a_decision_made_while_a_round_pulls_goes_as_a_decision_only(
    hub: HubProcess, tmp_path: Path
) -> None:
    """The sync worker runs beside the moderator: a decision made after the round's push meets
    the pull of a newer copy of its post (reported meanwhile). The fields the Hub derives
    (state, decision) are not sent as an update of their own, which the Hub refuses."""
    post = member_post(hub)
    ws, engine = studio(hub, tmp_path, "moderator")
    engine.sync()
    ws.decide_post(post, "remove", reason="spam")
    report_post(hub, post)
    engine.pull(SyncReport())
    engine.sync()
    with ws.reading() as s:
        ops = [(o.action, o.state) for o in s.scalars(select(OutboxOp).order_by(OutboxOp.seq))]
        assert [d.outcome for d in s.scalars(select(Decision))] == ["applied"]
        row = s.get(Post, post)
    assert ops == [("decide", "applied")]
    hub_copy = on_hub(hub, "post", post).json()
    assert row is not None and not row.local
    assert (row.state, row.report_count, row.version) == ("removed", 1, hub_copy["version"])


def test_a_decision_that_lost_while_a_round_pulled_is_shown_lost_not_as_a_conflict(
    hub: HubProcess, tmp_path: Path
) -> None:
    post = member_post(hub)
    mo_a, sync_a = studio(hub, tmp_path, "admin")
    mo_b, sync_b = studio(hub, tmp_path, "moderator")
    sync_a.sync()
    sync_b.sync()
    mo_a.decide_post(post, "approve")
    sync_a.sync()
    mo_b.decide_post(post, "remove", reason="spam")  # after B's push, before its pull
    sync_b.pull(SyncReport())
    sync_b.sync()
    assert replica.state(mo_b)["conflicts"] == 0 and replica.state(mo_b)["rejected"] == 0
    with mo_b.reading() as s:
        assert [d.outcome for d in s.scalars(select(Decision))] == ["lost"]
        row = s.get(Post, post)
    assert row is not None and not row.local and row.state == "visible"
    assert on_hub(hub, "post", post).json()["decision"]["action"] == "approve"


def test_resolving_a_conflict_keeps_a_deletion_queued_behind_it(
    hub: HubProcess, tmp_path: Path
) -> None:
    a, sync_a = studio(hub, tmp_path, "editor")
    b, sync_b = studio(hub, tmp_path, "admin")
    sync_b.batch = 1
    aid = a.create_article("Shared", "One.\nTwo.\n")
    sync_a.sync()
    sync_b.sync()
    a.save_article(aid, body="One.\nA's line.\nTwo.\n")
    sync_a.sync()
    b.save_article(aid, body="One.\nB's line.\nTwo.\n")
    b.delete_article(aid)
    sync_b.sync()  # the edit meets A's: a conflict; the deletion waits behind it
    (row,) = conflicts.conflicts_page(b, None, 10)
    conflicts.resolve(b, row.id, {"body": conflicts.load(b, row.id).mine["body"]})
    sync_b.sync()
    sync_b.sync()
    with b.reading() as s:
        mine = s.get(Article, aid)
    alive_on_hub = on_hub(hub, "article", aid).status_code == 200
    hidden_here = mine is None or mine.deleted
    assert not (alive_on_hub and hidden_here)


def test_resolving_a_conflict_keeps_what_reached_the_hub_after_it_was_found(
    hub: HubProcess, tmp_path: Path
) -> None:
    """A and B change the same line: B's sync finds the conflict. A then adds another line,
    which B's next sync merges into the record in conflict. B resolves keeping its line: A's
    second line must stay (before, the conflict still showed the Hub's copy of when it was
    found, and resolving from it sent a text without A's later line: lost without a trace)."""
    a, sync_a = studio(hub, tmp_path, "editor")
    b, sync_b = studio(hub, tmp_path, "admin")
    aid = a.create_article("Shared", "One.\nTwo.\nThree.\n")
    sync_a.sync()
    sync_b.sync()
    a.save_article(aid, body="One, by A.\nTwo.\nThree.\n")
    sync_a.sync()
    b.save_article(aid, body="One, by B.\nTwo.\nThree.\n")
    sync_b.sync()
    (row,) = conflicts.conflicts_page(b, None, 10)
    a.save_article(aid, body="One, by A.\nTwo.\nThree.\nFour, by A.\n")
    sync_a.sync()
    sync_b.sync()  # merges A's new line into B's record, still in conflict
    shown = conflicts.load(b, row.id)
    assert "Four, by A." in shown.theirs["body"]  # the conflict shows the Hub as it is now
    hunks = text_hunks(shown.base["body"], shown.mine["body"], shown.theirs["body"])
    conflicts.resolve(
        b, row.id, {"body": compose(hunks, dict.fromkeys(range(len(hunks)), Take.MINE))}
    )
    sync_b.sync()
    sync_a.sync()
    assert on_hub(hub, "article", aid).json()["body"] == "One, by B.\nTwo.\nThree.\nFour, by A.\n"
    assert article(a, aid).body == article(b, aid).body == "One, by B.\nTwo.\nThree.\nFour, by A.\n"
