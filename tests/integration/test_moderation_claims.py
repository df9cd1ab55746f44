"""Claims, decided-first and member notes between two Studios and one real Hub.

The first test is the whole story in two Studio windows driven by keys: A opens a post and
claims it, the claim reaches the Hub and B sees "Claimed by moderator until …"; B decides anyway
and A decides too: A is told who decided what first, and both decisions stay in its history.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from hub import auth
from hub.db import make_engine, sessions
from hub.models import User
from studio.app import Studio
from studio.domain.instants import from_wire, utc_now
from studio.store import replica
from studio.store.models import Decision, OutboxOp, Post
from studio.store.moderation_context import add_member_entry, claim_post, post_context
from studio.store.workspace import Workspace, workspace_path
from studio.sync.client import HubClient
from studio.sync.engine import SyncEngine
from tests.hub.hubproc import PASSWORD, HubProcess

SHOTS = Path(os.environ.get("STUDIO_SHOTS", "/tmp/team"))


class KnownToken:
    """Stands in for the OS keyring (as in tests/gui/test_sync_gui.py)."""

    def __init__(self, token: str) -> None:
        self.value = token

    def token(self, hub_url: str, account: str) -> str | None:
        return self.value


def second_moderator(hub: HubProcess) -> None:
    engine = make_engine(hub.database)
    with sessions(engine).begin() as session:
        if session.get(User, "mo2") is None:
            auth.add_user(session, "mo2", PASSWORD, "moderator", "Mo Two")
    engine.dispose()


def op(record_type: str, record_id: str, action: str, data: dict, base: int = 0) -> dict:
    return {
        "op_id": str(uuid.uuid4()),
        "type": record_type,
        "id": record_id,
        "action": action,
        "base_version": base,
        "data": data,
    }


def member_posts(hub: HubProcess, bodies: list[str]) -> tuple[str, list[str]]:
    """A member and a thread of posts by them on the Hub; returns (member id, post ids)."""
    member = str(uuid.uuid4())
    admin = hub.client("admin")
    answer = admin.post(
        "/v1/ops", json={"ops": [op("member", member, "create", {"display_name": "Ada"})]}
    )
    assert answer.json()["results"][0]["status"] == "applied", answer.text
    thread, posts = str(uuid.uuid4()), [str(uuid.uuid4()) for _ in bodies]
    ops = [op("thread", thread, "create", {"title": "Invoices"})]
    ops += [
        op("post", pid, "create", {"thread_id": thread, "author_id": member, "body": body})
        for pid, body in zip(posts, bodies, strict=True)
    ]
    answer = hub.client("member").post("/v1/ops", json={"ops": ops})
    assert {r["status"] for r in answer.json()["results"]} == {"applied"}, answer.text
    return member, posts


def hub_post(hub: HubProcess, post_id: str) -> dict:
    answer = hub.client("admin").get(f"/v1/posts/{post_id}")
    answer.raise_for_status()
    return dict(answer.json())


def workspace(hub: HubProcess, folder: Path, name: str, account: str) -> Workspace:
    ws = Workspace.open(workspace_path(folder, name), name)
    replica.link(ws, hub.url, account, "moderator")
    return ws


def engine_for(hub: HubProcess, ws: Workspace, account: str) -> SyncEngine:
    token = HubClient(hub.url).sign_in(account, PASSWORD).access_token
    return SyncEngine(ws, HubClient(hub.url, lambda: token))


# -- two Studio windows ----------------------------------------------------------------------------


@pytest.fixture
def two_studios(
    hub: HubProcess, qapp: QApplication, tmp_path: Path, qtbot
) -> Iterator[tuple[Studio, Studio]]:
    second_moderator(hub)
    started = []
    for name, account in (("a", "moderator"), ("b", "mo2")):
        folder = tmp_path / name
        folder.mkdir()
        workspace(hub, folder, name, account).close()
        token = HubClient(hub.url).sign_in(account, PASSWORD).access_token
        studio = Studio(qapp, folder, name, show_dialogs=False, credentials=KnownToken(token))
        qtbot.addWidget(studio.window)
        studio.start()
        studio.window.resize(1440, 900)
        started.append(studio)
    for studio in started:
        qtbot.waitUntil(
            lambda s=studio: s.window.status_connection.text() == "Online", timeout=30_000
        )
    yield started[0], started[1]
    for studio in started:
        studio.window.close()
        studio.shut_down()


def activate(studio: Studio) -> None:
    studio.window.activateWindow()
    assert QTest.qWaitForWindowActive(studio.window, 5000)


def focus(studio: Studio, qtbot):
    window = studio.window
    activate(studio)
    window.show_page("moderation")
    page = window.pages["moderation"]
    page.table.setFocus()
    return page


def sync_now(studio: Studio, qtbot) -> None:
    """F5, once what was queued on the writer thread is written; back when a round is over and
    nothing waits to be sent."""
    window = studio.window
    assert studio.tasks.wait(10_000)
    assert studio.sync is not None
    with qtbot.waitSignal(studio.sync.finished, timeout=30_000):
        qtbot.keyClick(window.rail, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.status_pending.text() == "All changes synced", timeout=30_000)


def shown_id(page) -> str | None:
    row = page.current()[1]
    return row.id if row is not None else None


def test_claim_conflict_between_two_studios(
    hub: HubProcess, two_studios: tuple[Studio, Studio], qtbot
) -> None:
    a, b = two_studios
    _member, (post,) = member_posts(hub, ["Cheap loans, message me now"])

    # A looks at the post: after a moment it is claimed, and the claim is sent at once.
    page_a = focus(a, qtbot)
    sync_now(a, qtbot)
    qtbot.waitUntil(lambda: post in page_a.model.ids(), timeout=20_000)
    qtbot.waitUntil(lambda: shown_id(page_a) == post, timeout=10_000)
    qtbot.waitUntil(lambda: hub_post(hub, post).get("claimed_by") == "moderator", timeout=30_000)
    until = from_wire(hub_post(hub, post)["claimed_until"])
    assert timedelta(minutes=4) < until - utc_now() <= timedelta(minutes=5)

    # B syncs and sees A's claim beside the post; B claims nothing.
    activate(b)
    sync_now(b, qtbot)
    page_b = focus(b, qtbot)
    qtbot.waitUntil(lambda: post in page_b.model.ids(), timeout=20_000)
    qtbot.waitUntil(lambda: shown_id(page_b) == post, timeout=10_000)
    banner = page_b.aside.pane.banner
    qtbot.waitUntil(lambda: banner.isVisible() and "Claimed by moderator until" in banner.text())
    qtbot.wait(1500)  # longer than a claim's dwell
    with b.workspace.reading() as s:
        assert s.scalars(select(OutboxOp).where(OutboxOp.action == "claim")).all() == []
    b.window.grab().save(str(SHOTS / "h6-claimed-by-colleague.png"))

    # B approves anyway (a claim is advice, not a lock), and syncs.
    qtbot.keyClick(page_b.table, Qt.Key.Key_A)
    sync_now(b, qtbot)
    assert hub_post(hub, post)["decision"]["by"] == "mo2"

    # A removes it without having synced: A's decision loses, and A is told who decided first.
    page_a = focus(a, qtbot)
    assert shown_id(page_a) == post
    qtbot.keyClick(page_a.table, Qt.Key.Key_R)
    qtbot.keyClick(page_a.post.reasons, Qt.Key.Key_1)
    qtbot.keyClick(page_a.post.reasons, Qt.Key.Key_Return)
    sync_now(a, qtbot)
    notice = page_a.aside.pane.notice
    qtbot.waitUntil(lambda: notice.isVisible(), timeout=20_000)
    assert notice.text().startswith("mo2 approved “Cheap loans, message me now” first, at ")
    assert "; your removal (" in notice.text() and "was not applied" in notice.text()
    a.window.grab().save(str(SHOTS / "h6-decided-first.png"))
    # Both decisions are in A's history: A's own as lost, mo2's as the one that stands.
    context = post_context(a.workspace, post)
    assert [(d.by, d.action, d.outcome) for d in context.decisions] == [
        ("mo2", "approve", "applied"),
        ("moderator", "remove", "lost"),
    ]
    with a.workspace.reading() as s:
        row = s.get(Post, post)
        assert row is not None and row.state == "visible" and row.decision["by"] == "mo2"
        assert s.scalars(select(Decision.outcome).where(Decision.post_id == post)).all() == ["lost"]


# -- the same rules without windows ----------------------------------------------------------------


def test_a_colleagues_running_claim_stands_and_notes_and_strikes_sync(
    hub: HubProcess, tmp_path: Path
) -> None:
    second_moderator(hub)
    member, (first, second) = member_posts(hub, ["Post one", "Post two"])
    a = workspace(hub, tmp_path, "ca", "moderator")
    b = workspace(hub, tmp_path, "cb", "mo2")
    sync_a, sync_b = engine_for(hub, a, "moderator"), engine_for(hub, b, "mo2")
    sync_a.sync()
    sync_b.sync()

    # Both claim the same post before hearing of each other: the first to reach the Hub has it.
    assert claim_post(a, first).queued and claim_post(b, first).queued
    sync_a.sync()
    report = sync_b.sync()
    assert report.rejected == 0  # a claim that did not take is no error
    assert hub_post(hub, first)["claimed_by"] == "moderator"
    with b.reading() as s:
        mine = s.get(Post, first)
        assert mine is not None and mine.claimed_by == "moderator"  # B hears who holds it
    held = post_context(b, first).claimed_by_other()
    assert held is not None and held.by == "moderator"
    # While it runs, B's Studio sends no claim; A's own is not sent again either.
    assert claim_post(b, first) == (held, False)
    assert not claim_post(a, first).queued

    # The same op twice is applied once (and answered as a duplicate).
    claim = op("post", second, "claim", {"minutes": 2})
    client = hub.client("mo2")
    assert client.post("/v1/ops", json={"ops": [claim]}).json()["results"][0]["status"] == (
        "applied"
    )
    again = client.post("/v1/ops", json={"ops": [claim]}).json()["results"][0]
    assert again["status"] == "duplicate"
    # A member may not claim; a release gives the claim back.
    refused = (
        hub.client("member")
        .post("/v1/ops", json={"ops": [op("post", second, "claim", {})]})
        .json()["results"][0]
    )
    assert refused["status"] == "rejected" and refused["error"]["code"] == "forbidden"
    client.post("/v1/ops", json={"ops": [op("post", second, "claim", {"release": True})]})
    assert hub_post(hub, second)["claimed_by"] is None

    # A strike and an expiring note from A reach the Hub, the archive and B.
    add_member_entry(a, member, "strike", "Spam links", first)
    add_member_entry(
        a, member, "note", "Watch their next posts", first, utc_now() + timedelta(days=30)
    )
    assert sync_a.sync().applied == 2
    on_hub = hub.client("admin").get(f"/v1/members/{member}").json()
    assert on_hub["strikes"] == 1
    assert [(n["kind"], n["text"], n["by"]) for n in on_hub["notes"]] == [
        ("strike", "Spam links", "moderator"),
        ("note", "Watch their next posts", "moderator"),
    ]
    sync_b.sync()
    seen = post_context(b, second)
    assert seen.strikes == 1
    assert {(n.kind, n.text, n.waiting) for n in seen.notes} == {
        ("strike", "Spam links", False),
        ("note", "Watch their next posts", False),
    }
    assert not any(n.expired() for n in seen.notes)
    kinds = [
        e["kind"]
        for e in hub.client("compliance")
        .get("/v1/archive", params={"limit": 1000})
        .json()["entries"]
        if e["subject_id"] == member
    ]
    assert kinds.count("member_strike") == 1 and kinds.count("member_note") == 1


def test_bulk_removal_while_a_colleague_decides_one_of_the_set(
    hub: HubProcess, two_studios: tuple[Studio, Studio], qtbot
) -> None:
    a, b = two_studios
    _member, posts = member_posts(hub, [f"Advert number {i}" for i in range(5)])
    page_b = focus(b, qtbot)
    sync_now(b, qtbot)
    page_a = focus(a, qtbot)
    sync_now(a, qtbot)
    qtbot.waitUntil(lambda: set(posts) <= set(page_a.model.ids()), timeout=20_000)
    # A marks the five with x (going to each with j/k) and lists them with b.
    for pid in posts:
        while shown_id(page_a) != pid:
            ids = page_a.model.ids()
            key = Qt.Key.Key_J if ids.index(pid) > page_a.current()[0] else Qt.Key.Key_K
            qtbot.keyClick(page_a.table, key)
        qtbot.keyClick(page_a.table, Qt.Key.Key_X)
    chosen = page_a.aside.selected_ids()
    assert sorted(chosen) == sorted(posts)
    qtbot.keyClick(page_a.table, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: page_a.aside.bulk_dialog is not None, timeout=10_000)
    dialog = page_a.aside.bulk_dialog
    qtbot.waitUntil(dialog.isVisible)

    # Meanwhile B approves the fourth one and syncs; A's sync brings it while A looks.
    qtbot.waitUntil(lambda: posts[3] in page_b.model.ids(), timeout=20_000)
    b.tasks.write(lambda: b.workspace.decide_post(posts[3], "approve"))
    activate(b)
    sync_now(b, qtbot)
    assert hub_post(hub, posts[3])["decision"]["by"] == "mo2"
    a.request_sync()  # what F5 does (the dialog is in front of the window)
    qtbot.waitUntil(lambda: posts[3] in dialog.changed, timeout=30_000)
    assert "Decided by mo2 meanwhile" in dialog.list.item(chosen.index(posts[3])).text()

    dialog.reason.setCurrentIndex(0)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    assert dialog.outcome.decided == [pid for pid in chosen if pid != posts[3]]
    assert [left.item.id for left in dialog.outcome.left_out] == [posts[3]]
    assert "“Advert number 3”: approved by mo2 at " in dialog.result.text()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    a.request_sync()
    qtbot.waitUntil(lambda: a.window.status_pending.text() == "All changes synced", timeout=30_000)
    decided = {pid: hub_post(hub, pid)["decision"] for pid in posts}
    assert {pid: (d["by"], d["action"]) for pid, d in decided.items()} == {
        posts[0]: ("moderator", "remove"),
        posts[1]: ("moderator", "remove"),
        posts[2]: ("moderator", "remove"),
        posts[3]: ("mo2", "approve"),
        posts[4]: ("moderator", "remove"),
    }
