"""Two Studios and a real Hub: offline edits, sync, convergence, merges and conflicts."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from studio.domain.merge import Take, compose, text_hunks
from studio.store import conflicts, outbox, replica
from studio.store.models import Article, ArticleRevision, Conflict, Decision, OutboxOp, Post
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from studio.sync.engine import SyncEngine
from studio.ui.sync_panel import activity_text
from tests.hub.hubproc import PASSWORD, HubProcess


def studio(hub: HubProcess, folder: Path, name: str, role: str) -> tuple[Workspace, SyncEngine]:
    workspace = Workspace.open(workspace_path(folder, name), name)
    replica.link(workspace, hub.url, role)
    token = HubClient(hub.url).sign_in(role, PASSWORD).access_token
    return workspace, SyncEngine(workspace, HubClient(hub.url, lambda: token))


def article(ws: Workspace, article_id: str) -> Article:
    with ws.reading() as s:
        row = s.get(Article, article_id)
        assert row is not None
        return row


def test_two_studios_edit_offline_sync_and_converge(hub: HubProcess, tmp_path: Path) -> None:
    a, sync_a = studio(hub, tmp_path, "a", "editor")
    b, sync_b = studio(hub, tmp_path, "b", "editor")
    body = "Intro paragraph.\n\nMiddle paragraph.\n\nClosing paragraph.\n"
    aid = a.create_article("Trésorerie : le guide", body)
    first = sync_a.sync()
    assert (first.applied, first.rejected) == (1, 0)
    sync_b.sync()
    assert article(b, aid).body == body
    # Offline, each edits a different paragraph; both sync; both converge on both edits.
    a.save_article(aid, body=body.replace("Intro paragraph.", "Intro, rewritten by A."))
    b.save_article(aid, body=body.replace("Closing paragraph.", "Closing, rewritten by B."))
    sync_a.sync()
    report_b = sync_b.sync()
    sync_a.sync()
    expected = "Intro, rewritten by A.\n\nMiddle paragraph.\n\nClosing, rewritten by B.\n"
    assert article(a, aid).body == expected == article(b, aid).body
    assert report_b.conflicts == 1  # B's push met A's version, then merged cleanly
    assert article(a, aid).version == article(b, aid).version
    assert not article(a, aid).local and not article(b, aid).local
    for ws in (a, b):
        assert replica.state(ws)["queued"] == 0 and replica.state(ws)["conflicts"] == 0


def test_the_same_paragraph_changed_twice_is_a_conflict_kept_not_overwritten(
    hub: HubProcess, tmp_path: Path
) -> None:
    a, sync_a = studio(hub, tmp_path, "a", "editor")
    b, sync_b = studio(hub, tmp_path, "b", "editor")
    aid = a.create_article("Export", "One.\n\nTwo.\n")
    sync_a.sync()
    sync_b.sync()
    a.save_article(aid, body="One, by A.\n\nTwo.\n")
    b.save_article(aid, body="One, by B.\n\nTwo.\n")
    sync_a.sync()
    sync_b.sync()
    mine = article(b, aid)
    assert mine.conflict and mine.body == "One, by B.\n\nTwo.\n"  # B's text is not lost
    with b.reading() as s:
        conflict = s.scalars(select(Conflict).where(Conflict.record_id == aid)).one()
    assert conflict.fields == ["body"]
    assert conflict.theirs["body"] == "One, by A.\n\nTwo.\n"
    assert conflict.base["body"] == "One.\n\nTwo.\n"
    assert replica.state(b)["conflicts"] == 1

    # While the conflict is open, B's further edits wait: nothing of the record reaches the Hub.
    b.save_article(aid, title="Export, checked by B")
    assert sync_b.sync().pushed == 0
    sync_a.sync()
    assert article(a, aid).title == "Export"

    # B keeps both paragraphs' versions (the conflict view's "both"), then syncs.
    copies = conflicts.load(b, conflict.id)
    hunks = text_hunks(copies.base["body"], copies.mine["body"], copies.theirs["body"])
    chosen = compose(hunks, {i: Take.BOTH for i, h in enumerate(hunks) if not h.settled})
    assert chosen == "One, by B.\nOne, by A.\n\nTwo.\n"
    conflicts.resolve(b, conflict.id, {"body": chosen})
    assert not article(b, aid).conflict and replica.state(b)["conflicts"] == 0
    assert sync_b.sync().applied == 1
    sync_a.sync()
    for ws in (a, b):
        assert (article(ws, aid).body, article(ws, aid).title) == (chosen, "Export, checked by B")
        assert not article(ws, aid).local and replica.state(ws)["queued"] == 0
    assert article(a, aid).version == article(b, aid).version
    # Both losing texts stay in B's revision history.
    with b.reading() as s:
        kept = {
            r.body
            for r in s.scalars(select(ArticleRevision).where(ArticleRevision.reason == "conflict"))
        }
    assert kept == {"One, by B.\n\nTwo.\n", "One, by A.\n\nTwo.\n"}


def test_a_decision_that_lost_is_kept_and_says_who_decided_first(
    hub: HubProcess, tmp_path: Path
) -> None:
    thread, post = str(uuid.uuid4()), str(uuid.uuid4())
    token = HubClient(hub.url).sign_in("member", PASSWORD).access_token
    HubClient(hub.url, lambda: token).push(
        [
            {
                "op_id": str(uuid.uuid4()),
                "type": "thread",
                "id": thread,
                "action": "create",
                "base_version": 0,
                "data": {"title": "Question"},
            },
            {
                "op_id": str(uuid.uuid4()),
                "type": "post",
                "id": post,
                "action": "create",
                "base_version": 0,
                "data": {"thread_id": thread, "body": "Spam? www.x.example"},
            },
        ]
    )
    mo_a, sync_a = studio(hub, tmp_path, "mo-a", "moderator")
    mo_b, sync_b = studio(hub, tmp_path, "mo-b", "moderator")
    sync_a.sync()
    sync_b.sync()
    mo_a.decide_post(post, "remove", reason="spam")
    mo_b.decide_post(post, "approve")
    sync_a.sync()
    report = sync_b.sync()
    assert report.conflicts == 1
    with mo_b.reading() as s:
        decision = s.scalars(select(Decision).where(Decision.post_id == post)).one()
        row = s.get(Post, post)
        op = s.scalars(select(OutboxOp).where(OutboxOp.record_id == post)).one()
    assert decision.outcome == "lost" and decision.action == "approve"
    assert row is not None and row.state == "removed" and row.decision["by"] == "moderator"
    assert op.state == "conflict"
    # The sync panel's history says who decided what first, and what was decided here.
    (lost,) = [r for r in outbox.activity_page(mo_b, None, 20) if r.action == "decision_lost"]
    assert (lost.details["by"], lost.details["action"], lost.details["mine"]) == (
        "moderator",
        "remove",
        "approve",
    )
    text = activity_text(lost)
    assert text.startswith("“Spam? www.x.example”: Removed by moderator at ")
    assert text.endswith(", before your approval.")


def test_a_refused_change_stays_local_with_the_hubs_reason(hub: HubProcess, tmp_path: Path) -> None:
    ws, engine = studio(hub, tmp_path, "ed", "editor")
    aid = ws.create_article("To publish")
    engine.sync()
    ws.set_article_status(aid, "published")  # editors may not publish
    report = engine.sync()
    assert report.rejected == 1
    assert article(ws, aid).status == "published" and article(ws, aid).local
    with ws.reading() as s:
        op = s.scalars(select(OutboxOp).where(OutboxOp.state == "rejected")).one()
    assert "may not move an article to published" in op.error
    assert replica.state(ws)["rejected"] == 1


def test_an_image_in_an_article_reaches_the_hub_before_the_article(
    hub: HubProcess, tmp_path: Path
) -> None:
    import httpx

    ws, engine = studio(hub, tmp_path, "img", "editor")
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    digest = ws.add_attachment(png, "image/png")
    assert ws.add_attachment(png, "image/png") == digest  # the same bytes are kept once
    ws.create_article("With a picture", f"![chart](attachment:{digest})\n")
    assert ws.attachments_to_upload() == [digest]
    report = engine.sync()
    assert report.applied == 1 and ws.attachments_to_upload() == []
    answer = httpx.get(
        f"{hub.url}/v1/attachments/{digest}",
        headers={"Authorization": f"Bearer {hub.token('editor')}"},
    )
    assert answer.status_code == 200 and answer.content == png
