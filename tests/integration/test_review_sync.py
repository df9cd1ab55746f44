"""A published article's pending revision through a real Hub: two editors edit it offline and
both edits are kept (merged like any text, never lost under the Hub's copy); the live text
stays until an admin approves."""

from __future__ import annotations

from pathlib import Path

from studio.store import replica
from studio.store.review import approve_pending, pending_revision
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from studio.sync.engine import SyncEngine
from tests.hub.hubproc import PASSWORD, HubProcess

LIVE = "Intro paragraph.\n\nMiddle paragraph.\n\nClosing paragraph.\n"


def studio(hub: HubProcess, folder: Path, name: str, role: str) -> tuple[Workspace, SyncEngine]:
    workspace = Workspace.open(workspace_path(folder, name), name)
    replica.link(workspace, hub.url, role, role)
    token = HubClient(hub.url).sign_in(role, PASSWORD).access_token
    return workspace, SyncEngine(workspace, HubClient(hub.url, lambda: token))


def test_two_editors_pending_edits_merge_and_an_admin_approves(
    hub: HubProcess, tmp_path: Path
) -> None:
    admin, sync_admin = studio(hub, tmp_path, "admin", "admin")
    a, sync_a = studio(hub, tmp_path, "a", "editor")
    aid = admin.create_article("Guide", LIVE)
    for status in ("in_review", "approved", "published"):
        admin.set_article_status(aid, status)  # type: ignore[arg-type]
    sync_admin.sync()
    sync_a.sync()
    # A second editor's Studio (another workspace of the same account) edits it too.
    b = Workspace.open(workspace_path(tmp_path, "b"), "b")
    replica.link(b, hub.url, "editor", "editor")
    token = HubClient(hub.url).sign_in("editor", PASSWORD).access_token
    sync_b = SyncEngine(b, HubClient(hub.url, lambda: token))
    sync_b.sync()

    a.save_article(aid, body=LIVE.replace("Intro paragraph.", "Intro, by A."))
    b.save_article(aid, body=LIVE.replace("Closing paragraph.", "Closing, by B."))
    assert sync_a.sync().rejected == 0
    report = sync_b.sync()  # B's edit met A's: merged, sent again
    assert report.rejected == 0
    sync_a.sync()
    both = "Intro, by A.\n\nMiddle paragraph.\n\nClosing, by B.\n"
    for ws in (a, b):
        assert ws.article(aid).body == both, ws.name
        assert ws.live_article(aid).body == LIVE  # readers still see the published text
        assert replica.state(ws)["queued"] == 0 and replica.state(ws)["conflicts"] == 0

    sync_admin.sync()
    pending = pending_revision(admin, aid)
    assert pending is not None and pending.fields == {"body": both}
    approve_pending(admin, aid)
    assert sync_admin.sync().rejected == 0
    sync_a.sync()
    assert a.live_article(aid).body == both and pending_revision(a, aid) is None


def test_an_article_published_and_edited_before_its_first_sync_leaves_nothing_pending(
    hub: HubProcess, tmp_path: Path
) -> None:
    admin, sync_admin = studio(hub, tmp_path, "admin", "admin")
    aid = admin.create_article("Fresh", LIVE)
    for status in ("in_review", "approved", "published"):
        admin.set_article_status(aid, status)  # type: ignore[arg-type]
    admin.save_article(aid, body="Rewritten before it ever reached the Hub.\n")
    # Never seen by the Hub, never read by anyone: the edit goes in directly, as the Hub will
    # take it (one create with everything in).
    assert pending_revision(admin, aid) is None
    assert sync_admin.sync().rejected == 0
    # Never live before: the Hub published it with the new text; nothing waits.
    assert admin.live_article(aid).body == "Rewritten before it ever reached the Hub.\n"
    assert pending_revision(admin, aid) is None
