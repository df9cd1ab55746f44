"""The kit through a real Hub: an admin's approved snippet reaches an editor's Studio and is
offered there; an editor's proposal is not offered to others until an admin approves it; the
Hub refuses what an editor may not do, whatever a Studio sends."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hub.db import make_engine, sessions
from studio.store import replica
from studio.store.kit import (
    approve_kit_item,
    create_kit_item,
    kit_item,
    kit_page,
    save_kit_item,
)
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from studio.sync.engine import SyncEngine
from tests.hub.hubproc import PASSWORD, HubProcess, prepare_database, start_hub


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """A real Hub with an account per role, and a second editor, ``editor2``."""
    from hub import auth

    folder = tmp_path_factory.mktemp("hub")
    url = f"sqlite:///{folder / 'hub.sqlite3'}"
    prepare_database(url)
    engine = make_engine(url)
    with sessions(engine).begin() as session:
        auth.add_user(session, "editor2", PASSWORD, "editor", "Second editor")
    engine.dispose()
    process = start_hub(url, folder, prepare=False)
    yield process
    process.stop()


def studio(hub: HubProcess, folder: Path, account: str, role: str) -> tuple[Workspace, SyncEngine]:
    workspace = Workspace.open(workspace_path(folder, account), account)
    replica.link(workspace, hub.url, account, role)
    token = HubClient(hub.url).sign_in(account, PASSWORD).access_token
    return workspace, SyncEngine(workspace, HubClient(hub.url, lambda: token))


def offered(ws: Workspace) -> list[str]:
    return [r.title for r in kit_page(ws, None, 100) if r.offered]


def push(hub: HubProcess, account: str, action: str, item_id: str, **op: Any) -> dict[str, Any]:
    token = HubClient(hub.url).sign_in(account, PASSWORD).access_token
    answer = HubClient(hub.url, lambda: token).push(
        [
            {
                "op_id": str(uuid.uuid4()),
                "type": "kit_item",
                "id": item_id,
                "action": action,
                "base_version": op.pop("base_version", 0),
                "data": op,
            }
        ]
    )
    return answer.results[0].model_dump()


def test_approved_items_reach_every_studio_and_proposals_wait_for_an_admin(
    hub: HubProcess, tmp_path: Path
) -> None:
    admin, sync_admin = studio(hub, tmp_path, "admin", "admin")
    editor, sync_editor = studio(hub, tmp_path, "editor", "editor")
    other, sync_other = studio(hub, tmp_path, "editor2", "editor")

    # An admin's snippet, approved at once, syncs through the Hub to an editor, offered there.
    warning = create_kit_item(
        admin, "Risk warning", "> Capital at risk, {member_name}.", tags=["legal"], approved=True
    )
    assert sync_admin.sync().applied == 1
    sync_editor.sync()
    assert offered(editor) == ["Risk warning"]
    got = kit_item(editor, warning)
    assert (got.approved, got.approved_by, got.proposed_by) == (True, "admin", "admin")
    assert got.body == "> Capital at risk, {member_name}." and got.tags == ["legal"]

    # An editor's proposal: offered to its author, not to another editor nor for insertion by
    # the admin, who sees it waiting.
    idea = create_kit_item(editor, "Market note", "# {title}\n\nIn short: ", kind="template")
    assert offered(editor) == ["Market note", "Risk warning"]
    report = sync_editor.sync()
    assert (report.applied, report.rejected) == (1, 0)
    assert kit_item(editor, idea).proposed_by == "editor"  # as the Hub wrote it
    sync_other.sync()
    sync_admin.sync()
    assert offered(other) == ["Risk warning"]
    assert [r.title for r in kit_page(other, None, 100)] == ["Risk warning"]
    assert offered(admin) == ["Risk warning"]
    waiting = {r.title: r for r in kit_page(admin, None, 100, everything=True)}
    assert not waiting["Market note"].offered and waiting["Market note"].proposed_by == "editor"

    # The editor improves the proposal; the admin approves it; now everyone is offered it.
    save_kit_item(editor, idea, body="# {title}\n\n**In short:** ")
    assert sync_editor.sync().applied == 1
    sync_admin.sync()
    approve_kit_item(admin, idea)
    assert sync_admin.sync().applied == 1
    for ws, engine in ((other, sync_other), (editor, sync_editor)):
        engine.sync()
        assert offered(ws) == ["Market note", "Risk warning"]
        got = kit_item(ws, idea)
        assert (got.approved, got.approved_by) == (True, "admin")
        assert got.body == "# {title}\n\n**In short:** " and not got.local


def test_the_hub_refuses_what_an_editor_may_not_do(hub: HubProcess) -> None:
    proposal, approved = str(uuid.uuid4()), str(uuid.uuid4())
    base = {"title": "Signature", "body": "Regards, {sender}", "kind": "snippet"}
    # An editor cannot create an approved item, nor one with a broken variable.
    refused = push(hub, "editor", "create", proposal, **base, approved=True)
    assert refused["status"] == "rejected" and refused["error"]["code"] == "forbidden"
    broken = push(hub, "editor", "create", proposal, **{**base, "body": "Regards, {sender"})
    assert broken["error"]["code"] == "invalid_template"
    assert "Line 1, column 10" in broken["error"]["message"]
    # The Hub writes who proposed and who approved, whatever is sent.
    forged = push(hub, "editor", "create", proposal, **base, proposed_by="admin")
    assert forged["error"]["code"] == "server_fields"
    assert push(hub, "editor", "create", proposal, **base)["status"] == "applied"
    # Another editor may not change nor withdraw it; its author may not approve it.
    other = push(hub, "editor2", "update", proposal, base_version=1, body="Mine now")
    assert (
        other["error"]["code"] == "forbidden" and "editor's proposal" in other["error"]["message"]
    )
    gone = push(hub, "editor2", "delete", proposal, base_version=1)
    assert gone["error"]["code"] == "forbidden"
    self_approved = push(hub, "editor", "update", proposal, base_version=1, approved=True)
    assert self_approved["error"]["code"] == "forbidden"
    # An approved item is the admin's to change: its proposer may not edit it any more.
    assert push(hub, "admin", "update", proposal, base_version=1, approved=True)["version"] == 2
    token = HubClient(hub.url).sign_in("compliance", PASSWORD).access_token
    entries = HubClient(hub.url, lambda: token).archive(0).entries
    approval = [e for e in entries if e.subject_id == proposal]
    assert [(e.kind, e.actor, e.payload["fields"]) for e in approval] == [
        ("edit", "admin", ["approved", "approved_by"])
    ]  # who approved what, in the tamper-evident archive
    late = push(hub, "editor", "update", proposal, base_version=2, body="Changed after approval")
    assert late["error"]["code"] == "forbidden"
    assert push(hub, "editor", "delete", proposal, base_version=2)["error"]["code"] == "forbidden"
    assert push(hub, "admin", "create", approved, **base, approved=True)["status"] == "applied"
    assert push(hub, "admin", "delete", approved, base_version=1)["status"] == "applied"
